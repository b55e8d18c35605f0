//! Which files may hold a Python application: fixed names at the root and inside candidate
//! packages (`app`, `api`, `src`, the project's own package, importable top-level packages),
//! and the root scripts run directly as a last resort.

use std::collections::BTreeSet;

use super::is_identifier;
use crate::detect::DetectError;
use crate::repo::{self, Tree};

/// Files at the root and inside a candidate package that may hold the application.
const ROOT_FILES: &[&str] = &[
    "main.py",
    "app.py",
    "server.py",
    "api.py",
    "application.py",
    "asgi.py",
    "wsgi.py",
    "run.py",
];
const PACKAGE_FILES: &[&str] = &[
    "main.py",
    "app.py",
    "server.py",
    "api.py",
    "application.py",
    "asgi.py",
    "wsgi.py",
    "__init__.py",
];
/// Root scripts that may be run directly, as a last resort.
pub(super) const SCRIPT_FILES: &[&str] = &[
    "main.py",
    "app.py",
    "server.py",
    "run.py",
    "bot.py",
    "worker.py",
    "cli.py",
];

/// Most top-level packages msb looks into.
const MAX_TOP_PACKAGES: usize = 16;
/// Top-level directories that are never the application.
const NOT_APP_DIRS: &[&str] = &[
    "tests",
    "test",
    "docs",
    "doc",
    "scripts",
    "migrations",
    "venv",
    "node_modules",
    "build",
    "dist",
    "target",
];

/// Directories in `dir` (the root or `src`) that are Python packages (hold `__init__.py`),
/// as paths.
pub(super) fn top_packages(tree: &dyn Tree, dir: &str) -> Result<Vec<String>, DetectError> {
    let mut out = Vec::new();
    for entry in tree.list(dir)?.unwrap_or_default() {
        if out.len() == MAX_TOP_PACKAGES {
            break;
        }
        let name = entry.name.as_str();
        if entry.kind == repo::EntryKind::Dir
            && is_identifier(name)
            && !name.starts_with('_')
            && !NOT_APP_DIRS.contains(&name)
            && tree.is_file(&repo::join(&repo::join(dir, name), "__init__.py"))?
        {
            out.push(repo::join(dir, name));
        }
    }
    Ok(out)
}

/// The candidate files in the order they are read: root files, then each package's files, then
/// the root modules that may build the application.
pub(super) fn files(package: Option<&str>, top: &[String], root_modules: &[String]) -> Vec<String> {
    let mut packages = vec![
        "app".to_string(),
        "api".to_string(),
        "src".to_string(),
        "src/app".to_string(),
    ];
    if let Some(p) = package {
        packages.push(p.to_string());
        packages.push(format!("src/{p}"));
    }
    packages.extend(top.iter().cloned());
    let mut seen = BTreeSet::new();
    let mut files: Vec<String> = ROOT_FILES.iter().map(ToString::to_string).collect();
    for dir in packages {
        if seen.insert(dir.clone()) {
            files.extend(PACKAGE_FILES.iter().map(|f| repo::join(&dir, f)));
        }
    }
    for module in root_modules {
        if !files.contains(module) {
            files.push(module.clone());
        }
    }
    files
}
