//! The Maven settings file with credentials, which the build receives as a secret rather than
//! a copied file.

use crate::detect::DetectError;
use crate::detect::secrets::{self, FoundSecret};
use crate::repo::Tree;

/// The settings file passed as a build secret: the project-local `.mvn/settings.xml` wins
/// over a settings.xml at the root.
pub(super) fn settings_secret(
    tree: &dyn Tree,
    warnings: &mut Vec<String>,
) -> Result<Option<FoundSecret>, DetectError> {
    let secret = match secrets::find(tree, "", &secrets::MAVEN_SETTINGS_MVN)? {
        Some(found) => Some(found),
        None => secrets::find(tree, "", &secrets::MAVEN_SETTINGS)?,
    };
    if let (Some(secret), Some(config)) = (&secret, tree.read(".mvn/maven.config")?) {
        if config.contains("settings.xml") {
            warnings.push(format!(
                ".mvn/maven.config names a settings file, but {} is passed as a build secret with --settings; remove the option from maven.config",
                secret.rule.file
            ));
        }
    }
    Ok(secret)
}
