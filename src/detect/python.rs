//! Python projects: the package manager and its lock file, the interpreter version, native
//! dependencies, build secrets, and the application to start (see `pyapp`).

use std::collections::BTreeSet;

use serde::Serialize;

use super::pyapp::{self, PyEntry};
use super::pydjango::Django;
use super::pyproject::{self, PyProject};
use super::requirements;
use super::secrets::{self, FoundSecret};
use super::{
    App, DetectError, Evidence, Facts, Project, VersionReq, pymanager, pymember, pyversion,
};
use crate::language::Language;
use crate::plan::pynative;
use crate::repo::Tree;
use crate::values;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageManager {
    /// `pip install -r requirements.txt`.
    Pip,
    /// `uv sync --locked` from uv.lock.
    Uv,
    /// `poetry install --only main`.
    Poetry,
    /// `pipenv install --deploy` from Pipfile.lock.
    Pipenv,
    /// A PEP 621 pyproject.toml without a lock file: `pip install .`.
    Pyproject,
}

impl PackageManager {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PackageManager::Pip => "pip",
            PackageManager::Uv => "uv",
            PackageManager::Poetry => "poetry",
            PackageManager::Pipenv => "pipenv",
            PackageManager::Pyproject => "pip (pyproject.toml)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PythonFacts {
    pub package_manager: PackageManager,
    /// Files the dependency step reads, each bound into it; all exist.
    pub manifests: Vec<String>,
    /// A lock file pins every version.
    pub locked: bool,
    /// Dependencies can only install once the source is there (local paths, no lock).
    pub deps_need_source: bool,
    /// The project installs itself into the environment (it is a package).
    pub packaged: bool,
    /// requirements pinned with `--hash`.
    pub hashes: bool,
    /// The Poetry major version that wrote poetry.lock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poetry_major: Option<u32>,
    /// Normalized names of the dependencies known from the manifests and lock files.
    pub dependencies: Vec<String>,
    /// Distributions that compile against system libraries.
    pub native: Vec<String>,
    /// Why the final image needs shared libraries a distroless image cannot install.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_libraries: Option<String>,
    /// How to start each of the project's `apps`, in the same order.
    pub entries: Vec<PyEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub django: Option<Django>,
    /// Credentials and index configuration the install steps read as build secrets.
    pub secrets: Vec<FoundSecret>,
}

impl PythonFacts {
    #[must_use]
    pub fn depends_on(&self, name: &str) -> bool {
        self.dependencies.iter().any(|d| d == name)
    }
}

fn read_pyproject(tree: &dyn Tree) -> Result<Option<(PyProject, String)>, DetectError> {
    match tree.read("pyproject.toml")? {
        Some(text) => Ok(Some((pyproject::parse("pyproject.toml", &text)?, text))),
        None => Ok(None),
    }
}

fn version(
    tree: &dyn Tree,
    pyproject: Option<(&PyProject, &str)>,
) -> Result<Option<VersionReq>, DetectError> {
    for file in [".python-version", "runtime.txt"] {
        if let Some(text) = tree.read(file)? {
            if let Some(req) = pyversion::pinned(&text, file, None) {
                return Ok(Some(req));
            }
        }
    }
    if let Some(text) = tree.read("Pipfile")? {
        let requires = pyproject::parse_pipfile(&text)?
            .requires
            .unwrap_or_default();
        let pinned = requires.python_full_version.or(requires.python_version);
        if let Some(req) = pinned.and_then(|v| {
            pyversion::pinned(&v, "Pipfile", pyproject::key_line(&text, "python_version"))
        }) {
            return Ok(Some(req));
        }
    }
    let Some((p, text)) = pyproject else {
        return Ok(None);
    };
    if let Some(spec) = p
        .project
        .as_ref()
        .and_then(|p| p.requires_python.as_deref())
    {
        let line = pyproject::key_line(text, "requires-python");
        return Ok(Some(pyversion::from_range(
            spec,
            "pyproject.toml",
            line,
            "requires-python",
        )?));
    }
    let poetry_python = p
        .tool
        .poetry
        .as_ref()
        .and_then(|p| p.dependencies.get("python"))
        .and_then(toml::Value::as_str);
    if let Some(spec) = poetry_python {
        let line = pyproject::key_line(text, "python");
        return Ok(Some(pyversion::from_range(
            spec,
            "pyproject.toml",
            line,
            "tool.poetry python",
        )?));
    }
    Ok(None)
}

