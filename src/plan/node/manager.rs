//! The commands and mounts of each package manager: how it is installed (pinned, without
//! corepack), where its download cache lives, and its frozen, production and build commands.

use crate::detect::node::{ManagerFacts, PackageManager};
use crate::plan::images;

/// Where the npm registry credential is mounted for installs.
pub const NPMRC_SECRET_MOUNT: &str = "--mount=type=secret,id=npmrc,target=/root/.npmrc";

pub struct Commands {
    /// Installs the package manager itself into the base stage.
    pub tool: Option<String>,
    /// BuildKit cache mount of its download cache.
    pub cache: &'static str,
    /// Environment the manager needs in every stage (`YARN_NODE_LINKER`).
    pub env: Vec<(&'static str, &'static str)>,
    /// Installs production dependencies only.
    pub prod: String,
    /// Installs every dependency, frozen to the lockfile.
    pub full: String,
    /// Runs a package script: `npm run` + name.
    pub run: &'static str,
    /// Drops dev dependencies from an installed node_modules, when the manager can.
    pub prune: Option<&'static str>,
    /// A note on how installs are frozen.
    pub frozen: &'static str,
}

fn version<'a>(facts: &'a ManagerFacts, default: &'a str) -> &'a str {
    facts.version.as_deref().unwrap_or(default)
}

#[must_use]
pub fn commands(facts: &ManagerFacts) -> Commands {
    let locked = facts.lockfile.is_some();
    match facts.kind {
        PackageManager::Npm => Commands {
            tool: facts
                .version
                .as_ref()
                .map(|v| format!("npm install --global npm@{v}")),
            cache: "--mount=type=cache,target=/root/.npm",
            env: Vec::new(),
            prod: if locked {
                "npm ci --omit=dev".into()
            } else {
                "npm install --omit=dev".into()
            },
            full: if locked {
                "npm ci".into()
            } else {
                "npm install".into()
            },
            run: "npm run",
            prune: Some("npm prune --omit=dev"),
            frozen: "npm ci installs exactly the lockfile",
        },
        PackageManager::Pnpm => {
            let frozen = if locked { " --frozen-lockfile" } else { "" };
            Commands {
                tool: Some(format!(
                    "npm install --global pnpm@{}",
                    version(facts, images::PNPM_VERSION)
                )),
                cache: "--mount=type=cache,target=/pnpm/store",
                env: Vec::new(),
                prod: format!("pnpm install --prod{frozen} --store-dir /pnpm/store"),
                full: format!("pnpm install{frozen} --store-dir /pnpm/store"),
                run: "pnpm run",
                prune: Some("pnpm prune --prod"),
                frozen: "pnpm install --frozen-lockfile fails when the lockfile is stale",
            }
        }
        PackageManager::YarnClassic => {
            let frozen = if locked { " --frozen-lockfile" } else { "" };
            Commands {
                // Node.js 24 and older images carry their own yarn 1, which --force replaces.
                tool: Some(format!(
                    "npm install --global --force yarn@{}",
                    version(facts, images::YARN_CLASSIC_VERSION)
                )),
                cache: "--mount=type=cache,target=/usr/local/share/.cache/yarn",
                env: Vec::new(),
                prod: format!("yarn install --production{frozen} --non-interactive"),
                full: format!("yarn install{frozen} --non-interactive"),
                run: "yarn run",
                prune: None,
                frozen: "yarn install --frozen-lockfile fails when the lockfile is stale",
            }
        }
        PackageManager::YarnBerry => Commands {
            tool: Some(format!(
                "npm install --global @yarnpkg/cli-dist@{}",
                version(facts, images::YARN_BERRY_VERSION)
            )),
            cache: "--mount=type=cache,target=/root/.yarn/berry/cache",
            env: if facts.pnp {
                vec![("YARN_NODE_LINKER", "node-modules")]
            } else {
                Vec::new()
            },
            prod: "yarn workspaces focus --all --production".into(),
            full: if locked {
                "yarn install --immutable".into()
            } else {
                "yarn install".into()
            },
            run: "yarn run",
            prune: Some("yarn workspaces focus --all --production"),
            frozen: "yarn install --immutable fails when the lockfile is stale",
        },
        PackageManager::Bun => {
            let frozen = if locked { " --frozen-lockfile" } else { "" };
            Commands {
                tool: Some(format!(
                    "npm install --global bun@{}",
                    version(facts, images::BUN_VERSION)
                )),
                cache: "--mount=type=cache,target=/root/.bun/install/cache",
                env: Vec::new(),
                prod: format!("bun install --production{frozen}"),
                full: format!("bun install{frozen}"),
                run: "bun run",
                prune: None,
                frozen: "bun install --frozen-lockfile fails when the lockfile is stale",
            }
        }
    }
}
