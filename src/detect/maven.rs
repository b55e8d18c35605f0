//! Maven POMs: the model msb needs (coordinates, parent, modules, properties, plugins) and the
//! reactor of every POM in the repository, with parents followed only inside it.

use std::collections::BTreeMap;

use super::maven_profile::{self, Profile};
use super::xml::{self, Element};
use super::{DetectError, ManifestError};
use crate::repo::{self, Tree};

/// Most POMs msb reads in one reactor.
const MAX_POMS: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentRef {
    pub group_id: String,
    pub artifact_id: String,
    pub version: String,
    pub relative_path: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pom {
    pub file: String,
    pub dir: String,
    pub group_id: Option<String>,
    pub artifact_id: String,
    pub version: Option<String>,
    /// `<name>`, which Maven does not inherit.
    pub name: Option<String>,
    pub packaging: String,
    pub parent: Option<ParentRef>,
    /// Module directories, relative to this POM's directory, with their lines.
    pub modules: Vec<(String, usize)>,
    pub properties: BTreeMap<String, String>,
    pub final_name: Option<String>,
    pub plugins: Vec<Element>,
    pub managed_plugins: Vec<Element>,
    /// `spring-boot-dependencies` imported in `<dependencyManagement>`: its raw version.
    pub boot_bom: Option<(String, usize)>,
    /// Index of the parent POM in the reactor, when the parent lives in the repository.
    pub parent_index: Option<usize>,
    pub profiles: Vec<Profile>,
}

fn text(e: &Element, path: &[&str]) -> Option<String> {
    e.text_at(path).map(str::to_string)
}

/// The `<plugin>` elements of a `<plugins>` element.
pub(super) fn plugins(e: Option<&Element>) -> Vec<Element> {
    e.map(|p| p.children("plugin").cloned().collect())
        .unwrap_or_default()
}

/// The name → value pairs of a `<properties>` element.
pub(super) fn properties(e: Option<&Element>) -> BTreeMap<String, String> {
    e.map(|p| {
        p.children
            .iter()
            .map(|e| (e.name.clone(), e.text.clone()))
            .collect()
    })
    .unwrap_or_default()
}

/// The non-empty `<module>` entries of a `<modules>` element, with their lines.
pub(super) fn modules(e: Option<&Element>) -> Vec<(String, usize)> {
    e.map(|m| {
        m.children("module")
            .filter(|e| !e.text.is_empty())
            .map(|e| (e.text.clone(), e.line))
            .collect()
    })
    .unwrap_or_default()
}

/// Parses one POM.
///
/// # Errors
/// Malformed XML, a root that is not `<project>`, or a missing `artifactId`.
pub fn parse(file: &str, source: &str) -> Result<Pom, ManifestError> {
    let root = xml::parse(file, source)?;
    if root.name != "project" {
        return Err(ManifestError::new(
            file,
            Some(root.line),
            format!("the root element is <{}>, not <project>", root.name),
        ));
    }
    let artifact_id = text(&root, &["artifactId"]).ok_or_else(|| {
        ManifestError::new(file, Some(root.line), "<project> has no <artifactId>")
    })?;
    let parent = root.child("parent").map(|p| ParentRef {
        group_id: text(p, &["groupId"]).unwrap_or_default(),
        artifact_id: text(p, &["artifactId"]).unwrap_or_default(),
        version: text(p, &["version"]).unwrap_or_default(),
        relative_path: p.child("relativePath").map(|r| r.text.clone()),
    });
    let modules = modules(root.child("modules"));
    let properties = properties(root.child("properties"));
    let build = root.child("build");
    let boot_bom = root
        .at(&["dependencyManagement", "dependencies"])
        .and_then(|deps| {
            deps.children("dependency").find(|d| {
                d.text_at(&["groupId"]) == Some("org.springframework.boot")
                    && d.text_at(&["artifactId"]) == Some("spring-boot-dependencies")
            })
        })
        .and_then(|d| d.child("version").map(|v| (v.text.clone(), v.line)));
    let dir = file.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    Ok(Pom {
        file: file.to_string(),
        dir,
        group_id: text(&root, &["groupId"]),
        artifact_id,
        version: text(&root, &["version"]),
        name: text(&root, &["name"]),
        packaging: text(&root, &["packaging"]).unwrap_or_else(|| "jar".into()),
        parent,
        modules,
        properties,
        final_name: build.and_then(|b| text(b, &["finalName"])),
        plugins: plugins(build.and_then(|b| b.child("plugins"))),
        managed_plugins: plugins(build.and_then(|b| b.at(&["pluginManagement", "plugins"]))),
        boot_bom,
        parent_index: None,
        profiles: maven_profile::parse(&root),
    })
}

/// Every POM of a multi-module build: the root first, then modules in declaration order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reactor {
    pub poms: Vec<Pom>,
    /// `-Dname=value` entries of `.mvn/maven.config`, which act like command-line properties.
    pub cli_properties: BTreeMap<String, String>,
    /// Per POM, the profiles active when it is built: (index of the declaring POM in its
    /// lineage, index of the profile there).
    pub active_profiles: Vec<Vec<(usize, usize)>>,
    /// `-P` profile ids of `.mvn/maven.config`; `!id` deactivates.
    pub cli_profiles: Vec<String>,
    pub warnings: Vec<String>,
}

