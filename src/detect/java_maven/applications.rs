//! The reactor's application modules, in the build's order: each one analysed, its names
//! checked for the Dockerfile, its active profiles and Java release noted.

use super::analyse::{Module, analyse};
use super::image_plugins::image_plugin_skips;
use super::quarkus::with_packaging;
use super::release::java_version;
use super::{describe, packaging};
use crate::detect::java::Applications;
use crate::detect::java::{JavaModule, Launch};
use crate::detect::maven::Reactor;
use crate::detect::{DetectError, Evidence};
use crate::repo::Tree;
use crate::values;
use crate::values::checked;

pub(super) fn applications(
    tree: &dyn Tree,
    reactor: &Reactor,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<Applications, DetectError> {
    let mut modules = Vec::new();
    let mut versions = Vec::new();
    for i in 0..reactor.poms.len() {
        let pom = &reactor.poms[i];
        let Some(mut m) = analyse(reactor, i, warnings) else {
            if packaging(reactor, i) == "jar" {
                evidence.push(Evidence::new(
                    &pom.file,
                    None,
                    format!(
                        "{}: a library (no main class, no Spring Boot)",
                        values::shown(&pom.artifact_id)
                    ),
                ));
            }
            continue;
        };
        if m.launch == Launch::Quarkus {
            let Some(packaged) = with_packaging(tree, reactor, i, m, warnings)? else {
                continue;
            };
            m = packaged;
        }
        check_names(reactor, i, &m)?;
        evidence.push(Evidence::new(
            &pom.file,
            None,
            format!(
                "{}: {} → {}",
                pom.artifact_id,
                describe(&m.launch, m.boot_version.as_deref()),
                m.jar
            ),
        ));
        if let Some((file, id)) = reactor.inactive_production_profile(i) {
            warnings.push(format!(
                "{file}: profile {id} is not active, so the image is built with the default profiles; add -P{id} to .mvn/maven.config to build it with {id}"
            ));
        }
        versions.extend(java_version(reactor, i));
        modules.push(JavaModule {
            id: if pom.dir.is_empty() {
                ".".into()
            } else {
                pom.dir.clone()
            },
            name: pom.artifact_id.clone(),
            dir: pom.dir.clone(),
            task: None,
            launch: m.launch,
            artifact: m.jar,
            boot_version: m.boot_version,
            skip_flags: image_plugin_skips(reactor, i),
        });
    }
    Ok(Applications { modules, versions })
}

/// The artifactId, the jar's name and path, and the main class are safe to write into the
/// Dockerfile.
fn check_names(reactor: &Reactor, i: usize, m: &Module) -> Result<(), DetectError> {
    let pom = &reactor.poms[i];
    checked(
        &pom.file,
        "artifactId",
        &pom.artifact_id,
        values::check_name,
    )?;
    let jar_name = m.jar.rsplit('/').next().unwrap_or_default();
    checked(&pom.file, "jar name", jar_name, values::check_name)?;
    checked(&pom.file, "jar path", &m.jar, values::check_rel_path)?;
    if let Some((main, file)) = &m.main_class {
        checked(file, "main class", main, values::check_java_class)?;
    }
    Ok(())
}
