//! The hostile-input corpus: every value in `tests/hostile/values.toml` is put into every
//! position of every `tests/hostile/<group>.toml` (a mini-repository whose files and flags
//! hold `{{value}}` placeholders), and each case must end as its position says:
//!
//! - refused: an error that names the file (and the field, or the line the value broke),
//!   one printable line, no echo of a 10 kB value; on disk `msb init` exits 1 (2 for flags)
//!   and the directory is exactly as it was;
//! - accepted: the Dockerfile passes the strict BuildKit-rules reader, has exactly the
//!   instruction list the same repository gives with a harmless value, and every shell word
//!   that differs from that baseline holds only inert characters or quoted text; on disk
//!   `msb init` writes exactly that Dockerfile.
//!
//! Adding a language means adding `tests/hostile/<language>.toml`; no code changes.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Parser;
use msb::cli::{Cli, Command as CliCommand};
use msb::render::templates::TemplateSet;
use msb::repo::MemTree;
use msb::settings::prompt::NoPrompt;
use serde::Deserialize;
use support::strict::{self, Args};

#[derive(Debug, Deserialize)]
struct ValueFile {
    value: Vec<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Value {
    id: String,
    text: String,
    /// Repeat `text` this many times (long values).
    repeat: Option<usize>,
}

impl Value {
    fn text(&self) -> String {
        self.text.repeat(self.repeat.unwrap_or(1))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Expect {
    Refused,
    Accepted,
}

#[derive(Debug, Deserialize)]
struct PositionFile {
    position: Vec<Position>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Position {
    name: String,
    /// Path → contents; both may hold `{{value}}`, `{{value:toml}}` or `{{value:json}}`.
    files: BTreeMap<String, String>,
    /// Extra `msb` arguments, which may hold placeholders too.
    #[serde(default)]
    args: Vec<String>,
    #[serde(default = "default_runtimes")]
    runtimes: Vec<String>,
    /// A harmless value: the repository it gives is what msb means to generate.
    #[serde(default = "default_baseline")]
    baseline: String,
    expect: Expect,
    /// Value ids whose outcome is the opposite of `expect`.
    #[serde(default)]
    except: Vec<String>,
    /// What a refusal must name: the file (or flag) ...
    file: Option<String>,
    /// ... and the field (or else `file:line`).
    field: Option<String>,
    /// Exit code of a refusal on the command line.
    #[serde(default = "default_exit")]
    exit: i32,
    /// The value may change how many words msb writes (a stub in another directory); every
    /// word not in the baseline instruction must still be inert.
    #[serde(default)]
    word_counts_may_differ: bool,
    /// The start command is the value: ENTRYPOINT must end with its shell words.
    #[serde(default)]
    entrypoint_is_value: bool,
}

fn default_runtimes() -> Vec<String> {
    vec!["distroless".into()]
}

fn default_baseline() -> String {
    "app".into()
}

fn default_exit() -> i32 {
    1
}

fn root() -> PathBuf {
    Path::new(support::ROOT).join("tests/hostile")
}

fn load_values() -> Vec<Value> {
    let text = fs::read_to_string(root().join("values.toml")).expect("values.toml");
    toml::from_str::<ValueFile>(&text)
        .expect("values.toml")
        .value
}

fn load_positions() -> Vec<(String, Position)> {
    let mut files: Vec<PathBuf> = fs::read_dir(root())
        .expect("tests/hostile")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "values"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let group = f.file_stem().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(f).expect("position file");
            toml::from_str::<PositionFile>(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()))
                .position
                .into_iter()
                .map(move |p| (group.clone(), p))
        })
        .collect()
}

fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xffff => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

fn fill(template: &str, value: &str) -> String {
    template
        .replace("{{value:toml}}", &toml_string(value))
        .replace(
            "{{value:json}}",
            &serde_json::to_string(value).expect("json"),
        )
        .replace("{{value}}", value)
}

/// A repository path that can exist on a Linux file system.
fn representable(path: &str) -> bool {
    path.len() < 4000
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && s.len() <= 255 && !s.contains('\0'))
}

struct Case<'a> {
    group: &'a str,
    position: &'a Position,
    value_id: &'a str,
    value: String,
    runtime: &'a str,
}

