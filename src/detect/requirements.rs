//! pip requirements files: the distributions they name, the files they include (`-r`, `-c`),
//! hash pinning, references to local paths (which need the source before installing) and
//! index URLs that carry credentials.

use std::collections::BTreeSet;

use super::{DetectError, Evidence, ManifestError};
use crate::repo::{self, Tree};
use crate::values::{self, UnsafeValue};

/// Most requirements files msb follows from one root.
const MAX_FILES: usize = 32;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirements {
    /// The root file first, then every file it includes, each once; all exist.
    pub files: Vec<String>,
    /// Normalized distribution names.
    pub names: BTreeSet<String>,
    /// Some requirement carries `--hash`: pip installs in hash-checking mode.
    pub hashes: bool,
    /// The first requirement that installs a local path (`-e .`, `./lib`, `file:`).
    pub local: Option<Evidence>,
}

/// A distribution name as pip compares them (PEP 503): lowercase, runs of `-_.` as `-`.
#[must_use]
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            separator = true;
            continue;
        }
        if separator && !out.is_empty() {
            out.push('-');
        }
        separator = false;
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The distribution name a PEP 508 requirement starts with.
#[must_use]
pub fn requirement_name(spec: &str) -> Option<String> {
    let spec = spec.trim();
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(spec.len());
    let name = &spec[..end];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(normalize(name))
}

/// Distributions a requirement brings in through its extras, by name: `fastapi[standard]`
/// installs uvicorn.
#[must_use]
pub fn implied(spec: &str) -> Vec<String> {
    let Some(name) = requirement_name(spec) else {
        return Vec::new();
    };
    let extras: Vec<String> = spec
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(extras, _)| {
            extras
                .split(',')
                .map(|e| e.trim().to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let has = |e: &str| {
        extras
            .iter()
            .any(|x| x == e || x.starts_with(&format!("{e}-")))
    };
    match name.as_str() {
        "fastapi" if has("standard") || has("all") => vec!["uvicorn".into(), "fastapi-cli".into()],
        "psycopg" if has("c") => vec!["psycopg-c".into()],
        "psycopg" if has("binary") => vec!["psycopg-binary".into()],
        _ => Vec::new(),
    }
}

/// Whether a URL names a user or password (`https://user:token@host/`). Such a URL in a
/// file that reaches the image leaks the credential.
#[must_use]
pub fn has_credentials(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority.contains('@')
}

/// `https://***@host/…`: a URL safe to show in a message.
#[must_use]
pub fn redacted(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((_, host)) => format!("{scheme}://***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// Refuses a credential that would be copied into the image with the project's files.
pub fn refuse_credentials(file: &str, field: &str, url: &str) -> Result<(), DetectError> {
    if has_credentials(url) {
        return Err(UnsafeValue::new(
            file,
            field,
            &redacted(url),
            "it carries a credential, which would be copied into the image with the project; put it in .netrc (msb mounts it as a build secret) or use an environment variable".into(),
        )
        .into());
    }
    Ok(())
}

/// Logical lines: comments removed, `\` continuations joined, with their first line number.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = match raw.find(" #").or_else(|| raw.find("\t#")) {
            Some(at) => &raw[..at],
            None if raw.trim_start().starts_with('#') => "",
            None => raw,
        };
        let (start, mut joined) = pending.take().unwrap_or((index + 1, String::new()));
        let (body, continues) = match line.trim_end().strip_suffix('\\') {
            Some(body) => (body, true),
            None => (line, false),
        };
        joined.push_str(body);
        joined.push(' ');
        if continues {
            pending = Some((start, joined));
        } else if !joined.trim().is_empty() {
            out.push((start, joined.trim().to_string()));
        }
    }
    if let Some((start, joined)) = pending.filter(|(_, j)| !j.trim().is_empty()) {
        out.push((start, joined.trim().to_string()));
    }
    out
}

/// The value of an option written `-r x`, `-rx`, `--requirement x` or `--requirement=x`.
fn option_value<'a>(line: &'a str, short: &str, long: &str) -> Option<&'a str> {
    let rest = if let Some(rest) = line.strip_prefix(long) {
        rest.strip_prefix('=').unwrap_or(rest)
    } else {
        line.strip_prefix(short)?
    };
    let value = rest.split_whitespace().next()?;
    Some(value)
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn is_local(spec: &str) -> bool {
    spec.starts_with(['.', '/'])
        || spec.starts_with("file:")
        || spec.contains("@ file:")
        || spec.contains("@file:")
}

