//! The template set: the embedded templates, optionally overlaid by a user's directory of
//! edited copies. Reading that directory happens at the edge; this module only holds text.

use include_dir::{Dir, include_dir};

use crate::repo::{EntryKind, RepoError, Tree};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// File name suffix of every template.
pub const SUFFIX: &str = ".tera";

/// Every template msb renders or includes, by id (its path under `templates/` without
/// `.tera`).
pub const TEMPLATE_IDS: &[&str] = &[
    "dockerignore",
    "go.Dockerfile",
    "java.Dockerfile",
    "nginx.conf",
    "node.Dockerfile",
    "partials/header",
    "partials/runtime",
    "partials/rust-build-packages",
    "partials/rust-tzdata",
    "partials/secret-mounts",
    "partials/secrets",
    "partials/tini",
    "python.Dockerfile",
    "rust.Dockerfile",
];

/// One template's text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub id: &'static str,
    pub text: String,
    /// Shown in errors: `templates/<id>.tera` for embedded ones, the file path otherwise.
    pub origin: String,
    /// Read from a user's directory instead of built into msb.
    pub custom: bool,
}

/// The templates one render uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSet {
    pub templates: Vec<Template>,
}

/// The embedded text of one template.
#[must_use]
pub fn embedded_text(id: &str) -> Option<&'static str> {
    EMBEDDED
        .get_file(format!("{id}{SUFFIX}"))
        .and_then(include_dir::File::contents_utf8)
}

impl TemplateSet {
    /// The templates built into msb.
    #[must_use]
    pub fn embedded() -> Self {
        let templates = TEMPLATE_IDS
            .iter()
            .map(|id| Template {
                id,
                text: embedded_text(id).unwrap_or_default().to_string(),
                origin: format!("templates/{id}{SUFFIX}"),
                custom: false,
            })
            .collect();
        Self { templates }
    }

    /// Replaces the embedded text of `id` with a user's edited copy.
    pub fn overlay(&mut self, id: &str, text: String, origin: String) {
        if let Some(t) = self.templates.iter_mut().find(|t| t.id == id) {
            t.text = text;
            t.origin = origin;
            t.custom = true;
        }
    }

    #[must_use]
    pub fn origin(&self, id: &str) -> String {
        self.templates
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_string(), |t| t.origin.clone())
    }
}

/// A directory of custom templates that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateDirError {
    #[error("templates directory {dir}: {reason}")]
    Open { dir: String, reason: String },
    #[error("{file}: not a template msb renders; the templates are {known}")]
    Unknown { file: String, known: String },
    #[error(transparent)]
    Read(#[from] RepoError),
}

/// How deep msb looks into a templates directory (`partials/` is one level down).
const MAX_DEPTH: usize = 4;

impl TemplateSet {
    /// The embedded templates, with every `<id>.tera` found in `dir` used instead. Other
    /// `.tera` files are errors (a misspelt name would otherwise be ignored silently);
    /// files without the suffix are ignored. `shown` prefixes file names in messages.
    ///
    /// # Errors
    /// An unknown template file, or a file that cannot be read.
    pub fn with_dir(dir: &dyn Tree, shown: &str) -> Result<Self, TemplateDirError> {
        let mut set = Self::embedded();
        let mut files = Vec::new();
        list_files(dir, "", 0, &mut files)?;
        for path in files {
            let Some(id) = path.strip_suffix(SUFFIX) else {
                continue;
            };
            let file = format!("{}/{path}", shown.trim_end_matches('/'));
            let Some(id) = TEMPLATE_IDS.iter().find(|known| **known == id) else {
                return Err(TemplateDirError::Unknown {
                    file,
                    known: file_names().join(", "),
                });
            };
            if let Some(text) = dir.read(&path)? {
                set.overlay(id, text, file);
            }
        }
        Ok(set)
    }

    /// Where the template `id` comes from, when a custom directory provides it.
    #[must_use]
    pub fn custom_origin(&self, id: &str) -> Option<&str> {
        self.templates
            .iter()
            .find(|t| t.id == id && t.custom)
            .map(|t| t.origin.as_str())
    }
}

fn list_files(
    tree: &dyn Tree,
    dir: &str,
    depth: usize,
    out: &mut Vec<String>,
) -> Result<(), RepoError> {
    let Some(entries) = tree.list(dir)? else {
        return Ok(());
    };
    for entry in entries {
        let path = if dir.is_empty() {
            entry.name.clone()
        } else {
            format!("{dir}/{}", entry.name)
        };
        match entry.kind {
            EntryKind::File => out.push(path),
            EntryKind::Dir if depth < MAX_DEPTH && !entry.name.starts_with('.') => {
                list_files(tree, &path, depth + 1, out)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The file name of every template, as `msb templates export` writes them.
#[must_use]
pub fn file_names() -> Vec<String> {
    TEMPLATE_IDS
        .iter()
        .map(|id| format!("{id}{SUFFIX}"))
        .collect()
}

/// Paths of every embedded template file, for checking the id table.
#[must_use]
pub fn embedded_files() -> Vec<String> {
    fn walk(dir: &Dir<'_>, out: &mut Vec<String>) {
        for file in dir.files() {
            out.push(file.path().to_string_lossy().into_owned());
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&EMBEDDED, &mut out);
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_has_a_file_and_every_file_an_id() {
        let files = embedded_files();
        let expected: Vec<String> = TEMPLATE_IDS
            .iter()
            .map(|id| format!("{id}{SUFFIX}"))
            .collect();
        assert_eq!(files, expected);
        for id in TEMPLATE_IDS {
            assert!(embedded_text(id).is_some_and(|t| !t.is_empty()), "{id}");
        }
    }
}
