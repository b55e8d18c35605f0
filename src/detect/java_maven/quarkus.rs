//! Quarkus modules: quarkus-maven-plugin's build goal, then the packaging
//! (`quarkus.package.jar.type`) that says fast-jar or uber-jar.

use super::analyse::{Candidate, Module, Outcome};
use crate::detect::DetectError;
use crate::detect::java::Launch;
use crate::detect::java_quarkus::{self, Packaging};
use crate::detect::maven::Reactor;
use crate::repo::Tree;
use crate::values;

/// A Quarkus application, when quarkus-maven-plugin builds one; the packaging is read later,
/// from the tree, by [`with_packaging`].
pub(super) fn quarkus(c: &Candidate, warnings: &mut Vec<String>) -> Outcome {
    let Some(quarkus) = c.r.plugin(c.i, "quarkus-maven-plugin") else {
        return Outcome::Undecided;
    };
    if quarkus.has_goal("build") {
        return Outcome::Runs(Module {
            launch: Launch::Quarkus,
            jar: c.target("quarkus-app"),
            runner: Some(c.target(&format!("{}-runner.jar", c.final_name))),
            boot_version: None,
            main_class: None,
        });
    }
    warnings.push(format!(
        "{}: quarkus-maven-plugin has no build goal, so the build packages no Quarkus application",
        quarkus.file
    ));
    Outcome::Undecided
}

/// A Quarkus module as its packaging builds it: the fast-jar directory or the uber-jar;
/// `None` (with a warning) for packagings msb does not build.
pub(super) fn with_packaging(
    tree: &dyn Tree,
    r: &Reactor,
    i: usize,
    mut m: Module,
    warnings: &mut Vec<String>,
) -> Result<Option<Module>, DetectError> {
    let pom = &r.poms[i];
    let from_pom = java_quarkus::pom_jar_type(|k| r.property(i, k));
    let (packaging, source) = java_quarkus::packaging(tree, &pom.dir, from_pom)?;
    match packaging {
        Packaging::FastJar => {}
        Packaging::UberJar => {
            m.launch = Launch::FatJar;
            m.jar = m.runner.take().unwrap_or_default();
        }
        Packaging::Other(kind) => {
            warnings.push(format!(
                "{}: Quarkus packaging {} is not one msb builds (fast-jar, uber-jar); the module is skipped",
                source.as_deref().unwrap_or(&pom.file),
                values::shown(&kind)
            ));
            return Ok(None);
        }
    }
    Ok(Some(m))
}
