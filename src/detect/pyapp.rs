//! What a Python project runs: a Django project (manage.py → settings → `WSGI_APPLICATION`),
//! an ASGI or WSGI application object (`app = FastAPI()`, `app = Flask(__name__)`), an app
//! factory (`def create_app()`), a `[project.scripts]` entry point, or a script with a
//! `__main__` block. Only a fixed list of candidate files is read; module paths and object
//! names must be Python identifiers, so nothing else can reach the start command.

use std::collections::BTreeSet;

use serde::Serialize;

use super::port::PortScan;
use super::pydjango::{self, Django};
use super::pyport::scan_port;
use super::pyprocfile;
use super::pyscript;
use super::{DetectError, Evidence};
use crate::repo::{self, Tree};
use crate::values;

/// Files at the root and inside a candidate package that may hold the application.
const ROOT_FILES: &[&str] = &[
    "main.py",
    "app.py",
    "server.py",
    "api.py",
    "application.py",
    "asgi.py",
    "wsgi.py",
    "run.py",
];
const PACKAGE_FILES: &[&str] = &[
    "main.py",
    "app.py",
    "server.py",
    "api.py",
    "application.py",
    "asgi.py",
    "wsgi.py",
    "__init__.py",
];
/// Root scripts that may be run directly, as a last resort.
const SCRIPT_FILES: &[&str] = &[
    "main.py",
    "app.py",
    "server.py",
    "run.py",
    "bot.py",
    "worker.py",
    "cli.py",
];
/// Constructors of application objects: (callee, framework, ASGI).
const CONSTRUCTORS: &[(&str, &str, bool)] = &[
    ("FastAPI", "FastAPI", true),
    ("Starlette", "Starlette", true),
    ("Litestar", "Litestar", true),
    ("Quart", "Quart", true),
    ("Flask", "Flask", false),
];
const FACTORIES: &[&str] = &["create_app", "make_app"];

/// How the image starts one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum PyEntry {
    /// An ASGI application served by uvicorn: `module:object`, or a factory.
    Asgi {
        module: String,
        object: String,
        factory: bool,
        framework: String,
        /// `src` when the module lives under src/ and is not installed.
        app_dir: Option<String>,
    },
    /// A WSGI application served by gunicorn: `module:object`, or `module:factory()`.
    Wsgi {
        module: String,
        object: String,
        factory: bool,
        framework: String,
        app_dir: Option<String>,
    },
    /// A console script the project installs into the virtual environment.
    Script { name: String },
    /// `python -m module`.
    Module { module: String },
    /// `python path/to/script.py`.
    File { path: String },
    /// `streamlit run path/to/app.py`, bound to all interfaces.
    Streamlit { path: String },
    /// `python app.py` for a Gradio app, told its address and port through the environment.
    Gradio { path: String },
}

impl PyEntry {
    /// Whether the program behind this entry installs its own SIGTERM handler.
    #[must_use]
    pub fn handles_sigterm(&self) -> bool {
        matches!(self, PyEntry::Asgi { .. } | PyEntry::Wsgi { .. })
    }
}

/// One application found, with the evidence that found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: String,
    pub entry: PyEntry,
    pub evidence: Evidence,
    pub port: PortScan,
}

pub struct Discovery {
    pub apps: Vec<Found>,
    pub django: Option<Django>,
    pub warnings: Vec<String>,
}

/// An ASCII Python identifier.
#[must_use]
pub fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 128
        && text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A dotted module path of identifiers: `mysite.wsgi`.
#[must_use]
pub fn is_module_path(text: &str) -> bool {
    text.len() <= 255 && text.split('.').all(is_identifier)
}

/// The module a file imports as, and the directory it is imported from (`src` or none).
/// When `src` is itself the top package (`from src.auth import …`), it stays in the module.
fn module_of(path: &str, src_is_package: bool) -> Option<(String, Option<String>)> {
    let (root, rel) = match path.strip_prefix("src/") {
        Some(rel) if !src_is_package => (Some("src".to_string()), rel),
        _ => (None, path),
    };
    let stem = rel.strip_suffix(".py")?;
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    let module = stem.replace('/', ".");
    is_module_path(&module).then_some((module, root))
}

/// `name = callee(` or `name: T = callee(` at module level → (name, callee's last part).
fn assignment(line: &str) -> Option<(&str, &str)> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (lhs, rhs) = line.split_once('=')?;
    if rhs.starts_with('=') {
        return None;
    }
    let name = lhs.split(':').next()?.trim();
    let callee = rhs.trim().split('(').next()?.trim();
    if !rhs.contains('(') || !is_module_path(callee) {
        return None;
    }
    let last = callee.rsplit('.').next()?;
    is_identifier(name).then_some((name, last))
}

