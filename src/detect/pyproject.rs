//! Typed readers for the Python manifests msb needs: `pyproject.toml` (PEP 621, Poetry, uv),
//! `Pipfile`, and the package lists of `uv.lock`, `poetry.lock` and `Pipfile.lock`. Syntax
//! errors and keys of the wrong type become [`ManifestError`]s with the line.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::requirements::{implied, normalize, requirement_name};
use super::{ManifestError, line_of};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PyProject {
    pub project: Option<Project>,
    pub build_system: Option<toml::Table>,
    #[serde(default)]
    pub tool: Tool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Project {
    pub name: Option<String>,
    pub requires_python: Option<String>,
    #[serde(default)]
    pub dependencies: Vec<String>,
    #[serde(default)]
    pub scripts: BTreeMap<String, String>,
    #[serde(default)]
    pub dynamic: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Tool {
    pub poetry: Option<Poetry>,
    pub uv: Option<Uv>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Poetry {
    pub name: Option<String>,
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub scripts: BTreeMap<String, toml::Value>,
    pub package_mode: Option<bool>,
    /// `packages = [{ include = "app" }]`: where the package is, when not named after the
    /// project.
    pub packages: Option<Vec<toml::Value>>,
    #[serde(default)]
    pub source: Vec<Source>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Source {
    pub url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Uv {
    pub package: Option<bool>,
    pub workspace: Option<toml::Table>,
    #[serde(default)]
    pub index: Vec<Source>,
}

impl PyProject {
    /// The project's name: `[project].name`, else `[tool.poetry].name`.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.project
            .as_ref()
            .and_then(|p| p.name.as_deref())
            .or_else(|| self.tool.poetry.as_ref().and_then(|p| p.name.as_deref()))
    }

    /// Normalized names of the declared runtime dependencies.
    #[must_use]
    pub fn dependency_names(&self) -> BTreeSet<String> {
        let mut names: BTreeSet<String> = self
            .project
            .iter()
            .flat_map(|p| &p.dependencies)
            .flat_map(|d| requirement_name(d).into_iter().chain(implied(d)))
            .collect();
        if let Some(poetry) = &self.tool.poetry {
            names.extend(
                poetry
                    .dependencies
                    .keys()
                    .filter(|k| k.as_str() != "python")
                    .map(|k| normalize(k)),
            );
        }
        names
    }

    /// Console scripts: `[project.scripts]`, else `[tool.poetry.scripts]`.
    #[must_use]
    pub fn script_names(&self) -> Vec<String> {
        match &self.project {
            Some(p) if !p.scripts.is_empty() => p.scripts.keys().cloned().collect(),
            _ => self
                .tool
                .poetry
                .iter()
                .flat_map(|p| p.scripts.keys().cloned())
                .collect(),
        }
    }

    /// Index URLs the project configures (Poetry sources, uv indexes).
    #[must_use]
    pub fn index_urls(&self) -> Vec<&str> {
        let poetry = self.tool.poetry.iter().flat_map(|p| &p.source);
        let uv = self.tool.uv.iter().flat_map(|u| &u.index);
        poetry.chain(uv).filter_map(|s| s.url.as_deref()).collect()
    }
}

fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> ManifestError {
    let line = e.span().map(|span| line_of(text, span.start));
    ManifestError::new(file, line, e.message().trim().to_string())
}

/// Parses pyproject.toml text.
///
/// # Errors
/// TOML syntax errors and keys of the wrong type, with the line.
pub fn parse(file: &str, text: &str) -> Result<PyProject, ManifestError> {
    toml::from_str(text).map_err(|e| toml_error(file, text, &e))
}

/// The 1-based line where `key = …` is written, for evidence.
#[must_use]
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Pipfile {
    #[serde(default)]
    pub packages: BTreeMap<String, toml::Value>,
    pub requires: Option<PipfileRequires>,
    #[serde(default)]
    pub source: Vec<Source>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct PipfileRequires {
    pub python_version: Option<String>,
    pub python_full_version: Option<String>,
}

/// Parses a Pipfile (TOML).
///
/// # Errors
/// TOML syntax errors and keys of the wrong type, with the line.
pub fn parse_pipfile(text: &str) -> Result<Pipfile, ManifestError> {
    toml::from_str(text).map_err(|e| toml_error("Pipfile", text, &e))
}

#[derive(Debug, Default, Deserialize)]
struct TomlLock {
    #[serde(default)]
    package: Vec<LockedPackage>,
}

#[derive(Debug, Default, Deserialize)]
struct LockedPackage {
    name: String,
}

/// Normalized names of every package a `uv.lock` or `poetry.lock` pins.
///
/// # Errors
/// A lock file that is not TOML or lists a package without a name.
pub fn toml_lock_names(file: &str, text: &str) -> Result<BTreeSet<String>, ManifestError> {
    let lock: TomlLock = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    Ok(lock.package.iter().map(|p| normalize(&p.name)).collect())
}

/// The Poetry major version that wrote a `poetry.lock` (its `@generated by Poetry X` header).
#[must_use]
pub fn poetry_lock_major(text: &str) -> Option<u32> {
    let first = text.lines().next()?;
    let (_, rest) = first.split_once("by Poetry ")?;
    rest.split('.').next()?.trim().parse().ok()
}

#[derive(Debug, Default, Deserialize)]
struct PipfileLock {
    #[serde(default)]
    default: BTreeMap<String, serde_json::Value>,
}

/// Normalized names of the default (non-dev) packages a `Pipfile.lock` pins.
///
/// # Errors
/// A lock file that is not the JSON pipenv writes.
pub fn pipfile_lock_names(text: &str) -> Result<BTreeSet<String>, ManifestError> {
    let lock: PipfileLock =
        serde_json::from_str(text).map_err(|e| ManifestError::json("Pipfile.lock", &e))?;
    Ok(lock.default.keys().map(|k| normalize(k)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pep621_poetry_and_uv_tables() {
        let text = r#"
[project]
name = "svc"
requires-python = ">=3.11"
dependencies = ["FastAPI[standard]>=0.115", "psycopg2==2.9.10"]

[project.scripts]
svc = "svc.cli:main"

[tool.poetry]
package-mode = false

[tool.poetry.dependencies]
python = "^3.11"
Django = "^5"

[[tool.uv.index]]
url = "https://pypi.example.com/simple"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
"#;
        let p = parse("pyproject.toml", text).unwrap();
        assert_eq!(p.name(), Some("svc"));
        let names: Vec<String> = p.dependency_names().into_iter().collect();
        assert_eq!(
            names,
            ["django", "fastapi", "fastapi-cli", "psycopg2", "uvicorn"]
        );
        assert_eq!(p.script_names(), ["svc"]);
        assert_eq!(p.tool.poetry.as_ref().unwrap().package_mode, Some(false));
        assert_eq!(p.index_urls(), ["https://pypi.example.com/simple"]);
        assert!(p.build_system.is_some());
        assert_eq!(key_line(text, "requires-python"), Some(4));
    }

    #[test]
    fn broken_manifests_name_the_line() {
        let e = parse(
            "pyproject.toml",
            "[project]\nname = \"a\"\ndependencies = \"x\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = parse("pyproject.toml", "[project\n").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        let e = parse_pipfile("[packages]\nflask = \n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("Pipfile", Some(2)));
        let e = pipfile_lock_names("{\n \"default\": [}\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn lock_files() {
        let names = toml_lock_names(
            "uv.lock",
            "version = 1\n[[package]]\nname = \"Uvicorn\"\nversion = \"0.30\"\n",
        )
        .unwrap();
        assert!(names.contains("uvicorn"));
        assert_eq!(
            poetry_lock_major(
                "# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.\n"
            ),
            Some(1)
        );
        assert_eq!(poetry_lock_major("package = []\n"), None);
        let names = pipfile_lock_names(
            r#"{"_meta": {}, "default": {"Flask": {}}, "develop": {"pytest": {}}}"#,
        )
        .unwrap();
        assert_eq!(names.into_iter().collect::<Vec<_>>(), ["flask"]);
    }
}
