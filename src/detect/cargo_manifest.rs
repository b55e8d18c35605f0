//! A typed reader for the parts of `Cargo.toml` msb needs. Wrong types and TOML syntax errors
//! become [`ManifestError`]s with the line of the offending key.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::{ManifestError, line_of};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Manifest {
    pub package: Option<Package>,
    pub workspace: Option<Workspace>,
    pub lib: Option<Target>,
    #[serde(default)]
    pub bin: Vec<Target>,
    #[serde(default)]
    pub example: Vec<Target>,
    #[serde(default)]
    pub test: Vec<Target>,
    #[serde(default)]
    pub bench: Vec<Target>,
    #[serde(default)]
    pub dependencies: BTreeMap<String, Dependency>,
    #[serde(default)]
    pub dev_dependencies: BTreeMap<String, Dependency>,
    #[serde(default)]
    pub build_dependencies: BTreeMap<String, Dependency>,
    #[serde(default)]
    pub target: BTreeMap<String, PlatformDeps>,
    #[serde(default)]
    pub patch: BTreeMap<String, BTreeMap<String, Dependency>>,
    /// `[features]`: each feature with what it enables.
    #[serde(default)]
    pub features: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Package {
    pub name: String,
    pub rust_version: Option<Inheritable>,
    pub build: Option<BuildScript>,
    pub autobins: Option<bool>,
    pub default_run: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Inheritable {
    Value(String),
    /// `key.workspace = true`: the value comes from `[workspace.package]`.
    Workspace(serde::de::IgnoredAny),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum BuildScript {
    Enabled(bool),
    Path(String),
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Workspace {
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub package: Option<WorkspacePackage>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct WorkspacePackage {
    pub rust_version: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Target {
    pub name: Option<String>,
    pub path: Option<String>,
    /// Features the target builds only with: `cargo build --bin` fails without them.
    #[serde(default)]
    pub required_features: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Dependency {
    Detailed(DetailedDependency),
    /// A bare version requirement.
    Version(serde::de::IgnoredAny),
}

#[derive(Debug, Default, Deserialize)]
pub struct DetailedDependency {
    pub path: Option<String>,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlatformDeps {
    #[serde(default)]
    pub dependencies: BTreeMap<String, Dependency>,
    #[serde(default)]
    pub dev_dependencies: BTreeMap<String, Dependency>,
    #[serde(default)]
    pub build_dependencies: BTreeMap<String, Dependency>,
}

impl Manifest {
    /// Paths of every `path = "…"` dependency and patch, as written.
    #[must_use]
    pub fn path_dependencies(&self) -> Vec<&str> {
        let tables = [
            &self.dependencies,
            &self.dev_dependencies,
            &self.build_dependencies,
        ]
        .into_iter()
        .chain(
            self.target
                .values()
                .flat_map(|t| [&t.dependencies, &t.dev_dependencies, &t.build_dependencies]),
        )
        .chain(self.patch.values());
        let mut paths: Vec<&str> = tables
            .flat_map(BTreeMap::values)
            .filter_map(|d| match d {
                Dependency::Detailed(DetailedDependency { path: Some(p), .. }) => Some(p.as_str()),
                _ => None,
            })
            .collect();
        paths.sort_unstable();
        paths.dedup();
        paths
    }
}

impl Manifest {
    /// The names `cargo build --features` accepts for this package: its `[features]`, and
    /// its optional dependencies unless a feature enables one as `dep:NAME`. Sorted.
    #[must_use]
    pub fn feature_names(&self) -> Vec<String> {
        let hidden: BTreeSet<&str> = self
            .features
            .values()
            .flatten()
            .filter_map(|enabled| enabled.strip_prefix("dep:"))
            .collect();
        let optional = self
            .dependencies
            .iter()
            .chain(self.target.values().flat_map(|t| &t.dependencies))
            .filter(|(_, d)| matches!(d, Dependency::Detailed(d) if d.optional))
            .map(|(name, _)| name)
            .filter(|name| !hidden.contains(name.as_str()));
        let names: BTreeSet<String> = self.features.keys().chain(optional).cloned().collect();
        names.into_iter().collect()
    }
}

/// Parses Cargo.toml text read from `file`.
///
/// # Errors
/// TOML syntax errors and keys of the wrong type, with the line.
pub fn parse(file: &str, text: &str) -> Result<Manifest, ManifestError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|span| line_of(text, span.start));
        ManifestError::new(file, line, e.message().trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_package_targets_workspace_and_path_deps() {
        let m = parse(
            "Cargo.toml",
            r#"
[package]
name = "app"
rust-version.workspace = true
build = "build.rs"

[[bin]]
name = "tool"
path = "src/tool.rs"

[dependencies]
serde = "1"
core = { path = "crates/core" }

[target.'cfg(unix)'.dependencies]
unixy = { path = "crates/unixy" }

[patch.crates-io]
itoa = { path = "vendor/itoa" }

[workspace]
members = ["crates/*"]
package = { rust-version = "1.80" }
"#,
        )
        .unwrap();
        let package = m.package.as_ref().unwrap();
        assert_eq!(package.name, "app");
        assert!(matches!(
            package.rust_version,
            Some(Inheritable::Workspace(_))
        ));
        assert_eq!(m.bin[0].name.as_deref(), Some("tool"));
        assert_eq!(
            m.path_dependencies(),
            ["crates/core", "crates/unixy", "vendor/itoa"]
        );
        let ws = m.workspace.unwrap();
        assert_eq!(ws.members, ["crates/*"]);
        assert_eq!(ws.package.unwrap().rust_version.as_deref(), Some("1.80"));
    }

    #[test]
    fn wrong_types_and_syntax_errors_name_the_line() {
        let e = parse("Cargo.toml", "[package]\nname = 5\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse("Cargo.toml", "[package]\nname = \"a\"\nversion = \n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = parse("Cargo.toml", "[workspace]\nmembers = \"a\"\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }
}
