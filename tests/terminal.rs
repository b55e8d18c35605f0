//! `msb init` on a real terminal: the binary runs on a pseudo-terminal (standard input and
//! standard error), the test reads the questions and types the answers, then checks the
//! written files. Standard output goes to a file, to prove it stays free of prompts.
//!
//! Every wait is for text on the screen, with a timeout; nothing sleeps.
#![cfg(unix)]

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use rexpect::process::WaitStatus;
use rexpect::session::{Options, PtySession, spawn_with_options};
use support::project::{names, project};

const TIMEOUT_MS: u64 = 30_000;
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

struct Run {
    session: PtySession,
    stdout: PathBuf,
    _stdout_dir: tempfile::TempDir,
}

impl Run {
    /// Starts `msb init ARGS PATH` on a new pseudo-terminal, without colour.
    fn start(project: &Path, args: &[&str]) -> Self {
        Self::start_with(project, args, true)
    }

    /// Starts `msb init ARGS PATH`; with `no_color`, `NO_COLOR=1` is set and escape codes
    /// are stripped from what the test reads, otherwise both are left alone.
    fn start_with(project: &Path, args: &[&str], no_color: bool) -> Self {
        let stdout_dir = tempfile::tempdir().unwrap();
        let stdout = stdout_dir.path().join("stdout");
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_msb"));
        command
            .arg("init")
            .args(args)
            .arg(project)
            .env("TERM", "xterm")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .stdout(fs::File::create(&stdout).unwrap());
        if no_color {
            command.env("NO_COLOR", "1");
        } else {
            command.env_remove("NO_COLOR");
        }
        let options = Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(no_color);
        let session = spawn_with_options(command, options).expect("spawn msb on a pty");
        Self {
            session,
            stdout,
            _stdout_dir: stdout_dir,
        }
    }

    /// Waits until `text` is on the terminal; returns what came before it.
    fn expect(&mut self, text: &str) -> String {
        self.session
            .exp_string(text)
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"))
    }

    fn send(&mut self, keys: &str) {
        self.session.send(keys).unwrap();
        self.session.flush().unwrap();
    }

    /// Waits for `question`, then types `keys`.
    fn answer(&mut self, question: &str, keys: &str) -> String {
        let before = self.expect(question);
        self.send(keys);
        before
    }

    /// Waits for the end; returns the rest of the screen, the exit code and standard output.
    fn finish(mut self) -> (String, i32, String) {
        let rest = self.session.exp_eof().expect("msb ends");
        let code = match self.session.process().wait().expect("exit status") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("msb did not exit normally: {other:?}"),
        };
        (rest, code, fs::read_to_string(&self.stdout).unwrap())
    }
}

#[test]
fn two_languages_are_asked_about_and_the_answers_written() {
    let dir = project(&["go-cmd-multi", "rust-single-bin"]);
    let mut run = Run::start(dir.path(), &[]);
    let shown = run.answer(
        "Which language should the image build?",
        &format!("{DOWN}{ENTER}"),
    );
    for evidence in [
        "go.mod:1",
        "cmd/api/main.go:11",
        "Cargo.lock",
        "src/main.rs:6",
    ] {
        assert!(shown.contains(evidence), "{evidence} not shown in\n{shown}");
    }
    run.answer(
        "Rust version for the builder [1.99]",
        &format!("latest{ENTER}"),
    );
    run.expect("expected a version like 1.27 or 1.27.3");
    run.answer(
        "Rust version for the builder [1.99]",
        &format!("1.90{ENTER}"),
    );
    run.answer("Base of the final image", &format!("{DOWN}{ENTER}"));
    run.answer(
        "Port the application listens on [8080]",
        &format!("0{ENTER}"),
    );
    run.expect("\"0\" is not a port number (1-65535)");
    run.answer("Port the application listens on [8080]", ENTER);
    run.answer(
        "Start command (run in exec form) [/usr/local/bin/hello-rs]",
        &format!("/usr/local/bin/hello-rs --serve{ENTER}"),
    );
    let (_, code, stdout) = run.finish();
    assert_eq!(code, 0, "{stdout}");

    let dockerfile = fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    for line in [
        "ARG RUST_VERSION=1.90\n",
        "FROM debian:trixie-slim AS runtime\n",
        "EXPOSE 8080\n",
        "ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/usr/local/bin/hello-rs\", \"--serve\"]\n",
    ] {
        assert!(
            dockerfile.contains(line),
            "{line} missing from\n{dockerfile}"
        );
    }
    assert!(dir.path().join(".dockerignore").is_file());
    assert!(stdout.contains("Plan: Rust image for hello-rs"), "{stdout}");
    assert!(stdout.contains("language rust"), "{stdout}");
    assert!(
        !stdout.contains("Which language") && !stdout.contains("Base of the final image"),
        "prompts leaked to standard output:\n{stdout}"
    );
}

