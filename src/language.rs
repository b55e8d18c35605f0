//! The languages msb supports and the runtime bases a user can pick.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Go,
    Rust,
    Node,
}

impl Language {
    pub const ALL: &'static [Language] = &[Language::Go, Language::Rust, Language::Node];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Go => "go",
            Language::Rust => "rust",
            Language::Node => "node",
        }
    }

    #[must_use]
    pub fn display_name(self) -> &'static str {
        match self {
            Language::Go => "Go",
            Language::Rust => "Rust",
            Language::Node => "Node.js",
        }
    }

    /// The runtime base used when neither a flag nor msb.toml chooses one (and the project
    /// can use it).
    #[must_use]
    pub fn default_runtime(self) -> Runtime {
        match self {
            Language::Go | Language::Rust => Runtime::Distroless,
            Language::Node => Runtime::Slim,
        }
    }

    /// The manifest files whose presence marks a project of this language.
    #[must_use]
    pub fn manifests(self) -> &'static [&'static str] {
        match self {
            Language::Go => &["go.mod"],
            Language::Rust => &["Cargo.toml"],
            Language::Node => &["package.json"],
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The base of the final image.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Runtime {
    /// Google distroless: no shell, no package manager, runs as uid 65532.
    Distroless,
    /// Debian slim: glibc, a shell and apt; msb creates uid 10001.
    Slim,
    /// Alpine: musl and busybox; msb creates uid 10001.
    Alpine,
    /// An empty image: only the static binary and the files msb copies in.
    Scratch,
}

impl Runtime {
    pub const ALL: &'static [Runtime] = &[
        Runtime::Distroless,
        Runtime::Slim,
        Runtime::Alpine,
        Runtime::Scratch,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Distroless => "distroless",
            Runtime::Slim => "slim",
            Runtime::Alpine => "alpine",
            Runtime::Scratch => "scratch",
        }
    }
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
