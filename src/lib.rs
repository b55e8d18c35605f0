//! msb turns a source repository into a multi-stage Dockerfile and `.dockerignore`.
//!
//! The pipeline: `repo` (read-only, bounded) → `detect` (facts + evidence) → `settings`
//! (overrides + answers) → `plan` (every Docker decision) → `render` (templates) → `output`
//! (atomic writes). Detection, planning and rendering are pure; I/O stays in `repo`,
//! `output` and this module.

pub mod cli;
pub mod config;
pub mod detect;
pub mod error;
pub mod language;
pub mod output;
pub mod plan;
pub mod quote;
pub mod render;
pub mod repo;
pub mod report;
pub mod settings;
pub mod values;

use std::io::Write;
use std::path::{Path, PathBuf};

use cli::{Cli, Command, InitArgs, Sources, TemplatesCommand};
use config::Config;
pub use error::Error;
use output::{Mode, Status, Target};
use plan::Plan;
use render::GeneratedFile;
use render::templates::{TemplateDirError, TemplateSet};
use repo::{DiskTree, Tree};
use settings::prompt::{Existing, NoPrompt, Prompter};
use settings::{Overrides, Settings};

/// Everything one run decided and produced.
#[derive(Debug, Clone)]
pub struct Generated {
    pub settings: Settings,
    pub plan: Plan,
    pub files: Vec<GeneratedFile>,
}

/// Runs the whole pipeline over a tree: detection, resolution, planning and rendering.
/// When the prompter is interactive, it is shown what was detected before it is asked.
///
/// # Errors
/// Any layer's error; nothing is written.
pub fn build(
    tree: &dyn Tree,
    overrides: &Overrides,
    prompter: &mut dyn Prompter,
    templates: &TemplateSet,
) -> Result<Generated, Error> {
    let only = overrides.language.as_ref().map(|g| g.value);
    let detection = detect::detect(tree, only)?;
    if prompter.interactive() {
        prompter.show(&report::detection(&detection));
    }
    let settings = settings::resolve(&detection, overrides, prompter)?;
    let plan = plan::plan(&settings)?;
    let files = render::render(&plan, templates)?;
    Ok(Generated {
        settings,
        plan,
        files,
    })
}

/// [`build`], returning the plan and the files.
///
/// # Errors
/// Any layer's error; nothing is written.
pub fn generate(
    tree: &dyn Tree,
    overrides: &Overrides,
    prompter: &mut dyn Prompter,
    templates: &TemplateSet,
) -> Result<(Plan, Vec<GeneratedFile>), Error> {
    let generated = build(tree, overrides, prompter, templates)?;
    Ok((generated.plan, generated.files))
}

/// Runs a parsed command line, writing results to `out` and messages to `err`.
/// Returns the process exit code.
///
/// # Errors
/// The error the command failed with; the caller reports it.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    match cli.command {
        Command::Detect(args) => {
            let tree = DiskTree::open(&args.path)?;
            let detection = detect::detect(&tree, None)?;
            let text = if args.json {
                json(&detection)
            } else {
                report::detection(&detection)
            };
            emit(out, &text);
            Ok(0)
        }
        Command::Plan(args) => {
            let tree = DiskTree::open(&args.path)?;
            let inputs = Inputs::load(&args.path, &args.sources, args.choices.overrides())?;
            let (plan, _) = generate(&tree, &inputs.overrides, &mut NoPrompt, &inputs.templates)?;
            let text = if args.json {
                json(&plan)
            } else {
                report::plan(&plan)
            };
            emit(out, &text);
            Ok(0)
        }
        Command::Init(args) => init(&args, out, err),
        Command::Templates(command) => templates(command, out),
        Command::Completions(args) => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "msb", &mut script);
            emit(out, &String::from_utf8_lossy(&script));
            Ok(0)
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    let mut text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn emit(stream: &mut dyn Write, text: &str) {
    let _ = stream.write_all(text.as_bytes());
    let _ = stream.flush();
}

