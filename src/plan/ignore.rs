//! `.dockerignore` contents: what never belongs in a build context (version control,
//! secrets, local tooling) plus each language's build output. Nothing listed here is a file
//! the generated Dockerfile copies or binds.

use serde::Serialize;

use super::secrets::BuildSecret;

/// A commented group of ignore patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoreGroup {
    pub comment: &'static str,
    pub patterns: Vec<&'static str>,
}

fn group(comment: &'static str, patterns: &[&'static str]) -> IgnoreGroup {
    IgnoreGroup {
        comment,
        patterns: patterns.to_vec(),
    }
}

/// Groups every project gets.
#[must_use]
pub fn common() -> Vec<IgnoreGroup> {
    vec![
        group(
            "Version control",
            &[".git", "**/.git", ".gitignore", ".gitattributes"],
        ),
        group(
            "Secrets: never sent to the builder",
            &[
                "**/.env",
                "**/.env.*",
                "**/.envrc",
                "**/*.pem",
                "**/*.key",
                "**/*.p12",
                "**/*.pfx",
                "**/id_rsa*",
                "**/id_dsa*",
                "**/id_ecdsa*",
                "**/id_ed25519*",
                "**/.netrc",
                "**/.git-credentials",
                "**/.pypirc",
                "**/.docker/config.json",
                "**/*.crt",
                "**/.aws",
                "**/.ssh",
                "**/credentials.json",
                "**/secrets.y*ml",
            ],
        ),
        group(
            "Container and CI files",
            &[
                "**/Dockerfile*",
                "**/*.dockerfile",
                "**/.dockerignore",
                "**/docker-compose*",
                "**/compose.y*ml",
                ".github",
                ".gitlab-ci.yml",
            ],
        ),
        group(
            "Editors and OS files",
            &["**/.idea", "**/.vscode", "**/*.swp", "**/.DS_Store"],
        ),
    ]
}

/// The credentials files a plan's secrets replace, when its ignore groups do not already
/// list them.
#[must_use]
pub fn for_secrets(secrets: &[BuildSecret], groups: &[IgnoreGroup]) -> Option<IgnoreGroup> {
    let listed: Vec<&str> = groups.iter().flat_map(|g| g.patterns.clone()).collect();
    let mut patterns: Vec<&'static str> = secrets
        .iter()
        .map(|s| s.ignore)
        .filter(|p| !listed.contains(p))
        .collect();
    patterns.sort_unstable();
    patterns.dedup();
    (!patterns.is_empty()).then_some(IgnoreGroup {
        comment: "Credentials: the build reads them from secrets",
        patterns,
    })
}

#[must_use]
pub fn for_go(vendored: bool) -> Vec<IgnoreGroup> {
    let mut groups = common();
    let mut output = vec!["**/*.test", "**/*.out", "coverage.*"];
    if !vendored {
        output.push("vendor");
    }
    groups.push(group("Go build output and test artefacts", &output));
    groups
}

#[must_use]
pub fn for_rust() -> Vec<IgnoreGroup> {
    let mut groups = common();
    groups.push(group(
        "Rust build output",
        &["target", "**/target", "**/*.rs.bk"],
    ));
    groups
}

/// Java: build output of modules up to two levels deep (never `**/build`, which would also
/// drop source packages named `build`) and Gradle's caches. A credentials file the build
/// receives as a secret is added with every language's secrets (`for_secrets`).
#[must_use]
pub fn for_java(maven: bool) -> Vec<IgnoreGroup> {
    let mut groups = common();
    if maven {
        groups.push(group(
            "Maven build output",
            &["target", "*/target", "*/*/target"],
        ));
    } else {
        groups.push(group(
            "Gradle build output and caches",
            &[
                "build",
                "*/build",
                "*/*/build",
                ".gradle",
                "**/.gradle",
                ".kotlin",
            ],
        ));
    }
    // JHipster, Vaadin and other full-stack builds install the front end themselves
    // (frontend-maven-plugin, gradle-node-plugin); the host's node_modules would be copied
    // over it, with binaries built for another platform.
    groups.push(group(
        "Front-end dependencies: the build installs its own",
        &["**/node_modules"],
    ));
    groups
}

