//! The Go version go.mod asks for: its toolchain directive, else its go directive, as a
//! minimum.

use crate::detect::gomod::{self, GoMod};
use crate::detect::{Evidence, ManifestError, VersionReq};
use crate::values;

pub(super) fn version_req(module: &GoMod) -> Result<Option<VersionReq>, ManifestError> {
    let (directive, what) = match (&module.toolchain, &module.go) {
        (Some(t), _) => (t, "toolchain"),
        (None, Some(g)) => (g, "go"),
        (None, None) => return Ok(None),
    };
    let version = gomod::major_minor(&directive.value).ok_or_else(|| {
        ManifestError::new(
            "go.mod",
            Some(directive.line),
            format!(
                "{what} directive {} is not a Go version",
                values::shown(&directive.value)
            ),
        )
    })?;
    Ok(Some(VersionReq {
        evidence: Evidence::new(
            "go.mod",
            Some(directive.line),
            format!("{what} {} requires Go {version} or newer", directive.value),
        ),
        version,
        exact: false,
    }))
}
