//! Which command starts a Node server: a start script msb can run with `node` directly
//! (followed through `npm run` delegation, and only when its binary and preloads are
//! production dependencies), else `main`, a single JavaScript `bin`, or a conventional entry.

use super::package_json::PackageJson;
use super::start;
use crate::detect::{DetectError, Evidence};
use crate::repo::{self, Tree};
use crate::values;

/// Entry files tried, in order, when neither the scripts nor `main` name one.
pub(super) const CONVENTIONAL_ENTRIES: &[&str] = &[
    "server.js",
    "index.js",
    "app.js",
    "main.js",
    "server.mjs",
    "index.mjs",
    "src/server.js",
    "src/index.js",
    "src/main.js",
    "src/app.js",
];

pub(super) type Start = (Vec<String>, Evidence, Option<String>);

pub(super) fn runs_fastify_cli(start: &[String]) -> bool {
    start.get(1).is_some_and(|a| a == start::FASTIFY_CLI_ENTRY)
}

pub(super) fn script_start(
    package: &PackageJson,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Option<Start> {
    for name in ["start", "start:prod"] {
        let Some(mut script) = package.scripts.get(name) else {
            continue;
        };
        // `npm run start-server` delegates to another script: follow it, a few steps at most.
        let mut chain = vec![name.to_string()];
        while let Some(next) = start::delegated_script(script) {
            match package.scripts.get(&next) {
                Some(s) if !chain.contains(&next) && chain.len() < 4 => {
                    chain.push(next);
                    script = s;
                }
                _ => break,
            }
        }
        let named = chain
            .iter()
            .map(|n| format!("scripts.{n}"))
            .collect::<Vec<_>>()
            .join(" → ");
        let usable = start::from_script(script).and_then(|found| {
            production_ready(package, &found)?;
            Ok(found)
        });
        match usable {
            Ok(found) => {
                for dropped in &found.dropped {
                    let advice = if dropped.starts_with("--env-file") {
                        "pass configuration with docker run -e / --env-file"
                    } else {
                        "the image runs node directly"
                    };
                    warnings.push(format!(
                        "{}: {named}: {} is left out of the image's command; {advice}",
                        package.file,
                        values::printable(dropped)
                    ));
                }
                let e = Evidence::new(
                    &package.file,
                    package.line_of(name),
                    format!(
                        "{named} runs {}: the image runs it directly, not through a package manager",
                        found.argv.join(" ")
                    ),
                );
                return Some((found.argv, e, found.file));
            }
            Err(why) => evidence.push(Evidence::new(
                &package.file,
                package.line_of(name),
                format!(
                    "{named} {} is not used as the start command: {why}",
                    values::shown(script)
                ),
            )),
        }
    }
    None
}

/// A start command needs its binary's package and its preloaded modules at run time, where
/// only production dependencies are installed.
fn production_ready(package: &PackageJson, found: &start::FromScript) -> Result<(), String> {
    let dev_only = |name: &str| {
        package.dev_dependencies.contains_key(name) && !package.dependencies.contains_key(name)
    };
    if let Some(bin) = found.bin_package {
        if dev_only(bin) {
            return Err(format!(
                "it runs {bin}, a dev dependency, which the runtime image does not install"
            ));
        }
    }
    if found.bin_package == Some("tsx") {
        let spec = package.dependencies.get("tsx").map_or("", String::as_str);
        if version_below(spec, (3, 13)) {
            return Err(format!(
                "it runs tsx {}, older than 3.13, which node cannot load with --import",
                values::shown(spec)
            ));
        }
    }
    for preload in &found.preloads {
        if let Some(module) = start::module_package(preload).filter(|m| dev_only(m)) {
            return Err(format!(
                "it preloads {}, a dev dependency, which the runtime image does not install",
                values::shown(module)
            ));
        }
    }
    Ok(())
}

pub(super) fn fallback_start(
    tree: &dyn Tree,
    dir: &str,
    package: &PackageJson,
    build_script: bool,
    notes: (&mut Vec<Evidence>, &mut Vec<String>),
) -> Result<Option<(Vec<String>, Evidence, String)>, DetectError> {
    let file = package.file.as_str();
    let (evidence, warnings) = notes;
    let main_start = |main: &String| {
        let e = Evidence::new(
            file,
            package.line_of("main"),
            format!("main {}: the image runs node on it", values::shown(main)),
        );
        (vec!["node".into(), main.clone()], e, main.clone())
    };
    // `npm init` writes `"main": "index.js"` whatever the entry really is: a main that names
    // no file, which no build creates, comes after every other candidate.
    let mut missing_main = None;
    if let Some(main) = &package.main {
        if build_script || node_resolves(tree, dir, main)? {
            return Ok(Some(main_start(main)));
        }
        missing_main = Some(main);
    }
    if package.bin.len() == 1 {
        if let Some((name, path)) = package.bin.iter().next() {
            if let Some(interpreter) = foreign_shebang(tree, dir, path) {
                evidence.push(Evidence::new(
                    file,
                    package.line_of("bin"),
                    format!(
                        "bin {} is not used as the start command: {} is a {} script, not JavaScript",
                        values::shown(name),
                        values::shown(path),
                        values::shown(&interpreter)
                    ),
                ));
            } else {
                let e = Evidence::new(
                    file,
                    package.line_of("bin"),
                    format!(
                        "bin {}: the image runs node on {}",
                        values::shown(name),
                        values::shown(path)
                    ),
                );
                return Ok(Some((vec!["node".into(), path.clone()], e, path.clone())));
            }
        }
    }
    for entry in CONVENTIONAL_ENTRIES {
        let path = repo::join(dir, entry);
        if tree.is_file(&path)? {
            if let Some(main) = missing_main {
                evidence.push(Evidence::new(
                    file,
                    package.line_of("main"),
                    format!(
                        "main {} is not used as the start command: no such file, and no build script creates it",
                        values::shown(main)
                    ),
                ));
            }
            let e = Evidence::new(
                &path,
                None,
                "no start script, main or bin names an entry; this conventional entry file is run",
            );
            return Ok(Some((
                vec!["node".into(), (*entry).to_string()],
                e,
                (*entry).to_string(),
            )));
        }
    }
    Ok(missing_main.map(|main| {
        warnings.push(format!(
            "{file}: main {} names no file and no build script creates it; the image runs it anyway, so add the file or pass --cmd \"node FILE\"",
            values::shown(main)
        ));
        main_start(main)
    }))
}

/// The interpreter a file's `#!` line names when it is not node (`./bin/run.sh` → `sh`).
fn foreign_shebang(tree: &dyn Tree, dir: &str, path: &str) -> Option<String> {
    let path = path.trim_start_matches("./");
    values::check_rel_path(path).ok()?;
    // Only a candidate: a file that cannot be read as text is left for node to judge.
    let text = tree.read(&repo::join(dir, path)).ok()??;
    let line = text.lines().next()?.strip_prefix("#!")?;
    if line.contains("node") {
        return None;
    }
    let program = line.split_whitespace().last().unwrap_or("");
    Some(program.rsplit('/').next().unwrap_or(program).to_string())
}

/// Whether a dependency's version (`~3.12.0`, `^4`) is below `(major, minor)`; a range msb
/// cannot read (`latest`, `*`) is not.
fn version_below(spec: &str, (major, minor): (u32, u32)) -> bool {
    let version = spec.trim_start_matches(['^', '~', '=', 'v', ' ']);
    let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(m), _) if m != major => m < major,
        (Some(_), Some(n)) => n < minor,
        _ => false,
    }
}

