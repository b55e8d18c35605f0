//! The Rust version a project asks for: a toolchain file's pinned release, else the highest
//! `rust-version` of its packages as a minimum.

use super::Toolchain;
use super::workspace::Loaded;
use crate::detect::cargo_manifest::{Inheritable, Manifest};
use crate::detect::{DetectError, Evidence, ManifestError, VersionReq};
use crate::repo::Tree;
use crate::values;

pub(super) fn version_of(entry: &Loaded, root: &Manifest) -> Option<String> {
    match entry.manifest.package.as_ref()?.rust_version.as_ref()? {
        Inheritable::Value(v) => Some(v.clone()),
        Inheritable::Workspace(_) => root
            .workspace
            .as_ref()?
            .package
            .as_ref()?
            .rust_version
            .clone(),
    }
}

pub(super) fn numeric_key(version: &str) -> Vec<u32> {
    version.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

pub(super) fn read_toolchain(tree: &dyn Tree) -> Result<Option<Toolchain>, DetectError> {
    for file in ["rust-toolchain.toml", "rust-toolchain"] {
        let Some(text) = tree.read(file)? else {
            continue;
        };
        let trimmed = text.trim();
        let channel = if file.ends_with(".toml") || trimmed.starts_with('[') {
            let table: toml::Table = toml::from_str(&text).map_err(|e| {
                ManifestError::new(
                    file,
                    e.span().map(|s| crate::detect::line_of(&text, s.start)),
                    e.message().trim().to_string(),
                )
            })?;
            table
                .get("toolchain")
                .and_then(|t| t.get("channel"))
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        } else {
            Some(trimmed.to_string())
        };
        if let Some(channel) = channel {
            return Ok(Some(Toolchain {
                file: file.into(),
                channel,
            }));
        }
    }
    Ok(None)
}

/// The version requirement: an exact toolchain pin, else `min_version` (the highest
/// `rust-version` and the manifest that states it) as a minimum.
pub(super) fn requirement(
    toolchain: Option<&Toolchain>,
    min_version: Option<(String, String)>,
    warnings: &mut Vec<String>,
) -> Option<VersionReq> {
    match (toolchain, min_version) {
        (Some(t), _) if values::check_version(&t.channel).is_ok() => Some(VersionReq {
            version: t.channel.clone(),
            exact: true,
            evidence: Evidence::new(&t.file, None, format!("toolchain pinned to {}", t.channel)),
        }),
        (Some(t), fallback) => {
            if t.channel != "stable" {
                warnings.push(format!(
                    "{}: channel {} has no official rust image; the build uses stable and rustup may download {} during the build",
                    t.file, values::shown(&t.channel), values::shown(&t.channel)
                ));
            }
            fallback.and_then(|(v, file)| minimum(&v, &file))
        }
        (None, fallback) => fallback.and_then(|(v, file)| minimum(&v, &file)),
    }
}

fn minimum(version: &str, file: &str) -> Option<VersionReq> {
    let short: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
    values::check_version(&short).ok()?;
    Some(VersionReq {
        evidence: Evidence::new(
            file,
            None,
            format!("rust-version {version}: requires Rust {short} or newer"),
        ),
        version: short,
        exact: false,
    })
}
