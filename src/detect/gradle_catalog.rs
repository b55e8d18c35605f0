//! The Gradle version catalog (`gradle/libs.versions.toml`): plugin ids and versions behind
//! `alias(libs.plugins.…)`.

use std::collections::BTreeMap;

use super::{DetectError, ManifestError};
use crate::repo::Tree;

/// Plugin versions from the version catalog's `[plugins]`, keyed by `libs.plugins.<alias>`
/// with `-` and `_` read as `.`.
pub fn plugins(tree: &dyn Tree) -> Result<BTreeMap<String, (String, Option<String>)>, DetectError> {
    let file = "gradle/libs.versions.toml";
    let mut out = BTreeMap::new();
    let Some(text) = tree.read(file)? else {
        return Ok(out);
    };
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        ManifestError::new(
            file,
            e.span().map(|s| super::line_of(&text, s.start)),
            e.message().trim().to_string(),
        )
    })?;
    let versions = table.get("versions").and_then(toml::Value::as_table);
    let Some(plugins) = table.get("plugins").and_then(toml::Value::as_table) else {
        return Ok(out);
    };
    for (alias, entry) in plugins {
        let key = format!("libs.plugins.{}", alias.replace(['-', '_'], "."));
        let (id, version) = match entry {
            toml::Value::String(s) => match s.split_once(':') {
                Some((id, v)) => (id.to_string(), Some(v.to_string())),
                None => (s.clone(), None),
            },
            toml::Value::Table(t) => {
                let id = t
                    .get("id")
                    .and_then(toml::Value::as_str)
                    .unwrap_or_default();
                let version = match t.get("version") {
                    Some(toml::Value::String(v)) => Some(v.clone()),
                    Some(toml::Value::Table(v)) => v
                        .get("ref")
                        .and_then(toml::Value::as_str)
                        .and_then(|r| versions?.get(r)?.as_str().map(str::to_string)),
                    _ => t
                        .get("version.ref")
                        .and_then(toml::Value::as_str)
                        .and_then(|r| versions?.get(r)?.as_str().map(str::to_string)),
                };
                (id.to_string(), version)
            }
            _ => continue,
        };
        out.insert(key, (id, version));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    #[test]
    fn catalog_aliases_resolve_plugin_versions() {
        let tree = MemTree::new().with(
            "gradle/libs.versions.toml",
            "[versions]\nboot = \"3.4.2\"\n[plugins]\nspring-boot = { id = \"org.springframework.boot\", version.ref = \"boot\" }\nshadow = \"com.gradleup.shadow:8.3.0\"\n",
        );
        let c = plugins(&tree).unwrap();
        assert_eq!(
            c["libs.plugins.spring.boot"],
            ("org.springframework.boot".into(), Some("3.4.2".into()))
        );
        assert_eq!(c["libs.plugins.shadow"].1.as_deref(), Some("8.3.0"));
        let broken = MemTree::new().with("gradle/libs.versions.toml", "[plugins\n");
        assert!(
            plugins(&broken)
                .unwrap_err()
                .to_string()
                .starts_with("gradle/libs.versions.toml:1")
        );
    }
}
