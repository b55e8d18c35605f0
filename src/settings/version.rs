//! The builder version setting: an override, an answer, or the project's requirement
//! weighed against msb's default.

use super::error::invalid;
use super::resolver::Resolver;
use super::{Given, SettingsError, Source};
use crate::detect::VersionReq;
use crate::language::{Language, Runtime};
use crate::plan::images;
use crate::values;

impl Resolver<'_> {
    pub(super) fn version(
        &mut self,
        language: Language,
        req: Option<&VersionReq>,
        given: Option<&Given<String>>,
        runtime: Option<Runtime>,
    ) -> Result<String, SettingsError> {
        if let Some(given) = given {
            values::check_version(&given.value).map_err(|r| invalid(&given.origin, r))?;
            self.record(
                "version",
                &given.value,
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(given.value.clone());
        }
        let (version, source, reason) = detected_version(language, req, runtime);
        if let Some(answer) = self.input(
            "version",
            &format!("{} version for the builder", language.display_name()),
            version.clone(),
            &values::check_version,
        )? {
            self.record("version", &answer, Source::Answer, "chosen at the prompt");
            return Ok(answer);
        }
        self.record("version", &version, source, reason);
        Ok(version)
    }
}

fn version_key(version: &str) -> Vec<u32> {
    version.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The builder version: an exact pin as written; a minimum raised to the current default
/// when the default is newer, since the newest release builds everything older ones do.
fn detected_version(
    language: Language,
    req: Option<&VersionReq>,
    runtime: Option<Runtime>,
) -> (String, Source, String) {
    let default = images::default_version_for(language, runtime);
    match req {
        Some(req) if req.exact => (
            req.version.clone(),
            Source::Detected,
            req.evidence.location(),
        ),
        Some(req) if version_key(&req.version) > version_key(default) => (
            req.version.clone(),
            Source::Detected,
            format!(
                "{}: the project needs a newer release than msb's default {default}",
                req.evidence.location()
            ),
        ),
        Some(req) => (
            default.to_string(),
            Source::Default,
            format!(
                "{} asks for {} or newer; {default} is {}",
                req.evidence.location(),
                req.version,
                images::default_version_note(language, runtime)
            ),
        ),
        None => (
            default.to_string(),
            Source::Default,
            format!(
                "the project names no version; {}",
                images::default_version_note(language, runtime)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_minimums_are_raised_and_pins_kept() {
        let req = |v: &str, exact| VersionReq {
            version: v.into(),
            exact,
            evidence: crate::detect::Evidence::new("go.mod", Some(3), "x"),
        };
        assert_eq!(
            detected_version(Language::Go, Some(&req("1.22", false)), None).0,
            "1.27"
        );
        assert_eq!(
            detected_version(Language::Go, Some(&req("1.30", false)), None).0,
            "1.30"
        );
        assert_eq!(
            detected_version(Language::Rust, Some(&req("1.80.1", true)), None).0,
            "1.80.1"
        );
        assert_eq!(detected_version(Language::Rust, None, None).0, "1.99");
    }
}
