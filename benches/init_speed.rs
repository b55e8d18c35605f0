//! Wall time of `msb init --yes --stdout` per fixture, against the process-spawn floor
//! (`/bin/true` measured in the same run), and on a copy of a fixture padded with 100,000
//! files under node_modules/, target/ and .git/. Prints figures; asserts nothing.
//!
//! Run: `cargo bench --bench init_speed` (builds msb in release mode first).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 200;
const PADDING_FILES: usize = 100_000;

fn msb() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet"])
        .current_dir(root)
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "cargo build --release failed"
    );
    root.join("target/release/msb")
}

fn median(program: &Path, args: &[&str]) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(program)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let elapsed = start.elapsed();
            assert!(
                status.is_ok_and(|s| s.success()),
                "{} {args:?} failed",
                program.display()
            );
            elapsed
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Spreads `PADDING_FILES` small files over node_modules/, target/ and .git/ in 100-file
/// directories.
fn pad(dir: &Path) {
    for i in 0..PADDING_FILES {
        let top = ["node_modules", "target", ".git"][i % 3];
        let sub = dir.join(top).join(format!("d{}", i / 300));
        if i % 300 < 3 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        std::fs::write(sub.join(format!("f{i}")), "x").unwrap();
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let msb = msb();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let floor = median(Path::new("/bin/true"), &[]);
    println!(
        "median of {RUNS} runs each; spawn floor /bin/true: {:.3} ms",
        ms(floor)
    );
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut worst: f64 = 0.0;
    let members = workspace_members();
    for name in &names {
        // A workspace fixture is measured on the member its case builds (`path`).
        let dir = match members.get(name) {
            Some(path) => fixtures.join(name).join(path),
            None => fixtures.join(name),
        };
        let t = median(&msb, &["init", "--yes", "--stdout", dir.to_str().unwrap()]);
        worst = worst.max(ms(t) / ms(floor));
        println!(
            "{name:<28} {:>7.3} ms  {:>5.2}x floor",
            ms(t),
            ms(t) / ms(floor)
        );
    }
    println!("slowest fixture: {worst:.2}x the spawn floor (target: within 3x)");

    let base = "go-cmd-multi";
    let tmp = std::env::temp_dir().join(format!("msb-bench-{}", std::process::id()));
    let clean = tmp.join("clean");
    let padded = tmp.join("padded");
    copy_dir(&fixtures.join(base), &clean);
    copy_dir(&fixtures.join(base), &padded);
    pad(&padded);
    let t_clean = median(
        &msb,
        &["init", "--yes", "--stdout", clean.to_str().unwrap()],
    );
    let t_padded = median(
        &msb,
        &["init", "--yes", "--stdout", padded.to_str().unwrap()],
    );
    println!(
        "{base} clean {:.3} ms, with {PADDING_FILES} files under node_modules/, target/ and .git/ {:.3} ms: {:+.1}% (target: at most +10%)",
        ms(t_clean),
        ms(t_padded),
        (ms(t_padded) / ms(t_clean) - 1.0) * 100.0
    );
    std::fs::remove_dir_all(&tmp).unwrap();
}

/// `fixture → path` for the cases in tests/cases/*.toml that build a member directory.
fn workspace_members() -> std::collections::BTreeMap<String, String> {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut members = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(cases).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        for case in table
            .get("case")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            if let (Some(fixture), Some(path)) = (
                case.get("fixture").and_then(|f| f.as_str()),
                case.get("path").and_then(|p| p.as_str()),
            ) {
                members.insert(fixture.to_string(), path.to_string());
            }
        }
    }
    members
}