fn packaged(
    kind: PackageManager,
    p: Option<&PyProject>,
    tree: &dyn Tree,
) -> Result<bool, DetectError> {
    let build_system = p.is_some_and(|p| p.build_system.is_some());
    Ok(match kind {
        PackageManager::Uv => p
            .and_then(|p| p.tool.uv.as_ref())
            .and_then(|u| u.package)
            .unwrap_or(build_system),
        PackageManager::Poetry => {
            let poetry = p.and_then(|p| p.tool.poetry.as_ref());
            match poetry.and_then(|t| t.package_mode) {
                Some(mode) => mode,
                None => {
                    poetry.is_some_and(|t| t.packages.as_ref().is_some_and(|v| !v.is_empty()))
                        || poetry_package_found(tree, p.and_then(PyProject::name))?
                }
            }
        }
        // Without a build backend, pip would fall back to setuptools' flat-layout discovery,
        // which refuses an application with several root modules: only the dependencies
        // install, unless they are dynamic and need the build.
        PackageManager::Pyproject => {
            build_system
                || p.and_then(|p| p.project.as_ref())
                    .is_some_and(|p| p.dynamic.iter().any(|d| d == "dependencies"))
        }
        PackageManager::Pip => build_system || tree.is_file("setup.py")?,
        PackageManager::Pipenv => false,
    })
}

