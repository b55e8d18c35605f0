//! The record of a resolved setting: its value, where it came from and why.

use serde::Serialize;

use super::Origin;

/// Where a resolved value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Flag,
    Config,
    Answer,
    Detected,
    Default,
}

impl Source {
    pub(super) fn of(origin: &Origin) -> Self {
        match origin {
            Origin::Flag(_) => Source::Flag,
            Origin::Config { .. } => Source::Config,
        }
    }
}

/// One resolved setting and why it has its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub setting: &'static str,
    pub value: String,
    pub source: Source,
    pub reason: String,
}
