//! Validators for values that come from a repository, a flag or msb.toml and end up in a
//! Dockerfile position that cannot be quoted safely (names, paths, versions). One validator
//! per kind of value serves detection, flags and the answers file alike.

use serde::Serialize;

/// A repository value that msb refuses to put into a Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}: {field} {shown} cannot be used: {reason}", printable(file))]
pub struct UnsafeValue {
    pub file: String,
    pub field: String,
    pub shown: String,
    pub reason: String,
}

impl UnsafeValue {
    #[must_use]
    pub fn new(file: &str, field: &str, value: &str, reason: String) -> Self {
        Self {
            file: file.to_string(),
            field: field.to_string(),
            shown: shown(value),
            reason,
        }
    }
}

/// Runs `check` on a repository value; a refusal names `file` and `field`.
///
/// # Errors
/// The value `check` refuses, as an [`UnsafeValue`].
pub fn checked(
    file: &str,
    field: &str,
    value: &str,
    check: fn(&str) -> Result<(), String>,
) -> Result<(), UnsafeValue> {
    check(value).map_err(|reason| UnsafeValue::new(file, field, value, reason))
}

/// A value as it may be shown in an error: escaped and cut to a readable length.
#[must_use]
pub fn shown(value: &str) -> String {
    const MAX: usize = 60;
    let mut out: String = value
        .chars()
        .take(MAX)
        .flat_map(char::escape_debug)
        .collect();
    if value.chars().count() > MAX {
        out.push('…');
    }
    format!("\"{out}\"")
}

/// A path or name for a message: as it is when every character prints on one line,
/// otherwise escaped and quoted like [`shown`].
#[must_use]
pub fn printable(value: &str) -> String {
    let plain = value.chars().count() <= 200
        && !value.chars().any(|c| {
            c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{feff}')
        });
    if plain {
        value.to_string()
    } else {
        shown(value)
    }
}

/// Longest parser message msb shows; parsers quote the offending text, which a hostile
/// file can make arbitrarily long.
const MESSAGE_MAX: usize = 300;

/// A parser's message on one printable line of bounded length: control characters
/// (newlines and tabs included) and Unicode line separators it quotes from the file are
/// escaped, and a message longer than 300 characters is cut with `…`.
#[must_use]
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    let odd = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}');
    if !text.chars().any(odd) && text.chars().count() <= MESSAGE_MAX {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out: String = text
        .chars()
        .flat_map(|c| {
            if odd(c) {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .take(MESSAGE_MAX)
        .collect();
    if out.chars().count() == MESSAGE_MAX {
        out.push('…');
    }
    std::borrow::Cow::Owned(out)
}

const NAME_MAX: usize = 128;
const PATH_MAX: usize = 255;

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')
}

/// A binary, package or application name: ASCII letters, digits, `.`, `_`, `-`, `+`,
/// starting with a letter or digit.
///
/// # Errors
/// Returns the reason the name is refused.
pub fn check_name(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("it is empty".into());
    }
    if value.len() > NAME_MAX {
        return Err(format!("it is longer than {NAME_MAX} characters"));
    }
    if !value.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err("it must start with a letter or digit".into());
    }
    if let Some(bad) = value.chars().find(|c| !is_name_char(*c)) {
        return Err(format!(
            "it contains {}; allowed are ASCII letters, digits, '.', '_', '-' and '+'",
            shown(&bad.to_string())
        ));
    }
    Ok(())
}

/// A Cargo feature as `cargo build --features` takes it: `name` or `dependency/name`, each
/// part a name as [`check_name`] allows.
///
/// # Errors
/// Returns the reason the feature is refused.
pub fn check_feature(value: &str) -> Result<(), String> {
    for part in value.splitn(2, '/') {
        check_name(part).map_err(|reason| format!("{}: {reason}", printable(value)))?;
    }
    Ok(())
}

/// An npm package name as a workspace command selects it: `name` or `@scope/name`, each
/// part a [`check_name`].
///
/// # Errors
/// Returns the reason the name is refused.
pub fn check_package_name(value: &str) -> Result<(), String> {
    let bare = match value.strip_prefix('@') {
        Some(scoped) => {
            let (scope, bare) = scoped
                .split_once('/')
                .ok_or("a scoped name must be @scope/name")?;
            check_name(scope).map_err(|reason| format!("its scope is refused: {reason}"))?;
            bare
        }
        None => value,
    };
    check_name(bare)
}

/// A path relative to the build context: `/`-separated segments of name characters (and `@`),
/// no `.`/`..` segments, no leading `-` or `/`.
///
/// # Errors
/// Returns the reason the path is refused.
pub fn check_rel_path(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("it is empty".into());
    }
    if value.len() > PATH_MAX {
        return Err(format!("it is longer than {PATH_MAX} characters"));
    }
    if value.starts_with('/') {
        return Err("it must be relative to the project directory".into());
    }
    for segment in value.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return Err("it must not contain empty, '.' or '..' segments".into());
        }
        if segment.starts_with('-') {
            return Err("no segment may start with '-'".into());
        }
        if let Some(bad) = segment.chars().find(|c| !is_name_char(*c) && *c != '@') {
            return Err(format!(
                "it contains {}; allowed are ASCII letters, digits, '.', '_', '-', '+', '@' and '/'",
                shown(&bad.to_string())
            ));
        }
    }
    Ok(())
}

