//! The build's application projects, in project order: each one's kind, packaging and names
//! checked for the Dockerfile, and the Java release it compiles for.

use super::launch::{Packaged, packaged};
use super::naming::Naming;
use super::plugins;
use super::projects::{Build, Project};
use crate::detect::java::Applications;
use crate::detect::java::{self, JavaModule};
use crate::detect::java_maven::describe;
use crate::detect::{DetectError, Evidence};
use crate::repo::Tree;
use crate::values;
use crate::values::checked;

pub(super) fn applications(
    tree: &dyn Tree,
    build: &Build,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<Applications, DetectError> {
    let mut modules = Vec::new();
    let mut versions = Vec::new();
    let build_version = build.version();
    let boot_default = build.boot_version();
    for p in &build.projects {
        let Some(file) = &p.file else { continue };
        let Some(kind) = plugins::kind(p, &build.catalog) else {
            if !p.script.plugins.is_empty() {
                evidence.push(Evidence::new(
                    file,
                    None,
                    format!(
                        "{}: a library (no Spring Boot, application or shadow plugin)",
                        p.name
                    ),
                ));
            }
            continue;
        };
        let version = p
            .script
            .version
            .as_ref()
            .map(|(v, _)| v.clone())
            .or_else(|| build_version.clone());
        if p.script.version_computed.is_some() && p.script.version.is_none() {
            warnings.push(format!("{file}: the project version is computed, so msb cannot name the jar; set archiveFileName to a literal"));
            continue;
        }
        let naming = Naming {
            project: p,
            single: build.single(),
            version: version.as_deref(),
        };
        let Some(packaged) = packaged(tree, &naming, kind, boot_default.clone(), file, warnings)?
        else {
            continue;
        };
        check_names(file, &packaged)?;
        evidence.push(Evidence::new(
            file,
            None,
            format!(
                "{}: {} → {}",
                p.name,
                describe(&packaged.launch, packaged.boot_version.as_deref()),
                packaged.artifact
            ),
        ));
        versions.extend(java_release(build, p, file));
        modules.push(JavaModule {
            id: if p.dir.is_empty() {
                ".".into()
            } else {
                p.dir.clone()
            },
            name: p.name.clone(),
            dir: p.dir.clone(),
            task: Some(packaged.task),
            launch: packaged.launch,
            artifact: packaged.artifact,
            boot_version: packaged.boot_version,
            skip_flags: Vec::new(),
        });
    }
    Ok(Applications { modules, versions })
}

/// The artifact's name and path, and the main class, are safe to write into the Dockerfile.
fn check_names(file: &str, packaged: &Packaged) -> Result<(), DetectError> {
    let artifact = &packaged.artifact;
    let leaf = artifact.rsplit('/').next().unwrap_or_default();
    checked(file, "archive name", leaf, values::check_name)?;
    checked(file, "artifact path", artifact, values::check_rel_path)?;
    if let Some(main) = &packaged.main_class {
        checked(file, "main class", main, values::check_java_class)?;
    }
    Ok(())
}

/// The Java release a project compiles for, its own or the root's, with the file that
/// declares it (a convention plugin, when one did).
fn java_release(build: &Build, p: &Project, file: &str) -> Option<(String, Evidence)> {
    let root = build.root();
    let (v, line, what) = p.script.java.clone().or_else(|| root.script.java.clone())?;
    let v = java::release(&v)?;
    let src = if p.script.java.is_some() {
        p.java_file.clone().unwrap_or_else(|| file.to_string())
    } else {
        root.java_file
            .clone()
            .or_else(|| build.root_file.clone())
            .unwrap_or_default()
    };
    Some((
        v.clone(),
        Evidence::new(
            &src,
            Some(line),
            format!("Java {v} ({what}); builder and runtime use exactly this release"),
        ),
    ))
}
