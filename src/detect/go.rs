//! Go modules: go.mod, go.sum, vendoring, main packages, cgo and the listening port.

mod cgo;
mod mains;
mod replace;
mod version;
mod workspace;

use serde::Serialize;

use super::go_embed;
use super::go_private::{self, GoPrivate};
use super::gomod;
use super::{App, DetectError, Evidence, Project, port};
use crate::language::Language;
use crate::repo::Tree;
use crate::values::{self, UnsafeValue};
use cgo::cgo_reason;
use mains::{PREFERENCE_RULE, default_name, find_mains, preferred};
use replace::replaced_go_mods;
use version::version_req;
use workspace::workspace_without_module;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoFacts {
    pub module: String,
    pub has_go_sum: bool,
    pub vendored: bool,
    /// go.mod files of modules replaced by a directory inside the repository: the download
    /// reads them to load the module graph, so the deps stage binds them too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced_go_mods: Vec<String>,
    pub mains: Vec<GoMain>,
    /// Why the module needs cgo, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cgo: Option<Evidence>,
    /// Private modules: the download needs credentials from the `netrc` build secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private: Option<Box<GoPrivate>>,
}

/// A main package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoMain {
    /// Directory relative to the module root; empty for the root.
    pub dir: String,
    /// Executable name.
    pub name: String,
    pub files: Vec<String>,
}

impl GoMain {
    /// What `--main` takes: `.` for the module root, else the directory.
    #[must_use]
    pub fn id(&self) -> String {
        if self.dir.is_empty() {
            ".".into()
        } else {
            self.dir.clone()
        }
    }

    /// The package pattern `go build` takes: `.` or `./cmd/api`.
    #[must_use]
    pub fn build_target(&self) -> String {
        if self.dir.is_empty() {
            ".".into()
        } else {
            format!("./{}", self.dir)
        }
    }
}

/// Detects a Go module at the root of the tree.
///
/// # Errors
/// A go.mod that cannot be read or parsed, or a module path that cannot name a binary.
pub fn detect(tree: &dyn Tree) -> Result<Option<Project>, DetectError> {
    let Some(text) = tree.read("go.mod")? else {
        return match tree.read("go.work")? {
            Some(work) => Err(DetectError::Unsupported(workspace_without_module(&work))),
            None => Ok(None),
        };
    };
    let module = gomod::parse(&text)?;
    let module_path = module
        .module
        .as_ref()
        .map(|m| m.value.clone())
        .unwrap_or_default();
    let module_line = module.module.as_ref().map(|m| m.line);
    if let Some(bad) = module_path
        .chars()
        .find(|c| c.is_whitespace() || c.is_control())
    {
        return Err(UnsafeValue::new(
            "go.mod",
            "module path",
            &module_path,
            format!("it contains {}", values::shown(&bad.to_string())),
        )
        .into());
    }
    let mut evidence = vec![Evidence::new(
        "go.mod",
        module_line,
        format!("Go module {module_path}"),
    )];
    let version = version_req(&module)?;
    if let Some(v) = &version {
        evidence.push(v.evidence.clone());
    }
    let has_go_sum = tree.is_file("go.sum")?;
    evidence.push(Evidence::new(
        "go.sum",
        None,
        if has_go_sum {
            "present: bound into the dependency download"
        } else {
            "absent: the module has no dependencies to verify, so it is not bound"
        },
    ));
    let vendored = tree.is_file("vendor/modules.txt")?;
    if vendored {
        evidence.push(Evidence::new(
            "vendor/modules.txt",
            None,
            "dependencies are vendored: build with -mod=vendor, no download",
        ));
    }
    let mut warnings = Vec::new();
    let replaced_go_mods = if vendored {
        Vec::new()
    } else {
        replaced_go_mods(tree, &module, &mut evidence, &mut warnings)?
    };
    let found = find_mains(tree, &module_path)?;
    let apps: Vec<App> = found
        .mains
        .iter()
        .zip(&found.sources)
        .map(|(main, sources)| {
            let port = port::scan(sources.iter().map(|(p, t)| (p.as_str(), t.as_str())));
            App {
                id: main.id(),
                name: main.name.clone(),
                port,
            }
        })
        .collect();
    for main in &found.mains {
        let file = main.files.first().map_or("go.mod", String::as_str);
        evidence.push(Evidence::new(
            file,
            None,
            format!(
                "main package {} builds the executable {}",
                main.build_target(),
                main.name
            ),
        ));
    }
    let cgo = cgo_reason(&module, &found.sources);
    if let Some(reason) = &cgo {
        evidence.push(reason.clone());
    }
    warnings.extend(found.warnings);
    warnings.extend(go_embed::missing(tree)?);
    if tree.is_file("go.work")? {
        warnings.push("go.work: the build runs in workspace mode (the file is in the context), but the deps stage downloads only the root module's dependencies, so the other modules' download on every build; add GOWORK=off if the module builds on its own".into());
    }
    let private = go_private::detect(tree, &mut warnings)?.map(Box::new);
    if let Some(p) = &private {
        evidence.extend(p.goprivate_evidence.clone());
        if let Some(netrc) = &p.netrc {
            evidence.push(netrc.evidence.clone());
            warnings.extend(netrc.warning());
        }
    }
    if found.mains.is_empty() {
        warnings.push(
            "no main package found (looked for package main in ./*.go, cmd/*/ and */main.go)"
                .into(),
        );
    }
    let preferred_app = preferred(&found.mains, default_name(&module_path));
    Ok(Some(Project {
        language: Language::Go,
        manifests: super::manifests_in(tree, "", Language::Go)?,
        facts: super::Facts::Go(GoFacts {
            module: module_path,
            has_go_sum,
            vendored,
            replaced_go_mods,
            mains: found.mains,
            cgo,
            private,
        }),
        apps,
        preferred_app,
        preference_rule: PREFERENCE_RULE.into(),
        version,
        evidence,
        warnings,
    }))
}

#[cfg(test)]
mod tests;
