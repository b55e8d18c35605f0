//! Build secrets: credentials a dependency step reads through `RUN --mount=type=secret`,
//! never through a layer, `ARG` or `ENV`. A language plan lists the secrets its steps need
//! in `Plan::secrets`; this module writes their mount flags ([`BuildSecret::mount`]), the
//! `docker build --secret` command and the comment above the first step that mounts them,
//! for every language. Templates print them: `partials/secrets` (the comment) and
//! `partials/secret-mounts` (continuation lines inside a `RUN`), or a language's own steps.

use serde::Serialize;

use crate::detect::secrets::{FoundSecret, SecretRule};
use crate::quote::Fragment;

/// One BuildKit secret. Every field is msb's own text (from a [`SecretRule`]), never the
/// repository's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildSecret {
    pub id: &'static str,
    /// Where the step reads it: the rule's target, else BuildKit's `/run/secrets/<id>`.
    pub path: String,
    /// The file `docker build --secret id=<id>,src=<source>` reads, for the comment.
    pub source: &'static str,
    /// `--mount=type=secret,id=<id>[,target=<target>][,required=true]`.
    pub mount: Fragment,
    /// Keeps the repository's own copy of the credentials out of the build context.
    #[serde(skip)]
    pub ignore: &'static str,
}

impl BuildSecret {
    /// The secret a rule describes, passed from the developer's own copy (`$HOME/.netrc`).
    #[must_use]
    pub fn from_rule(rule: &SecretRule) -> Self {
        let mut mount = format!("--mount=type=secret,id={}", rule.id);
        if let Some(target) = rule.target {
            mount.push_str(&format!(",target={target}"));
        }
        if rule.required {
            mount.push_str(",required=true");
        }
        Self {
            id: rule.id,
            path: rule
                .target
                .map_or_else(|| format!("/run/secrets/{}", rule.id), str::to_string),
            source: rule.source,
            mount: Fragment::validated(&mount),
            ignore: rule.ignore,
        }
    }

    /// The secret for a file found in the repository, passed from that file (`src=.npmrc`),
    /// which the `.dockerignore` keeps out of the context.
    #[must_use]
    pub fn found(found: &FoundSecret) -> Self {
        Self {
            source: found.rule.file,
            ..Self::from_rule(&found.rule)
        }
    }
}

/// The build command a plan with `secrets` needs; `dockerfile` is the Dockerfile's path
/// from the build context when it is not `./Dockerfile` (a workspace member).
#[must_use]
pub fn build_command(secrets: &[BuildSecret], dockerfile: Option<&str>) -> String {
    let file = dockerfile.map(|f| format!(" -f {f}")).unwrap_or_default();
    let flags: Vec<String> = secrets
        .iter()
        .map(|s| format!(" --secret id={},src={}", s.id, s.source))
        .collect();
    format!("docker build{file}{} .", flags.concat())
}

/// The comment lines above the first step that mounts the secrets.
#[must_use]
pub fn comment(command: &str) -> Vec<String> {
    vec![
        "Private dependencies: credentials come from BuildKit secrets, never from a layer, ARG or ENV.".into(),
        format!("Build with: {command}"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::secrets::{MAVEN_SETTINGS, NETRC, NPMRC};

    #[test]
    fn the_command_names_every_secret() {
        let secrets = [
            BuildSecret::from_rule(&NETRC),
            BuildSecret::from_rule(&NPMRC),
        ];
        assert_eq!(
            build_command(&secrets, None),
            "docker build --secret id=netrc,src=$HOME/.netrc --secret id=npmrc,src=$HOME/.npmrc ."
        );
        assert_eq!(
            build_command(&secrets[1..], Some("apps/web/Dockerfile")),
            "docker build -f apps/web/Dockerfile --secret id=npmrc,src=$HOME/.npmrc ."
        );
    }

    #[test]
    fn mounts_name_the_target_or_leave_the_default_path() {
        let netrc = BuildSecret::from_rule(&NETRC);
        assert_eq!(
            netrc.mount.as_str(),
            "--mount=type=secret,id=netrc,target=/root/.netrc"
        );
        let maven = BuildSecret::from_rule(&MAVEN_SETTINGS);
        assert_eq!(
            maven.mount.as_str(),
            "--mount=type=secret,id=maven-settings,required=true"
        );
        assert_eq!(maven.path, "/run/secrets/maven-settings");
    }
}
