//! Frameworks: which one a package uses, whether it builds a static site (served by nginx)
//! or a Node server, where the build puts its output, and what the server needs at run time.

use serde::Serialize;

use super::package_json::PackageJson;
use crate::detect::{DetectError, Evidence};
use crate::repo::{self, Tree};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    Next,
    Nuxt,
    SvelteKit,
    Remix,
    ReactRouter,
    Astro,
    Angular,
    CreateReactApp,
    VueCli,
    Gatsby,
    Docusaurus,
    Eleventy,
    Hexo,
    Vite,
    NestJs,
    Express,
    Fastify,
    Koa,
    Hono,
}

impl Framework {
    #[must_use]
    pub fn display_name(self) -> &'static str {
        match self {
            Framework::Next => "Next.js",
            Framework::Nuxt => "Nuxt",
            Framework::SvelteKit => "SvelteKit",
            Framework::Remix => "Remix",
            Framework::ReactRouter => "React Router",
            Framework::Astro => "Astro",
            Framework::Angular => "Angular",
            Framework::CreateReactApp => "Create React App",
            Framework::VueCli => "Vue CLI",
            Framework::Gatsby => "Gatsby",
            Framework::Docusaurus => "Docusaurus",
            Framework::Eleventy => "Eleventy",
            Framework::Hexo => "Hexo",
            Framework::Vite => "Vite",
            Framework::NestJs => "NestJS",
            Framework::Express => "Express",
            Framework::Fastify => "Fastify",
            Framework::Koa => "Koa",
            Framework::Hono => "Hono",
        }
    }

    /// The port the framework's server listens on unless told otherwise.
    #[must_use]
    pub fn default_port(self) -> u16 {
        match self {
            Framework::Astro => 4321,
            Framework::Angular => 4000,
            _ => 3000,
        }
    }
}

/// The package that marks each framework, most specific first (SSR frameworks before the
/// bundlers they are built on, NestJS before the HTTP server under it).
const MARKERS: &[(&str, Framework)] = &[
    ("next", Framework::Next),
    ("nuxt", Framework::Nuxt),
    ("@sveltejs/kit", Framework::SvelteKit),
    ("@remix-run/node", Framework::Remix),
    ("@remix-run/serve", Framework::Remix),
    ("@react-router/node", Framework::ReactRouter),
    ("@react-router/serve", Framework::ReactRouter),
    ("astro", Framework::Astro),
    ("@angular/core", Framework::Angular),
    ("react-scripts", Framework::CreateReactApp),
    ("@vue/cli-service", Framework::VueCli),
    ("gatsby", Framework::Gatsby),
    ("@docusaurus/core", Framework::Docusaurus),
    ("@11ty/eleventy", Framework::Eleventy),
    ("hexo", Framework::Hexo),
    ("@nestjs/core", Framework::NestJs),
    ("fastify", Framework::Fastify),
    ("koa", Framework::Koa),
    ("hono", Framework::Hono),
    ("express", Framework::Express),
    ("vite", Framework::Vite),
];

/// How Next.js is configured to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NextOutput {
    /// `output: "standalone"`: a self-contained server in `.next/standalone`.
    Standalone,
    /// `output: "export"`: a static site in `out/`.
    Export,
    /// Neither: `next start` with the production dependencies.
    Server,
}

/// What a framework makes of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub framework: Framework,
    pub evidence: Evidence,
    pub next: Option<NextOutput>,
    /// A static site and its output directory (relative to the package).
    pub static_output: Option<(String, Evidence)>,
    /// Directory of long-cacheable hashed assets inside the static output.
    pub static_assets: Option<&'static str>,
    /// The server start a framework implies when the scripts do not say: node arguments.
    pub server_start: Option<(Vec<String>, Evidence)>,
    /// Environment a framework server needs in a container (fixed values).
    pub env: Vec<(&'static str, &'static str)>,
    /// A server that carries its own dependencies (Nuxt's `.output`): no node_modules.
    pub self_contained: Option<String>,
    pub warnings: Vec<String>,
}

/// The first string literal after `key` followed by `:` in JavaScript-ish config text.
fn config_literal<'t>(text: &'t str, key: &str) -> Option<(&'t str, usize)> {
    let mut from = 0;
    while let Some(at) = text[from..].find(key) {
        let start = from + at;
        let rest = text[start + key.len()..].trim_start();
        from = start + key.len();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            continue;
        };
        let body = &rest[1..];
        if let Some(end) = body.find(quote) {
            return Some((&body[..end], crate::detect::line_of(text, start)));
        }
    }
    None
}

