//! Why settings could not be resolved, with the hint printed beside each error.

use super::Origin;
use super::prompt::PromptError;
use crate::language::Language;
use crate::values;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("{origin}: {reason}")]
    Invalid { origin: Origin, reason: String },
    #[error("no supported project found; looked for {looked}")]
    NoProject { looked: String, nearby: Vec<String> },
    #[error("--lang {language}: no {manifests} found")]
    LanguageAbsent {
        language: Language,
        manifests: String,
    },
    #[error("{language} project has nothing to run: {why}")]
    NoApp { language: Language, why: String },
    #[error(transparent)]
    Prompt(#[from] PromptError),
}

impl SettingsError {
    /// True when the error is a bad command-line value (exit code 2).
    #[must_use]
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SettingsError::Invalid {
                origin: Origin::Flag(_),
                ..
            }
        )
    }

    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            SettingsError::NoProject { nearby, .. } => Some(match nearby.first() {
                Some(first) => {
                    let dir = first.split_once('/').map_or(first.as_str(), |(d, _)| d);
                    format!(
                        "found {} one directory down: point msb at the project, e.g. msb init {}",
                        values::printable(&nearby.join(", ")),
                        values::printable(dir)
                    )
                }
                None => "pass --lang to say which language the project is".into(),
            }),
            SettingsError::NoApp {
                language: Language::Go,
                ..
            } => Some("pass --main with the directory of the main package".into()),
            SettingsError::NoApp {
                language: Language::Rust,
                ..
            } => Some("add a binary target (src/main.rs or [[bin]])".into()),
            SettingsError::NoApp {
                language: Language::Java,
                ..
            } => Some("give the module a main class, Spring Boot, or the application plugin; or pass --module".into()),
            SettingsError::NoApp {
                language: Language::Python,
                ..
            } => Some("pass --cmd with the start command, or --main with module:object".into()),
            SettingsError::NoApp {
                language: Language::Node,
                ..
            } => Some(
                "add a start script `node FILE` or a main field, or pass --cmd \"node FILE\""
                    .into(),
            ),
            _ => None,
        }
    }
}

pub(super) fn invalid(origin: &Origin, reason: impl Into<String>) -> SettingsError {
    SettingsError::Invalid {
        origin: origin.clone(),
        reason: reason.into(),
    }
}
