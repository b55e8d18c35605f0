//! Planning: settings in, a typed [`Plan`] out. Every Docker decision lives here; the
//! templates only format the plan. Values from the repository enter the plan only as
//! [`Fragment`]s encoded for their position, or as names and paths that passed `values`.

mod go;
pub mod ignore;
pub mod images;
mod java;
mod java_layout;
mod node;
pub mod pynative;
mod pysteps;
mod python;
mod runtime;
mod rust;
pub mod secrets;

use serde::Serialize;

pub use go::GoPlan;
pub use java::{JavaPlan, JlinkPlan};
pub use node::{NodePlan, NodeStage, NodeStep};
pub use python::{PythonPlan, RunStep, ToolInstall, server_for};
pub use runtime::{CopyFrom, CreateUser, EnvVar, RuntimePackages, RuntimeStage, TiniStage};
pub use rust::{ManifestCopy, RustPlan};

use crate::detect::{App, Facts, Project};
use crate::language::{Language, Runtime};
use crate::quote::{self, Fragment};
use crate::settings::{Decision, Settings};
use ignore::IgnoreGroup;

/// A global `ARG` declared before the first `FROM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildArg {
    pub name: &'static str,
    pub value: Fragment,
}

/// The application the image runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppPlan {
    /// Executable name: only ASCII letters, digits, `.`, `_`, `-`, `+`.
    pub name: Fragment,
    /// Where the executable lives in the final image.
    pub path: Fragment,
}

/// Everything msb will write, decided. This is the template context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub language: Language,
    /// The template that renders the Dockerfile.
    pub template: &'static str,
    /// Whether to write the `# syntax=docker/dockerfile:1` line.
    pub syntax: bool,
    pub args: Vec<BuildArg>,
    pub app: AppPlan,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub go: Option<GoPlan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust: Option<RustPlan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub java: Option<JavaPlan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub python: Option<PythonPlan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<NodePlan>,
    /// The stage that provides a static init for PID 1, when the language needs one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tini: Option<TiniStage>,
    pub runtime: RuntimeStage,
    /// Credentials the dependency step reads from BuildKit secrets (`plan::secrets`).
    pub secrets: Vec<secrets::BuildSecret>,
    /// `docker build --secret …`, shown in the Dockerfile when there are secrets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_build_command: Option<String>,
    /// The comment above the first step that mounts the secrets (`partials/secrets`).
    pub secret_comment: Vec<String>,
    pub dockerignore: Vec<IgnoreGroup>,
    /// Files msb writes besides the Dockerfile and the ignore file (`nginx.conf`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<ExtraFile>,
    /// Set when the build context is not the project directory (a workspace member).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_context: Option<BuildContext>,
    /// Decisions the plan made and why, for `msb plan` and `msb init`.
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
    pub decisions: Vec<Decision>,
}

/// A file rendered from its own template, written beside the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtraFile {
    /// Relative to the project directory.
    pub path: &'static str,
    pub template: &'static str,
}

/// A build context larger than the project directory: the Dockerfile is written in the
/// project directory, COPY sources are relative to the context, and the ignore file is the
/// Dockerfile's own (`Dockerfile.dockerignore`), which BuildKit reads instead of the
/// context's `.dockerignore`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildContext {
    /// The project directory inside the context, e.g. `apps/web`.
    pub project_dir: String,
    /// How to build, from the context root: `docker build -f apps/web/Dockerfile .`.
    pub command: String,
}

/// A value the plan cannot place safely.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} cannot be used: {reason}")]
pub struct PlanError {
    pub what: String,
    pub reason: String,
}

