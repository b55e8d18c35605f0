//! Node.js packages: package manager, Node version, framework, static site or server, start
//! command, port, native addons and workspaces.

mod entry;
mod facts;
mod framework;
mod install;
mod kind;
mod manager;
mod package_json;
mod port;
mod port_sources;
mod start;
mod version;
pub mod workspace;

pub use facts::{
    NodeFacts, NodeKind, Routing, RuntimeFiles, ServerFacts, StaticFacts, default_port,
};
pub use framework::{Framework, NextOutput};
pub use manager::{ManagerFacts, PackageManager};
pub use workspace::WorkspaceFacts;

use super::{App, DetectError, Evidence, Facts, Project};
use crate::language::Language;
use crate::repo::{self, Tree};
use crate::values;
use package_json::PackageJson;

fn read_package(tree: &dyn Tree, dir: &str) -> Result<Option<PackageJson>, DetectError> {
    let file = repo::join(dir, "package.json");
    match tree.read(&file)? {
        Some(text) => Ok(Some(package_json::parse(&file, &text)?)),
        None => Ok(None),
    }
}

/// Detects a Node.js package at the root of the tree.
///
/// # Errors
/// A package.json or framework configuration that cannot be read or parsed.
pub fn detect(tree: &dyn Tree) -> Result<Option<Project>, DetectError> {
    detect_at(tree, "")
}

/// Detects the Node.js package at `dir`; a non-empty `dir` is a member of the workspace
/// rooted at the tree's root, which is the build context.
///
/// # Errors
/// A package.json or framework configuration that cannot be read or parsed, or a value that
/// cannot be written into a Dockerfile safely.
pub fn detect_at(tree: &dyn Tree, dir: &str) -> Result<Option<Project>, DetectError> {
    let Some(package) = read_package(tree, dir)? else {
        return Ok(None);
    };
    let mut evidence = Vec::new();
    let mut warnings = Vec::new();
    let root_package = if dir.is_empty() {
        package.clone()
    } else {
        read_package(tree, "")?.unwrap_or_default()
    };
    let workspace = if dir.is_empty() {
        None
    } else {
        let ws = workspace::facts(tree, dir, &package)?;
        evidence.push(Evidence::new(
            &ws.declared_in,
            None,
            format!(
                "workspace root (the build context): {dir} is one of {} member packages; it needs {}",
                ws.members.len(),
                if ws.closure.len() > 1 {
                    ws.closure[..ws.closure.len() - 1].join(", ")
                } else {
                    "no other member".to_string()
                }
            ),
        ));
        Some(ws)
    };
    let mut root_workspace = false;
    if dir.is_empty() {
        if let Some((declared_in, patterns)) = workspace::patterns(tree)? {
            root_workspace = true;
            // The patterns are the repository's text: escaped, and only the first few.
            let mut shown: Vec<String> = patterns
                .iter()
                .take(5)
                .map(|p| values::printable(p))
                .collect();
            if patterns.len() > 5 {
                shown.push(format!("and {} more", patterns.len() - 5));
            }
            warnings.push(format!(
                "{declared_in}: this is a workspace root (members {}); run msb on a member package, e.g. `msb init apps/web`, to build it with this directory as the build context; built as it is, the root installs after COPY . . so every member's package.json is there",
                shown.join(", ")
            ));
        }
    }
    let manager = manager::detect(tree, "", &root_package, &mut evidence, &mut warnings)?;
    if let Some(ws) = &workspace {
        if matches!(
            manager.kind,
            PackageManager::Pnpm | PackageManager::YarnBerry
        ) {
            workspace::check_selected_names(ws, dir)?;
        }
    }
    let mut version = version::detect(tree, dir, &package, &mut warnings)?;
    if version.is_none() && !dir.is_empty() {
        version = version::detect(tree, "", &root_package, &mut warnings)?;
    }
    if let Some(v) = &version {
        evidence.push(v.evidence.clone());
    }
    let found = framework::detect(tree, dir, &package)?;
    if let Some(f) = &found {
        evidence.push(f.evidence.clone());
        warnings.extend(f.warnings.iter().cloned());
    }
    let build_script = package.scripts.contains_key("build");
    if build_script {
        evidence.push(Evidence::new(
            &package.file,
            package.line_of("build"),
            "scripts.build: built with dev dependencies, which stay out of the runtime image",
        ));
    }
    let install_scripts = install::scripts(dir, &package, &root_package, &mut evidence);
    let native_addons = install::native_addons(&package, &mut evidence);
    let kind = kind::detect(
        tree,
        dir,
        &package,
        found.as_ref(),
        build_script,
        &mut evidence,
        &mut warnings,
    )?;
    let port = match &kind {
        Some(NodeKind::Server(server)) => {
            port_sources::scan(tree, dir, server, found.as_ref(), &mut warnings)?
        }
        _ => crate::detect::PortScan::default(),
    };
    let name = app_name(&package, dir, &mut warnings);
    let apps = kind
        .as_ref()
        .map(|_| App {
            id: if dir.is_empty() {
                ".".into()
            } else {
                dir.to_string()
            },
            name,
            port,
        })
        .into_iter()
        .collect();
    if kind.is_none() {
        warnings.push(format!(
            "{}: nothing to run: no start script of the form `node FILE`, no main, no bin and none of {}",
            package.file,
            entry::CONVENTIONAL_ENTRIES.join(", ")
        ));
    }
    // A workspace root's node_modules link to its members: the runtime takes the whole tree.
    let kind = match kind {
        Some(NodeKind::Server(mut server))
            if root_workspace && matches!(server.files, RuntimeFiles::Outputs { .. }) =>
        {
            server.files = RuntimeFiles::Package;
            Some(NodeKind::Server(server))
        }
        kind => kind,
    };
    let kind = kind.unwrap_or(NodeKind::Server(ServerFacts {
        start: Vec::new(),
        start_evidence: Evidence::new(&package.file, None, "nothing to run"),
        files: RuntimeFiles::Package,
        env: Vec::new(),
    }));
    Ok(Some(Project {
        language: Language::Node,
        manifests: super::manifests_in(tree, dir, Language::Node)?,
        facts: Facts::Node(Box::new(NodeFacts {
            package_dir: dir.to_string(),
            manager,
            framework: found.as_ref().map(|f| f.framework),
            next: found.as_ref().and_then(|f| f.next),
            build_script,
            install_scripts,
            production_dependencies: !package.dependencies.is_empty(),
            native_addons,
            kind,
            workspace,
            root_workspace,
        })),
        apps,
        preferred_app: 0,
        preference_rule: "a package builds one application".into(),
        version,
        evidence,
        warnings,
    }))
}