fn first_config(
    tree: &dyn Tree,
    dir: &str,
    names: &[&str],
) -> Result<Option<(String, String)>, DetectError> {
    for name in names {
        let path = repo::join(dir, name);
        if let Some(text) = tree.read(&path)? {
            return Ok(Some((path, text)));
        }
    }
    Ok(None)
}

const NEXT_CONFIGS: &[&str] = &[
    "next.config.js",
    "next.config.mjs",
    "next.config.ts",
    "next.config.cjs",
    "next.config.mts",
];
const VITE_CONFIGS: &[&str] = &[
    "vite.config.ts",
    "vite.config.js",
    "vite.config.mjs",
    "vite.config.mts",
    "vite.config.cjs",
];
const ELEVENTY_CONFIGS: &[&str] = &[
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
    ".eleventy.js",
];
const ASTRO_CONFIGS: &[&str] = &["astro.config.mjs", "astro.config.ts", "astro.config.js"];

fn next(tree: &dyn Tree, dir: &str, found: &mut Found) -> Result<(), DetectError> {
    let config = first_config(tree, dir, NEXT_CONFIGS)?;
    let output = config
        .as_ref()
        .and_then(|(path, text)| config_literal(text, "output").map(|(v, l)| (path, v, l)));
    let (kind, evidence) = match output {
        Some((path, "standalone", line)) => (
            NextOutput::Standalone,
            Evidence::new(
                path,
                Some(line),
                "output: \"standalone\": the image runs .next/standalone/server.js",
            ),
        ),
        Some((path, "export", line)) => (
            NextOutput::Export,
            Evidence::new(
                path,
                Some(line),
                "output: \"export\": a static site in out/, served by nginx",
            ),
        ),
        _ => {
            let file = config.as_ref().map_or("package.json", |(p, _)| p.as_str());
            found.warnings.push(format!(
                "{file}: Next.js without output: \"standalone\"; the image runs `next start` with every production dependency. Add output: \"standalone\" to next.config for a much smaller image"
            ));
            (
                NextOutput::Server,
                Evidence::new(
                    file,
                    None,
                    "no output: \"standalone\": runs next start with the production node_modules",
                ),
            )
        }
    };
    found.next = Some(kind);
    match kind {
        NextOutput::Export => found.static_output = Some(("out".into(), evidence)),
        NextOutput::Standalone => {
            found.server_start = Some((vec!["node".into(), "server.js".into()], evidence));
        }
        NextOutput::Server => {
            found.server_start = Some((
                vec![
                    "node".into(),
                    "node_modules/next/dist/bin/next".into(),
                    "start".into(),
                ],
                evidence,
            ));
        }
    }
    found.env.push(("HOSTNAME", "0.0.0.0"));
    found.env.push(("NEXT_TELEMETRY_DISABLED", "1"));
    Ok(())
}

fn angular(tree: &dyn Tree, dir: &str, found: &mut Found) -> Result<(), DetectError> {
    let path = repo::join(dir, "angular.json");
    let Some(text) = tree.read(&path)? else {
        return Ok(());
    };
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| crate::detect::ManifestError::json(&path, &e))?;
    let projects = json.get("projects").and_then(|p| p.as_object());
    let Some((name, project)) = projects.and_then(|p| {
        p.iter()
            .find(|(_, v)| v.get("projectType").and_then(|t| t.as_str()) == Some("application"))
    }) else {
        return Ok(());
    };
    let build = project.pointer("/architect/build");
    let builder = build
        .and_then(|b| b.get("builder"))
        .and_then(|b| b.as_str())
        .unwrap_or("");
    let options = build.and_then(|b| b.get("options"));
    let application = builder.ends_with(":application");
    let output = match options.and_then(|o| o.get("outputPath")) {
        Some(serde_json::Value::String(s)) if application => format!("{s}/browser"),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Object(o)) => {
            let base = o.get("base").and_then(|b| b.as_str()).unwrap_or("dist");
            match o.get("browser").and_then(|b| b.as_str()) {
                Some("") => base.to_string(),
                Some(browser) => format!("{base}/{browser}"),
                None => format!("{base}/browser"),
            }
        }
        _ => format!("dist/{name}/browser"),
    };
    let output = output
        .trim_start_matches("./")
        .trim_end_matches('/')
        .to_string();
    let ssr = options.is_some_and(|o| o.get("ssr").is_some_and(|s| !s.is_boolean() || s == true));
    let line = crate::detect::line_of(&text, text.find("outputPath").unwrap_or(0));
    if ssr {
        let server = output
            .strip_suffix("/browser")
            .map_or_else(|| format!("{output}/server"), |b| format!("{b}/server"));
        found.server_start = Some((
            vec!["node".into(), format!("{server}/server.mjs")],
            Evidence::new(
                &path,
                Some(line),
                "server-side rendering: runs the Angular SSR server",
            ),
        ));
    } else {
        found.static_output = Some((
            output.clone(),
            Evidence::new(
                &path,
                Some(line),
                format!("application {name} builds to {output}"),
            ),
        ));
    }
    Ok(())
}

