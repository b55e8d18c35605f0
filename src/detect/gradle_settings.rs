//! Gradle settings scripts: the root project name, included projects, and plugin versions
//! from `pluginManagement`. Read with the same bounded scanner as build scripts.

use std::collections::BTreeMap;

use super::gradle::{assigned, literal, plugin_use, statements};

/// What a settings script declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub root_name: Option<String>,
    /// Included project paths (`:apps:api`), in declaration order, with lines.
    pub includes: Vec<(String, usize)>,
    /// Plugin versions from `pluginManagement { plugins { … } }`.
    pub plugin_versions: BTreeMap<String, String>,
    /// `includeBuild` directories (build logic or composite builds), with lines.
    pub included_builds: Vec<(String, usize)>,
    /// Declarations msb does not follow (custom `projectDir`, computed `includeBuild`).
    pub not_understood: Vec<(String, usize)>,
}

fn quoted_all(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['"', '\'']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        let after = &rest[start + 1..];
        let Some(end) = after.find(quote) else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

/// Reads a settings script.
#[must_use]
pub fn read_settings(text: &str) -> Settings {
    let mut settings = Settings::default();
    for st in statements(text) {
        let t = st.text.as_str();
        if let Some(v) = assigned(t, "rootProject.name") {
            settings.root_name = literal(v);
            if settings.root_name.is_none() {
                settings.not_understood.push((t.to_string(), st.line));
            }
        } else if t.starts_with("includeBuild") {
            match literal(t) {
                Some(dir) => settings.included_builds.push((dir, st.line)),
                None => settings.not_understood.push((t.to_string(), st.line)),
            }
        } else if t.contains(".projectDir") {
            settings.not_understood.push((t.to_string(), st.line));
        } else if t.starts_with("include") && !t.starts_with("includeFlat") {
            for path in quoted_all(t) {
                let path = if path.starts_with(':') {
                    path
                } else {
                    format!(":{path}")
                };
                settings.includes.push((path, st.line));
            }
        } else if st.inside("pluginManagement") {
            if let Some(p) = plugin_use(&st) {
                if let Some(v) = p.version {
                    settings.plugin_versions.insert(p.id, v);
                }
            }
        }
    }
    settings
}
