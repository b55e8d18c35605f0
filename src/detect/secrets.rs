//! Private-registry credentials a repository carries: `.netrc`, `.npmrc`, `pip.conf`, Maven's
//! `settings.xml`, `gradle.properties`. Each rule says which file holds them, how to tell a
//! file that holds credentials from one that only configures a registry, and the BuildKit
//! secret the build reads them from instead. A language asks for the rules that concern it
//! ([`find`], or [`find_file`] when the tool needs the file even without a credential); the
//! plan turns what was found into `RUN --mount=type=secret` mounts (`plan::secrets`), the
//! one place their text is written. Credentials never enter the build context: every rule's
//! file is in the `.dockerignore`.

use serde::Serialize;

use super::{DetectError, Evidence};
use crate::repo::Tree;

/// How a credential shows in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markers {
    /// netrc: the word after one of these words.
    NetrcWords(&'static [&'static str]),
    /// `key = value` lines whose key (after a `//host/:` scope) is one of these; an empty
    /// value still marks the file as the place credentials go.
    Keys(&'static [&'static str]),
    /// `key=value` (or `key: value`) lines whose lowercased key contains one of these.
    KeysContaining(&'static [&'static str]),
    /// `key = URL` lines, for these keys, whose URL names a user (`https://user:pw@host`).
    IndexUrls(&'static [&'static str]),
    /// Lines holding one of these XML elements.
    XmlElements(&'static [&'static str]),
}

/// A kind of credentials file and the build secret that replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SecretRule {
    /// The file in the repository, relative to the directory searched.
    pub file: &'static str,
    /// The BuildKit secret id (`--secret id=…`).
    pub id: &'static str,
    /// Where the secret is mounted during the steps that need it; `None` leaves it at
    /// BuildKit's `/run/secrets/<id>`, where the command is told to read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<&'static str>,
    /// Where a developer's own copy usually lives, for the `docker build --secret` hint.
    pub source: &'static str,
    /// The `.dockerignore` pattern that keeps the repository's copy out of the context.
    pub ignore: &'static str,
    /// The build fails when the secret is not passed, instead of running without it.
    pub required: bool,
    #[serde(skip)]
    pub markers: Markers,
}

/// `~/.netrc`: credentials for HTTPS fetches by `go`, `git`, `curl` and pip.
pub const NETRC: SecretRule = SecretRule {
    file: ".netrc",
    id: "netrc",
    target: Some("/root/.netrc"),
    source: "$HOME/.netrc",
    ignore: "**/.netrc",
    required: false,
    markers: Markers::NetrcWords(&["password", "account"]),
};

/// `.npmrc`: registry tokens and client certificates for npm, pnpm, Yarn 1 and Bun.
pub const NPMRC: SecretRule = SecretRule {
    file: ".npmrc",
    id: "npmrc",
    target: Some("/root/.npmrc"),
    source: "$HOME/.npmrc",
    ignore: "**/.npmrc",
    required: false,
    markers: Markers::Keys(&[
        "_authToken",
        "_auth",
        "_password",
        "password",
        "certfile",
        "keyfile",
    ]),
};

const PIP_INDEX_KEYS: Markers = Markers::IndexUrls(&["index-url", "extra-index-url"]);

/// `pip.conf`: the package index, with `user:password@` when it is private.
pub const PIP_CONF: SecretRule = SecretRule {
    file: "pip.conf",
    id: "pip.conf",
    target: Some("/etc/pip.conf"),
    source: "$HOME/.config/pip/pip.conf",
    ignore: "**/pip.conf",
    required: false,
    markers: PIP_INDEX_KEYS,
};

/// `.pip/pip.conf`, pip's older per-user location, kept in some repositories.
pub const PIP_CONF_DIR: SecretRule = SecretRule {
    file: ".pip/pip.conf",
    ..PIP_CONF
};

const MAVEN_MARKERS: Markers =
    Markers::XmlElements(&["password", "passphrase", "privateKey", "value"]);

/// Maven's `settings.xml` with server credentials: `mvn --settings /run/secrets/maven-settings`.
pub const MAVEN_SETTINGS: SecretRule = SecretRule {
    file: "settings.xml",
    id: "maven-settings",
    target: None,
    source: "$HOME/.m2/settings.xml",
    ignore: "settings.xml",
    required: true,
    markers: MAVEN_MARKERS,
};

/// `.mvn/settings.xml`, the project-local place for the same file.
pub const MAVEN_SETTINGS_MVN: SecretRule = SecretRule {
    file: ".mvn/settings.xml",
    ignore: ".mvn/settings.xml",
    ..MAVEN_SETTINGS
};

