//! Detection: a repository view in, typed facts with their evidence out. One detector per
//! language; each decides its facts once. Detection never prints, exits or writes.

mod cargo_linker;
mod cargo_manifest;
mod glob;
mod go;
mod go_embed;
mod go_private;
mod gomod;
mod gradle;
mod gradle_catalog;
mod gradle_conventions;
mod gradle_settings;
mod java;
mod java_gradle;
mod java_maven;
mod java_quarkus;
mod maven;
mod maven_profile;
mod nearby;
pub mod node;
mod port;
mod pyapp;
mod pydjango;
mod pydjango_env;
mod pymanager;
mod pymember;
mod pyport;
mod pyprocfile;
mod pyproject;
mod pyscript;
mod python;
mod pyversion;
mod requirements;
mod rust;
mod rust_includes;
pub mod secrets;
mod spring_port;
mod xml;

use serde::Serialize;

pub use go::{GoFacts, GoMain};
pub use go_private::GoPrivate;
pub use java::{BuildTool, JavaFacts, JavaModule, Launch};
pub use java_maven::describe as java_launch_note;
pub use node::NodeFacts;
pub use port::PortScan;
pub use pyapp::PyEntry;
pub use pydjango::Django;
pub use python::{PackageManager, PythonFacts};
pub use rust::{RustBin, RustFacts, Toolchain};

use crate::language::Language;
use crate::repo::{RepoError, Tree};
use crate::values::UnsafeValue;

/// One finding and where it came from: `file[:line] → conclusion`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub conclusion: String,
}

impl Evidence {
    #[must_use]
    pub fn new(file: &str, line: Option<usize>, conclusion: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line,
            conclusion: conclusion.into(),
        }
    }

    /// `file` or `file:line`.
    #[must_use]
    pub fn location(&self) -> String {
        location(&self.file, self.line)
    }
}

/// A manifest that exists but cannot be understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}: {}", location(file, *line), crate::values::one_line(message))]
pub struct ManifestError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

fn location(file: &str, line: Option<usize>) -> String {
    let file = crate::values::printable(file);
    match line {
        Some(line) => format!("{file}:{line}"),
        None => file,
    }
}

impl ManifestError {
    #[must_use]
    pub fn new(file: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }

    /// A JSON file that does not parse. serde_json puts an error at a line break (an
    /// unterminated string) at column 0 of the next line; it belongs to the line it ends.
    #[must_use]
    pub fn json(file: &str, e: &serde_json::Error) -> Self {
        let line = if e.column() == 0 && e.line() > 1 {
            e.line() - 1
        } else {
            e.line()
        };
        Self::new(file, Some(line), format!("not valid JSON: {e}"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DetectError {
    #[error(transparent)]
    Repo(#[from] RepoError),
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    Unsafe(#[from] UnsafeValue),
    /// A valid layout msb cannot build (a Go workspace without a root module), named by the
    /// file that shows it.
    #[error(transparent)]
    Unsupported(ManifestError),
}

/// A language version the project asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionReq {
    /// `major.minor[.patch]`, already validated.
    pub version: String,
    /// Whether the project pins this exact version or only requires at least it.
    pub exact: bool,
    pub evidence: Evidence,
}

/// Something a project can build and run: a Go main package, a Rust binary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct App {
    /// What `--main`/`--bin` takes to choose it.
    pub id: String,
    /// The executable's name, already validated.
    pub name: String,
    pub port: PortScan,
}

/// The facts one language detector established.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "language", rename_all = "lowercase")]
pub enum Facts {
    Go(GoFacts),
    Rust(RustFacts),
    Java(JavaFacts),
    Python(PythonFacts),
    Node(Box<NodeFacts>),
}

/// One detected project: a language, its facts and the evidence for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    pub language: Language,
    /// The language's manifest files present in the project directory, in the language's
    /// order (`pom.xml`, not every file a Java build could have).
    pub manifests: Vec<String>,
    pub facts: Facts,
    pub apps: Vec<App>,
    /// Index into `apps` of the one `--yes` takes, and the rule that chose it.
    pub preferred_app: usize,
    pub preference_rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<VersionReq>,
    pub evidence: Vec<Evidence>,
    pub warnings: Vec<String>,
}

/// Everything detection found in a repository, ordered by language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detection {
    pub projects: Vec<Project>,
    /// When the directory holds no project: manifests one directory down, as
    /// `dir/manifest`, so the error can say where to point msb.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nearby: Vec<String>,
}

impl Detection {
    #[must_use]
    pub fn find(&self, language: Language) -> Option<&Project> {
        self.projects.iter().find(|p| p.language == language)
    }
}

/// Runs the language detectors over the tree: all of them, or only `only`'s (for `--lang`,
/// so an unrelated broken manifest does not stand in the way).
///
/// # Errors
/// Any manifest that exists but cannot be read or parsed is an error: a broken manifest is
/// never taken for "no project".
pub fn detect(tree: &dyn Tree, only: Option<Language>) -> Result<Detection, DetectError> {
    detect_at(tree, "", only)
}

/// Like [`detect`], for the project in `dir` of a build context that is larger than the
/// project: a member of a Node.js workspace whose root is the tree's root. Only Node.js
/// has such projects, so only its detector runs then.
///
/// # Errors
/// As [`detect`].
pub fn detect_at(
    tree: &dyn Tree,
    dir: &str,
    only: Option<Language>,
) -> Result<Detection, DetectError> {
    if !dir.is_empty() {
        let projects = match only {
            None | Some(Language::Node) => node::detect_at(tree, dir)?.into_iter().collect(),
            Some(_) => Vec::new(),
        };
        return Ok(Detection {
            projects,
            nearby: Vec::new(),
        });
    }
    let mut projects = Vec::new();
    for language in Language::ALL
        .iter()
        .filter(|l| only.is_none_or(|o| o == **l))
    {
        let found = match language {
            Language::Go => go::detect(tree)?,
            Language::Rust => rust::detect(tree)?,
            Language::Java => java::detect(tree)?,
            Language::Python => python::detect(tree)?,
            Language::Node => node::detect(tree)?,
        };
        projects.extend(found);
    }
    let nearby = if projects.is_empty() {
        nearby::manifests_one_level_down(tree)
    } else {
        Vec::new()
    };
    Ok(Detection { projects, nearby })
}

/// The language's manifest files present in `dir`.
pub(crate) fn manifests_in(
    tree: &dyn Tree,
    dir: &str,
    language: Language,
) -> Result<Vec<String>, DetectError> {
    let mut found = Vec::new();
    for name in language.manifests() {
        let path = crate::repo::join(dir, name);
        if tree.is_file(&path)? {
            found.push(path);
        }
    }
    Ok(found)
}

/// The 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}
