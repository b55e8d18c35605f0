//! Local `replace` directives: the go.mod files of replacement directories inside the
//! repository, which the dependency download reads.

use crate::detect::gomod::GoMod;
use crate::detect::{DetectError, Evidence};
use crate::repo::{self, Tree};
use crate::values::{self, UnsafeValue};

/// The go.mod files of directory replacements inside the repository; a replacement that
/// leaves the build context or has no go.mod is a warning, since the build cannot succeed.
pub(super) fn replaced_go_mods(
    tree: &dyn Tree,
    module: &GoMod,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<Vec<String>, DetectError> {
    let mut files = Vec::new();
    for replacement in &module.local_replacements {
        let shown = values::shown(&replacement.value);
        let inside = if replacement.value.starts_with('/') {
            None
        } else {
            repo::resolve("", &replacement.value).filter(|dir| !dir.is_empty())
        };
        let Some(dir) = inside else {
            warnings.push(format!(
                "go.mod:{}: replacement {shown} lies outside the project directory, which is the build context: the image build cannot see it",
                replacement.line
            ));
            continue;
        };
        let file = repo::join(&dir, "go.mod");
        if !tree.is_file(&file)? {
            warnings.push(format!(
                "go.mod:{}: replacement {shown} has no go.mod: the dependency download will fail",
                replacement.line
            ));
            continue;
        }
        values::check_rel_path(&file).map_err(|reason| {
            UnsafeValue::new("go.mod", "replace directory", &replacement.value, reason)
        })?;
        evidence.push(Evidence::new(
            "go.mod",
            Some(replacement.line),
            format!("replaced by the local module {dir}: its go.mod is bound into the dependency download"),
        ));
        files.push(file);
    }
    files.sort();
    files.dedup();
    Ok(files)
}
