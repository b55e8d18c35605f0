//! The [`Tree`] contract both implementations keep.

use super::*;

#[test]
fn both_trees_refuse_paths_that_are_not_inside() {
    let dir = tempfile::tempdir().unwrap();
    let disk = DiskTree::open(dir.path()).unwrap();
    let mem = MemTree::new().with("a", "x");
    for bad in ["../x", "a/../b", "/etc/passwd", "a//b", "./a", "a\0b"] {
        assert!(
            matches!(disk.read(bad), Err(RepoError::OutsideRepo { .. })),
            "{bad}"
        );
        assert!(
            matches!(mem.read(bad), Err(RepoError::OutsideRepo { .. })),
            "{bad}"
        );
        assert!(disk.list(bad).is_err() && mem.list(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_file_too_large_to_read_still_has_a_head() {
    let big = format!("__metadata:\n{}", "x".repeat(MAX_FILE_BYTES as usize + 10));
    let tree = MemTree::new().with("yarn.lock", big.clone());
    assert!(tree.read("yarn.lock").is_err());
    assert_eq!(
        tree.read_head("yarn.lock", 12).unwrap().as_deref(),
        Some("__metadata:\n")
    );
    assert_eq!(tree.read_head("absent", 12).unwrap(), None);
    assert_eq!(
        tree.read_head("yarn.lock", 2).unwrap().as_deref(),
        Some("__")
    );
    let cut = MemTree::new().with("a", "aé");
    assert_eq!(cut.read_head("a", 2).unwrap().as_deref(), Some("a"));
    let garbage = MemTree::new().with("a", b"a\xffb".to_vec());
    assert!(garbage.read_head("a", 10).is_err());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("yarn.lock"), big).unwrap();
    let disk = DiskTree::open(dir.path()).unwrap();
    assert!(disk.read("yarn.lock").is_err());
    assert_eq!(
        disk.read_head("yarn.lock", 12).unwrap().as_deref(),
        Some("__metadata:\n")
    );
}
