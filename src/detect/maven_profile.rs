//! Maven `<profiles>`: the parts msb reads (plugins, managed plugins, properties) and whether
//! a profile is active for the module being built. Maven evaluates a parent's profiles against
//! the building module's directory, so `<file><exists>src/main/resources/application.yml`
//! in a parent applies the profile only to modules holding that file.

use std::collections::BTreeMap;

use super::DetectError;
use super::maven::{Pom, Reactor};
use super::xml::Element;
use crate::repo::{self, Tree};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    pub activation: Activation,
    pub plugins: Vec<Element>,
    pub managed_plugins: Vec<Element>,
    pub properties: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activation {
    pub by_default: bool,
    /// Every condition must hold (Maven 3.2.2 and later).
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    FileExists(String),
    FileMissing(String),
    /// `<property><name>` with an optional `<value>`; `!name` / `!value` negate.
    Property {
        name: String,
        value: Option<String>,
    },
    /// `<jdk>`, `<os>`, `<packaging>`…: msb cannot know, so the profile counts as inactive.
    Unknown,
}

fn plugins(e: Option<&Element>) -> Vec<Element> {
    e.map(|p| p.children("plugin").cloned().collect())
        .unwrap_or_default()
}

fn activation(e: Option<&Element>) -> Activation {
    let Some(e) = e else {
        return Activation {
            by_default: false,
            conditions: Vec::new(),
        };
    };
    let mut conditions = Vec::new();
    for c in &e.children {
        match c.name.as_str() {
            "activeByDefault" => {}
            "file" => {
                if let Some(path) = c.text_at(&["exists"]) {
                    conditions.push(Condition::FileExists(path.to_string()));
                }
                if let Some(path) = c.text_at(&["missing"]) {
                    conditions.push(Condition::FileMissing(path.to_string()));
                }
            }
            "property" => match c.text_at(&["name"]) {
                Some(name) => conditions.push(Condition::Property {
                    name: name.to_string(),
                    value: c.text_at(&["value"]).map(str::to_string),
                }),
                None => conditions.push(Condition::Unknown),
            },
            _ => conditions.push(Condition::Unknown),
        }
    }
    Activation {
        by_default: e.text_at(&["activeByDefault"]) == Some("true"),
        conditions,
    }
}

