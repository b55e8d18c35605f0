//! Rendering: a plan and a template set in, file contents out. Pure: no I/O.
//!
//! Template lines that hold nothing but one `{% … %}` tag produce no output line (Jinja's
//! `trim_blocks` and `lstrip_blocks`), so templates can put tags on lines of their own.

pub mod templates;

use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

use crate::plan::Plan;
use templates::TemplateSet;

/// A file msb writes, relative to the project directory unless `-o` moves the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", location(origin, *line))]
pub struct RenderError {
    /// The template file.
    pub origin: String,
    pub line: Option<usize>,
    pub message: String,
}

fn location(origin: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{origin}:{line}"),
        None => origin.to_string(),
    }
}

fn is_tag_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("{%") && t.ends_with("%}") && t[2..].find("%}") == Some(t.len() - 4)
}

/// Applies `trim_blocks`/`lstrip_blocks` to a template and returns, for every line of the
/// result, the line it came from in the original.
fn preprocess(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut lines = vec![1];
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if is_tag_line(line) {
            out.push_str(line.trim());
        } else {
            out.push_str(line);
            if line.ends_with('\n') {
                lines.push(index + 2);
            }
        }
    }
    (out, lines)
}

struct Compiled {
    tera: Tera,
    line_maps: Vec<(&'static str, Vec<usize>)>,
}

/// Compiles the partials and the templates in `used`: parsing every language's template on
/// each run would cost more than detection and planning together.
fn compile(set: &TemplateSet, used: &[&str]) -> Result<Compiled, RenderError> {
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    let mut line_maps = Vec::new();
    let mut sources = Vec::new();
    for t in set
        .templates
        .iter()
        .filter(|t| t.id.starts_with("partials/") || used.contains(&t.id))
    {
        let (text, map) = preprocess(&t.text);
        line_maps.push((t.id, map));
        sources.push((t.id, text));
    }
    let compiled = Compiled { tera, line_maps };
    let mut compiled = compiled;
    compiled
        .tera
        .add_raw_templates(sources)
        .map_err(|e| compiled.error(set, &e))?;
    Ok(compiled)
}

impl Compiled {
    fn error(&self, set: &TemplateSet, error: &tera::Error) -> RenderError {
        let report = match error.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        let Some(report) = report else {
            let message = error.to_string();
            let id = set
                .templates
                .iter()
                .find(|t| message.contains(t.id))
                .map_or("templates", |t| t.id);
            return RenderError {
                origin: set.origin(id),
                line: None,
                message,
            };
        };
        let id = report.filename();
        let line = self
            .line_maps
            .iter()
            .find(|(name, _)| *name == id)
            .and_then(|(_, map)| map.get(report.span().start_line.saturating_sub(1)).copied());
        RenderError {
            origin: set.origin(id),
            line,
            message: report.message().to_string(),
        }
    }

    fn render(
        &self,
        set: &TemplateSet,
        id: &str,
        context: &Context,
    ) -> Result<String, RenderError> {
        let text = self
            .tera
            .render(id, context)
            .map_err(|e| self.error(set, &e))?;
        Ok(tidy(&text))
    }
}

/// Trailing spaces removed, exactly one final newline.
fn tidy(text: &str) -> String {
    let mut out: String = text
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    while out.ends_with('\n') {
        out.pop();
    }
    out.push('\n');
    out
}

/// Renders the Dockerfile and `.dockerignore` for a plan.
///
/// # Errors
/// A template that does not parse or fails to render, naming its file and line.
pub fn render(plan: &Plan, set: &TemplateSet) -> Result<Vec<GeneratedFile>, RenderError> {
    let mut used = vec![plan.template, "dockerignore"];
    used.extend(plan.files.iter().map(|f| f.template));
    let compiled = compile(set, &used)?;
    let context = Context::from_serialize(plan).map_err(|e| RenderError {
        origin: "plan".into(),
        line: None,
        message: e.to_string(),
    })?;
    let ignore_file = if plan.build_context.is_some() {
        DOCKERFILE_IGNORE
    } else {
        ".dockerignore"
    };
    let mut files = vec![
        GeneratedFile {
            path: "Dockerfile".into(),
            contents: compiled.render(set, plan.template, &context)?,
        },
        GeneratedFile {
            path: ignore_file.into(),
            contents: compiled.render(set, "dockerignore", &context)?,
        },
    ];
    for extra in &plan.files {
        files.push(GeneratedFile {
            path: extra.path.into(),
            contents: compiled.render(set, extra.template, &context)?,
        });
    }
    Ok(files)
}

/// The Dockerfile's own ignore file, which BuildKit reads instead of the context's
/// `.dockerignore`: used when the build context is larger than the project directory.
pub const DOCKERFILE_IGNORE: &str = "Dockerfile.dockerignore";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_lines_vanish_and_line_numbers_are_kept() {
        let (text, map) = preprocess("a\n  {% if x %}\nb\n{% endif %}\nc {% if y %}d{% endif %}\n");
        assert_eq!(
            text,
            "a\n{% if x %}b\n{% endif %}c {% if y %}d{% endif %}\n"
        );
        assert_eq!(map, [1, 2, 4, 6]);
    }

    #[test]
    fn syntax_errors_name_the_template_file_and_line() {
        let mut set = TemplateSet::embedded();
        set.overlay(
            "go.Dockerfile",
            "FROM x\n{% if %}\nRUN y\n{% endif %}\n".into(),
            "/tmp/t/go.Dockerfile.tera".into(),
        );
        let e = compile(&set, &["go.Dockerfile"])
            .err()
            .expect("a syntax error");
        assert_eq!(e.origin, "/tmp/t/go.Dockerfile.tera");
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn only_the_templates_a_render_uses_are_compiled() {
        let mut set = TemplateSet::embedded();
        set.overlay(
            "java.Dockerfile",
            "{% if %}\n".into(),
            "/tmp/t/java.Dockerfile.tera".into(),
        );
        assert!(compile(&set, &["go.Dockerfile", "dockerignore"]).is_ok());
        assert!(compile(&set, &["java.Dockerfile"]).is_err());
    }

    #[test]
    fn tidy_trims_and_ends_with_one_newline() {
        assert_eq!(tidy("a  \nb\n\n\n"), "a\nb\n");
    }
}
