//! Spring Boot modules: a repackaged jar (or executable war), its layers, and the Boot
//! version from the parent, the BOM or the plugin.

use super::analyse::{Candidate, Module, Outcome};
use super::{packaging, text_of};
use crate::detect::java::{Launch, Layering, boot_launch};
use crate::detect::maven::{Reactor, descendant};

pub(super) fn is_starter_parent(r: &Reactor, i: usize) -> bool {
    r.external_parent(i)
        .is_some_and(|(_, p)| p.artifact_id == "spring-boot-starter-parent")
}

/// A Spring Boot jar, when spring-boot-maven-plugin repackages one.
pub(super) fn boot(c: &Candidate, warnings: &mut Vec<String>) -> Outcome {
    let (r, i) = (c.r, c.i);
    let Some(boot) = r.plugin(i, "spring-boot-maven-plugin") else {
        return Outcome::Undecided;
    };
    if !(is_starter_parent(r, i) || boot.has_goal("repackage")) {
        warnings.push(format!(
            "{}: spring-boot-maven-plugin has no repackage execution (and no spring-boot-starter-parent), so the jar is not a Spring Boot jar",
            boot.file
        ));
        return Outcome::Undecided;
    }
    let version = boot_version(r, i);
    let classifier = text_of(boot.find("classifier"));
    let layers = match boot.find("layers") {
        Some(l) if descendant(l, "configuration").is_some() => Layering::Custom,
        Some(l) if text_of(l.child("enabled")) == Some("false") => Layering::Off,
        Some(l) if text_of(l.child("enabled")) == Some("true") => Layering::On,
        _ => Layering::Default,
    };
    let executable = text_of(boot.find("executable")) == Some("true");
    let war = packaging(r, i) == "war";
    let ext = if war { "war" } else { "jar" };
    let final_name = &c.final_name;
    let jar = match classifier {
        Some(classifier) => format!("{final_name}-{classifier}.{ext}"),
        None => format!("{final_name}.{ext}"),
    };
    let launch = if war {
        Launch::BootJar {
            reason: "an executable war".into(),
        }
    } else {
        boot_launch(version.as_deref(), layers, executable)
    };
    Outcome::Runs(Module {
        launch,
        jar: c.target(&jar),
        runner: None,
        boot_version: version,
        main_class: None,
    })
}

fn boot_version(r: &Reactor, i: usize) -> Option<String> {
    if let Some((_, parent)) = r.external_parent(i) {
        if parent.group_id == "org.springframework.boot" {
            return Some(parent.version.clone());
        }
    }
    let bom = r
        .lineage(i)
        .into_iter()
        .find_map(|p| p.boot_bom.as_ref().map(|(v, _)| v.clone()));
    let plugin = r
        .plugin(i, "spring-boot-maven-plugin")
        .and_then(|p| p.version().map(|v| v.text.clone()));
    bom.or(plugin).and_then(|v| r.interpolate(i, &v))
}
