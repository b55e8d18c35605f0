//! What a Node.js package is, as detected: the facts the planner reads, whether it is a
//! server or a static site, what its runtime image takes, and its default port.

use serde::Serialize;

use super::{Framework, ManagerFacts, NextOutput, WorkspaceFacts};
use crate::detect::Evidence;
use crate::repo;

/// What the runtime image takes from the build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RuntimeFiles {
    /// The package directory as built, sources included, with production node_modules.
    Package,
    /// Build outputs (relative to the package), package.json and production node_modules.
    Outputs { paths: Vec<String> },
    /// A build output that carries its own dependencies (Nuxt's `.output`).
    SelfContained { path: String },
    /// Next.js standalone: `.next/standalone`, `.next/static` and `public`.
    NextStandalone { public: bool },
    /// Next.js `next start`: `.next`, `public`, the config, production node_modules.
    NextServer {
        public: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        config: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerFacts {
    /// `node` and its arguments; the planner puts the runtime's node path first.
    pub start: Vec<String>,
    pub start_evidence: Evidence,
    pub files: RuntimeFiles,
    /// Fixed environment a framework needs in a container (`HOSTNAME=0.0.0.0`).
    pub env: Vec<(&'static str, &'static str)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaticFacts {
    /// The build output directory, relative to the package, already validated.
    pub output: String,
    /// A directory of content-hashed assets inside the output, cached for a year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assets: Option<&'static str>,
    pub routing: Routing,
}

/// How a static site's paths map to files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Routing {
    /// One entry page routes in the browser: unknown paths get `index.html`.
    #[default]
    SinglePage,
    /// A page per route (`about/index.html`, `about.html`): unknown paths are 404s.
    Pages,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum NodeKind {
    Server(ServerFacts),
    Static(StaticFacts),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeFacts {
    /// The package's directory in the build context; empty unless it is a workspace member.
    pub package_dir: String,
    pub manager: ManagerFacts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework: Option<Framework>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<NextOutput>,
    /// `scripts.build` exists: the build stage runs it with dev dependencies installed.
    pub build_script: bool,
    /// Install lifecycle scripts of the package (`postinstall`, `prepare`, …).
    pub install_scripts: Vec<String>,
    /// The package has production dependencies, so the runtime needs a node_modules.
    pub production_dependencies: bool,
    pub native_addons: Vec<String>,
    pub kind: NodeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<WorkspaceFacts>,
    /// The package is itself a workspace root: its install needs every member's package.json.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub root_workspace: bool,
}

impl NodeFacts {
    /// The package-relative path joined to the package directory.
    #[must_use]
    pub fn in_package(&self, path: &str) -> String {
        repo::join(&self.package_dir, path)
    }
}

/// The port a project listens on when its code does not say, and why.
#[must_use]
pub fn default_port(facts: &NodeFacts) -> (u16, String) {
    match (&facts.kind, facts.framework) {
        (NodeKind::Static(_), _) => (
            crate::plan::images::NGINX_PORT,
            "a static site, served by nginx-unprivileged on its port".into(),
        ),
        (NodeKind::Server(_), Some(f)) => (
            f.default_port(),
            format!("the {} default; ENV PORT sets it", f.display_name()),
        ),
        (NodeKind::Server(_), None) => (
            3000,
            "no literal port in the entry source; the Node.js convention, set through ENV PORT"
                .into(),
        ),
    }
}