/// The `<profiles>` of a POM's root element.
#[must_use]
pub fn parse(root: &Element) -> Vec<Profile> {
    let Some(profiles) = root.child("profiles") else {
        return Vec::new();
    };
    profiles
        .children("profile")
        .map(|p| {
            let build = p.child("build");
            Profile {
                id: p.text_at(&["id"]).unwrap_or_default().to_string(),
                activation: activation(p.child("activation")),
                plugins: plugins(build.and_then(|b| b.child("plugins"))),
                managed_plugins: plugins(
                    build.and_then(|b| b.at(&["pluginManagement", "plugins"])),
                ),
                properties: p
                    .child("properties")
                    .map(|props| {
                        props
                            .children
                            .iter()
                            .map(|e| (e.name.clone(), e.text.clone()))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// Whether a path named by a file activation exists, relative to the building module.
fn path_exists(tree: &dyn Tree, module_dir: &str, path: &str) -> Result<bool, DetectError> {
    let rel = ["${project.basedir}/", "${basedir}/"]
        .iter()
        .find_map(|prefix| path.strip_prefix(prefix))
        .unwrap_or(path);
    if rel.contains("${") || rel.starts_with('/') {
        return Ok(false);
    }
    let Some(full) = repo::resolve(module_dir, rel) else {
        return Ok(false);
    };
    if full.is_empty() || crate::values::check_rel_path(&full).is_err() {
        return Ok(false);
    }
    Ok(tree.kind_of(&full)?.is_some())
}

fn holds(
    condition: &Condition,
    tree: &dyn Tree,
    module_dir: &str,
    cli: &BTreeMap<String, String>,
) -> Result<bool, DetectError> {
    Ok(match condition {
        Condition::FileExists(path) => path_exists(tree, module_dir, path)?,
        Condition::FileMissing(path) => !path_exists(tree, module_dir, path)?,
        Condition::Property { name, value } => {
            let (name, negated) = match name.strip_prefix('!') {
                Some(n) => (n, true),
                None => (name.as_str(), false),
            };
            let set = cli.get(name);
            match value {
                None => set.is_some() != negated,
                Some(v) => match v.strip_prefix('!') {
                    Some(v) => set.is_some_and(|s| s != v),
                    None => set.is_some_and(|s| s == v),
                },
            }
        }
        Condition::Unknown => false,
    })
}

/// Indices of the profiles active when `module_dir` is built, with `.mvn/maven.config`
/// properties standing for the command line. As in Maven, `activeByDefault` profiles apply
/// only when no other profile of the same POM is activated.
///
/// # Errors
/// A file activation whose path cannot be looked up.
pub fn active(
    profiles: &[Profile],
    tree: &dyn Tree,
    module_dir: &str,
    cli: &BTreeMap<String, String>,
) -> Result<Vec<usize>, DetectError> {
    let mut on = Vec::new();
    for (i, p) in profiles.iter().enumerate() {
        let conditions = &p.activation.conditions;
        if conditions.is_empty() {
            continue;
        }
        let mut all = true;
        for c in conditions {
            if !holds(c, tree, module_dir, cli)? {
                all = false;
                break;
            }
        }
        if all {
            on.push(i);
        }
    }
    if on.is_empty() {
        on = profiles
            .iter()
            .enumerate()
            .filter(|(_, p)| p.activation.by_default)
            .map(|(i, _)| i)
            .collect();
    }
    Ok(on)
}

impl Reactor {
    /// Records, for every POM, the profiles active when it is built.
    pub(super) fn activate_profiles(&mut self, tree: &dyn Tree) -> Result<(), DetectError> {
        let mut all = Vec::with_capacity(self.poms.len());
        for i in 0..self.poms.len() {
            let dir = &self.poms[i].dir;
            let mut on = Vec::new();
            for (depth, pom) in self.lineage(i).into_iter().enumerate() {
                for p in active(&pom.profiles, tree, dir, &self.cli_properties)? {
                    on.push((depth, p));
                }
            }
            all.push(on);
        }
        self.active_profiles = all;
        Ok(())
    }

    /// The active profiles that `pom` (at `depth` in the lineage of `index`) declares.
    pub(super) fn profiles_of<'a>(
        &'a self,
        index: usize,
        depth: usize,
        pom: &'a Pom,
    ) -> impl Iterator<Item = &'a Profile> + 'a {
        self.active_profiles
            .get(index)
            .into_iter()
            .flatten()
            .filter(move |(d, _)| *d == depth)
            .filter_map(move |(_, p)| pom.profiles.get(*p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::xml;
    use crate::repo::MemTree;

    const POM: &str = r"<project><artifactId>p</artifactId><profiles>
  <profile><id>boot</id>
    <activation><file><exists>src/main/resources/application.yml</exists></file></activation>
    <build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>
  </profile>
  <profile><id>dflt</id><activation><activeByDefault>true</activeByDefault></activation>
    <properties><java.version>21</java.version></properties>
  </profile>
  <profile><id>ci</id><activation><property><name>ci</name></property></activation></profile>
  <profile><id>local</id><activation><property><name>!ci</name></property></activation></profile>
  <profile><id>old</id><activation><jdk>1.8</jdk></activation></profile>
</profiles></project>";

    fn profiles() -> Vec<Profile> {
        parse(&xml::parse("pom.xml", POM).unwrap())
    }

    fn ids(active: &[usize]) -> Vec<String> {
        let all = profiles();
        active.iter().map(|&i| all[i].id.clone()).collect()
    }

    #[test]
    fn parses_activation_plugins_and_properties() {
        let p = profiles();
        assert_eq!(p.len(), 5);
        assert_eq!(
            p[0].activation.conditions,
            [Condition::FileExists(
                "src/main/resources/application.yml".into()
            )]
        );
        assert_eq!(p[0].plugins.len(), 1);
        assert!(p[1].activation.by_default);
        assert_eq!(p[1].properties["java.version"], "21");
        assert_eq!(p[4].activation.conditions, [Condition::Unknown]);
    }

    #[test]
    fn file_activation_is_evaluated_in_the_building_module() {
        let tree = MemTree::new()
            .with("pom.xml", POM)
            .with("svc/src/main/resources/application.yml", "x: 1");
        let cli = BTreeMap::new();
        let svc = active(&profiles(), &tree, "svc", &cli).unwrap();
        assert_eq!(ids(&svc), ["boot", "local"]);
        let root = active(&profiles(), &tree, "", &cli).unwrap();
        assert_eq!(ids(&root), ["local"]);
    }

    #[test]
    fn active_by_default_yields_to_any_activated_profile() {
        let tree = MemTree::new().with("pom.xml", POM);
        let only_default = vec![profiles()[1].clone()];
        let on = active(&only_default, &tree, "", &BTreeMap::new()).unwrap();
        assert_eq!(on, [0]);
        let cli = BTreeMap::from([("ci".to_string(), "true".to_string())]);
        let with_ci = active(&profiles(), &tree, "", &cli).unwrap();
        assert_eq!(ids(&with_ci), ["ci"]);
    }

    #[test]
    fn unreadable_activation_paths_count_as_missing() {
        let tree = MemTree::new();
        for path in ["${env.HOME}/x", "/etc/passwd", "../../x", "${basedir}/"] {
            assert!(!path_exists(&tree, "svc", path).unwrap(), "{path}");
        }
    }
}
