//! Wildcards in workspace member patterns (Cargo `members`, npm/pnpm `workspaces`), matched
//! in polynomial time: a repository controls the patterns, and backtracking matchers take
//! exponential time on ones like `*a*a*a*a*b` or `**/**/**/**/x`.

/// `*`-only wildcard matching in O(pattern × name): a backtracking matcher would take
/// exponential time on a hostile member pattern like `*a*a*a*a*a*b`.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, n));
            p += 1;
        } else if p < pattern.len() && pattern[p] == name[n] {
            p += 1;
            n += 1;
        } else if let Some((star_p, star_n)) = star {
            p = star_p + 1;
            n = star_n + 1;
            star = Some((star_p, star_n + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

/// Whether a `/`-separated path matches a pattern whose segments are [`glob_match`]
/// wildcards or `**` (any number of segments), in O(segments × path segments).
#[must_use]
pub fn path_match(pattern: &str, path: &str) -> bool {
    let dirs: Vec<&str> = path.split('/').collect();
    // reach[j]: the pattern segments read so far can match the first j path segments.
    let mut reach = vec![false; dirs.len() + 1];
    reach[0] = true;
    for segment in pattern.split('/') {
        let mut next = vec![false; dirs.len() + 1];
        if segment == "**" {
            let mut any = false;
            for (j, r) in reach.iter().enumerate() {
                any |= *r;
                next[j] = any;
            }
        } else {
            for (j, dir) in dirs.iter().enumerate() {
                next[j + 1] = reach[j] && glob_match(segment, dir);
            }
        }
        if !next.contains(&true) {
            return false;
        }
        reach = next;
    }
    reach[dirs.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_patterns_finish_quickly() {
        let stars = format!("{}b", "*a".repeat(40));
        assert!(!glob_match(&stars, &"a".repeat(200)));
        assert!(glob_match(&"*".repeat(60), ""));
        assert!(glob_match(&"*".repeat(60), &"x".repeat(300)));
        let deep = format!("{}x", "**/".repeat(2000));
        assert!(path_match(&deep, "a/b/c/x"));
        assert!(!path_match(&deep, "a/b/c/y"));
    }

    #[test]
    fn paths_and_double_stars() {
        assert!(path_match("apps/*", "apps/web"));
        assert!(!path_match("apps/*", "apps/web/src"));
        assert!(path_match("packages/**", "packages/a/b"));
        assert!(path_match("packages/**", "packages"));
        assert!(path_match("**/x", "x"));
        assert!(!path_match("apps/*", "packages/ui"));
        assert!(path_match("a*b/*", "axxb/c"));
    }
}