/// `def create_app(…)` that can be called without arguments: a parameter without a
/// default (`def create_app(config_name)`) would make `module:create_app()` fail at start.
fn factory_def(line: &str) -> Option<&'static str> {
    let rest = line
        .strip_prefix("def ")
        .or_else(|| line.strip_prefix("async def "))?;
    let (name, params) = FACTORIES.iter().find_map(|f| {
        let params = rest.strip_prefix(*f)?.strip_prefix('(')?;
        Some((*f, params))
    })?;
    let Some((params, _)) = params.split_once(')') else {
        return Some(name);
    };
    let callable_bare = params
        .split(',')
        .map(str::trim)
        .all(|p| p.is_empty() || p.starts_with('*') || p.contains('=') || p == "/");
    callable_bare.then_some(name)
}

/// Framework of a file from what it constructs or imports, else from the dependencies.
fn framework_hint(text: &str, deps: &BTreeSet<String>) -> Option<(&'static str, bool)> {
    CONSTRUCTORS
        .iter()
        .find(|(callee, _, _)| text.contains(&format!("{callee}(")))
        .or_else(|| {
            CONSTRUCTORS
                .iter()
                .find(|(_, framework, _)| deps.contains(&framework.to_ascii_lowercase()))
        })
        .map(|(_, framework, asgi)| (*framework, *asgi))
}

/// The ASGI or WSGI entry for an application object (or factory) in `module`.
pub(super) fn entry(
    module: String,
    object: &str,
    factory: bool,
    framework: &str,
    asgi: bool,
    app_dir: Option<String>,
) -> PyEntry {
    let (module, object, framework) = (module, object.to_string(), framework.to_string());
    if asgi {
        PyEntry::Asgi {
            module,
            object,
            factory,
            framework,
            app_dir,
        }
    } else {
        PyEntry::Wsgi {
            module,
            object,
            factory,
            framework,
            app_dir,
        }
    }
}

/// The application object (or factory) one file defines, if any.
fn scan_app(
    path: &str,
    text: &str,
    deps: &BTreeSet<String>,
    installed: bool,
    src_package: bool,
) -> Option<(PyEntry, usize, String)> {
    let imports_src = text
        .lines()
        .any(|l| l.starts_with("from src.") || l.starts_with("import src."));
    let (module, root) = module_of(path, src_package || imports_src)?;
    let app_dir = root.filter(|_| !installed);
    let mut factory: Option<(&str, usize)> = None;
    for (index, line) in text.lines().enumerate() {
        if let Some((name, callee)) = assignment(line) {
            if let Some((_, framework, asgi)) = CONSTRUCTORS.iter().find(|(c, _, _)| *c == callee) {
                let e = entry(module, name, false, framework, *asgi, app_dir);
                return Some((
                    e,
                    index + 1,
                    format!("{framework} application object {name}"),
                ));
            }
            if FACTORIES.contains(&callee) {
                if let Some((framework, asgi)) = framework_hint(text, deps) {
                    let e = entry(module, name, false, framework, asgi, app_dir);
                    return Some((
                        e,
                        index + 1,
                        format!("{framework} application {name}, made by {callee}()"),
                    ));
                }
            }
        }
        if let Some(name) = factory_def(line) {
            factory.get_or_insert((name, index + 1));
        }
    }
    let (name, line) = factory?;
    let (framework, asgi) = framework_hint(text, deps)?;
    let e = entry(module, name, true, framework, asgi, app_dir);
    Some((e, line, format!("{framework} application factory {name}()")))
}

/// Most top-level packages msb looks into.
const MAX_TOP_PACKAGES: usize = 16;
/// Top-level directories that are never the application.
const NOT_APP_DIRS: &[&str] = &[
    "tests",
    "test",
    "docs",
    "doc",
    "scripts",
    "migrations",
    "venv",
    "node_modules",
    "build",
    "dist",
    "target",
];

/// Directories in `dir` (the root or `src`) that are Python packages (hold `__init__.py`),
/// as paths.
fn top_packages(tree: &dyn Tree, dir: &str) -> Result<Vec<String>, DetectError> {
    let mut out = Vec::new();
    for entry in tree.list(dir)?.unwrap_or_default() {
        if out.len() == MAX_TOP_PACKAGES {
            break;
        }
        let name = entry.name.as_str();
        if entry.kind == repo::EntryKind::Dir
            && is_identifier(name)
            && !name.starts_with('_')
            && !NOT_APP_DIRS.contains(&name)
            && tree.is_file(&repo::join(&repo::join(dir, name), "__init__.py"))?
        {
            out.push(repo::join(dir, name));
        }
    }
    Ok(out)
}

fn candidate_files(package: Option<&str>, top: &[String], root_modules: &[String]) -> Vec<String> {
    let mut packages = vec![
        "app".to_string(),
        "api".to_string(),
        "src".to_string(),
        "src/app".to_string(),
    ];
    if let Some(p) = package {
        packages.push(p.to_string());
        packages.push(format!("src/{p}"));
    }
    packages.extend(top.iter().cloned());
    let mut seen = BTreeSet::new();
    let mut files: Vec<String> = ROOT_FILES.iter().map(ToString::to_string).collect();
    for dir in packages {
        if seen.insert(dir.clone()) {
            files.extend(PACKAGE_FILES.iter().map(|f| repo::join(&dir, f)));
        }
    }
    for module in root_modules {
        if !files.contains(module) {
            files.push(module.clone());
        }
    }
    files
}

