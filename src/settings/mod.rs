//! Resolution: detected facts + overrides (flags, msb.toml) + answers → settings. One
//! validator per setting serves all three sources. Precedence: flag > msb.toml > answer >
//! detected > built-in.

pub mod prompt;
pub mod terminal;

use std::fmt;

use serde::Serialize;

use crate::detect::{App, Detection, Project, VersionReq};
use crate::language::{Language, Runtime};
use crate::plan::{self, images};
use crate::values;
use prompt::{PromptError, Prompter, Question};

/// Where an override came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Flag(&'static str),
    Config {
        file: String,
        key: &'static str,
        line: Option<usize>,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => f.write_str(flag),
            Origin::Config {
                file,
                key,
                line: Some(line),
            } => write!(f, "{file}:{line}: {key}"),
            Origin::Config {
                file,
                key,
                line: None,
            } => write!(f, "{file}: {key}"),
        }
    }
}

/// A value given by a flag or msb.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Given<T> {
    pub fn flag(flag: &'static str, value: T) -> Self {
        Self {
            value,
            origin: Origin::Flag(flag),
        }
    }
}

/// Values the user fixed in advance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub language: Option<Given<Language>>,
    pub runtime: Option<Given<Runtime>>,
    pub port: Option<Given<u16>>,
    pub version: Option<Given<String>>,
    /// Go main package (`--main`).
    pub main: Option<Given<String>>,
    /// Rust binary (`--bin`).
    pub bin: Option<Given<String>>,
    /// Java module (`--module`).
    pub module: Option<Given<String>>,
    /// Start command, as a shell-style command line.
    pub command: Option<Given<String>>,
    pub syntax: Option<Given<bool>>,
}

/// Where a resolved value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Flag,
    Config,
    Answer,
    Detected,
    Default,
}

impl Source {
    fn of(origin: &Origin) -> Self {
        match origin {
            Origin::Flag(_) => Source::Flag,
            Origin::Config { .. } => Source::Config,
        }
    }
}

/// One resolved setting and why it has its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub setting: &'static str,
    pub value: String,
    pub source: Source,
    pub reason: String,
}

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
    pub syntax: bool,
    pub decisions: Vec<Decision>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("{origin}: {reason}")]
    Invalid { origin: Origin, reason: String },
    #[error("no supported project found; looked for {looked}")]
    NoProject { looked: String, nearby: Vec<String> },
    #[error("--lang {language}: no {manifests} found")]
    LanguageAbsent {
        language: Language,
        manifests: String,
    },
    #[error("{language} project has nothing to run: {why}")]
    NoApp { language: Language, why: String },
    #[error(transparent)]
    Prompt(#[from] PromptError),
}

impl SettingsError {
    /// True when the error is a bad command-line value (exit code 2).
    #[must_use]
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SettingsError::Invalid {
                origin: Origin::Flag(_),
                ..
            }
        )
    }

    #[must_use]
    pub fn hint(&self) -> Option<String> {
        match self {
            SettingsError::NoProject { nearby, .. } => Some(match nearby.first() {
                Some(first) => {
                    let dir = first.split_once('/').map_or(first.as_str(), |(d, _)| d);
                    format!(
                        "found {} one directory down: point msb at the project, e.g. msb init {}",
                        values::printable(&nearby.join(", ")),
                        values::printable(dir)
                    )
                }
                None => "pass --lang to say which language the project is".into(),
            }),
            SettingsError::NoApp {
                language: Language::Go,
                ..
            } => Some("pass --main with the directory of the main package".into()),
            SettingsError::NoApp {
                language: Language::Rust,
                ..
            } => Some("add a binary target (src/main.rs or [[bin]])".into()),
            SettingsError::NoApp {
                language: Language::Java,
                ..
            } => Some("give the module a main class, Spring Boot, or the application plugin; or pass --module".into()),
            SettingsError::NoApp {
                language: Language::Python,
                ..
            } => Some("pass --cmd with the start command, or --main with module:object".into()),
            SettingsError::NoApp {
                language: Language::Node,
                ..
            } => Some(
                "add a start script `node FILE` or a main field, or pass --cmd \"node FILE\""
                    .into(),
            ),
            _ => None,
        }
    }
}

