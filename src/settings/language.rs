//! The language setting: which detected project the image builds.

use super::resolver::Resolver;
use super::{Given, SettingsError, Source};
use crate::detect::{Detection, Project};
use crate::language::Language;

impl Resolver<'_> {
    pub(super) fn language<'d>(
        &mut self,
        detection: &'d Detection,
        given: Option<&Given<Language>>,
    ) -> Result<&'d Project, SettingsError> {
        if let Some(given) = given {
            let project =
                detection
                    .find(given.value)
                    .ok_or_else(|| SettingsError::LanguageAbsent {
                        language: given.value,
                        manifests: given.value.manifests().join(" or "),
                    })?;
            self.record(
                "language",
                given.value,
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(project);
        }
        let projects = &detection.projects;
        if projects.is_empty() {
            let looked: Vec<&str> = Language::ALL
                .iter()
                .flat_map(|l| l.manifests())
                .copied()
                .collect();
            return Err(SettingsError::NoProject {
                looked: looked.join(", "),
                nearby: detection.nearby.clone(),
            });
        }
        let default = projects
            .iter()
            .position(|p| !p.apps.is_empty())
            .unwrap_or(0);
        let items: Vec<String> = projects
            .iter()
            .map(|p| format!("{} ({})", p.language.display_name(), p.manifests.join(", ")))
            .collect();
        let (index, source) = self.choose(
            "language",
            "Which language should the image build?",
            &items,
            default,
        )?;
        let project = &projects[index];
        let reason = if projects.len() == 1 {
            format!("the only project found ({})", project.manifests.join(", "))
        } else if source == Source::Answer {
            "chosen at the prompt".into()
        } else {
            let others: Vec<&str> = projects
                .iter()
                .filter(|p| p.language != project.language)
                .map(|p| p.language.as_str())
                .collect();
            format!(
                "several languages found (also {}); the first with something to run in msb's order {} was picked; pass --lang to choose",
                others.join(", "),
                Language::ALL
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.record("language", project.language, source, reason);
        Ok(project)
    }
}