impl Case<'_> {
    fn label(&self) -> String {
        format!(
            "{}/{} × {} @{}",
            self.group, self.position.name, self.value_id, self.runtime
        )
    }

    fn expect(&self) -> Expect {
        let flip = self.position.except.iter().any(|id| id == self.value_id);
        match (self.position.expect, flip) {
            (e, false) => e,
            (Expect::Refused, true) => Expect::Accepted,
            (Expect::Accepted, true) => Expect::Refused,
        }
    }

    fn files(&self, value: &str) -> Vec<(String, String)> {
        self.position
            .files
            .iter()
            .map(|(p, c)| (fill(p, value), fill(c, value)))
            .collect()
    }

    fn args(&self, value: &str) -> Vec<String> {
        let mut args: Vec<String> = self.position.args.iter().map(|a| fill(a, value)).collect();
        args.extend(["--runtime".to_string(), self.runtime.to_string()]);
        args
    }
}

type Generated = Result<(String, String), String>;

/// Runs the pure pipeline over an in-memory repository, as `msb plan PATH ARGS` would.
fn generate(files: &[(String, String)], args: &[String]) -> Generated {
    let tree = files
        .iter()
        .fold(MemTree::new(), |t, (p, c)| t.with(p, c.as_bytes()));
    let mut argv = vec!["msb".to_string(), "plan".to_string(), ".".to_string()];
    argv.extend(args.iter().cloned());
    let cli = Cli::try_parse_from(&argv).map_err(|e| e.to_string())?;
    let CliCommand::Plan(plan) = cli.command else {
        unreachable!()
    };
    let (_, out) = msb::generate(
        &tree,
        &plan.choices.overrides(),
        &mut NoPrompt,
        &TemplateSet::embedded(),
    )
    .map_err(|e| e.to_string())?;
    let file = |name: &str| {
        out.iter()
            .find(|f| f.path == name)
            .map(|f| f.contents.clone())
            .unwrap_or_default()
    };
    Ok((file("Dockerfile"), file(".dockerignore")))
}

fn check_refusal(case: &Case<'_>, message: &str) -> Result<(), String> {
    let p = case.position;
    let file = p.file.as_deref().ok_or("the position names no `file`")?;
    if !message.contains(file) {
        return Err(format!("the error does not name {file:?}: {message}"));
    }
    let line_named = message.contains(&format!("{file}:"));
    if let Some(field) = &p.field {
        if !message.contains(field.as_str()) && !line_named {
            return Err(format!(
                "the error names neither the field {field:?} nor a line: {message}"
            ));
        }
    }
    if let Some(c) = message.chars().find(|c| c.is_control() || forbidden(*c)) {
        return Err(format!(
            "the error holds the raw character {}: {message:?}",
            c.escape_unicode()
        ));
    }
    if message.len() > 1500 {
        return Err(format!("the error is {} bytes long", message.len()));
    }
    Ok(())
}

fn forbidden(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{feff}')
}

fn check_accepted(
    case: &Case<'_>,
    dockerfile: &str,
    ignore: &str,
    baseline: &(String, String),
) -> Result<(), String> {
    let parsed = strict::parse(dockerfile).map_err(|e| format!("strict parse: {e}"))?;
    let expected = strict::parse(&baseline.0).map_err(|e| format!("baseline: {e}"))?;
    let keywords = |i: &[strict::Instruction]| -> Vec<String> {
        i.iter().map(|i| i.keyword.clone()).collect()
    };
    if keywords(&parsed) != keywords(&expected) {
        return Err(format!(
            "instructions {:?}, expected {:?}",
            keywords(&parsed),
            keywords(&expected)
        ));
    }
    for (got, want) in parsed.iter().zip(&expected) {
        match (&got.args, &want.args) {
            (Args::Exec(_), Args::Exec(_)) => {}
            (Args::Shell(got_words), Args::Shell(want_words)) => {
                if case.position.word_counts_may_differ {
                    for g in got_words.iter().filter(|g| !want_words.contains(g)) {
                        check_word(got.line, g, None)?;
                    }
                    continue;
                }
                if got_words.len() != want_words.len() {
                    return Err(format!(
                        "line {}: {} has {} words, expected {}",
                        got.line,
                        got.keyword,
                        got_words.len(),
                        want_words.len()
                    ));
                }
                for (g, w) in got_words.iter().zip(want_words) {
                    if g.raw != w.raw {
                        check_word(got.line, g, Some(w))?;
                    }
                }
            }
            _ => {
                return Err(format!(
                    "line {}: {} changed between exec and shell form",
                    got.line, got.keyword
                ));
            }
        }
    }
    if case.position.entrypoint_is_value {
        let entry = parsed.iter().find(|i| i.keyword == "ENTRYPOINT");
        let Some(Args::Exec(argv)) = entry.map(|i| &i.args) else {
            return Err("no exec-form ENTRYPOINT".into());
        };
        let meant = shell_words::split(&case.value).map_err(|e| e.to_string())?;
        if !argv.ends_with(&meant) {
            return Err(format!("ENTRYPOINT {argv:?} does not end with {meant:?}"));
        }
    }
    if ignore != baseline.1 {
        return Err(".dockerignore differs from the baseline".into());
    }
    Ok(())
}

