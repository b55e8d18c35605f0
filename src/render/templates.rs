//! The template set: the embedded templates, optionally overlaid by a user's directory of
//! edited copies. Reading that directory happens at the edge; this module only holds text.

use include_dir::{Dir, include_dir};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// File name suffix of every template.
pub const SUFFIX: &str = ".tera";

/// Every template msb renders or includes, by id (its path under `templates/` without
/// `.tera`).
pub const TEMPLATE_IDS: &[&str] = &[
    "dockerignore",
    "go.Dockerfile",
    "nginx.conf",
    "node.Dockerfile",
    "partials/header",
    "partials/runtime",
    "partials/rust-tzdata",
    "partials/tini",
    "rust.Dockerfile",
];

/// One template's text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub id: &'static str,
    pub text: String,
    /// Shown in errors: `templates/<id>.tera` for embedded ones, the file path otherwise.
    pub origin: String,
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
            })
            .collect();
        Self { templates }
    }

    /// Replaces the embedded text of `id` with a user's edited copy.
    pub fn overlay(&mut self, id: &str, text: String, origin: String) {
        if let Some(t) = self.templates.iter_mut().find(|t| t.id == id) {
            t.text = text;
            t.origin = origin;
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