/// Whether `node PATH` finds a script: the file, PATH.js/.cjs/.mjs or PATH/index.js.
pub(super) fn node_resolves(tree: &dyn Tree, dir: &str, path: &str) -> Result<bool, DetectError> {
    let path = path.trim_start_matches("./").trim_end_matches('/');
    if values::check_rel_path(path).is_err() {
        return Ok(true);
    }
    for candidate in [
        path.to_string(),
        format!("{path}.js"),
        format!("{path}.cjs"),
        format!("{path}.mjs"),
        format!("{path}/index.js"),
    ] {
        if tree.is_file(&repo::join(dir, &candidate))? {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::super::tests::server;
    use super::super::{RuntimeFiles, detect};
    use super::*;
    use crate::repo::MemTree;

    #[test]
    fn a_start_script_that_delegates_to_another_script_is_followed() {
        let tree = MemTree::new().with(
            "package.json",
            r#"{"scripts": {"start": "npm run start-server", "start-server": "node server/server.js"}}"#,
        );
        assert_eq!(server(&tree).start, ["node", "server/server.js"]);
        let s = server(&MemTree::new().with(
            "package.json",
            r#"{"scripts": {"start": "yarn serve", "serve": "pnpm run start", "build": "tsc"}, "main": "lib/a.js"}"#,
        ));
        assert_eq!(
            s.start,
            ["node", "lib/a.js"],
            "a cycle is not followed forever"
        );
    }

    #[test]
    fn an_npm_init_main_that_names_no_file_is_not_the_start_command() {
        let tree = MemTree::new()
            .with(
                "package.json",
                r#"{"main": "index.js", "scripts": {"start": "nodemon --exec node src/app.js"}}"#,
            )
            .with("src/app.js", "");
        let p = detect(&tree).unwrap().unwrap();
        assert!(
            p.evidence
                .iter()
                .any(|e| e.conclusion.contains("main \"index.js\" is not used")),
            "{:?}",
            p.evidence
        );
        assert_eq!(server(&tree).start, ["node", "src/app.js"]);
        let built = MemTree::new().with(
            "package.json",
            r#"{"main": "dist/index.js", "scripts": {"build": "tsc"}}"#,
        );
        assert_eq!(server(&built).start, ["node", "dist/index.js"]);
        let resolved = MemTree::new()
            .with("package.json", r#"{"main": "lib"}"#)
            .with("lib/index.js", "")
            .with("server.js", "");
        assert_eq!(server(&resolved).start, ["node", "lib"]);
        let only_main = MemTree::new().with("package.json", r#"{"main": "index.js"}"#);
        assert_eq!(server(&only_main).start, ["node", "index.js"]);
        let p = detect(&only_main).unwrap().unwrap();
        assert!(
            p.warnings.iter().any(|w| w.contains("names no file")),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn tsx_in_production_dependencies_runs_typescript_through_its_loader() {
        let tree = MemTree::new()
            .with(
                "package.json",
                r#"{"scripts": {"start": "tsx src/index.ts"}, "dependencies": {"hono": "4", "tsx": "4"}}"#,
            )
            .with("src/index.ts", "serve({ fetch: app.fetch, port: 8787 })");
        let s = server(&tree);
        assert_eq!(s.start, ["node", "--import", "tsx", "src/index.ts"]);
        assert_eq!(s.files, RuntimeFiles::Package);
        let dev = MemTree::new()
            .with(
                "package.json",
                r#"{"scripts": {"start": "tsx src/index.ts"}, "devDependencies": {"tsx": "4"}}"#,
            )
            .with("index.js", "");
        assert_eq!(server(&dev).start, ["node", "index.js"]);
        let old = MemTree::new()
            .with(
                "package.json",
                r#"{"scripts": {"start": "tsx src/index.ts"}, "dependencies": {"tsx": "~3.12.7"}}"#,
            )
            .with("index.js", "");
        assert_eq!(server(&old).start, ["node", "index.js"]);
        assert!(!version_below("~3.14.0", (3, 13)));
        assert!(!version_below("latest", (3, 13)));
        assert!(version_below("^2.0.0", (3, 13)));
    }

    #[test]
    fn a_bin_that_is_a_shell_script_is_not_run_with_node() {
        let tree = MemTree::new()
            .with("package.json", r#"{"bin": {"ep": "./bin/run.sh"}}"#)
            .with("bin/run.sh", "#!/bin/sh\nnode server.js\n")
            .with("server.js", "");
        assert_eq!(server(&tree).start, ["node", "server.js"]);
        let node_bin = MemTree::new()
            .with("package.json", r#"{"bin": {"www": "bin/www"}}"#)
            .with("bin/www", "#!/usr/bin/env node\nrequire('../app');\n");
        assert_eq!(server(&node_bin).start, ["node", "bin/www"]);
    }

    #[test]
    fn fastify_cli_starts_the_plugin_and_listens_on_every_address() {
        let tree = MemTree::new().with(
            "package.json",
            r#"{"main": "app.js", "scripts": {"start": "fastify start -l info app.js"},
                "dependencies": {"fastify": "^5.0.0", "fastify-cli": "^7.4.0"}}"#,
        );
        let s = server(&tree);
        assert_eq!(
            s.start,
            [
                "node",
                "node_modules/fastify-cli/cli.js",
                "start",
                "-l",
                "info",
                "app.js"
            ]
        );
        assert!(s.env.contains(&("FASTIFY_ADDRESS", "0.0.0.0")));
        let p = detect(&tree).unwrap().unwrap();
        assert!(
            !p.warnings.iter().any(|w| w.contains("localhost")),
            "{:?}",
            p.warnings
        );
        let dev_cli = MemTree::new()
            .with(
                "package.json",
                r#"{"main": "server.js", "scripts": {"start": "fastify start app.js"},
                "dependencies": {"fastify": "^5"}, "devDependencies": {"fastify-cli": "^7"}}"#,
            )
            .with("server.js", "");
        assert_eq!(server(&dev_cli).start, ["node", "server.js"]);
    }

    #[test]
    fn a_start_script_preloading_a_dev_dependency_is_not_used() {
        let tree = MemTree::new().with(
            "package.json",
            r#"{"main": "dist/index.js", "scripts": {"build": "tsc", "start": "node -r esbuild-register ./src/index.ts"},
                "dependencies": {"express": "^4"}, "devDependencies": {"esbuild-register": "^3"}}"#,
        );
        let p = detect(&tree).unwrap().unwrap();
        assert!(
            p.evidence.iter().any(|e| e
                .conclusion
                .contains("preloads \"esbuild-register\", a dev dependency")),
            "{:?}",
            p.evidence
        );
        assert_eq!(server(&tree).start, ["node", "dist/index.js"]);
        let prod = MemTree::new().with(
            "package.json",
            r#"{"scripts": {"start": "node --import=tsx/esm src/a.ts"}, "dependencies": {"tsx": "^4"}}"#,
        );
        assert_eq!(
            server(&prod).start,
            ["node", "--import=tsx/esm", "src/a.ts"]
        );
    }

    #[test]
    fn the_start_command_comes_from_scripts_then_main_then_conventional_files() {
        let s = server(&MemTree::new().with(
            "package.json",
            r#"{"scripts": {"start": "node src/app.js"}}"#,
        ));
        assert_eq!(s.start, ["node", "src/app.js"]);
        let s = server(
            &MemTree::new()
                .with(
                    "package.json",
                    r#"{"scripts": {"start": "nodemon --watch lib x.js"}, "main": "lib/index.js"}"#,
                )
                .with("lib/index.js", ""),
        );
        assert_eq!(s.start, ["node", "lib/index.js"]);
        let s = server(
            &MemTree::new()
                .with("package.json", "{}")
                .with("server.js", ""),
        );
        assert_eq!(s.start, ["node", "server.js"]);
        let p = detect(&MemTree::new().with("package.json", "{}"))
            .unwrap()
            .unwrap();
        assert!(p.apps.is_empty());
        assert!(p.warnings.iter().any(|w| w.contains("nothing to run")));
    }
}
