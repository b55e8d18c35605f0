//! The Node.js major a project asks for: `.nvmrc`, `.node-version`, `volta.node` (pins) or
//! `engines.node` (a semver range). msb builds on a major line (`node:26-trixie-slim`):
//! patch-exact tags predate the Debian release msb pairs builder and runtime on.

use super::package_json::PackageJson;
use crate::detect::{DetectError, Evidence, VersionReq};
use crate::plan::images;
use crate::repo::Tree;

/// LTS codenames `.nvmrc` may name (`lts/iron`).
const LTS_CODENAMES: &[(&str, u32)] =
    &[("hydrogen", 18), ("iron", 20), ("jod", 22), ("krypton", 24)];

/// A version as `(major, minor, patch)`, compared lexicographically.
type Semver = (u32, u32, u32);
const TOP: Semver = (u32::MAX, 0, 0);

/// `[low, high)` versions one comparator set allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Interval {
    low: Semver,
    high: Semver,
}

fn bump(v: Semver, parts: usize) -> Semver {
    match parts {
        1 => (v.0.saturating_add(1), 0, 0),
        2 => (v.0, v.1.saturating_add(1), 0),
        _ => (v.0, v.1, v.2.saturating_add(1)),
    }
}

/// `1`, `1.2`, `v1.2.3`, `1.x`, `1.2.*` → the version and how many parts were given.
fn partial(text: &str) -> Option<(Semver, usize)> {
    let text = text.trim().trim_start_matches(['v', '=']);
    let text = text.split(['-', '+']).next().unwrap_or(text);
    let mut parts = [0u32; 3];
    let mut given = 0;
    for (i, part) in text.split('.').enumerate() {
        if i >= 3 {
            return None;
        }
        if matches!(part, "x" | "X" | "*") {
            break;
        }
        parts[i] = part.parse().ok()?;
        given = i + 1;
    }
    Some(((parts[0], parts[1], parts[2]), given))
}

fn comparator(token: &str) -> Option<Interval> {
    let all = Interval {
        low: (0, 0, 0),
        high: TOP,
    };
    let (op, rest) = ["^", "~", ">=", "<=", ">", "<", "="]
        .iter()
        .find_map(|op| token.strip_prefix(op).map(|rest| (*op, rest)))
        .unwrap_or(("", token));
    if rest.is_empty() || matches!(rest, "*" | "x" | "X") {
        return Some(all);
    }
    let (v, given) = partial(rest)?;
    if given == 0 {
        return Some(all);
    }
    Some(match op {
        "^" => {
            let high = if v.0 > 0 || given == 1 {
                bump(v, 1)
            } else {
                bump(v, 2)
            };
            Interval { low: v, high }
        }
        "~" => Interval {
            low: v,
            high: bump(v, if given == 1 { 1 } else { 2 }),
        },
        ">=" => Interval { low: v, ..all },
        ">" => Interval {
            low: bump(v, given),
            ..all
        },
        "<=" => Interval {
            high: bump(v, given),
            ..all
        },
        "<" => Interval { high: v, ..all },
        _ => Interval {
            low: v,
            high: bump(v, given),
        },
    })
}

/// Parses a semver range into the intervals it allows (one per `||` alternative).
fn parse_range(range: &str) -> Option<Vec<Interval>> {
    let mut out = Vec::new();
    for alternative in range.split("||") {
        let alternative = alternative.trim();
        if let Some((from, to)) = alternative.split_once(" - ") {
            let (low, _) = partial(from)?;
            let (to, given) = partial(to)?;
            out.push(Interval {
                low,
                high: bump(to, given.max(1)),
            });
            continue;
        }
        // `>= 20` is written with a space at times: glue operators to their version.
        let mut tokens: Vec<String> = Vec::new();
        for word in alternative.split_whitespace() {
            match tokens.last_mut() {
                Some(last) if last.chars().all(|c| "<>=^~".contains(c)) => last.push_str(word),
                _ => tokens.push(word.to_string()),
            }
        }
        let mut interval = Interval {
            low: (0, 0, 0),
            high: TOP,
        };
        for token in &tokens {
            let c = comparator(token)?;
            interval.low = interval.low.max(c.low);
            interval.high = interval.high.min(c.high);
        }
        out.push(interval);
    }
    Some(out)
}

/// Node majors (within the lines msb knows) a range allows.
fn allowed_majors(range: &str) -> Option<Vec<u32>> {
    let intervals = parse_range(range)?;
    Some(
        images::NODE_KNOWN_MAJORS
            .filter(|m| {
                intervals
                    .iter()
                    .any(|i| i.low < (m + 1, 0, 0) && i.high > (*m, 0, 0) && i.low < i.high)
            })
            .collect(),
    )
}

fn default_major() -> u32 {
    images::NODE_DEFAULT_MAJOR.parse().unwrap_or(26)
}

/// The request an `engines.node` range makes: the default when allowed, else the newest LTS
/// line it allows.
fn from_range(range: &str, evidence_at: (&str, Option<usize>)) -> Result<VersionReq, String> {
    let majors = allowed_majors(range).ok_or("is not a semver range msb understands")?;
    let (Some(&lowest), Some(&highest)) = (majors.first(), majors.last()) else {
        return Err("allows no Node.js release line msb knows".into());
    };
    let default = default_major();
    let (major, exact, why) = if majors.contains(&default) {
        (
            lowest,
            false,
            format!("engines.node {range} allows Node.js {lowest} and newer lines"),
        )
    } else {
        let best = majors
            .iter()
            .rev()
            .find(|m| *m % 2 == 0)
            .copied()
            .unwrap_or(highest);
        (
            best,
            best < default,
            format!("engines.node {range} allows Node.js {best} (the newest LTS line it allows)"),
        )
    };
    Ok(VersionReq {
        version: major.to_string(),
        exact,
        evidence: Evidence::new(evidence_at.0, evidence_at.1, why),
    })
}

