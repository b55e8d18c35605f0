//! A reader for the parts of `go.mod` msb needs: the module path, the `go` and `toolchain`
//! directives and the required modules. Anything that is not go.mod syntax is an error with
//! its line, so a broken file is never taken for an empty one.

use super::ManifestError;

const FILE: &str = "go.mod";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub value: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoMod {
    pub module: Option<Directive>,
    pub go: Option<Directive>,
    pub toolchain: Option<Directive>,
    pub requires: Vec<String>,
    /// `replace … => ./dir`: modules replaced by a directory, as written, with their line.
    pub local_replacements: Vec<Directive>,
}

const KNOWN_VERBS: &[&str] = &[
    "module",
    "go",
    "toolchain",
    "godebug",
    "require",
    "exclude",
    "replace",
    "retract",
    "tool",
    "ignore",
];

fn err(line: usize, message: impl Into<String>) -> ManifestError {
    ManifestError::new(FILE, Some(line), message)
}

/// Removes a `//` comment that is not inside a quoted string.
fn strip_comment(line: &str) -> &str {
    let mut in_quote = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => in_quote = !in_quote,
            b'/' if !in_quote && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

fn unquote(token: &str, line: usize) -> Result<String, ManifestError> {
    if let Some(inner) = token.strip_prefix('"') {
        return inner
            .strip_suffix('"')
            .map(str::to_string)
            .ok_or_else(|| err(line, "unterminated quoted string"));
    }
    Ok(token.to_string())
}

/// Parses go.mod text.
///
/// # Errors
/// Unknown directives, unterminated blocks, missing arguments and a missing `module`
/// directive are errors naming the line.
pub fn parse(text: &str) -> Result<GoMod, ManifestError> {
    let mut module = GoMod::default();
    let mut block: Option<(&str, usize)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some((verb, _)) = block {
            if line == ")" {
                block = None;
                continue;
            }
            match verb {
                "require" => module.requires.push(unquote(first_token(line), line_no)?),
                "replace" => module
                    .local_replacements
                    .extend(local_replacement(line, line_no)?),
                _ => {}
            }
            continue;
        }
        let (verb, rest) = line
            .split_once(char::is_whitespace)
            .map_or((line, ""), |(v, r)| (v, r.trim()));
        if !KNOWN_VERBS.contains(&verb) {
            return Err(err(
                line_no,
                format!("unknown directive {}", crate::values::shown(verb)),
            ));
        }
        if rest == "(" {
            block = Some((verb, line_no));
            continue;
        }
        if rest.is_empty() {
            return Err(err(line_no, format!("{verb} directive has no argument")));
        }
        if matches!(verb, "module" | "go" | "toolchain") && rest.split_whitespace().nth(1).is_some()
        {
            return Err(err(line_no, format!("{verb} directive takes one argument")));
        }
        let value = unquote(first_token(rest), line_no)?;
        let directive = Some(Directive {
            value: value.clone(),
            line: line_no,
        });
        match verb {
            "module" => set_once(&mut module.module, directive, verb, line_no)?,
            "go" => set_once(&mut module.go, directive, verb, line_no)?,
            "toolchain" => set_once(&mut module.toolchain, directive, verb, line_no)?,
            "require" => module.requires.push(value),
            "replace" => module
                .local_replacements
                .extend(local_replacement(rest, line_no)?),
            _ => {}
        }
    }
    if let Some((verb, line)) = block {
        return Err(err(line, format!("{verb} block is never closed with ')'")));
    }
    if module.module.is_none() {
        return Err(ManifestError::new(FILE, None, "no module directive"));
    }
    Ok(module)
}

