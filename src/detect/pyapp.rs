//! What a Python project runs: a Django project (manage.py → settings → `WSGI_APPLICATION`),
//! an ASGI or WSGI application object (`app = FastAPI()`, `app = Flask(__name__)`), an app
//! factory (`def create_app()`), a `[project.scripts]` entry point, or a script with a
//! `__main__` block. Only a fixed list of candidate files is read; module paths and object
//! names must be Python identifiers, so nothing else can reach the start command.

use std::collections::BTreeSet;

use serde::Serialize;

use super::port::PortScan;
use super::{DetectError, Evidence};
use crate::repo::{self, Tree};
use crate::values::{self, UnsafeValue};

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
}

impl PyEntry {
    /// Whether the program behind this entry installs its own SIGTERM handler.
    #[must_use]
    pub fn handles_sigterm(&self) -> bool {
        matches!(self, PyEntry::Asgi { .. } | PyEntry::Wsgi { .. })
    }
}

/// What the Django start command and collectstatic need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Django {
    pub settings_module: String,
    pub settings_file: String,
    /// `STATIC_ROOT` is set, so static files are collected at build time.
    pub collectstatic: bool,
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

/// The module a file imports as, and the directory it is imported from (`src` or none).
fn module_of(path: &str) -> Option<(String, Option<String>)> {
    let (root, rel) = match path.strip_prefix("src/") {
        Some(rel) => (Some("src".to_string()), rel),
        None => (None, path),
    };
    let stem = rel.strip_suffix(".py")?;
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    let module = stem.replace('/', ".");
    is_module_path(&module).then_some((module, root))
}

/// The text of the string literals on a line, single- or double-quoted.
fn string_literals(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find(['"', '\'']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        let after = &rest[start + 1..];
        let Some(end) = after.find(quote) else { break };
        out.push(&after[..end]);
        rest = &after[end + 1..];
    }
    out
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

fn factory_def(line: &str) -> Option<&'static str> {
    let rest = line
        .strip_prefix("def ")
        .or_else(|| line.strip_prefix("async def "))?;
    FACTORIES
        .iter()
        .find(|f| rest.strip_prefix(**f).is_some_and(|r| r.starts_with('(')))
        .copied()
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

fn entry(
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
) -> Option<(PyEntry, usize, String)> {
    let (module, root) = module_of(path)?;
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

/// `port=5000` in a `.run(` call, `"0.0.0.0:5000"` in a bind, and reads of `PORT`.
fn scan_port(files: &[(&str, &str)]) -> PortScan {
    let mut hits: Vec<(u16, Evidence)> = Vec::new();
    let mut reads_env = false;
    for (file, text) in files {
        for (index, line) in text.lines().enumerate() {
            let code = line.split('#').next().unwrap_or_default();
            let literals = string_literals(code);
            if literals.contains(&"PORT") && (code.contains("environ") || code.contains("getenv")) {
                reads_env = true;
            }
            let keyword = code
                .find("port=")
                .or_else(|| code.find("port ="))
                .filter(|_| code.contains(".run(") || code.contains("run("))
                .and_then(|at| {
                    let rest = code[at..].split_once('=')?.1.trim_start();
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    digits.parse::<u16>().ok()
                });
            let bound = code
                .trim_start()
                .starts_with("bind")
                .then(|| {
                    literals.iter().find_map(|l| {
                        let (host, port) = l.rsplit_once(':')?;
                        matches!(host, "" | "0.0.0.0" | "[::]" | "::").then_some(())?;
                        port.parse::<u16>().ok()
                    })
                })
                .flatten();
            if let Some(port) = keyword.or(bound).filter(|p| *p > 0) {
                hits.push((
                    port,
                    Evidence::new(
                        file,
                        Some(index + 1),
                        format!("port {port}: {}", values::shown(code.trim())),
                    ),
                ));
            }
        }
    }
    let mut ports: Vec<u16> = hits.iter().map(|(p, _)| *p).collect();
    ports.sort_unstable();
    ports.dedup();
    match ports.as_slice() {
        [port] => PortScan {
            port: Some(*port),
            evidence: hits.into_iter().map(|(_, e)| e).collect(),
            reads_env,
            ..PortScan::default()
        },
        _ => PortScan {
            ambiguous: if ports.len() > 1 { ports } else { Vec::new() },
            reads_env,
            ..PortScan::default()
        },
    }
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
];

/// Directories at the root that are Python packages (hold `__init__.py`), by name.
fn top_packages(tree: &dyn Tree) -> Result<Vec<String>, DetectError> {
    let mut out = Vec::new();
    for entry in tree.list("")?.unwrap_or_default() {
        if out.len() == MAX_TOP_PACKAGES {
            break;
        }
        let name = entry.name.as_str();
        if entry.kind == repo::EntryKind::Dir
            && is_identifier(name)
            && !name.starts_with('_')
            && !NOT_APP_DIRS.contains(&name)
            && tree.is_file(&repo::join(name, "__init__.py"))?
        {
            out.push(entry.name.clone());
        }
    }
    Ok(out)
}

fn candidate_files(package: Option<&str>, top: &[String]) -> Vec<String> {
    let mut packages = vec!["app".to_string(), "api".to_string(), "src/app".to_string()];
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
    files
}

fn django(
    tree: &dyn Tree,
    deps: &BTreeSet<String>,
) -> Result<Option<(Django, Found)>, DetectError> {
    let Some(manage) = tree.read("manage.py")? else {
        return Ok(None);
    };
    if !deps.contains("django") && !manage.contains("django") {
        return Ok(None);
    }
    let found = manage.lines().enumerate().find_map(|(i, l)| {
        let literals = string_literals(l);
        (literals.first() == Some(&"DJANGO_SETTINGS_MODULE"))
            .then(|| (i + 1, literals.get(1).map(|s| s.to_string())))
    });
    let Some((line, Some(settings_module))) = found else {
        return Ok(None);
    };
    check_module("manage.py", "DJANGO_SETTINGS_MODULE", &settings_module)?;
    let base = settings_module.replace('.', "/");
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
    if let Some(text) = tree.read(&repo::join(&dir, "base.py"))? {
        texts.push((repo::join(&dir, "base.py"), text));
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
                "manage.py".to_string(),
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
        app_dir: None,
    };
    let port = scan_port(&[]);
    Ok(Some((
        Django {
            settings_module,
            settings_file,
            collectstatic,
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
    let django = django(tree, deps)?;
    let django_facts = django.map(|(facts, mut found)| {
        found.port = scan_port(&conf.into_iter().collect::<Vec<_>>());
        apps.push(found);
        facts
    });
    let mut factories = Vec::new();
    let top = top_packages(tree)?;
    for path in candidate_files(package, &top) {
        let Some(text) = tree.read(&path)? else {
            continue;
        };
        let Some((entry, line, what)) = scan_app(&path, &text, deps, installed) else {
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
        if text.contains("__name__ == \"__main__\"") || text.contains("__name__ == '__main__'") {
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
    Ok(Discovery {
        apps,
        django: django_facts,
        warnings,
    })
}

#[cfg(test)]
mod tests;