fn pom_path(dir: &str) -> String {
    repo::join(dir, "pom.xml")
}

fn read_pom(tree: &dyn Tree, file: &str) -> Result<Option<Pom>, DetectError> {
    match tree.read(file)? {
        Some(text) => Ok(Some(parse(file, &text)?)),
        None => Ok(None),
    }
}

fn maven_config(tree: &dyn Tree) -> Result<BTreeMap<String, String>, DetectError> {
    let mut out = BTreeMap::new();
    let Some(text) = tree.read(".mvn/maven.config")? else {
        return Ok(out);
    };
    for word in text.split_whitespace() {
        if let Some((key, value)) = word.strip_prefix("-D").and_then(|d| d.split_once('=')) {
            out.insert(key.to_string(), value.to_string());
        }
    }
    Ok(out)
}

impl Reactor {
    /// Loads `pom.xml` and every module below it.
    ///
    /// # Errors
    /// A POM that cannot be read or parsed, or a reactor larger than msb reads.
    pub fn load(tree: &dyn Tree) -> Result<Option<Self>, DetectError> {
        let Some(root) = read_pom(tree, "pom.xml")? else {
            return Ok(None);
        };
        let mut reactor = Reactor {
            poms: vec![root],
            cli_properties: maven_config(tree)?,
            active_profiles: Vec::new(),
            cli_profiles: maven_profile::cli_profiles(tree)?,
            warnings: Vec::new(),
        };
        let mut next = 0;
        while next < reactor.poms.len() {
            let (dir, modules, file) = {
                let pom = &reactor.poms[next];
                let mut modules = pom.modules.clone();
                for p in maven_profile::active(
                    &pom.profiles,
                    tree,
                    &pom.dir,
                    &reactor.cli_properties,
                    &reactor.cli_profiles,
                )? {
                    modules.extend(pom.profiles[p].modules.iter().cloned());
                }
                (pom.dir.clone(), modules, pom.file.clone())
            };
            for (module, line) in modules {
                let Some(module_dir) = repo::resolve(&dir, module.trim_end_matches("/pom.xml"))
                else {
                    reactor.warnings.push(format!(
                        "{file}:{line}: module {} lies outside the project directory, which is the build context",
                        crate::values::shown(&module)
                    ));
                    continue;
                };
                if !module_dir.is_empty() {
                    crate::values::check_rel_path(&module_dir).map_err(|reason| {
                        crate::values::UnsafeValue::new(&file, "module", &module, reason)
                    })?;
                }
                let path = pom_path(&module_dir);
                if reactor.poms.iter().any(|p| p.file == path) {
                    continue;
                }
                if reactor.poms.len() >= MAX_POMS {
                    return Err(ManifestError::new(
                        &file,
                        Some(line),
                        format!("the build has more than {MAX_POMS} modules"),
                    )
                    .into());
                }
                match read_pom(tree, &path)? {
                    Some(pom) => reactor.poms.push(pom),
                    None => reactor.warnings.push(format!(
                        "{file}:{line}: module {} has no pom.xml",
                        crate::values::shown(&module)
                    )),
                }
            }
            next += 1;
        }
        reactor.link_parents(tree)?;
        reactor.activate_profiles(tree)?;
        Ok(Some(reactor))
    }

