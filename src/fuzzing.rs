//! Entry points for the fuzz targets in `fuzz/` and their regression tests: arbitrary bytes
//! become an in-memory repository, the whole pure pipeline runs over it, and whatever it
//! generates must still be a Dockerfile whose lines msb wrote. A panic or a broken invariant
//! is a finding. Not part of msb's interface.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::Error;
use crate::render::GeneratedFile;
use crate::render::templates::TemplateSet;
use crate::repo::MemTree;
use crate::settings::Overrides;
use crate::settings::prompt::NoPrompt;

/// Most files one fuzz input may describe.
pub const MAX_FILES: usize = 32;

/// One manifest reader target: the file the input becomes and the files beside it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reader {
    /// The target's name (`fuzz/readers.toml`).
    pub name: String,
    /// The repository path the fuzz input is written to.
    pub file: String,
    /// Fixed files that make the rest of the pipeline reachable.
    #[serde(default)]
    pub beside: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct Readers {
    reader: Vec<Reader>,
}

/// The reader targets listed in a `readers.toml` text.
///
/// # Panics
/// When the text is not a valid reader list; it is a file of the fuzz crate.
#[must_use]
pub fn readers(text: &str) -> Vec<Reader> {
    match toml::from_str::<Readers>(text) {
        Ok(r) => r.reader,
        Err(e) => panic!("readers.toml: {e}"),
    }
}

/// Runs the pipeline over `reader.beside` plus the input written to `reader.file`.
pub fn read_one(reader: &Reader, data: &[u8]) {
    let mut tree = MemTree::new();
    for (path, text) in &reader.beside {
        tree.insert(path, text.as_bytes());
    }
    tree.insert(&reader.file, data);
    check(&tree);
}

/// Splits an input into files: a line `== <path>` starts a file, the lines after it are its
/// contents. Bytes before the first header are ignored.
#[must_use]
pub fn file_set(data: &[u8]) -> MemTree {
    let mut tree = MemTree::new();
    let mut current: Option<(String, Vec<u8>)> = None;
    let mut count = 0;
    for line in data.split_inclusive(|b| *b == b'\n') {
        if let Some(header) = line.strip_prefix(b"== ") {
            if let Some((path, contents)) = current.take() {
                tree.insert(&path, contents);
            }
            count += 1;
            if count > MAX_FILES {
                return tree;
            }
            let path = String::from_utf8_lossy(header)
                .trim_end_matches('\n')
                .to_string();
            current = Some((path, Vec::new()));
        } else if let Some((_, contents)) = current.as_mut() {
            contents.extend_from_slice(line);
        }
    }
    if let Some((path, contents)) = current {
        tree.insert(&path, contents);
    }
    tree
}

/// Runs the pipeline over a file set decoded by [`file_set`].
pub fn whole_path(data: &[u8]) {
    check(&file_set(data));
}

fn check(tree: &MemTree) {
    match crate::generate(
        tree,
        &Overrides::default(),
        &mut NoPrompt,
        &TemplateSet::embedded(),
    ) {
        Ok((_, files)) => {
            for file in &files {
                if let Err(e) = invariants(file) {
                    panic!("{}: {e}\n{}", file.path, file.contents);
                }
            }
        }
        Err(e) => {
            if let Err(problem) = error_invariants(&e) {
                panic!("{problem}: {e}");
            }
        }
    }
}

/// Keywords msb writes.
const KEYWORDS: &[&str] = &[
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "RUN",
    "USER",
    "WORKDIR",
];

fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{feff}')
}

/// What every generated file keeps, whatever the input: no character that ends a line for
/// some reader but not another, and in a Dockerfile every line that starts an instruction
/// starts with one of msb's keywords.
///
/// # Errors
/// The broken invariant.
pub fn invariants(file: &GeneratedFile) -> Result<(), String> {
    if let Some(c) = file.contents.chars().find(|c| forbidden(*c)) {
        return Err(format!("holds the character {}", c.escape_unicode()));
    }
    if file.path != "Dockerfile" {
        return Ok(());
    }
    let mut continued = false;
    for (index, line) in file.contents.lines().enumerate() {
        let trimmed = line.trim();
        let starts = !continued && !trimmed.is_empty() && !trimmed.starts_with('#');
        if starts {
            let keyword = trimmed.split_whitespace().next().unwrap_or_default();
            if !KEYWORDS.contains(&keyword) {
                return Err(format!(
                    "line {}: {keyword:?} is not an instruction msb writes",
                    index + 1
                ));
            }
        }
        if !trimmed.starts_with('#') {
            continued = trimmed.ends_with('\\');
        }
    }
    if continued {
        return Err("the last instruction continues past the end".into());
    }
    Ok(())
}

/// An error is one printable line of bounded length.
fn error_invariants(e: &Error) -> Result<(), String> {
    let text = e.to_string();
    if text.chars().any(|c| c.is_control() || forbidden(c)) {
        return Err("the error holds a control character".into());
    }
    if text.len() > 4096 {
        return Err(format!("the error is {} bytes long", text.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::Tree;

    #[test]
    fn file_sets_split_on_headers() {
        let tree = file_set(b"junk\n== go.mod\nmodule x\n\n== main.go\npackage main\n");
        assert_eq!(
            tree.read("go.mod").unwrap().as_deref(),
            Some("module x\n\n")
        );
        assert_eq!(
            tree.read("main.go").unwrap().as_deref(),
            Some("package main\n")
        );
    }

    #[test]
    fn invariants_catch_injected_lines() {
        let file = |contents: &str| GeneratedFile {
            path: "Dockerfile".into(),
            contents: contents.into(),
        };
        assert!(invariants(&file("FROM x\nRUN a \\\n    b\n")).is_ok());
        assert!(invariants(&file("FROM x\nid\n")).is_err());
        assert!(invariants(&file("FROM x\u{2028}RUN id\n")).is_err());
        assert!(invariants(&file("RUN a \\\n")).is_err());
    }
}
