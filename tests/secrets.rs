//! Secure defaults over every fixture case and runtime: the `.dockerignore` keeps version
//! control, `.env*`, keys, certificates and credentials files out of the build context; no
//! decoy secret planted in a fixture reaches the Dockerfile; no ARG or ENV carries a
//! credential; and a fixture with a token-bearing registry config (`.netrc`, `.npmrc`,
//! `pip.conf`) gets the `RUN --mount=type=secret` mount, the `docker build --secret`
//! command, and no COPY of that file.

mod support;

use std::path::Path;

use msb::detect::secrets::{self, SecretRule};
use msb::repo::DiskTree;
use support::strict::{self, Args};

/// Planted in fixture secrets (`.env`, `id_rsa`, `.netrc`, …); must never be generated.
const DECOY: &str = "MSB-DECOY-SECRET";

const ALWAYS_IGNORED: &[&str] = &[
    ".git",
    "**/.env",
    "**/.env.*",
    "**/.envrc",
    "**/*.pem",
    "**/*.key",
    "**/*.crt",
    "**/id_rsa*",
    "**/.netrc",
    "**/.git-credentials",
    "**/credentials.json",
];

const RULES: &[SecretRule] = &[secrets::NETRC, secrets::NPMRC, secrets::PIP_CONF];

fn generate(case: &support::Case, runtime: &str, dir: &Path) -> (String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_msb"))
        .args(["init", "--yes", "--runtime", runtime])
        .args(&case.args)
        .arg(dir)
        .output()
        .expect("run msb");
    assert!(
        out.status.success(),
        "{}: {}",
        case.name(),
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect(name);
    (read("Dockerfile"), read(".dockerignore"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn is_credential_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    [
        "TOKEN",
        "PASSWORD",
        "SECRET",
        "_AUTH",
        "NETRC",
        "NPMRC",
        "API_KEY",
        "CREDENTIAL",
    ]
    .iter()
    .any(|w| upper.contains(w))
}

#[test]
fn generated_files_keep_credentials_out_of_the_image_and_the_context() {
    let mut checked = 0;
    let mut with_secrets = Vec::new();
    for case in support::cases() {
        let tree = DiskTree::open(&case.dir()).expect("fixture");
        let found: Vec<_> = RULES
            .iter()
            .filter_map(|r| secrets::find(&tree, "", r).expect("readable"))
            .collect();
        for runtime in &case.runtimes {
            let name = format!("{}@{runtime}", case.name());
            let dir = tempfile::tempdir().expect("tempdir");
            copy_dir(&case.dir(), dir.path());
            let (dockerfile, ignore) = generate(&case, runtime, dir.path());
            checked += 1;
            let patterns: Vec<&str> = ignore
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .collect();
            for needed in ALWAYS_IGNORED {
                assert!(
                    patterns.contains(needed),
                    "{name}: .dockerignore lacks {needed}"
                );
            }
            assert!(
                !dockerfile.contains(DECOY),
                "{name}: a decoy secret reached the Dockerfile"
            );
            let instructions = strict::parse(&dockerfile).unwrap_or_else(|e| panic!("{name}: {e}"));
            for i in instructions
                .iter()
                .filter(|i| i.keyword == "ARG" || i.keyword == "ENV")
            {
                let Args::Shell(words) = &i.args else {
                    continue;
                };
                for w in words {
                    let key = w.text.split('=').next().unwrap_or_default();
                    assert!(
                        !is_credential_name(key),
                        "{name}: {} {key} looks like a credential",
                        i.keyword
                    );
                }
            }
            for secret in &found {
                let rule = &secret.rule;
                // The mount that puts the credentials where the tool reads them; a language
                // may name the secret its own way, so the id is taken from that mount.
                let id = dockerfile
                    .split_whitespace()
                    .filter_map(|w| w.strip_prefix("--mount=type=secret,id="))
                    .find_map(|rest| {
                        let (id, target) = rest.split_once(",target=")?;
                        (target.split(',').next() == Some(rule.target)).then_some(id)
                    })
                    .unwrap_or_else(|| panic!("{name}: no secret mounted at {}", rule.target));
                let command = format!("--secret id={id},src=");
                assert!(
                    dockerfile
                        .lines()
                        .any(|l| l.trim_start().starts_with('#') && l.contains(&command)),
                    "{name}: no `docker build {command}…` comment"
                );
                assert!(
                    patterns.contains(&rule.ignore),
                    "{name}: .dockerignore lacks {}",
                    rule.ignore
                );
                for i in instructions
                    .iter()
                    .filter(|i| i.keyword == "COPY" || i.keyword == "ADD")
                {
                    let Args::Shell(words) = &i.args else {
                        continue;
                    };
                    assert!(
                        !words.iter().any(|w| w.text.ends_with(rule.file)),
                        "{name}: {} copies {}",
                        i.keyword,
                        rule.file
                    );
                }
                with_secrets.push(name.clone());
            }
        }
    }
    println!(
        "secure defaults checked on {checked} generated case(s); secret mounts in {with_secrets:?}"
    );
    assert!(
        !with_secrets.is_empty(),
        "no fixture exercises a secret mount (go-private-netrc should)"
    );
}
