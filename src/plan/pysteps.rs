//! The commands that install a Python project: per package manager, what runs in the `deps`
//! stage from the lock file alone and what runs in `build` once the source is there.

use super::images;
use super::python::ToolInstall;
use super::runtime::EnvVar;
use crate::detect::{PackageManager, PythonFacts};
use crate::quote::Fragment;

fn fixed(text: &str) -> Fragment {
    Fragment::validated(text)
}

pub struct Steps {
    pub deps: Vec<String>,
    pub build: Vec<String>,
    pub caches: Vec<&'static str>,
    pub binds: Vec<String>,
    pub tool: Option<ToolInstall>,
    pub notes: Vec<String>,
}

/// The install commands of the deps and build stages for a package manager.
pub fn steps(facts: &PythonFacts, python: &str, server: Option<(&str, &str)>) -> Steps {
    let venv = images::PYTHON_VENV;
    let make_venv = format!("{python} -m venv {venv}");
    let server_pip = server.map(|(name, version)| format!("pip install {name}=={version}"));
    let binds = if facts.deps_need_source {
        Vec::new()
    } else {
        facts.manifests.clone()
    };
    let mut deps = Vec::new();
    let mut build = Vec::new();
    let mut tool = None;
    let mut notes = Vec::new();
    let caches: Vec<&'static str>;
    match facts.package_manager {
        PackageManager::Uv => {
            caches = vec!["/root/.cache/uv"];
            if facts.deps_need_source {
                deps.push(format!("uv venv {venv}"));
            } else {
                deps.push("uv sync --locked --no-install-project --no-dev".into());
            }
            if let Some((name, version)) = server {
                deps.push(format!("uv pip install {name}=={version}"));
            }
            let inexact = if server.is_some() { " --inexact" } else { "" };
            build.push(format!("uv sync --locked --no-dev --no-editable{inexact}"));
            notes.push("dependencies: uv sync --locked from uv.lock in the deps stage (bytecode compiled, no interpreter download); the project itself installs after the source is copied".into());
        }
        PackageManager::Poetry => {
            caches = vec!["/root/.cache/pypoetry", "/root/.cache/pip"];
            let version = if facts.poetry_major == Some(1) {
                images::POETRY1_VERSION
            } else {
                images::POETRY_VERSION
            };
            tool = Some(ToolInstall {
                venv: "/opt/poetry",
                requirement: format!("poetry=={version}"),
            });
            deps.push(make_venv.clone());
            if !facts.deps_need_source {
                deps.push(
                    "/opt/poetry/bin/poetry install --only main --no-root --no-directory --compile"
                        .into(),
                );
            }
            deps.extend(server_pip.clone());
            if facts.deps_need_source || facts.packaged {
                build.push(format!(
                    "/opt/poetry/bin/poetry install --only main{} --compile",
                    if facts.packaged { "" } else { " --no-root" }
                ));
            }
            notes.push(format!("dependencies: poetry {version} (in its own environment, not in the image) installs the main group into {venv}"));
        }
        PackageManager::Pipenv => {
            caches = vec!["/root/.cache/pipenv", "/root/.cache/pip"];
            tool = Some(ToolInstall {
                venv: "/opt/pipenv",
                requirement: format!("pipenv=={}", images::PIPENV_VERSION),
            });
            deps.push(make_venv.clone());
            let install = if facts.locked {
                "/opt/pipenv/bin/pipenv install --deploy"
            } else {
                "/opt/pipenv/bin/pipenv install"
            };
            if facts.deps_need_source {
                build.push(install.into());
            } else {
                deps.push(install.into());
            }
            deps.extend(server_pip.clone());
            notes.push(format!("dependencies: pipenv {} (in its own environment, not in the image) installs Pipfile.lock into {venv}", images::PIPENV_VERSION));
        }
        PackageManager::Pip => {
            caches = vec!["/root/.cache/pip"];
            deps.push(make_venv.clone());
            let install = format!(
                "pip install -r {}",
                facts
                    .manifests
                    .first()
                    .map_or("requirements.txt", String::as_str)
            );
            if facts.deps_need_source {
                build.push(install);
            } else {
                deps.push(install);
                if facts.packaged {
                    build.push("pip install --no-deps .".into());
                }
            }
            deps.extend(server_pip.clone());
            notes.push(format!(
                "dependencies: pip installs the requirements into {venv}{}",
                if facts.hashes {
                    ", checking every --hash"
                } else {
                    ""
                }
            ));
        }
        PackageManager::Pyproject if !facts.packaged => {
            caches = vec!["/root/.cache/uv"];
            deps.push(make_venv.clone());
            deps.push("uv pip install -r pyproject.toml".into());
            if let Some((name, version)) = server {
                deps.push(format!("uv pip install {name}=={version}"));
            }
            notes.push("dependencies: no build backend, so uv pip install -r pyproject.toml installs the [project] dependencies (resolved at build time, no lock file) in the deps stage; the project runs from its source".into());
        }
        PackageManager::Pyproject => {
            caches = vec!["/root/.cache/pip"];
            deps.push(make_venv.clone());
            deps.extend(server_pip.clone());
            build.push("pip install .".into());
            notes.push("dependencies: no lock file, so pip install . resolves them after the source is copied; the pip cache mount keeps downloads across builds".into());
        }
    }
    if facts.deps_need_source && facts.package_manager != PackageManager::Pyproject {
        notes.push("dependencies: they need the project's source (local paths or no lock file), so they install after it is copied".into());
    }
    if let Some(django) = &facts.django {
        if django.collectstatic {
            let manage = match &django.project_dir {
                Some(dir) => format!("{dir}/manage.py"),
                None => "manage.py".into(),
            };
            let placeholders: String = django
                .build_env
                .iter()
                .map(|(name, value)| format!("{name}={value} "))
                .collect();
            build.push(format!(
                "{placeholders}python {manage} collectstatic --noinput"
            ));
            notes.push(format!(
                "static files: collected at build time ({} sets STATIC_ROOT)",
                django.settings_file
            ));
            if !django.build_env.is_empty() {
                let names: Vec<&str> = django.build_env.iter().map(|(n, _)| n.as_str()).collect();
                notes.push(format!(
                    "static files: the settings read {} without a default, so collectstatic runs with placeholder values on its RUN line only; the container needs the real ones",
                    names.join(", ")
                ));
            }
        }
    }
    Steps {
        deps,
        build,
        caches,
        binds,
        tool,
        notes,
    }
}

