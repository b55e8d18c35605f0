//! Secure defaults over every fixture case and runtime: the `.dockerignore` keeps version
//! control, `.env*`, keys, certificates and credentials files out of the build context; no
//! decoy secret planted in a fixture reaches the Dockerfile; no ARG or ENV carries a
//! credential; and a fixture with a token-bearing registry config (`.netrc`, `.npmrc`,
//! `pip.conf`) gets the `RUN --mount=type=secret` mount, the `docker build --secret`
//! command, and no COPY of that file.

mod support;

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

/// The Dockerfile (`init --stdout`) and the `.dockerignore` patterns (`plan --json`) msb
/// generates for a case; nothing is written.
fn generate(case: &support::Case, runtime: &str) -> (String, Vec<String>) {
    let run = |command: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_msb"))
            .args(command)
            .args(["--runtime", runtime])
            .args(&case.args)
            .arg(case.project_dir())
            .output()
            .expect("run msb");
        assert!(
            out.status.success(),
            "{}: {}",
            case.name(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let dockerfile = run(&["init", "--yes", "--stdout"]);
    let plan: serde_json::Value = serde_json::from_str(&run(&["plan", "--json"])).expect("json");
    let patterns = plan["dockerignore"]
        .as_array()
        .expect("dockerignore groups")
        .iter()
        .flat_map(|g| g["patterns"].as_array().expect("patterns").clone())
        .map(|p| p.as_str().expect("pattern").to_string())
        .collect();
    (dockerfile, patterns)
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
        let tree = DiskTree::open(&case.project_dir()).expect("fixture");
        let found: Vec<_> = RULES
            .iter()
            .filter_map(|r| secrets::find(&tree, "", r).expect("readable"))
            .collect();
        for runtime in &case.runtimes {
            let name = format!("{}@{runtime}", case.name());
            let (dockerfile, ignore) = generate(&case, runtime);
            checked += 1;
            let patterns: Vec<&str> = ignore.iter().map(String::as_str).collect();
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
