//! The hostile Python fixture: script names, a project name, `.python-version` and a start
//! command full of quotes, `$()`, backticks and newlines. Parsing the generated Dockerfile
//! must give exactly the instructions msb meant, with every hostile value inert.

mod support;

use support::dockerfile::{self, Instruction};
use support::project::init_stdout;

fn generate(args: &[&str]) -> String {
    init_stdout(args, &support::fixtures().join("python-hostile"))
}

fn keywords(all: &[Instruction]) -> Vec<&str> {
    all.iter().map(|i| i.keyword.as_str()).collect()
}

// No [build-system]: uv installs the dependencies in deps, and build only copies the source.
const EXPECTED: &[&str] = &[
    "ARG",
    "FROM",
    "COPY", // uv
    "ENV",
    "WORKDIR",
    "RUN", // deps
    "FROM",
    "COPY",
    "FROM",
    "RUN",
    "COPY",
    "COPY",
    "ENV",
    "ENV",
    "ENV",
    "WORKDIR",
    "USER",
    "EXPOSE",
    "ENTRYPOINT",
];

#[test]
fn hostile_names_never_become_instructions() {
    let text = generate(&[]);
    let all = dockerfile::parse(&text);
    assert_eq!(keywords(&all), EXPECTED, "{text}");
    for i in &all {
        for bad in ["$(id)", "`", "pwned", "attacker", "hostile"] {
            assert!(
                !i.args.contains(bad),
                "{bad} reached {} {}",
                i.keyword,
                i.args
            );
        }
    }
    let entry = all.last().unwrap();
    let argv: Vec<String> = serde_json::from_str(&entry.args).unwrap();
    assert_eq!(
        argv,
        ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
    );
    let arg = all.iter().find(|i| i.keyword == "ARG").unwrap();
    assert_eq!(
        arg.args, "PYTHON_VERSION=3.13",
        "only the first line of .python-version counts"
    );
}

#[test]
fn a_hostile_start_command_stays_one_exec_form_argument_per_word() {
    let text = generate(&[
        "--cmd",
        "uvicorn main:app --root-path '$(id)\nRUN touch /pwned' \"q\\\"uote\" `id`",
    ]);
    let all = dockerfile::parse(&text);
    let expected = [
        "ARG",
        "FROM",
        "RUN", // tini
        "FROM",
        "COPY", // uv
        "ENV",
        "WORKDIR",
        "RUN", // deps
        "FROM",
        "COPY",
        "FROM",
        "RUN",
        "COPY",
        "COPY",
        "COPY",
        "ENV",
        "ENV",
        "ENV",
        "WORKDIR",
        "USER",
        "EXPOSE",
        "ENTRYPOINT",
    ];
    assert_eq!(keywords(&all), expected, "{text}");
    assert!(!text.lines().any(|l| l.starts_with("RUN touch")));
    let argv: Vec<String> = serde_json::from_str(&all.last().unwrap().args).unwrap();
    assert_eq!(
        argv,
        [
            "/usr/bin/tini",
            "--",
            "uvicorn",
            "main:app",
            "--root-path",
            "$(id)\nRUN touch /pwned",
            "q\"uote",
            "`id`"
        ]
    );
}
