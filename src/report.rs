//! Human-readable reports for `detect`, `plan` and `init`. The only module that formats
//! results for people; the caller decides where they go.

use std::fmt::Write as _;

use crate::detect::{Detection, Project};
use crate::output::Status;
use crate::plan::Plan;
use crate::render::templates::{SUFFIX, TemplateSet};
use crate::settings::Source;

/// Text as a terminal may show it: control characters other than newline and tab, Unicode
/// line separators, the byte-order mark and bidirectional overrides are written as `\u{…}` escapes, so a name or source line from
/// the repository cannot move the cursor, recolour or forge lines of msb's report.
#[must_use]
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            )
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if unsafe_char(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

fn source_label(source: Source) -> &'static str {
    match source {
        Source::Flag => "flag",
        Source::Config => "msb.toml",
        Source::Answer => "answer",
        Source::Detected => "detected",
        Source::Default => "default",
    }
}

fn project(out: &mut String, p: &Project) {
    let _ = writeln!(
        out,
        "{} project ({})",
        p.language.display_name(),
        p.manifests.join(", ")
    );
    let width = p
        .evidence
        .iter()
        .map(|e| e.location().len())
        .max()
        .unwrap_or(0);
    for e in &p.evidence {
        let _ = writeln!(out, "  {:width$}  → {}", e.location(), e.conclusion);
    }
    if p.apps.is_empty() {
        let _ = writeln!(out, "  applications: none");
    } else {
        let _ = writeln!(out, "  applications:");
        for (i, app) in p.apps.iter().enumerate() {
            let port = match (app.port.port, app.port.evidence.first()) {
                (Some(port), Some(e)) => format!("port {port} from {}", e.location()),
                _ if !app.port.ambiguous.is_empty() => {
                    format!("several ports in the code: {:?}", app.port.ambiguous)
                }
                _ => "no literal listen address; default port".into(),
            };
            let env = if app.port.reads_env {
                ", reads PORT"
            } else {
                ""
            };
            let marker = if i == p.preferred_app { "*" } else { " " };
            let _ = writeln!(
                out,
                "   {marker} {} → executable {} ({port}{env})",
                app.id, app.name
            );
        }
        if p.apps.len() > 1 {
            let _ = writeln!(out, "    * taken with --yes: {}", p.preference_rule);
        }
    }
    for w in &p.warnings {
        let _ = writeln!(out, "  warning: {w}");
    }
}

#[must_use]
pub fn detection(d: &Detection) -> String {
    let mut out = String::new();
    if d.projects.is_empty() {
        out.push_str("no supported project found\n");
    }
    for (i, p) in d.projects.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        project(&mut out, p);
    }
    out
}

#[must_use]
pub fn plan(p: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Plan: {} image for {}",
        p.language.display_name(),
        p.app.name.as_str()
    );
    let width = p.decisions.iter().map(|d| d.value.len()).max().unwrap_or(0);
    for d in &p.decisions {
        let _ = writeln!(
            out,
            "  {:<9}{:width$}  ({}: {})",
            d.setting,
            d.value,
            source_label(d.source),
            d.reason
        );
    }
    let mut stages: Vec<&str> = p
        .java
        .as_ref()
        .map(|j| j.stages.clone())
        .unwrap_or_default();
    if p.tini.is_some() {
        stages.push("tini");
    }
    let deps = p.go.as_ref().is_some_and(|g| g.download)
        || p.rust.as_ref().is_some_and(|r| r.fetch)
        || p.python.is_some();
    if deps {
        stages.push("deps");
    }
    if let Some(node) = &p.node {
        stages.extend(node.stages.iter().map(|s| s.name));
        stages.push("runtime");
    } else if p.java.is_none() {
        stages.extend(["build", "runtime"]);
    }
    let _ = writeln!(
        out,
        "  stages   {}; final image {} as user {}, port {}",
        stages.join(" → "),
        p.runtime.image,
        p.runtime.user,
        p.runtime.expose
    );
    let _ = writeln!(out, "  start    {}", p.runtime.entrypoint.as_str());
    for note in &p.notes {
        let _ = writeln!(out, "  - {note}");
    }
    for w in &p.warnings {
        let _ = writeln!(out, "  warning: {w}");
    }
    out
}

#[must_use]
pub fn written(results: &[(String, Status)]) -> String {
    let mut out = String::new();
    for (file, status) in results {
        let what = match status {
            Status::Created => "wrote",
            Status::Replaced => "replaced",
            Status::Unchanged => "unchanged",
            Status::Stale(_) => "stale",
            Status::Kept => "kept",
        };
        let _ = writeln!(out, "{what:>9} {file}");
    }
    out
}

/// The template files, and where each comes from when a directory provides some.
#[must_use]
pub fn templates(set: &TemplateSet) -> String {
    let mut out = String::new();
    let names: Vec<String> = set
        .templates
        .iter()
        .map(|t| format!("{}{SUFFIX}", t.id))
        .collect();
    let width = names.iter().map(String::len).max().unwrap_or(0);
    let custom = set.templates.iter().any(|t| t.custom);
    for (t, name) in set.templates.iter().zip(&names) {
        if custom {
            let from = set.custom_origin(t.id).unwrap_or("embedded");
            let _ = writeln!(out, "{name:width$}  {from}");
        } else {
            let _ = writeln!(out, "{name}");
        }
    }
    out
}

#[cfg(test)]
mod terminal_tests {
    use super::terminal_safe;

    #[test]
    fn escapes_sequences_a_repository_could_plant() {
        assert_eq!(terminal_safe("plain\n\tline"), "plain\n\tline");
        assert_eq!(
            terminal_safe("x\u{1b}[2Ky\ru\u{2028}\u{202e}"),
            "x\\u{1b}[2Ky\\u{d}u\\u{2028}\\u{202e}"
        );
    }
}
