//! Convention plugins: precompiled script plugins in `buildSrc` or an included build
//! (`build-logic`), the layout `gradle init` generates. A project that applies
//! `id 'buildlogic.java-application-conventions'` gets the plugins, Java toolchain and main
//! class that script declares (`src/main/groovy/<id>.gradle` or
//! `src/main/kotlin/<id>.gradle.kts`), followed through further convention plugins.

use super::gradle::{self, Script};
use crate::repo::{self, RepoError, Tree};

/// How deep convention plugins may apply one another.
const MAX_DEPTH: usize = 4;

/// The script of the convention plugin `id`, and its file, in one of `dirs`.
fn find(tree: &dyn Tree, dirs: &[String], id: &str) -> Result<Option<(String, Script)>, RepoError> {
    if crate::values::check_name(id).is_err() {
        return Ok(None);
    }
    for dir in dirs {
        for rel in [
            format!("src/main/groovy/{id}.gradle"),
            format!("src/main/kotlin/{id}.gradle.kts"),
        ] {
            let file = repo::join(dir, &rel);
            if let Some(text) = tree.read(&file)? {
                return Ok(Some((file, gradle::read_script(&text))));
            }
        }
    }
    Ok(None)
}

/// What [`expand`] read.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The convention plugin files, sorted.
    pub used: Vec<String>,
    /// The file the Java release was taken from, when a convention plugin declared it.
    pub java_file: Option<String>,
}

/// Adds to `script` what the convention plugins it applies declare.
///
/// # Errors
/// A convention plugin that cannot be read.
pub fn expand(
    tree: &dyn Tree,
    dirs: &[String],
    script: &mut Script,
) -> Result<Expanded, RepoError> {
    let mut used: Vec<String> = Vec::new();
    let mut java_file = None;
    let mut pending: Vec<(String, usize)> = script
        .plugins
        .iter()
        .filter(|u| u.applied && !u.alias)
        .map(|u| (u.id.clone(), 0))
        .collect();
    while let Some((id, depth)) = pending.pop() {
        if depth >= MAX_DEPTH {
            continue;
        }
        let Some((file, convention)) = find(tree, dirs, &id)? else {
            continue;
        };
        if used.contains(&file) {
            continue;
        }
        used.push(file.clone());
        for plugin in convention.plugins.into_iter().filter(|u| u.applied) {
            if !plugin.alias {
                pending.push((plugin.id.clone(), depth + 1));
            }
            if !script.plugins.iter().any(|u| u.id == plugin.id) {
                script.plugins.push(plugin);
            }
        }
        if script.java.is_none() && convention.java.is_some() {
            script.java = convention.java;
            java_file = Some(file);
        }
        if script.main_class.is_none() {
            script.main_class = convention.main_class;
        }
    }
    used.sort();
    Ok(Expanded { used, java_file })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    #[test]
    fn follows_convention_plugins_through_buildsrc_and_build_logic() {
        let tree = MemTree::new()
            .with(
                "buildSrc/src/main/groovy/demo.app-conventions.gradle",
                "plugins {\n    id 'demo.common-conventions'\n    id 'application'\n}\n",
            )
            .with(
                "build-logic/src/main/kotlin/demo.common-conventions.gradle.kts",
                "plugins {\n    java\n}\njava {\n    toolchain {\n        languageVersion = JavaLanguageVersion.of(21)\n    }\n}\n",
            );
        let mut script = gradle::read_script(
            "plugins {\n    id 'demo.app-conventions'\n}\napplication {\n    mainClass = 'demo.App'\n}\n",
        );
        let dirs = vec!["buildSrc".to_string(), "build-logic".to_string()];
        let found = expand(&tree, &dirs, &mut script).unwrap();
        assert_eq!(found.used.len(), 2);
        assert_eq!(
            found.java_file.as_deref(),
            Some("build-logic/src/main/kotlin/demo.common-conventions.gradle.kts")
        );
        assert!(script.plugins.iter().any(|u| u.id == "application"));
        assert_eq!(script.java.as_ref().map(|j| j.0.as_str()), Some("21"));
        assert_eq!(
            script.main_class.as_ref().map(|m| m.0.as_str()),
            Some("demo.App")
        );
    }

    #[test]
    fn unknown_or_cyclic_conventions_stop() {
        let tree = MemTree::new().with(
            "buildSrc/src/main/groovy/a.gradle",
            "plugins {\n    id 'a'\n}\n",
        );
        let mut script = gradle::read_script("plugins {\n    id 'a'\n    id 'missing'\n}\n");
        let found = expand(&tree, &["buildSrc".to_string()], &mut script).unwrap();
        assert_eq!(found.used, ["buildSrc/src/main/groovy/a.gradle"]);
    }
}