/// The image and application name: the package name without its scope, else the directory.
fn app_name(package: &PackageJson, dir: &str, warnings: &mut Vec<String>) -> String {
    if let Some(name) = &package.name {
        let bare = match name
            .strip_prefix('@')
            .and_then(|scoped| scoped.split_once('/'))
        {
            Some((_, bare)) => bare,
            None => name.as_str(),
        };
        match values::check_name(bare) {
            Ok(()) => return bare.to_string(),
            Err(reason) => warnings.push(format!(
                "{}: name {} is not used ({reason}); the application is called \"app\"",
                package.file,
                values::shown(name)
            )),
        }
    }
    let last = dir.rsplit('/').next().unwrap_or("");
    if values::check_name(last).is_ok() {
        last.to_string()
    } else {
        "app".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    pub(super) fn facts(tree: &MemTree) -> NodeFacts {
        match detect(tree).unwrap().unwrap().facts {
            Facts::Node(n) => *n,
            _ => unreachable!(),
        }
    }

    pub(super) fn server(tree: &MemTree) -> ServerFacts {
        match facts(tree).kind {
            NodeKind::Server(s) => s,
            NodeKind::Static(_) => panic!("not a server"),
        }
    }

    #[test]
    fn absent_package_json_is_no_project_and_broken_is_an_error() {
        assert!(
            detect(&MemTree::new().with("index.js", ""))
                .unwrap()
                .is_none()
        );
        let e = detect(&MemTree::new().with("package.json", "{\n\"a\": }")).unwrap_err();
        assert!(matches!(e, DetectError::Manifest(m) if m.line == Some(2)));
    }

    #[test]
    fn native_addons_install_scripts_and_the_app_name() {
        let tree = MemTree::new().with(
            "package.json",
            r#"{"name": "@acme/api", "main": "i.js", "scripts": {"postinstall": "prisma generate"},
                "dependencies": {"sharp": "1", "bcrypt": "6"}}"#,
        )
        .with("i.js", "");
        let f = facts(&tree);
        assert_eq!(f.native_addons, ["bcrypt", "sharp"]);
        assert_eq!(f.install_scripts, ["postinstall"]);
        let p = detect(&tree).unwrap().unwrap();
        assert_eq!(p.apps[0].name, "api");
    }
}
