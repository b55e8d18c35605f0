//! How one module is packaged and started: whether its packaging runs at all, the jar name it
//! builds, and the first packaging plugin that decides (Spring Boot, Quarkus, shade, assembly),
//! else a plain jar with a main class.

use super::fat_jar::{assembly, shade};
use super::main_class::main_class;
use super::packaging;
use super::quarkus::quarkus;
use super::spring_boot::{boot, is_starter_parent};
use super::text_of;
use crate::detect::java::Launch;
use crate::detect::maven::Reactor;
use crate::repo;
use crate::values;

/// An application module as it is built and started.
pub(super) struct Module {
    pub(super) launch: Launch,
    pub(super) jar: String,
    /// A Quarkus uber-jar's name, used when the packaging asks for one.
    pub(super) runner: Option<String>,
    pub(super) boot_version: Option<String>,
    /// The main class, and the file that names it.
    pub(super) main_class: Option<(String, String)>,
}

/// What one packaging plugin decides about a module.
pub(super) enum Outcome {
    Runs(Module),
    /// The plugin builds something msb cannot start; a warning says why.
    Skipped,
    /// The plugin is absent or does not package the module: the next one decides.
    Undecided,
}

/// Module `i` of the reactor, with the jar name its POM gives it.
pub(super) struct Candidate<'a> {
    pub(super) r: &'a Reactor,
    pub(super) i: usize,
    /// `finalName`, or artifactId-version, interpolated.
    pub(super) final_name: String,
    /// maven-jar-plugin's `<mainClass>`.
    pub(super) jar_plugin_main: Option<String>,
}

impl Candidate<'_> {
    /// `name` in the module's `target` directory.
    pub(super) fn target(&self, name: &str) -> String {
        repo::join(&repo::join(&self.r.poms[self.i].dir, "target"), name)
    }
}

type Step = fn(&Candidate, &mut Vec<String>) -> Outcome;

/// Works out how module `i` is packaged and started; `None` for libraries.
pub(super) fn analyse(r: &Reactor, i: usize, warnings: &mut Vec<String>) -> Option<Module> {
    if !runnable_packaging(r, i, warnings) {
        return None;
    }
    let candidate = Candidate {
        r,
        i,
        final_name: final_name(r, i, warnings)?,
        jar_plugin_main: r
            .plugin(i, "maven-jar-plugin")
            .and_then(|p| text_of(p.find("mainClass")).map(str::to_string)),
    };
    let steps: [Step; 4] = [boot, quarkus, shade, assembly];
    for step in steps {
        match step(&candidate, warnings) {
            Outcome::Runs(module) => return Some(module),
            Outcome::Skipped => return None,
            Outcome::Undecided => {}
        }
    }
    main_class(&candidate, warnings)
}

/// Whether the module's packaging makes something `java -jar` can run: a jar, or a war that
/// Spring Boot repackages.
fn runnable_packaging(r: &Reactor, i: usize, warnings: &mut Vec<String>) -> bool {
    let pom = &r.poms[i];
    let boot_war = r
        .plugin(i, "spring-boot-maven-plugin")
        .is_some_and(|b| is_starter_parent(r, i) || b.has_goal("repackage"));
    match packaging(r, i).as_str() {
        "jar" => true,
        // Spring Boot repackages a war into one `java -jar` runs, servlet container inside.
        "war" if boot_war => true,
        "war" => {
            warnings.push(format!(
                "{}: packaging war needs a servlet container; msb builds runnable jars",
                pom.file
            ));
            false
        }
        other if other.starts_with("docker") || other == "native-image" => {
            warnings.push(format!(
                "{}: packaging {} builds an image or a native executable with Micronaut's plugin; msb builds runnable jars (packaging jar)",
                pom.file,
                values::shown(other)
            ));
            false
        }
        _ => false,
    }
}

/// The jar's base name: `<finalName>`, else artifactId-version.
fn final_name(r: &Reactor, i: usize, warnings: &mut Vec<String>) -> Option<String> {
    let pom = &r.poms[i];
    let name = r.interpolate(
        i,
        pom.final_name
            .as_deref()
            .unwrap_or("${project.artifactId}-${project.version}"),
    );
    if name.is_none() {
        warnings.push(format!(
            "{}: the jar name (finalName, artifactId-version) uses a property msb cannot resolve; set <finalName> to a literal",
            pom.file
        ));
    }
    name
}
