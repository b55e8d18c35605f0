//! The application setting: which binary, main package or module of the project the image
//! runs.

use super::error::invalid;
use super::resolver::Resolver;
use super::{Given, SettingsError, Source};
use crate::detect::{App, Project};
use crate::values;

impl Resolver<'_> {
    pub(super) fn app(
        &mut self,
        project: &Project,
        given: Option<&Given<String>>,
        flag: &str,
    ) -> Result<App, SettingsError> {
        let apps = &project.apps;
        if let Some(given) = given {
            let wanted = given.value.trim_start_matches("./").trim_end_matches('/');
            let wanted = if wanted.is_empty() { "." } else { wanted };
            let found = apps.iter().find(|a| a.id == wanted).or_else(|| {
                let by_name: Vec<&App> = apps.iter().filter(|a| a.name == wanted).collect();
                (by_name.len() == 1).then(|| by_name[0])
            });
            let Some(app) = found else {
                let known: Vec<&str> = apps.iter().map(|a| a.id.as_str()).collect();
                return Err(invalid(
                    &given.origin,
                    format!(
                        "{} is not one of the applications found ({})",
                        values::shown(&given.value),
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            };
            self.record(
                "app",
                &app.id,
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(app.clone());
        }
        if apps.is_empty() {
            let why = if project.warnings.is_empty() {
                "no application found".to_string()
            } else {
                // A repository can hold thousands of unusable candidates; name a few.
                const SHOWN: usize = 5;
                let mut why = project.warnings[..project.warnings.len().min(SHOWN)].join("; ");
                if project.warnings.len() > SHOWN {
                    why.push_str(&format!("; and {} more", project.warnings.len() - SHOWN));
                }
                why
            };
            return Err(SettingsError::NoApp {
                language: project.language,
                why,
            });
        }
        let items: Vec<String> = apps.iter().map(|a| a.id.clone()).collect();
        let (index, source) = self.choose(
            "app",
            "Which application should the image run?",
            &items,
            project.preferred_app,
        )?;
        let app = apps[index].clone();
        let reason = match (apps.len(), source) {
            (1, _) => "the only application found".to_string(),
            (_, Source::Answer) => "chosen at the prompt".to_string(),
            _ => {
                let others: Vec<&str> = items
                    .iter()
                    .filter(|i| **i != app.id)
                    .map(String::as_str)
                    .collect();
                format!(
                    "picked from {} candidates because {}; the others are {}; pass {flag} to choose",
                    apps.len(),
                    project.preference_rule,
                    others.join(", ")
                )
            }
        };
        self.record("app", &app.id, source, reason);
        Ok(app)
    }
}
