use crate::detect::detect_at;
use crate::language::Runtime;
use crate::plan::{Plan, images, plan};
use crate::repo::MemTree;
use crate::settings::prompt::NoPrompt;
use crate::settings::{Given, Overrides, resolve};

fn plan_at(tree: &MemTree, dir: &str, runtime: Option<Runtime>) -> Plan {
    let detection = detect_at(tree, dir, None).unwrap();
    let overrides = Overrides {
        runtime: runtime.map(|r| Given::flag("--runtime", r)),
        ..Overrides::default()
    };
    plan(&resolve(&detection, &overrides, &mut NoPrompt).unwrap()).unwrap()
}

fn stage_names(p: &Plan) -> Vec<&str> {
    p.node
        .as_ref()
        .unwrap()
        .stages
        .iter()
        .map(|s| s.name)
        .collect()
}

/// Every RUN command of every build stage, joined.
fn runs(p: &Plan) -> Vec<String> {
    p.node
        .as_ref()
        .unwrap()
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .filter_map(|s| s.run.as_ref())
        .map(|r| {
            let mut words: Vec<&str> = r.mounts.iter().map(|m| m.as_str()).collect();
            words.extend(r.commands.iter().map(|c| c.as_str()));
            words.join(" ")
        })
        .collect()
}

fn copies(p: &Plan) -> Vec<String> {
    p.runtime
        .copies
        .iter()
        .map(|c| format!("{} {} {}", c.from, c.src.as_str(), c.dest.as_str()))
        .collect()
}

const TS: &str = r#"{"name": "api", "scripts": {"build": "tsc", "start": "node dist/main.js"},
  "dependencies": {"express": "5"}, "devDependencies": {"typescript": "5"}}"#;

fn ts_tree() -> MemTree {
    MemTree::new()
        .with("package.json", TS)
        .with("package-lock.json", "{}")
        .with("src/main.ts", "app.listen(process.env.PORT ?? 4000)\n")
}

#[test]
fn a_typescript_server_builds_with_dev_dependencies_and_ships_only_production_ones() {
    let p = plan_at(&ts_tree(), "", None);
    assert_eq!(stage_names(&p), ["base", "deps", "build-deps", "build"]);
    let runs = runs(&p);
    assert!(runs.iter().any(|r| r.ends_with("npm ci --omit=dev")));
    assert!(runs.iter().any(|r| r.ends_with("npm ci")));
    assert!(runs.iter().any(|r| r == "npm run build"));
    assert_eq!(
        copies(&p),
        [
            "tini /usr/bin/tini-static /usr/bin/tini",
            "deps /app/node_modules /app/node_modules",
            "build /app/package.json /app/package.json",
            "build /app/dist /app/dist",
        ]
    );
    // NODE_ENV=production only in the runtime: the build needs dev dependencies.
    let build_env = p
        .node
        .as_ref()
        .unwrap()
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .any(|s| s.env.as_ref().is_some_and(|e| e.name == "NODE_ENV"));
    assert!(!build_env);
    assert!(p.runtime.env.iter().any(|e| e.name == "NODE_ENV"));
    let port: Vec<_> = p.runtime.env.iter().filter(|e| e.name == "PORT").collect();
    assert_eq!((port.len(), p.runtime.expose), (1, 4000));
    assert_eq!(port[0].value.as_str(), "4000");
    assert!(
        !p.node.as_ref().unwrap().stages.iter().any(|s| s.cross),
        "no stage that installs node_modules runs on the build platform"
    );
}

#[test]
fn runtimes_pick_their_image_user_and_node_binary() {
    for (runtime, image, user, node) in [
        (
            Runtime::Slim,
            "node:${NODE_VERSION}-trixie-slim",
            "1000:1000",
            images::NODE_BIN,
        ),
        (
            Runtime::Alpine,
            "node:${NODE_VERSION}-alpine3.24",
            "1000:1000",
            images::NODE_BIN,
        ),
        (
            Runtime::Distroless,
            "gcr.io/distroless/nodejs26-debian13:nonroot",
            "65532:65532",
            images::DISTROLESS_NODE_BIN,
        ),
    ] {
        let p = plan_at(&ts_tree(), "", Some(runtime));
        assert_eq!(p.runtime.image, image, "{runtime}");
        assert_eq!(p.runtime.user, user);
        assert!(p.runtime.create_user.is_none());
        let argv: Vec<String> = serde_json::from_str(p.runtime.entrypoint.as_str()).unwrap();
        assert_eq!(argv[..3], [images::TINI_PATH, "--", node]);
        let base = &p.node.as_ref().unwrap().stages[0].from;
        assert_eq!(
            base.contains("alpine"),
            runtime == Runtime::Alpine,
            "native addons match the runtime's libc"
        );
    }
}