    /// Finds each POM's parent inside the repository (by `relativePath`, default `../pom.xml`)
    /// when its coordinates match; parents outside stay external.
    fn link_parents(&mut self, tree: &dyn Tree) -> Result<(), DetectError> {
        for i in 0..self.poms.len() {
            let Some(parent) = self.poms[i].parent.clone() else {
                continue;
            };
            let rel = parent
                .relative_path
                .clone()
                .unwrap_or_else(|| "../pom.xml".into());
            if rel.is_empty() {
                continue;
            }
            let Some(target) = repo::resolve(&self.poms[i].dir, &rel) else {
                continue;
            };
            let file = if target.ends_with(".xml") {
                target
            } else {
                pom_path(&target)
            };
            if crate::values::check_rel_path(&file).is_err() {
                // Maven looks the parent up in the repositories when relativePath names no
                // POM; one msb cannot read as a path is treated the same way.
                self.warnings.push(format!(
                    "{}: the parent's relativePath {} names no POM msb can read; the parent is taken as external",
                    self.poms[i].file,
                    crate::values::shown(&rel)
                ));
                continue;
            }
            let index = match self.poms.iter().position(|p| p.file == file) {
                Some(index) => Some(index),
                None if self.poms.len() < MAX_POMS => match read_pom(tree, &file)? {
                    Some(pom) => {
                        self.poms.push(pom);
                        Some(self.poms.len() - 1)
                    }
                    None => None,
                },
                None => None,
            };
            self.poms[i].parent_index =
                index.filter(|&p| p != i && self.poms[p].artifact_id == parent.artifact_id);
        }
        Ok(())
    }

    /// The POM and its ancestors inside the repository, nearest first.
    #[must_use]
    pub fn lineage(&self, index: usize) -> Vec<&Pom> {
        let mut out = Vec::new();
        let mut at = Some(index);
        while let Some(i) = at {
            if out.len() > MAX_POMS || out.iter().any(|p: &&Pom| p.file == self.poms[i].file) {
                break;
            }
            out.push(&self.poms[i]);
            at = self.poms[i].parent_index;
        }
        out
    }

    /// The parent declared by the farthest ancestor inside the repository (for example
    /// `spring-boot-starter-parent`).
    #[must_use]
    pub fn external_parent(&self, index: usize) -> Option<(&Pom, &ParentRef)> {
        self.lineage(index)
            .into_iter()
            .find(|p| p.parent_index.is_none())
            .and_then(|p| p.parent.as_ref().map(|r| (p, r)))
    }

    /// Interpolates `${…}` references with the POM's effective properties.
    #[must_use]
    pub fn interpolate(&self, index: usize, value: &str) -> Option<String> {
        let mut out = value.to_string();
        for _ in 0..10 {
            let Some(start) = out.find("${") else {
                return Some(out);
            };
            let end = start + out[start..].find('}')?;
            let key = &out[start + 2..end];
            let replacement = self.property(index, key)?;
            out.replace_range(start..=end, &replacement);
        }
        None
    }

