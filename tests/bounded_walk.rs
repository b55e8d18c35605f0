//! Detection reads manifests and bounded listings; it never walks the tree. For every case,
//! detection lists exactly the same directories and reads the same files whether or not the
//! project carries large node_modules/, target/, .git/ and build-output trees.

mod support;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use msb::detect;
use msb::repo::{DirEntry, DiskTree, RepoError, Tree};
use support::project::copy_dir;

/// Records every path listed or read.
struct Recording {
    tree: DiskTree,
    seen: RefCell<BTreeSet<String>>,
}

impl Tree for Recording {
    fn read_up_to(&self, path: &str, limit: u64) -> Result<Option<String>, RepoError> {
        self.seen.borrow_mut().insert(format!("read {path}"));
        self.tree.read_up_to(path, limit)
    }
    fn list(&self, dir: &str) -> Result<Option<Vec<DirEntry>>, RepoError> {
        self.seen.borrow_mut().insert(format!("list {dir}"));
        self.tree.list(dir)
    }
}

fn touched(dir: &Path, project: &str) -> BTreeSet<String> {
    let tree = Recording {
        tree: DiskTree::open(dir).unwrap(),
        seen: RefCell::new(BTreeSet::new()),
    };
    let detection = if project.is_empty() {
        detect::detect(&tree, None)
    } else {
        detect::detect_at(&tree, project, None)
    };
    detection.unwrap();
    tree.seen.into_inner()
}

/// Directories of dependencies, build output and version control, 40 subdirectories each.
fn pad(root: &Path) {
    for top in ["node_modules", "target", ".git", ".venv", "__pycache__"] {
        for i in 0..40 {
            let dir = root.join(top).join(format!("p{i}"));
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("index.js"), "x").unwrap();
            fs::write(dir.join("mod.go"), "package p\n//go:embed x\n").unwrap();
        }
    }
}

#[test]
fn detection_does_not_descend_into_dependency_or_build_trees() {
    let mut grew = Vec::new();
    let mut seen_fixtures = BTreeSet::new();
    for case in support::cases() {
        if !seen_fixtures.insert((case.fixture.clone(), case.path.clone())) {
            continue;
        }
        let clean = tempfile::tempdir().unwrap();
        copy_dir(&case.dir(), clean.path());
        let project = case.path.clone().unwrap_or_default();
        let before = touched(clean.path(), &project);
        pad(&clean.path().join(&project));
        let after = touched(clean.path(), &project);
        let extra: Vec<&String> = after.difference(&before).collect();
        if !extra.is_empty() {
            grew.push(format!("{}: {extra:?}", case.name()));
        }
    }
    assert!(
        grew.is_empty(),
        "detection touched the padding:\n{}",
        grew.join("\n")
    );
}
