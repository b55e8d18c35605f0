//! Whether a package is a static site or a server, and what its runtime image takes from
//! the build: the output directory, Next.js's files, a self-contained output or the package.

use super::entry::{self, node_resolves, runs_fastify_cli};
use super::framework::{self, NextOutput};
use super::package_json::PackageJson;
use super::{NodeKind, Routing, RuntimeFiles, ServerFacts, StaticFacts};
use crate::detect::{DetectError, Evidence};
use crate::repo::{self, Tree};
use crate::values::{self, UnsafeValue};

fn checked_path(file: &str, field: &str, value: &str) -> Result<String, DetectError> {
    let clean = value.trim_start_matches("./").trim_end_matches('/');
    values::check_rel_path(clean).map_err(|reason| UnsafeValue::new(file, field, value, reason))?;
    Ok(clean.to_string())
}

/// What the package runs and ships, or `None` when nothing names a start command.
pub(super) fn detect(
    tree: &dyn Tree,
    dir: &str,
    package: &PackageJson,
    found: Option<&framework::Found>,
    build_script: bool,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<Option<NodeKind>, DetectError> {
    let script_start = entry::script_start(package, evidence, warnings);
    if let Some((output, e)) = found.and_then(|f| f.static_output.as_ref()) {
        if script_start.is_none() || found.is_some_and(|f| f.next == Some(NextOutput::Export)) {
            let output = checked_path(&e.file, "build output directory", output)?;
            evidence.push(Evidence::new(
                &e.file,
                e.line,
                format!(
                    "{}: static site in {output}/, served by nginx",
                    e.conclusion
                ),
            ));
            if !build_script {
                warnings.push(format!(
                    "{}: a static site without scripts.build; the image expects the build to create {output}/",
                    package.file
                ));
            }
            return Ok(Some(NodeKind::Static(StaticFacts {
                output,
                assets: found.and_then(|f| f.static_assets),
                routing: found.map_or(Routing::SinglePage, |f| f.static_routing),
            })));
        }
    }
    let next = found.and_then(|f| f.next);
    let framework_start = found.and_then(|f| f.server_start.clone());
    let (start, start_evidence, file) = match (next, script_start, framework_start) {
        (Some(NextOutput::Standalone), _, Some((argv, e))) => (argv, e, None),
        (_, Some((argv, e, file)), _) => (argv, e, file),
        (_, None, Some((argv, e))) => {
            let file = argv.get(1).cloned();
            (argv, e, file)
        }
        (_, None, None) => {
            match entry::fallback_start(tree, dir, package, build_script, (evidence, warnings))? {
                Some((argv, e, file)) => (argv, e, Some(file)),
                None => return Ok(None),
            }
        }
    };
    if let Some(arg) = start.iter().find(|a| a.contains('\0')) {
        return Err(UnsafeValue::new(
            &start_evidence.file,
            "start command",
            arg,
            "it contains a NUL character, which no command line can hold".into(),
        )
        .into());
    }
    evidence.push(start_evidence.clone());
    let public = tree.is_dir(&repo::join(dir, "public"))?;
    let files = match (next, found.and_then(|f| f.self_contained.clone())) {
        (Some(NextOutput::Standalone), _) => RuntimeFiles::NextStandalone { public },
        (Some(_), _) => {
            let config = [
                "next.config.js",
                "next.config.mjs",
                "next.config.ts",
                "next.config.cjs",
                "next.config.mts",
            ]
            .iter()
            .find(|c| tree.is_file(&repo::join(dir, c)).unwrap_or(false))
            .map(ToString::to_string);
            RuntimeFiles::NextServer { public, config }
        }
        (None, Some(path)) => RuntimeFiles::SelfContained { path },
        (None, None) => outputs(tree, dir, file.as_deref(), build_script, public)?,
    };
    let mut env = found.map(|f| f.env.clone()).unwrap_or_default();
    if runs_fastify_cli(&start) {
        // fastify-cli listens on localhost unless told an address.
        env.push(("FASTIFY_ADDRESS", "0.0.0.0"));
    }
    Ok(Some(NodeKind::Server(ServerFacts {
        start,
        start_evidence,
        files,
        env,
    })))
}

/// What a built server needs: the top directory its entry lives in when the build creates it
/// (`dist/main.js` → `dist`), else the whole package.
fn outputs(
    tree: &dyn Tree,
    dir: &str,
    file: Option<&str>,
    build_script: bool,
    public: bool,
) -> Result<RuntimeFiles, DetectError> {
    if !build_script {
        return Ok(RuntimeFiles::Package);
    }
    // `dist/main.js` → `dist`; a bare `build` (SvelteKit's `node build`) is the directory itself.
    let Some(top) =
        file.map(|f| f.trim_start_matches("./"))
            .and_then(|f| match f.split_once('/') {
                Some((top, _)) => Some(top),
                None => (!f.contains('.')).then_some(f),
            })
    else {
        return Ok(RuntimeFiles::Package);
    };
    if values::check_rel_path(top).is_err() || tree.kind_of(&repo::join(dir, top))?.is_some() {
        return Ok(RuntimeFiles::Package);
    }
    // `node app` runs app.js when it exists: a source file, not a directory the build makes.
    if !top.contains('/')
        && file.is_some_and(|f| f.trim_start_matches("./") == top)
        && node_resolves(tree, dir, top)?
    {
        return Ok(RuntimeFiles::Package);
    }
    let mut paths = vec![top.to_string()];
    if public && top != "public" {
        paths.push("public".into());
    }
    Ok(RuntimeFiles::Outputs { paths })
}

#[cfg(test)]
mod tests {
    use super::super::detect;
    use super::super::tests::server;
    use super::*;
    use crate::repo::MemTree;

    #[test]
    fn node_on_an_extensionless_source_file_ships_the_package() {
        let tree = MemTree::new()
            .with(
                "package.json",
                r#"{"scripts": {"start": "node app", "build": "tsc"}, "dependencies": {"express": "4"}}"#,
            )
            .with("app.js", "");
        assert_eq!(server(&tree).files, RuntimeFiles::Package);
        let svelte = MemTree::new().with(
            "package.json",
            r#"{"scripts": {"start": "node build", "build": "vite build"}}"#,
        );
        assert_eq!(
            server(&svelte).files,
            RuntimeFiles::Outputs {
                paths: vec!["build".into()]
            }
        );
    }

    #[test]
    fn built_servers_ship_the_output_directory_they_start_from() {
        let ts = MemTree::new().with(
            "package.json",
            r#"{"scripts": {"build": "tsc", "start": "node dist/main.js"}}"#,
        );
        assert_eq!(
            server(&ts).files,
            RuntimeFiles::Outputs {
                paths: vec!["dist".into()]
            }
        );
        let kit = MemTree::new().with(
            "package.json",
            r#"{"scripts": {"build": "vite build"}, "devDependencies": {"@sveltejs/kit": "2", "@sveltejs/adapter-node": "5"}}"#,
        );
        assert_eq!(
            server(&kit).files,
            RuntimeFiles::Outputs {
                paths: vec!["build".into()]
            }
        );
        let committed = ts.clone().with("dist/main.js", "");
        assert_eq!(server(&committed).files, RuntimeFiles::Package);
    }

    #[test]
    fn hostile_main_stays_an_exec_form_argument_and_is_never_a_copy_path() {
        let tree = MemTree::new().with(
            "package.json",
            r#"{"scripts": {"build": "x"}, "main": "a\"b/$(id)\n.js"}"#,
        );
        let s = server(&tree);
        assert_eq!(s.start[1], "a\"b/$(id)\n.js");
        assert_eq!(s.files, RuntimeFiles::Package);
        let nul = MemTree::new().with("package.json", r#"{"main": "a\u0000.js"}"#);
        let e = detect(&nul).unwrap_err().to_string();
        assert!(e.starts_with("package.json: start command"), "{e}");
    }
}
