//! Django: manage.py names the settings module, the settings name the WSGI application and
//! whether static files are collected (`STATIC_ROOT`). Both names must be dotted Python
//! identifiers; anything else is refused, naming the file and the setting.

use std::collections::BTreeSet;

use serde::Serialize;

use super::pyapp::{Found, PyEntry, is_identifier, is_module_path};
use super::pydjango_env;
use super::pyport::{scan_port, string_literals};
use super::{DetectError, Evidence};
use crate::repo::{self, Tree};
use crate::values::UnsafeValue;

/// What the Django start command and collectstatic need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Django {
    pub settings_module: String,
    pub settings_file: String,
    /// The directory holding manage.py when it is not the root (`src`): the start command
    /// and collectstatic run the project from there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_dir: Option<String>,
    /// `STATIC_ROOT` is set, so static files are collected at build time.
    pub collectstatic: bool,
    /// Variables the settings read without a default, with the placeholders collectstatic
    /// runs with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub build_env: Vec<(String, String)>,
    #[serde(skip)]
    pub warnings: Vec<String>,
}

fn check_module(file: &str, field: &str, value: &str) -> Result<(), DetectError> {
    if is_module_path(value) {
        Ok(())
    } else {
        Err(UnsafeValue::new(
            file,
            field,
            value,
            "it is not a dotted path of Python identifiers".into(),
        )
        .into())
    }
}

/// Directories other than `src` never searched for manage.py.
const NOT_PROJECT_DIRS: &[&str] = &[
    "tests",
    "test",
    "docs",
    "doc",
    "node_modules",
    "venv",
    "__pycache__",
    "target",
    "build",
    "dist",
];
/// Most top-level directories searched for manage.py.
const MAX_DIRS: usize = 32;

/// manage.py at the root, else in `src/`, else in one top-level directory (`netbox/`):
/// the directory (none for the root) and the file's text.
fn find_manage(tree: &dyn Tree) -> Result<Option<(Option<String>, String)>, DetectError> {
    if let Some(text) = tree.read("manage.py")? {
        return Ok(Some((None, text)));
    }
    let mut dirs = vec!["src".to_string()];
    dirs.extend(
        tree.list("")?
            .unwrap_or_default()
            .into_iter()
            .filter(|e| {
                e.kind == repo::EntryKind::Dir
                    && is_identifier(&e.name)
                    && e.name != "src"
                    && !NOT_PROJECT_DIRS.contains(&e.name.as_str())
            })
            .take(MAX_DIRS)
            .map(|e| e.name),
    );
    for dir in dirs {
        if let Some(text) = tree.read(&repo::join(&dir, "manage.py"))? {
            return Ok(Some((Some(dir), text)));
        }
    }
    Ok(None)
}

/// `from .common import *` → `common`: settings split over sibling modules.
fn star_import(line: &str) -> Option<String> {
    let rest = line.strip_prefix("from .")?;
    let (name, tail) = rest.split_once(char::is_whitespace)?;
    (is_identifier(name) && tail.trim_start().starts_with("import *")).then(|| name.to_string())
}

/// The settings module the WSGI module defaults to, when it names another one than
/// manage.py: collectstatic then runs with settings the server does not use.
fn wsgi_settings_differ(
    tree: &dyn Tree,
    wsgi_file: &str,
    settings_module: &str,
) -> Result<Option<String>, DetectError> {
    let Some(text) = tree.read(wsgi_file)? else {
        return Ok(None);
    };
    let named = text.lines().find_map(|l| {
        let literals = string_literals(l);
        (literals.first() == Some(&"DJANGO_SETTINGS_MODULE"))
            .then(|| settings_literal(&literals[1..]))
            .flatten()
    });
    Ok(named.filter(|n| n != settings_module && is_module_path(n)))
}

/// The settings module among the literals after `DJANGO_SETTINGS_MODULE` on its line: a
/// dotted path wins over an environment variable's name
/// (`os.getenv("SETTINGS", "config.settings.prod")`).
fn settings_literal(literals: &[&str]) -> Option<String> {
    literals
        .iter()
        .find(|l| l.contains('.') && (is_module_path(l) || computed_prefix(l).is_some()))
        .or_else(|| literals.first())
        .map(|s| s.to_string())
}

/// `config.settings.{ENV}` (an f-string) → `config.settings`.
fn computed_prefix(module: &str) -> Option<&str> {
    let (prefix, _) = module.split_once('{')?;
    let prefix = prefix.trim_end_matches('.');
    is_module_path(prefix).then_some(prefix)
}

/// The settings a computed module most likely names: production first.
fn resolve_computed(
    tree: &dyn Tree,
    in_dir: &dyn Fn(&str) -> String,
    prefix: &str,
) -> Result<Option<String>, DetectError> {
    for leaf in ["production", "prod", "base"] {
        let module = format!("{prefix}.{leaf}");
        if tree.is_file(&in_dir(&format!("{}.py", module.replace('.', "/"))))? {
            return Ok(Some(module));
        }
    }
    Ok(None)
}

