//! msb.toml, the answers file: settings fixed in advance, so template repositories and CI
//! regenerate the same files without prompts. Its keys mirror the command-line flags;
//! a flag wins over the file, the file over an answer at a prompt.
//!
//! Parsing is pure (text in, [`Config`] out); reading and writing the file happen in
//! `lib.rs` through `repo` and `output`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use toml::Spanned;

use crate::detect::line_of;
use crate::language::{Language, Runtime};
use crate::settings::{Given, Origin, Overrides, Settings};

/// The file `msb init` reads from the project directory, and `--save` writes.
pub const FILE_NAME: &str = "msb.toml";

/// One msb.toml key, for error messages and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    /// The TOML type, as the README states it.
    pub expect: &'static str,
    /// What the key sets.
    pub doc: &'static str,
}

/// Declares every msb.toml key that fixes a setting, once: the key, the [`Overrides`] field
/// it fills, the Rust type its value is read as, its TOML type and its meaning. Adding a
/// setting to msb.toml is one line here.
macro_rules! keys {
    ($( $name:literal => $field:ident : $ty:ty, $expect:literal, $doc:literal; )*) => {
        /// Every key that fixes a setting, in the order `--save` writes them.
        pub const SETTING_KEYS: &[Key] = &[
            $( Key { name: $name, expect: $expect, doc: $doc }, )*
        ];

        /// Stores `value` for `key`; `None` when the key is not a setting key.
        fn set(
            overrides: &mut Overrides,
            key: &str,
            value: toml::Value,
            origin: Origin,
        ) -> Option<Result<(), String>> {
            match key {
                $( $name => Some(value.try_into::<$ty>().map(|value| {
                    overrides.$field = Some(Given { value, origin });
                }).map_err(|e| e.message().trim().to_string())), )*
                _ => None,
            }
        }

        /// Flags win over msb.toml, setting by setting.
        #[must_use]
        pub fn merge(flags: Overrides, file: Overrides) -> Overrides {
            Overrides { $( $field: flags.$field.or(file.$field), )* }
        }

        /// The `key = value` lines for every setting `overrides` fixes.
        fn write_settings(overrides: &Overrides, out: &mut String) {
            $(
                if let Some(given) = &overrides.$field {
                    write_line(out, $name, toml::Value::try_from(&given.value));
                }
            )*
        }
    };
}

keys! {
    "lang" => language: Language, "string: go, rust, java, python", "the language, when several manifests are present or none is recognised";
    "main" => main: String, "string", "Go main package to build, e.g. \"cmd/api\", or Python application to run, e.g. \"app.main:app\"";
    "bin" => bin: String, "string", "Rust binary to build";
    "features" => features: Vec<String>, "array of strings, e.g. [\"postgres\", \"tls\"]", "Cargo features to build the Rust binary with";
    "module" => module: String, "string", "Java module to build, by directory (\"apps/api\") or artifactId / Gradle project name";
    "lang-version" => version: String, "string, e.g. \"1.27\"", "builder version";
    "runtime" => runtime: Runtime, "string: distroless, slim, alpine, scratch, jre", "base of the final image";
    "port" => port: u16, "integer, 1-65535", "port the application listens on";
    "cmd" => command: String, "string", "start command, split like a shell would and written in exec form";
    "syntax" => syntax: bool, "boolean", "write the `# syntax=docker/dockerfile:1` line (default true)";
}

/// The key that is not a setting: a directory of custom templates.
pub const TEMPLATES_KEY: Key = Key {
    name: "templates",
    expect: "string (a directory, relative to msb.toml)",
    doc: "templates found there are used instead of the embedded ones",
};

/// The msb.toml key that chooses the application for a language.
#[must_use]
pub fn app_key(language: Language) -> &'static str {
    match language {
        Language::Go => "main",
        Language::Rust => "bin",
        Language::Java => "module",
        Language::Python => "main",
        // A Node.js package is chosen by the directory msb is pointed at; `main` is refused.
        Language::Node => "main",
    }
}

