//! A workspace member built from the workspace root: every member's package.json and the
//! root lockfile feed the install, the member and the workspace packages it depends on are
//! built in dependency order, and the runtime gets only those packages. pnpm assembles the
//! runtime directory itself with `pnpm deploy`.

use super::runtime::same_place;
use super::{NodeStage, NodeStep, Shape, stage};
use crate::detect::node::{NodeFacts, NodeKind, PackageManager, RuntimeFiles, WorkspaceFacts};
use crate::plan::runtime::CopyFrom;
use crate::quote::{self, Fragment};

/// Where `pnpm deploy` assembles the runtime directory in the build stage.
const DEPLOY_DIR: &str = "/deploy";

/// A workspace package name as one shell word.
fn word(name: &str) -> String {
    quote::shell_word(name).map_or_else(|_| "''".to_string(), |f| f.as_str().to_string())
}

/// Whether the runtime directory of this workspace member is assembled by `pnpm deploy`.
pub(crate) fn uses_deploy(facts: &NodeFacts) -> bool {
    facts.manager.kind == PackageManager::Pnpm
        && matches!(&facts.kind, NodeKind::Server(s) if !matches!(s.files, RuntimeFiles::NextStandalone { .. }))
}

fn pnpm_major(facts: &NodeFacts) -> u32 {
    crate::plan::major(
        facts
            .manager
            .version
            .as_deref()
            .unwrap_or(crate::plan::images::PNPM_VERSION),
    )
}

/// Installs the production dependencies of the member and its workspace packages.
fn prod_install(shape: &Shape<'_>, ws: &WorkspaceFacts) -> String {
    let facts = shape.facts;
    let frozen = facts.manager.lockfile.is_some();
    match facts.manager.kind {
        PackageManager::Npm => format!(
            "npm {} --omit=dev --workspace {}",
            if frozen { "ci" } else { "install" },
            facts.package_dir
        ),
        PackageManager::YarnBerry => format!(
            "yarn workspaces focus {} --production",
            word(&ws.package_name)
        ),
        PackageManager::Pnpm => format!(
            "pnpm install --prod{} --filter {}... --store-dir /pnpm/store",
            if frozen { " --frozen-lockfile" } else { "" },
            word(&ws.package_name)
        ),
        PackageManager::YarnClassic | PackageManager::Bun => shape.cmds.prod.clone(),
    }
}

/// Installs every dependency the build of the member and its workspace packages needs.
fn full_install(shape: &Shape<'_>, ws: &WorkspaceFacts) -> String {
    match shape.facts.manager.kind {
        PackageManager::Pnpm => format!(
            "pnpm install{} --filter {}... --store-dir /pnpm/store",
            if shape.facts.manager.lockfile.is_some() {
                " --frozen-lockfile"
            } else {
                ""
            },
            word(&ws.package_name)
        ),
        _ => shape.cmds.full.clone(),
    }
}

/// Builds one member.
fn build_one(kind: PackageManager, dir: &str, name: &str) -> String {
    match kind {
        PackageManager::Npm => format!("npm run build --workspace {dir}"),
        PackageManager::Pnpm => format!("pnpm --filter {} run build", word(name)),
        PackageManager::YarnClassic => format!("yarn --cwd {dir} run build"),
        PackageManager::YarnBerry => format!("yarn workspace {} run build", word(name)),
        PackageManager::Bun => format!("bun --cwd {dir} run build"),
    }
}

/// Every `node_modules` directory of the runtime closure, root first.
fn module_dirs(ws: &WorkspaceFacts) -> Vec<String> {
    let mut dirs = vec!["node_modules".to_string()];
    dirs.extend(
        ws.runtime_closure
            .iter()
            .map(|d| format!("{d}/node_modules")),
    );
    dirs
}