/// A pinned version (`.nvmrc` style) → its major, `None` for "latest"-like aliases.
fn pinned_major(text: &str) -> Result<Option<u32>, String> {
    let value = text.trim();
    let lower = value.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "node" | "stable" | "current" | "latest" | "lts/*" | "lts"
    ) {
        return Ok(None);
    }
    if let Some(name) = lower.strip_prefix("lts/") {
        return LTS_CODENAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| Some(*m))
            .ok_or_else(|| format!("names an LTS line msb does not know ({name})"));
    }
    match partial(value) {
        Some((v, given)) if given > 0 && v.0 > 0 => Ok(Some(v.0)),
        _ => Err("is not a Node.js version".into()),
    }
}

/// Finds the Node.js version a package asks for. Unusable values are warnings, not errors:
/// the version is also a flag, and the default builds nearly everything.
///
/// # Errors
/// Only a version file that cannot be read.
pub fn detect(
    tree: &dyn Tree,
    dir: &str,
    package: &PackageJson,
    warnings: &mut Vec<String>,
) -> Result<Option<VersionReq>, DetectError> {
    for name in [".nvmrc", ".node-version"] {
        let path = crate::repo::join(dir, name);
        let Some(text) = tree.read(&path)? else {
            continue;
        };
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        match pinned_major(first) {
            Ok(Some(major)) => {
                return Ok(Some(VersionReq {
                    version: major.to_string(),
                    exact: true,
                    evidence: Evidence::new(
                        &path,
                        Some(1),
                        format!("pins Node.js {} → the {major} line", first.trim()),
                    ),
                }));
            }
            Ok(None) => {}
            Err(why) => warnings.push(format!(
                "{path}: {} {why}; ignored",
                crate::values::shown(first.trim())
            )),
        }
    }
    let file = package.file.as_str();
    if let Some(volta) = &package.volta_node {
        if let Ok(Some(major)) = pinned_major(volta) {
            return Ok(Some(VersionReq {
                version: major.to_string(),
                exact: true,
                evidence: Evidence::new(
                    file,
                    package.line_of("volta"),
                    format!("volta.node pins Node.js {volta} → the {major} line"),
                ),
            }));
        }
    }
    let Some(range) = &package.engines_node else {
        return Ok(None);
    };
    match from_range(range, (file, package.line_of("engines"))) {
        Ok(req) => Ok(Some(req)),
        Err(why) => {
            warnings.push(format!(
                "{file}: engines.node {} {why}; ignored",
                crate::values::shown(range)
            ));
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn majors(range: &str) -> Vec<u32> {
        allowed_majors(range).unwrap_or_else(|| panic!("{range}"))
    }

    #[test]
    fn ranges_allow_the_expected_majors() {
        assert_eq!(majors("^20.11.0"), [20]);
        assert_eq!(majors("20.x"), [20]);
        assert_eq!(majors("~22.3"), [22]);
        assert_eq!(majors(">=18 <21"), [18, 19, 20]);
        assert_eq!(majors(">= 24"), (24..=30).collect::<Vec<_>>());
        assert_eq!(majors("20 || 22"), [20, 22]);
        assert_eq!(majors("18 - 20"), [18, 19, 20]);
        assert_eq!(majors("<=20.1"), (16..=20).collect::<Vec<_>>());
        assert_eq!(majors(">20"), (21..=30).collect::<Vec<_>>());
        assert_eq!(majors("*"), (16..=30).collect::<Vec<_>>());
        assert!(allowed_majors("lts please").is_none());
    }

    #[test]
    fn the_default_wins_when_allowed_else_the_newest_lts_allowed() {
        let r = from_range(">=20", ("package.json", Some(3))).unwrap();
        assert_eq!((r.version.as_str(), r.exact), ("20", false));
        let r = from_range(">=18 <25", ("package.json", None)).unwrap();
        assert_eq!((r.version.as_str(), r.exact), ("24", true));
        let r = from_range("^23", ("package.json", None)).unwrap();
        assert_eq!((r.version.as_str(), r.exact), ("23", true));
        assert!(from_range("<10", ("package.json", None)).is_err());
    }

    #[test]
    fn pins_reduce_to_their_major() {
        assert_eq!(pinned_major("v20.11.1"), Ok(Some(20)));
        assert_eq!(pinned_major("22"), Ok(Some(22)));
        assert_eq!(pinned_major("lts/iron"), Ok(Some(20)));
        assert_eq!(pinned_major("lts/*"), Ok(None));
        assert!(pinned_major("banana").is_err());
    }

    #[test]
    fn nvmrc_wins_over_engines() {
        let tree = crate::repo::MemTree::new().with(".nvmrc", "v22.1.0\n");
        let package =
            super::super::package_json::parse("package.json", r#"{"engines": {"node": ">=18"}}"#)
                .unwrap();
        let mut warnings = Vec::new();
        let r = detect(&tree, "", &package, &mut warnings).unwrap().unwrap();
        assert_eq!((r.version.as_str(), r.exact), ("22", true));
        assert_eq!(r.evidence.file, ".nvmrc");
    }
}
