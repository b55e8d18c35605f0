//! The start command setting, and how a command line is split into exec-form words.

use super::error::invalid;
use super::resolver::Resolver;
use super::{Given, Origin, SettingsError, Source};
use crate::detect::{App, Project};
use crate::plan;

impl Resolver<'_> {
    /// The start command: the override, else an answer that differs from the command the
    /// plan would write anyway; `None` keeps the plan's default.
    pub(super) fn command(
        &mut self,
        project: &Project,
        app: &App,
        port: u16,
        given: Option<&Given<String>>,
    ) -> Result<Option<Vec<String>>, SettingsError> {
        if let Some(given) = given {
            let words = split_command(&given.value).map_err(|r| invalid(&given.origin, r))?;
            self.record(
                "command",
                shell_words::join(&words),
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(Some(words));
        }
        let default = plan::default_command(project, app, port);
        let check = |s: &str| split_command(s).map(|_| ());
        let Some(answer) = self.input(
            "command",
            "Start command (run in exec form)",
            shell_words::join(&default),
            &check,
        )?
        else {
            return Ok(None);
        };
        let words = split_command(&answer).map_err(|r| invalid(&Origin::Flag("command"), r))?;
        if words == default {
            return Ok(None);
        }
        self.record(
            "command",
            shell_words::join(&words),
            Source::Answer,
            "chosen at the prompt",
        );
        Ok(Some(words))
    }
}

/// Splits a start command into words the way a POSIX shell would, without expanding anything.
///
/// # Errors
/// Unbalanced quotes, an empty command or a NUL character.
pub fn split_command(command: &str) -> Result<Vec<String>, String> {
    let words =
        shell_words::split(command).map_err(|_| "the command has an unclosed quote".to_string())?;
    if words.is_empty() || words[0].is_empty() {
        return Err("the command is empty".into());
    }
    if words.iter().any(|w| w.contains('\0')) {
        return Err("the command contains a NUL character".into());
    }
    Ok(words)
}
