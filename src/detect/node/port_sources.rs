//! Which source files are scanned for a Node server's port: the entry (mapped back from a
//! build output to `src/`), then conventional server files. Also warns when Fastify would
//! listen on localhost only.

use super::ServerFacts;
use super::entry::runs_fastify_cli;
use super::framework::{self, Framework};
use super::port;
use crate::detect::{DetectError, PortScan};
use crate::repo::{self, Tree};
use crate::values;

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

/// The source files that may name the port: the entry (mapped back from a build output to
/// `src/`) first, then conventional server files.
pub(super) fn scan(
    tree: &dyn Tree,
    dir: &str,
    server: &ServerFacts,
    found: Option<&framework::Found>,
    warnings: &mut Vec<String>,
) -> Result<PortScan, DetectError> {
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
    let mut scan = PortScan::default();
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