fn invalid(origin: &Origin, reason: impl Into<String>) -> SettingsError {
    SettingsError::Invalid {
        origin: origin.clone(),
        reason: reason.into(),
    }
}

struct Resolver<'p> {
    prompter: &'p mut dyn Prompter,
    decisions: Vec<Decision>,
}

impl Resolver<'_> {
    fn record(
        &mut self,
        setting: &'static str,
        value: impl fmt::Display,
        source: Source,
        reason: impl Into<String>,
    ) {
        self.decisions.push(Decision {
            setting,
            value: value.to_string(),
            source,
            reason: reason.into(),
        });
    }

    /// Chooses among `items`: the override when given, else an answer, else `default`.
    fn choose(
        &mut self,
        key: &'static str,
        text: &str,
        items: &[String],
        default: usize,
    ) -> Result<(usize, Source), SettingsError> {
        if items.len() > 1 && self.prompter.interactive() {
            let index = self
                .prompter
                .select(Question { key, text }, items, default)?;
            return Ok((index, Source::Answer));
        }
        Ok((default, Source::Detected))
    }

    fn language<'d>(
        &mut self,
        detection: &'d Detection,
        given: Option<&Given<Language>>,
    ) -> Result<&'d Project, SettingsError> {
        if let Some(given) = given {
            let project =
                detection
                    .find(given.value)
                    .ok_or_else(|| SettingsError::LanguageAbsent {
                        language: given.value,
                        manifests: given.value.manifests().join(" or "),
                    })?;
            self.record(
                "language",
                given.value,
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(project);
        }
        let projects = &detection.projects;
        if projects.is_empty() {
            let looked: Vec<&str> = Language::ALL
                .iter()
                .flat_map(|l| l.manifests())
                .copied()
                .collect();
            return Err(SettingsError::NoProject {
                looked: looked.join(", "),
                nearby: detection.nearby.clone(),
            });
        }
        let default = projects
            .iter()
            .position(|p| !p.apps.is_empty())
            .unwrap_or(0);
        let items: Vec<String> = projects
            .iter()
            .map(|p| format!("{} ({})", p.language.display_name(), p.manifests.join(", ")))
            .collect();
        let (index, source) = self.choose(
            "language",
            "Which language should the image build?",
            &items,
            default,
        )?;
        let project = &projects[index];
        let reason = if projects.len() == 1 {
            format!("the only project found ({})", project.manifests.join(", "))
        } else if source == Source::Answer {
            "chosen at the prompt".into()
        } else {
            let others: Vec<&str> = projects
                .iter()
                .filter(|p| p.language != project.language)
                .map(|p| p.language.as_str())
                .collect();
            format!(
                "several languages found (also {}); the first with something to run in msb's order {} was picked; pass --lang to choose",
                others.join(", "),
                Language::ALL
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.record("language", project.language, source, reason);
        Ok(project)
    }

    fn app(
        &mut self,
        project: &Project,
        given: Option<&Given<String>>,
        flag: &str,
    ) -> Result<App, SettingsError> {
        let apps = &project.apps;
        if let Some(given) = given {
            let wanted = given.value.trim_start_matches("./").trim_end_matches('/');
            let wanted = if wanted.is_empty() { "." } else { wanted };
            let found = apps.iter().find(|a| a.id == wanted).or_else(|| {
                let by_name: Vec<&App> = apps.iter().filter(|a| a.name == wanted).collect();
                (by_name.len() == 1).then(|| by_name[0])
            });
            let Some(app) = found else {
                let known: Vec<&str> = apps.iter().map(|a| a.id.as_str()).collect();
                return Err(invalid(
                    &given.origin,
                    format!(
                        "{} is not one of the applications found ({})",
                        values::shown(&given.value),
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            };
            self.record(
                "app",
                &app.id,
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(app.clone());
        }
        if apps.is_empty() {
            let why = if project.warnings.is_empty() {
                "no application found".to_string()
            } else {
                // A repository can hold thousands of unusable candidates; name a few.
                const SHOWN: usize = 5;
                let mut why = project.warnings[..project.warnings.len().min(SHOWN)].join("; ");
                if project.warnings.len() > SHOWN {
                    why.push_str(&format!("; and {} more", project.warnings.len() - SHOWN));
                }
                why
            };
            return Err(SettingsError::NoApp {
                language: project.language,
                why,
            });
        }
        let items: Vec<String> = apps.iter().map(|a| a.id.clone()).collect();
        let (index, source) = self.choose(
            "app",
            "Which application should the image run?",
            &items,
            project.preferred_app,
        )?;
        let app = apps[index].clone();
        let reason = match (apps.len(), source) {
            (1, _) => "the only application found".to_string(),
            (_, Source::Answer) => "chosen at the prompt".to_string(),
            _ => {
                let others: Vec<&str> = items
                    .iter()
                    .filter(|i| **i != app.id)
                    .map(String::as_str)
                    .collect();
                format!(
                    "picked from {} candidates because {}; the others are {}; pass {flag} to choose",
                    apps.len(),
                    project.preference_rule,
                    others.join(", ")
                )
            }
        };
        self.record("app", &app.id, source, reason);
        Ok(app)
    }

    fn input(
        &mut self,
        key: &'static str,
        text: &str,
        default: String,
        validate: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<Option<String>, SettingsError> {
        if !self.prompter.interactive() {
            return Ok(None);
        }
        let answer = self
            .prompter
            .input(Question { key, text }, &default, validate)?;
        Ok((answer != default).then_some(answer))
    }

    fn version(
        &mut self,
        language: Language,
        req: Option<&VersionReq>,
        given: Option<&Given<String>>,
        runtime: Option<Runtime>,
    ) -> Result<String, SettingsError> {
        if let Some(given) = given {
            values::check_version(&given.value).map_err(|r| invalid(&given.origin, r))?;
            self.record(
                "version",
                &given.value,
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(given.value.clone());
        }
        let (version, source, reason) = detected_version(language, req, runtime);
        if let Some(answer) = self.input(
            "version",
            &format!("{} version for the builder", language.display_name()),
            version.clone(),
            &values::check_version,
        )? {
            self.record("version", &answer, Source::Answer, "chosen at the prompt");
            return Ok(answer);
        }
        self.record("version", &version, source, reason);
        Ok(version)
    }

    fn runtime(
        &mut self,
        supported: &[Runtime],
        why_not: &str,
        default: (Runtime, &str),
        given: Option<&Given<Runtime>>,
    ) -> Result<Runtime, SettingsError> {
        if let Some(given) = given {
            if !supported.contains(&given.value) {
                return Err(invalid(
                    &given.origin,
                    format!(
                        "the {} runtime cannot run this project: {why_not}",
                        given.value
                    ),
                ));
            }
            self.record(
                "runtime",
                given.value,
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(given.value);
        }
        let items: Vec<String> = supported.iter().map(ToString::to_string).collect();
        let default_index = supported.iter().position(|r| *r == default.0).unwrap_or(0);
        let (index, source) =
            self.choose("runtime", "Base of the final image", &items, default_index)?;
        let reason = if source == Source::Answer {
            "chosen at the prompt"
        } else {
            default.1
        };
        self.record(
            "runtime",
            supported[index],
            if source == Source::Answer {
                source
            } else {
                Source::Default
            },
            reason,
        );
        Ok(supported[index])
    }

    fn port(
        &mut self,
        app: &App,
        (language_default, default_reason): (u16, String),
        given: Option<&Given<u16>>,
    ) -> Result<u16, SettingsError> {
        if let Some(given) = given {
            if given.value == 0 {
                return Err(invalid(&given.origin, "0 is not a port number (1-65535)"));
            }
            self.record(
                "port",
                given.value,
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(given.value);
        }
        let (port, source, reason) = match (app.port.port, app.port.evidence.first()) {
            (Some(port), Some(e)) if e.line.is_none() => (
                port,
                Source::Detected,
                format!("{} ({})", e.conclusion, e.location()),
            ),
            (Some(port), Some(e)) => (
                port,
                Source::Detected,
                format!("literal listen address at {}", e.location()),
            ),
            _ if !app.port.ambiguous.is_empty() => {
                let found: Vec<String> = app.port.ambiguous.iter().map(u16::to_string).collect();
                (
                    language_default,
                    Source::Default,
                    format!(
                        "several ports in the code ({}); pass --port",
                        found.join(", ")
                    ),
                )
            }
            _ => (language_default, Source::Default, default_reason),
        };
        let check = |s: &str| values::parse_port(s).map(|_| ());
        if let Some(answer) = self.input(
            "port",
            "Port the application listens on",
            port.to_string(),
            &check,
        )? {
            let value =
                values::parse_port(&answer).map_err(|r| invalid(&Origin::Flag("port"), r))?;
            self.record("port", value, Source::Answer, "chosen at the prompt");
            return Ok(value);
        }
        self.record("port", port, source, reason);
        Ok(port)
    }

    /// The start command: the override, else an answer that differs from the command the
    /// plan would write anyway; `None` keeps the plan's default.
    fn command(
        &mut self,
        project: &Project,
        app: &App,
        port: u16,
        given: Option<&Given<String>>,
    ) -> Result<Option<Vec<String>>, SettingsError> {
        if let Some(given) = given {
            let words = split_command(&given.value).map_err(|r| invalid(&given.origin, r))?;
            self.record(
                "command",
                shell_words::join(&words),
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(Some(words));
        }
        let default = plan::default_command(project, app, port);
        let check = |s: &str| split_command(s).map(|_| ());
        let Some(answer) = self.input(
            "command",
            "Start command (run in exec form)",
            shell_words::join(&default),
            &check,
        )?
        else {
            return Ok(None);
        };
        let words = split_command(&answer).map_err(|r| invalid(&Origin::Flag("command"), r))?;
        if words == default {
            return Ok(None);
        }
        self.record(
            "command",
            shell_words::join(&words),
            Source::Answer,
            "chosen at the prompt",
        );
        Ok(Some(words))
    }
}

/// Splits a start command into words the way a POSIX shell would, without expanding anything.
///
/// # Errors
/// Unbalanced quotes, an empty command or a NUL character.
pub fn split_command(command: &str) -> Result<Vec<String>, String> {
    let words =
        shell_words::split(command).map_err(|_| "the command has an unclosed quote".to_string())?;
    if words.is_empty() || words[0].is_empty() {
        return Err("the command is empty".into());
    }
    if words.iter().any(|w| w.contains('\0')) {
        return Err("the command contains a NUL character".into());
    }
    Ok(words)
}

fn version_key(version: &str) -> Vec<u32> {
    version.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The builder version: an exact pin as written; a minimum raised to the current default
/// when the default is newer, since the newest release builds everything older ones do.
fn detected_version(
    language: Language,
    req: Option<&VersionReq>,
    runtime: Option<Runtime>,
) -> (String, Source, String) {
    let default = images::default_version_for(language, runtime);
    match req {
        Some(req) if req.exact => (
            req.version.clone(),
            Source::Detected,
            req.evidence.location(),
        ),
        Some(req) if version_key(&req.version) > version_key(default) => (
            req.version.clone(),
            Source::Detected,
            format!(
                "{}: the project needs a newer release than msb's default {default}",
                req.evidence.location()
            ),
        ),
        Some(req) => (
            default.to_string(),
            Source::Default,
            format!(
                "{} asks for {} or newer; {default} is {}",
                req.evidence.location(),
                req.version,
                images::default_version_note(language, runtime)
            ),
        ),
        None => (
            default.to_string(),
            Source::Default,
            format!(
                "the project names no version; {}",
                images::default_version_note(language, runtime)
            ),
        ),
    }
}

/// The runtimes a project can use, and why the others cannot.
#[must_use]
pub fn supported_runtimes(project: &Project) -> (Vec<Runtime>, String) {
    match &project.facts {
        crate::detect::Facts::Go(go) if go.cgo.is_some() => (
            vec![Runtime::Distroless, Runtime::Slim],
            "the program uses cgo and needs glibc; use distroless or slim".into(),
        ),
        crate::detect::Facts::Python(py) => match &py.runtime_libraries {
            Some(why) => (
                vec![Runtime::Slim, Runtime::Alpine],
                format!(
                    "{why}, which distroless cannot install; scratch has no Python interpreter; jre is Java's; use slim or alpine"
                ),
            ),
            None => (
                vec![Runtime::Slim, Runtime::Distroless, Runtime::Alpine],
                "scratch has no Python interpreter and jre is Java's; use slim, distroless or alpine".into(),
            ),
        },
        crate::detect::Facts::Node(node) => node_runtimes(node),
        crate::detect::Facts::Java(_) => (
            vec![Runtime::Jre, Runtime::Distroless, Runtime::Slim, Runtime::Alpine],
            "a JVM needs a C library and the Java runtime's files, and scratch has neither; --runtime slim builds the smallest image (a jlink runtime)".into(),
        ),
        _ => (
            Runtime::ALL
                .iter()
                .copied()
                .filter(|r| *r != Runtime::Jre)
                .collect(),
            "the jre runtime is Eclipse Temurin's Java runtime image, for Java projects".into(),
        ),
    }
}

/// The runtime a project gets when nobody chooses, and why.
#[must_use]
pub fn default_runtime(project: &Project) -> (Runtime, &'static str) {
    match project.language {
        Language::Java => (
            Runtime::Jre,
            "Eclipse Temurin's JRE: the full Java runtime every library expects, on the builder's Ubuntu release",
        ),
        Language::Python => (
            Runtime::Slim,
            "the official Python image: every interpreter version, glibc for manylinux wheels, and the same interpreter path as the build stage",
        ),
        Language::Go | Language::Rust => (
            Runtime::Distroless,
            "no shell, no package manager, non-root by default",
        ),
        Language::Node => match &project.facts {
            crate::detect::Facts::Node(node)
                if matches!(node.kind, crate::detect::node::NodeKind::Static(_)) =>
            {
                (
                    Runtime::Alpine,
                    "a static site: nginx-unprivileged on Alpine serves the build",
                )
            }
            _ => (
                Runtime::Slim,
                "the official Node.js image as its own non-root user node, with a shell to debug with; --runtime distroless drops the shell",
            ),
        },
    }
}

fn node_runtimes(node: &crate::detect::NodeFacts) -> (Vec<Runtime>, String) {
    match node.kind {
        crate::detect::node::NodeKind::Static(_) => (
            vec![Runtime::Alpine],
            "a static site is served by nginx-unprivileged, which msb runs on Alpine".into(),
        ),
        crate::detect::node::NodeKind::Server(_) => (
            vec![Runtime::Slim, Runtime::Distroless, Runtime::Alpine],
            "scratch has no Node.js runtime to run JavaScript and jre is Java's; use slim, distroless or alpine"
                .into(),
        ),
    }
}

/// Runtimes the resolved version rules out: distroless publishes Node.js images only for some
/// majors.
fn restrict_by_version(
    language: Language,
    version: &str,
    supported: &mut Vec<Runtime>,
    why_not: &mut String,
) {
    if language != Language::Node {
        return;
    }
    let major: Option<u32> = version.split('.').next().and_then(|m| m.parse().ok());
    if major.is_some_and(|m| images::DISTROLESS_NODE_MAJORS.contains(&m)) {
        return;
    }
    if supported.contains(&Runtime::Distroless) {
        supported.retain(|r| *r != Runtime::Distroless);
        let majors: Vec<String> = images::DISTROLESS_NODE_MAJORS
            .iter()
            .map(u32::to_string)
            .collect();
        *why_not = format!(
            "distroless publishes nodejs images only for Node.js {} and this build uses {version}; {why_not}",
            majors.join(", ")
        );
    }
}

/// The port a project listens on when its code does not say, and why.
fn project_default_port(project: &Project) -> (u16, String) {
    match &project.facts {
        crate::detect::Facts::Node(node) => crate::detect::node::default_port(node),
        _ => (
            default_port(project.language),
            "no literal listen address in the code; the conventional default".into(),
        ),
    }
}

/// The conventional port for a language when the code does not say.
#[must_use]
pub fn default_port(language: Language) -> u16 {
    match language {
        Language::Go | Language::Rust | Language::Java => 8080,
        Language::Python => 8000,
        Language::Node => 3000,
    }
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
        syntax,
        decisions: r.decisions,
    })
}

#[cfg(test)]
mod tests;