fn vite_out_dir(tree: &dyn Tree, dir: &str) -> Result<(String, Evidence), DetectError> {
    if let Some((path, text)) = first_config(tree, dir, VITE_CONFIGS)? {
        if let Some((out, line)) = config_literal(&text, "outDir") {
            return Ok((
                out.trim_start_matches("./")
                    .trim_end_matches('/')
                    .to_string(),
                Evidence::new(&path, Some(line), format!("build.outDir {out}")),
            ));
        }
    }
    Ok((
        "dist".into(),
        Evidence::new(
            &repo::join(dir, "package.json"),
            None,
            "Vite builds to dist/",
        ),
    ))
}

/// A Vite app whose `vite` comes from elsewhere (a workspace root's dev dependencies): its
/// own `vite.config.*` beside the `index.html` Vite builds from.
fn hoisted_vite(tree: &dyn Tree, dir: &str) -> Result<Option<Evidence>, DetectError> {
    let Some((config, _)) = first_config(tree, dir, VITE_CONFIGS)? else {
        return Ok(None);
    };
    if !tree.is_file(&repo::join(dir, "index.html"))? {
        return Ok(None);
    }
    Ok(Some(Evidence::new(
        &config,
        None,
        "a Vite config beside index.html, without a vite dependency of its own (a workspace root's): Vite",
    )))
}

