use super::prompt::{NoPrompt, PromptError, Prompter, Question};
use super::*;
use crate::detect::detect;
use crate::repo::MemTree;

/// Answers from a script; any question not in the script fails the test. A key may be
/// scripted several times: an answer the validator refuses is recorded with the reason and
/// the next one is tried, as the terminal prompter asks again.
struct Scripted {
    answers: Vec<(&'static str, String)>,
    asked: Vec<&'static str>,
    refused: Vec<(String, String)>,
}

impl Scripted {
    fn new(answers: &[(&'static str, &str)]) -> Self {
        Self {
            answers: answers
                .iter()
                .map(|(k, v)| (*k, (*v).to_string()))
                .collect(),
            asked: Vec::new(),
            refused: Vec::new(),
        }
    }

    fn next(&mut self, key: &'static str) -> String {
        let at = self.answers.iter().position(|(k, _)| *k == key);
        match at {
            Some(i) => self.answers.remove(i).1,
            None => panic!("unexpected question {key}"),
        }
    }
}

impl Prompter for Scripted {
    fn interactive(&self) -> bool {
        true
    }
    fn select(
        &mut self,
        q: Question<'_>,
        items: &[String],
        _: usize,
    ) -> Result<usize, PromptError> {
        self.asked.push(q.key);
        let answer = self.next(q.key);
        Ok(items
            .iter()
            .position(|i| *i == answer)
            .expect("answer is one of the items"))
    }
    fn input(
        &mut self,
        q: Question<'_>,
        _: &str,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String, PromptError> {
        self.asked.push(q.key);
        loop {
            let answer = self.next(q.key);
            match validate(&answer) {
                Ok(()) => return Ok(answer),
                Err(reason) => self.refused.push((answer, reason)),
            }
        }
    }
}

/// Fails on any question at all.
struct Refuses;

impl Prompter for Refuses {
    fn interactive(&self) -> bool {
        true
    }
    fn select(&mut self, q: Question<'_>, _: &[String], _: usize) -> Result<usize, PromptError> {
        panic!("asked {}", q.key)
    }
    fn input(
        &mut self,
        q: Question<'_>,
        _: &str,
        _: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String, PromptError> {
        panic!("asked {}", q.key)
    }
}

const MAIN: &str = "package main\nfunc main() { http.ListenAndServe(\":9000\", nil) }\n";

fn two_languages() -> Detection {
    let tree = MemTree::new()
        .with("go.mod", "module example.com/svc\ngo 1.22\n")
        .with("cmd/svc/main.go", MAIN)
        .with("cmd/worker/main.go", "package main\n")
        .with("Cargo.toml", "[package]\nname = \"tool\"\n")
        .with("src/main.rs", "fn main() {}");
    detect(&tree, None).unwrap()
}

fn full_flags() -> Overrides {
    Overrides {
        language: Some(Given::flag("--lang", Language::Go)),
        runtime: Some(Given::flag("--runtime", Runtime::Scratch)),
        port: Some(Given::flag("--port", 7000)),
        version: Some(Given::flag("--lang-version", "1.25".into())),
        main: Some(Given::flag("--main", "./cmd/worker".into())),
        bin: None,
        features: None,
        module: None,
        command: Some(Given::flag(
            "--cmd",
            "/usr/local/bin/worker --serve 'a b'".into(),
        )),
        syntax: Some(Given::flag("--no-syntax", false)),
    }
}

#[test]
fn full_flags_never_prompt() {
    let s = resolve(&two_languages(), &full_flags(), &mut Refuses).unwrap();
    assert_eq!(s.project.language, Language::Go);
    assert_eq!(s.app.id, "cmd/worker");
    assert_eq!(
        (s.runtime, s.port, s.version.as_str(), s.syntax),
        (Runtime::Scratch, 7000, "1.25", false)
    );
    assert_eq!(
        s.command.unwrap(),
        ["/usr/local/bin/worker", "--serve", "a b"]
    );
    assert!(
        s.decisions.iter().all(|d| d.source == Source::Flag),
        "{:?}",
        s.decisions
    );
}

#[test]
fn yes_picks_by_stated_rules_and_says_why() {
    let s = resolve(&two_languages(), &Overrides::default(), &mut NoPrompt).unwrap();
    assert_eq!(s.project.language, Language::Go);
    assert_eq!(s.app.id, "cmd/svc");
    assert_eq!(s.port, 9000);
    assert_eq!(s.version, "1.27");
    let app = s.decisions.iter().find(|d| d.setting == "app").unwrap();
    assert!(
        app.reason.contains("cmd/<module name>")
            && app.reason.contains("cmd/worker")
            && app.reason.contains("--main"),
        "{}",
        app.reason
    );
    let lang = s
        .decisions
        .iter()
        .find(|d| d.setting == "language")
        .unwrap();
    assert!(lang.reason.contains("--lang"), "{}", lang.reason);
}

#[test]
fn answers_are_used_when_interactive_and_flags_win_over_answers() {
    let mut p = Scripted::new(&[
        ("language", "Rust (Cargo.toml)"),
        ("version", "1.90"),
        ("runtime", "slim"),
        ("port", "3000"),
        ("command", "/usr/local/bin/tool --serve"),
    ]);
    let s = resolve(&two_languages(), &Overrides::default(), &mut p).unwrap();
    assert_eq!(
        (s.project.language, s.version.as_str(), s.runtime, s.port),
        (Language::Rust, "1.90", Runtime::Slim, 3000)
    );
    assert_eq!(s.command.unwrap(), ["/usr/local/bin/tool", "--serve"]);
    assert_eq!(
        p.asked,
        ["language", "version", "runtime", "port", "command"]
    );

    let mut p = Scripted::new(&[
        ("language", "Go (go.mod)"),
        ("app", "cmd/worker"),
        ("version", "1.27"),
        ("command", "/usr/local/bin/worker"),
    ]);
    let overrides = Overrides {
        runtime: Some(Given::flag("--runtime", Runtime::Alpine)),
        port: Some(Given::flag("--port", 1234)),
        ..Overrides::default()
    };
    let s = resolve(&two_languages(), &overrides, &mut p).unwrap();
    assert_eq!(
        (s.app.id.as_str(), s.runtime, s.port),
        ("cmd/worker", Runtime::Alpine, 1234)
    );
    assert_eq!(p.asked, ["language", "app", "version", "command"]);
    assert_eq!(s.command, None, "the default command is no override");
}

#[test]
fn refused_answers_are_asked_again_with_the_reason_the_flag_gets() {
    let mut p = Scripted::new(&[
        ("language", "Go (go.mod)"),
        ("app", "cmd/svc"),
        ("version", "latest"),
        ("version", "1.26"),
        ("runtime", "distroless"),
        ("port", "0"),
        ("port", "http"),
        ("port", "9000"),
        ("command", "run 'x"),
        ("command", "/usr/local/bin/svc"),
    ]);
    let s = resolve(&two_languages(), &Overrides::default(), &mut p).unwrap();
    assert_eq!((s.version.as_str(), s.port), ("1.26", 9000));
    let reasons: Vec<&str> = p.refused.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "expected a version like 1.27 or 1.27.3",
            "\"0\" is not a port number (1-65535)",
            "\"http\" is not a port number (1-65535)",
            "the command has an unclosed quote",
        ]
    );
    for (key, value) in [("--lang-version", "latest"), ("--cmd", "run 'x")] {
        let overrides = Overrides {
            version: (key == "--lang-version").then(|| Given::flag(key, value.into())),
            command: (key == "--cmd").then(|| Given::flag(key, value.into())),
            ..Overrides::default()
        };
        let e = resolve(&two_languages(), &overrides, &mut NoPrompt).unwrap_err();
        assert!(e.is_usage(), "{e}");
        assert!(reasons.iter().any(|r| e.to_string().ends_with(r)), "{e}");
    }
}

#[test]
fn nothing_is_asked_when_msb_toml_and_flags_fix_every_value() {
    let file = crate::config::parse(
        "lang = \"go\"\nmain = \"cmd/worker\"\nlang-version = \"1.25\"\nruntime = \"alpine\"\ncmd = \"/usr/local/bin/worker\"\n",
        "msb.toml",
    )
    .unwrap();
    let flags = Overrides {
        port: Some(Given::flag("--port", 7000)),
        ..Overrides::default()
    };
    let overrides = crate::config::merge(flags, file.overrides);
    let s = resolve(&two_languages(), &overrides, &mut Refuses).unwrap();
    assert_eq!(
        (s.app.id.as_str(), s.runtime, s.port, s.version.as_str()),
        ("cmd/worker", Runtime::Alpine, 7000, "1.25")
    );
    let sources: Vec<(&str, Source)> = s.decisions.iter().map(|d| (d.setting, d.source)).collect();
    assert_eq!(
        sources,
        [
            ("language", Source::Config),
            ("app", Source::Config),
            ("version", Source::Config),
            ("runtime", Source::Config),
            ("port", Source::Flag),
            ("command", Source::Config),
        ]
    );
}

#[test]
fn invalid_msb_toml_values_name_file_key_and_line_and_are_not_usage_errors() {
    let file = crate::config::parse("lang = \"go\"\n\nport = 0\n", "app/msb.toml").unwrap();
    let e = resolve(&two_languages(), &file.overrides, &mut NoPrompt).unwrap_err();
    assert!(!e.is_usage());
    assert_eq!(
        e.to_string(),
        "app/msb.toml:3: port: 0 is not a port number (1-65535)"
    );
}

#[test]
fn invalid_overrides_are_usage_errors_naming_the_flag() {
    let cases: Vec<(Overrides, &str)> = vec![
        (
            Overrides {
                version: Some(Given::flag("--lang-version", "latest".into())),
                ..Overrides::default()
            },
            "--lang-version",
        ),
        (
            Overrides {
                main: Some(Given::flag("--main", "cmd/nope".into())),
                ..Overrides::default()
            },
            "cmd/svc, cmd/worker",
        ),
        (
            Overrides {
                bin: Some(Given::flag("--bin", "x".into())),
                ..Overrides::default()
            },
            "--main",
        ),
        (
            Overrides {
                command: Some(Given::flag("--cmd", "run 'x".into())),
                ..Overrides::default()
            },
            "unclosed quote",
        ),
        (
            Overrides {
                port: Some(Given::flag("--port", 0)),
                ..Overrides::default()
            },
            "--port",
        ),
    ];
    for (overrides, expected) in cases {
        let e = resolve(&two_languages(), &overrides, &mut NoPrompt).unwrap_err();
        assert!(e.is_usage(), "{e}");
        assert!(e.to_string().contains(expected), "{e} lacks {expected}");
    }
}

#[test]
fn cgo_projects_refuse_static_runtimes() {
    let tree = MemTree::new()
        .with("go.mod", "module m\n")
        .with("main.go", "package main\nimport \"C\"\n");
    let overrides = Overrides {
        runtime: Some(Given::flag("--runtime", Runtime::Scratch)),
        ..Overrides::default()
    };
    let e = resolve(&detect(&tree, None).unwrap(), &overrides, &mut NoPrompt).unwrap_err();
    assert!(e.to_string().contains("cgo"), "{e}");
}

#[test]
fn missing_project_language_or_app() {
    let e = resolve(
        &detect(&MemTree::new(), None).unwrap(),
        &Overrides::default(),
        &mut NoPrompt,
    )
    .unwrap_err();
    assert!(e.to_string().contains("go.mod, Cargo.toml"), "{e}");
    assert!(e.hint().unwrap().contains("--lang"));
    let go_only = detect(
        &MemTree::new()
            .with("go.mod", "module m\n")
            .with("main.go", MAIN),
        None,
    )
    .unwrap();
    let overrides = Overrides {
        language: Some(Given::flag("--lang", Language::Rust)),
        ..Overrides::default()
    };
    let e = resolve(&go_only, &overrides, &mut NoPrompt).unwrap_err();
    assert!(e.to_string().contains("no Cargo.toml"), "{e}");
    let library = detect(
        &MemTree::new()
            .with("go.mod", "module m\n")
            .with("lib.go", "package lib\n"),
        None,
    )
    .unwrap();
    let e = resolve(&library, &Overrides::default(), &mut NoPrompt).unwrap_err();
    assert!(matches!(e, SettingsError::NoApp { .. }), "{e}");
}

fn rust_with_features() -> Detection {
    let tree = MemTree::new()
        .with(
            "Cargo.toml",
            "[package]\nname = \"relay\"\n[features]\ndefault = []\npostgres = [\"dep:sqlx\"]\ntls = []\n\
             [dependencies]\nsqlx = { version = \"0.8\", optional = true }\nserde = { version = \"1\", optional = true }\n",
        )
        .with("src/main.rs", "fn main() {}");
    detect(&tree, None).unwrap()
}

fn with_features(features: &[&str]) -> Overrides {
    Overrides {
        features: Some(Given::flag(
            "--features",
            features.iter().map(|f| (*f).to_string()).collect(),
        )),
        ..Overrides::default()
    }
}

#[test]
fn features_are_checked_against_the_package_and_deduplicated() {
    let detection = rust_with_features();
    let s = resolve(
        &detection,
        &with_features(&["tls", "serde", "tls", "serde/derive"]),
        &mut NoPrompt,
    )
    .unwrap();
    assert_eq!(s.features, ["tls", "serde", "serde/derive"]);
    let decision = s
        .decisions
        .iter()
        .find(|d| d.setting == "features")
        .unwrap();
    assert_eq!(decision.value, "tls,serde,serde/derive");
    assert_eq!(decision.source, Source::Flag);

    let err = resolve(&detection, &with_features(&["sqlx"]), &mut NoPrompt).unwrap_err();
    assert_eq!(
        err.to_string(),
        "--features: package relay has no feature `sqlx`; it declares `default`, `postgres`, `serde`, `tls`"
    );
    assert!(err.is_usage());
    let err = resolve(&detection, &with_features(&["a;b"]), &mut NoPrompt).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("--features: a;b: it contains \";\""),
        "{err}"
    );
    let err = resolve(&detection, &with_features(&[]), &mut NoPrompt).unwrap_err();
    assert_eq!(err.to_string(), "--features: no feature named");
}

#[test]
fn features_apply_to_rust_only() {
    let mut overrides = with_features(&["tls"]);
    overrides.language = Some(Given::flag("--lang", Language::Go));
    let err = resolve(&two_languages(), &overrides, &mut NoPrompt).unwrap_err();
    assert_eq!(
        err.to_string(),
        "--features: features are Cargo features and apply to Rust projects only"
    );
}
