//! Which tool installs a Python project's dependencies, from the strongest evidence: uv.lock,
//! poetry.lock, Pipfile(.lock), requirements.txt, then a bare pyproject.toml.

use std::collections::BTreeSet;

use super::pyproject::{self, PyProject};
use super::python::PackageManager;
use super::requirements::{self, Requirements};
use super::{DetectError, Evidence, ManifestError};
use crate::repo::{self, Tree};

pub struct Manager {
    pub kind: PackageManager,
    pub manifests: Vec<String>,
    pub locked: bool,
    pub deps_need_source: bool,
    pub hashes: bool,
    pub poetry_major: Option<u32>,
    pub names: BTreeSet<String>,
}

/// Requirements kept in a `requirements/` directory, production first (cookiecutter-django
/// and many Django projects: `base.txt` included by `production.txt` and `local.txt`).
const NESTED_REQUIREMENTS: &[&str] = &[
    "requirements/production.txt",
    "requirements/prod.txt",
    "requirements/base.txt",
];

fn nested_requirements(tree: &dyn Tree) -> Result<Option<&'static str>, DetectError> {
    for file in NESTED_REQUIREMENTS {
        if tree.is_file(file)? {
            return Ok(Some(file));
        }
    }
    Ok(None)
}

/// The package manager, its lock file and the dependency names it pins.
///
/// # Errors
/// Lock files and manifests that cannot be parsed, and credentials in index URLs.
pub fn detect(
    tree: &dyn Tree,
    pyproject: Option<&PyProject>,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<Option<Manager>, DetectError> {
    let declared = pyproject
        .map(PyProject::dependency_names)
        .unwrap_or_default();
    if let Some(lock) = tree.read_up_to("uv.lock", repo::MAX_LOCK_BYTES)? {
        let Some(p) = pyproject else {
            return Err(
                ManifestError::new("uv.lock", None, "uv.lock without pyproject.toml").into(),
            );
        };
        let workspace = p.tool.uv.as_ref().is_some_and(|u| u.workspace.is_some());
        evidence.push(Evidence::new(
            "uv.lock",
            None,
            "uv project: uv sync --locked installs the locked versions",
        ));
        if workspace {
            evidence.push(Evidence::new(
                "pyproject.toml",
                None,
                "uv workspace: dependencies install once every member's source is copied",
            ));
        }
        return Ok(Some(Manager {
            kind: PackageManager::Uv,
            manifests: vec!["pyproject.toml".into(), "uv.lock".into()],
            locked: true,
            deps_need_source: workspace,
            hashes: false,
            poetry_major: None,
            names: &pyproject::toml_lock_names("uv.lock", &lock)? | &declared,
        }));
    }
    let poetry_project = pyproject.is_some_and(|p| p.tool.poetry.is_some());
    if let Some(lock) = tree.read_up_to("poetry.lock", repo::MAX_LOCK_BYTES)? {
        let major = pyproject::poetry_lock_major(&lock);
        evidence.push(Evidence::new(
            "poetry.lock",
            Some(1),
            match major {
                Some(m) => {
                    format!("Poetry project, locked by Poetry {m}.x: poetry install --only main")
                }
                None => "Poetry project: poetry install --only main".to_string(),
            },
        ));
        return Ok(Some(Manager {
            kind: PackageManager::Poetry,
            manifests: vec!["pyproject.toml".into(), "poetry.lock".into()],
            locked: true,
            deps_need_source: false,
            hashes: false,
            poetry_major: major,
            names: &pyproject::toml_lock_names("poetry.lock", &lock)? | &declared,
        }));
    }
    if let Some(text) = tree.read("Pipfile")? {
        let pipfile = pyproject::parse_pipfile(&text)?;
        for source in pipfile.source.iter().filter_map(|s| s.url.as_deref()) {
            requirements::refuse_credentials("Pipfile", "[[source]] url", source)?;
        }
        let local = pipfile.packages.values().any(|v| v.get("path").is_some());
        let lock = tree.read_up_to("Pipfile.lock", repo::MAX_LOCK_BYTES)?;
        let mut names: BTreeSet<String> = pipfile
            .packages
            .keys()
            .map(|k| requirements::normalize(k))
            .collect();
        let mut manifests = vec!["Pipfile".to_string()];
        if let Some(lock) = &lock {
            names.extend(pyproject::pipfile_lock_names(lock)?);
            manifests.push("Pipfile.lock".into());
            evidence.push(Evidence::new(
                "Pipfile.lock",
                None,
                "pipenv project: pipenv install --deploy installs the locked versions",
            ));
        } else {
            warnings.push("Pipfile without Pipfile.lock: pipenv resolves versions during the image build; run pipenv lock and commit Pipfile.lock".into());
        }
        return Ok(Some(Manager {
            kind: PackageManager::Pipenv,
            manifests,
            locked: lock.is_some(),
            deps_need_source: local,
            hashes: false,
            poetry_major: None,
            names,
        }));
    }
    // Anything named requirements.txt is read: a directory or a link leaving the repository
    // is an error, not an absent file.
    let root_file = if tree.kind_of("requirements.txt")?.is_some() {
        Some("requirements.txt")
    } else if tree.is_file("requirements.lock")? {
        Some("requirements.lock")
    } else {
        nested_requirements(tree)?
    };
    if let Some(root_file) = root_file {
        let Requirements {
            files,
            names,
            hashes,
            local,
        } = requirements::read(tree, root_file)?;
        evidence.push(Evidence::new(
            root_file,
            None,
            format!(
                "pip requirements{}{}{}",
                if files.len() > 1 {
                    format!(" (with {})", files[1..].join(", "))
                } else {
                    String::new()
                },
                if hashes { ", hash-checked" } else { "" },
                match root_file {
                    "requirements.txt" => "",
                    "requirements.lock" => "; Rye's lock file, installed with pip",
                    _ => "; no requirements.txt at the root, so the production set",
                },
            ),
        ));
        if let Some(local) = &local {
            evidence.push(local.clone());
        }
        return Ok(Some(Manager {
            kind: PackageManager::Pip,
            manifests: files,
            locked: true,
            deps_need_source: local.is_some(),
            hashes,
            poetry_major: None,
            names: &names | &declared,
        }));
    }
    let Some(p) = pyproject else { return Ok(None) };
    if poetry_project {
        warnings.push("Poetry project without poetry.lock: versions resolve during the image build; run poetry lock and commit poetry.lock".into());
        evidence.push(Evidence::new(
            "pyproject.toml",
            None,
            "Poetry project without a lock file",
        ));
        return Ok(Some(Manager {
            kind: PackageManager::Poetry,
            manifests: vec!["pyproject.toml".into()],
            locked: false,
            deps_need_source: true,
            hashes: false,
            poetry_major: None,
            names: declared,
        }));
    }
    if p.project.is_none() {
        return Ok(None);
    }
    warnings.push(if tree.is_file("pdm.lock")? {
        "pdm.lock is not read (msb installs with pip, uv, Poetry or pipenv): pip resolves versions during the image build; export the lock (pdm export -o requirements.txt) or use uv lock for reproducible images".into()
    } else {
        "pyproject.toml without a lock file: pip resolves versions during the image build; commit a lock (uv lock) or pinned requirements for reproducible images".into()
    });
    evidence.push(Evidence::new(
        "pyproject.toml",
        None,
        "PEP 621 project without a lock file: pip install .",
    ));
    Ok(Some(Manager {
        kind: PackageManager::Pyproject,
        manifests: Vec::new(),
        locked: false,
        deps_need_source: true,
        hashes: false,
        poetry_major: None,
        names: declared,
    }))
}
