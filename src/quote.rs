//! Encoders for each Dockerfile position a value can reach. The plan stores their output as
//! [`Fragment`]s, so a template prints values that are already safe where they stand.

use std::fmt::Write as _;

use serde::Serialize;

/// Text that is safe at the Dockerfile position it was encoded for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Fragment(String);

impl Fragment {
    /// A fragment written by msb itself, never from input.
    #[must_use]
    pub fn fixed(text: &'static str) -> Self {
        Self(text.to_string())
    }

    /// Text already checked by a validator in `values` that admits no character with a
    /// meaning in the Dockerfile or shell syntax.
    #[must_use]
    pub(crate) fn validated(text: &str) -> Self {
        Self(text.to_string())
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn refuse_controls(value: &str) -> Result<(), String> {
    match value
        .chars()
        .find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{feff}'))
    {
        Some(c) => Err(format!(
            "it contains the control character {}",
            c.escape_unicode()
        )),
        None => Ok(()),
    }
}

/// A JSON array for exec-form `CMD`/`ENTRYPOINT`. Everything outside printable ASCII is
/// written as a `\u` escape, so no byte of the argument can end the line or the string.
///
/// # Errors
/// Refuses an empty list, an empty program name and NUL characters.
pub fn exec_form(args: &[String]) -> Result<Fragment, String> {
    let Some(program) = args.first() else {
        return Err("the command is empty".into());
    };
    if program.is_empty() {
        return Err("the program name is empty".into());
    }
    if args.iter().any(|a| a.contains('\0')) {
        return Err("it contains a NUL character".into());
    }
    let mut out = String::from("[");
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('"');
        for c in arg.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                ' '..='~' => out.push(c),
                _ => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        let _ = write!(out, "\\u{unit:04x}");
                    }
                }
            }
        }
        out.push('"');
    }
    out.push(']');
    Ok(Fragment(out))
}

/// A double-quoted `ENV`/`LABEL`/`ARG` value: `"`, `\` and `$` are escaped so neither the
/// Dockerfile parser nor variable substitution reads anything into it.
///
/// # Errors
/// Refuses control characters, which cannot be represented on one Dockerfile line.
pub fn env_value(value: &str) -> Result<Fragment, String> {
    refuse_controls(value)?;
    let mut out = String::from("\"");
    for c in value.chars() {
        if matches!(c, '"' | '\\' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Ok(Fragment(out))
}

/// One POSIX shell word for a `RUN` line: left bare when it holds only safe characters,
/// otherwise single-quoted.
///
/// # Errors
/// Refuses control characters, which cannot be represented on one Dockerfile line.
pub fn shell_word(value: &str) -> Result<Fragment, String> {
    refuse_controls(value)?;
    let safe = !value.is_empty()
        && !value.starts_with('#')
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c));
    if safe {
        return Ok(Fragment(value.to_string()));
    }
    Ok(Fragment(format!("'{}'", value.replace('\'', r"'\''"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn exec_form_escapes_everything_that_could_break_out() {
        let f = exec_form(&strings(&["node", "a\"b", "c\\d", "e\nRUN x", "ü\u{2028}"])).unwrap();
        assert_eq!(
            f.as_str(),
            r#"["node", "a\"b", "c\\d", "e\u000aRUN x", "\u00fc\u2028"]"#
        );
        let parsed: Vec<String> = serde_json::from_str(f.as_str()).unwrap();
        assert_eq!(parsed[3], "e\nRUN x");
        assert!(exec_form(&[]).is_err());
        assert!(exec_form(&strings(&["a\0"])).is_err());
    }

    #[test]
    fn env_value_escapes_substitution() {
        assert_eq!(
            env_value("a $(id) \"x\" \\").unwrap().as_str(),
            r#""a \$(id) \"x\" \\""#
        );
        assert!(env_value("a\nb").is_err());
    }

    #[test]
    fn shell_word_quotes_when_needed() {
        assert_eq!(shell_word("./cmd/api").unwrap().as_str(), "./cmd/api");
        assert_eq!(shell_word("a b").unwrap().as_str(), "'a b'");
        assert_eq!(shell_word("it's").unwrap().as_str(), r"'it'\''s'");
        assert_eq!(shell_word("#x").unwrap().as_str(), "'#x'");
        assert_eq!(shell_word("").unwrap().as_str(), "''");
        assert!(shell_word("a\rb").is_err());
        // A byte-order mark is invisible and some readers drop it: never written raw.
        assert!(shell_word("\u{feff}x").is_err());
        assert!(env_value("\u{feff}x").is_err());
    }
}
