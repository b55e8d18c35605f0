//! Workspaces (npm, Yarn and pnpm): the member packages a root declares, whether a directory
//! is one of them, and the workspace packages a member depends on.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::package_json::{self, PackageJson};
use crate::detect::{DetectError, ManifestError};
use crate::repo::{self, EntryKind, Tree};
use crate::values;

/// Most member packages msb reads in one workspace.
const MAX_MEMBERS: usize = 200;
/// How deep a `**` member pattern is followed.
const MAX_GLOB_DEPTH: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkspaceFacts {
    /// Where the patterns come from: `pnpm-workspace.yaml` or `package.json`.
    pub declared_in: String,
    /// Every member directory, sorted.
    pub members: Vec<String>,
    /// The member directories the package depends on (transitively), dependencies first; the
    /// package itself last.
    pub closure: Vec<String>,
    /// The same for production dependencies only: what the runtime image needs.
    pub runtime_closure: Vec<String>,
    /// The package's name, which workspace commands filter on.
    pub package_name: String,
    /// Members of the closure that have a build script, in build order, as `(dir, name)`.
    pub builds: Vec<(String, String)>,
}

/// The `packages:` list of a pnpm-workspace.yaml (block or flow style).
fn pnpm_patterns(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_packages = false;
    for line in text.lines() {
        let code = line.split(" #").next().unwrap_or(line).trim_end();
        if code.trim().is_empty() || code.trim_start().starts_with('#') {
            continue;
        }
        if !code.starts_with([' ', '\t', '-']) {
            in_packages = false;
            if let Some(rest) = code.strip_prefix("packages:") {
                let rest = rest.trim();
                if let Some(flow) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                    out.extend(flow.split(',').map(unquote).filter(|s| !s.is_empty()));
                } else {
                    in_packages = true;
                }
            }
            continue;
        }
        if in_packages {
            if let Some(item) = code.trim_start().strip_prefix('-') {
                out.push(unquote(item));
            }
        }
    }
    out
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches(['"', '\'']).to_string()
}

/// The member patterns a directory declares, and where; `None` when it is no workspace root.
///
/// # Errors
/// Files that cannot be read, or a package.json that does not parse.
pub fn patterns(tree: &dyn Tree) -> Result<Option<(String, Vec<String>)>, DetectError> {
    if let Some(text) = tree.read("pnpm-workspace.yaml")? {
        let list = pnpm_patterns(&text);
        if !list.is_empty() {
            return Ok(Some(("pnpm-workspace.yaml".into(), list)));
        }
    }
    let Some(text) = tree.read("package.json")? else {
        return Ok(None);
    };
    let package = package_json::parse("package.json", &text)?;
    Ok((!package.workspaces.is_empty()).then(|| ("package.json".into(), package.workspaces)))
}

fn glob_match(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((prefix, rest)) => name.strip_prefix(prefix).is_some_and(|tail| {
            (0..=tail.len()).any(|i| tail.is_char_boundary(i) && glob_match(rest, &tail[i..]))
        }),
    }
}

/// Whether `dir` matches a member pattern (`apps/*`, `packages/**`, `tools/cli`).
#[must_use]
pub fn matches(pattern: &str, dir: &str) -> bool {
    let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
    let pattern: Vec<&str> = pattern.split('/').collect();
    let dir: Vec<&str> = dir.split('/').collect();
    fn walk(p: &[&str], d: &[&str]) -> bool {
        match (p.first(), d.first()) {
            (None, None) => true,
            (Some(&"**"), _) => walk(&p[1..], d) || (!d.is_empty() && walk(p, &d[1..])),
            (Some(seg), Some(name)) => glob_match(seg, name) && walk(&p[1..], &d[1..]),
            _ => false,
        }
    }
    walk(&pattern, &dir)
}