/// Node.js: dependencies, caches and, when the image builds them, build outputs. `.npmrc`
/// is excluded only when it holds a credential: it is then a build secret (`for_secrets`).
#[must_use]
pub fn for_node(facts: &crate::detect::NodeFacts) -> Vec<IgnoreGroup> {
    let mut groups = common();
    groups.push(group(
        "Node.js dependencies, caches and logs",
        &[
            "**/node_modules",
            "**/.npm",
            "**/.pnpm-store",
            "**/.yarn/cache",
            "**/.yarn/unplugged",
            "**/.yarn/install-state.gz",
            "**/.pnp.*",
            "**/npm-debug.log*",
            "**/yarn-debug.log*",
            "**/yarn-error.log*",
            "**/.eslintcache",
            "**/coverage",
            "**/.nyc_output",
            "**/.turbo",
            "**/.cache",
            "**/.parcel-cache",
            "**/.vercel",
        ],
    ));
    if facts.workspace.is_some() && crate::plan::node::uses_deploy(facts) {
        // pnpm deploy copies a package's files as npm would pack them, honouring the
        // package's own .gitignore, which usually lists the build output the image runs.
        groups.push(group(
            "pnpm deploy packs members as npm publish would: a member's .gitignore would drop its build output",
            &["**/.gitignore"],
        ));
    }
    if facts.build_script {
        groups.push(group(
            "Build output: the image builds its own",
            &[
                "**/dist",
                "**/.next",
                "**/.nuxt",
                "**/.output",
                "**/.svelte-kit",
                "**/.astro",
                "**/.angular",
            ],
        ));
    }
    groups
}

/// Python: bytecode, local environments, tool caches, build output, and the credentials an
/// install step may read as a build secret (never from the context). README and LICENSE stay:
/// packaged projects read them while building.
#[must_use]
pub fn for_python() -> Vec<IgnoreGroup> {
    let mut groups = common();
    groups.push(group(
        "Package index credentials: passed as build secrets, never copied",
        &["**/pip.conf", "**/pip.ini", ".pip", "**/.pypirc"],
    ));
    groups.push(group(
        "Python environments, caches and build output",
        &[
            "**/__pycache__",
            "**/*.py[cod]",
            ".venv",
            "venv",
            "**/.venv",
            ".tox",
            ".nox",
            ".pytest_cache",
            ".mypy_cache",
            ".ruff_cache",
            ".coverage",
            "htmlcov",
            "build",
            "dist",
            "**/*.egg-info",
        ],
    ));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_lists_exclude_the_hosts_node_modules() {
        for maven in [true, false] {
            assert!(
                for_java(maven)
                    .iter()
                    .any(|g| g.patterns.contains(&"**/node_modules"))
            );
        }
    }

    #[test]
    fn every_list_excludes_git_env_and_keys() {
        for groups in [
            for_go(false),
            for_go(true),
            for_rust(),
            for_java(true),
            for_java(false),
            for_python(),
        ] {
            let all: Vec<&str> = groups
                .iter()
                .flat_map(|g| g.patterns.iter().copied())
                .collect();
            for needed in [
                ".git",
                "**/.env",
                "**/.env.*",
                "**/.envrc",
                "**/*.pem",
                "**/*.key",
                "**/id_rsa*",
            ] {
                assert!(all.contains(&needed), "{needed}");
            }
        }
    }

    #[test]
    fn secrets_add_their_files_once() {
        use crate::detect::secrets::{NETRC, NPMRC};
        let common = common();
        assert_eq!(
            for_secrets(&[BuildSecret::from_rule(&NETRC)], &common),
            None
        );
        let npmrc = BuildSecret::from_rule(&NPMRC);
        let group = for_secrets(&[npmrc.clone(), npmrc], &common).unwrap();
        assert_eq!(group.patterns, ["**/.npmrc"]);
    }

    #[test]
    fn vendored_go_keeps_vendor() {
        let has_vendor =
            |groups: Vec<IgnoreGroup>| groups.iter().any(|g| g.patterns.contains(&"vendor"));
        assert!(has_vendor(for_go(false)));
        assert!(!has_vendor(for_go(true)));
    }
}
