//! The broken-input corpus: `tests/broken/<group>.toml` lists repositories with syntax
//! errors, wrong types, empty files, BOMs, CRLF, binary garbage, oversized files, non-UTF-8
//! content and names, symlinks that leave the repository or loop, FIFOs and directories where
//! files belong, unreadable files, and PATHs that are not directories. Each is built on disk
//! at test time and `msb` must end as the case says: refused (exit 1, the first error line
//! names the file — and line where there is one —, nothing written, never a panic) or ok.
//! Cases made only of text files also run through the pure pipeline in memory.
//!
//! Adding a language means adding `tests/broken/<language>.toml`; no code changes.

mod support;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use msb::render::templates::TemplateSet;
use msb::repo::MemTree;
use msb::settings::Overrides;
use msb::settings::prompt::NoPrompt;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Expect {
    Refused,
    Ok,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Root {
    /// The repository directory itself.
    Dir,
    /// PATH names a regular file.
    File,
    /// PATH does not exist.
    Missing,
    /// The repository lives in a directory whose name is not UTF-8.
    NonUtf8,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// Text files; `{ff}` in a path stands for the byte 0xff.
    #[serde(default)]
    files: BTreeMap<String, String>,
    #[serde(default)]
    entry: Vec<Entry>,
    /// msb's arguments before PATH (default `init`).
    #[serde(default = "default_command")]
    command: Vec<String>,
    /// Arguments after PATH.
    #[serde(default)]
    args: Vec<String>,
    #[serde(default = "default_root")]
    root: Root,
    expect: Expect,
    /// Substrings the first error line (or, for `ok`, stderr) must hold.
    #[serde(default)]
    error: Vec<String>,
    #[serde(default = "default_exit")]
    exit: i32,
}

fn default_command() -> Vec<String> {
    vec!["init".into()]
}

fn default_root() -> Root {
    Root::Dir
}

fn default_exit() -> i32 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    /// Bytes given in hex.
    Bytes,
    /// `text` repeated until the file holds `size` bytes.
    Sized,
    Dir,
    Fifo,
    /// A symbolic link to `target`; `{outside}` is a directory beside the repository
    /// holding `secret` and `go.mod`/`Cargo.toml` copies.
    Symlink,
    /// A file with mode 000: unreadable except for root, so the case is skipped as root.
    Unreadable,
    /// `count` empty files in the directory `path`.
    Many,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    kind: Kind,
    #[serde(default)]
    hex: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    size: usize,
    #[serde(default)]
    target: String,
    #[serde(default)]
    count: usize,
}

fn os_path(path: &str) -> PathBuf {
    let mut bytes = Vec::new();
    for (i, part) in path.split("{ff}").enumerate() {
        if i > 0 {
            bytes.push(0xff);
        }
        bytes.extend_from_slice(part.as_bytes());
    }
    PathBuf::from(OsStr::from_bytes(&bytes))
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, bytes).expect("write");
}

/// Whether this process can read a file whose mode is 000 (root can).
fn permissions_bind() -> bool {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("probe");
    fs::write(&file, "x").expect("write");
    set_mode(&file, 0o000);
    let readable = fs::read(&file).is_ok();
    set_mode(&file, 0o644);
    !readable
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Builds the case under `base`; returns the PATH to give msb.
fn build(case: &Case, base: &Path) -> PathBuf {
    let outside = base.join("outside");
    write(&outside.join("secret"), b"token");
    write(&outside.join("go.mod"), b"module example.com/outside\n");
    write(
        &outside.join("Cargo.toml"),
        b"[package]\nname = \"outside\"\nversion = \"0.1.0\"\n",
    );
    let repo = match case.root {
        Root::NonUtf8 => base.join(os_path("repo-{ff}")),
        _ => base.join("repo"),
    };
    fs::create_dir_all(&repo).expect("repo");
    for (path, text) in &case.files {
        write(&repo.join(os_path(path)), text.as_bytes());
    }
    for entry in &case.entry {
        let path = repo.join(os_path(&entry.path));
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        match entry.kind {
            Kind::Bytes => write(&path, &hex(&entry.hex)),
            Kind::Sized => {
                let text = entry.text.repeat(entry.size / entry.text.len().max(1) + 1);
                write(&path, &text.as_bytes()[..entry.size]);
            }
            Kind::Dir => fs::create_dir_all(&path).expect("dir"),
            Kind::Fifo => {
                let status = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
                assert!(status.success(), "mkfifo");
            }
            Kind::Symlink => {
                let target = entry
                    .target
                    .replace("{outside}", &outside.display().to_string());
                std::os::unix::fs::symlink(target, &path).expect("symlink");
            }
            Kind::Unreadable => {
                write(&path, entry.text.as_bytes());
                set_mode(&path, 0o000);
            }
            Kind::Many => {
                fs::create_dir_all(&path).expect("dir");
                for i in 0..entry.count {
                    fs::write(path.join(format!("f{i}")), "").expect("write");
                }
            }
        }
    }
    match case.root {
        Root::Dir | Root::NonUtf8 => repo,
        Root::File => {
            write(&base.join("a-file"), b"module x\n");
            base.join("a-file")
        }
        Root::Missing => base.join("no-such-dir"),
    }
}

/// Every entry under `dir` (without following links), with file bytes where readable.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let entry = entry.expect("entry");
        let path = entry.path();
        let kind = entry.file_type().expect("type");
        if kind.is_dir() {
            out.insert(path.clone(), None);
            out.extend(snapshot(&path));
        } else if kind.is_file() {
            out.insert(path.clone(), fs::read(&path).ok());
        } else {
            out.insert(
                path.clone(),
                fs::read_link(&path)
                    .ok()
                    .map(|t| t.into_os_string().into_vec()),
            );
        }
    }
    out
}

