//! The command line as users and scripts meet it: help, exit codes, messages, and what is
//! (not) written.

mod support;

use std::fs;

use predicates::prelude::*;
use support::project::{msb, names, project};

#[test]
fn help_teaches_the_commands_and_flags() {
    msb().arg("--help").assert().success().stdout(
        predicate::str::contains("init")
            .and(predicate::str::contains("detect"))
            .and(predicate::str::contains("plan")),
    );
    msb().args(["init", "--help"]).assert().success().stdout(
        predicate::str::contains("--yes")
            .and(predicate::str::contains("--stdout"))
            .and(predicate::str::contains("--force"))
            .and(predicate::str::contains("--check"))
            .and(predicate::str::contains("--runtime"))
            .and(predicate::str::contains("--lang-version"))
            .and(predicate::str::contains("--no-syntax"))
            .and(predicate::str::contains("Examples:")),
    );
    msb()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("msb "));
}

#[test]
fn init_writes_both_files_then_reports_unchanged() {
    let dir = project(&["go-root-main"]);
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote"));
    let dockerfile = fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(dockerfile.starts_with("# syntax=docker/dockerfile:1\n"));
    assert!(
        fs::read_to_string(dir.path().join(".dockerignore"))
            .unwrap()
            .contains("**/.env")
    );
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("unchanged"));
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = project(&["go-root-main"]);
    fs::write(dir.path().join("Dockerfile"), "FROM mine\n").unwrap();
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Dockerfile").and(predicate::str::contains("--force")));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        "FROM mine\n"
    );
    assert!(
        !dir.path().join(".dockerignore").exists(),
        "nothing is written when one file conflicts"
    );
    msb()
        .args(["init", "--yes", "--force"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("replaced"));
    assert!(
        fs::read_to_string(dir.path().join("Dockerfile"))
            .unwrap()
            .contains("golang:")
    );
}

#[test]
fn check_exits_1_with_a_diff_when_stale_and_0_when_current() {
    let dir = project(&["rust-single-bin"]);
    msb()
        .args(["init", "--yes", "--check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+FROM"));
    assert!(
        !dir.path().join("Dockerfile").exists(),
        "--check writes nothing"
    );
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .success();
    msb()
        .args(["init", "--yes", "--check"])
        .arg(dir.path())
        .assert()
        .success();
    msb()
        .args(["init", "--yes", "--check", "--runtime", "scratch"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("-FROM gcr.io/distroless/cc-debian13:nonroot AS runtime")
                .and(predicate::str::contains("+FROM scratch AS runtime")),
        );
}

#[test]
fn stdout_prints_the_dockerfile_and_writes_nothing() {
    let dir = project(&["go-root-main"]);
    let before = names(dir.path());
    msb()
        .args(["init", "--yes", "--stdout", "--no-syntax"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ARG GO_VERSION=1.27\n").and(
            predicate::str::contains("ENTRYPOINT [\"/usr/local/bin/hello\"]"),
        ));
    assert_eq!(names(dir.path()), before);
}

#[test]
fn output_flag_moves_the_dockerfile() {
    let dir = project(&["go-root-main"]);
    let out = dir.path().join("Dockerfile.prod");
    msb()
        .args(["init", "--yes", "-o"])
        .arg(&out)
        .arg(dir.path())
        .assert()
        .success();
    assert!(
        out.exists()
            && dir.path().join(".dockerignore").exists()
            && !dir.path().join("Dockerfile").exists()
    );
}

#[test]
fn without_a_terminal_msb_never_prompts() {
    let dir = project(&["go-cmd-multi"]);
    msb()
        .arg("init")
        .arg(dir.path())
        .write_stdin("")
        .assert()
        .success()
        .stdout(predicate::str::contains("pass --main to choose"));
}

#[test]
fn flags_choose_among_applications() {
    let dir = project(&["rust-workspace"]);
    msb()
        .args(["init", "--yes", "--stdout", "--bin", "worker"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("--package worker --bin worker"));
    msb()
        .args(["init", "--yes", "--stdout", "--bin", "nope"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--bin").and(predicate::str::contains("api, worker")));
}

#[test]
fn usage_errors_exit_2() {
    msb()
        .args(["init", "--runtime", "windows"])
        .assert()
        .code(2);
    msb().args(["init", "--port", "0"]).assert().code(2);
    msb().args(["init", "--stdout", "--force"]).assert().code(2);
    let dir = project(&["go-root-main"]);
    msb()
        .args(["init", "--yes", "--lang-version", "1.x"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--lang-version"));
    msb()
        .args(["init", "--yes", "--bin", "x"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--main"));
}

#[test]
fn bad_paths_and_missing_projects_exit_1_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    msb()
        .args(["init", "--yes"])
        .arg(dir.path().join("absent"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no such directory"));
    let file = dir.path().join("file");
    fs::write(&file, "x").unwrap();
    msb()
        .args(["init", "--yes"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a directory"));
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no supported project found; looked for go.mod, Cargo.toml")
                .and(predicate::str::contains("--lang")),
        );
    assert_eq!(names(dir.path()), ["file"]);
}

#[test]
fn a_repository_with_projects_one_directory_down_says_where_to_point_msb() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["backend", "frontend"] {
        fs::create_dir(dir.path().join(side)).unwrap();
        fs::write(dir.path().join(side).join("package.json"), "{}").unwrap();
    }
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no supported project found").and(predicate::str::contains(
                "found backend/package.json, frontend/package.json one directory down: point msb at the project, e.g. msb init backend",
            )),
        );
    assert_eq!(names(dir.path()), ["backend", "frontend"]);
}

#[test]
fn malformed_manifests_name_file_and_line() {
    let cases: [(&str, &str, &str); 4] = [
        ("go.mod", "module x\ngo 1.22\nrequire (\n", "go.mod:3"),
        ("go.mod", "module x\nfoo bar\n", "go.mod:2"),
        (
            "Cargo.toml",
            "[package]\nname = \"x\"\nversion = \n",
            "Cargo.toml:3",
        ),
        ("Cargo.toml", "[package]\nname = [1]\n", "Cargo.toml:2"),
    ];
    for (file, text, location) in cases {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(file), text).unwrap();
        msb()
            .args(["init", "--yes"])
            .arg(dir.path())
            .assert()
            .code(1)
            .stderr(predicate::str::contains(location));
        assert_eq!(names(dir.path()), [file], "nothing written for {file}");
        msb()
            .arg("detect")
            .arg(dir.path())
            .assert()
            .code(1)
            .stderr(predicate::str::contains(location));
    }
}

#[test]
fn binary_and_oversized_manifests_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("go.mod"), [0xff, 0xfe, 0x00, 0x01]).unwrap();
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("go.mod: not valid UTF-8"));
    fs::write(dir.path().join("go.mod"), vec![b'a'; 2 * 1024 * 1024]).unwrap();
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("limit"));
}

#[test]
fn detect_and_plan_print_evidence_and_json() {
    let dir = support::fixtures().join("go-cmd-multi");
    msb().arg("detect").arg(&dir).assert().success().stdout(
        predicate::str::contains("go.sum")
            .and(predicate::str::contains("cmd/api"))
            .and(predicate::str::contains("cmd/worker"))
            .and(predicate::str::contains("main.go:11")),
    );
    let out = msb()
        .args(["detect", "--json"])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["projects"][0]["language"], "go");
    let out = msb()
        .args(["plan", "--json", "--runtime", "scratch"])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["runtime"]["kind"], "scratch");
    assert_eq!(json["runtime"]["user"], "65532:65532");
    msb()
        .arg("plan")
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("deps → build → runtime"));
}
