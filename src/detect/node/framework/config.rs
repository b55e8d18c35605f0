//! Reading JavaScript configuration files without running them: the first of several names
//! that exists, and the string literal a key is set to.

use crate::detect::DetectError;
use crate::repo::{self, Tree};

/// The first string literal after `key` followed by `:` in JavaScript-ish config text.
pub(super) fn config_literal<'t>(text: &'t str, key: &str) -> Option<(&'t str, usize)> {
    let mut from = 0;
    while let Some(at) = text[from..].find(key) {
        let start = from + at;
        let rest = text[start + key.len()..].trim_start();
        from = start + key.len();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            continue;
        };
        let body = &rest[1..];
        if let Some(end) = body.find(quote) {
            return Some((&body[..end], crate::detect::line_of(text, start)));
        }
    }
    None
}

pub(super) fn first_config(
    tree: &dyn Tree,
    dir: &str,
    names: &[&str],
) -> Result<Option<(String, String)>, DetectError> {
    for name in names {
        let path = repo::join(dir, name);
        if let Some(text) = tree.read(&path)? {
            return Ok(Some((path, text)));
        }
    }
    Ok(None)
}
