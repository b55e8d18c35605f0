//! How Gradle names what a project builds: its tasks as the root invokes them, and the jar
//! files its archive tasks write.

use super::projects::Project;
use crate::repo;

/// One project's names, given the build around it and the version it builds.
pub(super) struct Naming<'a> {
    pub(super) project: &'a Project,
    /// The project is the whole build: its tasks need no project path.
    pub(super) single: bool,
    pub(super) version: Option<&'a str>,
}

impl Naming<'_> {
    /// `task` as the root project invokes it.
    pub(super) fn task(&self, task: &str) -> String {
        let p = self.project;
        if self.single {
            task.to_string()
        } else if p.path == ":" {
            format!(":{task}")
        } else {
            format!("{}:{task}", p.path)
        }
    }

    /// The file name archive task `task` writes: `archiveFileName`, else
    /// base name-version-classifier.jar; `None` when a computed name hides it.
    pub(super) fn jar(&self, task: &'static str, classifier: Option<&str>) -> Option<String> {
        let p = self.project;
        let a = p.script.archives.get(task).cloned().unwrap_or_default();
        if let Some(f) = a.file_name {
            return Some(f);
        }
        if a.computed.is_some() {
            return None;
        }
        let base = a.base_name.unwrap_or_else(|| p.name.clone());
        let v = a
            .version
            .or_else(|| self.version.map(str::to_string))
            .filter(|v| !v.is_empty());
        let c = a
            .classifier
            .or_else(|| classifier.map(str::to_string))
            .filter(|c| !c.is_empty());
        let mut name = base;
        for part in [v, c].into_iter().flatten() {
            name.push('-');
            name.push_str(&part);
        }
        Some(format!("{name}.jar"))
    }

    /// `jar` in the project's `build/libs`.
    pub(super) fn in_libs(&self, jar: &str) -> String {
        repo::join(&repo::join(&self.project.dir, "build/libs"), jar)
    }
}
