//! Python: a virtual environment at the same absolute path (`/opt/venv`), made by the same
//! interpreter at the same path in the build and runtime stages. Dependencies install from
//! the lock file alone in `deps`; the source, the project itself and collected static files
//! follow in `build`; the final image gets the environment and the source, and starts the
//! server (uvicorn, gunicorn) directly, or the program behind tini.

use serde::Serialize;

use super::pysteps::{env, mounts, steps};
use super::runtime::{CopyFrom, EnvVar, RuntimePackages, RuntimeStage, TiniStage};
use super::secrets::BuildSecret;
use super::{
    AppPlan, BuildArg, Plan, PlanError, entrypoint, ignore, images, pynative, runtime_note,
};
use crate::detect::{PackageManager, PyEntry, PythonFacts};
use crate::language::{Language, Runtime};
use crate::quote::Fragment;
use crate::settings::Settings;

/// One `RUN` with its mounts and `&&`-joined commands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunStep {
    pub mounts: Vec<Fragment>,
    pub commands: Vec<Fragment>,
}

/// A tool msb installs into its own environment in the build stage (Poetry, pipenv).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToolInstall {
    pub venv: &'static str,
    pub requirement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PythonPlan {
    /// Builder image of the `deps` stage.
    pub builder: String,
    /// The interpreter that makes every virtual environment, in the builder and the runtime.
    pub python: &'static str,
    /// `COPY --from=<uv image> /uv /uvx /bin/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uv_image: Option<&'static str>,
    /// Environment of the build stages, already quoted.
    pub env: Vec<EnvVar>,
    /// System packages the builder installs: Debian's interpreter for distroless, compilers
    /// and headers for native dependencies. Names from msb's tables only.
    pub system_packages: Vec<&'static str>,
    /// The packages above need a `hadolint ignore=DL3008` (unpinned Debian packages).
    pub unpinned_packages: bool,
    pub apk: bool,
    pub system_packages_reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<ToolInstall>,
    pub deps: RunStep,
    /// The step after the source is copied: the project itself, collectstatic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build: Option<RunStep>,
}

fn fixed(text: &str) -> Fragment {
    Fragment::validated(text)
}

/// uv installs: a uv project, or the dependencies of a pyproject.toml without a build backend.
fn uses_uv(facts: &PythonFacts) -> bool {
    match facts.package_manager {
        PackageManager::Uv => true,
        PackageManager::Pyproject => !facts.packaged,
        _ => false,
    }
}

/// The server a start command needs and whether the project already depends on it.
#[must_use]
pub fn server_for(entry: &PyEntry) -> Option<(&'static str, &'static str)> {
    match entry {
        PyEntry::Asgi { .. } => Some(("uvicorn", images::UVICORN_VERSION)),
        PyEntry::Wsgi { .. } => Some(("gunicorn", images::GUNICORN_VERSION)),
        _ => None,
    }
}

pub(super) fn command(entry: &PyEntry, port: u16) -> Vec<String> {
    let s = |v: &str| v.to_string();
    match entry {
        PyEntry::Asgi {
            module,
            object,
            factory,
            app_dir,
            ..
        } => {
            let mut argv = vec![
                s("uvicorn"),
                format!("{module}:{object}"),
                s("--host"),
                s("0.0.0.0"),
                s("--port"),
                port.to_string(),
            ];
            if *factory {
                argv.push(s("--factory"));
            }
            if let Some(dir) = app_dir {
                argv.extend([s("--app-dir"), dir.clone()]);
            }
            argv
        }
        PyEntry::Wsgi {
            module,
            object,
            factory,
            app_dir,
            ..
        } => {
            let mut argv = vec![s("gunicorn"), s("--bind"), format!("0.0.0.0:{port}")];
            if let Some(dir) = app_dir {
                argv.extend([s("--pythonpath"), dir.clone()]);
            }
            argv.push(if *factory {
                format!("{module}:{object}()")
            } else {
                format!("{module}:{object}")
            });
            argv
        }
        PyEntry::Script { name } => vec![name.clone()],
        PyEntry::Module { module } => vec![s("python"), s("-m"), module.clone()],
        PyEntry::File { path } => vec![s("python"), path.clone()],
        PyEntry::Gradio { path } => vec![s("python"), path.clone()],
        PyEntry::Streamlit { path } => vec![
            s("streamlit"),
            s("run"),
            path.clone(),
            s("--server.address"),
            s("0.0.0.0"),
            s("--server.port"),
            port.to_string(),
            s("--server.headless"),
            s("true"),
            s("--browser.gatherUsageStats"),
            s("false"),
        ],
    }
}

