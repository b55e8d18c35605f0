//! Next.js: how `next.config.*` says to build (standalone server, static export or
//! `next start`), the start command each implies and the environment its server needs.

use serde::Serialize;

use super::Found;
use super::config::{config_literal, first_config};
use crate::detect::node::Routing;
use crate::detect::{DetectError, Evidence};
use crate::repo::Tree;

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

const NEXT_CONFIGS: &[&str] = &[
    "next.config.js",
    "next.config.mjs",
    "next.config.ts",
    "next.config.cjs",
    "next.config.mts",
];

pub(super) fn detect(tree: &dyn Tree, dir: &str, found: &mut Found) -> Result<(), DetectError> {
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
        NextOutput::Export => {
            found.static_routing = Routing::Pages;
            found.static_output = Some(("out".into(), evidence));
        }
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

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::*;
    use crate::repo::MemTree;

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
}
