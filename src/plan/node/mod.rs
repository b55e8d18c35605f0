//! Node.js: a `base` stage with the package manager (pinned, no corepack), production
//! dependencies in `deps`, every dependency in `build-deps` for the build, and a runtime that
//! gets only production node_modules and the build output, behind tini. Static sites are
//! built on the build platform and served by unprivileged nginx.

mod manager;
mod runtime;
mod stage;
mod workspace;

pub(crate) use workspace::uses_deploy;

use serde::Serialize;

pub use stage::{NodeStage, NodeStep};

use super::secrets::{self, BuildSecret};
use super::{AppPlan, BuildContext, ExtraFile, Plan, PlanError, ignore, images, version_arg};
use crate::detect::node::{NodeFacts, NodeKind, PackageManager, Routing, RuntimeFiles};
use crate::language::{Language, Runtime};
use crate::quote::Fragment;
use crate::settings::Settings;
use manager::Commands;

/// Where the build context lands in every build stage.
pub const APP_DIR: &str = "/app";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodePlan {
    pub stages: Vec<NodeStage>,
    /// The static site's nginx settings, when the image serves one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nginx: Option<NginxPlan>,
}

/// The generated nginx.conf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NginxPlan {
    pub port: u16,
    /// Content-hashed assets directory (`assets`), cached for a year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assets: Option<&'static str>,
    /// `single-page`: unknown paths get index.html; `pages`: they are 404s.
    pub routing: Routing,
}

/// Decisions shared by the stage builders.
pub(crate) struct Shape<'a> {
    pub facts: &'a NodeFacts,
    pub cmds: Commands,
    /// Bind mounts of every file the install reads, then the cache and secret mounts.
    pub mounts: Vec<String>,
    /// Mounts for installs that run after `COPY . .` (no binds needed).
    pub copied_mounts: Vec<String>,
    /// Comment lines put above the first RUN that needs the registry credential.
    pub secret_comment: Vec<String>,
    /// Install scripts need the sources: install after `COPY . .` and prune for production.
    pub prune_mode: bool,
}

/// The registry credential, when `.npmrc` holds one.
fn npmrc_secret(facts: &NodeFacts) -> Option<BuildSecret> {
    facts.manager.npmrc_secret.as_ref().map(BuildSecret::found)
}

fn secret_mounts(facts: &NodeFacts) -> Vec<String> {
    npmrc_secret(facts)
        .map(|s| s.mount.as_str().to_string())
        .into_iter()
        .collect()
}

/// `docker build` with the secret, from the build context (`-f` for a workspace member).
fn secret_command(facts: &NodeFacts, secret: &BuildSecret) -> String {
    let dockerfile = facts
        .workspace
        .as_ref()
        .map(|_| format!("{}/Dockerfile", facts.package_dir));
    secrets::build_command(std::slice::from_ref(secret), dockerfile.as_deref())
}

fn bind(path: &str) -> String {
    format!("--mount=type=bind,source={path},target={path}")
}

/// Files and directories the install reads, relative to the build context.
fn install_inputs(facts: &NodeFacts) -> Vec<String> {
    let mut inputs = vec!["package.json".to_string()];
    if let Some(ws) = &facts.workspace {
        inputs.extend(ws.members.iter().map(|m| format!("{m}/package.json")));
    }
    inputs.extend(facts.manager.lockfile.iter().cloned());
    inputs.extend(facts.manager.config_files.iter().cloned());
    inputs.extend(facts.manager.config_dirs.iter().cloned());
    inputs
}

impl Shape<'_> {
    fn new(facts: &NodeFacts) -> Shape<'_> {
        let cmds = manager::commands(&facts.manager);
        let secret = secret_mounts(facts);
        let mut mounts: Vec<String> = install_inputs(facts).iter().map(|p| bind(p)).collect();
        mounts.push(cmds.cache.to_string());
        mounts.extend(secret.iter().cloned());
        let mut copied_mounts = vec![cmds.cache.to_string()];
        copied_mounts.extend(secret);
        let secret_comment = npmrc_secret(facts)
            .map(|s| secrets::comment(&secret_command(facts, &s)))
            .unwrap_or_default();
        let prune_mode = (!facts.install_scripts.is_empty() || facts.root_workspace)
            && facts.workspace.is_none();
        Shape {
            facts,
            cmds,
            mounts,
            copied_mounts,
            secret_comment,
            prune_mode,
        }
    }

    /// A RUN with the comment about the secret when it mounts the secret.
    fn run(&self, mounts: &[String], commands: &[String]) -> NodeStep {
        let step = NodeStep::run(mounts, commands);
        if secret_mounts(self.facts).iter().any(|s| mounts.contains(s)) {
            step.with_comments(&self.secret_comment)
        } else {
            step
        }
    }
}

