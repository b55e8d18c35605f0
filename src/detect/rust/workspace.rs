//! Which Cargo manifests form the build: the root, the workspace members its patterns name,
//! and every path dependency inside the repository.

use std::collections::{BTreeSet, VecDeque};

use crate::detect::cargo_manifest::{self, Manifest};
use crate::detect::glob::glob_match;
use crate::detect::{DetectError, ManifestError};
use crate::repo::{self, EntryKind, Tree};
use crate::values;

/// Most Cargo manifests msb reads in one workspace.
const MAX_MANIFESTS: usize = 256;

pub(super) struct Loaded {
    pub(super) dir: String,
    pub(super) manifest: Manifest,
}

pub(super) fn manifest_path(dir: &str) -> String {
    repo::join(dir, "Cargo.toml")
}

/// Resolves `rel` against `dir`, refusing paths that leave the repository.
pub(super) fn normalize(dir: &str, rel: &str) -> Option<String> {
    if rel.starts_with('/') {
        return None;
    }
    repo::resolve(dir, rel)
}

/// Expands a workspace member pattern (`crates/*`, `apps/api`) to directories with a
/// Cargo.toml.
fn expand_member(tree: &dyn Tree, pattern: &str) -> Result<Vec<String>, DetectError> {
    if normalize("", pattern).is_none() || pattern.split('/').any(|s| s == "..") {
        return Err(values::UnsafeValue::new(
            "Cargo.toml",
            "workspace member",
            pattern,
            "it leaves the project directory, which is the build context".into(),
        )
        .into());
    }
    let mut dirs = vec![String::new()];
    for segment in pattern.split('/').filter(|s| !s.is_empty() && *s != ".") {
        let mut next = Vec::new();
        for dir in &dirs {
            if segment.contains('*') {
                for entry in tree.list(dir)?.unwrap_or_default() {
                    if !glob_match(segment, &entry.name) {
                        continue;
                    }
                    let path = repo::join(dir, &entry.name);
                    match entry.kind {
                        EntryKind::Dir => next.push(path),
                        // Surfaces a link that leaves the repository or loops as an error.
                        EntryKind::Other => {
                            tree.list(&path)?;
                        }
                        EntryKind::File => {}
                    }
                }
            } else {
                next.push(repo::join(dir, segment));
            }
        }
        dirs = next;
    }
    let mut members = Vec::new();
    for dir in dirs {
        if tree.is_file(&manifest_path(&dir))? {
            members.push(dir);
        }
    }
    Ok(members)
}

fn load(tree: &dyn Tree, dir: &str) -> Result<Option<Manifest>, DetectError> {
    let path = manifest_path(dir);
    match tree.read(&path)? {
        Some(text) => Ok(Some(cargo_manifest::parse(&path, &text)?)),
        None => Ok(None),
    }
}

/// Reads the root manifest, the workspace members and every path dependency inside the
/// repository.
pub(super) fn load_all(
    tree: &dyn Tree,
    root: Manifest,
    warnings: &mut Vec<String>,
) -> Result<Vec<Loaded>, DetectError> {
    let mut queue: VecDeque<String> = VecDeque::new();
    if let Some(ws) = &root.workspace {
        let excluded: BTreeSet<String> =
            ws.exclude.iter().filter_map(|e| normalize("", e)).collect();
        for pattern in &ws.members {
            for member in expand_member(tree, pattern)? {
                if !excluded.contains(&member) {
                    queue.push_back(member);
                }
            }
        }
    }
    let mut loaded = vec![Loaded {
        dir: String::new(),
        manifest: root,
    }];
    let mut seen: BTreeSet<String> = BTreeSet::from([String::new()]);
    enqueue_path_deps(&loaded[0], &mut queue, warnings);
    while let Some(dir) = queue.pop_front() {
        if !seen.insert(dir.clone()) {
            continue;
        }
        if seen.len() > MAX_MANIFESTS {
            return Err(ManifestError::new(
                "Cargo.toml",
                None,
                format!("the workspace has more than {MAX_MANIFESTS} manifests"),
            )
            .into());
        }
        let Some(manifest) = load(tree, &dir)? else {
            warnings.push(format!(
                "{}: referenced by the workspace but missing",
                values::printable(&manifest_path(&dir))
            ));
            continue;
        };
        let entry = Loaded { dir, manifest };
        enqueue_path_deps(&entry, &mut queue, warnings);
        loaded.push(entry);
    }
    loaded.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(loaded)
}

fn enqueue_path_deps(entry: &Loaded, queue: &mut VecDeque<String>, warnings: &mut Vec<String>) {
    for path in entry.manifest.path_dependencies() {
        match normalize(&entry.dir, path) {
            Some(dir) => queue.push_back(dir),
            None => warnings.push(format!(
                "{}: path dependency {} lies outside the project directory, which is the build context",
                values::printable(&manifest_path(&entry.dir)),
                values::shown(path)
            )),
        }
    }
}
