//! Frameworks: which one a package uses, whether it builds a static site (served by nginx)
//! or a Node server, where the build puts its output, and what the server needs at run time.

mod angular;
mod config;
mod next;
mod vite;

use serde::Serialize;

pub use next::NextOutput;

use super::facts::Routing;
use super::package_json::PackageJson;
use crate::detect::{DetectError, Evidence};
use crate::repo::Tree;
use config::{config_literal, first_config};

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
    /// Whether the static output is one entry page or a page per route.
    pub static_routing: Routing,
    /// The server start a framework implies when the scripts do not say: node arguments.
    pub server_start: Option<(Vec<String>, Evidence)>,
    /// Environment a framework server needs in a container (fixed values).
    pub env: Vec<(&'static str, &'static str)>,
    /// A server that carries its own dependencies (Nuxt's `.output`): no node_modules.
    pub self_contained: Option<String>,
    pub warnings: Vec<String>,
}

const ELEVENTY_CONFIGS: &[&str] = &[
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
    ".eleventy.js",
];
const ASTRO_CONFIGS: &[&str] = &["astro.config.mjs", "astro.config.ts", "astro.config.js"];

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
        } else if let Some(e) = vite::hoisted(tree, dir)? {
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
        static_routing: Routing::SinglePage,
        server_start: None,
        env: Vec::new(),
        self_contained: None,
        warnings: Vec::new(),
    };
    let build_script = package.scripts.get("build").map_or("", String::as_str);
    match framework {
        Framework::Next => next::detect(tree, dir, &mut found)?,
        Framework::Nuxt if build_script.contains("nuxt generate") => {
            found.static_routing = Routing::Pages;
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
            found.static_routing = svelte_static_routing(tree, dir)?;
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
                found.static_routing = Routing::Pages;
                found.static_output = Some((
                    "dist".into(),
                    Evidence::new(file, line, "Astro builds a static site in dist/"),
                ));
                found.static_assets = Some("_astro");
            }
        }
        Framework::Angular => angular::detect(tree, dir, &mut found)?,
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
            found.static_routing = Routing::Pages;
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
            found.static_routing = Routing::Pages;
            found.static_output = Some((
                "public".into(),
                Evidence::new(file, line, "hexo generate builds to public/"),
            ));
        }
        Framework::Docusaurus => {
            found.static_routing = Routing::Pages;
            found.static_output = Some((
                "build".into(),
                Evidence::new(file, line, "Docusaurus builds to build/"),
            ));
            found.static_assets = Some("assets");
        }
        Framework::Gatsby => {
            found.static_routing = Routing::Pages;
            found.static_output = Some((
                "public".into(),
                Evidence::new(file, line, "Gatsby builds to public/"),
            ));
        }
        Framework::Vite => {
            let (out, e) = vite::out_dir(tree, dir)?;
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

const SVELTE_CONFIGS: &[&str] = &["svelte.config.js", "svelte.config.mjs", "svelte.config.ts"];

/// adapter-static prerenders a page per route, unless its `fallback` page makes the site a
/// single-page app.
fn svelte_static_routing(tree: &dyn Tree, dir: &str) -> Result<Routing, DetectError> {
    let config = first_config(tree, dir, SVELTE_CONFIGS)?;
    Ok(
        match config.and_then(|(_, text)| config_literal(&text, "fallback").map(|_| ())) {
            Some(()) => Routing::SinglePage,
            None => Routing::Pages,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::package_json;
    use super::*;
    use crate::repo::MemTree;

    pub(super) fn run(tree: &MemTree) -> Found {
        let text = tree.read("package.json").unwrap().unwrap();
        let package = package_json::parse("package.json", &text).unwrap();
        detect(tree, "", &package).unwrap().unwrap()
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
    fn pre_rendered_sites_serve_pages_and_spas_fall_back_to_their_entry() {
        let site = |deps: &str| {
            MemTree::new().with(
                "package.json",
                format!(r#"{{"scripts": {{"build": "x"}}, "dependencies": {{{deps}}}}}"#),
            )
        };
        for deps in [
            r#""astro": "5""#,
            r#""@docusaurus/core": "3""#,
            r#""@11ty/eleventy": "3""#,
            r#""hexo": "7""#,
            r#""gatsby": "5""#,
            r#""@sveltejs/kit": "2", "@sveltejs/adapter-static": "3""#,
        ] {
            assert_eq!(run(&site(deps)).static_routing, Routing::Pages, "{deps}");
        }
        let nuxt = MemTree::new().with(
            "package.json",
            r#"{"scripts": {"build": "nuxt generate"}, "dependencies": {"nuxt": "3"}}"#,
        );
        assert_eq!(run(&nuxt).static_routing, Routing::Pages);
        let next = site(r#""next": "15""#).with(
            "next.config.mjs",
            "export default { output: \"export\" };\n",
        );
        assert_eq!(run(&next).static_routing, Routing::Pages);
        let svelte_spa = site(r#""@sveltejs/kit": "2", "@sveltejs/adapter-static": "3""#).with(
            "svelte.config.js",
            "export default { kit: { adapter: adapter({ fallback: '200.html' }) } };\n",
        );
        assert_eq!(run(&svelte_spa).static_routing, Routing::SinglePage);
        for deps in [
            r#""vite": "8""#,
            r#""react-scripts": "5""#,
            r#""@vue/cli-service": "5""#,
        ] {
            assert_eq!(
                run(&site(deps)).static_routing,
                Routing::SinglePage,
                "{deps}"
            );
        }
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
