//! A go.work with no go.mod at the root: the error that names its members and says what to
//! do instead.

use crate::detect::ManifestError;
use crate::values;

/// A go.work with no go.mod beside it: msb builds one module, and a member directory alone
/// cannot see the modules the workspace resolves for it.
pub(super) fn workspace_without_module(work: &str) -> ManifestError {
    let mut uses = Vec::new();
    let mut in_block = false;
    for line in work.lines() {
        let line = line.split("//").next().unwrap_or_default().trim();
        if in_block {
            if line == ")" {
                in_block = false;
            } else if !line.is_empty() {
                uses.push(values::shown(line));
            }
        } else if let Some(rest) = line.strip_prefix("use") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
            } else if !rest.is_empty() {
                uses.push(values::shown(rest));
            }
        }
    }
    let members = if uses.is_empty() {
        String::new()
    } else {
        format!(" (it uses {})", uses.join(", "))
    };
    ManifestError::new(
        "go.work",
        None,
        format!(
            "a Go workspace without a go.mod at its root{members}: msb builds one module whose go.mod is at the project root; give the root a module, or run msb on a member whose go.mod replaces the modules it needs with directories inside it"
        ),
    )
}
