//! The `web:` process of a Heroku-style `Procfile`: the project's own statement of what it
//! serves (`web: gunicorn app:server`, `web: uvicorn main:app --app-dir src`). Only a
//! gunicorn or uvicorn target made of Python identifiers is taken; anything else is left to
//! the file scan.

use super::pyapp::{Found, PyEntry, entry, is_identifier, is_module_path};
use super::pyport::scan_port;
use super::{DetectError, Evidence};
use crate::repo::Tree;

/// gunicorn options that take a value, so the word after them is not the application.
const GUNICORN_VALUED: &[&str] = &[
    "-b",
    "--bind",
    "-w",
    "--workers",
    "-k",
    "--worker-class",
    "-t",
    "--timeout",
    "-c",
    "--config",
    "--threads",
    "--log-file",
    "--log-level",
    "--access-logfile",
    "--error-logfile",
    "--max-requests",
    "--max-requests-jitter",
    "--graceful-timeout",
    "--keep-alive",
    "-n",
    "--name",
    "-e",
    "--env",
    "--chdir",
    "--pythonpath",
    "--worker-tmp-dir",
    "--forwarded-allow-ips",
    "--limit-request-line",
];
/// uvicorn options that take a value.
const UVICORN_VALUED: &[&str] = &[
    "--host",
    "--port",
    "--workers",
    "--app-dir",
    "--log-level",
    "--root-path",
    "--forwarded-allow-ips",
    "--timeout-keep-alive",
    "--loop",
    "--http",
    "--ws",
    "--lifespan",
    "--env-file",
    "--uds",
    "--fd",
    "--limit-concurrency",
];

/// `a.b:obj`, `a.b:factory()` or (gunicorn) `a.b`, whose object is then `application`.
fn target(word: &str, bare_module: bool) -> Option<(String, String, bool)> {
    let word = word.trim_matches(|c| c == '"' || c == '\'');
    let (module, object) = match word.split_once(':') {
        Some((m, o)) => (m, o),
        None if bare_module => (word, "application"),
        None => return None,
    };
    let (object, factory) = match object.strip_suffix("()") {
        Some(o) => (o, true),
        None => (object, false),
    };
    (is_module_path(module) && is_identifier(object))
        .then(|| (module.to_string(), object.to_string(), factory))
}

/// A directory given to `--chdir`, `--pythonpath` or `--app-dir`: identifiers joined by `/`.
fn directory(word: &str) -> Option<String> {
    let word = word.trim_end_matches('/');
    let word = word.strip_prefix("./").unwrap_or(word);
    (!word.is_empty() && word != "." && word.split('/').all(is_identifier))
        .then(|| word.to_string())
}

fn parse(line: &str) -> Option<PyEntry> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let start = words
        .iter()
        .position(|w| *w == "gunicorn" || *w == "uvicorn")?;
    let server = words[start];
    let valued = if server == "gunicorn" {
        GUNICORN_VALUED
    } else {
        UVICORN_VALUED
    };
    let mut app = None;
    let mut app_dir = None;
    let mut asgi = server == "uvicorn";
    let mut factory_flag = false;
    let mut i = start + 1;
    while i < words.len() {
        let word = words[i];
        let (option, inline) = match word.split_once('=') {
            Some((o, v)) if o.starts_with('-') => (o, Some(v)),
            _ => (word, None),
        };
        if option.starts_with('-') {
            let value = inline.or_else(|| {
                valued
                    .contains(&option)
                    .then(|| words.get(i + 1).copied())
                    .flatten()
            });
            if inline.is_none() && valued.contains(&option) {
                i += 1;
            }
            match (option, value) {
                ("--chdir" | "--pythonpath" | "--app-dir", Some(v)) => app_dir = directory(v),
                ("-k" | "--worker-class", Some(v)) => asgi |= v.starts_with("uvicorn"),
                ("--factory", _) => factory_flag = true,
                _ => {}
            }
        } else if app.is_none() {
            app = Some(target(word, server == "gunicorn")?);
        }
        i += 1;
    }
    let (module, object, factory) = app?;
    Some(entry(
        module,
        &object,
        factory || factory_flag,
        "Procfile",
        asgi,
        app_dir,
    ))
}

/// The application the Procfile's `web:` process serves, if it names one msb can start.
///
/// # Errors
/// An unreadable Procfile.
pub fn web(tree: &dyn Tree) -> Result<Option<Found>, DetectError> {
    let Some(text) = tree.read("Procfile")? else {
        return Ok(None);
    };
    for (index, line) in text.lines().enumerate() {
        let Some(command) = line.trim_start().strip_prefix("web:") else {
            continue;
        };
        let Some(entry) = parse(command) else {
            return Ok(None);
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
            } => (module.clone(), object.clone(), *factory),
            _ => return Ok(None),
        };
        let server = if matches!(entry, PyEntry::Asgi { .. }) {
            "uvicorn"
        } else {
            "gunicorn"
        };
        return Ok(Some(Found {
            id: if factory {
                format!("{module}:{object}()")
            } else {
                format!("{module}:{object}")
            },
            entry,
            evidence: Evidence::new(
                "Procfile",
                Some(index + 1),
                format!("the web process serves {module}:{object} with {server}"),
            ),
            port: scan_port(&[]),
        }));
    }
    Ok(None)
}

#[cfg(test)]
mod tests;