/// The directory of a `old [version] => new [version]` replacement whose target is a local
/// path (`./x`, `../x`, `/x`); `None` when it names a module version.
fn local_replacement(spec: &str, line: usize) -> Result<Option<Directive>, ManifestError> {
    let Some((_, target)) = spec.split_once("=>") else {
        return Err(err(line, "replace directive has no '=>'"));
    };
    let Some(token) = target.split_whitespace().next() else {
        return Err(err(line, "replace directive has nothing after '=>'"));
    };
    let path = unquote(token, line)?;
    let is_dir = path == "."
        || path == ".."
        || path.starts_with("./")
        || path.starts_with("../")
        || path.starts_with('/');
    Ok(is_dir.then_some(Directive { value: path, line }))
}

fn first_token(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or_default()
}

fn set_once(
    slot: &mut Option<Directive>,
    value: Option<Directive>,
    verb: &str,
    line: usize,
) -> Result<(), ManifestError> {
    if slot.is_some() {
        return Err(err(line, format!("repeated {verb} directive")));
    }
    *slot = value;
    Ok(())
}

/// The `major.minor` of a Go version as go.mod writes it (`1.22`, `1.22.3`, `1.21rc1`,
/// `go1.23.4` for toolchains).
#[must_use]
pub fn major_minor(version: &str) -> Option<String> {
    let version = version.strip_prefix("go").unwrap_or(version);
    let end = version
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(version.len());
    let mut parts = version[..end].split('.');
    let major = parts.next().filter(|p| !p.is_empty() && p.len() <= 4)?;
    let minor = parts.next().filter(|p| !p.is_empty() && p.len() <= 4)?;
    (major.chars().all(|c| c.is_ascii_digit()) && minor.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("{major}.{minor}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives_blocks_and_comments() {
        let text = "// header\nmodule \"example.com/app\" // the app\n\ngo 1.22.1\ntoolchain go1.23.4\nrequire (\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n\tgolang.org/x/sys v0.1.0\n)\nrequire example.com/one v1.0.0\nreplace x => ../x\n";
        let m = parse(text).unwrap();
        assert_eq!(m.module.unwrap().value, "example.com/app");
        assert_eq!(m.go.as_ref().unwrap().value, "1.22.1");
        assert_eq!(m.go.unwrap().line, 4);
        assert_eq!(m.toolchain.unwrap().value, "go1.23.4");
        assert_eq!(
            m.requires,
            [
                "github.com/mattn/go-sqlite3",
                "golang.org/x/sys",
                "example.com/one"
            ]
        );
    }

    #[test]
    fn local_replacements_are_collected_from_lines_and_blocks() {
        let text = "module x\nreplace a => b v1.0.0\nreplace c v1.2.0 => ./staging/c\nreplace (\n\td => ../d // sibling\n\te => \"./e\"\n\tf => example.com/f v0.1.0\n)\n";
        let m = parse(text).unwrap();
        let dirs: Vec<_> = m
            .local_replacements
            .iter()
            .map(|d| (d.value.as_str(), d.line))
            .collect();
        assert_eq!(dirs, [("./staging/c", 3), ("../d", 5), ("./e", 6)]);
        let e = parse("module x\nreplace a b\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn crlf_is_accepted() {
        let m = parse("module x\r\ngo 1.21\r\n").unwrap();
        assert_eq!(m.go.unwrap().value, "1.21");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("module x\nfrobnicate y\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = parse("module x\nrequire (\n a v1\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("never closed"));
        let e = parse("go 1.22\n").unwrap_err();
        assert!(e.message.contains("no module"));
        let e = parse("module x\nmodule y\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = parse("module x\rRUN id\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = parse("module x\ngo 1.22 1.23\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = parse("module\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(parse("").is_err());
    }

    #[test]
    fn major_minor_reads_go_and_toolchain_forms() {
        assert_eq!(major_minor("1.22").as_deref(), Some("1.22"));
        assert_eq!(major_minor("1.22.3").as_deref(), Some("1.22"));
        assert_eq!(major_minor("1.21rc1").as_deref(), Some("1.21"));
        assert_eq!(major_minor("go1.23.4").as_deref(), Some("1.23"));
        assert_eq!(major_minor("1"), None);
        assert_eq!(major_minor("latest"), None);
    }
}