/// The prompter for `init`: questions only when standard input and standard error are
/// terminals, never with `--yes` or `--check`.
fn prompter_for(args: &InitArgs) -> Box<dyn Prompter> {
    if !args.yes && !args.check && settings::terminal::available() {
        Box::new(settings::terminal::TerminalPrompter::new())
    } else {
        Box::new(NoPrompt)
    }
}

fn shown(dir: &Path, name: &str) -> String {
    if dir == Path::new(".") {
        name.to_string()
    } else {
        dir.join(name).display().to_string()
    }
}

/// The answers file, the overrides and the templates a run uses.
struct Inputs {
    /// Where msb.toml is read from and `--save` writes to, and how messages name it.
    config_path: PathBuf,
    config_shown: String,
    overrides: Overrides,
    templates: TemplateSet,
    /// The templates directory, as `--save` records it.
    templates_saved: Option<String>,
}

impl Inputs {
    fn load(project: &Path, sources: &Sources, flags: Overrides) -> Result<Self, Error> {
        let (config_path, config_shown) = match &sources.config {
            Some(file) => (file.clone(), file.display().to_string()),
            None => (
                project.join(config::FILE_NAME),
                shown(project, config::FILE_NAME),
            ),
        };
        let config = read_config(&config_path, &config_shown, sources.config.is_some())?;
        let config_dir = parent_dir(&config_path);
        let (templates_dir, templates_saved) = match (&sources.templates, &config.templates) {
            (Some(dir), _) => (Some(dir.clone()), Some(relative_to(dir, &config_dir))),
            (None, Some(given)) => (
                Some(config_dir.join(&given.value)),
                Some(given.value.clone()),
            ),
            (None, None) => (None, None),
        };
        let templates = match &templates_dir {
            Some(dir) => load_templates(dir)?,
            None => TemplateSet::embedded(),
        };
        let overrides = config::merge(flags, config.overrides);
        Ok(Self {
            config_path,
            config_shown,
            overrides,
            templates,
            templates_saved,
        })
    }
}

