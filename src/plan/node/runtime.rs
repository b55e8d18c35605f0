//! The final stage of a Node.js image: production node_modules and the build output on the
//! chosen Node.js runtime behind tini, or the static build on unprivileged nginx.

use super::{APP_DIR, Shape, workspace};
use crate::detect::node::{NodeFacts, NodeKind, Routing, RuntimeFiles, ServerFacts};
use crate::language::Runtime;
use crate::plan::runtime::{CopyFrom, EnvVar, RuntimeStage};
use crate::plan::{PlanError, TiniStage, images};
use crate::quote::{self, Fragment};
use crate::settings::Settings;

fn path(p: &str) -> Fragment {
    Fragment::validated(p)
}

fn app(rel: &str) -> String {
    if rel.is_empty() {
        APP_DIR.to_string()
    } else {
        format!("{APP_DIR}/{rel}")
    }
}

/// Copies `/app/<rel>` of a stage to the same place.
pub(super) fn same_place(from: &'static str, rel: &str) -> CopyFrom {
    CopyFrom::new(from, path(&app(rel)), path(&app(rel)))
}

fn owned(mut copy: CopyFrom, user: &str) -> CopyFrom {
    copy.chown = Some(user.to_string());
    copy
}

fn static_site(
    settings: &Settings,
    facts: &NodeFacts,
    output: &str,
    from_build: &'static str,
) -> Result<RuntimeStage, PlanError> {
    let entry =
        quote::exec_form(&["/docker-entrypoint.sh".to_string()]).map_err(|reason| PlanError {
            what: "the nginx entrypoint".into(),
            reason,
        })?;
    let mut stage = RuntimeStage::new(
        Runtime::Alpine,
        images::NGINX_UNPRIVILEGED,
        settings.port,
        entry,
    );
    stage.create_user = None;
    stage.user = format!("{0}:{0}", images::NGINX_UID);
    stage.copies.push(CopyFrom::new(
        from_build,
        path(&app(&facts.in_package("nginx.conf"))),
        Fragment::fixed("/etc/nginx/conf.d/default.conf"),
    ));
    stage.copies.push(CopyFrom::new(
        from_build,
        path(&app(&facts.in_package(output))),
        Fragment::fixed("/usr/share/nginx/html"),
    ));
    stage.cmd = Some(Fragment::fixed("[\"nginx\", \"-g\", \"daemon off;\"]"));
    Ok(stage)
}

/// The start command: the user's `--cmd` or the detected one, with `node` replaced by the
/// runtime's Node.js binary, behind tini.
fn entrypoint(
    settings: &Settings,
    server: &ServerFacts,
    node: &str,
) -> Result<Fragment, PlanError> {
    let mut argv = vec![images::TINI_PATH.to_string(), "--".to_string()];
    let start = settings
        .command
        .clone()
        .unwrap_or_else(|| server.start.clone());
    for (i, word) in start.into_iter().enumerate() {
        argv.push(if i == 0 && word == "node" {
            node.to_string()
        } else {
            word
        });
    }
    quote::exec_form(&argv).map_err(|reason| PlanError {
        what: "the start command".into(),
        reason,
    })
}

fn server_copies(
    facts: &NodeFacts,
    server: &ServerFacts,
    shape: &Shape<'_>,
    from_build: &'static str,
    user: &str,
) -> Vec<CopyFrom> {
    let modules_from = if shape.prune_mode { from_build } else { "deps" };
    // No production dependencies: npm and friends create no node_modules to copy.
    let node_modules: Vec<CopyFrom> = if facts.production_dependencies {
        vec![same_place(modules_from, "node_modules")]
    } else {
        Vec::new()
    };
    let package_json = same_place(from_build, "package.json");
    match &server.files {
        RuntimeFiles::Package if shape.prune_mode => vec![same_place(from_build, "")],
        RuntimeFiles::Package => {
            let mut copies = vec![same_place(from_build, "")];
            copies.extend(node_modules);
            copies
        }
        RuntimeFiles::Outputs { paths } => {
            let mut copies = node_modules;
            copies.push(package_json);
            copies.extend(paths.iter().map(|p| same_place(from_build, p)));
            copies
        }
        RuntimeFiles::SelfContained { path } => vec![same_place(from_build, path)],
        RuntimeFiles::NextStandalone { public } => {
            let mut copies = vec![
                owned(
                    CopyFrom::new(
                        from_build,
                        Fragment::fixed("/app/.next/standalone"),
                        Fragment::fixed(APP_DIR),
                    ),
                    user,
                ),
                same_place(from_build, ".next/static"),
            ];
            if *public {
                copies.push(same_place(from_build, "public"));
            }
            copies
        }
        RuntimeFiles::NextServer { public, config } => {
            let mut copies = node_modules;
            copies.push(package_json);
            copies.push(owned(same_place(from_build, ".next"), user));
            if *public {
                copies.push(same_place(from_build, "public"));
            }
            copies.extend(config.iter().map(|c| same_place(from_build, c)));
            copies
        }
    }
}