/// The Django project behind manage.py, if there is one.
///
/// # Errors
/// Unreadable files, and settings whose module paths cannot be used safely.
pub fn detect(
    tree: &dyn Tree,
    deps: &BTreeSet<String>,
) -> Result<Option<(Django, Found)>, DetectError> {
    let Some((project_dir, manage)) = find_manage(tree)? else {
        return Ok(None);
    };
    if !deps.contains("django") && !manage.contains("django") {
        return Ok(None);
    }
    let in_dir = |path: &str| match &project_dir {
        Some(dir) => repo::join(dir, path),
        None => path.to_string(),
    };
    let manage_file = in_dir("manage.py");
    let found = manage.lines().enumerate().find_map(|(i, l)| {
        let literals = string_literals(l);
        (literals.first() == Some(&"DJANGO_SETTINGS_MODULE"))
            .then(|| (i + 1, settings_literal(&literals[1..])))
    });
    let Some((line, Some(mut settings_module))) = found else {
        return Ok(None);
    };
    if let Some(prefix) = computed_prefix(&settings_module) {
        settings_module = resolve_computed(tree, &in_dir, prefix)?.unwrap_or_default();
        if settings_module.is_empty() {
            return Ok(None);
        }
    }
    check_module(&manage_file, "DJANGO_SETTINGS_MODULE", &settings_module)?;
    let base = in_dir(&settings_module.replace('.', "/"));
    let mut settings_file = None;
    let mut texts = Vec::new();
    for path in [format!("{base}.py"), format!("{base}/__init__.py")] {
        if let Some(text) = tree.read(&path)? {
            settings_file.get_or_insert(path.clone());
            texts.push((path, text));
        }
    }
    let Some(settings_file) = settings_file else {
        return Ok(None);
    };
    let dir = settings_file
        .rsplit_once('/')
        .map_or("", |(d, _)| d)
        .to_string();
    let mut siblings = vec!["base".to_string()];
    for (_, text) in &texts {
        siblings.extend(text.lines().filter_map(star_import));
    }
    for name in siblings {
        let path = repo::join(&dir, &format!("{name}.py"));
        if texts.iter().all(|(p, _)| *p != path) {
            if let Some(text) = tree.read(&path)? {
                texts.push((path, text));
            }
        }
    }
    let mut wsgi: Option<(String, String, usize)> = None;
    let mut collectstatic = false;
    for (path, text) in &texts {
        for (i, l) in text.lines().enumerate() {
            let Some((key, value)) = l.split_once('=') else {
                continue;
            };
            match key.trim() {
                "WSGI_APPLICATION" if wsgi.is_none() => {
                    let literal = string_literals(value)
                        .first()
                        .map(|s| s.to_string())
                        .unwrap_or_default();
                    check_module(path, "WSGI_APPLICATION", &literal)?;
                    wsgi = Some((literal, path.clone(), i + 1));
                }
                "STATIC_ROOT" => collectstatic |= value.trim() != "None",
                _ => {}
            }
        }
    }
    let (target, file, wsgi_line) = match wsgi {
        Some(w) => w,
        None => {
            let project = settings_module
                .split('.')
                .next()
                .unwrap_or_default()
                .to_string();
            (
                format!("{project}.wsgi.application"),
                manage_file.clone(),
                line,
            )
        }
    };
    let (module, object) = target.rsplit_once('.').unwrap_or((&target, "application"));
    let entry = PyEntry::Wsgi {
        module: module.to_string(),
        object: object.to_string(),
        factory: false,
        framework: "Django".into(),
        app_dir: project_dir.clone(),
    };
    let port = scan_port(&[]);
    let build_env = if collectstatic {
        pydjango_env::required(&texts)
            .into_iter()
            .map(|(name, value)| (name, value.to_string()))
            .collect()
    } else {
        Vec::new()
    };
    let mut warnings = Vec::new();
    let wsgi_file = in_dir(&format!("{}.py", module.replace('.', "/")));
    if let Some(other) = wsgi_settings_differ(tree, &wsgi_file, &settings_module)? {
        warnings.push(format!(
            "{manage_file} defaults to {settings_module} but {wsgi_file} to {other}: msb reads {settings_module} and collectstatic runs with it, while the server loads {other}; set DJANGO_SETTINGS_MODULE in both to the production settings"
        ));
    }
    Ok(Some((
        Django {
            settings_module,
            settings_file,
            project_dir,
            collectstatic,
            build_env,
            warnings,
        },
        Found {
            id: format!("{module}:{object}"),
            entry,
            evidence: Evidence::new(
                &file,
                Some(wsgi_line),
                format!("Django project: WSGI application {target}"),
            ),
            port,
        },
    )))
}
