//! The Python version a project asks for: `.python-version` and `runtime.txt` pin a minor;
//! `requires-python`, Poetry's `python` constraint and Pipfile's `[requires]` limit it. A
//! range is resolved against the minors that have official images, so `<3.13` gives 3.12 and
//! never an image that does not exist.

use super::{Evidence, ManifestError, VersionReq};
use crate::plan::images;

/// A minor version, `(major, minor)`.
type Minor = (u32, u32);

fn parse_minor(text: &str) -> Option<Minor> {
    let mut parts = text.split('.');
    let major = parts.next()?.trim().parse().ok()?;
    let minor = parts.next()?.trim().parse().ok()?;
    Some((major, minor))
}

/// `3.12`, `3.12.4`, `cpython-3.12`, `python-3.11.6` → `(3, 12)`.
fn leading_minor(text: &str) -> Option<Minor> {
    let text = text.trim();
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let prefix = &text[..start];
    if !prefix.is_empty() && !matches!(prefix, "cpython-" | "python-" | "python" | "cpython@") {
        return None;
    }
    let version: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    parse_minor(&version)
}

/// Version numbers of a specifier: `3`, `3.11`, `3.11.4`, `3.11.*`.
struct Bound {
    minor: Minor,
    /// More than `major.minor` was written (`3.11.4`), or a wildcard (`3.11.*`).
    patch: bool,
    wildcard: bool,
    /// Only the major was written (`<4`).
    major_only: bool,
}

fn bound(text: &str) -> Option<Bound> {
    let text = text.trim();
    let wildcard = text.ends_with(".*");
    let text = text.trim_end_matches(".*");
    let parts: Vec<&str> = text.split('.').collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let major = parts[0].parse().ok()?;
    let minor = parts.get(1).map_or(Some(0), |m| m.parse().ok())?;
    let patch_nonzero = parts
        .get(2)
        .is_some_and(|p| !p.trim_start_matches('0').is_empty());
    Some(Bound {
        minor: (major, minor),
        patch: patch_nonzero,
        wildcard,
        major_only: parts.len() == 1,
    })
}

/// Whether some release of `minor` satisfies one clause (`>=3.10`, `<3.13`, `^3.11`, `~=3.11`).
fn clause_admits(clause: &str, minor: Minor) -> Option<bool> {
    let clause = clause.trim();
    if clause.is_empty() || clause == "*" {
        return Some(true);
    }
    let ops = ["~=", "==", "!=", ">=", "<=", "^", "~", ">", "<", "="];
    let (op, rest) = ops
        .iter()
        .find_map(|op| clause.strip_prefix(op).map(|r| (*op, r)))
        .unwrap_or(("", clause));
    let b = bound(rest)?;
    let v = b.minor;
    let next_major = (v.0 + 1, 0);
    Some(match op {
        ">=" => {
            if b.major_only {
                minor.0 >= v.0
            } else {
                minor >= v
            }
        }
        ">" => {
            if b.major_only {
                minor.0 > v.0
            } else {
                minor >= v
            }
        }
        "<" => {
            if b.major_only {
                minor.0 < v.0
            } else {
                minor < v || (minor == v && b.patch)
            }
        }
        "<=" => {
            if b.major_only {
                minor.0 <= v.0
            } else {
                minor <= v
            }
        }
        "==" | "=" | "" => {
            if b.major_only {
                minor.0 == v.0
            } else {
                minor == v
            }
        }
        "!=" => match (b.wildcard, b.major_only) {
            (true, true) => minor.0 != v.0,
            (true, false) => minor != v,
            (false, _) => true,
        },
        "~=" => {
            if b.patch {
                minor == v
            } else {
                minor >= v && minor.0 == v.0
            }
        }
        "^" => minor >= v && minor < next_major,
        "~" => {
            if b.major_only {
                minor.0 == v.0
            } else {
                minor == v
            }
        }
        _ => return None,
    })
}

/// Whether a specifier (`>=3.9,<3.13`, Poetry's `^3.10 || ^4.0`) admits some release of `minor`.
/// `None` when it cannot be read.
pub fn admits(spec: &str, minor: Minor) -> Option<bool> {
    let mut any = false;
    for alternative in spec.split("||") {
        let mut all = true;
        for clause in alternative.split(',') {
            all &= clause_admits(clause, minor)?;
        }
        any |= all;
    }
    Some(any)
}

fn key(text: &str) -> Minor {
    parse_minor(text).unwrap_or((0, 0))
}

