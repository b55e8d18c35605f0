//! `include_bytes!`/`include_str!` of files the generated .dockerignore drops as likely
//! secrets (`*.pem`, `*.crt`, …): the build, which sees only the context, cannot find them.

use super::DetectError;
use super::go_embed::ignored_extension;
use crate::repo::Tree;
use crate::values;

/// Warnings for every include of an ignored file in the given source files.
///
/// # Errors
/// A source file that cannot be read.
pub fn ignored(tree: &dyn Tree, sources: &[&str]) -> Result<Vec<String>, DetectError> {
    let mut warnings = Vec::new();
    for source in sources {
        let Some(text) = tree.read(source)? else {
            continue;
        };
        for (index, line) in text.lines().enumerate() {
            for path in included_paths(line) {
                if let Some(ext) = ignored_extension(path) {
                    warnings.push(format!(
                        "{}:{}: includes {}, but the generated .dockerignore keeps {ext} files out of the build context as likely secrets, so the build cannot find it; un-ignore it in .dockerignore if it is meant to ship",
                        values::printable(source),
                        index + 1,
                        values::shown(path)
                    ));
                }
            }
        }
    }
    Ok(warnings)
}

/// The literal paths of `include_bytes!("…")` and `include_str!("…")` on a line.
fn included_paths(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for macro_name in ["include_bytes!(\"", "include_str!(\""] {
        let mut rest = line;
        while let Some(at) = rest.find(macro_name) {
            let after = &rest[at + macro_name.len()..];
            let Some(end) = after.find('"') else { break };
            found.push(&after[..end]);
            rest = &after[end..];
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    #[test]
    fn includes_of_ignored_extensions_are_reported() {
        let tree = MemTree::new().with(
            "src/main.rs",
            "const CA: &[u8] = include_bytes!(\"../certs/rds-ca.pem\");\nconst DOC: &str = include_str!(\"../README.md\");\n",
        );
        let warnings = ignored(&tree, &["src/main.rs", "src/missing.rs"]).unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("src/main.rs:1: includes \"../certs/rds-ca.pem\""));
    }
}