/// Finds the framework of a package at `dir`.
///
/// # Errors
/// A framework configuration file that cannot be read or parsed.
pub fn detect(
    tree: &dyn Tree,
    dir: &str,
    package: &PackageJson,
) -> Result<Option<Found>, DetectError> {
    let file = package.file.as_str();
    let (framework, line, evidence) =
        if let Some((marker, framework)) = MARKERS.iter().find(|(m, _)| package.depends_on(m)) {
            let line = package.line_of(marker);
            let e = Evidence::new(
                file,
                line,
                format!("depends on {marker}: {}", framework.display_name()),
            );
            (framework, line, e)
        } else if let Some(e) = hoisted_vite(tree, dir)? {
            (&Framework::Vite, None, e)
        } else {
            return Ok(None);
        };
    let mut found = Found {
        framework: *framework,
        evidence,
        next: None,
        static_output: None,
        static_assets: None,
        server_start: None,
        env: Vec::new(),
        self_contained: None,
        warnings: Vec::new(),
    };
    let build_script = package.scripts.get("build").map_or("", String::as_str);
    match framework {
        Framework::Next => next(tree, dir, &mut found)?,
        Framework::Nuxt if build_script.contains("nuxt generate") => {
            found.static_output = Some((
                ".output/public".into(),
                Evidence::new(
                    file,
                    package.line_of("build"),
                    "nuxt generate: a static site",
                ),
            ));
        }
        Framework::Nuxt => {
            let e = Evidence::new(file, line, "Nuxt builds a self-contained server in .output");
            found.server_start = Some((vec!["node".into(), ".output/server/index.mjs".into()], e));
            found.self_contained = Some(".output".into());
            found.env.push(("HOST", "0.0.0.0"));
        }
        Framework::SvelteKit if package.depends_on("@sveltejs/adapter-static") => {
            found.static_output = Some((
                "build".into(),
                Evidence::new(
                    file,
                    package.line_of("@sveltejs/adapter-static"),
                    "adapter-static: a static site in build/",
                ),
            ));
        }
        Framework::SvelteKit => {
            if !package.depends_on("@sveltejs/adapter-node") {
                found.warnings.push(format!(
                    "{file}: SvelteKit without @sveltejs/adapter-node builds for a hosting platform, not a Node server; msb assumes adapter-node's build/ output — add the adapter"
                ));
            }
            let e = Evidence::new(
                file,
                package.line_of("@sveltejs/adapter-node"),
                "adapter-node: a Node server in build/",
            );
            found.server_start = Some((vec!["node".into(), "build".into()], e));
        }
        Framework::Astro => {
            let config = first_config(tree, dir, ASTRO_CONFIGS)?;
            let server_output = config
                .as_ref()
                .and_then(|(_, t)| config_literal(t, "output"))
                .is_some_and(|(v, _)| v == "server");
            if package.depends_on("@astrojs/node") || server_output {
                let e = Evidence::new(
                    file,
                    package.line_of("@astrojs/node"),
                    "@astrojs/node: a standalone Node server",
                );
                found.server_start = Some((vec!["node".into(), "dist/server/entry.mjs".into()], e));
                found.env.push(("HOST", "0.0.0.0"));
            } else {
                found.static_output = Some((
                    "dist".into(),
                    Evidence::new(file, line, "Astro builds a static site in dist/"),
                ));
                found.static_assets = Some("_astro");
            }
        }
        Framework::Angular => angular(tree, dir, &mut found)?,
        Framework::CreateReactApp => {
            found.static_output = Some((
                "build".into(),
                Evidence::new(file, line, "Create React App builds to build/"),
            ));
            found.static_assets = Some("static");
        }
        Framework::VueCli => {
            found.static_output = Some((
                "dist".into(),
                Evidence::new(file, line, "Vue CLI builds to dist/"),
            ));
        }
        Framework::Eleventy => {
            let config = first_config(tree, dir, ELEVENTY_CONFIGS)?;
            found.static_output = Some(
                match config.as_ref().and_then(|(path, text)| {
                    config_literal(text, "output").map(|(o, l)| (path, o, l))
                }) {
                    Some((path, out, line)) => (
                        out.trim_start_matches("./")
                            .trim_end_matches('/')
                            .to_string(),
                        Evidence::new(path, Some(line), format!("dir.output {out}")),
                    ),
                    None => (
                        "_site".into(),
                        Evidence::new(file, line, "Eleventy builds to _site/"),
                    ),
                },
            );
        }
        Framework::Hexo => {
            found.static_output = Some((
                "public".into(),
                Evidence::new(file, line, "hexo generate builds to public/"),
            ));
        }
        Framework::Docusaurus => {
            found.static_output = Some((
                "build".into(),
                Evidence::new(file, line, "Docusaurus builds to build/"),
            ));
            found.static_assets = Some("assets");
        }
        Framework::Gatsby => {
            found.static_output = Some((
                "public".into(),
                Evidence::new(file, line, "Gatsby builds to public/"),
            ));
        }
        Framework::Vite => {
            let (out, e) = vite_out_dir(tree, dir)?;
            found.static_output = Some((out, e));
            found.static_assets = Some("assets");
        }
        Framework::NestJs if build_script.contains("nest build") => {
            // What the Nest CLI's own `start:prod` runs.
            found.server_start = Some((
                vec!["node".into(), "dist/main".into()],
                Evidence::new(
                    file,
                    package.line_of("build"),
                    "nest build writes dist/main.js, which NestJS's start:prod runs",
                ),
            ));
        }
        Framework::Remix
        | Framework::ReactRouter
        | Framework::NestJs
        | Framework::Express
        | Framework::Fastify
        | Framework::Koa
        | Framework::Hono => {}
    }
    Ok(Some(found))
}

#[cfg(test)]
mod tests {
    use super::super::package_json;
    use super::*;
    use crate::repo::MemTree;

    fn run(tree: &MemTree) -> Found {
        let text = tree.read("package.json").unwrap().unwrap();
        let package = package_json::parse("package.json", &text).unwrap();
        detect(tree, "", &package).unwrap().unwrap()
    }

    #[test]
    fn a_vite_config_beside_index_html_is_vite_without_a_vite_dependency() {
        let member = MemTree::new()
            .with("package.json", r#"{"scripts": {"build": "vite build"}}"#)
            .with(
                "vite.config.mts",
                "export default { build: { outDir: 'build' } }",
            )
            .with("index.html", "<html></html>");
        let f = run(&member);
        assert_eq!(f.framework, Framework::Vite);
        assert_eq!(f.evidence.file, "vite.config.mts");
        assert_eq!(f.static_output.unwrap().0, "build");
        let tests_only = MemTree::new()
            .with("package.json", "{}")
            .with("vite.config.ts", "export default { test: {} }");
        let package = package_json::parse("package.json", "{}").unwrap();
        assert!(detect(&tests_only, "", &package).unwrap().is_none());
    }

    #[test]
    fn nest_build_runs_dist_main_without_a_start_prod_script() {
        let f = run(&MemTree::new().with(
            "package.json",
            r#"{"scripts": {"build": "nest build", "start": "npm run start:dev", "start:dev": "nest start --watch"},
                "dependencies": {"@nestjs/core": "11"}}"#,
        ));
        assert_eq!(f.server_start.unwrap().0, ["node", "dist/main"]);
        let f = run(&MemTree::new().with(
            "package.json",
            r#"{"scripts": {"build": "tsc"}, "dependencies": {"@nestjs/core": "11"}}"#,
        ));
        assert!(f.server_start.is_none());
    }