/// `gradle.properties` with repository credentials: mounted where Gradle reads it.
pub const GRADLE_PROPERTIES: SecretRule = SecretRule {
    file: "gradle.properties",
    id: "gradle-properties",
    target: Some("/build/gradle.properties"),
    source: "$HOME/.gradle/gradle.properties",
    ignore: "gradle.properties",
    required: false,
    markers: Markers::KeysContaining(&[
        "password",
        "passwd",
        "token",
        "secret",
        "apikey",
        "api_key",
        "credential",
        "privatekey",
    ]),
};

/// A credentials file found in the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundSecret {
    pub rule: SecretRule,
    /// The file and line of the first credential (no line when [`find_file`] found a file
    /// without one).
    pub evidence: Evidence,
    /// The credential is written out in the file (not a `${VAR}` reference): it is
    /// committed to the repository.
    pub literal: bool,
}

impl FoundSecret {
    /// The warning a committed credential deserves.
    #[must_use]
    pub fn warning(&self) -> Option<String> {
        self.literal.then(|| {
            format!(
                "{}: a credential is committed to the repository; msb keeps the file out of the build context and the build reads secret {} instead, but remove it from the repository and rotate it",
                self.evidence.location(),
                self.rule.id
            )
        })
    }
}

/// `key = value` or `key: value`, split at the first separator in `separators`.
fn key_value<'a>(line: &'a str, separators: &[char]) -> Option<(&'a str, &'a str)> {
    let at = line.find(separators)?;
    Some((line[..at].trim(), line[at + 1..].trim()))
}

/// The value a credential line assigns (empty when the marker is there without one);
/// `None` when the line holds no credential.
fn credential<'a>(markers: &Markers, line: &'a str) -> Option<&'a str> {
    let line = line.trim();
    if line.starts_with(['#', ';', '!']) || line.starts_with("<!--") {
        return None;
    }
    match markers {
        Markers::NetrcWords(words) => {
            let mut it = line.split_whitespace();
            while let Some(word) = it.next() {
                if words.contains(&word) {
                    return it.next();
                }
            }
            None
        }
        Markers::Keys(keys) => {
            let (key, value) = key_value(line, &['='])?;
            let name = key.rsplit(':').next().unwrap_or(key).trim();
            keys.contains(&name).then_some(value)
        }
        Markers::KeysContaining(words) => {
            let (key, value) = key_value(line, &['=', ':'])?;
            let key = key.to_ascii_lowercase();
            words.iter().any(|w| key.contains(w)).then_some(value)
        }
        Markers::IndexUrls(keys) => {
            let (key, value) = key_value(line, &['='])?;
            if !keys.contains(&key) {
                return None;
            }
            let after_scheme = value.split_once("://").map_or(value, |(_, rest)| rest);
            let authority = after_scheme.split('/').next().unwrap_or_default();
            authority.contains('@').then_some(value)
        }
        Markers::XmlElements(names) => names.iter().find_map(|name| {
            let open = format!("<{name}>");
            let at = line.find(&open)?;
            let rest = &line[at + open.len()..];
            Some(rest.split('<').next().unwrap_or_default().trim())
        }),
    }
}

fn is_reference(value: &str) -> bool {
    value.starts_with('$')
}

fn scan(path: &str, rule: &SecretRule, text: &str) -> Option<FoundSecret> {
    text.lines().enumerate().find_map(|(index, line)| {
        credential(&rule.markers, line).map(|value| FoundSecret {
            rule: *rule,
            evidence: Evidence::new(
                path,
                Some(index + 1),
                format!(
                    "credentials for a private registry: the build reads them from secret {}, never from a layer",
                    rule.id
                ),
            ),
            literal: !value.is_empty() && !is_reference(value),
        })
    })
}

/// Looks for `rule.file` at `dir` (empty for the root) and reports it when it holds a
/// credential. A file that only configures a registry is not reported.
///
/// # Errors
/// The file exists but cannot be read.
pub fn find(
    tree: &dyn Tree,
    dir: &str,
    rule: &SecretRule,
) -> Result<Option<FoundSecret>, DetectError> {
    let path = crate::repo::join(dir, rule.file);
    Ok(tree.read(&path)?.and_then(|text| scan(&path, rule, &text)))
}

