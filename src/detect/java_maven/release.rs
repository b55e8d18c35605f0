//! The Java release a module compiles for: compiler properties and plugin settings, in
//! the order Maven's compiler plugin honours them.

use crate::detect::Evidence;
use crate::detect::java;
use crate::detect::maven::{PluginView, Reactor};

/// The Java release a module compiles for, and where it is declared.
pub(super) fn java_version(r: &Reactor, i: usize) -> Option<(String, Evidence)> {
    let compiler = r.plugin(i, "maven-compiler-plugin");
    let from_plugin = |name: &str| {
        compiler
            .as_ref()
            .and_then(|p| p.find(name))
            .map(|e| (e.text.clone(), p_file(compiler.as_ref()), e.line))
    };
    let from_property = |key: &str| {
        r.lineage(i).into_iter().find_map(|p| {
            p.properties
                .get(key)
                .map(|v| (v.clone(), p.file.clone(), 0usize))
        })
    };
    let candidates = [
        (
            "maven.compiler.release",
            from_property("maven.compiler.release"),
        ),
        ("compiler <release>", from_plugin("release")),
        (
            "maven.compiler.source",
            from_property("maven.compiler.source"),
        ),
        ("compiler <source>", from_plugin("source")),
        ("java.version", from_property("java.version")),
        // Micronaut's parent compiles for these.
        ("release.version", from_property("release.version")),
        ("jdk.version", from_property("jdk.version")),
    ];
    candidates.into_iter().find_map(|(what, found)| {
        let (raw, file, line) = found?;
        let value = java::release(&r.interpolate(i, &raw)?)?;
        Some((
            value.clone(),
            Evidence::new(
                &file,
                (line > 0).then_some(line),
                format!("Java {value} ({what}); builder and runtime use exactly this release"),
            ),
        ))
    })
}

fn p_file(p: Option<&PluginView<'_>>) -> String {
    p.map(|p| p.file.clone()).unwrap_or_default()
}
