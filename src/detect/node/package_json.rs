//! package.json: the fields msb reads, typed, with the line each was found on. A file that is
//! not JSON, or a field of the wrong type, is a `ManifestError` naming the file and line.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::detect::ManifestError;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageJson {
    /// The file this was read from, for messages.
    pub file: String,
    pub name: Option<String>,
    pub scripts: BTreeMap<String, String>,
    pub main: Option<String>,
    /// `bin` as `name → path`; a string `bin` is named after the package.
    pub bin: BTreeMap<String, String>,
    pub engines_node: Option<String>,
    pub volta_node: Option<String>,
    pub package_manager: Option<String>,
    /// `workspaces` (an array, or `{ "packages": [...] }`).
    pub workspaces: Vec<String>,
    pub dependencies: BTreeMap<String, String>,
    pub dev_dependencies: BTreeMap<String, String>,
    text: String,
}

impl PackageJson {
    /// Whether a package is a dependency or a dev dependency.
    #[must_use]
    pub fn depends_on(&self, name: &str) -> bool {
        self.dependencies.contains_key(name) || self.dev_dependencies.contains_key(name)
    }

    /// Production and dev dependency names, sorted, without duplicates.
    pub fn all_dependencies(&self) -> impl Iterator<Item = (&String, &String)> {
        self.dependencies.iter().chain(
            self.dev_dependencies
                .iter()
                .filter(|(k, _)| !self.dependencies.contains_key(*k)),
        )
    }

    /// The 1-based line on which `"key":` first appears, for evidence.
    #[must_use]
    pub fn line_of(&self, key: &str) -> Option<usize> {
        key_line(&self.text, key)
    }
}

/// The line of the first `"key"` followed by a colon.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    while let Some(at) = text[from..].find(&quoted) {
        let end = from + at + quoted.len();
        if text[end..].trim_start().starts_with(':') {
            return Some(crate::detect::line_of(text, from + at));
        }
        from = end;
    }
    None
}

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    object: &'a Map<String, Value>,
}

impl Reader<'_> {
    fn wrong(&self, key: &str, expected: &str) -> ManifestError {
        ManifestError::new(
            self.file,
            key_line(self.text, key),
            format!("\"{key}\" must be {expected}"),
        )
    }

    fn string(&self, key: &str) -> Result<Option<String>, ManifestError> {
        match self.object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.wrong(key, "a string")),
        }
    }

    fn string_map(&self, key: &str) -> Result<BTreeMap<String, String>, ManifestError> {
        match self.object.get(key) {
            None | Some(Value::Null) => Ok(BTreeMap::new()),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => Ok((k.clone(), s.clone())),
                    _ => Err(self.wrong(k, "a string")),
                })
                .collect(),
            Some(_) => Err(self.wrong(key, "an object of strings")),
        }
    }

    fn nested_string(&self, key: &str, inner: &str) -> Result<Option<String>, ManifestError> {
        match self.object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => match map.get(inner) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(self.wrong(inner, "a string")),
            },
            Some(_) => Err(self.wrong(key, "an object")),
        }
    }

    fn bin(&self, name: Option<&str>) -> Result<BTreeMap<String, String>, ManifestError> {
        match self.object.get("bin") {
            Some(Value::String(path)) => {
                let bin_name = name.map_or("bin", |n| n.rsplit('/').next().unwrap_or(n));
                Ok(BTreeMap::from([(bin_name.to_string(), path.clone())]))
            }
            _ => self.string_map("bin"),
        }
    }

    fn workspaces(&self) -> Result<Vec<String>, ManifestError> {
        let list = match self.object.get("workspaces") {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(list)) => list,
            Some(Value::Object(map)) => match map.get("packages") {
                Some(Value::Array(list)) => list,
                None => return Ok(Vec::new()),
                Some(_) => return Err(self.wrong("packages", "an array of strings")),
            },
            Some(_) => return Err(self.wrong("workspaces", "an array of strings")),
        };
        list.iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                _ => Err(self.wrong("workspaces", "an array of strings")),
            })
            .collect()
    }
}

/// Parses a package.json.
///
/// # Errors
/// Text that is not a JSON object, or a field msb reads that has the wrong type.
pub fn parse(file: &str, text: &str) -> Result<PackageJson, ManifestError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ManifestError::new(file, Some(e.line()), format!("not valid JSON: {e}")))?;
    let Value::Object(object) = &value else {
        return Err(ManifestError::new(file, Some(1), "must be a JSON object"));
    };
    let r = Reader { file, text, object };
    let name = r.string("name")?;
    Ok(PackageJson {
        file: file.to_string(),
        bin: r.bin(name.as_deref())?,
        name,
        scripts: r.string_map("scripts")?,
        main: r.string("main")?,
        engines_node: r.nested_string("engines", "node")?,
        volta_node: r.nested_string("volta", "node")?,
        package_manager: r.string("packageManager")?,
        workspaces: r.workspaces()?,
        dependencies: r.string_map("dependencies")?,
        dev_dependencies: r.string_map("devDependencies")?,
        text: text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_msb_uses() {
        let p = parse(
            "package.json",
            r#"{
  "name": "@acme/api",
  "main": "dist/index.js",
  "bin": "cli.js",
  "scripts": { "build": "tsc", "start": "node dist/index.js" },
  "engines": { "node": ">=22" },
  "packageManager": "pnpm@10.1.0",
  "workspaces": { "packages": ["apps/*"] },
  "dependencies": { "express": "^5.0.0" },
  "devDependencies": { "typescript": "^5.0.0" }
}"#,
        )
        .unwrap();
        assert_eq!(p.name.as_deref(), Some("@acme/api"));
        assert_eq!(p.bin["api"], "cli.js");
        assert_eq!(p.scripts["start"], "node dist/index.js");
        assert_eq!(p.engines_node.as_deref(), Some(">=22"));
        assert_eq!(p.workspaces, ["apps/*"]);
        assert!(p.depends_on("typescript") && p.depends_on("express"));
        assert_eq!(p.line_of("engines"), Some(6));
    }

    #[test]
    fn broken_json_names_the_line() {
        let e = parse("package.json", "{\n  \"name\": \"x\",\n  oops\n}").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("package.json", Some(3)));
    }

    #[test]
    fn wrong_types_name_the_field_and_line() {
        let e = parse("package.json", "{\n\"name\": \"x\",\n\"scripts\": 5\n}").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("scripts"), "{e}");
        let e = parse("package.json", "[]").unwrap_err();
        assert!(e.message.contains("object"));
    }
}