/// A shell word that differs from the baseline's: only inert characters outside quotes, no
/// expansion inside double quotes, and no option where the baseline had none.
fn check_word(
    line: usize,
    word: &strict::Word,
    baseline: Option<&strict::Word>,
) -> Result<(), String> {
    if word.unquoted.chars().any(|c| !strict::inert(c)) || word.expands || word.escapes {
        return Err(format!(
            "line {line}: word {:?} carries shell syntax outside quotes",
            word.raw
        ));
    }
    if word.text.starts_with('-') && !baseline.is_some_and(|w| w.text.starts_with('-')) {
        return Err(format!(
            "line {line}: word {:?} would be read as an option",
            word.raw
        ));
    }
    Ok(())
}

/// With `MSB_HOSTILE_DUMP=<dir>`, writes each accepted Dockerfile with the instructions the
/// strict reader found, for `scripts/hostile-buildkit` to compare with BuildKit's parser.
fn dump(case: &Case<'_>, dockerfile: &str, n: usize) {
    let Some(dir) = std::env::var_os("MSB_HOSTILE_DUMP") else {
        return;
    };
    let instructions: Vec<serde_json::Value> = strict::parse(dockerfile)
        .unwrap_or_default()
        .iter()
        .map(|i| {
            serde_json::json!({
                "keyword": i.keyword,
                "exec": match &i.args { Args::Exec(argv) => Some(argv.clone()), Args::Shell(_) => None },
            })
        })
        .collect();
    let record = serde_json::json!({
        "case": case.label(),
        "dockerfile": dockerfile,
        "instructions": instructions,
    });
    let path = Path::new(&dir).join(format!("{n:05}.json"));
    fs::write(path, record.to_string()).expect("dump");
}

/// Every file under `dir`, with its bytes, for "nothing changed" comparisons.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read_dir") {
            let entry = entry.expect("entry");
            let path = entry.path();
            if entry.file_type().expect("type").is_dir() {
                out.insert(path.clone(), Vec::new());
                stack.push(path);
            } else {
                out.insert(path.clone(), fs::read(&path).unwrap_or_default());
            }
        }
    }
    out
}

/// Runs `msb init` on a real copy of the case; `None` when the case cannot exist on disk.
fn on_disk(case: &Case<'_>, outcome: &Generated) -> Option<Result<(), String>> {
    let files = case.files(&case.value);
    let args = case.args(&case.value);
    if !files.iter().all(|(p, _)| representable(p)) || args.iter().any(|a| a.contains('\0')) {
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, contents) in &files {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        fs::write(&full, contents).expect("write");
    }
    let before = snapshot(dir.path());
    let output = Command::new(env!("CARGO_BIN_EXE_msb"))
        .arg("init")
        .arg(dir.path())
        .args(&args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run msb");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("panicked") {
        return Some(Err(format!("msb panicked: {stderr}")));
    }
    let code = output.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let raw = |c: char| (c.is_control() && c != '\n' && c != '\t') || forbidden(c);
    if let Some(c) = stderr.chars().chain(stdout.chars()).find(|c| raw(*c)) {
        return Some(Err(format!(
            "msb printed the raw character {} to the terminal",
            c.escape_unicode()
        )));
    }
    Some(match (case.expect(), outcome) {
        (Expect::Refused, _) => {
            if code != case.position.exit {
                Err(format!(
                    "exit {code}, expected {}: {stderr}",
                    case.position.exit
                ))
            } else if snapshot(dir.path()) != before {
                Err("a refused run changed the directory".into())
            } else {
                let first = stderr
                    .lines()
                    .find(|l| l.starts_with("error:"))
                    .unwrap_or_default();
                check_refusal(case, first)
            }
        }
        (Expect::Accepted, Ok((dockerfile, _))) => {
            let written = fs::read_to_string(dir.path().join("Dockerfile")).unwrap_or_default();
            if code != 0 {
                Err(format!("exit {code}: {stderr}"))
            } else if written != *dockerfile {
                Err("the Dockerfile on disk differs from the in-memory one".into())
            } else {
                Ok(())
            }
        }
        (Expect::Accepted, Err(_)) => Ok(()),
    })
}