/// Whether Poetry finds the package it would install for a project named `name`: a
/// package or module named after it at the root or under `src/`. Poetry 2 fails the
/// install when there is none (Poetry 1 only warned), so such a project installs its
/// dependencies only.
fn poetry_package_found(tree: &dyn Tree, name: Option<&str>) -> Result<bool, DetectError> {
    let Some(module) = name.and_then(import_name) else {
        return Ok(false);
    };
    for dir in ["", "src"] {
        let package = crate::repo::join(&crate::repo::join(dir, &module), "__init__.py");
        let file = crate::repo::join(dir, &format!("{module}.py"));
        if tree.is_file(&package)? || tree.is_file(&file)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `.netrc`, and `pip.conf` when pip installs: mounted whenever they exist, since pip reads
/// its index from pip.conf even when it holds no credential.
fn secrets(tree: &dyn Tree, kind: PackageManager) -> Result<Vec<FoundSecret>, DetectError> {
    let mut out: Vec<FoundSecret> = secrets::find_file(tree, "", &secrets::NETRC)?
        .into_iter()
        .collect();
    let pip_reads_it = matches!(
        kind,
        PackageManager::Pip | PackageManager::Pipenv | PackageManager::Pyproject
    );
    if pip_reads_it {
        for rule in [&secrets::PIP_CONF, &secrets::PIP_CONF_DIR] {
            if let Some(found) = secrets::find_file(tree, "", rule)? {
                out.push(found);
                break;
            }
        }
    }
    Ok(out)
}

/// The import name of a distribution: `my-app` → `my_app`.
pub(super) fn import_name(name: &str) -> Option<String> {
    let module = name.to_ascii_lowercase().replace(['-', '.'], "_");
    pyapp::is_identifier(&module).then_some(module)
}

const PREFERENCE_RULE: &str = "the Procfile's web process comes first, then a Django project (manage.py), then an application object in main.py, app.py, server.py, … at the root, then in app/, api/ and the project's package, then an app factory, a Streamlit or Gradio app, a console script, python -m, and last a script with a __main__ block";

/// Detects a Python project at the root of the tree.
///
/// # Errors
/// Manifests that exist but cannot be read or parsed, credentials in index URLs, and module
/// paths that cannot be used safely.
pub fn detect(tree: &dyn Tree) -> Result<Option<Project>, DetectError> {
    let pyproject = read_pyproject(tree)?;
    let p = pyproject.as_ref().map(|(p, _)| p);
    let mut evidence = Vec::new();
    let mut warnings = Vec::new();
    let Some(mut m) = pymanager::detect(tree, p, &mut evidence, &mut warnings)? else {
        return Ok(None);
    };
    if let Some(p) = p {
        for url in p.index_urls() {
            requirements::refuse_credentials("pyproject.toml", "index URL", url)?;
        }
    }
    let members = match p {
        Some(p) if m.kind == PackageManager::Uv && pymember::is_virtual_root(p) => {
            pymember::members(tree, p)?
        }
        _ => Vec::new(),
    };
    let mut version = version(tree, pyproject.as_ref().map(|(p, t)| (p, t.as_str())))?;
    if version.is_none() {
        version = pymember::version(&members)?;
    }
    if let Some(v) = &version {
        evidence.push(v.evidence.clone());
    }
    let packaged = packaged(m.kind, p, tree)?;
    if m.kind == PackageManager::Pyproject && !packaged {
        m.deps_need_source = false;
        m.manifests = vec!["pyproject.toml".into()];
        for e in evidence
            .iter_mut()
            .filter(|e| e.conclusion.ends_with(": pip install ."))
        {
            e.conclusion = "PEP 621 project without a lock file or [build-system]: uv pip install -r pyproject.toml installs its dependencies, not the project".into();
        }
        for w in &mut warnings {
            *w = w.replace("pip resolves versions", "uv resolves versions");
        }
    }
    let package_mode_unset = p
        .and_then(|p| p.tool.poetry.as_ref())
        .is_some_and(|t| t.package_mode.is_none());
    if m.kind == PackageManager::Poetry && package_mode_unset && !packaged {
        warnings.push(format!(
            "pyproject.toml: Poetry finds no package {} to install (Poetry 2 fails on that), so msb installs the dependencies only (--no-root); set package-mode = false in [tool.poetry] to say so",
            p.and_then(PyProject::name).and_then(import_name).unwrap_or_else(|| "named after the project".into())
        ));
    }
    let name = p.and_then(PyProject::name);
    let package = name.and_then(import_name);
    let scripts = p.map(PyProject::script_names).unwrap_or_default();
    let found = pyapp::discover(tree, package.as_deref(), &m.names, &scripts, packaged)?;
    warnings.extend(found.warnings);
    let display = name.filter(|n| values::check_name(n).is_ok());
    let mut found_apps: Vec<(pyapp::Found, Option<String>)> = found
        .apps
        .into_iter()
        .map(|f| (f, display.map(str::to_string)))
        .collect();
    if found_apps.is_empty() {
        found_apps = pymember::discover(tree, &members, &m.names, &mut warnings)?;
    }

    let natives = pynative::find(|n| m.names.contains(n));
    let runtime_libraries = natives
        .iter()
        .find(|n| !n.debian_runtime.is_empty())
        .map(|n| format!("{} needs {} at run time", n.name, n.library));
    for n in &natives {
        evidence.push(Evidence::new(
            &m.manifests
                .first()
                .cloned()
                .unwrap_or_else(|| "pyproject.toml".into()),
            None,
            format!(
                "{} uses {}: system packages in the build {}",
                n.name,
                n.library,
                if n.debian_runtime.is_empty() {
                    "stage"
                } else {
                    "and runtime stages"
                }
            ),
        ));
    }
    let facts_manifests = m.manifests.clone();
    let secrets = secrets(tree, m.kind)?;
    for s in &secrets {
        evidence.push(s.evidence.clone());
        warnings.extend(s.warning());
    }

    let servers: BTreeSet<(&str, &str)> = found_apps
        .iter()
        .filter_map(|(f, _)| crate::plan::server_for(&f.entry))
        .collect();
    for (server, version) in servers {
        if !m.names.contains(server) {
            evidence.push(Evidence::new(
                m.manifests.first().map_or("pyproject.toml", String::as_str),
                None,
                format!("{server} is not a dependency: the image installs {server}=={version} to serve the application"),
            ));
        }
    }
    let mut apps = Vec::new();
    let mut entries = Vec::new();
    for (f, display) in found_apps {
        evidence.push(f.evidence.clone());
        let fallback =
            f.id.split([':', '.', ' ', '('])
                .find(|s| !s.is_empty() && !["-m", "script", "streamlit", "gradio"].contains(s))
                .filter(|s| values::check_name(s).is_ok())
                .unwrap_or("app")
                .to_string();
        let app_name = display.unwrap_or(fallback);
        apps.push(App {
            id: f.id,
            name: app_name,
            port: f.port,
        });
        entries.push(f.entry);
    }
    if apps.is_empty() {
        warnings.push("no application found (looked for Django's manage.py, FastAPI/Starlette/Flask objects and factories in main.py, app.py, app/, src/<package>/, console scripts and scripts with a __main__ block)".into());
    }
    let mut manifests = super::manifests_in(tree, "", Language::Python)?;
    if manifests.is_empty() {
        manifests.extend(facts_manifests.first().cloned());
    }
    Ok(Some(Project {
        language: Language::Python,
        manifests,
        facts: Facts::Python(PythonFacts {
            package_manager: m.kind,
            manifests: m.manifests,
            locked: m.locked,
            deps_need_source: m.deps_need_source,
            packaged,
            hashes: m.hashes,
            poetry_major: m.poetry_major,
            dependencies: m.names.into_iter().collect(),
            native: natives.iter().map(|n| n.name.to_string()).collect(),
            runtime_libraries,
            entries,
            django: found.django,
            secrets,
        }),
        apps,
        preferred_app: 0,
        preference_rule: PREFERENCE_RULE.into(),
        version,
        evidence,
        warnings,
    }))
}

#[cfg(test)]
mod tests;
