//! The build stages of a Node.js image as data: each step is one instruction, already made
//! of fixed words, validated paths and quoted values, so the template only prints it.

use serde::Serialize;

use crate::plan::EnvVar;
use crate::quote::Fragment;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeStage {
    pub name: &'static str,
    /// An image, or an earlier stage.
    pub from: String,
    /// Runs on `$BUILDPLATFORM`: only stages whose output is platform-neutral.
    pub cross: bool,
    pub steps: Vec<NodeStep>,
}

/// `COPY <sources> <dest>` from the build context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyStep {
    pub sources: Vec<Fragment>,
    pub dest: Fragment,
}

/// `RUN <mounts> <commands joined by &&>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunStep {
    pub mounts: Vec<Fragment>,
    pub commands: Vec<Fragment>,
}

/// One instruction, with the comment lines above it. Exactly one of the fields is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NodeStep {
    pub comments: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workdir: Option<Fragment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<EnvVar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy: Option<CopyStep>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<RunStep>,
}

impl NodeStep {
    #[must_use]
    pub fn workdir(dir: &str) -> Self {
        Self {
            workdir: Some(Fragment::validated(dir)),
            ..Self::default()
        }
    }

    #[must_use]
    pub fn env(name: &'static str, value: &'static str) -> Self {
        Self {
            env: Some(EnvVar {
                name,
                value: Fragment::fixed(value),
            }),
            ..Self::default()
        }
    }

    /// A COPY of validated context paths.
    #[must_use]
    pub fn copy(sources: &[String], dest: &str) -> Self {
        Self {
            copy: Some(CopyStep {
                sources: sources.iter().map(|s| Fragment::validated(s)).collect(),
                dest: Fragment::validated(dest),
            }),
            ..Self::default()
        }
    }

    /// A RUN whose mounts and commands are built from fixed words and validated values.
    #[must_use]
    pub fn run(mounts: &[String], commands: &[String]) -> Self {
        Self {
            run: Some(RunStep {
                mounts: mounts.iter().map(|m| Fragment::validated(m)).collect(),
                commands: commands.iter().map(|c| Fragment::validated(c)).collect(),
            }),
            ..Self::default()
        }
    }

    #[must_use]
    pub fn with_comments(mut self, comments: &[impl AsRef<str>]) -> Self {
        self.comments = comments.iter().map(|c| c.as_ref().to_string()).collect();
        self
    }
}