/// Resolves a range against the minors with images: the default when allowed, else the
/// newest allowed below it, else the oldest allowed above it.
///
/// # Errors
/// A specifier that does not parse, or one that no known Python satisfies.
pub fn from_range(
    spec: &str,
    file: &str,
    line: Option<usize>,
    what: &str,
) -> Result<VersionReq, ManifestError> {
    let unreadable = || {
        ManifestError::new(
            file,
            line,
            format!(
                "{what} {} is not a version specifier",
                crate::values::shown(spec)
            ),
        )
    };
    let mut allowed = Vec::new();
    for candidate in images::PYTHON_MINORS {
        if admits(spec, key(candidate)).ok_or_else(unreadable)? {
            allowed.push(*candidate);
        }
    }
    let default = images::PYTHON_DEFAULT;
    let shown = spec.trim();
    let evidence = |text: String| Evidence::new(file, line, text);
    if allowed.contains(&default) {
        let oldest = allowed.first().copied().unwrap_or(default);
        return Ok(VersionReq {
            version: oldest.to_string(),
            exact: false,
            evidence: evidence(format!(
                "{what} {shown}: Python {oldest} or newer, up to {}",
                allowed.last().copied().unwrap_or(default)
            )),
        });
    }
    if let Some(newest) = allowed
        .iter()
        .rev()
        .find(|m| key(m) < key(default))
        .copied()
    {
        return Ok(VersionReq {
            version: newest.to_string(),
            exact: true,
            evidence: evidence(format!(
                "{what} {shown} rules out {default}; {newest} is the newest Python it allows"
            )),
        });
    }
    if let Some(oldest) = allowed.first().copied() {
        return Ok(VersionReq {
            version: oldest.to_string(),
            exact: false,
            evidence: evidence(format!("{what} {shown}: Python {oldest} or newer")),
        });
    }
    Err(ManifestError::new(
        file,
        line,
        format!(
            "{what} {} allows none of the Python versions with official images ({})",
            crate::values::shown(spec),
            images::PYTHON_MINORS.join(", ")
        ),
    ))
}

/// A file that pins one version (`.python-version`, `runtime.txt`, Pipfile's
/// `python_version`): its minor, exactly.
pub fn pinned(text: &str, file: &str, line: Option<usize>) -> Option<VersionReq> {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let (major, minor) = leading_minor(first)?;
    let version = format!("{major}.{minor}");
    crate::values::check_version(&version).ok()?;
    Some(VersionReq {
        evidence: Evidence::new(
            file,
            line,
            format!("pins Python {}: {version}", crate::values::shown(first)),
        ),
        version,
        exact: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(spec: &str) -> Vec<&'static str> {
        images::PYTHON_MINORS
            .iter()
            .copied()
            .filter(|m| admits(spec, key(m)).unwrap())
            .collect()
    }

    #[test]
    fn pep440_and_poetry_ranges() {
        assert_eq!(allowed(">=3.12"), ["3.12", "3.13", "3.14", "3.15"]);
        assert_eq!(allowed(">=3.10,<3.13"), ["3.10", "3.11", "3.12"]);
        assert_eq!(allowed(">=3.11.4, <3.12.2"), ["3.11", "3.12"]);
        assert_eq!(allowed("~=3.11"), ["3.11", "3.12", "3.13", "3.14", "3.15"]);
        assert_eq!(allowed("~=3.11.2"), ["3.11"]);
        assert_eq!(allowed("==3.12.*"), ["3.12"]);
        assert_eq!(allowed("!=3.13.*,>=3.12"), ["3.12", "3.14", "3.15"]);
        assert_eq!(allowed("!=3.13.1,>=3.13"), ["3.13", "3.14", "3.15"]);
        assert_eq!(allowed("^3.11"), ["3.11", "3.12", "3.13", "3.14", "3.15"]);
        assert_eq!(allowed("~3.11"), ["3.11"]);
        assert_eq!(allowed(">=3.8,<4"), images::PYTHON_MINORS);
        assert_eq!(allowed("3.12.*"), ["3.12"]);
        assert_eq!(allowed("^2.7 || ^3.13"), ["3.13", "3.14", "3.15"]);
        assert_eq!(allowed("*"), images::PYTHON_MINORS);
        assert_eq!(admits(">=three", (3, 12)), None);
    }

    #[test]
    fn ranges_resolve_to_an_image_that_exists() {
        let r = from_range(">=3.10", "pyproject.toml", Some(4), "requires-python").unwrap();
        assert_eq!((r.version.as_str(), r.exact), ("3.10", false));
        let r = from_range(">=3.10,<3.13", "pyproject.toml", Some(4), "requires-python").unwrap();
        assert_eq!((r.version.as_str(), r.exact), ("3.12", true));
        assert!(r.evidence.conclusion.contains("rules out 3.14"));
        let r = from_range(">=3.15", "pyproject.toml", None, "requires-python").unwrap();
        assert_eq!((r.version.as_str(), r.exact), ("3.15", false));
        let e = from_range("<3.0", "pyproject.toml", Some(2), "requires-python").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = from_range("banana", "pyproject.toml", Some(3), "requires-python").unwrap_err();
        assert!(e.message.contains("not a version specifier"), "{e}");
    }

    #[test]
    fn pins_take_the_minor() {
        assert_eq!(
            pinned("3.12.4\n", ".python-version", None).unwrap().version,
            "3.12"
        );
        assert_eq!(
            pinned("# c\ncpython-3.11\n", ".python-version", None)
                .unwrap()
                .version,
            "3.11"
        );
        assert_eq!(
            pinned("python-3.11.6", "runtime.txt", None)
                .unwrap()
                .version,
            "3.11"
        );
        assert!(pinned("system\n", ".python-version", None).is_none());
        assert!(pinned("pypy3.10\n", ".python-version", None).is_none());
        assert!(
            pinned("3.12$(id)\n", ".python-version", None).is_some_and(|r| r.version == "3.12")
        );
    }
}
