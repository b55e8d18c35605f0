//! The port setting: an override, an answer, the port found in the code, or the
//! conventional default.

use super::error::invalid;
use super::resolver::Resolver;
use super::{Given, Origin, SettingsError, Source};
use crate::detect::{App, Project};
use crate::language::Language;
use crate::values;

impl Resolver<'_> {
    pub(super) fn port(
        &mut self,
        app: &App,
        (language_default, default_reason): (u16, String),
        given: Option<&Given<u16>>,
    ) -> Result<u16, SettingsError> {
        if let Some(given) = given {
            if given.value == 0 {
                return Err(invalid(&given.origin, "0 is not a port number (1-65535)"));
            }
            self.record(
                "port",
                given.value,
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(given.value);
        }
        let (port, source, reason) = match (app.port.port, app.port.evidence.first()) {
            (Some(port), Some(e)) if e.line.is_none() => (
                port,
                Source::Detected,
                format!("{} ({})", e.conclusion, e.location()),
            ),
            (Some(port), Some(e)) => (
                port,
                Source::Detected,
                format!("literal listen address at {}", e.location()),
            ),
            _ if !app.port.ambiguous.is_empty() => {
                let found: Vec<String> = app.port.ambiguous.iter().map(u16::to_string).collect();
                (
                    language_default,
                    Source::Default,
                    format!(
                        "several ports in the code ({}); pass --port",
                        found.join(", ")
                    ),
                )
            }
            _ => (language_default, Source::Default, default_reason),
        };
        let check = |s: &str| values::parse_port(s).map(|_| ());
        if let Some(answer) = self.input(
            "port",
            "Port the application listens on",
            port.to_string(),
            &check,
        )? {
            let value =
                values::parse_port(&answer).map_err(|r| invalid(&Origin::Flag("port"), r))?;
            self.record("port", value, Source::Answer, "chosen at the prompt");
            return Ok(value);
        }
        self.record("port", port, source, reason);
        Ok(port)
    }
}

/// The port a project listens on when its code does not say, and why.
pub(super) fn project_default_port(project: &Project) -> (u16, String) {
    match &project.facts {
        crate::detect::Facts::Node(node) => crate::detect::node::default_port(node),
        _ => (
            default_port(project.language),
            "no literal listen address in the code; the conventional default".into(),
        ),
    }
}

/// The conventional port for a language when the code does not say.
#[must_use]
pub fn default_port(language: Language) -> u16 {
    match language {
        Language::Go | Language::Rust | Language::Java => 8080,
        Language::Python => 8000,
        Language::Node => 3000,
    }
}