#[derive(Default)]
struct Tally {
    refused: usize,
    accepted: usize,
    on_disk: usize,
    not_applicable: usize,
    by_group: BTreeMap<String, usize>,
    failures: Vec<String>,
}

#[test]
fn hostile_values_are_refused_or_quoted_where_they_stand() {
    let values = load_values();
    let positions = load_positions();
    assert!(!values.is_empty() && !positions.is_empty());
    let mut tally = Tally::default();
    for (group, position) in &positions {
        for runtime in &position.runtimes {
            let probe = Case {
                group,
                position,
                value_id: "baseline",
                value: position.baseline.clone(),
                runtime,
            };
            let baseline = match generate(
                &probe.files(&position.baseline),
                &probe.args(&position.baseline),
            ) {
                Ok(b) => b,
                Err(e) => {
                    tally
                        .failures
                        .push(format!("{}: the baseline fails: {e}", probe.label()));
                    continue;
                }
            };
            for value in &values {
                let case = Case {
                    group,
                    position,
                    value_id: &value.id,
                    value: value.text(),
                    runtime,
                };
                let files = case.files(&case.value);
                if !files.iter().all(|(p, _)| representable(p)) {
                    // A path no file system can hold (NUL, empty or `..` segments): a
                    // repository cannot contain it, so there is nothing to test.
                    tally.not_applicable += 1;
                    continue;
                }
                *tally.by_group.entry(group.clone()).or_default() += 1;
                let outcome = generate(&files, &case.args(&case.value));
                let verdict = match (case.expect(), &outcome) {
                    (Expect::Refused, Err(message)) => {
                        tally.refused += 1;
                        check_refusal(&case, message)
                    }
                    (Expect::Accepted, Ok((dockerfile, ignore))) => {
                        tally.accepted += 1;
                        dump(&case, dockerfile, tally.accepted);
                        check_accepted(&case, dockerfile, ignore, &baseline)
                    }
                    (Expect::Refused, Ok((dockerfile, ignore))) => {
                        let structure = match check_accepted(&case, dockerfile, ignore, &baseline) {
                            Ok(()) => "the output is still safe".to_string(),
                            Err(e) => format!("the output is unsafe: {e}"),
                        };
                        Err(format!("accepted, but expected a refusal ({structure})"))
                    }
                    (Expect::Accepted, Err(e)) => Err(format!("refused, expected acceptance: {e}")),
                };
                if let Err(e) = verdict {
                    tally.failures.push(format!("{}: {e}", case.label()));
                    continue;
                }
                if let Some(result) = on_disk(&case, &outcome) {
                    tally.on_disk += 1;
                    if let Err(e) = result {
                        tally
                            .failures
                            .push(format!("{} (on disk): {e}", case.label()));
                    }
                }
            }
        }
    }
    let total: usize = tally.by_group.values().sum();
    println!(
        "hostile corpus: {total} cases checked ({} refused, {} accepted) from {} values × {} positions; {} also run through `msb init` on disk; {} skipped as paths no file system holds; per group: {:?}",
        tally.refused,
        tally.accepted,
        values.len(),
        positions.len(),
        tally.on_disk,
        tally.not_applicable,
        tally.by_group
    );
    assert!(
        tally.failures.is_empty(),
        "{} of {} hostile cases failed:\n{}",
        tally.failures.len(),
        total,
        tally.failures.join("\n")
    );
}
