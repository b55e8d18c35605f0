//! The Cargo features setting: extra features the Rust binary is built with, checked
//! against the features its package declares.

use super::error::invalid;
use super::resolver::Resolver;
use super::{Given, SettingsError, Source};
use crate::detect::{App, Facts, Project};
use crate::values;

impl Resolver<'_> {
    /// The features the user asked for, each checked; empty when none were given.
    pub(super) fn features(
        &mut self,
        project: &Project,
        app: &App,
        given: Option<&Given<Vec<String>>>,
    ) -> Result<Vec<String>, SettingsError> {
        let Some(given) = given else {
            return Ok(Vec::new());
        };
        let Facts::Rust(facts) = &project.facts else {
            return Err(invalid(
                &given.origin,
                "features are Cargo features and apply to Rust projects only",
            ));
        };
        if given.value.is_empty() {
            return Err(invalid(&given.origin, "no feature named"));
        }
        let declared = facts
            .binary(app)
            .map(|b| (b.package.as_str(), b.package_features.as_slice()));
        let mut features: Vec<String> = Vec::new();
        for feature in &given.value {
            values::check_feature(feature).map_err(|reason| invalid(&given.origin, reason))?;
            if let Some((package, names)) = declared
                && !feature.contains('/')
                && !names.contains(feature)
            {
                return Err(invalid(
                    &given.origin,
                    format!(
                        "package {package} has no feature `{feature}`; it declares {}",
                        list(names)
                    ),
                ));
            }
            if !features.contains(feature) {
                features.push(feature.clone());
            }
        }
        self.record(
            "features",
            features.join(","),
            Source::of(&given.origin),
            given.origin.to_string(),
        );
        Ok(features)
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
