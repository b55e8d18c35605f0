//! The error a command ends with: one variant per layer, each with its exit code and a hint.

use crate::detect::DetectError;
use crate::output::OutputError;
use crate::plan::PlanError;
use crate::render::RenderError;
use crate::repo::OpenError;
use crate::settings::SettingsError;

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
}

impl Error {
    /// 2 for a bad command-line value, 1 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Settings(e) if e.is_usage() => 2,
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
            Error::Detect(DetectError::Manifest(_)) => {
                Some("fix the file; msb never guesses around a broken manifest".into())
            }
            _ => None,
        }
    }
}
