//! What the user fixed in advance (flags and msb.toml), each value with the place it came
//! from so an error can name it.

use std::fmt;

use crate::language::{Language, Runtime};

/// Where an override came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Flag(&'static str),
    Config {
        file: String,
        key: &'static str,
        line: Option<usize>,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => f.write_str(flag),
            Origin::Config {
                file,
                key,
                line: Some(line),
            } => write!(f, "{file}:{line}: {key}"),
            Origin::Config {
                file,
                key,
                line: None,
            } => write!(f, "{file}: {key}"),
        }
    }
}

/// A value given by a flag or msb.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Given<T> {
    pub fn flag(flag: &'static str, value: T) -> Self {
        Self {
            value,
            origin: Origin::Flag(flag),
        }
    }
}

/// Values the user fixed in advance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub language: Option<Given<Language>>,
    pub runtime: Option<Given<Runtime>>,
    pub port: Option<Given<u16>>,
    pub version: Option<Given<String>>,
    /// Go main package (`--main`).
    pub main: Option<Given<String>>,
    /// Rust binary (`--bin`).
    pub bin: Option<Given<String>>,
    /// Cargo features to build with (`--features`), as given.
    pub features: Option<Given<Vec<String>>>,
    /// Java module (`--module`).
    pub module: Option<Given<String>>,
    /// Start command, as a shell-style command line.
    pub command: Option<Given<String>>,
    pub syntax: Option<Given<bool>>,
}
