//! What a run reads besides the project: the answers file (PATH/msb.toml or `--config`)
//! and a directory of custom templates (`--templates` or msb.toml). Read at the edge through
//! `repo`, so the pipeline stays pure.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::cli::Sources;
use crate::config::{self, Config};
use crate::detect;
use crate::render::templates::{TemplateDirError, TemplateSet};
use crate::repo::{self, DiskTree, Tree};
use crate::settings::Overrides;

/// The answers file, the overrides and the templates a run uses.
pub(crate) struct Inputs {
    /// Where msb.toml is read from and `--save` writes to, and how messages name it.
    pub config_path: PathBuf,
    pub config_shown: String,
    pub overrides: Overrides,
    pub templates: TemplateSet,
    /// The templates directory, as `--save` records it.
    pub templates_saved: Option<String>,
}

impl Inputs {
    pub fn load(project: &Path, sources: &Sources, flags: Overrides) -> Result<Self, Error> {
        let (config_path, config_shown) = match &sources.config {
            Some(file) => (file.clone(), file.display().to_string()),
            None => (
                project.join(config::FILE_NAME),
                crate::shown(project, config::FILE_NAME),
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

pub(crate) fn load_templates(dir: &Path) -> Result<TemplateSet, Error> {
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
