//! Replays every input kept under `fuzz/regressions/<target>/` (crashes the fuzzers found,
//! after the fix) and `fuzz/seeds/<target>/` through the same entry points the fuzz targets
//! call, so a fixed crash stays fixed in `cargo test`.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use msb::fuzzing::{read_one, readers, whole_path};

fn inputs(target: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for kind in ["regressions", "seeds"] {
        let dir = Path::new(support::ROOT)
            .join("fuzz")
            .join(kind)
            .join(target);
        if let Ok(entries) = fs::read_dir(&dir) {
            out.extend(
                entries
                    .map(|e| e.expect("entry").path())
                    .filter(|p| p.extension().is_none_or(|e| e != "md")),
            );
        }
    }
    out.sort();
    out
}

/// A directory as `== path` headers and contents, as scripts/fuzz seeds whole_path.
fn file_set(root: &Path, dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(file_set(root, &path));
        } else {
            let rel = path.strip_prefix(root).expect("inside");
            if !out.is_empty() && !out.ends_with(b"\n") {
                out.push(b'\n');
            }
            out.extend(format!("== {}\n", rel.display()).as_bytes());
            out.extend(fs::read(&path).expect("file"));
        }
    }
    out
}

#[test]
fn kept_fuzz_inputs_run_clean() {
    let text = fs::read_to_string(Path::new(support::ROOT).join("fuzz/readers.toml"))
        .expect("fuzz/readers.toml");
    let mut count = 0;
    for reader in readers(&text) {
        for input in inputs(&format!("reader-{}", reader.name)) {
            read_one(&reader, &fs::read(&input).expect("input"));
            count += 1;
        }
    }
    for input in inputs("whole_path") {
        let started = std::time::Instant::now();
        whole_path(&fs::read(&input).expect("input"));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{}: too slow",
            input.display()
        );
        count += 1;
    }
    // Every fixture as a whole_path file set: the invariants hold for every language's output.
    for fixture in fs::read_dir(support::fixtures()).expect("fixtures") {
        let dir = fixture.expect("entry").path();
        whole_path(&file_set(&dir, &dir));
        count += 1;
    }
    println!("replayed {count} kept fuzz inputs and fixtures");
}