fn parent_dir(file: &Path) -> PathBuf {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `path` as msb.toml in `base` should name it: relative when it lies inside `base`.
fn relative_to(path: &Path, base: &Path) -> String {
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let inside = base
        .canonicalize()
        .ok()
        .and_then(|b| absolute.strip_prefix(b).ok().map(Path::to_path_buf));
    match inside {
        Some(rel) if rel.as_os_str().is_empty() => ".".into(),
        Some(rel) => rel.to_string_lossy().replace('\\', "/"),
        None => absolute.to_string_lossy().into_owned(),
    }
}

/// Reads msb.toml. A missing file is no configuration unless `--config` named it.
fn read_config(file: &Path, shown: &str, named: bool) -> Result<Config, Error> {
    let missing = || config::ConfigError {
        file: shown.to_string(),
        line: None,
        message: "no such file".into(),
    };
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    let dir = DiskTree::open(&parent_dir(file));
    let text = match (dir, name) {
        (Ok(dir), Some(name)) => dir.read(&name).map_err(detect::DetectError::from)?,
        _ => None,
    };
    match text {
        Some(text) => Ok(config::parse(&text, shown)?),
        None if named => Err(missing().into()),
        None => Ok(Config::default()),
    }
}

fn load_templates(dir: &Path) -> Result<TemplateSet, Error> {
    let shown = dir.display().to_string();
    let tree = DiskTree::open(dir).map_err(|e| TemplateDirError::Open {
        dir: shown.clone(),
        reason: match e {
            repo::OpenError::Missing(_) => "no such directory".into(),
            repo::OpenError::NotADirectory(_) => "not a directory".into(),
            repo::OpenError::Unreadable(_, reason) => reason,
        },
    })?;
    Ok(TemplateSet::with_dir(&tree, &shown)?)
}

fn targets(args: &InitArgs, files: Vec<GeneratedFile>) -> Vec<Target> {
    files
        .into_iter()
        .map(|f| {
            let (path, shown) = match (&args.output, f.path.as_str()) {
                (Some(output), "Dockerfile") => (output.clone(), output.display().to_string()),
                _ => (args.path.join(&f.path), shown(&args.path, &f.path)),
            };
            Target {
                path,
                shown,
                contents: f.contents,
            }
        })
        .collect()
}

/// Asks, for every file that exists and differs, whether to replace it; nothing is written
/// until every answer is in.
fn ask_per_file(
    prompter: &mut dyn Prompter,
    targets: &[Target],
) -> Result<Vec<(String, Status)>, Error> {
    let mut choices = Vec::new();
    for conflict in output::conflicts(targets)? {
        let choice = match prompter.existing(&conflict.shown, &conflict.diff)? {
            Existing::Replace => output::Choice::Replace,
            Existing::Keep => output::Choice::Keep,
        };
        choices.push((conflict, choice));
    }
    Ok(output::apply_choices(targets, &choices)?)
}

fn init(args: &InitArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let tree = DiskTree::open(&args.path)?;
    let inputs = Inputs::load(&args.path, &args.sources, args.choices.overrides())?;
    let mut prompter = prompter_for(args);
    let generated = build(
        &tree,
        &inputs.overrides,
        prompter.as_mut(),
        &inputs.templates,
    )?;
    let Generated {
        settings,
        plan,
        files,
    } = generated;
    for warning in &plan.warnings {
        emit(err, &format!("warning: {warning}\n"));
    }
    if args.stdout {
        let dockerfile = files
            .iter()
            .find(|f| f.path == "Dockerfile")
            .map_or("", |f| f.contents.as_str());
        emit(out, dockerfile);
        return Ok(0);
    }
    let mut targets = targets(args, files);
    if args.save {
        targets.push(Target {
            path: inputs.config_path.clone(),
            shown: inputs.config_shown.clone(),
            contents: config::render(&settings, inputs.templates_saved.as_deref()),
        });
    }
    let mode = if args.check {
        Mode::Check
    } else if args.force {
        Mode::Force
    } else {
        Mode::Create
    };
    let results = if mode == Mode::Create && prompter.interactive() {
        ask_per_file(prompter.as_mut(), &targets)?
    } else {
        output::apply(mode, &targets)?
    };
    if mode == Mode::Check {
        let stale: Vec<&String> = results
            .iter()
            .filter_map(|(_, s)| match s {
                Status::Stale(diff) => Some(diff),
                _ => None,
            })
            .collect();
        for diff in &stale {
            emit(out, diff);
        }
        emit(err, &report::written(&results));
        return Ok(u8::from(!stale.is_empty()));
    }
    emit(out, &report::plan(&plan));
    emit(out, &report::written(&results));
    Ok(0)
}

fn templates(command: TemplatesCommand, out: &mut dyn Write) -> Result<u8, Error> {
    match command {
        TemplatesCommand::List { templates } => {
            let set = match &templates {
                Some(dir) => load_templates(dir)?,
                None => TemplateSet::embedded(),
            };
            emit(out, &report::templates(&set));
            Ok(0)
        }
        TemplatesCommand::Export { dir, force } => {
            let set = TemplateSet::embedded();
            let targets: Vec<Target> = set
                .templates
                .iter()
                .map(|t| {
                    let name = format!("{}{}", t.id, render::templates::SUFFIX);
                    Target {
                        path: dir.join(&name),
                        shown: dir.join(&name).display().to_string(),
                        contents: t.text.clone(),
                    }
                })
                .collect();
            let mode = if force { Mode::Force } else { Mode::Create };
            let results = output::apply_creating_dirs(mode, &targets)?;
            emit(out, &report::written(&results));
            Ok(0)
        }
    }
}