/// Expands member patterns to the directories holding a package.json.
fn expand(tree: &dyn Tree, patterns: &[String]) -> Result<Vec<String>, DetectError> {
    let (negated, positive): (Vec<&String>, Vec<&String>) =
        patterns.iter().partition(|p| p.starts_with('!'));
    let mut found = BTreeSet::new();
    let mut queue: Vec<(String, usize)> = vec![(String::new(), 0)];
    while let Some((dir, depth)) = queue.pop() {
        for entry in tree.list(&dir)?.unwrap_or_default() {
            if entry.kind != EntryKind::Dir
                || entry.name.starts_with('.')
                || entry.name == "node_modules"
            {
                continue;
            }
            let path = repo::join(&dir, &entry.name);
            let wanted = positive.iter().any(|p| matches(p, &path));
            let excluded = negated.iter().any(|p| matches(&p[1..], &path));
            if wanted && !excluded && tree.is_file(&repo::join(&path, "package.json"))? {
                found.insert(path.clone());
                if found.len() > MAX_MEMBERS {
                    return Err(ManifestError::new(
                        "package.json",
                        None,
                        format!("the workspace has more than {MAX_MEMBERS} member packages"),
                    )
                    .into());
                }
            }
            let prefix_of_pattern = positive
                .iter()
                .any(|p| p.contains("**") || p.split('/').count() > path.split('/').count());
            if depth + 1 < MAX_GLOB_DEPTH && prefix_of_pattern {
                queue.push((path, depth + 1));
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// The member packages of the workspace rooted at the tree's root, by package name.
fn member_packages(
    tree: &dyn Tree,
    members: &[String],
) -> Result<BTreeMap<String, (String, PackageJson)>, DetectError> {
    let mut by_name = BTreeMap::new();
    for dir in members {
        let file = repo::join(dir, "package.json");
        let Some(text) = tree.read(&file)? else {
            continue;
        };
        let package = package_json::parse(&file, &text)?;
        if let Some(name) = package.name.clone() {
            by_name.insert(name, (dir.clone(), package));
        }
    }
    Ok(by_name)
}

fn closure(
    by_name: &BTreeMap<String, (String, PackageJson)>,
    start: &PackageJson,
    start_dir: &str,
    dev: bool,
) -> Vec<String> {
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    fn visit(
        by_name: &BTreeMap<String, (String, PackageJson)>,
        package: &PackageJson,
        dir: &str,
        dev: bool,
        seen: &mut BTreeSet<String>,
        order: &mut Vec<String>,
    ) {
        if !seen.insert(dir.to_string()) {
            return;
        }
        let deps: Vec<&String> = if dev {
            package.all_dependencies().map(|(k, _)| k).collect()
        } else {
            package.dependencies.keys().collect()
        };
        for dep in deps {
            if let Some((dep_dir, dep_package)) = by_name.get(dep) {
                visit(by_name, dep_package, dep_dir, dev, seen, order);
            }
        }
        order.push(dir.to_string());
    }
    visit(by_name, start, start_dir, dev, &mut seen, &mut order);
    order
}

/// The workspace facts for the member at `dir` of the workspace rooted at the tree's root.
///
/// # Errors
/// Unreadable or unparsable member manifests, an unusable member path, or a package that
/// is not a member.
pub fn facts(
    tree: &dyn Tree,
    dir: &str,
    package: &PackageJson,
) -> Result<WorkspaceFacts, DetectError> {
    let Some((declared_in, list)) = patterns(tree)? else {
        return Err(ManifestError::new(
            "package.json",
            None,
            "the build context is not a workspace root",
        )
        .into());
    };
    let members = expand(tree, &list)?;
    if !members.iter().any(|m| m == dir) {
        return Err(ManifestError::new(
            &declared_in,
            None,
            format!("{dir} is not one of the workspace's member packages"),
        )
        .into());
    }
    for member in &members {
        values::check_rel_path(member).map_err(|reason| {
            values::UnsafeValue::new(&declared_in, "workspace member", member, reason)
        })?;
    }
    let by_name = member_packages(tree, &members)?;
    let package_name = package.name.clone().unwrap_or_default();
    let closure_dirs = closure(&by_name, package, dir, true);
    let builds = closure_dirs
        .iter()
        .filter_map(|d| {
            let (name, member) = if d == dir {
                (package_name.clone(), package)
            } else {
                by_name
                    .iter()
                    .find(|(_, (md, _))| md == d)
                    .map(|(n, (_, p))| (n.clone(), p))?
            };
            member
                .scripts
                .contains_key("build")
                .then(|| (d.clone(), name))
        })
        .collect();
    Ok(WorkspaceFacts {
        declared_in,
        builds,
        closure: closure_dirs,
        runtime_closure: closure(&by_name, package, dir, false),
        members,
        package_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    #[test]
    fn patterns_match_member_directories() {
        assert!(matches("apps/*", "apps/web"));
        assert!(!matches("apps/*", "apps/web/src"));
        assert!(matches("packages/**", "packages/a/b"));
        assert!(matches("./tools/cli/", "tools/cli"));
        assert!(!matches("apps/*", "packages/ui"));
    }

    #[test]
    fn pnpm_workspace_yaml_lists_packages() {
        let text = "packages:\n  - 'apps/*'\n  - \"packages/*\" # libs\n  - '!**/test/**'\nonlyBuiltDependencies:\n  - esbuild\n";
        assert_eq!(pnpm_patterns(text), ["apps/*", "packages/*", "!**/test/**"]);
        assert_eq!(
            pnpm_patterns("packages: [apps/*, 'libs/*']\n"),
            ["apps/*", "libs/*"]
        );
    }

    #[test]
    fn closure_follows_workspace_dependencies_in_build_order() {
        let tree = MemTree::new()
            .with("package.json", r#"{"private": true}"#)
            .with("pnpm-workspace.yaml", "packages:\n  - apps/*\n  - packages/*\n")
            .with("apps/web/package.json", r#"{"name": "web", "dependencies": {"@x/ui": "workspace:*"}, "devDependencies": {"@x/config": "workspace:*"}}"#)
            .with("apps/admin/package.json", r#"{"name": "admin"}"#)
            .with("packages/ui/package.json", r#"{"name": "@x/ui", "dependencies": {"@x/util": "workspace:^"}}"#)
            .with("packages/util/package.json", r#"{"name": "@x/util"}"#)
            .with("packages/config/package.json", r#"{"name": "@x/config"}"#);
        let web = package_json::parse(
            "apps/web/package.json",
            &tree.read("apps/web/package.json").unwrap().unwrap(),
        )
        .unwrap();
        let f = facts(&tree, "apps/web", &web).unwrap();
        assert_eq!(f.members.len(), 5);
        assert_eq!(
            f.closure,
            [
                "packages/util",
                "packages/ui",
                "packages/config",
                "apps/web"
            ]
        );
        assert_eq!(
            f.runtime_closure,
            ["packages/util", "packages/ui", "apps/web"]
        );
        assert!(facts(&tree, "apps/nope", &web).is_err());
    }
}
