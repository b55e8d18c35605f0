//! Maven `<profiles>`: the parts msb reads (plugins, managed plugins, properties) and whether
//! a profile is active for the module being built. Maven evaluates a parent's profiles against
//! the building module's directory, so `<file><exists>src/main/resources/application.yml`
//! in a parent applies the profile only to modules holding that file.

use std::collections::BTreeMap;

use super::DetectError;
use super::maven::{self, Pom, Reactor, plugins};
use super::xml::Element;
use crate::repo::{self, Tree};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    pub activation: Activation,
    pub plugins: Vec<Element>,
    pub managed_plugins: Vec<Element>,
    pub properties: BTreeMap<String, String>,
    /// `<modules>` the profile adds to the reactor, with their lines.
    pub modules: Vec<(String, usize)>,
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
                properties: maven::properties(p.child("properties")),
                modules: maven::modules(p.child("modules")),
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

/// The profiles `.mvn/maven.config` activates (`-Pa,b`, `--activate-profiles=a`); a leading
/// `!` or `-` deactivates, kept as `!id`.
///
/// # Errors
/// `.mvn/maven.config` cannot be read.
pub fn cli_profiles(tree: &dyn Tree) -> Result<Vec<String>, DetectError> {
    let Some(text) = tree.read(".mvn/maven.config")? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut words = text.split_whitespace();
    while let Some(word) = words.next() {
        let list = match word {
            "-P" | "--activate-profiles" => words.next().unwrap_or_default(),
            _ => match word
                .strip_prefix("--activate-profiles=")
                .or_else(|| word.strip_prefix("-P"))
            {
                Some(list) => list,
                None => continue,
            },
        };
        for id in list.split(',').map(str::trim).filter(|id| !id.is_empty()) {
            out.push(match id.strip_prefix('-') {
                Some(off) => format!("!{off}"),
                None => id.to_string(),
            });
        }
    }
    Ok(out)
}

/// Indices of the profiles active when `module_dir` is built, with `.mvn/maven.config`
/// properties and `-P` profiles standing for the command line. As in Maven,
/// `activeByDefault` profiles apply only when no other profile of the same POM is activated.
///
/// # Errors
/// A file activation whose path cannot be looked up.
pub fn active(
    profiles: &[Profile],
    tree: &dyn Tree,
    module_dir: &str,
    cli: &BTreeMap<String, String>,
    explicit: &[String],
) -> Result<Vec<usize>, DetectError> {
    let mut on = Vec::new();
    for (i, p) in profiles.iter().enumerate() {
        if explicit
            .iter()
            .any(|e| e.strip_prefix('!') == Some(p.id.as_str()))
        {
            continue;
        }
        if explicit.contains(&p.id) {
            on.push(i);
            continue;
        }
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
            .filter(|(_, p)| {
                p.activation.by_default
                    && !explicit
                        .iter()
                        .any(|e| e.strip_prefix('!') == Some(p.id.as_str()))
            })
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
                for p in active(
                    &pom.profiles,
                    tree,
                    dir,
                    &self.cli_properties,
                    &self.cli_profiles,
                )? {
                    on.push((depth, p));
                }
            }
            all.push(on);
        }
        self.active_profiles = all;
        Ok(())
    }

    /// A production profile (`prod`, `production`) declared in the lineage of `index` but not
    /// active when it is built: the file and the profile id.
    #[must_use]
    pub fn inactive_production_profile(&self, index: usize) -> Option<(String, String)> {
        let active = self.active_profiles.get(index);
        self.lineage(index)
            .into_iter()
            .enumerate()
            .find_map(|(depth, pom)| {
                pom.profiles.iter().enumerate().find_map(|(i, p)| {
                    let on = active.is_some_and(|a| a.contains(&(depth, i)));
                    (!on && matches!(p.id.as_str(), "prod" | "production"))
                        .then(|| (pom.file.clone(), p.id.clone()))
                })
            })
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
        let svc = active(&profiles(), &tree, "svc", &cli, &[]).unwrap();
        assert_eq!(ids(&svc), ["boot", "local"]);
        let root = active(&profiles(), &tree, "", &cli, &[]).unwrap();
        assert_eq!(ids(&root), ["local"]);
    }

    #[test]
    fn active_by_default_yields_to_any_activated_profile() {
        let tree = MemTree::new().with("pom.xml", POM);
        let only_default = vec![profiles()[1].clone()];
        let on = active(&only_default, &tree, "", &BTreeMap::new(), &[]).unwrap();
        assert_eq!(on, [0]);
        let cli = BTreeMap::from([("ci".to_string(), "true".to_string())]);
        let with_ci = active(&profiles(), &tree, "", &cli, &[]).unwrap();
        assert_eq!(ids(&with_ci), ["ci"]);
    }

    #[test]
    fn maven_config_profiles_activate_and_deactivate() {
        let tree = MemTree::new().with(
            ".mvn/maven.config",
            "-ntp -Pprod,-dflt --activate-profiles=x -P !ci\n",
        );
        let cli = cli_profiles(&tree).unwrap();
        assert_eq!(cli, ["prod", "!dflt", "x", "!ci"]);
        let explicit = vec!["old".to_string(), "!local".to_string()];
        let on = active(&profiles(), &tree, "", &BTreeMap::new(), &explicit).unwrap();
        assert_eq!(ids(&on), ["old"]);
        let none = active(&profiles(), &tree, "", &BTreeMap::new(), &["!local".into()]).unwrap();
        assert_eq!(ids(&none), ["dflt"]);
    }

    #[test]
    fn active_profiles_add_modules_to_the_reactor() {
        let root = "<project><artifactId>p</artifactId><packaging>pom</packaging><profiles>\
            <profile><id>all</id><activation><activeByDefault>true</activeByDefault></activation><modules><module>app</module></modules></profile>\
            <profile><id>extra</id><modules><module>tools</module></modules></profile>\
            </profiles></project>";
        let tree = MemTree::new()
            .with("pom.xml", root)
            .with(
                "app/pom.xml",
                "<project><artifactId>app</artifactId></project>",
            )
            .with(
                "tools/pom.xml",
                "<project><artifactId>tools</artifactId></project>",
            );
        let r = Reactor::load(&tree).unwrap().unwrap();
        let files: Vec<&str> = r.poms.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["pom.xml", "app/pom.xml"]);
    }

    #[test]
    fn an_inactive_prod_profile_is_reported() {
        let pom = "<project><artifactId>p</artifactId><profiles><profile><id>prod</id></profile></profiles></project>";
        let tree = MemTree::new().with("pom.xml", pom);
        let r = Reactor::load(&tree).unwrap().unwrap();
        assert_eq!(
            r.inactive_production_profile(0),
            Some(("pom.xml".to_string(), "prod".to_string()))
        );
        let tree = tree.with(".mvn/maven.config", "-Pprod\n");
        let r = Reactor::load(&tree).unwrap().unwrap();
        assert_eq!(r.inactive_production_profile(0), None);
    }

    #[test]
    fn unreadable_activation_paths_count_as_missing() {
        let tree = MemTree::new();
        for path in ["${env.HOME}/x", "/etc/passwd", "../../x", "${basedir}/"] {
            assert!(!path_exists(&tree, "svc", path).unwrap(), "{path}");
        }
    }
}
