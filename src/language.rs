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
    Java,
    Python,
    Node,
}

impl Language {
    pub const ALL: &'static [Language] = &[
        Language::Go,
        Language::Rust,
        Language::Java,
        Language::Python,
        Language::Node,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Go => "go",
            Language::Rust => "rust",
            Language::Java => "java",
            Language::Python => "python",
            Language::Node => "node",
        }
    }

    #[must_use]
    pub fn display_name(self) -> &'static str {
        match self {
            Language::Go => "Go",
            Language::Rust => "Rust",
            Language::Java => "Java",
            Language::Python => "Python",
            Language::Node => "Node.js",
        }
    }

    /// The manifest files whose presence marks a project of this language.
    #[must_use]
    pub fn manifests(self) -> &'static [&'static str] {
        match self {
            Language::Go => &["go.mod"],
            Language::Rust => &["Cargo.toml"],
            Language::Java => &[
                "pom.xml",
                "build.gradle",
                "build.gradle.kts",
                "settings.gradle",
                "settings.gradle.kts",
            ],
            Language::Python => &["pyproject.toml", "requirements.txt", "Pipfile"],
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
    /// The JDK vendor's JRE image (Eclipse Temurin on Ubuntu); msb creates uid 10001.
    Jre,
}

impl Runtime {
    pub const ALL: &'static [Runtime] = &[
        Runtime::Distroless,
        Runtime::Slim,
        Runtime::Alpine,
        Runtime::Scratch,
        Runtime::Jre,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Distroless => "distroless",
            Runtime::Slim => "slim",
            Runtime::Alpine => "alpine",
            Runtime::Scratch => "scratch",
            Runtime::Jre => "jre",
        }
    }
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