#[test]
fn native_addons_get_compilers_on_the_runtimes_libc() {
    let tree = ts_tree().with(
        "package.json",
        r#"{"scripts": {"start": "node index.js"}, "dependencies": {"bcrypt": "6"}}"#,
    );
    let p = plan_at(&tree, "", Some(Runtime::Alpine));
    assert!(
        runs(&p)
            .iter()
            .any(|r| r == "apk add --no-cache g++ make python3")
    );
    let p = plan_at(&tree, "", None);
    assert!(
        runs(&p)
            .iter()
            .any(|r| r.contains("apt-get install -y --no-install-recommends g++ make python3"))
    );
}

#[test]
fn a_static_site_is_built_on_the_build_platform_and_served_by_nginx() {
    let tree = MemTree::new()
        .with(
            "package.json",
            r#"{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "8"}}"#,
        )
        .with("package-lock.json", "{}");
    let p = plan_at(&tree, "", None);
    assert_eq!(p.runtime.image, images::NGINX_UNPRIVILEGED);
    assert_eq!(
        (p.runtime.user.as_str(), p.runtime.expose),
        ("101:101", 8080)
    );
    assert!(p.tini.is_none());
    assert!(p.node.as_ref().unwrap().stages[0].cross);
    assert_eq!(stage_names(&p), ["base", "build-deps", "build"]);
    assert_eq!(
        copies(&p),
        [
            "build /app/nginx.conf /etc/nginx/conf.d/default.conf",
            "build /app/dist /usr/share/nginx/html"
        ]
    );
    assert_eq!(p.files[0].path, "nginx.conf");
    assert_eq!(
        p.node.as_ref().unwrap().nginx.as_ref().unwrap().assets,
        Some("assets")
    );
}

#[test]
fn package_managers_are_installed_pinned_and_frozen() {
    for (lock, extra, tool, prod) in [
        (
            "pnpm-lock.yaml",
            "",
            "npm install --global pnpm@",
            "pnpm install --prod --frozen-lockfile --store-dir /pnpm/store",
        ),
        (
            "yarn.lock",
            "",
            "npm install --global --force yarn@1.22.22",
            "yarn install --production --frozen-lockfile --non-interactive",
        ),
        (
            "bun.lock",
            "",
            "npm install --global bun@",
            "bun install --production --frozen-lockfile",
        ),
        (
            "yarn.lock",
            ".yarnrc.yml",
            "npm install --global @yarnpkg/cli-dist@",
            "yarn workspaces focus --all --production",
        ),
    ] {
        let mut tree = MemTree::new()
            .with(
                "package.json",
                r#"{"main": "index.js", "dependencies": {"ms": "2"}}"#,
            )
            .with(lock, "");
        if !extra.is_empty() {
            tree.insert(extra, "");
        }
        let p = plan_at(&tree, "", None);
        let runs = runs(&p);
        assert!(runs.iter().any(|r| r.contains(tool)), "{lock}: {runs:?}");
        assert!(runs.iter().any(|r| r.ends_with(prod)), "{lock}: {runs:?}");
        assert!(
            runs.iter()
                .any(|r| r.contains(&format!("source={lock},target={lock}")))
        );
    }
}

#[test]
fn install_scripts_install_after_the_sources_and_prune_for_production() {
    let tree = MemTree::new()
        .with(
            "package.json",
            r#"{"scripts": {"postinstall": "prisma generate", "build": "tsc", "start": "node dist/main.js"},
               "dependencies": {"@prisma/client": "6"}, "devDependencies": {"prisma": "6"}}"#,
        )
        .with("package-lock.json", "{}");
    let p = plan_at(&tree, "", None);
    assert_eq!(stage_names(&p), ["base", "build"]);
    assert_eq!(
        runs(&p),
        [
            "--mount=type=cache,target=/root/.npm npm ci",
            "npm run build npm prune --omit=dev"
        ]
    );
    assert!(copies(&p).contains(&"build /app/node_modules /app/node_modules".to_string()));
}