#[test]
fn existing_files_can_be_overwritten_diffed_or_kept_one_by_one() {
    let dir = project(&["go-root-main"]);
    fs::write(dir.path().join("Dockerfile"), "FROM mine\n").unwrap();
    fs::write(dir.path().join(".dockerignore"), "mine\n").unwrap();
    // Every setting given: the only questions are about the files.
    let mut run = Run::start(
        dir.path(),
        &[
            "--runtime",
            "distroless",
            "--port",
            "8080",
            "--lang-version",
            "1.27",
            "--cmd",
            "/usr/local/bin/hello",
        ],
    );
    // The first answer (the default) shows the diff, then the question comes back.
    run.answer(
        "Dockerfile exists and differs from what msb would write",
        ENTER,
    );
    let diff = run.expect("+FROM gcr.io/distroless/static-debian13:nonroot AS runtime");
    assert!(diff.contains("-FROM mine"), "{diff}");
    run.expect("Dockerfile exists and differs from what msb would write");
    run.send(&format!("{UP}{UP}{ENTER}"));
    run.answer(
        ".dockerignore exists and differs from what msb would write",
        &format!("{DOWN}{ENTER}"),
    );
    let (_, code, stdout) = run.finish();
    assert_eq!(code, 0, "{stdout}");
    let dockerfile = fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(
        dockerfile.contains("FROM --platform=$BUILDPLATFORM golang:"),
        "{dockerfile}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join(".dockerignore")).unwrap(),
        "mine\n"
    );
    assert!(
        stdout.contains(" replaced ") || stdout.contains("replaced"),
        "{stdout}"
    );
    assert!(stdout.contains("kept"), "{stdout}");
}

#[test]
fn esc_ctrl_c_and_sigint_cancel_with_nothing_written() {
    for (at_question, keys) in [
        ("Which application should the image run?", ESC.to_string()),
        ("Go version for the builder [1.27]", format!("1.2{ESC}")),
        ("Go version for the builder [1.27]", "1.2\x03".to_string()),
        (
            "Which application should the image run?",
            "\x03".to_string(),
        ),
        ("Go version for the builder [1.27]", String::new()),
    ] {
        let dir = project(&["go-cmd-multi"]);
        fs::write(dir.path().join("Dockerfile"), "FROM mine\n").unwrap();
        let before = names(dir.path());
        let mut run = Run::start(dir.path(), &[]);
        if at_question.starts_with("Go version") {
            run.answer("Which application should the image run?", ENTER);
        }
        if keys.is_empty() {
            // SIGINT from outside the terminal (kill -INT), while msb waits for an answer.
            run.expect(at_question);
            run.session
                .process_mut()
                .signal(rexpect::process::Signal::SIGINT)
                .unwrap();
        } else {
            run.answer(at_question, &keys);
        }
        run.expect("cancelled; nothing was written");
        let (_, code, stdout) = run.finish();
        assert_eq!(code, 130, "{keys:?} at {at_question}");
        assert_eq!(stdout, "", "{keys:?}");
        assert_eq!(names(dir.path()), before, "{keys:?}");
        assert_eq!(
            fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
            "FROM mine\n"
        );
    }
}

/// Whether `text` holds an SGR sequence that sets a colour (`ESC [ … m` with a 3x/9x code).
fn has_colour(text: &str) -> bool {
    text.split("\x1b[").skip(1).any(|rest| {
        rest.find('m').is_some_and(|end| {
            rest[..end]
                .split(';')
                .any(|code| code.len() == 2 && (code.starts_with('3') || code.starts_with('9')))
        })
    })
}

#[test]
fn no_color_turns_colour_off() {
    let dir = project(&["go-cmd-multi"]);
    for no_color in [false, true] {
        let mut run = Run::start_with(dir.path(), &[], no_color);
        let screen = run.answer("Which application should the image run?", ESC);
        let screen = screen + &run.expect("cmd/worker");
        run.expect("cancelled; nothing was written");
        let (_, code, _) = run.finish();
        assert_eq!(code, 130);
        assert_eq!(
            has_colour(&screen),
            !no_color,
            "NO_COLOR={no_color}: {screen:?}"
        );
    }
}
