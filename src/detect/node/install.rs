//! What installing a package involves beyond downloading: its own lifecycle scripts, a
//! Prisma client generated into node_modules, and native addons built for the runtime.

use super::package_json::PackageJson;
use crate::detect::Evidence;

/// Dependencies with native code: their node_modules must be built on the runtime's libc,
/// Node major and architecture, and may need a compiler when no prebuilt binary fits.
const NATIVE_ADDONS: &[&str] = &[
    "argon2",
    "bcrypt",
    "better-sqlite3",
    "bufferutil",
    "canvas",
    "cpu-features",
    "isolated-vm",
    "kerberos",
    "leveldown",
    "libxmljs2",
    "microtime",
    "node-sass",
    "re2",
    "serialport",
    "sharp",
    "sqlite3",
    "utf-8-validate",
    "zeromq",
];

/// Lifecycle scripts npm, pnpm and Yarn run for the package itself during an install.
const INSTALL_SCRIPTS: &[&str] = &["preinstall", "install", "postinstall", "prepare"];

/// Prisma's client package, generated into node_modules from the project's schema.
const PRISMA_CLIENT: &str = "@prisma/client";

/// The install lifecycle scripts that run for the package (a workspace member's root counts),
/// plus the Prisma client generation an install or build triggers.
pub(super) fn scripts(
    dir: &str,
    package: &PackageJson,
    root_package: &PackageJson,
    evidence: &mut Vec<Evidence>,
) -> Vec<String> {
    let mut install_scripts: Vec<String> = INSTALL_SCRIPTS
        .iter()
        .filter(|s| {
            package.scripts.contains_key(**s)
                || (!dir.is_empty() && root_package.scripts.contains_key(**s))
        })
        .map(ToString::to_string)
        .collect();
    install_scripts.dedup();
    if package.dependencies.contains_key(PRISMA_CLIENT) {
        // The client is generated into node_modules from the schema (by @prisma/client's own
        // postinstall or a build step): production node_modules must come from the build.
        install_scripts.push(format!("postinstall of {PRISMA_CLIENT}"));
        evidence.push(Evidence::new(
            &package.file,
            package.line_of(PRISMA_CLIENT),
            "depends on @prisma/client: its client is generated from the schema, so production node_modules come from the build",
        ));
    }
    install_scripts
}

/// The native addons among the package's dependencies.
pub(super) fn native_addons(package: &PackageJson, evidence: &mut Vec<Evidence>) -> Vec<String> {
    let native_addons: Vec<String> = package
        .all_dependencies()
        .map(|(name, _)| name)
        .filter(|name| NATIVE_ADDONS.contains(&name.as_str()))
        .cloned()
        .collect();
    if !native_addons.is_empty() {
        evidence.push(Evidence::new(
            &package.file,
            package.line_of(&native_addons[0]),
            format!(
                "native addons ({}): installed on the runtime's own libc and Node.js, with a compiler in the install stages",
                native_addons.join(", ")
            ),
        ));
    }
    native_addons
}

#[cfg(test)]
mod tests {
    use super::super::tests::facts;
    use crate::repo::MemTree;

    #[test]
    fn a_prisma_client_is_generated_before_production_node_modules_are_taken() {
        let tree = MemTree::new()
            .with(
                "package.json",
                r#"{"scripts": {"build": "prisma generate && tsc", "start": "node dist/index.js"},
                    "dependencies": {"@prisma/client": "6"}, "devDependencies": {"prisma": "6"}}"#,
            )
            .with("prisma/schema.prisma", "generator client {}\n");
        assert_eq!(
            facts(&tree).install_scripts,
            ["postinstall of @prisma/client"]
        );
        let dev_only = MemTree::new().with(
            "package.json",
            r#"{"main": "a.js", "devDependencies": {"@prisma/client": "6"}}"#,
        );
        assert!(facts(&dev_only).install_scripts.is_empty());
    }
}
