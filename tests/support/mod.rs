//! Shared by the integration tests: the case table in tests/cases/*.toml.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub mod dockerfile;
pub mod project;
pub mod strict;

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[derive(Debug, Deserialize)]
pub struct CaseFile {
    #[serde(rename = "case")]
    pub cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub fixture: String,
    pub name: Option<String>,
    /// The project directory inside the fixture, when it is not the fixture's root.
    pub path: Option<String>,
    #[serde(default)]
    pub args: Vec<String>,
    pub runtimes: Vec<String>,
    pub e2e: Option<toml::Table>,
}

impl Case {
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.fixture)
    }

    pub fn dir(&self) -> PathBuf {
        fixtures().join(&self.fixture)
    }

    /// The directory msb is pointed at: the fixture, or `path` inside it.
    pub fn project_dir(&self) -> PathBuf {
        match &self.path {
            Some(path) => self.dir().join(path),
            None => self.dir(),
        }
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(ROOT).join("tests/fixtures")
}

/// Every case, in file and declaration order.
pub fn cases() -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("tests/cases"))
        .expect("tests/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).expect("case file");
            toml::from_str::<CaseFile>(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()))
                .cases
        })
        .collect()
}