fn build_tools(alpine: bool, addons: &[String]) -> NodeStep {
    let why = format!(
        "Compilers for native addons ({}) when no prebuilt binary fits; versions follow the base image's release.",
        addons.join(", ")
    );
    if alpine {
        NodeStep::run(&[], &["apk add --no-cache g++ make python3".to_string()])
            .with_comments(&[why, "hadolint ignore=DL3018".to_string()])
    } else {
        NodeStep::run(
            &[],
            &[
                "apt-get update".to_string(),
                "apt-get install -y --no-install-recommends g++ make python3".to_string(),
                "rm -rf /var/lib/apt/lists/*".to_string(),
            ],
        )
        .with_comments(&[why, "hadolint ignore=DL3008".to_string()])
    }
}

/// The `base` stage: the Node.js image, the working directory, compilers for native addons
/// and the package manager.
fn base_stage(shape: &Shape<'_>, image: String, cross: bool, alpine: bool) -> NodeStage {
    let mut workdir = NodeStep::workdir(APP_DIR);
    if shape.facts.workspace.is_some() {
        workdir = workdir.with_comments(&[format!(
            "The build context is the workspace root. From there: docker build -f {}/Dockerfile .",
            shape.facts.package_dir
        )]);
    }
    let mut steps = vec![workdir];
    if !shape.facts.native_addons.is_empty() && !cross {
        steps.push(build_tools(alpine, &shape.facts.native_addons));
    }
    for (name, value) in &shape.cmds.env {
        steps.push(NodeStep::env(name, value));
    }
    if let Some(tool) = &shape.cmds.tool {
        let mut mounts = vec!["--mount=type=cache,target=/root/.npm".to_string()];
        mounts.extend(secret_mounts(shape.facts));
        steps.push(shape.run(&mounts, std::slice::from_ref(tool)));
    }
    NodeStage {
        name: "base",
        from: image,
        cross,
        steps,
    }
}

fn stage(name: &'static str, from: &str, steps: Vec<NodeStep>) -> NodeStage {
    NodeStage {
        name,
        from: from.to_string(),
        cross: false,
        steps,
    }
}

/// `npm run build` (or the manager's equivalent), when there is a build script.
fn build_command(shape: &Shape<'_>) -> Option<String> {
    shape
        .facts
        .build_script
        .then(|| format!("{} build", shape.cmds.run))
}

/// The stages before the runtime for a single package (not a workspace member).
fn package_stages(
    shape: &Shape<'_>,
    base: NodeStage,
    is_static: bool,
    notes: &mut Vec<String>,
    warnings: &mut Vec<String>,
) -> (Vec<NodeStage>, &'static str) {
    let facts = shape.facts;
    let mut stages = vec![base];
    let whole_package = matches!(
        &facts.kind,
        NodeKind::Server(s) if s.files == RuntimeFiles::Package
    );
    let next_server = matches!(
        &facts.kind,
        NodeKind::Server(s) if matches!(s.files, RuntimeFiles::NextServer { .. })
    );
    if shape.prune_mode {
        let why = if facts.install_scripts.is_empty() {
            "the workspace root's install needs every member's package.json".to_string()
        } else {
            format!(
                "the package's install scripts ({}) may read its sources",
                facts.install_scripts.join(", ")
            )
        };
        let mut commands = vec![shape.cmds.full.clone()];
        commands.extend(build_command(shape));
        let mut steps = vec![
            NodeStep::copy(&[".".into()], "."),
            shape.run(&shape.copied_mounts, &commands[..1]),
        ];
        // The build and the prune share one RUN (hadolint DL3059).
        let mut tail = commands[1..].to_vec();
        if !is_static {
            match shape.cmds.prune {
                Some(prune) => tail.push(prune.to_string()),
                None => warnings.push(format!(
                    "{} cannot drop dev dependencies from an installed node_modules, and {why}: the image keeps dev dependencies",
                    facts.manager.kind.as_str(),
                )),
            }
        }
        if !tail.is_empty() {
            steps.push(NodeStep::run(&[], &tail));
        }
        notes.push(format!(
            "dependencies: {why}, so the install runs after COPY . . and dependency layers rebuild on every source change{}",
            if shape.cmds.prune.is_some() && !is_static { "; production node_modules by pruning dev dependencies after the build" } else { "" }
        ));
        stages.push(stage("build", "base", steps));
        return (stages, "build");
    }
    if !is_static && facts.production_dependencies {
        stages.push(stage(
            "deps",
            "base",
            vec![shape.run(&shape.mounts, std::slice::from_ref(&shape.cmds.prod))],
        ));
    }
    match build_command(shape) {
        Some(build) => {
            stages.push(stage(
                "build-deps",
                "base",
                vec![shape.run(&shape.mounts, std::slice::from_ref(&shape.cmds.full))],
            ));
            let mut commands = vec![build];
            if whole_package {
                commands.push("rm -rf node_modules".into());
            }
            if next_server {
                commands.push("rm -rf .next/cache".into());
            }
            stages.push(stage(
                "build",
                "build-deps",
                vec![
                    NodeStep::copy(&[".".into()], "."),
                    NodeStep::run(&[], &commands),
                ],
            ));
            (stages, "build")
        }
        None if is_static => {
            stages.push(stage(
                "build-deps",
                "base",
                vec![shape.run(&shape.mounts, std::slice::from_ref(&shape.cmds.full))],
            ));
            stages.push(stage(
                "build",
                "build-deps",
                vec![NodeStep::copy(&[".".into()], ".")],
            ));
            (stages, "build")
        }
        None => {
            stages.push(stage(
                "source",
                "base",
                vec![NodeStep::copy(&[".".into()], ".")],
            ));
            (stages, "source")
        }
    }
}

