//! Private-registry credentials a repository carries: `.netrc`, `.npmrc`, `pip.conf`, …
//! Each rule says which file holds them, how to tell a file that holds credentials from one
//! that only configures a registry, and the BuildKit secret the build reads them from
//! instead. A language asks for the rules that concern it ([`find`]); the plan turns what
//! was found into `RUN --mount=type=secret` mounts (`plan::secrets`). Credentials never
//! enter the build context: every rule's file is in the `.dockerignore`.

use serde::Serialize;

use super::{DetectError, Evidence};
use crate::repo::Tree;

/// A kind of credentials file and the build secret that replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SecretRule {
    /// The file in the repository.
    pub file: &'static str,
    /// The BuildKit secret id (`--secret id=…`).
    pub id: &'static str,
    /// Where the secret is mounted during the step that needs it.
    pub target: &'static str,
    /// Where a developer's own copy usually lives, for the `docker build --secret` hint.
    pub source: &'static str,
    /// The `.dockerignore` pattern that keeps the repository's copy out of the context.
    pub ignore: &'static str,
    /// Words that mark a credential in the file (matched as key names).
    #[serde(skip)]
    pub markers: &'static [&'static str],
}

/// `~/.netrc`: credentials for HTTPS fetches by `go`, `git`, `curl` and pip.
pub const NETRC: SecretRule = SecretRule {
    file: ".netrc",
    id: "netrc",
    target: "/root/.netrc",
    source: "$HOME/.netrc",
    ignore: "**/.netrc",
    markers: &["password", "account"],
};

/// `.npmrc`: registry tokens for npm, pnpm and Yarn 1.
pub const NPMRC: SecretRule = SecretRule {
    file: ".npmrc",
    id: "npmrc",
    target: "/root/.npmrc",
    source: "$HOME/.npmrc",
    ignore: "**/.npmrc",
    markers: &["_authToken", "_auth", "_password", "username"],
};

/// `pip.conf`: an index URL with `user:password@`.
pub const PIP_CONF: SecretRule = SecretRule {
    file: "pip.conf",
    id: "pip.conf",
    target: "/etc/pip.conf",
    source: "$HOME/.config/pip/pip.conf",
    ignore: "**/pip.conf",
    markers: &["index-url", "extra-index-url"],
};

/// A credentials file found in the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundSecret {
    pub rule: SecretRule,
    /// The file and line of the first credential.
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

/// The value a credential line assigns, for the marker it holds; `None` when the line
/// holds no credential.
fn credential<'a>(rule: &SecretRule, line: &'a str) -> Option<&'a str> {
    let line = line.trim();
    if line.starts_with(['#', ';']) {
        return None;
    }
    if rule.id == NETRC.id {
        let mut words = line.split_whitespace();
        while let Some(word) = words.next() {
            if rule.markers.contains(&word) {
                return words.next();
            }
        }
        return None;
    }
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let name = key.rsplit(':').next().unwrap_or(key).trim();
    if !rule.markers.contains(&name) {
        return None;
    }
    let value = value.trim();
    if rule.id == PIP_CONF.id {
        // Only an index URL with user information carries a credential.
        let after_scheme = value.split_once("://").map_or(value, |(_, rest)| rest);
        let authority = after_scheme.split('/').next().unwrap_or_default();
        return authority.contains('@').then_some(value);
    }
    (!value.is_empty()).then_some(value)
}

fn is_reference(value: &str) -> bool {
    value.starts_with("${") || value.starts_with('$')
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
    let Some(text) = tree.read(&path)? else {
        return Ok(None);
    };
    Ok(text.lines().enumerate().find_map(|(index, line)| {
        credential(rule, line).map(|value| FoundSecret {
            rule: *rule,
            evidence: Evidence::new(
                &path,
                Some(index + 1),
                format!(
                    "credentials for a private registry: the build reads them from secret {}, never from a layer",
                    rule.id
                ),
            ),
            literal: !is_reference(value),
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
    fn absent_and_unreadable_files() {
        assert_eq!(find(&MemTree::new(), "", &NETRC).unwrap(), None);
        let binary = MemTree::new().with(".netrc", vec![0xff, 0xfe]);
        assert!(find(&binary, "", &NETRC).is_err());
    }
}
