//! Go private modules: a `.netrc` with credentials, and `GOPRIVATE` set in the files a Go
//! project keeps its environment in (Makefile, .envrc, CI workflows). Either means
//! `go mod download` needs credentials, which the build reads from the `netrc` secret.

use serde::Serialize;

use super::secrets::{self, FoundSecret};
use super::{DetectError, Evidence};
use crate::repo::{self, EntryKind, Tree};
use crate::values;

/// Files searched for a `GOPRIVATE` setting.
const HINT_FILES: &[&str] = &["Makefile", "makefile", "GNUmakefile", ".envrc", "go.env"];
/// CI workflow directories searched as well.
const HINT_DIRS: &[&str] = &[".github/workflows"];
/// Workflow files read per directory at most.
const MAX_HINT_FILES: usize = 50;
const GOPRIVATE_MAX: usize = 512;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoPrivate {
    /// The `GOPRIVATE` patterns found, already validated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goprivate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goprivate_evidence: Option<Evidence>,
    /// A `.netrc` with credentials in the repository.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub netrc: Option<FoundSecret>,
}

/// The value of a `GOPRIVATE=…` / `GOPRIVATE: …` / `export GOPRIVATE ?= …` setting.
fn goprivate_value(line: &str) -> Option<&str> {
    let line = line.trim();
    if line.starts_with('#') {
        return None;
    }
    let at = line.find("GOPRIVATE")?;
    let before = &line[..at];
    if before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let rest = line[at + "GOPRIVATE".len()..].trim_start();
    let rest = ["?=", ":=", "=", ":"]
        .iter()
        .find_map(|op| rest.strip_prefix(op))?
        .trim();
    let value = rest.split_whitespace().next()?;
    Some(value.trim_matches(|c| c == '"' || c == '\''))
}

/// A GOPRIVATE value msb can write: comma-separated module path patterns.
fn check_goprivate(value: &str) -> Result<(), String> {
    if value.is_empty() || value.len() > GOPRIVATE_MAX {
        return Err(format!("it must hold 1 to {GOPRIVATE_MAX} characters"));
    }
    match value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "._~/*,-".contains(*c)))
    {
        Some(c) => Err(format!(
            "it contains {}; module path patterns hold only letters, digits and . _ ~ / * , -",
            values::shown(&c.to_string())
        )),
        None => Ok(()),
    }
}

fn hint_files(tree: &dyn Tree) -> Result<Vec<String>, DetectError> {
    let mut files: Vec<String> = HINT_FILES.iter().map(ToString::to_string).collect();
    for dir in HINT_DIRS {
        let entries = tree.list(dir)?.unwrap_or_default();
        files.extend(
            entries
                .iter()
                .filter(|e| e.kind == EntryKind::File)
                .filter(|e| e.name.ends_with(".yml") || e.name.ends_with(".yaml"))
                .take(MAX_HINT_FILES)
                .map(|e| repo::join(dir, &e.name)),
        );
    }
    Ok(files)
}

/// Finds private-module hints; `None` when there are none.
///
/// # Errors
/// A hint file or `.netrc` that exists but cannot be read.
pub fn detect(
    tree: &dyn Tree,
    warnings: &mut Vec<String>,
) -> Result<Option<GoPrivate>, DetectError> {
    let netrc = secrets::find(tree, "", &secrets::NETRC)?;
    let mut found: Option<(String, Evidence)> = None;
    let mut warned = false;
    'files: for file in hint_files(tree)? {
        if !tree.is_file(&file)? {
            continue;
        }
        let Some(text) = tree.read(&file)? else {
            continue;
        };
        for (index, line) in text.lines().enumerate() {
            let Some(value) = goprivate_value(line) else {
                continue;
            };
            match check_goprivate(value) {
                Ok(()) => {
                    let evidence = Evidence::new(
                        &file,
                        Some(index + 1),
                        format!(
                            "GOPRIVATE={value}: private modules, downloaded with the netrc secret"
                        ),
                    );
                    found = Some((value.to_string(), evidence));
                    break 'files;
                }
                // One warning is enough: a file of hostile lines must not flood the report.
                Err(reason) if !warned => {
                    warned = true;
                    warnings.push(format!(
                        "{}:{}: GOPRIVATE {} ignored: {reason}",
                        values::printable(&file),
                        index + 1,
                        values::shown(value)
                    ));
                }
                Err(_) => {}
            }
        }
    }
    if netrc.is_none() && found.is_none() {
        return Ok(None);
    }
    let (goprivate, goprivate_evidence) = found.unzip();
    Ok(Some(GoPrivate {
        goprivate,
        goprivate_evidence,
        netrc,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    #[test]
    fn goprivate_is_read_from_makefiles_envrc_and_workflows() {
        assert_eq!(
            goprivate_value("export GOPRIVATE ?= github.com/acme/*"),
            Some("github.com/acme/*")
        );
        assert_eq!(
            goprivate_value("GOPRIVATE=\"a.com/x,b.com\" go build"),
            Some("a.com/x,b.com")
        );
        assert_eq!(
            goprivate_value("  GOPRIVATE: git.corp.example/*"),
            Some("git.corp.example/*")
        );
        assert_eq!(goprivate_value("# GOPRIVATE=x"), None);
        assert_eq!(goprivate_value("MY_GOPRIVATE=x"), None);
        let tree = MemTree::new().with(
            ".github/workflows/ci.yml",
            "env:\n  GOPRIVATE: github.com/acme/*\n",
        );
        let mut warnings = Vec::new();
        let p = detect(&tree, &mut warnings).unwrap().unwrap();
        assert_eq!(p.goprivate.as_deref(), Some("github.com/acme/*"));
        assert_eq!(
            p.goprivate_evidence.unwrap().location(),
            ".github/workflows/ci.yml:2"
        );
        assert!(p.netrc.is_none() && warnings.is_empty());
    }

    #[test]
    fn hostile_goprivate_is_ignored_with_one_warning() {
        let tree = MemTree::new().with(".envrc", "export GOPRIVATE=x$(id)\n".repeat(500));
        let mut warnings = Vec::new();
        assert_eq!(detect(&tree, &mut warnings).unwrap(), None);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with(".envrc:1: GOPRIVATE"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_netrc_alone_is_enough() {
        let tree = MemTree::new().with(".netrc", "machine git.example.com login x password y\n");
        let p = detect(&tree, &mut Vec::new()).unwrap().unwrap();
        assert!(p.netrc.is_some() && p.goprivate.is_none());
        assert_eq!(detect(&MemTree::new(), &mut Vec::new()).unwrap(), None);
    }
}
