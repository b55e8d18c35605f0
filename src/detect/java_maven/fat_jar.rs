//! Jars with their dependencies inside, run with `java -jar`: maven-shade-plugin's shaded jar
//! and maven-assembly-plugin's jar-with-dependencies.

use super::analyse::{Candidate, Module, Outcome};
use super::{text_of, unresolved};
use crate::detect::java::Launch;

/// The shaded jar, when maven-shade-plugin builds one with a Main-Class.
pub(super) fn shade(c: &Candidate, warnings: &mut Vec<String>) -> Outcome {
    let Some(shade) = c.r.plugin(c.i, "maven-shade-plugin") else {
        return Outcome::Undecided;
    };
    let main = text_of(shade.find("mainClass"))
        .map(str::to_string)
        .or(c.jar_plugin_main.clone());
    let Some(main) = main else {
        warnings.push(format!(
            "{}: the shaded jar has no Main-Class (ManifestResourceTransformer <mainClass>), so it cannot be started with java -jar",
            shade.file
        ));
        return Outcome::Skipped;
    };
    let attached = text_of(shade.find("shadedArtifactAttached")) == Some("true");
    let shade_name = match text_of(shade.find("finalName")) {
        Some(f) => match c.r.interpolate(c.i, f) {
            Some(name) => Some(name),
            None => {
                warnings.push(unresolved(&shade.file, "the shade plugin's <finalName>", f));
                return Outcome::Skipped;
            }
        },
        None => None,
    };
    let final_name = &c.final_name;
    let jar = match shade_name {
        Some(name) => format!("{name}.jar"),
        None if attached => format!(
            "{final_name}-{}.jar",
            text_of(shade.find("shadedClassifierName")).unwrap_or("shaded")
        ),
        None => format!("{final_name}.jar"),
    };
    Outcome::Runs(Module {
        launch: Launch::FatJar,
        jar: c.target(&jar),
        runner: None,
        boot_version: None,
        main_class: Some((main, shade.file.clone())),
    })
}

/// The jar-with-dependencies, when maven-assembly-plugin builds one with a main class.
pub(super) fn assembly(c: &Candidate, warnings: &mut Vec<String>) -> Outcome {
    let Some(assembly) = c.r.plugin(c.i, "maven-assembly-plugin") else {
        return Outcome::Undecided;
    };
    let with_deps = assembly.find("descriptorRefs").is_some_and(|d| {
        d.children("descriptorRef")
            .any(|e| e.text == "jar-with-dependencies")
    });
    let (true, Some(main)) = (with_deps, text_of(assembly.find("mainClass"))) else {
        return Outcome::Undecided;
    };
    let append = text_of(assembly.find("appendAssemblyId")) != Some("false");
    let base = match text_of(assembly.find("finalName")) {
        Some(f) => match c.r.interpolate(c.i, f) {
            Some(name) => name,
            None => {
                warnings.push(unresolved(
                    &assembly.file,
                    "the assembly plugin's <finalName>",
                    f,
                ));
                return Outcome::Skipped;
            }
        },
        None => c.final_name.clone(),
    };
    let jar = if append {
        format!("{base}-jar-with-dependencies.jar")
    } else {
        format!("{base}.jar")
    };
    Outcome::Runs(Module {
        launch: Launch::FatJar,
        jar: c.target(&jar),
        runner: None,
        boot_version: None,
        main_class: Some((main.to_string(), assembly.file.clone())),
    })
}