/// Plans the final stage.
///
/// # Errors
/// A start command that cannot be written in exec form.
pub(super) fn stage(
    settings: &Settings,
    facts: &NodeFacts,
    shape: &Shape<'_>,
    builder_image: &str,
    from_build: &'static str,
    notes: &mut Vec<String>,
) -> Result<RuntimeStage, PlanError> {
    let server = match &facts.kind {
        NodeKind::Static(site) => {
            let serving = match site.routing {
                Routing::SinglePage => {
                    "as a single-page app (nginx.conf: try_files falls back to /index.html)"
                }
                Routing::Pages => {
                    "as pages, one per route (nginx.conf: try_files $uri, $uri.html, $uri/index.html; anything else is a 404)"
                }
            };
            notes.push(format!(
                "runtime: nginx-unprivileged on Alpine serves {}/ {serving}, uid 101, port {}",
                site.output, settings.port
            ));
            return static_site(settings, facts, &site.output, from_build);
        }
        NodeKind::Server(server) => server,
    };
    let runtime = settings.runtime;
    let major = crate::plan::major(&settings.version);
    let (image, node, uid) = match runtime {
        Runtime::Distroless => (
            images::distroless_node(major),
            images::DISTROLESS_NODE_BIN,
            images::DISTROLESS_UID,
        ),
        _ => (
            builder_image.to_string(),
            images::NODE_BIN,
            images::NODE_UID,
        ),
    };
    let user = format!("{uid}:{uid}");
    let entry = entrypoint(settings, server, node)?;
    let mut stage = RuntimeStage::new(runtime, &image, settings.port, entry);
    stage.create_user = None;
    stage.user.clone_from(&user);
    stage.copies.push(TiniStage::debian().copy());
    let workdir = match &facts.workspace {
        Some(ws) => {
            let layout = workspace::runtime_copies(facts, ws, from_build);
            stage.copies.extend(layout.copies);
            layout.workdir
        }
        None => {
            stage
                .copies
                .extend(server_copies(facts, server, shape, from_build, &user));
            APP_DIR.to_string()
        }
    };
    stage.workdir = Some(path(&workdir));
    stage.env.push(EnvVar {
        name: "NODE_ENV",
        value: Fragment::fixed("production"),
    });
    stage.env.push(EnvVar {
        name: "PORT",
        value: Fragment::validated(&settings.port.to_string()),
    });
    for (name, value) in &server.env {
        stage.env.push(EnvVar {
            name,
            value: Fragment::fixed(value),
        });
    }
    notes.push(match runtime {
        Runtime::Distroless => {
            format!("runtime: distroless nodejs{major}, no shell or package manager, uid 65532")
        }
        Runtime::Alpine => {
            "runtime: the node image on Alpine (musl), as its own user node, uid 1000".into()
        }
        _ => "runtime: the node image on Debian trixie slim, as its own user node, uid 1000".into(),
    });
    notes.push(
        "init: tini as PID 1, so SIGTERM stops Node.js promptly even without a signal handler"
            .into(),
    );
    notes.push(match &settings.command {
        Some(command) => format!("start: {} (--cmd)", command.join(" ")),
        None => format!(
            "start: {} directly, not through a package manager ({})",
            server.start.join(" "),
            server.start_evidence.location()
        ),
    });
    notes.push(format!("port: ENV PORT={} matches EXPOSE", settings.port));
    Ok(stage)
}