#[test]
fn next_standalone_copies_the_server_owned_by_the_runtime_user() {
    let tree = MemTree::new()
        .with("package.json", r#"{"scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "16"}}"#)
        .with("package-lock.json", "{}")
        .with("next.config.mjs", "export default { output: 'standalone' }\n")
        .with("public/robots.txt", "");
    let p = plan_at(&tree, "", Some(Runtime::Distroless));
    let standalone = &p.runtime.copies[1];
    assert_eq!(standalone.src.as_str(), "/app/.next/standalone");
    assert_eq!(standalone.chown.as_deref(), Some("65532:65532"));
    assert!(
        p.runtime
            .env
            .iter()
            .any(|e| e.name == "HOSTNAME" && e.value.as_str() == "0.0.0.0")
    );
    let argv: Vec<String> = serde_json::from_str(p.runtime.entrypoint.as_str()).unwrap();
    assert_eq!(argv[2..], ["/nodejs/bin/node", "server.js"]);
}

fn workspace(lock: &str, extra: &[(&str, &str)]) -> MemTree {
    let mut tree = MemTree::new()
        .with("package.json", r#"{"private": true, "workspaces": ["apps/*", "packages/*"]}"#)
        .with(lock, "")
        .with("apps/web/package.json", r#"{"name": "web", "scripts": {"build": "tsc", "start": "node dist/main.js"}, "dependencies": {"@x/ui": "*", "ms": "2"}}"#)
        .with("apps/api/package.json", r#"{"name": "api", "main": "index.js"}"#)
        .with("packages/ui/package.json", r#"{"name": "@x/ui", "scripts": {"build": "tsc"}}"#);
    for (path, text) in extra {
        tree.insert(path, *text);
    }
    tree
}

#[test]
fn npm_and_yarn_workspace_members_ship_only_their_workspace_packages() {
    let p = plan_at(&workspace("package-lock.json", &[]), "apps/web", None);
    let npm = runs(&p);
    assert!(
        npm.iter()
            .any(|r| r.contains("source=apps/api/package.json")),
        "every member's manifest feeds the install"
    );
    assert!(npm.iter().any(|r| r.ends_with("npm ci --omit=dev --workspace apps/web mkdir -p node_modules packages/ui/node_modules apps/web/node_modules")), "{npm:?}");
    assert!(
        npm.iter().any(
            |r| r == "npm run build --workspace packages/ui npm run build --workspace apps/web"
        ),
        "{npm:?}"
    );
    let copies = copies(&p);
    assert!(copies.contains(&"build /app/packages/ui /app/packages/ui".to_string()));
    assert!(copies.contains(&"build /app/apps/web /app/apps/web".to_string()));
    assert!(!copies.iter().any(|c| c.contains("apps/api")));
    assert_eq!(
        p.runtime.workdir.as_ref().unwrap().as_str(),
        "/app/apps/web"
    );
    assert_eq!(
        p.build_context.as_ref().unwrap().command,
        "docker build -f apps/web/Dockerfile ."
    );

    let p = plan_at(
        &workspace(
            "yarn.lock",
            &[(".yarnrc.yml", "nodeLinker: node-modules\n")],
        ),
        "apps/web",
        None,
    );
    let yarn = runs(&p);
    assert!(
        yarn.iter()
            .any(|r| r.contains("yarn workspaces focus web --production")),
        "{yarn:?}"
    );
    assert!(
        yarn.iter()
            .any(|r| r.contains("yarn workspace @x/ui run build")),
        "{yarn:?}"
    );
}

#[test]
fn a_pnpm_workspace_member_is_deployed_with_its_production_dependencies() {
    let tree = workspace(
        "pnpm-lock.yaml",
        &[(
            "pnpm-workspace.yaml",
            "packages:\n  - apps/*\n  - packages/*\n",
        )],
    );
    let p = plan_at(&tree, "apps/web", None);
    let runs = runs(&p);
    assert!(runs.iter().any(|r| {
        r.ends_with("pnpm install --frozen-lockfile --filter web... --store-dir /pnpm/store")
    }));
    assert!(runs.iter().any(|r| r == "pnpm --filter web... run build"));
    assert!(runs.iter().any(|r| r.ends_with("pnpm --filter web deploy --prod --store-dir /pnpm/store /deploy")));
    assert_eq!(copies(&p)[1], "build /deploy /app");
    // pnpm deploy honours a member's .gitignore, which would drop the dist/ it runs.
    let ignored = |p: &Plan| {
        p.dockerignore
            .iter()
            .any(|g| g.patterns.contains(&"**/.gitignore"))
    };
    assert!(ignored(&p));
    let npm = workspace("package-lock.json", &[]);
    assert!(!ignored(&plan_at(&npm, "apps/web", None)));
}

#[test]
fn a_workspace_root_that_is_the_app_installs_with_every_member_manifest() {
    let tree = MemTree::new()
        .with(
            "package.json",
            r#"{"workspaces": ["packages/*"], "scripts": {"build": "tsc", "start": "node dist/server.js"},
                "dependencies": {"@x/lib": "*"}}"#,
        )
        .with("package-lock.json", "{}")
        .with("packages/lib/package.json", r#"{"name": "@x/lib", "main": "index.js"}"#);
    let p = plan_at(&tree, "", None);
    assert_eq!(stage_names(&p), ["base", "build"]);
    let runs = runs(&p);
    assert!(runs.iter().any(|r| r.ends_with("npm ci")), "{runs:?}");
    assert!(
        runs.iter()
            .any(|r| r == "npm run build npm prune --omit=dev"),
        "{runs:?}"
    );
    assert!(
        copies(&p).contains(&"build /app /app".to_string()),
        "{:?}",
        copies(&p)
    );
}