fn distroless_version_check(settings: &Settings) -> Result<(), PlanError> {
    if settings.runtime == Runtime::Distroless
        && settings.version != images::DISTROLESS_PYTHON_VERSION
    {
        return Err(PlanError {
            what: "the distroless runtime".into(),
            reason: format!(
                "{} ships Python {} only, and this image needs Python {}; use --runtime slim, or --lang-version {} if the project supports it",
                images::DISTROLESS_PYTHON,
                images::DISTROLESS_PYTHON_VERSION,
                settings.version,
                images::DISTROLESS_PYTHON_VERSION
            ),
        });
    }
    Ok(())
}

/// Plans a Python image.
///
/// # Errors
/// distroless with a Python other than the one it ships, and a start command that cannot be
/// written in exec form.
pub fn plan(settings: &Settings, facts: &PythonFacts) -> Result<Plan, PlanError> {
    distroless_version_check(settings)?;
    let runtime = settings.runtime;
    let alpine = runtime == Runtime::Alpine;
    let distroless = runtime == Runtime::Distroless;
    let index = settings
        .project
        .apps
        .iter()
        .position(|a| a.id == settings.app.id);
    let entry = index.and_then(|i| facts.entries.get(i));
    let server = entry
        .and_then(server_for)
        .filter(|(name, _)| !facts.depends_on(name));
    let python = if distroless {
        images::DISTROLESS_PYTHON_BIN
    } else {
        images::PYTHON_OFFICIAL_BIN
    };

    let natives = pynative::find(|n| facts.depends_on(n));
    let mut system_packages: Vec<&'static str> = Vec::new();
    let build_packages = pynative::build_packages(&natives, alpine);
    if distroless {
        system_packages.push(images::DEBIAN_PYTHON_VENV);
        if !build_packages.is_empty() {
            system_packages.push(images::DEBIAN_PYTHON_DEV);
        }
    }
    system_packages.extend(build_packages.iter().copied());
    let native_names: Vec<&str> = natives
        .iter()
        .filter(|n| !n.debian_build.is_empty())
        .map(|n| n.name)
        .collect();
    let system_packages_reason = match (distroless, native_names.is_empty()) {
        (true, true) => "Debian's Python 3.13, the interpreter distroless python3 runs, so the environment points at the same path in both stages".to_string(),
        (true, false) => format!("Debian's Python 3.13 (the interpreter distroless python3 runs), and compilers and headers for {}; only the shared libraries reach the final image", native_names.join(", ")),
        (false, _) => format!("Compilers and headers for {}; only the shared libraries reach the final image", native_names.join(", ")),
    };

    let s = steps(facts, python, server);
    let secrets: Vec<BuildSecret> = facts.secrets.iter().map(BuildSecret::found).collect();
    let secret_mounts: Vec<Fragment> = secrets.iter().map(|s| s.mount.clone()).collect();
    let deps = RunStep {
        mounts: mounts(&s.caches, &s.binds, &secret_mounts),
        commands: s.deps.iter().map(|c| fixed(c)).collect(),
    };
    let build_installs = s
        .build
        .iter()
        .any(|c| !c.ends_with("collectstatic --noinput"));
    let build = (!s.build.is_empty()).then(|| RunStep {
        mounts: if build_installs {
            mounts(&s.caches, &[], &secret_mounts)
        } else {
            Vec::new()
        },
        commands: s.build.iter().map(|c| fixed(c)).collect(),
    });

    let init = !entry.is_some_and(PyEntry::handles_sigterm) || settings.command.is_some();
    let default_command = super::default_command(&settings.project, &settings.app, settings.port);
    let entry_argv = entrypoint(settings, default_command, init)?;
    let image = match runtime {
        Runtime::Distroless => images::DISTROLESS_PYTHON.to_string(),
        Runtime::Alpine => images::python_alpine(),
        _ => images::python_slim(),
    };
    let mut stage = RuntimeStage::new(runtime, &image, settings.port, entry_argv);
    let runtime_packages = pynative::runtime_packages(&natives, alpine);
    if !runtime_packages.is_empty() && !distroless {
        let users: Vec<&str> = natives.iter().map(|n| n.name).collect();
        stage.packages = Some(RuntimePackages {
            apk: alpine,
            names: runtime_packages,
            reason: format!(
                "Shared libraries {} loads at run time; no compilers or headers",
                users.join(", ")
            ),
        });
    }
    let tini = init.then(TiniStage::debian);
    if let Some(t) = &tini {
        stage.copies.push(t.copy());
    }
    stage.copies.push(CopyFrom::fixed(
        "build",
        images::PYTHON_VENV,
        images::PYTHON_VENV,
    ));
    stage.copies.push(CopyFrom::fixed("build", "/app", "/app"));
    stage.env = vec![
        EnvVar {
            name: "PATH",
            value: fixed(&format!("{}/bin:$PATH", images::PYTHON_VENV)),
        },
        EnvVar {
            name: "PYTHONUNBUFFERED",
            value: fixed("1"),
        },
        EnvVar {
            name: "PYTHONDONTWRITEBYTECODE",
            value: fixed("1"),
        },
    ];
    if matches!(entry, Some(PyEntry::Gradio { .. })) && settings.command.is_none() {
        stage.env.extend([
            EnvVar {
                name: "GRADIO_SERVER_NAME",
                value: fixed("0.0.0.0"),
            },
            EnvVar {
                name: "GRADIO_SERVER_PORT",
                value: fixed(&settings.port.to_string()),
            },
            EnvVar {
                name: "GRADIO_ANALYTICS_ENABLED",
                value: fixed("False"),
            },
        ]);
    }
    stage.workdir = Some(fixed("/app"));

    let mut notes = vec![
        match runtime {
            Runtime::Distroless => "build: Debian's Python 3.13 makes the environment, the interpreter distroless python3 runs at the same path".to_string(),
            _ => format!("build: the environment {} is made by {python} in the same image the final stage runs", images::PYTHON_VENV),
        },
        runtime_note(runtime).to_string(),
    ];
    notes.extend(s.notes);
    notes.push(if init {
        "init: tini as PID 1, so SIGTERM stops the program even without a signal handler"
            .to_string()
    } else {
        let server = entry.and_then(server_for).map_or("the server", |(n, _)| n);
        format!("init: none; {server} handles SIGTERM and shuts down gracefully")
    });
    if let Some((name, version)) = server {
        notes.push(format!(
            "server: {name} is not a dependency of the project, so msb installs {name}=={version}"
        ));
    }
    if !natives.is_empty() {
        let names: Vec<&str> = natives.iter().map(|n| n.name).collect();
        notes.push(format!(
            "native dependencies: {}; build tools stay in the build stages",
            names.join(", ")
        ));
    }
    let mut warnings = Vec::new();
    if alpine {
        warnings.push("alpine uses musl: dependencies without musllinux wheels compile from source, which is slow and needs build tools; prefer slim".into());
    }
    let args = if distroless {
        Vec::new()
    } else {
        vec![BuildArg {
            name: images::version_arg(Language::Python),
            value: fixed(&settings.version),
        }]
    };
    let dockerignore = ignore::for_python();
    Ok(Plan {
        language: Language::Python,
        template: "python.Dockerfile",
        syntax: settings.syntax,
        args,
        app: AppPlan {
            name: fixed(&settings.app.name),
            path: fixed("/app"),
        },
        go: None,
        rust: None,
        node: None,
        java: None,
        python: Some(PythonPlan {
            builder: if distroless {
                images::DISTROLESS_PYTHON_BUILDER.to_string()
            } else if alpine {
                images::python_alpine()
            } else {
                images::python_slim()
            },
            python,
            uv_image: uses_uv(facts).then_some(images::UV_IMAGE),
            env: env(facts, python),
            unpinned_packages: !build_packages.is_empty(),
            apk: alpine,
            system_packages,
            system_packages_reason,
            tool: s.tool,
            deps,
            build,
        }),
        tini,
        runtime: stage,
        secrets,
        secret_build_command: None,
        secret_comment: Vec::new(),
        files: Vec::new(),
        build_context: None,
        dockerignore,
        notes,
        warnings,
        decisions: Vec::new(),
    })
}

#[cfg(test)]
mod tests;
