//! Vite: the build output directory `vite.config.*` names, and a Vite app whose `vite`
//! dependency lives in a workspace root.

use super::config::{config_literal, first_config};
use crate::detect::{DetectError, Evidence};
use crate::repo::{self, Tree};

const VITE_CONFIGS: &[&str] = &[
    "vite.config.ts",
    "vite.config.js",
    "vite.config.mjs",
    "vite.config.mts",
    "vite.config.cjs",
];

pub(super) fn out_dir(tree: &dyn Tree, dir: &str) -> Result<(String, Evidence), DetectError> {
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
pub(super) fn hoisted(tree: &dyn Tree, dir: &str) -> Result<Option<Evidence>, DetectError> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::{Framework, detect};
    use crate::detect::node::package_json;
    use crate::repo::MemTree;

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
}
