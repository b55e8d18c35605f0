//! Command-line interface. Names here are part of msb's contract with users and scripts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::language::{Language, Runtime};
use crate::settings::{Given, Overrides};
use crate::values;

const ABOUT: &str =
    "Turn a source repository into a production-grade multi-stage Dockerfile and .dockerignore";

const LONG_ABOUT: &str = "\
msb inspects a repository (go.mod, Cargo.toml, pyproject.toml, requirements.txt, …), detects language, versions, the \
application to run and its port, and writes a multi-stage Dockerfile: dependencies are \
downloaded in their own cached step, the final image runs as a numeric non-root user and \
carries no compiler, source tree or secret.";

const EXAMPLES: &str = "\
Examples:
  msb init                     detect, ask (on a terminal), write Dockerfile and .dockerignore
  msb init --yes --save        accept the detected values and record them in msb.toml
  msb init --check             in CI: exit 1 with a diff when the committed files are stale
  msb detect                   what msb found, and the evidence
  msb plan --json              the decisions, as the context templates receive
  msb templates export DIR     the templates, to customise (then: msb init --templates DIR)
  msb completions zsh          a completion script";

const INIT_EXAMPLES: &str = "\
On a terminal, msb shows what it detected and asks about what matters (language, application,
version, runtime, port, start command), each question defaulting to the detected value; Esc or
Ctrl-C cancels and writes nothing (exit 130). PATH/msb.toml, when present, answers in advance.
Precedence: flag > msb.toml > answer > detected > built-in.

Examples:
  msb init                          ask, then write Dockerfile and .dockerignore here
  msb init --yes path/to/app        accept every detected value, never prompt
  msb init --save                   also write the answers to msb.toml for later runs
  msb init --check                  in CI: exit 1 with a diff when the committed files are stale
  msb init --stdout --runtime scratch | less
  msb init --templates my-templates write with edited templates (see `msb templates export`)
  msb init --bin api --port 3000 --force";

const TEMPLATES_EXAMPLES: &str = "\
Examples:
  msb templates export my-templates   write the embedded templates to edit
  msb templates list --templates my-templates
  msb init --templates my-templates   use the edited ones first, the embedded ones for the rest";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  msb completions bash > ~/.local/share/bash-completion/completions/msb
  msb completions zsh > \"${fpath[1]}/_msb\"
  msb completions fish > ~/.config/fish/completions/msb.fish";

#[derive(Debug, Parser)]
#[command(name = "msb", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a Dockerfile and .dockerignore for a project
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// Show what msb finds in a project and the evidence for each finding
    Detect(DetectArgs),
    /// Show the build plan msb would write, without writing anything
    Plan(PlanArgs),
    /// List or export the templates msb renders, to customise them
    #[command(subcommand, after_help = TEMPLATES_EXAMPLES)]
    Templates(TemplatesCommand),
    /// Print a shell completion script
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the template files, and which ones a directory provides
    List {
        /// Show which templates DIR provides
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Write the templates into DIR, to edit and use with --templates DIR
    Export {
        /// Directory to write into (created when missing)
        dir: PathBuf,
        /// Replace files that differ
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where answers and templates come from, besides flags and msb itself.
#[derive(Debug, Args, Default)]
pub struct Sources {
    /// Read the answers from FILE instead of PATH/msb.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Use the templates in DIR first and the embedded ones for the rest
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Project directory (the Docker build context)
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Accept detected values and never prompt
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Also write the resolved answers to msb.toml (or the --config file)
    #[arg(long, conflicts_with_all = ["stdout", "check"])]
    pub save: bool,

    /// Print the Dockerfile to standard output and write nothing
    #[arg(long, conflicts_with_all = ["force", "check", "output"])]
    pub stdout: bool,

    /// Replace existing files that differ from what msb would write
    #[arg(long, conflicts_with = "check")]
    pub force: bool,

    /// Write nothing; exit 1 with a diff when the files differ from what msb would write
    #[arg(long)]
    pub check: bool,

    /// Write the Dockerfile to FILE instead of PATH/Dockerfile
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub sources: Sources,

    #[command(flatten)]
    pub choices: Choices,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    /// Project directory
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Print the findings as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Project directory
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Print the plan as JSON (the context templates receive)
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub sources: Sources,

    #[command(flatten)]
    pub choices: Choices,
}

/// Settings a user can fix on the command line; each one overrides detection and msb.toml.
#[derive(Debug, Args, Default)]
pub struct Choices {
    /// Language of the project, when several are detected or none is
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Language>,

    /// Base of the final image
    #[arg(long, value_enum, value_name = "BASE")]
    pub runtime: Option<Runtime>,

    /// Port the application listens on (EXPOSE)
    #[arg(long, value_parser = parse_port)]
    pub port: Option<u16>,

    /// Language version for the builder image, e.g. 1.27 or 3.13
    #[arg(long, value_name = "VERSION")]
    pub lang_version: Option<String>,

    /// Rust binary to build, when there are several
    #[arg(long, value_name = "NAME")]
    pub bin: Option<String>,

    /// Cargo features to build the Rust binary with, comma- or space-separated (e.g. "postgres,tls")
    #[arg(long, value_name = "FEATURES")]
    pub features: Option<String>,

    /// Go main package to build (e.g. cmd/api), or Python application to run (e.g. app.main:app)
    #[arg(long, value_name = "PKG")]
    pub main: Option<String>,

    /// Java module to build, by directory (apps/api) or artifactId/project name, when there are several
    #[arg(long, value_name = "MODULE")]
    pub module: Option<String>,

    /// Start command, run in exec form, e.g. "/usr/local/bin/api --serve"
    #[arg(long = "cmd", value_name = "START COMMAND")]
    pub command: Option<String>,

    /// Omit the `# syntax=docker/dockerfile:1` line, for builders that cannot pull it
    #[arg(long)]
    pub no_syntax: bool,
}

/// `--features` as cargo reads it: names separated by commas and/or spaces.
fn split_features(value: &str) -> Vec<String> {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_port(value: &str) -> Result<u16, String> {
    values::parse_port(value)
}

impl Choices {
    /// The choices as overrides, each marked with the flag it came from.
    #[must_use]
    pub fn overrides(&self) -> Overrides {
        Overrides {
            language: self.lang.map(|v| Given::flag("--lang", v)),
            runtime: self.runtime.map(|v| Given::flag("--runtime", v)),
            port: self.port.map(|v| Given::flag("--port", v)),
            version: self
                .lang_version
                .clone()
                .map(|v| Given::flag("--lang-version", v)),
            main: self.main.clone().map(|v| Given::flag("--main", v)),
            bin: self.bin.clone().map(|v| Given::flag("--bin", v)),
            features: self
                .features
                .as_deref()
                .map(|v| Given::flag("--features", split_features(v))),
            module: self.module.clone().map(|v| Given::flag("--module", v)),
            command: self.command.clone().map(|v| Given::flag("--cmd", v)),
            syntax: self.no_syntax.then(|| Given::flag("--no-syntax", false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