use std::os::unix::ffi::OsStringExt;

fn run_on_disk(case: &Case) -> Result<(), String> {
    let base = tempfile::tempdir().expect("tempdir");
    let path = build(case, base.path());
    let before = snapshot(base.path());
    let output = Command::new(env!("CARGO_BIN_EXE_msb"))
        .args(&case.command)
        .arg(&path)
        .args(&case.args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run msb");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code().unwrap_or(-1);
    if stderr.contains("panicked") {
        return Err(format!("msb panicked: {stderr}"));
    }
    match case.expect {
        Expect::Refused => {
            if code != case.exit {
                return Err(format!("exit {code}, expected {}: {stderr}", case.exit));
            }
            let first = stderr
                .lines()
                .find(|l| l.starts_with("error:"))
                .unwrap_or_default();
            for needed in &case.error {
                if !first.contains(needed.as_str()) {
                    return Err(format!("the error does not name {needed:?}: {first}"));
                }
            }
            if snapshot(base.path()) != before {
                return Err("a failed run changed files on disk".into());
            }
        }
        Expect::Ok => {
            if code != 0 {
                return Err(format!("exit {code}, expected success: {stderr}"));
            }
            for needed in &case.error {
                if !stderr.contains(needed.as_str()) {
                    return Err(format!("stderr does not hold {needed:?}: {stderr}"));
                }
            }
        }
    }
    Ok(())
}

/// The same repository through the pure pipeline, when it is made of text files only.
fn run_in_memory(case: &Case) -> Option<Result<(), String>> {
    if !case.entry.is_empty()
        || case.root != Root::Dir
        || case.command != default_command()
        || !case.args.is_empty()
        || case
            .files
            .keys()
            .any(|k| k.contains("{ff}") || k.starts_with("Dockerfile"))
    {
        return None;
    }
    let tree = case
        .files
        .iter()
        .fold(MemTree::new(), |t, (p, c)| t.with(p, c.as_bytes()));
    let result = msb::generate(
        &tree,
        &Overrides::default(),
        &mut NoPrompt,
        &TemplateSet::embedded(),
    );
    Some(match (case.expect, result) {
        (Expect::Ok, Ok(_)) => Ok(()),
        (Expect::Refused, Err(e)) => {
            let message = e.to_string();
            case.error
                .iter()
                .find(|n| !message.contains(n.as_str()))
                .map_or(Ok(()), |n| {
                    Err(format!(
                        "in memory, the error does not name {n:?}: {message}"
                    ))
                })
        }
        (Expect::Ok, Err(e)) => Err(format!("in memory: refused: {e}")),
        (Expect::Refused, Ok(_)) => Err("in memory: accepted".into()),
    })
}

fn load() -> Vec<(String, Case)> {
    let dir = Path::new(support::ROOT).join("tests/broken");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/broken")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let group = f.file_stem().expect("stem").to_string_lossy().into_owned();
            let text = fs::read_to_string(f).expect("case file");
            toml::from_str::<CaseFile>(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()))
                .case
                .into_iter()
                .map(move |c| (group.clone(), c))
        })
        .collect()
}

#[test]
fn broken_repositories_fail_cleanly_and_change_nothing() {
    let cases = load();
    let bind = permissions_bind();
    let (mut ran, mut in_memory, mut skipped) = (0, 0, Vec::new());
    let mut failures = Vec::new();
    for (group, case) in &cases {
        let label = format!("{group}/{}", case.name);
        if case.entry.iter().any(|e| e.kind == Kind::Unreadable) && !bind {
            // Root reads mode-000 files; the FIFO and directory cases cover unreadable
            // entries for root.
            skipped.push(label);
            continue;
        }
        ran += 1;
        if let Err(e) = run_on_disk(case) {
            failures.push(format!("{label}: {e}"));
        }
        if let Some(result) = run_in_memory(case) {
            in_memory += 1;
            if let Err(e) = result {
                failures.push(format!("{label}: {e}"));
            }
        }
    }
    println!(
        "broken corpus: {} cases, {ran} run on disk, {in_memory} also in memory; skipped (permission bits do not bind for root): {skipped:?}",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} broken cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
