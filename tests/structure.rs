//! Structural checks over every generated Dockerfile: the promises a lint cannot see.

mod support;

use support::dockerfile::{self, Instruction};

fn generate(case: &support::Case, runtime: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_msb"))
        .args(["init", "--yes", "--stdout", "--runtime", runtime])
        .args(&case.args)
        .arg(case.project_dir())
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        case.name(),
        String::from_utf8_lossy(&out.stderr)
    );
    (
        format!("{}@{runtime}", case.name()),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn is_numeric_non_root(user: &str) -> bool {
    let mut parts = user.split(':');
    let uid = parts.next().unwrap_or_default();
    uid.parse::<u32>().is_ok_and(|u| u != 0) && parts.all(|g| g.parse::<u32>().is_ok())
}

fn check(name: &str, text: &str, fixture: &std::path::Path) {
    let all = dockerfile::parse(text);
    let first_from = all
        .iter()
        .position(|i| i.keyword == "FROM")
        .expect("a FROM");
    assert!(
        all[..first_from].iter().all(|i| i.keyword == "ARG"),
        "{name}: only ARGs before the first FROM"
    );
    let stages = dockerfile::stages(&all);
    assert!(stages.len() >= 2, "{name}: multi-stage");
    let last = stages.last().unwrap();
    assert_eq!(
        dockerfile::stage_name(&last[0]),
        Some("runtime"),
        "{name}: the final stage is the runtime"
    );
    let image = last[0].args.split_whitespace().next().unwrap();
    for builder in ["golang:", "rust:", "maven", "gradle", "-jdk"] {
        assert!(
            !image.contains(builder),
            "{name}: final image {image} is a builder"
        );
    }
    let users: Vec<&Instruction> = last.iter().filter(|i| i.keyword == "USER").collect();
    assert!(
        users.last().is_some_and(|u| is_numeric_non_root(&u.args)),
        "{name}: numeric non-root USER"
    );
    let entry: Vec<&Instruction> = last
        .iter()
        .filter(|i| i.keyword == "ENTRYPOINT" || i.keyword == "CMD")
        .collect();
    assert!(
        entry.iter().filter(|i| i.keyword == "ENTRYPOINT").count() <= 1,
        "{name}"
    );
    assert!(!entry.is_empty(), "{name}: a start command");
    for i in &entry {
        let argv: Vec<String> = serde_json::from_str(&i.args)
            .unwrap_or_else(|_| panic!("{name}: exec form: {}", i.args));
        assert!(!argv.is_empty());
    }
    assert!(last.iter().any(|i| i.keyword == "EXPOSE"), "{name}: EXPOSE");
    assert!(
        !last
            .iter()
            .any(|i| i.keyword == "COPY" && !i.args.starts_with("--from=")),
        "{name}: the runtime copies only from stages"
    );
    for i in all.iter().filter(|i| i.keyword == "RUN") {
        for source in i
            .args
            .split_whitespace()
            .filter_map(|w| w.strip_prefix("--mount=type=bind,source="))
        {
            let source = source.split(',').next().unwrap();
            assert!(
                fixture.join(source).exists(),
                "{name}: bind source {source} exists"
            );
        }
    }
    let source_copy = all
        .iter()
        .position(|i| i.keyword == "COPY" && i.args == ". .")
        .or_else(|| {
            all.iter()
                .position(|i| i.keyword == "RUN" && i.args.contains("--mount=type=bind,target=."))
        });
    let deps_step = all.iter().position(|i| {
        i.keyword == "RUN"
            && [
                "go mod download",
                "cargo fetch",
                "go-offline",
                "dependencies",
                "pip install -r",
                "uv sync --locked --no-install-project",
                "poetry install --only main --no-root",
                "pipenv install",
            ]
            .iter()
            .any(|c| i.args.contains(c))
    });
    if let (Some(deps), Some(source)) = (deps_step, source_copy) {
        assert!(
            deps < source,
            "{name}: dependencies are downloaded before the source is copied"
        );
    }
}

#[test]
fn every_generated_dockerfile_keeps_the_promises() {
    let mut checked = 0;
    for case in support::cases() {
        for runtime in &case.runtimes {
            let (name, text) = generate(&case, runtime);
            check(&name, &text, &case.dir());
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
}

#[test]
fn the_parser_joins_continuations_and_skips_comments() {
    let parsed = dockerfile::parse("# c\nFROM a AS b\nRUN x \\\n    && y\n\nUSER 1:1\n");
    let keywords: Vec<&str> = parsed.iter().map(|i| i.keyword.as_str()).collect();
    assert_eq!(keywords, ["FROM", "RUN", "USER"]);
    assert_eq!(parsed[1].args, "x && y");
    assert_eq!(parsed[1].line, 3);
}