/// A language or tool version as msb puts it into an image tag: `1`, `1.27` or `1.27.3`.
///
/// # Errors
/// Returns the reason the version is refused.
pub fn check_version(value: &str) -> Result<(), String> {
    let parts: Vec<&str> = value.split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()));
    if parts.len() > 3 || !numeric {
        return Err("expected a version like 1.27 or 1.27.3".into());
    }
    Ok(())
}

/// A TCP port to listen on: 1–65535.
///
/// # Errors
/// Returns the reason the port is refused.
pub fn parse_port(value: &str) -> Result<u16, String> {
    match value.trim().parse::<u16>() {
        Ok(0) | Err(_) => Err(format!("{} is not a port number (1-65535)", shown(value))),
        Ok(port) => Ok(port),
    }
}

/// A Java class name as a `Main-Class` or `mainClass` gives it: dot-separated identifiers of
/// ASCII letters, digits, `_` and `$`, each starting with a letter, `_` or `$`.
///
/// # Errors
/// Returns the reason the name is refused.
pub fn check_java_class(value: &str) -> Result<(), String> {
    if value.is_empty() || value.len() > PATH_MAX {
        return Err(format!(
            "expected a class name of 1 to {PATH_MAX} characters"
        ));
    }
    for part in value.split('.') {
        let ok = part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
        if !ok {
            return Err(format!(
                "{} is not a Java class name (dot-separated identifiers of ASCII letters, digits, '_' and '$')",
                shown(value)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn features_are_names_or_dependency_slash_name() {
        for ok in ["server", "tls-rustls", "serde/derive", "a_b+c.1"] {
            assert_eq!(super::check_feature(ok), Ok(()), "{ok}");
        }
        for bad in [
            "", "a b", "a/b/c", "/x", "x/", "$(id)", "a,b", "-x", "dep:x",
        ] {
            assert!(super::check_feature(bad).is_err(), "{bad:?}");
        }
    }

    use super::*;

    #[test]
    fn names_accept_ordinary_binaries_and_refuse_shell_syntax() {
        for ok in ["api", "hello-rs", "my_app2", "v1.2", "c++"] {
            assert_eq!(check_name(ok), Ok(()), "{ok}");
        }
        for bad in [
            "", "-rf", ".hidden", "a b", "a$(id)", "a\nRUN x", "a\"b", "a/b", "ä",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_name(&"a".repeat(NAME_MAX + 1)).is_err());
    }

    #[test]
    fn package_names_are_names_with_an_optional_scope() {
        for ok in ["web", "@acme/ui", "lodash.merge", "@a1/b_c"] {
            assert_eq!(check_package_name(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "@acme",
            "@/x",
            "@a/",
            "-rf",
            "@-x/y",
            "a b",
            "x'y",
            "\u{feff}x",
        ] {
            assert!(check_package_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn paths_refuse_traversal_and_odd_characters() {
        for ok in ["cmd/api", "crates/core-lib", "go.sum", "@scope/pkg"] {
            assert_eq!(check_rel_path(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "/etc",
            "../x",
            "a/../b",
            "a//b",
            "a/-b",
            "a b",
            "a\\b",
            "x$y",
            "a\u{2028}",
        ] {
            assert!(check_rel_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn versions_and_ports() {
        assert!(check_version("1.27").is_ok());
        assert!(check_version("1.27.3").is_ok());
        for bad in ["", "1.", "latest", "1.2.3.4", "1.2-rc", "1;2"] {
            assert!(check_version(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_port("8080"), Ok(8080));
        assert!(parse_port("0").is_err());
        assert!(parse_port("70000").is_err());
        assert!(parse_port("80 ").is_ok());
    }

    #[test]
    fn one_line_escapes_what_a_parser_quotes() {
        assert_eq!(one_line("expected `</a>`"), "expected `</a>`");
        assert_eq!(one_line("`</a\n  <b>`\t"), "`</a\\n  <b>`\\t");
        assert_eq!(one_line(&"x".repeat(1000)).chars().count(), MESSAGE_MAX + 1);
    }

    #[test]
    fn printable_leaves_plain_paths_alone() {
        assert_eq!(printable("cmd/api/main.go"), "cmd/api/main.go");
        assert_eq!(printable("cmd/a\nb"), "\"cmd/a\\nb\"");
    }

    #[test]
    fn java_class_names() {
        for ok in ["Main", "com.example.App", "a.b$Inner", "_x.Y1"] {
            assert_eq!(check_java_class(ok), Ok(()), "{ok}");
        }
        for bad in [
            "", "com..A", "1a.B", "a b", "a\nb", "a;b", "a\"b", "$(id)", ".A",
        ] {
            assert!(check_java_class(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn shown_escapes_and_truncates() {
        assert_eq!(shown("a\nb"), "\"a\\nb\"");
        assert!(shown(&"x".repeat(100)).ends_with("…\""));
    }
}