    /// A property's value as declared (not interpolated): `.mvn/maven.config`, the
    /// project's own coordinates, then the nearest POM in the lineage that sets it.
    #[must_use]
    pub fn property(&self, index: usize, key: &str) -> Option<String> {
        if let Some(v) = self.cli_properties.get(key) {
            return Some(v.clone());
        }
        let lineage = self.lineage(index);
        let own = lineage.first()?;
        let parent_version = own.parent.as_ref().map(|p| p.version.clone());
        match key {
            "project.version" | "version" | "pom.version" => {
                return own.version.clone().or(parent_version);
            }
            "project.artifactId" | "artifactId" | "pom.artifactId" => {
                return Some(own.artifact_id.clone());
            }
            "project.groupId" | "groupId" => {
                return own
                    .group_id
                    .clone()
                    .or_else(|| own.parent.as_ref().map(|p| p.group_id.clone()));
            }
            "project.parent.version" | "parent.version" => return parent_version,
            "project.name" | "pom.name" => return own.name.clone(),
            _ => {}
        }
        lineage
            .iter()
            .enumerate()
            .find_map(|(depth, p)| {
                self.profiles_of(index, depth, p)
                    .find_map(|profile| profile.properties.get(key))
                    .or_else(|| p.properties.get(key))
            })
            .filter(|v| !v.contains(&format!("${{{key}}}")))
            .cloned()
    }

    /// A plugin by artifactId in the effective `<build><plugins>` (own, then inherited), and
    /// its managed declaration (own and inherited `<pluginManagement>`).
    #[must_use]
    pub fn plugin(&self, index: usize, artifact_id: &str) -> Option<PluginView<'_>> {
        let lineage = self.lineage(index);
        let find = |list: &'_ [Element]| -> Option<usize> {
            list.iter()
                .position(|p| p.text_at(&["artifactId"]) == Some(artifact_id))
        };
        let (pom, declared) = lineage.iter().enumerate().find_map(|(depth, p)| {
            self.profiles_of(index, depth, p)
                .map(|profile| &profile.plugins)
                .chain(std::iter::once(&p.plugins))
                .find_map(|list| find(list).map(|i| (*p, &list[i])))
        })?;
        let managed = lineage
            .iter()
            .enumerate()
            .flat_map(|(depth, p)| {
                self.profiles_of(index, depth, p)
                    .map(|profile| &profile.managed_plugins)
                    .chain(std::iter::once(&p.managed_plugins))
            })
            .filter_map(|list| find(list).map(|i| &list[i]))
            .collect();
        Some(PluginView {
            file: pom.file.clone(),
            declared,
            managed,
        })
    }
}

/// A plugin as declared, and the `<pluginManagement>` entries that configure it further.
#[derive(Debug, Clone)]
pub struct PluginView<'a> {
    pub file: String,
    pub declared: &'a Element,
    pub managed: Vec<&'a Element>,
}

impl PluginView<'_> {
    fn all(&self) -> impl Iterator<Item = &Element> {
        std::iter::once(self.declared).chain(self.managed.iter().copied())
    }

    /// The first element named `name` anywhere inside the plugin's declarations.
    #[must_use]
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.all().find_map(|e| descendant(e, name))
    }

    /// The plugin's version, declared or managed.
    #[must_use]
    pub fn version(&self) -> Option<&Element> {
        self.all().find_map(|e| e.child("version"))
    }

    /// Whether any execution binds `goal`.
    #[must_use]
    pub fn has_goal(&self, goal: &str) -> bool {
        self.all().any(|e| {
            e.child("executions").is_some_and(|x| {
                x.children("execution").any(|ex| {
                    ex.child("goals")
                        .is_some_and(|g| g.children("goal").any(|g| g.text == goal))
                })
            })
        })
    }
}

/// Depth-first search for an element named `name`.
#[must_use]
pub fn descendant<'a>(e: &'a Element, name: &str) -> Option<&'a Element> {
    e.children
        .iter()
        .find(|c| c.name == name)
        .or_else(|| e.children.iter().find_map(|c| descendant(c, name)))
}

#[cfg(test)]
mod tests;
