//! Main packages: where msb looks for them, how a file's package clause is read, the
//! executable name `go build` gives each, and the one `--yes` picks.

use super::GoMain;
use crate::detect::DetectError;
use crate::repo::{self, EntryKind, Tree};
use crate::values;

/// Top-level directories never searched for main packages.
const SKIPPED_DIRS: &[&str] = &[
    "vendor",
    "node_modules",
    "testdata",
    "internal",
    "pkg",
    "target",
    "dist",
    "build",
];

/// Go source files msb reads per package at most.
const MAX_FILES_PER_PACKAGE: usize = 200;

struct Package {
    is_main: bool,
    files: Vec<(String, String)>,
}

/// The package clause of a Go file, or `None` when a build constraint excludes the file
/// from every build (`//go:build ignore`).
fn package_name(text: &str) -> Option<&str> {
    let mut in_block_comment = false;
    for line in text.lines() {
        let line = line.trim();
        if in_block_comment {
            in_block_comment = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_block_comment = !line.contains("*/");
            continue;
        }
        if line == "//go:build ignore" || line == "// +build ignore" {
            return None;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        return line
            .strip_prefix("package")
            .filter(|rest| rest.starts_with(char::is_whitespace))
            .and_then(|rest| rest.split_whitespace().next());
    }
    None
}

fn read_package(tree: &dyn Tree, dir: &str) -> Result<Option<Package>, DetectError> {
    let Some(entries) = tree.list(dir)? else {
        return Ok(None);
    };
    let mut package = Package {
        is_main: false,
        files: Vec::new(),
    };
    let sources = entries.iter().filter(|e| {
        e.kind == EntryKind::File
            && e.name.ends_with(".go")
            && !e.name.ends_with("_test.go")
            && !e.name.starts_with(['.', '_'])
    });
    for entry in sources.take(MAX_FILES_PER_PACKAGE) {
        let path = repo::join(dir, &entry.name);
        let Some(text) = tree.read(&path)? else {
            continue;
        };
        if package_name(&text) == Some("main") {
            package.is_main = true;
            package.files.push((path, text));
        }
    }
    Ok((!package.files.is_empty()).then_some(package))
}

/// The executable name `go build` gives a package: its directory name, or for the module
/// root the last module path element that is not a major-version suffix.
pub(super) fn default_name(module: &str) -> &str {
    let mut parts = module.rsplit('/');
    let last = parts.next().unwrap_or(module);
    let is_major_suffix =
        last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    if is_major_suffix {
        parts.next().unwrap_or(last)
    } else {
        last
    }
}

fn candidate_dirs(tree: &dyn Tree) -> Result<Vec<String>, DetectError> {
    let mut dirs = vec![String::new()];
    if let Some(entries) = tree.list("cmd")? {
        // A link that leaves the repository or loops lists as `Other`; listing it again
        // turns it into the error that names it, instead of silently skipping a command.
        for entry in entries.iter().filter(|e| e.kind == EntryKind::Other) {
            tree.list(&repo::join("cmd", &entry.name))?;
        }
        dirs.extend(
            entries
                .iter()
                .filter(|e| e.kind == EntryKind::Dir)
                .map(|e| repo::join("cmd", &e.name)),
        );
    }
    let top = tree.list("")?.unwrap_or_default();
    for entry in top.iter().filter(|e| e.kind == EntryKind::Dir) {
        let name = entry.name.as_str();
        if name.starts_with(['.', '_']) || SKIPPED_DIRS.contains(&name) {
            continue;
        }
        if tree.is_file(&repo::join(name, "main.go"))? {
            dirs.push(name.to_string());
        }
    }
    dirs.sort();
    Ok(dirs)
}

pub(super) struct Found {
    pub(super) mains: Vec<GoMain>,
    pub(super) sources: Vec<Vec<(String, String)>>,
    pub(super) warnings: Vec<String>,
}

pub(super) fn find_mains(tree: &dyn Tree, module: &str) -> Result<Found, DetectError> {
    let mut found = Found {
        mains: Vec::new(),
        sources: Vec::new(),
        warnings: Vec::new(),
    };
    for dir in candidate_dirs(tree)? {
        let Some(package) = read_package(tree, &dir)? else {
            continue;
        };
        if !package.is_main {
            continue;
        }
        let name = if dir.is_empty() {
            default_name(module)
        } else {
            dir.rsplit('/').next().unwrap_or(&dir)
        };
        let field_ok = values::check_name(name).and_then(|()| {
            if dir.is_empty() {
                Ok(())
            } else {
                values::check_rel_path(&dir)
            }
        });
        if let Err(reason) = field_ok {
            let (place, source) = if dir.is_empty() {
                ("go.mod".to_string(), "the module path")
            } else {
                (values::shown(&dir), "its directory")
            };
            found.warnings.push(format!(
                "{place}: main package skipped: the executable name {} taken from {source} cannot be used: {reason}",
                values::shown(name)
            ));
            continue;
        }
        found.mains.push(GoMain {
            dir: dir.clone(),
            name: name.to_string(),
            files: package.files.iter().map(|(p, _)| p.clone()).collect(),
        });
        found.sources.push(package.files);
    }
    Ok(found)
}

pub(super) const PREFERENCE_RULE: &str = "the main package at the module root comes first, then cmd/<module name>, then the first in alphabetical order";

pub(super) fn preferred(mains: &[GoMain], module_name: &str) -> usize {
    mains
        .iter()
        .position(|m| m.dir.is_empty())
        .or_else(|| {
            mains
                .iter()
                .position(|m| m.dir == format!("cmd/{module_name}"))
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_clause_skips_comments_and_constraints() {
        assert_eq!(
            package_name("/* a\n b */\n// c\npackage main\n"),
            Some("main")
        );
        assert_eq!(package_name("//go:build ignore\npackage main\n"), None);
        assert_eq!(package_name("packagemain\n"), None);
    }
}
