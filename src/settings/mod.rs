//! Resolution: detected facts + overrides (flags, msb.toml) + answers → settings. One
//! validator per setting serves all three sources. Precedence: flag > msb.toml > answer >
//! detected > built-in.

mod app;
mod command;
mod decision;
mod error;
mod features;
mod language;
mod overrides;
mod port;
pub mod prompt;
mod resolver;
mod runtime;
pub mod terminal;
mod version;

use serde::Serialize;

use crate::detect::{App, Detection, Project};
use crate::language::{Language, Runtime};
pub use command::split_command;
pub use decision::{Decision, Source};
pub use error::SettingsError;
use error::invalid;
pub use overrides::{Given, Origin, Overrides};
pub use port::default_port;
use port::project_default_port;
use prompt::Prompter;
use resolver::Resolver;
use runtime::restrict_by_version;
pub use runtime::{default_runtime, supported_runtimes};

/// Everything the planner needs, decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub project: Project,
    pub app: App,
    pub runtime: Runtime,
    pub version: String,
    pub port: u16,
    /// The start command the user gave, split into words.
    pub command: Option<Vec<String>>,
    /// Cargo features the user asked for, beyond a binary's `required-features`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    pub syntax: bool,
    pub decisions: Vec<Decision>,
}

/// Resolves every setting.
///
/// # Errors
/// Invalid overrides, an absent project or application, or a cancelled prompt.
pub fn resolve(
    detection: &Detection,
    overrides: &Overrides,
    prompter: &mut dyn Prompter,
) -> Result<Settings, SettingsError> {
    let mut r = Resolver {
        prompter,
        decisions: Vec::new(),
    };
    let project = r.language(detection, overrides.language.as_ref())?;
    let (app_given, app_flag, wrong) = match project.language {
        Language::Go => (
            overrides.main.as_ref(),
            "--main",
            overrides.bin.as_ref().map(|g| {
                (
                    g,
                    "--bin applies to Rust binaries; for a Go main package pass --main",
                )
            }),
        ),
        Language::Rust => (
            overrides.bin.as_ref(),
            "--bin",
            overrides.main.as_ref().map(|g| {
                (
                    g,
                    "--main applies to Go main packages; for a Rust binary pass --bin",
                )
            }),
        ),
        Language::Java => (
            overrides.module.as_ref(),
            "--module",
            overrides.main.as_ref().or(overrides.bin.as_ref()).map(|g| {
                (
                    g,
                    "--main and --bin apply to Go and Rust; for a Java module pass --module",
                )
            }),
        ),
        Language::Python => (
            overrides.main.as_ref(),
            "--main",
            overrides.bin.as_ref().or(overrides.module.as_ref()).map(|g| {
                (
                    g,
                    "--bin and --module apply to Rust and Java; for a Python application pass --main",
                )
            }),
        ),
        Language::Node => (
            None,
            "PATH",
            overrides
                .main
                .as_ref()
                .or(overrides.bin.as_ref())
                .or(overrides.module.as_ref())
                .map(|g| {
                    (
                        g,
                        "--main, --bin and --module do not apply to Node.js: pass the package directory as PATH, and --cmd to change the start command",
                    )
                }),
        ),
    };
    if let Some((given, reason)) = wrong {
        return Err(invalid(&given.origin, reason));
    }
    if let (Some(given), false) = (&overrides.module, project.language == Language::Java) {
        return Err(invalid(
            &given.origin,
            "--module applies to Java modules; for a Go main package pass --main, for a Rust binary --bin",
        ));
    }
    let app = r.app(project, app_given, app_flag)?;
    let features = r.features(project, &app, overrides.features.as_ref())?;
    let version = r.version(
        project.language,
        project.version.as_ref(),
        overrides.version.as_ref(),
        overrides.runtime.as_ref().map(|g| g.value),
    )?;
    let (mut supported, mut why_not) = supported_runtimes(project);
    restrict_by_version(project.language, &version, &mut supported, &mut why_not);
    let runtime = r.runtime(
        &supported,
        &why_not,
        default_runtime(project),
        overrides.runtime.as_ref(),
    )?;
    let port = r.port(&app, project_default_port(project), overrides.port.as_ref())?;
    let command = r.command(project, &app, port, overrides.command.as_ref())?;
    let syntax = overrides.syntax.as_ref().is_none_or(|g| g.value);
    Ok(Settings {
        project: project.clone(),
        app,
        runtime,
        version,
        port,
        command,
        features,
        syntax,
        decisions: r.decisions,
    })
}

#[cfg(test)]
mod tests;
