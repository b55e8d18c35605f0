//! `.cargo/config.toml`: the file the dependency download must see, vendored sources, the
//! linkers it names, and build settings that move the binary.

use crate::detect::DetectError;
use crate::detect::cargo_linker::{self, LinkerTools};
use crate::repo::Tree;
use crate::values;

/// `[build] target` (or `target-dir`) moves the binary away from `target/release`, where the
/// Dockerfile copies it from.
fn build_target_warning(file: &str, text: &str, warnings: &mut Vec<String>) {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return;
    };
    let Some(build) = table.get("build").and_then(toml::Value::as_table) else {
        return;
    };
    for key in ["target", "target-dir"] {
        if let Some(value) = build.get(key) {
            warnings.push(format!(
                "{file}: [build] {key} = {} moves the binary out of target/release, where the Dockerfile copies it from; the build will fail until it is removed or overridden",
                values::shown(&value.as_str().map_or_else(|| value.to_string(), str::to_string))
            ));
        }
    }
}

pub(super) fn cargo_config(
    tree: &dyn Tree,
    warnings: &mut Vec<String>,
) -> Result<(Option<String>, bool, LinkerTools), DetectError> {
    for file in [".cargo/config.toml", ".cargo/config"] {
        if let Some(text) = tree.read(file)? {
            let vendored = text.contains("vendored-sources") && tree.is_dir("vendor")?;
            let linker = cargo_linker::scan(file, &text);
            build_target_warning(file, &text, warnings);
            return Ok((Some(file.to_string()), vendored, linker));
        }
    }
    Ok((None, false, LinkerTools::default()))
}
