//! Where to point msb when the directory it was given holds no project: the manifests one
//! directory down (`backend/package.json`, `api/go.mod`), as in repositories that keep a
//! frontend and a backend side by side.

use crate::language::Language;
use crate::repo::{EntryKind, Tree};

/// Directories looked into at most, in name order.
const MAX_DIRS: usize = 200;
/// Directories that hold dependencies or build output, never a project to build.
const SKIPPED: &[&str] = &["node_modules", "target", "vendor", "dist", "build"];

/// `dir/manifest` for each manifest of a supported language in a direct subdirectory of the
/// root. Unreadable entries are passed over: this only shapes a hint.
#[must_use]
pub fn manifests_one_level_down(tree: &dyn Tree) -> Vec<String> {
    let Ok(Some(entries)) = tree.list("") else {
        return Vec::new();
    };
    let dirs = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Dir)
        .filter(|e| !e.name.starts_with('.') && !SKIPPED.contains(&e.name.as_str()))
        .take(MAX_DIRS);
    dirs.flat_map(|dir| {
        Language::ALL
            .iter()
            .flat_map(|l| super::manifests_in(tree, &dir.name, *l).unwrap_or_default())
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    #[test]
    fn lists_manifests_in_direct_subdirectories_only() {
        let tree = MemTree::new()
            .with("backend/package.json", "{}")
            .with("frontend/package.json", "{}")
            .with("api/go.mod", "module x\n")
            .with("deep/er/Cargo.toml", "")
            .with("node_modules/x/package.json", "{}")
            .with(".github/package.json", "{}");
        assert_eq!(
            manifests_one_level_down(&tree),
            [
                "api/go.mod",
                "backend/package.json",
                "frontend/package.json"
            ]
        );
    }

    #[test]
    fn an_empty_repository_has_nothing_nearby() {
        assert!(manifests_one_level_down(&MemTree::new()).is_empty());
    }
}
