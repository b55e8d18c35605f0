//! msb.toml, `--save`, `--check`, custom templates and completions, through the binary.

mod support;

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use support::project::{msb, project};

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn listing(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&p).unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn save_then_regenerate_is_byte_identical_without_flags_or_prompts() {
    // Two languages and two Go programs: without msb.toml, a plain run would pick Go and
    // cmd/api. The saved answers choose otherwise, and a later run must follow them.
    let dir = project(&["go-cmd-multi", "rust-single-bin"]);
    msb()
        .args([
            "init",
            "--yes",
            "--save",
            "--lang",
            "go",
            "--main",
            "cmd/worker",
        ])
        .args(["--port", "9999", "--runtime", "alpine", "--no-syntax"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote").and(predicate::str::contains("msb.toml")));
    let saved = read(&dir.path().join("msb.toml"));
    for line in [
        "lang = \"go\"\n",
        "main = \"cmd/worker\"\n",
        "lang-version = \"1.27\"\n",
        "runtime = \"alpine\"\n",
        "port = 9999\n",
        "syntax = false\n",
    ] {
        assert!(saved.contains(line), "{line} missing from\n{saved}");
    }
    let first = (
        read(&dir.path().join("Dockerfile")),
        read(&dir.path().join(".dockerignore")),
    );
    assert!(
        first.0.contains("-o /out/worker ./cmd/worker"),
        "{}",
        first.0
    );

    fs::remove_file(dir.path().join("Dockerfile")).unwrap();
    fs::remove_file(dir.path().join(".dockerignore")).unwrap();
    msb()
        .arg("init")
        .arg(dir.path())
        .write_stdin("")
        .assert()
        .success()
        .stdout(predicate::str::contains("(msb.toml: "));
    let second = (
        read(&dir.path().join("Dockerfile")),
        read(&dir.path().join(".dockerignore")),
    );
    assert_eq!(first, second);
    assert_eq!(read(&dir.path().join("msb.toml")), saved);

    msb()
        .args(["init", "--check"])
        .arg(dir.path())
        .assert()
        .success();
    fs::write(
        dir.path().join("msb.toml"),
        saved.replace("port = 9999", "port = 7777"),
    )
    .unwrap();
    msb()
        .args(["init", "--check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("-EXPOSE 9999").and(predicate::str::contains("+EXPOSE 7777")),
        );
}

#[test]
fn flags_win_over_msb_toml() {
    let dir = project(&["go-cmd-multi"]);
    fs::write(
        dir.path().join("msb.toml"),
        "main = \"cmd/worker\"\nport = 7000\n",
    )
    .unwrap();
    msb()
        .args(["init", "--yes", "--stdout", "--port", "7001"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("EXPOSE 7001").and(predicate::str::contains("./cmd/worker")),
        );
    msb()
        .args(["plan"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("msb.toml:2: port"));
}

#[test]
fn broken_msb_toml_exits_1_names_key_and_line_and_writes_nothing() {
    let cases = [
        ("lang = \"go\"\nport = \n", "msb.toml:2:"),
        (
            "lang = \"go\"\n\nprot = 8080\n",
            "msb.toml:3: unknown key \"prot\"",
        ),
        (
            "lang = \"go\"\nport = \"8080\"\n",
            "msb.toml:2: port: expected integer, 1-65535, found \"8080\"",
        ),
        (
            "runtime = \"windows\"\n",
            "msb.toml:1: runtime: unknown variant `windows`",
        ),
        ("port = 0\n", "msb.toml:1: port: 0 is not a port number"),
        (
            "lang-version = \"latest\"\n",
            "msb.toml:1: lang-version: expected a version",
        ),
        (
            "bin = \"x\"\n",
            "msb.toml:1: bin: --bin applies to Rust binaries",
        ),
    ];
    for (text, message) in cases {
        let dir = project(&["go-root-main"]);
        fs::write(dir.path().join("msb.toml"), text).unwrap();
        let before = listing(dir.path());
        msb()
            .args(["init", "--yes", "--save"])
            .arg(dir.path())
            .current_dir(dir.path())
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
        assert_eq!(listing(dir.path()), before, "nothing written for {text:?}");
    }
}

#[test]
fn config_flag_reads_and_saves_another_file() {
    let dir = project(&["rust-workspace"]);
    let answers = tempfile::tempdir().unwrap();
    let file = answers.path().join("ci.toml");
    msb()
        .args(["init", "--yes", "--stdout", "--config"])
        .arg(&file)
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ci.toml: no such file"));
    fs::write(&file, "bin = \"worker\"\n").unwrap();
    msb()
        .args(["init", "--yes", "--save", "--config"])
        .arg(&file)
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ci.toml").and(predicate::str::contains("--force")));
    msb()
        .args(["init", "--yes", "--save", "--force", "--config"])
        .arg(&file)
        .arg(dir.path())
        .assert()
        .success();
    assert!(read(&dir.path().join("Dockerfile")).contains("--package worker --bin worker"));
    assert!(read(&file).contains("bin = \"worker\"\nlang-version = "));
    assert!(!dir.path().join("msb.toml").exists());
}

#[test]
fn exported_templates_can_be_edited_and_are_used_first() {
    let dir = project(&["go-root-main"]);
    let templates = dir.path().join("ci/templates");
    msb()
        .args(["templates", "export"])
        .arg(&templates)
        .assert()
        .success()
        .stdout(predicate::str::contains("partials/runtime.tera"));
    for id in msb::render::templates::TEMPLATE_IDS {
        let path = templates.join(format!("{id}.tera"));
        assert_eq!(
            read(&path),
            msb::render::templates::embedded_text(id).unwrap()
        );
    }
    msb()
        .args(["templates", "export"])
        .arg(&templates)
        .assert()
        .success()
        .stdout(predicate::str::contains("unchanged"));

    let runtime = templates.join("partials/runtime.tera");
    fs::write(
        &runtime,
        read(&runtime).replace("USER ", "LABEL org.example.team=\"payments\"\nUSER "),
    )
    .unwrap();
    msb()
        .args(["templates", "list", "--templates"])
        .arg(&templates)
        .assert()
        .success()
        .stdout(predicate::str::contains("partials/runtime.tera"));
    msb()
        .args(["init", "--yes", "--stdout", "--templates"])
        .arg(&templates)
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "LABEL org.example.team=\"payments\"\nUSER 65532:65532",
        ));

    // The same directory named in msb.toml, relative to it, and saved back the same way.
    fs::write(
        dir.path().join("msb.toml"),
        "templates = \"ci/templates\"\n",
    )
    .unwrap();
    msb()
        .args(["init", "--yes", "--save", "--force"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(read(&dir.path().join("Dockerfile")).contains("LABEL org.example.team"));
    assert!(read(&dir.path().join("msb.toml")).ends_with("templates = \"ci/templates\"\n"));

    // A template that does not parse names its file and line; nothing is written.
    fs::write(
        &runtime,
        "FROM scratch\nUSER {{ runtime.user | }}\nEXPOSE 1\n",
    )
    .unwrap();
    let before = listing(dir.path());
    msb()
        .args(["init", "--yes", "--force"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "ci/templates/partials/runtime.tera:2:",
        ));
    assert_eq!(listing(dir.path()), before);

    // A misspelt template file is an error rather than silently ignored.
    fs::remove_file(&runtime).unwrap();
    fs::write(templates.join("go.dockerfile.tera"), "x").unwrap();
    msb()
        .args(["init", "--yes", "--stdout"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "go.dockerfile.tera: not a template msb renders",
        ));
}

#[test]
fn template_errors_at_render_time_name_file_and_line() {
    let dir = project(&["go-root-main"]);
    let templates = dir.path().join("t");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("go.Dockerfile.tera"),
        "FROM x\n\nRUN {{ go.no_such_field }}\n",
    )
    .unwrap();
    msb()
        .args(["init", "--yes", "--stdout", "--templates"])
        .arg(&templates)
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("go.Dockerfile.tera:3"));
    msb()
        .args(["init", "--yes", "--stdout", "--templates"])
        .arg(dir.path().join("absent"))
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no such directory")
                .and(predicate::str::contains("msb templates export")),
        );
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_msb()"),
        ("zsh", "#compdef msb"),
        ("fish", "complete -c msb"),
    ] {
        msb()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker).and(predicate::str::contains("templates")));
    }
    msb().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn help_shows_examples_for_the_new_commands() {
    msb().args(["init", "--help"]).assert().success().stdout(
        predicate::str::contains("--save")
            .and(predicate::str::contains("--config"))
            .and(predicate::str::contains("--templates"))
            .and(predicate::str::contains("flag > msb.toml > answer")),
    );
    msb()
        .args(["templates", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "msb templates export my-templates",
        ));
    msb()
        .args(["completions", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("msb completions bash"));
}

#[test]
fn saved_features_rebuild_the_same_dockerfile_and_bad_ones_name_the_key() {
    let dir = project(&["rust-required-features"]);
    msb()
        .args(["init", "--yes", "--save", "--features", "loud, loud"])
        .arg(dir.path())
        .assert()
        .success();
    let saved = read(&dir.path().join("msb.toml"));
    assert!(saved.contains("features = [\"loud\"]\n"), "{saved}");
    let first = read(&dir.path().join("Dockerfile"));
    assert!(
        first.contains("--bin relay --features server,loud"),
        "{first}"
    );

    fs::remove_file(dir.path().join("Dockerfile")).unwrap();
    msb()
        .args(["init", "--yes", "--check"])
        .arg(dir.path())
        .assert()
        .code(1);
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(read(&dir.path().join("Dockerfile")), first);

    fs::write(dir.path().join("msb.toml"), "features = \"loud\"\n").unwrap();
    let before = listing(dir.path());
    msb()
        .args(["init", "--yes", "--force"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("msb.toml:1: features"));
    fs::write(dir.path().join("msb.toml"), "features = [\"quiet\"]\n").unwrap();
    msb()
        .args(["init", "--yes", "--force"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "msb.toml:1: features: package relay has no feature `quiet`; it declares `loud`, `server`",
        ));
    assert_eq!(listing(dir.path()).len(), before.len());
    assert_eq!(
        read(&dir.path().join("Dockerfile")),
        first,
        "a refused run wrote"
    );
}
