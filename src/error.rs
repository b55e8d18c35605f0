//! The error a command ends with: one variant per layer, each with its exit code and a hint.

use crate::config::ConfigError;
use crate::detect::DetectError;
use crate::output::OutputError;
use crate::plan::PlanError;
use crate::render::RenderError;
use crate::render::templates::TemplateDirError;
use crate::repo::OpenError;
use crate::settings::SettingsError;
use crate::settings::prompt::PromptError;

/// The exit code of a run the user cancelled at a prompt (Esc, `q` or Ctrl-C), as a shell
/// reports a program ended by Ctrl-C.
pub const CANCELLED: u8 = 130;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Detect(#[from] DetectError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Templates(#[from] TemplateDirError),
    #[error(transparent)]
    Prompt(#[from] PromptError),
}

impl Error {
    /// 2 for a bad command-line value, 130 for a cancelled prompt, 1 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Settings(e) if e.is_usage() => 2,
            Error::Settings(SettingsError::Prompt(PromptError::Cancelled))
            | Error::Prompt(PromptError::Cancelled) => CANCELLED,
            _ => 1,
        }
    }

    /// What to do about it.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Settings(e) => e.hint(),
            Error::Output(e) => e.hint().map(str::to_string),
            Error::Detect(DetectError::Unsafe(_)) => Some(
                "msb refuses values it cannot write safely; rename it, or choose another application with --main/--bin".into(),
            ),
            Error::Detect(DetectError::Unsupported(_)) => Some(
                "the file is valid, but msb cannot build this layout; the message says which layouts it can".into(),
            ),
            Error::Detect(DetectError::Manifest(_)) => {
                Some("fix the file; msb never guesses around a broken manifest".into())
            }
            Error::Config(_) => Some(
                "fix the file; its keys and their types are listed in msb's README (msb.toml)"
                    .into(),
            ),
            Error::Templates(TemplateDirError::Open { .. }) => {
                Some("write the templates there with `msb templates export DIR`".into())
            }
            Error::Render(_) | Error::Templates(_) => Some(
                "fix the template (from --templates or msb.toml), or remove it from that directory to use the embedded one"
                    .into(),
            ),
            _ => None,
        }
    }
}
