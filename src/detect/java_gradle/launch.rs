//! How each kind of application project is built and started: the task that builds it, the
//! artifact it leaves, and the launch. Each step warns and gives up when a name is computed.

use super::naming::Naming;
use super::plugins::Kind;
use crate::detect::DetectError;
use crate::detect::java::{Launch, Layering, boot_launch};
use crate::detect::java_quarkus::{self, Packaging};
use crate::repo::{self, Tree};
use crate::values;

/// An application project as it is built and started.
pub(super) struct Packaged {
    pub(super) launch: Launch,
    /// What the runtime stage copies: a jar, or a directory.
    pub(super) artifact: String,
    pub(super) task: String,
    pub(super) boot_version: Option<String>,
    pub(super) main_class: Option<String>,
}

/// How a project of `kind`, declared in `file`, is built and started; `None` (with a
/// warning) when msb cannot name what it builds.
pub(super) fn packaged(
    tree: &dyn Tree,
    naming: &Naming,
    kind: Kind,
    boot_default: Option<String>,
    file: &str,
    warnings: &mut Vec<String>,
) -> Result<Option<Packaged>, DetectError> {
    Ok(match kind {
        Kind::Boot(version) => boot(naming, version.or(boot_default), file, warnings),
        Kind::Quarkus => quarkus(tree, naming, file, warnings)?,
        Kind::Shadow => shadow(naming, file, warnings),
        Kind::Application => application(naming, file, warnings),
    })
}

fn boot(
    naming: &Naming,
    version: Option<String>,
    file: &str,
    warnings: &mut Vec<String>,
) -> Option<Packaged> {
    let script = &naming.project.script;
    let layers = if script.layers_off {
        Layering::Off
    } else if script.custom_layers {
        Layering::Custom
    } else {
        Layering::Default
    };
    let Some(jar) = naming.jar("bootJar", None) else {
        warnings.push(format!(
            "{file}: the bootJar archive name is computed; set archiveFileName to a literal"
        ));
        return None;
    };
    // Spring Boot 1.x has no bootJar: bootRepackage rewrites the jar during assemble.
    let task = if version.as_deref().is_some_and(|v| v.starts_with("1.")) {
        "assemble"
    } else {
        "bootJar"
    };
    Some(Packaged {
        launch: boot_launch(version.as_deref(), layers, false),
        artifact: naming.in_libs(&jar),
        task: naming.task(task),
        boot_version: version,
        main_class: None,
    })
}

fn quarkus(
    tree: &dyn Tree,
    naming: &Naming,
    file: &str,
    warnings: &mut Vec<String>,
) -> Result<Option<Packaged>, DetectError> {
    let dir = &naming.project.dir;
    let (packaging, source) = java_quarkus::packaging(tree, dir, None)?;
    let (launch, artifact) = match packaging {
        Packaging::FastJar => (Launch::Quarkus, repo::join(dir, "build/quarkus-app")),
        Packaging::UberJar => {
            let Some(jar) = naming.jar("jar", Some("runner")) else {
                warnings.push(format!(
                    "{file}: the jar's archive name is computed; set archiveFileName to a literal"
                ));
                return Ok(None);
            };
            (Launch::FatJar, repo::join(&repo::join(dir, "build"), &jar))
        }
        Packaging::Other(kind) => {
            warnings.push(format!(
                "{}: Quarkus packaging {} is not one msb builds (fast-jar, uber-jar); the project is skipped",
                source.as_deref().unwrap_or(file),
                values::shown(&kind)
            ));
            return Ok(None);
        }
    };
    Ok(Some(Packaged {
        launch,
        artifact,
        task: naming.task("quarkusBuild"),
        boot_version: None,
        main_class: None,
    }))
}

fn shadow(naming: &Naming, file: &str, warnings: &mut Vec<String>) -> Option<Packaged> {
    let Some((main, _)) = naming.project.script.main_class.clone() else {
        warnings.push(format!("{file}: the shadow jar has no main class msb can read (application {{ mainClass = … }}), so it cannot be started with java -jar"));
        return None;
    };
    let Some(jar) = naming.jar("shadowJar", Some("all")) else {
        warnings.push(format!(
            "{file}: the shadowJar archive name is computed; set archiveFileName to a literal"
        ));
        return None;
    };
    Some(Packaged {
        launch: Launch::FatJar,
        artifact: naming.in_libs(&jar),
        task: naming.task("shadowJar"),
        boot_version: None,
        main_class: Some(main),
    })
}

fn application(naming: &Naming, file: &str, warnings: &mut Vec<String>) -> Option<Packaged> {
    let p = naming.project;
    let Some((main, _)) = p.script.main_class.clone() else {
        warnings.push(format!("{file}: the application plugin has no main class msb can read; set application {{ mainClass = \"…\" }} to a literal"));
        return None;
    };
    Some(Packaged {
        launch: Launch::Distribution {
            main_class: main.clone(),
        },
        artifact: repo::join(&repo::join(&p.dir, "build/install"), &p.name),
        task: naming.task("installDist"),
        boot_version: None,
        main_class: Some(main),
    })
}
