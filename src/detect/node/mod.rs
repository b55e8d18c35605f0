//! Node.js packages: package manager, Node version, framework, static site or server, start
//! command, port, native addons and workspaces.

mod framework;
mod manager;
mod package_json;
mod port;
mod start;
mod version;
pub mod workspace;

use serde::Serialize;

pub use framework::{Framework, NextOutput};
pub use manager::{ManagerFacts, PackageManager};
pub use workspace::WorkspaceFacts;

use super::{App, DetectError, Evidence, Facts, Project};
use crate::language::Language;
use crate::repo::{self, Tree};
use crate::values::{self, UnsafeValue};
use package_json::PackageJson;

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

/// Entry files tried, in order, when neither the scripts nor `main` name one.
const CONVENTIONAL_ENTRIES: &[&str] = &[
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

/// Prisma's client package, generated into node_modules from the project's schema.
const PRISMA_CLIENT: &str = "@prisma/client";

/// Sources scanned for the listening port after the entry file.
const PORT_SOURCES: &[&str] = &[
    "src/main.ts",
    "src/server.ts",
    "src/index.ts",
    "src/app.ts",
    "src/main.js",
    "src/server.js",
    "src/index.js",
    "src/app.js",
    "server.js",
    "index.js",
    "app.js",
    "server.ts",
    "index.ts",
    "server.mjs",
    "index.mjs",
];

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
    let kind = kind(
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
            scan_port(tree, dir, server, found.as_ref(), &mut warnings)?
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
            CONVENTIONAL_ENTRIES.join(", ")
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

fn checked_path(file: &str, field: &str, value: &str) -> Result<String, DetectError> {
    let clean = value.trim_start_matches("./").trim_end_matches('/');
    values::check_rel_path(clean).map_err(|reason| UnsafeValue::new(file, field, value, reason))?;
    Ok(clean.to_string())
}

fn kind(
    tree: &dyn Tree,
    dir: &str,
    package: &PackageJson,
    found: Option<&framework::Found>,
    build_script: bool,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<Option<NodeKind>, DetectError> {
    let script_start = script_start(package, evidence, warnings);
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
            match fallback_start(tree, dir, package, build_script, (evidence, warnings))? {
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

type Start = (Vec<String>, Evidence, Option<String>);

fn runs_fastify_cli(start: &[String]) -> bool {
    start.get(1).is_some_and(|a| a == start::FASTIFY_CLI_ENTRY)
}

fn script_start(
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

fn fallback_start(
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
fn node_resolves(tree: &dyn Tree, dir: &str, path: &str) -> Result<bool, DetectError> {
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

/// The source files that may name the port: the entry (mapped back from a build output to
/// `src/`) first, then conventional server files.
fn scan_port(
    tree: &dyn Tree,
    dir: &str,
    server: &ServerFacts,
    found: Option<&framework::Found>,
    warnings: &mut Vec<String>,
) -> Result<crate::detect::PortScan, DetectError> {
    let mut candidates: Vec<String> = Vec::new();
    if let Some(file) = server
        .start
        .iter()
        .skip(1)
        .find(|a| !a.starts_with('-') && !a.starts_with("node_modules/"))
    {
        let file = file.trim_start_matches("./");
        let stem = file
            .trim_end_matches(".js")
            .trim_end_matches(".mjs")
            .trim_end_matches(".cjs");
        candidates.push(file.to_string());
        for ext in [".js", ".mjs", ".cjs", ".ts"] {
            candidates.push(format!("{stem}{ext}"));
        }
        if let Some((_, rest)) = stem.split_once('/') {
            for ext in [".ts", ".mts", ".js"] {
                candidates.push(format!("src/{rest}{ext}"));
            }
        }
    }
    candidates.extend(PORT_SOURCES.iter().map(ToString::to_string));
    let mut texts = Vec::new();
    for candidate in candidates {
        if values::check_rel_path(&candidate).is_err()
            || texts
                .iter()
                .any(|(p, _): &(String, String)| *p == repo::join(dir, &candidate))
        {
            continue;
        }
        let path = repo::join(dir, &candidate);
        if tree.is_file(&path)? {
            if let Some(text) = tree.read(&path)? {
                texts.push((path, text));
            }
        }
        if texts.len() >= 4 {
            break;
        }
    }
    let mut scan = crate::detect::PortScan::default();
    for (path, text) in &texts {
        let one = port::scan([(path.as_str(), text.as_str())]);
        scan.reads_env |= one.reads_env;
        if scan.loopback.is_none() {
            scan.loopback = one.loopback.clone();
        }
        if one.port.is_some() || !one.ambiguous.is_empty() {
            scan.port = one.port;
            scan.evidence = one.evidence;
            scan.ambiguous = one.ambiguous;
            break;
        }
    }
    if found.is_some_and(|f| f.framework == Framework::Fastify) && !runs_fastify_cli(&server.start)
    {
        let binds_all = texts
            .iter()
            .any(|(_, t)| t.contains("0.0.0.0") || t.contains("'::'") || t.contains("\"::\""));
        if !binds_all {
            warnings.push("Fastify listens on localhost unless told otherwise, which is unreachable from outside a container; pass host: '0.0.0.0' to listen()".into());
        }
    }
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    fn facts(tree: &MemTree) -> NodeFacts {
        match detect(tree).unwrap().unwrap().facts {
            Facts::Node(n) => *n,
            _ => unreachable!(),
        }
    }

    fn server(tree: &MemTree) -> ServerFacts {
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