/// The resolved settings as overrides, for `--save`: exactly what regenerates the same files.
#[must_use]
pub fn resolved(settings: &Settings) -> Overrides {
    fn given<T>(value: T) -> Option<Given<T>> {
        Some(Given::flag("--save", value))
    }
    let app = given(settings.app.id.clone());
    let mut overrides = Overrides {
        language: given(settings.project.language),
        runtime: given(settings.runtime),
        port: given(settings.port),
        version: given(settings.version.clone()),
        command: settings
            .command
            .as_ref()
            .and_then(|words| given(shell_words::join(words))),
        syntax: given(settings.syntax),
        features: (!settings.features.is_empty())
            .then(|| Given::flag("--save", settings.features.clone())),
        ..Overrides::default()
    };
    match settings.project.language {
        Language::Go => overrides.main = app,
        Language::Rust => overrides.bin = app,
        Language::Java => overrides.module = app,
        Language::Python => overrides.main = app,
        Language::Node => {}
    }
    overrides
}

/// A msb.toml that cannot be used: bad TOML, an unknown key or a value of the wrong type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", location(file, *line))]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

fn location(file: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_string(),
    }
}

/// What a msb.toml says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub overrides: Overrides,
    /// `templates = "DIR"` as written, relative to the file's directory.
    pub templates: Option<Given<String>>,
}

fn known_keys() -> String {
    let names: Vec<&str> = SETTING_KEYS
        .iter()
        .chain([&TEMPLATES_KEY])
        .map(|k| k.name)
        .collect();
    names.join(", ")
}

/// A value as an error shows it: scalars as written, arrays and tables by their type.
fn found(value: &toml::Value) -> String {
    match value {
        toml::Value::Array(_) => "an array".into(),
        toml::Value::Table(_) => "a table".into(),
        scalar => {
            let text = scalar.to_string();
            if text.chars().count() > 60 {
                format!("{}…", text.chars().take(60).collect::<String>())
            } else {
                text
            }
        }
    }
}

/// Parses msb.toml text; `file` names it in errors and origins.
///
/// # Errors
/// Bad TOML, unknown keys and wrong types, each naming the key and the line.
pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
    let error = |offset: Option<usize>, message: String| ConfigError {
        file: file.to_string(),
        line: offset.map(|o| line_of(text, o)),
        message,
    };
    let entries: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
        toml::from_str(text).map_err(|e| {
            error(
                e.span().map(|s| s.start),
                e.message().trim().replace('\n', "; "),
            )
        })?;
    let mut config = Config::default();
    let mut entries: Vec<_> = entries.into_iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in entries {
        let value_start = value.span().start;
        let line = line_of(text, value_start);
        let name = key.get_ref().as_str();
        let Some(entry) = SETTING_KEYS
            .iter()
            .chain([&TEMPLATES_KEY])
            .find(|k| k.name == name)
        else {
            return Err(error(
                Some(key.span().start),
                format!(
                    "unknown key {}; msb.toml takes {}",
                    crate::values::shown(name),
                    known_keys()
                ),
            ));
        };
        let origin = Origin::Config {
            file: file.to_string(),
            key: entry.name,
            line: Some(line),
        };
        let value = value.into_inner();
        let wrong = |reason: Option<String>| {
            let message = match reason {
                Some(reason) if !reason.starts_with("invalid") => {
                    format!("{}: {reason}", entry.name)
                }
                _ => format!(
                    "{}: expected {}, found {}",
                    entry.name,
                    entry.expect,
                    found(&value)
                ),
            };
            error(Some(value_start), message)
        };
        if entry.name == TEMPLATES_KEY.name {
            let toml::Value::String(dir) = &value else {
                return Err(wrong(None));
            };
            config.templates = Some(Given {
                value: dir.clone(),
                origin,
            });
            continue;
        }
        if let Some(Err(reason)) = set(&mut config.overrides, entry.name, value.clone(), origin) {
            return Err(wrong(Some(reason)));
        }
    }
    Ok(config)
}

fn write_line(out: &mut String, key: &str, value: Result<toml::Value, toml::ser::Error>) {
    if let Ok(value) = value {
        let _ = writeln!(out, "{key} = {value}");
    }
}

/// The msb.toml `--save` writes: every resolved setting, and the templates directory when
/// one was used (relative to the file's directory).
#[must_use]
pub fn render(settings: &Settings, templates: Option<&str>) -> String {
    let mut out = String::from(
        "# Answers for `msb init`: it reads this file instead of asking.\n\
         # Precedence: command-line flag > this file > answer at a prompt > detected > default.\n",
    );
    write_settings(&resolved(settings), &mut out);
    if let Some(dir) = templates {
        write_line(
            &mut out,
            TEMPLATES_KEY.name,
            Ok(toml::Value::String(dir.into())),
        );
    }
    out
}

#[cfg(test)]
mod tests;