/// Plans the image for resolved settings.
///
/// # Errors
/// A start command that cannot be written as an exec-form JSON array.
pub fn plan(settings: &Settings) -> Result<Plan, PlanError> {
    let mut plan = match &settings.project.facts {
        Facts::Go(facts) => go::plan(settings, facts)?,
        Facts::Rust(facts) => rust::plan(settings, facts)?,
        Facts::Java(facts) => java::plan(settings, facts)?,
        Facts::Python(facts) => python::plan(settings, facts)?,
        Facts::Node(facts) => node::plan(settings, facts)?,
    };
    let has_port_env = plan.runtime.env.iter().any(|e| e.name == "PORT");
    if settings.app.port.reads_env && !has_port_env {
        plan.runtime.env.push(EnvVar {
            name: "PORT",
            value: Fragment::validated(&settings.port.to_string()),
        });
        plan.notes
            .push("port: the program reads PORT, so ENV PORT matches EXPOSE".into());
    }
    plan.warnings
        .extend(settings.project.warnings.iter().cloned());
    if let Some(e) = &settings.app.port.loopback {
        plan.warnings.push(format!(
            "{}: the program binds to loopback, which is unreachable from outside the container; bind 0.0.0.0",
            e.location()
        ));
    }
    if !plan.secrets.is_empty() {
        let dockerfile = plan
            .build_context
            .as_ref()
            .map(|c| format!("{}/Dockerfile", c.project_dir));
        let command = secrets::build_command(&plan.secrets, dockerfile.as_deref());
        plan.secret_comment = secrets::comment(&command);
        plan.secret_build_command = Some(command);
        let extra = ignore::for_secrets(&plan.secrets, &plan.dockerignore);
        plan.dockerignore.extend(extra);
    }
    plan.decisions.clone_from(&settings.decisions);
    Ok(plan)
}

/// The start command msb writes when the user gives none, without the init in front: what
/// `--cmd` replaces, and the default the interactive question offers.
#[must_use]
pub fn default_command(project: &Project, app: &App, port: u16) -> Vec<String> {
    match &project.facts {
        Facts::Go(_) | Facts::Rust(_) => vec![format!("/usr/local/bin/{}", app.name)],
        Facts::Java(java) => java
            .modules
            .iter()
            .find(|m| m.id == app.id)
            .map_or_else(|| vec!["java".into()], |m| java_layout::layout(m).start),
        Facts::Python(py) => project
            .apps
            .iter()
            .position(|a| a.id == app.id)
            .and_then(|i| py.entries.get(i))
            .map_or_else(|| vec!["python".into()], |e| python::command(e, port)),
        Facts::Node(node) => match &node.kind {
            crate::detect::node::NodeKind::Server(server) => server.start.clone(),
            crate::detect::node::NodeKind::Static(_) => {
                vec!["nginx".into(), "-g".into(), "daemon off;".into()]
            }
        },
    }
}

/// The exec-form start command: the user's `--cmd`, else the default, behind tini when the
/// language needs an init.
fn entrypoint(
    settings: &Settings,
    default: Vec<String>,
    init: bool,
) -> Result<Fragment, PlanError> {
    let mut argv = Vec::new();
    if init {
        argv.push(images::TINI_PATH.to_string());
        argv.push("--".to_string());
    }
    argv.extend(settings.command.clone().unwrap_or(default));
    quote::exec_form(&argv).map_err(|reason| PlanError {
        what: "the start command".into(),
        reason,
    })
}

/// The major number of a version (`26` of `26.1.0`), 0 when it has none.
fn major(version: &str) -> u32 {
    version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

fn version_arg(language: Language, version: &str) -> BuildArg {
    BuildArg {
        name: images::version_arg(language),
        value: Fragment::validated(version),
    }
}

fn runtime_note(runtime: Runtime) -> &'static str {
    match runtime {
        Runtime::Distroless => "runtime: distroless, no shell or package manager, uid 65532",
        Runtime::Slim => "runtime: Debian slim with a created user, uid 10001",
        Runtime::Jre => "runtime: Eclipse Temurin JRE with a created user, uid 10001",
        Runtime::Alpine => "runtime: Alpine with a created user, uid 10001",
        Runtime::Scratch => {
            "runtime: scratch, only the binary, CA certificates, time zones and /tmp, uid 65532"
        }
    }
}

#[cfg(test)]
mod tests;
