//! The build's projects: the settings script's includes, each project's build script read with
//! its convention plugins, the version catalog, and the versions the root declares.

use std::collections::BTreeMap;

use super::first_file;
use super::plugins::BOOT;
use crate::detect::gradle::{self, Script};
use crate::detect::gradle_settings::{self, Settings};
use crate::detect::{DetectError, Evidence, gradle_catalog, gradle_conventions};
use crate::repo::{self, Tree};
use crate::values;
use crate::values::checked;

const BUILD_SCRIPTS: &[&str] = &["build.gradle.kts", "build.gradle"];

pub(super) struct Project {
    pub(super) path: String,
    pub(super) dir: String,
    pub(super) name: String,
    pub(super) file: Option<String>,
    pub(super) script: Script,
    /// The convention plugin that declared the Java release, if one did.
    pub(super) java_file: Option<String>,
}

/// A plugin id from the version catalog, and its version.
pub(super) type Catalog = BTreeMap<String, (String, Option<String>)>;

/// What msb read of the build: settings, projects (the root first) and their scripts.
pub(super) struct Build {
    pub(super) settings_file: Option<String>,
    pub(super) settings: Settings,
    pub(super) root_file: Option<String>,
    pub(super) kotlin_dsl: bool,
    /// gradle.properties, when it exists.
    pub(super) properties: Option<String>,
    pub(super) projects: Vec<Project>,
    pub(super) catalog: Catalog,
}

impl Build {
    /// Reads the settings script, every project's build script and the version catalog.
    pub(super) fn read(
        tree: &dyn Tree,
        evidence: &mut Vec<Evidence>,
        warnings: &mut Vec<String>,
    ) -> Result<Self, DetectError> {
        let settings_file = first_file(tree, "", &["settings.gradle.kts", "settings.gradle"])?;
        let settings = match &settings_file {
            Some(f) => gradle_settings::read_settings(&tree.read(f)?.unwrap_or_default()),
            None => Settings::default(),
        };
        warn_not_understood(settings_file.as_deref(), &settings, warnings);
        let root_file = first_file(tree, "", BUILD_SCRIPTS)?;
        let kotlin_dsl = root_file
            .as_deref()
            .or(settings_file.as_deref())
            .is_some_and(|f| f.ends_with(".kts"));
        let properties = tree.read("gradle.properties")?;
        let mut build = Self {
            projects: included_projects(tree, &settings, root_file.clone())?,
            settings_file,
            settings,
            root_file,
            kotlin_dsl,
            properties,
            catalog: Catalog::new(),
        };
        build.read_scripts(tree, evidence)?;
        build.catalog = gradle_catalog::plugins(tree)?;
        Ok(build)
    }

    /// The settings script as evidence and warnings name it.
    pub(super) fn settings_shown(&self) -> &str {
        self.settings_file.as_deref().unwrap_or("settings.gradle")
    }

    pub(super) fn root(&self) -> &Project {
        &self.projects[0]
    }

    /// A build of the root project alone: task names need no project path.
    pub(super) fn single(&self) -> bool {
        self.projects.len() == 1
    }

    /// The version the root script or gradle.properties declares.
    pub(super) fn version(&self) -> Option<String> {
        self.root()
            .script
            .version
            .as_ref()
            .map(|(v, _)| v.clone())
            .or_else(|| {
                self.properties
                    .as_deref()
                    .and_then(|t| property(t, "version"))
            })
    }

    /// The Spring Boot version a project's plugin use inherits when it names none: the root's
    /// plugin, the settings script's pluginManagement, or the root's buildscript classpath.
    pub(super) fn boot_version(&self) -> Option<String> {
        let root = &self.root().script;
        root.plugins
            .iter()
            .find(|u| u.id == BOOT)
            .and_then(|u| u.version.clone())
            .or_else(|| self.settings.plugin_versions.get(BOOT).cloned())
            .or_else(|| root.buildscript_boot.clone())
    }

    /// The evidence that names the build and what msb reads of it.
    pub(super) fn summary(&self) -> Evidence {
        Evidence::new(
            self.settings_file
                .as_deref()
                .or(self.root_file.as_deref())
                .unwrap_or("build.gradle"),
            None,
            format!(
                "Gradle build ({} DSL) with {} project(s); build scripts are read, not run: msb understands plugins, the Java toolchain or sourceCompatibility, version, application mainClass and archive names, and nothing computed",
                if self.kotlin_dsl { "Kotlin" } else { "Groovy" },
                self.projects.len()
            ),
        )
    }

    /// Checks each project's path and name, and reads its build script with the convention
    /// plugins it applies.
    fn read_scripts(
        &mut self,
        tree: &dyn Tree,
        evidence: &mut Vec<Evidence>,
    ) -> Result<(), DetectError> {
        let file_shown = self.settings_shown().to_string();
        let convention_dirs = convention_dirs(&self.settings);
        for p in &mut self.projects {
            if !p.dir.is_empty() {
                checked(&file_shown, "project path", &p.dir, values::check_rel_path)?;
            }
            checked(&file_shown, "project name", &p.name, values::check_name)?;
            if let Some(f) = &p.file {
                p.script = gradle::read_script(&tree.read(f)?.unwrap_or_default());
                let found = gradle_conventions::expand(tree, &convention_dirs, &mut p.script)?;
                if !found.used.is_empty() {
                    evidence.push(Evidence::new(
                        f,
                        None,
                        format!(
                            "{}: convention plugins read: {}",
                            p.name,
                            found.used.join(", ")
                        ),
                    ));
                }
                p.java_file = found.java_file;
            }
        }
        Ok(())
    }
}

fn warn_not_understood(file: Option<&str>, settings: &Settings, warnings: &mut Vec<String>) {
    for (text, line) in &settings.not_understood {
        warnings.push(format!(
            "{}:{line}: `{}` is not followed by msb (custom project directories and computed included builds are not read)",
            file.unwrap_or("settings.gradle"),
            values::shown(text).trim_matches('"')
        ));
    }
}

/// The root project, then each included project once, in include order.
fn included_projects(
    tree: &dyn Tree,
    settings: &Settings,
    root_file: Option<String>,
) -> Result<Vec<Project>, DetectError> {
    // Without rootProject.name, Gradle names the root project after its directory: the
    // build stage's working directory.
    let root_name = settings.root_name.clone().unwrap_or_else(|| {
        crate::plan::images::JAVA_BUILD_DIR
            .trim_start_matches('/')
            .to_string()
    });
    let mut projects = vec![Project {
        path: ":".into(),
        dir: String::new(),
        name: root_name,
        file: root_file,
        script: Script::default(),
        java_file: None,
    }];
    for (path, _) in &settings.includes {
        let dir = path.trim_start_matches(':').replace(':', "/");
        if projects.iter().any(|p| p.dir == dir) {
            continue;
        }
        let name = dir.rsplit('/').next().unwrap_or_default().to_string();
        let file = first_file(tree, &dir, BUILD_SCRIPTS)?;
        projects.push(Project {
            path: path.clone(),
            dir,
            name,
            file,
            script: Script::default(),
            java_file: None,
        });
    }
    Ok(projects)
}

/// Where convention plugins may live: buildSrc and the included builds inside the project.
fn convention_dirs(settings: &Settings) -> Vec<String> {
    std::iter::once("buildSrc".to_string())
        .chain(
            settings
                .included_builds
                .iter()
                .filter_map(|(dir, _)| repo::resolve("", dir)),
        )
        .filter(|d| !d.is_empty() && values::check_rel_path(d).is_ok())
        .collect()
}

fn property(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
}