    #[test]
    fn eleventy_and_hexo_are_static_sites() {
        let eleventy = MemTree::new().with(
            "package.json",
            r#"{"scripts": {"build": "eleventy"}, "devDependencies": {"@11ty/eleventy": "3"}}"#,
        );
        assert_eq!(run(&eleventy).static_output.unwrap().0, "_site");
        let configured = eleventy.with(
            "eleventy.config.js",
            "export default function () {\n  return { dir: { input: \"src\", output: \"dist\" } };\n}\n",
        );
        assert_eq!(run(&configured).static_output.unwrap().0, "dist");
        let hexo = MemTree::new().with(
            "package.json",
            r#"{"scripts": {"build": "hexo generate"}, "dependencies": {"hexo": "7"}}"#,
        );
        assert_eq!(run(&hexo).static_output.unwrap().0, "public");
    }

    #[test]
    fn docusaurus_is_a_static_site_in_build() {
        let f = run(&MemTree::new().with(
            "package.json",
            r#"{"scripts": {"start": "docusaurus start", "build": "docusaurus build"},
                "dependencies": {"@docusaurus/core": "3.9.2", "react": "19"}}"#,
        ));
        assert_eq!(f.framework, Framework::Docusaurus);
        assert_eq!(f.static_output.unwrap().0, "build");
        assert_eq!(f.static_assets, Some("assets"));
    }

    #[test]
    fn next_output_modes() {
        let base = MemTree::new().with(
            "package.json",
            r#"{"dependencies": {"next": "16", "react": "19"}}"#,
        );
        let f = run(&base.clone().with(
            "next.config.ts",
            "const c = {\n  output: 'standalone',\n};\n",
        ));
        assert_eq!(f.next, Some(NextOutput::Standalone));
        assert_eq!(f.server_start.unwrap().0, ["node", "server.js"]);
        let f = run(&base
            .clone()
            .with("next.config.mjs", "export default { output: \"export\" }"));
        assert_eq!(f.static_output.unwrap().0, "out");
        let f = run(&base);
        assert_eq!(f.next, Some(NextOutput::Server));
        assert!(f.warnings[0].contains("standalone"));
    }

    #[test]
    fn static_sites_and_their_output() {
        let vite = MemTree::new()
            .with("package.json", r#"{"devDependencies": {"vite": "8"}}"#)
            .with(
                "vite.config.ts",
                "export default { build: { outDir: 'public-dist' } }",
            );
        assert_eq!(run(&vite).static_output.unwrap().0, "public-dist");
        let cra = MemTree::new().with(
            "package.json",
            r#"{"dependencies": {"react-scripts": "5"}}"#,
        );
        assert_eq!(run(&cra).static_output.unwrap().0, "build");
        let angular = MemTree::new()
            .with(
                "package.json",
                r#"{"dependencies": {"@angular/core": "22"}}"#,
            )
            .with(
                "angular.json",
                r#"{"projects": {"shop": {"projectType": "application",
                "architect": {"build": {"builder": "@angular/build:application",
                "options": {"outputPath": "dist/shop"}}}}}}"#,
            );
        assert_eq!(run(&angular).static_output.unwrap().0, "dist/shop/browser");
    }

    #[test]
    fn the_most_specific_framework_wins() {
        let kit = MemTree::new().with(
            "package.json",
            r#"{"devDependencies": {"vite": "8", "@sveltejs/kit": "2", "@sveltejs/adapter-node": "5"}}"#,
        );
        let f = run(&kit);
        assert_eq!(f.framework, Framework::SvelteKit);
        assert_eq!(f.server_start.unwrap().0, ["node", "build"]);
        let nest = MemTree::new().with(
            "package.json",
            r#"{"dependencies": {"express": "5", "@nestjs/core": "12"}}"#,
        );
        assert_eq!(run(&nest).framework, Framework::NestJs);
    }
}
