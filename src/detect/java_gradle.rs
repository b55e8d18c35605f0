//! Gradle builds, read (never run) through the bounded script scanner: projects from the
//! settings script, plugins, versions, main classes and archive names from each build script.

mod applications;
mod build_context;
mod launch;
mod naming;
mod plugins;
mod projects;
mod wrapper;

use super::DetectError;
use super::java::{BuildTool, Found, JavaFacts};
use super::secrets;
use crate::detect::java::Applications;
use crate::repo::{self, Tree};
use applications::applications;
use build_context::{copied_dirs, manifests};
use projects::Build;
use wrapper::wrapper;

const PREFERENCE_RULE: &str =
    "the root project comes first, then the projects in settings-script include order";

/// The first of `names` in `dir` that exists.
fn first_file(tree: &dyn Tree, dir: &str, names: &[&str]) -> Result<Option<String>, DetectError> {
    for name in names {
        let path = repo::join(dir, name);
        if tree.is_file(&path)? {
            return Ok(Some(path));
        }
    }
    Ok(None)
}

/// Reads the Gradle build at the root of the tree.
///
/// # Errors
/// Build files that cannot be read, a broken version catalog, and unsafe names.
pub fn detect(tree: &dyn Tree) -> Result<Found, DetectError> {
    let mut evidence = Vec::new();
    let mut warnings = Vec::new();
    let build = Build::read(tree, &mut evidence, &mut warnings)?;
    evidence.push(build.summary());
    let Applications { modules, versions } =
        applications(tree, &build, &mut evidence, &mut warnings)?;
    let wrapper = wrapper(tree, &mut evidence, &mut warnings)?;
    let secret = secrets::find(tree, "", &secrets::GRADLE_PROPERTIES)?;
    let manifests = manifests(tree, &build, secret.is_some())?;
    let dirs = copied_dirs(tree, &build, &mut evidence, &mut warnings)?;
    Ok(Found {
        facts: JavaFacts {
            tool: BuildTool::Gradle,
            wrapper,
            kotlin_dsl: build.kotlin_dsl,
            multi_module: !build.single(),
            modules,
            manifests,
            dirs,
            secret,
        },
        versions,
        evidence,
        warnings,
        preference_rule: PREFERENCE_RULE,
    })
}
