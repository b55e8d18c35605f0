//! A project with no application object and none of the usual script names may still have
//! one script meant to be run (`launcher.py`, `changedetection.py`): the only `.py` file at
//! the root with a `__main__` block. When there are several, each is a candidate for `--main`.

use super::pyapp::{Found, PyEntry, is_identifier};
use super::pyport::scan_port;
use super::{DetectError, Evidence};
use crate::repo::{DirEntry, EntryKind, Tree};

/// Root files that run tooling, not the application.
const TOOLING: &[&str] = &[
    "manage.py",
    "setup.py",
    "conftest.py",
    "noxfile.py",
    "fabfile.py",
    "tasks.py",
    "gunicorn.conf.py",
];
/// Most root files read.
const MAX_FILES: usize = 64;

/// Whether a script runs something when executed directly.
#[must_use]
pub fn has_main_block(text: &str) -> bool {
    text.contains("__name__ == \"__main__\"") || text.contains("__name__ == '__main__'")
}

fn is_root_module(e: &DirEntry) -> bool {
    e.kind == EntryKind::File
        && e.name
            .strip_suffix(".py")
            .is_some_and(|stem| is_identifier(stem) && !stem.starts_with("test"))
        && !TOOLING.contains(&e.name.as_str())
}

/// Python files at the root other than tooling and tests (`microblog.py`, `flasky.py`), by
/// name: they may build the application (`app = create_app()`).
///
/// # Errors
/// An unreadable root directory.
pub fn root_modules(tree: &dyn Tree) -> Result<Vec<String>, DetectError> {
    Ok(tree
        .list("")?
        .unwrap_or_default()
        .into_iter()
        .filter(is_root_module)
        .take(MAX_FILES)
        .map(|e| e.name)
        .collect())
}

/// Root scripts with a `__main__` block, by name: the one to run when there is only one.
///
/// # Errors
/// An unreadable root directory or file.
pub fn root_scripts(tree: &dyn Tree) -> Result<Vec<Found>, DetectError> {
    let mut found = Vec::new();
    for name in root_modules(tree)? {
        let name = name.as_str();
        if let Some(text) = tree.read(name)? {
            if has_main_block(&text) {
                found.push(Found {
                    id: name.to_string(),
                    entry: PyEntry::File {
                        path: name.to_string(),
                    },
                    evidence: Evidence::new(
                        name,
                        None,
                        "a script at the root with a __main__ block",
                    ),
                    port: scan_port(&[(name, text.as_str())]),
                });
            }
        }
    }
    Ok(found)
}

/// Root modules that import `framework` (`streamlit`, `gradio`), the conventional names
/// first: each is an app the framework serves.
fn framework_scripts(
    tree: &dyn Tree,
    root_modules: &[String],
    framework: &str,
    preferred: &[&str],
    entry: fn(String) -> PyEntry,
) -> Result<Vec<Found>, DetectError> {
    let mut ordered: Vec<&String> = root_modules
        .iter()
        .filter(|m| preferred.contains(&m.as_str()))
        .collect();
    ordered.sort_by_key(|m| preferred.iter().position(|p| p == m));
    ordered.extend(
        root_modules
            .iter()
            .filter(|m| !preferred.contains(&m.as_str())),
    );
    let (plain, from) = (format!("import {framework}"), format!("from {framework}"));
    let mut found = Vec::new();
    for name in ordered {
        let Some(text) = tree.read(name)? else {
            continue;
        };
        if text
            .lines()
            .any(|l| l.starts_with(&plain) || l.starts_with(&from))
        {
            found.push(Found {
                id: format!("{framework}:{name}"),
                entry: entry(name.clone()),
                evidence: Evidence::new(name, None, format!("a {framework} app")),
                port: scan_port(&[]),
            });
        }
    }
    Ok(found)
}

/// Root modules importing Streamlit, served by `streamlit run`.
///
/// # Errors
/// An unreadable file.
pub fn streamlit_apps(tree: &dyn Tree, root_modules: &[String]) -> Result<Vec<Found>, DetectError> {
    framework_scripts(
        tree,
        root_modules,
        "streamlit",
        &["streamlit_app.py", "app.py", "main.py", "Home.py"],
        |path| PyEntry::Streamlit { path },
    )
}

/// Root modules importing Gradio, which serve themselves when run (`demo.launch()`).
///
/// # Errors
/// An unreadable file.
pub fn gradio_apps(tree: &dyn Tree, root_modules: &[String]) -> Result<Vec<Found>, DetectError> {
    framework_scripts(
        tree,
        root_modules,
        "gradio",
        &["app.py", "main.py"],
        |path| PyEntry::Gradio { path },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    const MAIN: &str = "import bot\n\nif __name__ == '__main__':\n    bot.run()\n";

    #[test]
    fn the_only_runnable_root_script_is_found() {
        let tree = MemTree::new()
            .with("launcher.py", MAIN)
            .with("setup.py", MAIN)
            .with("test_bot.py", MAIN)
            .with("config.py", "TOKEN = ''\n");
        let found = root_scripts(&tree).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].entry,
            PyEntry::File {
                path: "launcher.py".into()
            }
        );
    }

    #[test]
    fn streamlit_apps_come_in_conventional_order() {
        let st = "import streamlit as st\nst.title('x')\n";
        let tree = MemTree::new()
            .with("dashboard.py", st)
            .with("app.py", "from streamlit import title\n")
            .with("util.py", "import os\n");
        let modules = root_modules(&tree).unwrap();
        let ids: Vec<String> = streamlit_apps(&tree, &modules)
            .unwrap()
            .into_iter()
            .map(|f| f.id)
            .collect();
        assert_eq!(ids, ["streamlit:app.py", "streamlit:dashboard.py"]);
    }

    #[test]
    fn several_runnable_scripts_are_all_listed() {
        let tree = MemTree::new()
            .with("launcher.py", MAIN)
            .with("migrate_db.py", MAIN)
            .with("my-tool.py", MAIN);
        let ids: Vec<String> = root_scripts(&tree)
            .unwrap()
            .into_iter()
            .map(|f| f.id)
            .collect();
        assert_eq!(ids, ["launcher.py", "migrate_db.py"]);
        assert!(root_scripts(&MemTree::new()).unwrap().is_empty());
    }
}