/// Like [`find`], but reports the file whenever it exists: for a tool that must read it
/// even when it holds no credential (pip.conf names the index to install from).
///
/// # Errors
/// The file exists but cannot be read.
pub fn find_file(
    tree: &dyn Tree,
    dir: &str,
    rule: &SecretRule,
) -> Result<Option<FoundSecret>, DetectError> {
    let path = crate::repo::join(dir, rule.file);
    Ok(tree.read(&path)?.map(|text| {
        scan(&path, rule, &text).unwrap_or_else(|| FoundSecret {
            rule: *rule,
            evidence: Evidence::new(
                &path,
                None,
                format!(
                    "configures the package index: the build reads it from secret {}, never from a layer",
                    rule.id
                ),
            ),
            literal: false,
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    #[test]
    fn netrc_with_a_password_is_found_with_its_line() {
        let tree = MemTree::new().with(
            ".netrc",
            "# work\nmachine git.example.com\n  login ci\n  password s3cr3t\n",
        );
        let found = find(&tree, "", &NETRC).unwrap().unwrap();
        assert_eq!(found.evidence.location(), ".netrc:4");
        assert!(found.literal);
        assert!(found.warning().unwrap().contains("rotate"));
        let one_line = MemTree::new().with(".netrc", "machine h login u password p\n");
        assert!(find(&one_line, "", &NETRC).unwrap().is_some());
        let bare = MemTree::new().with(".netrc", "machine h\n");
        assert_eq!(find(&bare, "", &NETRC).unwrap(), None);
    }

    #[test]
    fn npmrc_tokens_and_references() {
        let tree = MemTree::new().with(
            ".npmrc",
            "registry=https://npm.example.com/\n//npm.example.com/:_authToken=${NPM_TOKEN}\n",
        );
        let found = find(&tree, "", &NPMRC).unwrap().unwrap();
        assert_eq!(found.evidence.line, Some(2));
        assert!(!found.literal);
        assert_eq!(found.warning(), None);
        let literal = MemTree::new().with(".npmrc", "//r/:_authToken=npm_abc123\n");
        assert!(find(&literal, "", &NPMRC).unwrap().unwrap().literal);
        let config = MemTree::new().with(".npmrc", "registry=https://npm.example.com/\n");
        assert_eq!(find(&config, "", &NPMRC).unwrap(), None);
    }

    #[test]
    fn pip_conf_needs_user_information_in_the_url() {
        let with = MemTree::new().with(
            "pip.conf",
            "[global]\nextra-index-url = https://u:p@pypi.example.com/simple\n",
        );
        assert!(find(&with, "", &PIP_CONF).unwrap().is_some());
        let without = MemTree::new().with(
            "pip.conf",
            "[global]\nindex-url = https://pypi.example.com/simple\n",
        );
        assert_eq!(find(&without, "", &PIP_CONF).unwrap(), None);
    }

    #[test]
    fn maven_and_gradle_credentials() {
        let settings = MemTree::new().with(
            ".mvn/settings.xml",
            "<settings>\n  <servers><server><id>r</id>\n    <password>${env.REPO_TOKEN}</password>\n</server></servers>\n</settings>\n",
        );
        let found = find(&settings, "", &MAVEN_SETTINGS_MVN).unwrap().unwrap();
        assert_eq!(found.evidence.location(), ".mvn/settings.xml:3");
        assert!(!found.literal);
        let plain = MemTree::new().with("settings.xml", "<settings><mirrors/></settings>\n");
        assert_eq!(find(&plain, "", &MAVEN_SETTINGS).unwrap(), None);
        let props = MemTree::new().with(
            "gradle.properties",
            "org.gradle.jvmargs=-Xmx2g\n# repoPassword=commented\nrepoPassword=hunter2\n",
        );
        let found = find(&props, "", &GRADLE_PROPERTIES).unwrap().unwrap();
        assert_eq!(found.evidence.line, Some(3));
        assert!(found.literal);
        let token = MemTree::new().with("gradle.properties", "GITHUB_TOKEN=x\n");
        assert!(find(&token, "", &GRADLE_PROPERTIES).unwrap().is_some());
        let config = MemTree::new().with("gradle.properties", "version=1.0\n");
        assert_eq!(find(&config, "", &GRADLE_PROPERTIES).unwrap(), None);
    }

    #[test]
    fn find_file_reports_a_config_without_credentials() {
        let tree = MemTree::new().with(
            ".pip/pip.conf",
            "[global]\nindex-url = https://pypi.example.com/simple\n",
        );
        assert_eq!(find(&tree, "", &PIP_CONF_DIR).unwrap(), None);
        let found = find_file(&tree, "", &PIP_CONF_DIR).unwrap().unwrap();
        assert_eq!(found.evidence.location(), ".pip/pip.conf");
        assert!(!found.literal);
        assert_eq!(find_file(&tree, "", &NETRC).unwrap(), None);
    }

    #[test]
    fn absent_and_unreadable_files() {
        assert_eq!(find(&MemTree::new(), "", &NETRC).unwrap(), None);
        let binary = MemTree::new().with(".netrc", vec![0xff, 0xfe]);
        assert!(find(&binary, "", &NETRC).is_err());
    }
}
