//! Build secrets: credentials a dependency step reads through `RUN --mount=type=secret`,
//! never through a layer, `ARG` or `ENV`. A language plan lists the secrets its dependency
//! step needs in `Plan::secrets`; the shared partials render the `docker build --secret`
//! command (`partials/secrets`, a comment on the line before that `RUN`) and the mounts
//! (`partials/secret-mounts`, continuation lines inside it).

use serde::Serialize;

use crate::detect::secrets::SecretRule;

/// One BuildKit secret: `--mount=type=secret,id=<id>,target=<target>`. Every field is
/// msb's own text (from a [`SecretRule`]), never the repository's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildSecret {
    pub id: &'static str,
    pub target: &'static str,
    /// The file `docker build --secret id=<id>,src=<source>` reads, for the comment.
    pub source: &'static str,
    /// Keeps the repository's own copy of the credentials out of the build context.
    #[serde(skip)]
    pub ignore: &'static str,
}

impl From<&SecretRule> for BuildSecret {
    fn from(rule: &SecretRule) -> Self {
        Self {
            id: rule.id,
            target: rule.target,
            source: rule.source,
            ignore: rule.ignore,
        }
    }
}

/// The build command a plan with `secrets` needs.
#[must_use]
pub fn build_command(secrets: &[BuildSecret]) -> String {
    let flags: Vec<String> = secrets
        .iter()
        .map(|s| format!(" --secret id={},src={}", s.id, s.source))
        .collect();
    format!("docker build{} .", flags.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::secrets::{NETRC, NPMRC};

    #[test]
    fn the_command_names_every_secret() {
        let secrets = [BuildSecret::from(&NETRC), BuildSecret::from(&NPMRC)];
        assert_eq!(
            build_command(&secrets),
            "docker build --secret id=netrc,src=$HOME/.netrc --secret id=npmrc,src=$HOME/.npmrc ."
        );
    }
}
