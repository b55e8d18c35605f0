//! What a Python project runs: a Django project (manage.py → settings → `WSGI_APPLICATION`),
//! an ASGI or WSGI application object (`app = FastAPI()`, `app = Flask(__name__)`), an app
//! factory (`def create_app()`), a `[project.scripts]` entry point, or a script with a
//! `__main__` block. Only a fixed list of candidate files is read; module paths and object
//! names must be Python identifiers, so nothing else can reach the start command.

mod app_object;
mod candidates;

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
    let mut top = candidates::top_packages(tree, "")?;
    top.extend(candidates::top_packages(tree, "src")?);
    let src_package = tree.is_file("src/__init__.py")?;
    let root_modules = pyscript::root_modules(tree)?;
    for path in candidates::files(package, &top, &root_modules) {
        let Some(text) = tree.read(&path)? else {
            continue;
        };
        let Some((entry, line, what)) =
            app_object::scan(&path, &text, deps, installed, src_package)
        else {
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
    for file in candidates::SCRIPT_FILES {
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
