//! A plain jar started by its main class (maven-jar-plugin, exec-maven-plugin or
//! `exec.mainClass`): on the class path beside its dependencies, or shaded by Micronaut's parent.

use super::analyse::{Candidate, Module};
use super::{text_of, unresolved};
use crate::detect::java::Launch;
use crate::detect::maven::Reactor;

/// Micronaut's parent shades every `jar` module into a runnable jar with `exec.mainClass`.
fn is_micronaut_parent(r: &Reactor, i: usize) -> bool {
    r.external_parent(i).is_some_and(|(_, p)| {
        p.artifact_id == "micronaut-parent"
            && (p.group_id == "io.micronaut" || p.group_id == "io.micronaut.platform")
    })
}

/// The module started by its main class; `None` for a library, which names none.
pub(super) fn main_class(c: &Candidate, warnings: &mut Vec<String>) -> Option<Module> {
    let (r, i) = (c.r, c.i);
    let pom = &r.poms[i];
    let exec_main = r
        .plugin(i, "exec-maven-plugin")
        .and_then(|p| text_of(p.find("mainClass")).map(str::to_string))
        .or_else(|| r.property(i, "exec.mainClass"));
    let main = c.jar_plugin_main.clone().or(exec_main)?;
    let Some(main) = r.interpolate(i, &main) else {
        warnings.push(unresolved(&pom.file, "the main class", &main));
        return None;
    };
    let jar = c.target(&format!("{}.jar", c.final_name));
    let launch = if is_micronaut_parent(r, i) {
        Launch::FatJar
    } else {
        Launch::ClassPath {
            main_class: main.clone(),
        }
    };
    Some(Module {
        launch,
        jar,
        runner: None,
        boot_version: None,
        main_class: Some((main, pom.file.clone())),
    })
}