pub fn mounts(caches: &[&str], binds: &[String], secrets: &[Fragment]) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = caches
        .iter()
        .map(|c| fixed(&format!("--mount=type=cache,target={c}")))
        .collect();
    out.extend(
        binds
            .iter()
            .map(|b| fixed(&format!("--mount=type=bind,source={b},target={b}"))),
    );
    out.extend(secrets.iter().cloned());
    out
}

/// The environment of the build stages.
pub fn env(facts: &PythonFacts, python: &str) -> Vec<EnvVar> {
    let var = |name: &'static str, value: &str| EnvVar {
        name,
        value: fixed(value),
    };
    let mut env = vec![
        var("PYTHONDONTWRITEBYTECODE", "1"),
        var("PYTHONUNBUFFERED", "1"),
        var("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
        var("PIP_ROOT_USER_ACTION", "ignore"),
        var("VIRTUAL_ENV", images::PYTHON_VENV),
        var("PATH", &format!("{}/bin:$PATH", images::PYTHON_VENV)),
    ];
    match facts.package_manager {
        PackageManager::Uv => env.extend([
            var("UV_COMPILE_BYTECODE", "1"),
            var("UV_LINK_MODE", "copy"),
            var("UV_PYTHON_DOWNLOADS", "never"),
            var("UV_PYTHON", python),
            var("UV_PROJECT_ENVIRONMENT", images::PYTHON_VENV),
        ]),
        PackageManager::Poetry => env.extend([
            var("POETRY_NO_INTERACTION", "1"),
            var("POETRY_VIRTUALENVS_CREATE", "false"),
        ]),
        PackageManager::Pipenv => env.push(var("PIPENV_VERBOSITY", "-1")),
        PackageManager::Pyproject if !facts.packaged => env.extend([
            var("UV_COMPILE_BYTECODE", "1"),
            var("UV_LINK_MODE", "copy"),
            var("UV_PYTHON_DOWNLOADS", "never"),
        ]),
        PackageManager::Pip | PackageManager::Pyproject => {}
    }
    env
}
