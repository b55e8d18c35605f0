//! Node.js promises that need more than a snapshot: hostile package.json values cannot add
//! or change an instruction, a workspace member is built from the workspace root, and a
//! static site's nginx.conf is written, checked and never silently replaced.

mod support;

use std::fs;

use predicates::prelude::*;
use support::dockerfile;
use support::project::{init_stdout, msb, project};

#[test]
fn hostile_package_json_values_cannot_add_or_change_instructions() {
    let text = init_stdout(
        &["--runtime", "slim"],
        &support::fixtures().join("node-hostile"),
    );
    let got: Vec<(String, String)> = dockerfile::parse(&text)
        .into_iter()
        .map(|i| (i.keyword, i.args))
        .collect();
    let expected: Vec<(&str, &str)> = vec![
        ("ARG", "NODE_VERSION=26"),
        ("FROM", "debian:trixie-slim AS tini"),
        (
            "RUN",
            "apt-get update && apt-get install -y --no-install-recommends tini=0.19.* && rm -rf /var/lib/apt/lists/*",
        ),
        ("FROM", "node:${NODE_VERSION}-trixie-slim AS base"),
        ("WORKDIR", "/app"),
        ("FROM", "base AS build-deps"),
        (
            "RUN",
            "--mount=type=bind,source=package.json,target=package.json --mount=type=cache,target=/root/.npm npm install",
        ),
        ("FROM", "build-deps AS build"),
        ("COPY", ". ."),
        ("RUN", "npm run build && rm -rf node_modules"),
        ("FROM", "node:${NODE_VERSION}-trixie-slim AS runtime"),
        ("COPY", "--from=tini /usr/bin/tini-static /usr/bin/tini"),
        ("COPY", "--from=build /app /app"),
        ("ENV", "NODE_ENV=production"),
        ("ENV", "PORT=3000"),
        ("WORKDIR", "/app"),
        ("USER", "1000:1000"),
        ("EXPOSE", "3000"),
        (
            "ENTRYPOINT",
            r#"["/usr/bin/tini", "--", "/usr/local/bin/node", "server.js"]"#,
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(k, a)| (k.to_string(), a.to_string()))
        .collect();
    assert_eq!(got, expected);
    for needle in ["$(", "`", "evil", "pwned", "curl"] {
        assert!(!text.contains(needle), "{needle} leaked into:\n{text}");
    }
}

#[test]
fn hostile_start_commands_given_as_flags_stay_single_arguments() {
    let out = msb()
        .args([
            "init",
            "--yes",
            "--stdout",
            "--cmd",
            "node \"a\nRUN x\" '$(id)'",
        ])
        .arg(support::fixtures().join("node-express"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let entry = dockerfile::parse(&text)
        .into_iter()
        .find(|i| i.keyword == "ENTRYPOINT")
        .unwrap();
    let argv: Vec<String> = serde_json::from_str(&entry.args).unwrap();
    assert_eq!(
        argv,
        [
            "/usr/bin/tini",
            "--",
            "/usr/local/bin/node",
            "a\nRUN x",
            "$(id)"
        ]
    );
}

#[test]
fn a_workspace_member_is_built_from_the_workspace_root() {
    let dir = project(&["node-pnpm-workspace"]);
    let web = dir.path().join("apps/web");
    msb()
        .args(["init", "--yes"])
        .arg(&web)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "docker build -f apps/web/Dockerfile .",
        ));
    let text = fs::read_to_string(web.join("Dockerfile")).unwrap();
    assert!(web.join("Dockerfile.dockerignore").is_file());
    assert!(!web.join(".dockerignore").exists());
    assert!(!dir.path().join(".dockerignore").exists());
    for bind in [
        "source=pnpm-lock.yaml",
        "source=packages/greeting/package.json",
        "source=apps/web/package.json",
    ] {
        assert!(text.contains(bind), "{bind}");
    }
    assert!(text.contains("pnpm --filter web... run build"));
    assert!(text.contains("pnpm --filter web deploy --prod"));
    msb()
        .args(["detect"])
        .arg(&web)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "workspace root (the build context)",
        ));
}

#[test]
fn the_workspace_root_itself_points_at_its_members() {
    msb()
        .args(["init", "--yes", "--stdout"])
        .arg(support::fixtures().join("node-pnpm-workspace"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("msb init apps/web"));
}

#[test]
fn a_static_site_gets_an_nginx_conf_that_check_and_force_cover() {
    let dir = project(&["node-vite-react"]);
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .success();
    let conf = fs::read_to_string(dir.path().join("nginx.conf")).unwrap();
    assert!(conf.contains("listen 8080;"));
    assert!(conf.contains("try_files $uri $uri/ /index.html;"));
    msb()
        .args(["init", "--yes", "--check"])
        .arg(dir.path())
        .assert()
        .success();
    fs::write(dir.path().join("nginx.conf"), "server {}\n").unwrap();
    msb()
        .args(["init", "--yes", "--check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("try_files"));
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains("nginx.conf"));
    msb()
        .args(["init", "--yes", "--force"])
        .arg(dir.path())
        .assert()
        .success();
}

#[test]
fn an_npmrc_credential_is_a_build_secret_and_never_in_the_context() {
    let dir = project(&["node-npmrc-token"]);
    msb()
        .args(["init", "--yes"])
        .arg(dir.path())
        .assert()
        .success();
    let text = fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(text.contains("--mount=type=secret,id=npmrc,target=/root/.npmrc"));
    assert!(text.contains("# Build with: docker build --secret id=npmrc,src=.npmrc ."));
    assert!(!text.contains("npm_FAKE"));
    assert!(!text.contains("source=.npmrc"));
    let ignore = fs::read_to_string(dir.path().join(".dockerignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "**/.npmrc"));
    assert!(ignore.lines().any(|l| l == "**/.env"));
    for i in dockerfile::parse(&text) {
        assert!(
            !(i.keyword == "ARG" || i.keyword == "ENV") || !i.args.to_lowercase().contains("token"),
            "{i:?}"
        );
    }
}

#[test]
fn distroless_is_refused_for_node_lines_it_does_not_publish() {
    msb()
        .args([
            "init",
            "--yes",
            "--stdout",
            "--runtime",
            "distroless",
            "--lang-version",
            "20",
        ])
        .arg(support::fixtures().join("node-express"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("22, 24, 26"));
    msb()
        .args(["init", "--yes", "--stdout", "--runtime", "scratch"])
        .arg(support::fixtures().join("node-express"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("scratch has no Node.js runtime"));
}
