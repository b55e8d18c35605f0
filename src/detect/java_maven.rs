//! Maven builds: application modules, their packaging and jar names, the Java release, and
//! settings files with credentials.

mod analyse;
mod applications;
mod describe;
mod fat_jar;
mod image_plugins;
mod main_class;
mod quarkus;
mod release;
mod settings_secret;
mod spring_boot;
mod wrapper;

use super::java::{BuildTool, Found, JavaFacts};
use super::maven::Reactor;
use super::xml::Element;
use super::{DetectError, Evidence, ManifestError};
use crate::detect::java::Applications;
use crate::repo::Tree;
use crate::values;
use applications::applications;
pub use describe::describe;
use settings_secret::settings_secret;
use wrapper::wrapper;

const PREFERENCE_RULE: &str =
    "the first application module in the build's own order (pom.xml <modules>) comes first";

/// `<packaging>`, interpolated: Micronaut projects declare `${packaging}`.
fn packaging(r: &Reactor, i: usize) -> String {
    let raw = &r.poms[i].packaging;
    r.interpolate(i, raw).unwrap_or_else(|| raw.clone())
}

fn text_of(e: Option<&Element>) -> Option<&str> {
    e.map(|e| e.text.as_str()).filter(|t| !t.is_empty())
}

/// The warning for a value built from a property msb cannot resolve.
fn unresolved(file: &str, what: &str, value: &str) -> String {
    format!(
        "{file}: {what} {} uses a property msb cannot resolve; set it to a literal",
        values::shown(value)
    )
}

/// Reads the Maven reactor at the root of the tree.
///
/// # Errors
/// A POM that cannot be read or parsed, and names that cannot be used safely.
pub fn detect(tree: &dyn Tree) -> Result<Found, DetectError> {
    let reactor = Reactor::load(tree)?.ok_or_else(|| {
        ManifestError::new("pom.xml", None, "disappeared while msb was reading it")
    })?;
    let mut warnings = reactor.warnings.clone();
    let mut evidence = vec![reactor_evidence(&reactor)];
    let wrapper = wrapper(tree, &mut evidence, &mut warnings)?;
    let manifests = manifests(&reactor)?;
    let Applications { modules, versions } =
        applications(tree, &reactor, &mut evidence, &mut warnings)?;
    let secret = settings_secret(tree, &mut warnings)?;
    let dirs = if tree.is_dir(".mvn")? {
        vec![".mvn".into()]
    } else {
        Vec::new()
    };
    Ok(Found {
        facts: JavaFacts {
            tool: BuildTool::Maven,
            wrapper,
            kotlin_dsl: false,
            multi_module: reactor.poms.len() > 1,
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

/// The evidence that names the project and the size of its reactor.
fn reactor_evidence(reactor: &Reactor) -> Evidence {
    let root = &reactor.poms[0];
    Evidence::new(
        "pom.xml",
        None,
        format!(
            "Maven project {}{}",
            root.artifact_id,
            if reactor.poms.len() > 1 {
                format!(" with {} POMs in the reactor", reactor.poms.len())
            } else {
                String::new()
            }
        ),
    )
}

/// Every POM of the reactor, which the dependency stage copies.
fn manifests(reactor: &Reactor) -> Result<Vec<String>, DetectError> {
    let mut manifests = Vec::new();
    for pom in &reactor.poms {
        values::checked("pom.xml", "module path", &pom.file, values::check_rel_path)?;
        manifests.push(pom.file.clone());
    }
    Ok(manifests)
}
