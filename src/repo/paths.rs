//! Repository paths: relative, `/`-separated, never leaving the root. Joining, resolving
//! `..`, and refusing paths that do not name something inside the repository.

use super::RepoError;

/// Refuses paths that are absolute or hold empty, `.` or `..` segments: a [`Tree`] only
/// answers for paths that name something inside the repository.
pub(super) fn check_inside(path: &str) -> Result<(), RepoError> {
    let bad = path.starts_with('/')
        || path.contains('\0')
        || (!path.is_empty()
            && path
                .split('/')
                .any(|s| s.is_empty() || s == "." || s == ".."));
    if bad {
        return Err(RepoError::OutsideRepo {
            path: crate::values::shown(path),
        });
    }
    Ok(())
}

/// Joins a directory and a name into a repository-relative path.
#[must_use]
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Resolves the repository path `rel` against the directory `dir` (both relative to the
/// repository root, `/`-separated); `None` when `..` leaves the repository.
pub fn resolve(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for segment in rel.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_stays_inside_the_repository() {
        assert_eq!(resolve("a/b", "../c/./d").as_deref(), Some("a/c/d"));
        assert_eq!(resolve("", "x//y/").as_deref(), Some("x/y"));
        assert_eq!(resolve("a", "..").as_deref(), Some(""));
        assert_eq!(resolve("a", "../.."), None);
    }
}