/// Plans a Node.js image.
///
/// # Errors
/// A start command that cannot be written in exec form.
pub fn plan(settings: &Settings, facts: &NodeFacts) -> Result<Plan, PlanError> {
    let shape = Shape::new(facts);
    let is_static = matches!(facts.kind, NodeKind::Static(_));
    let alpine = settings.runtime == Runtime::Alpine && !is_static;
    let image = images::node_image(alpine, !settings.version.contains('.'));
    let base = base_stage(&shape, image.clone(), is_static, alpine);
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    let (stages, from_build) = match &facts.workspace {
        Some(ws) => workspace::stages(&shape, ws, base, is_static, &mut notes),
        None => package_stages(&shape, base, is_static, &mut notes, &mut warnings),
    };
    let runtime = runtime::stage(settings, facts, &shape, &image, from_build, &mut notes)?;
    let name = &settings.app.name;
    let mut files = Vec::new();
    let nginx = match &facts.kind {
        NodeKind::Static(site) => {
            files.push(ExtraFile {
                path: "nginx.conf",
                template: "nginx.conf",
            });
            Some(NginxPlan {
                port: settings.port,
                assets: site.assets,
                routing: site.routing,
            })
        }
        NodeKind::Server(_) => None,
    };
    notes.insert(0, describe(facts, &shape, alpine));
    if is_static {
        notes.push("build-time variables: .env* files stay out of the build context; bake public settings (VITE_*, REACT_APP_*, NEXT_PUBLIC_*) in with ARG/ENV in the build stage, never secrets".into());
    }
    let secrets: Vec<BuildSecret> = npmrc_secret(facts).into_iter().collect();
    for secret in &secrets {
        notes.push(format!(
            "registry credential: {} is a build secret ({}) and is excluded from the build context",
            secret.source,
            secret_command(facts, secret)
        ));
    }
    let build_context = facts.workspace.as_ref().map(|_| BuildContext {
        project_dir: facts.package_dir.clone(),
        command: format!("docker build -f {}/Dockerfile .", facts.package_dir),
    });
    if let Some(ctx) = &build_context {
        notes.push(format!(
            "build context: the workspace root; build with `{}` from there (the ignore file is {}/Dockerfile.dockerignore)",
            ctx.command, ctx.project_dir
        ));
    }
    Ok(Plan {
        language: Language::Node,
        template: "node.Dockerfile",
        syntax: settings.syntax,
        args: vec![version_arg(Language::Node, &settings.version)],
        app: AppPlan {
            name: Fragment::validated(name),
            path: Fragment::validated(&facts.in_package("")),
        },
        go: None,
        rust: None,
        java: None,
        python: None,
        node: Some(NodePlan { stages, nginx }),
        tini: (!is_static).then(super::TiniStage::debian),
        runtime,
        secrets,
        secret_build_command: None,
        secret_comment: Vec::new(),
        dockerignore: ignore::for_node(facts),
        files,
        build_context,
        notes,
        warnings,
        decisions: Vec::new(),
    })
}

fn describe(facts: &NodeFacts, shape: &Shape<'_>, alpine: bool) -> String {
    let manager = facts.manager.kind.as_str();
    let lock = match &facts.manager.lockfile {
        Some(lock) => format!("frozen to {lock} ({})", shape.cmds.frozen),
        None => "without a lockfile: versions are resolved anew on every build".into(),
    };
    let mut text = format!("packages: {manager}, {lock}");
    if facts.manager.kind != PackageManager::Npm || facts.manager.version.is_some() {
        text.push_str(
            "; the package manager is installed pinned with npm (Node.js 25+ ships no corepack)",
        );
    }
    if facts.manager.pnp {
        text.push_str("; Yarn Plug'n'Play is replaced by the node-modules linker (YARN_NODE_LINKER) so the runtime gets a plain node_modules");
    }
    if !facts.native_addons.is_empty() {
        text.push_str(if alpine {
            "; native addons are built on Alpine (musl), like the runtime"
        } else {
            "; native addons are built on the runtime's Debian release and Node.js major, never cross-compiled"
        });
    }
    text
}

#[cfg(test)]
mod tests;