/// The options that include another requirements file.
const INCLUDE_OPTIONS: &[&str] = &["-r", "--requirement", "-c", "--constraint"];

/// Reads `root` and every file it includes.
///
/// # Errors
/// A file that is missing, outside the repository or not a safe path, and index URLs that
/// carry credentials.
pub fn read(tree: &dyn Tree, root: &str) -> Result<Requirements, DetectError> {
    let mut out = Requirements::default();
    // Depth first, each file with the chain of files that include it (root first) and the
    // line of the last one that does. A file included twice is read once; a file that
    // includes itself, directly or not, is an error (pip stops on it too).
    let mut queue: Vec<(String, Vec<String>, Option<usize>)> =
        vec![(root.to_string(), Vec::new(), None)];
    let mut seen = BTreeSet::new();
    while let Some((file, chain, included_at)) = queue.pop() {
        if let (Some(by), Some(line)) = (chain.last(), included_at) {
            if chain.contains(&file) {
                return Err(ManifestError::new(
                    by,
                    Some(line),
                    format!(
                        "includes {file}, which is already being read: the includes loop ({} → {file})",
                        chain[chain.iter().position(|f| *f == file).unwrap_or(0)..].join(" → ")
                    ),
                )
                .into());
            }
        }
        if !seen.insert(file.clone()) {
            continue;
        }
        if seen.len() > MAX_FILES {
            return Err(ManifestError::new(
                root,
                None,
                format!("includes more than {MAX_FILES} requirements files"),
            )
            .into());
        }
        let Some(text) = tree.read(&file)? else {
            return Err(match (chain.last(), included_at) {
                (Some(by), Some(line)) => ManifestError::new(
                    by,
                    Some(line),
                    format!("includes {file}, which does not exist"),
                ),
                _ => ManifestError::new(&file, None, "included but missing"),
            }
            .into());
        };
        out.files.push(file.clone());
        let mut includes = Vec::new();
        for (line_no, line) in logical_lines(&text) {
            let include = option_value(&line, "-r", "--requirement")
                .or_else(|| option_value(&line, "-c", "--constraint"));
            if include.is_none() && INCLUDE_OPTIONS.contains(&line.trim_end_matches('=')) {
                return Err(ManifestError::new(
                    &file,
                    Some(line_no),
                    format!("{line} names no requirements file"),
                )
                .into());
            }
            if let Some(rel) = include {
                let Some(path) = repo::resolve(parent(&file), rel) else {
                    return Err(ManifestError::new(
                        &file,
                        Some(line_no),
                        format!("{} lies outside the project", values::shown(rel)),
                    )
                    .into());
                };
                values::check_rel_path(&path).map_err(|reason| {
                    UnsafeValue::new(&file, "included requirements file", &path, reason)
                })?;
                let mut included_by = chain.clone();
                included_by.push(file.clone());
                includes.push((path, included_by, Some(line_no)));
                continue;
            }
            let index = [
                "--index-url",
                "--extra-index-url",
                "-i",
                "--find-links",
                "-f",
            ]
            .iter()
            .find_map(|o| option_value(&line, o, o));
            if let Some(url) = index {
                refuse_credentials(&file, "index URL", url)?;
                continue;
            }
            if line.contains("--hash") {
                out.hashes = true;
            }
            let spec = option_value(&line, "-e", "--editable").unwrap_or(&line);
            if spec.starts_with('-') {
                continue;
            }
            if is_local(spec) || line.starts_with("-e") || line.starts_with("--editable") {
                out.local.get_or_insert_with(|| {
                    Evidence::new(
                        &file,
                        Some(line_no),
                        "installs a local path, which needs the source: dependencies install after the source is copied",
                    )
                });
                continue;
            }
            let first = spec.split_whitespace().next().unwrap_or_default();
            if first.contains("://") {
                refuse_credentials(&file, "requirement URL", first)?;
                if let Some((_, egg)) = first.split_once("#egg=") {
                    out.names.extend(requirement_name(egg));
                }
                continue;
            }
            if let Some((_, url)) = spec.split_once('@') {
                refuse_credentials(&file, "requirement URL", url.trim())?;
            }
            if let Some(name) = requirement_name(spec) {
                out.names.insert(name);
                out.names.extend(implied(spec));
            }
        }
        queue.extend(includes.into_iter().rev());
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
