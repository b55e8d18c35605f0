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
#[doc(hidden)]
pub mod fuzzing;
mod inputs;
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
use std::path::Path;

use cli::{Cli, Command, InitArgs, TemplatesCommand};
pub use error::Error;
use inputs::{Inputs, load_templates};
use output::{Mode, Status, Target};
use plan::Plan;
use render::GeneratedFile;
use render::templates::TemplateSet;
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
    build_at(tree, "", overrides, prompter, templates)
}

/// Like [`build`], for the project in `dir` of a build context that is larger than the
/// project: a Node.js workspace member (see [`open_context`]).
///
/// # Errors
/// Any layer's error; nothing is written.
pub fn build_at(
    tree: &dyn Tree,
    dir: &str,
    overrides: &Overrides,
    prompter: &mut dyn Prompter,
    templates: &TemplateSet,
) -> Result<Generated, Error> {
    let only = overrides.language.as_ref().map(|g| g.value);
    let detection = detect::detect_at(tree, dir, only)?;
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

/// Like [`generate`], for the project in `dir` of a build context that is larger than the
/// project (see [`open_context`]).
///
/// # Errors
/// Any layer's error; nothing is written.
pub fn generate_at(
    tree: &dyn Tree,
    dir: &str,
    overrides: &Overrides,
    prompter: &mut dyn Prompter,
    templates: &TemplateSet,
) -> Result<(Plan, Vec<GeneratedFile>), Error> {
    let generated = build_at(tree, dir, overrides, prompter, templates)?;
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
            let (tree, dir) = open_context(&args.path)?;
            let detection = detect::detect_at(&tree, &dir, None)?;
            let text = if args.json {
                json(&detection)
            } else {
                report::detection(&detection)
            };
            emit(out, &text);
            Ok(0)
        }
        Command::Plan(args) => {
            let (tree, dir) = open_context(&args.path)?;
            let inputs = Inputs::load(&args.path, &args.sources, args.choices.overrides())?;
            let (plan, _) = generate_at(
                &tree,
                &dir,
                &inputs.overrides,
                &mut NoPrompt,
                &inputs.templates,
            )?;
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
    let _ = stream.write_all(report::terminal_safe(text).as_bytes());
    let _ = stream.flush();
}

/// How far above PATH msb looks for the root of a workspace that PATH is a member of.
const MAX_WORKSPACE_DEPTH: usize = 4;

/// Opens the build context for PATH. That is PATH itself, except for a Node.js package
/// inside a workspace: then it is the workspace root, found by walking up from PATH at most
/// [`MAX_WORKSPACE_DEPTH`] directories and never past the directory holding `.git`, and the
/// package's directory inside it is returned too. This is the only place msb reads above
/// PATH, and it reads only the workspace declarations (`pnpm-workspace.yaml`, `package.json`).
///
/// # Errors
/// PATH cannot be opened, or a workspace declaration above it cannot be read or parsed.
pub fn open_context(path: &Path) -> Result<(DiskTree, String), Error> {
    let tree = DiskTree::open(path)?;
    let standalone = !tree
        .is_file("package.json")
        .map_err(detect::DetectError::from)?
        || tree
            .kind_of(".git")
            .map_err(detect::DetectError::from)?
            .is_some()
        || detect::node::workspace::patterns(&tree)?.is_some();
    if standalone {
        return Ok((tree, String::new()));
    }
    let mut dir = tree.root().to_path_buf();
    let mut rel: Vec<String> = Vec::new();
    for _ in 0..MAX_WORKSPACE_DEPTH {
        let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
            break;
        };
        rel.insert(0, name.to_string_lossy().into_owned());
        dir = parent.to_path_buf();
        let candidate = DiskTree::open(&dir)?;
        let member = rel.join("/");
        if let Some((_, patterns)) = detect::node::workspace::patterns(&candidate)? {
            let negated = patterns.iter().any(|p| {
                p.strip_prefix('!')
                    .is_some_and(|p| detect::node::workspace::matches(p, &member))
            });
            if !negated
                && patterns
                    .iter()
                    .any(|p| detect::node::workspace::matches(p, &member))
            {
                return Ok((candidate, member));
            }
        }
        if candidate
            .kind_of(".git")
            .map_err(detect::DetectError::from)?
            .is_some()
        {
            break;
        }
    }
    Ok((tree, String::new()))
}

/// The prompter for `init`: questions only when standard input and standard error are
/// terminals, never with `--yes` or `--check`.
fn prompter_for(args: &InitArgs) -> Box<dyn Prompter> {
    if !args.yes && !args.check && settings::terminal::available() {
        settings::terminal::exit_on_interrupt();
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

fn targets(args: &InitArgs, files: Vec<GeneratedFile>) -> Vec<Target> {
    files
        .into_iter()
        .map(|f| {
            let (path, shown) = match (&args.output, f.path.as_str()) {
                (Some(output), "Dockerfile") => (output.clone(), output.display().to_string()),
                (Some(output), render::DOCKERFILE_IGNORE) => {
                    let mut name = output.clone().into_os_string();
                    name.push(".dockerignore");
                    let path = std::path::PathBuf::from(name);
                    let shown = path.display().to_string();
                    (path, shown)
                }
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
    let (tree, dir) = open_context(&args.path)?;
    let inputs = Inputs::load(&args.path, &args.sources, args.choices.overrides())?;
    let mut prompter = prompter_for(args);
    let generated = build_at(
        &tree,
        &dir,
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
        for file in files.iter().skip(2) {
            emit(
                err,
                &format!(
                    "note: --stdout prints only the Dockerfile; it also copies {}, which `msb init` writes\n",
                    file.path
                ),
            );
        }
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
