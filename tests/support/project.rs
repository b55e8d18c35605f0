//! The msb binary and throwaway copies of fixtures, for tests that run the command line.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// The msb binary, with colour off so output can be matched.
pub fn msb() -> Command {
    let mut cmd = Command::cargo_bin("msb").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A fresh directory holding the given fixtures merged (later ones win on clashes).
pub fn project(fixtures: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for fixture in fixtures {
        copy_dir(&super::fixtures().join(fixture), dir.path());
    }
    dir
}

/// Copies a directory tree, creating `to` when it is missing.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The names in a directory, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The Dockerfile `msb init --yes --stdout ARGS DIR` prints; fails the test when msb fails.
pub fn init_stdout(args: &[&str], dir: &Path) -> String {
    let out = msb()
        .args(["init", "--yes", "--stdout"])
        .args(args)
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
