//! The plugins a project applies, with version-catalog aliases resolved, and the kind of
//! application they make of it: Spring Boot, Quarkus, a shadow jar, an `application`
//! distribution, or none (a library).

use super::projects::{Catalog, Project};

pub(super) const BOOT: &str = "org.springframework.boot";
/// The `application` plugin, and plugins that apply it (Ktor, Micronaut).
const APPLICATION: &[&str] = &["application", "io.ktor.plugin", "io.micronaut.application"];

const SHADOW: &[&str] = &[
    "com.gradleup.shadow",
    "com.github.johnrengelman.shadow",
    "io.github.goooler.shadow",
];

/// What a project's plugins make of it, the first that applies in this order.
pub(super) enum Kind {
    /// The Spring Boot plugin, with the version it names.
    Boot(Option<String>),
    Quarkus,
    Shadow,
    Application,
}

/// The kind of application a project builds; `None` for a library.
pub(super) fn kind(p: &Project, catalog: &Catalog) -> Option<Kind> {
    let plugins = applied(p, catalog);
    let has = |id: &str| plugins.iter().any(|(i, _)| i == id);
    if let Some((_, version)) = plugins.iter().find(|(i, _)| i == BOOT) {
        Some(Kind::Boot(version.clone()))
    } else if has("io.quarkus") {
        Some(Kind::Quarkus)
    } else if SHADOW.iter().any(|s| has(s)) {
        Some(Kind::Shadow)
    } else if APPLICATION.iter().any(|a| has(a)) {
        Some(Kind::Application)
    } else {
        None
    }
}

/// Plugin ids a project applies, with catalog aliases resolved.
fn applied(p: &Project, catalog: &Catalog) -> Vec<(String, Option<String>)> {
    p.script
        .plugins
        .iter()
        .filter(|u| u.applied)
        .map(|u| {
            if u.alias {
                let key = u.id.replace(['-', '_'], ".");
                catalog.get(&key).cloned().unwrap_or((u.id.clone(), None))
            } else {
                (u.id.clone(), u.version.clone())
            }
        })
        .collect()
}
