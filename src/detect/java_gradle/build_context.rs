//! What the dependency stage copies before the sources: the build scripts and properties
//! (manifests), and whole directories (gradle/, buildSrc, included builds).

use super::projects::Build;
use crate::detect::{DetectError, Evidence};
use crate::repo::{EntryKind, Tree};
use crate::values;
use crate::values::checked;

/// The settings script, every script at the root, gradle.properties unless it holds
/// credentials (`has_secret`), and each included project's build script.
pub(super) fn manifests(
    tree: &dyn Tree,
    build: &Build,
    has_secret: bool,
) -> Result<Vec<String>, DetectError> {
    let mut manifests: Vec<String> = Vec::new();
    manifests.extend(build.settings_file.clone());
    for entry in tree.list("")?.unwrap_or_default() {
        let script = entry.name.ends_with(".gradle") || entry.name.ends_with(".gradle.kts");
        if entry.kind == EntryKind::File && script && !manifests.contains(&entry.name) {
            checked(
                "build.gradle",
                "script file name",
                &entry.name,
                values::check_name,
            )?;
            manifests.push(entry.name.clone());
        }
    }
    if build.properties.is_some() && !has_secret {
        manifests.push("gradle.properties".into());
    }
    for p in build.projects.iter().skip(1) {
        manifests.extend(p.file.clone());
    }
    Ok(manifests)
}

/// gradle/, buildSrc and the included builds that exist inside the project directory.
pub(super) fn copied_dirs(
    tree: &dyn Tree,
    build: &Build,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<Vec<String>, DetectError> {
    let mut dirs = Vec::new();
    for dir in ["gradle", "buildSrc"] {
        if tree.is_dir(dir)? {
            dirs.push(dir.to_string());
        }
    }
    let shown = build.settings_shown();
    for (dir, line) in &build.settings.included_builds {
        let Some(dir) = crate::repo::resolve("", dir).filter(|d| !d.is_empty()) else {
            warnings.push(format!(
                "{shown}:{line}: the included build {} lies outside the project directory, which is the build context",
                values::shown(dir)
            ));
            continue;
        };
        if !tree.is_dir(&dir)? {
            warnings.push(format!(
                "{shown}:{line}: the included build {dir} does not exist"
            ));
            continue;
        }
        checked(shown, "included build", &dir, values::check_rel_path)?;
        if !dirs.contains(&dir) {
            evidence.push(Evidence::new(
                shown,
                Some(*line),
                format!("included build {dir}: copied whole into the dependency stage"),
            ));
            dirs.push(dir);
        }
    }
    if dirs.iter().any(|d| d == "buildSrc") {
        evidence.push(Evidence::new(
            "buildSrc",
            None,
            "convention plugins: copied into the dependency stage; their plugins blocks, toolchain and mainClass are read",
        ));
    }
    Ok(dirs)
}
