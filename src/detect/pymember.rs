//! Members of a virtual uv workspace: a root `pyproject.toml` with `[tool.uv.workspace]` and
//! no `[project]` (the FastAPI full-stack template: the application lives in `backend/`).
//! `uv sync` at such a root installs every member, so an application found in a member is
//! started with the member's directory on the import path (`--app-dir backend`).

use std::collections::BTreeSet;

use super::glob::glob_match;
use super::pyapp::{self, Found, PyEntry};
use super::pyproject::{self, PyProject};
use super::{DetectError, VersionReq, pyversion};
use crate::repo::{self, DirEntry, EntryKind, RepoError, Tree};
use crate::values;

/// Most members msb looks into.
const MAX_MEMBERS: usize = 32;

/// A directory of the repository seen as the root of its own tree.
struct SubTree<'a> {
    tree: &'a dyn Tree,
    dir: &'a str,
}

impl SubTree<'_> {
    fn path(&self, rel: &str) -> String {
        if rel.is_empty() {
            self.dir.to_string()
        } else {
            repo::join(self.dir, rel)
        }
    }
}

impl Tree for SubTree<'_> {
    fn read_up_to(&self, path: &str, limit: u64) -> Result<Option<String>, RepoError> {
        self.tree.read_up_to(&self.path(path), limit)
    }
    fn list(&self, dir: &str) -> Result<Option<Vec<DirEntry>>, RepoError> {
        self.tree.list(&self.path(dir))
    }
}

/// One workspace member with a readable `pyproject.toml`.
pub struct Member {
    pub dir: String,
    pub pyproject: PyProject,
    text: String,
}

/// Whether `p` is the root of a virtual uv workspace.
#[must_use]
pub fn is_virtual_root(p: &PyProject) -> bool {
    p.project.is_none() && p.tool.uv.as_ref().is_some_and(|u| u.workspace.is_some())
}

fn patterns(p: &PyProject) -> Vec<String> {
    p.tool
        .uv
        .as_ref()
        .and_then(|u| u.workspace.as_ref())
        .and_then(|w| w.get("members"))
        .and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(toml::Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Directories a member pattern names: a literal path, or a last segment with `*`.
fn expand(tree: &dyn Tree, pattern: &str) -> Result<Vec<String>, DetectError> {
    let pattern = pattern.trim_end_matches('/');
    if values::check_rel_path(pattern).is_err() && !pattern.contains('*') {
        return Ok(Vec::new());
    }
    let (parent, last) = pattern.rsplit_once('/').unwrap_or(("", pattern));
    if parent.contains('*') || parent.split('/').any(|s| s == ".." || s == ".") {
        return Ok(Vec::new());
    }
    if !last.contains('*') {
        return Ok(vec![pattern.to_string()]);
    }
    Ok(tree
        .list(parent)?
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.kind == EntryKind::Dir && glob_match(last, &e.name))
        .map(|e| repo::join(parent, &e.name))
        .collect())
}

/// The members of a virtual workspace root, in the order its patterns name them.
///
/// # Errors
/// Unreadable directories, and a member `pyproject.toml` that does not parse.
pub fn members(tree: &dyn Tree, root: &PyProject) -> Result<Vec<Member>, DetectError> {
    let mut out: Vec<Member> = Vec::new();
    let mut seen = BTreeSet::new();
    for pattern in patterns(root) {
        for dir in expand(tree, &pattern)? {
            if out.len() == MAX_MEMBERS || !seen.insert(dir.clone()) {
                continue;
            }
            let file = repo::join(&dir, "pyproject.toml");
            if let Some(text) = tree.read(&file)? {
                let pyproject = pyproject::parse(&file, &text)?;
                out.push(Member {
                    dir,
                    pyproject,
                    text,
                });
            }
        }
    }
    Ok(out)
}

/// The first member's `requires-python`, for a root that states none.
///
/// # Errors
/// A range that names no Python version.
pub fn version(members: &[Member]) -> Result<Option<VersionReq>, DetectError> {
    for m in members {
        if let Some(spec) = m
            .pyproject
            .project
            .as_ref()
            .and_then(|p| p.requires_python.as_deref())
        {
            let file = repo::join(&m.dir, "pyproject.toml");
            let line = pyproject::key_line(&m.text, "requires-python");
            return Ok(Some(pyversion::from_range(
                spec,
                &file,
                line,
                "requires-python",
            )?));
        }
    }
    Ok(None)
}

/// The ASGI/WSGI applications and console scripts of every member, with paths from the
/// repository root. Django projects and scripts run by path are left out: their commands
/// assume the member is the working directory.
///
/// # Errors
/// Unreadable files, and module paths that cannot be used safely.
pub fn discover(
    tree: &dyn Tree,
    members: &[Member],
    deps: &BTreeSet<String>,
    warnings: &mut Vec<String>,
) -> Result<Vec<(Found, Option<String>)>, DetectError> {
    let mut out = Vec::new();
    for m in members {
        let sub = SubTree { tree, dir: &m.dir };
        let name = m.pyproject.name();
        let package = name.and_then(super::python::import_name);
        let scripts = m.pyproject.script_names();
        let installed = m.pyproject.build_system.is_some()
            || m.pyproject.tool.uv.as_ref().and_then(|u| u.package) == Some(true);
        let found = pyapp::discover(&sub, package.as_deref(), deps, &scripts, installed)?;
        warnings.extend(found.warnings.into_iter().map(|w| format!("{}/{w}", m.dir)));
        let display = name
            .filter(|n| values::check_name(n).is_ok())
            .map(str::to_string);
        for mut f in found.apps {
            match &mut f.entry {
                PyEntry::Wsgi { framework, .. } if framework == "Django" => continue,
                PyEntry::Asgi { app_dir, .. } | PyEntry::Wsgi { app_dir, .. } => {
                    *app_dir = Some(match app_dir.as_deref() {
                        Some(inner) => repo::join(&m.dir, inner),
                        None => m.dir.clone(),
                    });
                }
                PyEntry::Script { .. } => {}
                PyEntry::Module { .. }
                | PyEntry::File { .. }
                | PyEntry::Streamlit { .. }
                | PyEntry::Gradio { .. } => {
                    continue;
                }
            }
            f.evidence.file = repo::join(&m.dir, &f.evidence.file);
            out.push((f, display.clone()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
