//! msb turns a source repository into a multi-stage Dockerfile and `.dockerignore`.
//!
//! The pipeline: `repo` (read-only, bounded) → `detect` (facts + evidence) → `settings`
//! (overrides + answers) → `plan` (every Docker decision) → `render` (templates) → `output`
//! (atomic writes). Detection, planning and rendering are pure; I/O stays in `repo`,
//! `output` and this module.

pub mod cli;
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
use std::path::Path;

use cli::{Cli, Command, InitArgs};
pub use error::Error;
use output::{Mode, Status, Target};
use plan::Plan;
use render::GeneratedFile;
use render::templates::TemplateSet;
use repo::{DiskTree, Tree};
use settings::Overrides;
use settings::prompt::{NoPrompt, Prompter};

/// Runs the whole pipeline over a tree: detection, resolution, planning and rendering.
///
/// # Errors
/// Any layer's error; nothing is written.
pub fn generate(
    tree: &dyn Tree,
    overrides: &Overrides,
    prompter: &mut dyn Prompter,
    templates: &TemplateSet,
) -> Result<(Plan, Vec<GeneratedFile>), Error> {
    generate_at(tree, "", overrides, prompter, templates)
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
    let only = overrides.language.as_ref().map(|g| g.value);
    let detection = detect::detect_at(tree, dir, only)?;
    let settings = settings::resolve(&detection, overrides, prompter)?;
    let plan = plan::plan(&settings)?;
    let files = render::render(&plan, templates)?;
    Ok((plan, files))
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
            let (plan, _) = generate_at(
                &tree,
                &dir,
                &args.choices.overrides(),
                &mut NoPrompt,
                &TemplateSet::embedded(),
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

/// The prompter for `init`: questions only on a terminal and never with `--yes`.
fn prompter_for(_args: &InitArgs) -> Box<dyn Prompter> {
    Box::new(NoPrompt)
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

fn init(args: &InitArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let (tree, dir) = open_context(&args.path)?;
    let mut prompter = prompter_for(args);
    let (plan, files) = generate_at(
        &tree,
        &dir,
        &args.choices.overrides(),
        prompter.as_mut(),
        &TemplateSet::embedded(),
    )?;
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
    let mode = if args.check {
        Mode::Check
    } else if args.force {
        Mode::Force
    } else {
        Mode::Create
    };
    let results = output::apply(mode, &targets(args, files))?;
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