/// The stages before the runtime.
pub(super) fn stages(
    shape: &Shape<'_>,
    ws: &WorkspaceFacts,
    base: NodeStage,
    is_static: bool,
    notes: &mut Vec<String>,
) -> (Vec<NodeStage>, &'static str) {
    let facts = shape.facts;
    let deploy = uses_deploy(facts);
    let mut stages = vec![base];
    if !is_static && !deploy {
        // Hoisting decides which packages get their own node_modules; creating them all keeps
        // the runtime's copies valid either way.
        let commands = vec![
            prod_install(shape, ws),
            format!("mkdir -p {}", module_dirs(ws).join(" ")),
        ];
        stages.push(stage(
            "deps",
            "base",
            vec![shape.run(&shape.mounts, &commands)],
        ));
    }
    stages.push(stage(
        "build-deps",
        "base",
        vec![shape.run(&shape.mounts, &[full_install(shape, ws)])],
    ));
    let mut steps = vec![NodeStep::copy(&[".".into()], ".")];
    let builds: Vec<String> = if facts.manager.kind == PackageManager::Pnpm && !ws.builds.is_empty()
    {
        vec![format!(
            "pnpm --filter {}... run build",
            word(&ws.package_name)
        )]
    } else {
        ws.builds
            .iter()
            .map(|(dir, name)| build_one(facts.manager.kind, dir, name))
            .collect()
    };
    if !builds.is_empty() {
        steps.push(NodeStep::run(&[], &builds));
    }
    if deploy {
        let legacy = if (10..12).contains(&pnpm_major(facts)) {
            " --legacy"
        } else {
            ""
        };
        let mut mounts = shape.copied_mounts.clone();
        mounts.truncate(1);
        steps.push(NodeStep::run(
            &mounts,
            &[format!(
                "pnpm --filter {} deploy --prod{legacy} --store-dir /pnpm/store {DEPLOY_DIR}",
                word(&ws.package_name)
            )],
        ));
    } else if !is_static
        && !matches!(&facts.kind, NodeKind::Server(s) if matches!(s.files, RuntimeFiles::NextStandalone { .. }))
    {
        steps.push(NodeStep::run(
            &[],
            &[format!("rm -rf {}", module_dirs(ws).join(" "))],
        ));
    }
    stages.push(stage("build", "build-deps", steps));
    let others = ws.closure.len().saturating_sub(1);
    notes.push(if deploy {
        format!(
            "workspace: {} and its {others} workspace package(s) build in dependency order; pnpm deploy assembles the member with only its production dependencies",
            facts.package_dir
        )
    } else {
        format!(
            "workspace: {} and its {others} workspace package(s) build in dependency order; the runtime gets only them and the production node_modules",
            facts.package_dir
        )
    });
    (stages, "build")
}

pub(super) struct Layout {
    pub copies: Vec<CopyFrom>,
    pub workdir: String,
}

/// What the runtime copies, and where the program starts.
pub(super) fn runtime_copies(
    facts: &NodeFacts,
    ws: &WorkspaceFacts,
    from_build: &'static str,
) -> Layout {
    let member = format!("{}/{}", super::APP_DIR, facts.package_dir);
    if uses_deploy(facts) {
        return Layout {
            copies: vec![CopyFrom::new(
                from_build,
                Fragment::fixed(DEPLOY_DIR),
                Fragment::fixed(super::APP_DIR),
            )],
            workdir: super::APP_DIR.to_string(),
        };
    }
    if let NodeKind::Server(server) = &facts.kind {
        if let RuntimeFiles::NextStandalone { public } = server.files {
            let dir = &facts.package_dir;
            let mut copies = vec![
                CopyFrom::new(
                    from_build,
                    Fragment::validated(&format!("{member}/.next/standalone")),
                    Fragment::fixed(super::APP_DIR),
                ),
                same_place(from_build, &format!("{dir}/.next/static")),
            ];
            if public {
                copies.push(same_place(from_build, &format!("{dir}/public")));
            }
            return Layout {
                copies,
                workdir: member,
            };
        }
    }
    let mut copies = vec![same_place("deps", "node_modules")];
    for dir in &ws.runtime_closure {
        copies.push(same_place(from_build, dir));
        copies.push(same_place("deps", &format!("{dir}/node_modules")));
    }
    Layout {
        copies,
        workdir: member,
    }
}