/// Finds every application the project can run, best first.
///
/// # Errors
/// Unreadable files, and Django settings whose module paths cannot be used safely.
pub fn discover(
    tree: &dyn Tree,
    package: Option<&str>,
    deps: &BTreeSet<String>,
    scripts: &[String],
    installed: bool,
) -> Result<Discovery, DetectError> {
    let mut apps = Vec::new();
    let mut warnings = Vec::new();
    let gunicorn_conf = tree.read("gunicorn.conf.py")?;
    let conf = gunicorn_conf.as_deref().map(|t| ("gunicorn.conf.py", t));
    let django = pydjango::detect(tree, deps)?;
    let django_facts = django.map(|(mut facts, mut found)| {
        warnings.append(&mut facts.warnings);
        found.port = scan_port(&conf.into_iter().collect::<Vec<_>>());
        apps.push(found);
        facts
    });
    let mut factories = Vec::new();
    let mut top = top_packages(tree, "")?;
    top.extend(top_packages(tree, "src")?);
    let src_package = tree.is_file("src/__init__.py")?;
    let root_modules = pyscript::root_modules(tree)?;
    for path in candidate_files(package, &top, &root_modules) {
        let Some(text) = tree.read(&path)? else {
            continue;
        };
        let Some((entry, line, what)) = scan_app(&path, &text, deps, installed, src_package) else {
            continue;
        };
        let (module, object, factory) = match &entry {
            PyEntry::Asgi {
                module,
                object,
                factory,
                ..
            }
            | PyEntry::Wsgi {
                module,
                object,
                factory,
                ..
            } => (module, object, *factory),
            _ => continue,
        };
        let id = if factory {
            format!("{module}:{object}()")
        } else {
            format!("{module}:{object}")
        };
        let mut files = vec![(path.as_str(), text.as_str())];
        if matches!(entry, PyEntry::Wsgi { .. }) {
            files.extend(conf);
        }
        let found = Found {
            id,
            port: scan_port(&files),
            evidence: Evidence::new(&path, Some(line), what),
            entry,
        };
        if factory {
            factories.push(found)
        } else {
            apps.push(found)
        }
    }
    apps.extend(factories);
    if deps.contains("streamlit") {
        apps.extend(pyscript::streamlit_apps(tree, &root_modules)?);
    }
    if deps.contains("gradio") {
        apps.extend(pyscript::gradio_apps(tree, &root_modules)?);
    }
    for name in scripts {
        if let Err(reason) = values::check_name(name) {
            warnings.push(format!(
                "pyproject.toml: script {} skipped: {reason}",
                values::shown(name)
            ));
            continue;
        }
        if !installed {
            continue;
        }
        apps.push(Found {
            id: format!("script:{name}"),
            entry: PyEntry::Script { name: name.clone() },
            evidence: Evidence::new("pyproject.toml", None, format!("console script {name}")),
            port: PortScan::default(),
        });
    }
    if let Some(p) = package {
        for dir in [p.to_string(), format!("src/{p}")] {
            let main = repo::join(&dir, "__main__.py");
            if tree.is_file(&main)? && (installed || !dir.starts_with("src/")) {
                let text = tree.read(&main)?.unwrap_or_default();
                apps.push(Found {
                    id: format!("-m {p}"),
                    entry: PyEntry::Module {
                        module: p.to_string(),
                    },
                    evidence: Evidence::new(&main, None, format!("runs with python -m {p}")),
                    port: scan_port(&[(main.as_str(), text.as_str())]),
                });
                break;
            }
        }
    }
    for file in SCRIPT_FILES {
        let Some(text) = tree.read(file)? else {
            continue;
        };
        if pyscript::has_main_block(&text) {
            apps.push(Found {
                id: (*file).to_string(),
                entry: PyEntry::File {
                    path: (*file).to_string(),
                },
                evidence: Evidence::new(file, None, "a script with a __main__ block"),
                port: scan_port(&[(file, text.as_str())]),
            });
        }
    }
    if apps.is_empty() {
        let scripts = pyscript::root_scripts(tree)?;
        if scripts.len() > 1 {
            warnings.push(format!(
                "several scripts at the root have a __main__ block ({}): msb runs the first; pass --main to choose",
                scripts.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        apps.extend(scripts);
    }
    if let Some(web) = pyprocfile::web(tree)? {
        match apps.iter().position(|a| a.id == web.id) {
            Some(pos) => {
                let mut same = apps.remove(pos);
                same.evidence = web.evidence;
                apps.insert(0, same);
            }
            None => apps.insert(0, web),
        }
    }
    Ok(Discovery {
        apps,
        django: django_facts,
        warnings,
    })
}

#[cfg(test)]
mod tests;
