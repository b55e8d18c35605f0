//! Cargo projects: packages, workspaces, binaries, toolchain pins and what the dependency
//! download needs to read the manifests without the sources.

mod apps;
mod config;
mod openssl;
mod targets;
mod version;
mod workspace;

use serde::Serialize;

use super::cargo_linker::LinkerTools;
use super::cargo_manifest;
use super::{App, DetectError, Evidence, Facts, ManifestError, Project};
use crate::language::Language;
use crate::repo::{self, Tree};
use crate::values;
use apps::{PREFERENCE_RULE, apps, preferred};
use config::cargo_config;
use openssl::system_openssl;
use targets::{package_bins, package_stubs};
use version::{read_toolchain, version_of};
use workspace::{load_all, manifest_path};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustFacts {
    /// The root manifest declares a `[workspace]`.
    pub workspace: bool,
    /// Every Cargo.toml the dependency download needs, the root first.
    pub manifests: Vec<String>,
    /// Target files the dependency download creates as empty stand-ins, so cargo can read the
    /// manifests before the sources are copied.
    pub stubs: Vec<String>,
    pub binaries: Vec<RustBin>,
    pub has_lock: bool,
    /// `.cargo/config.toml` (or `.cargo/config`), which the dependency download must see.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cargo_config: Option<String>,
    /// Dependencies are vendored through `.cargo/config.toml`: nothing to download.
    pub vendored: bool,
    /// Cargo.lock resolves `openssl-sys` without `openssl-src`: the build links the system
    /// OpenSSL, so the builder needs its headers and pkg-config.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_openssl: Option<Evidence>,
    /// Linkers `.cargo/config.toml` names, which the builder installs.
    #[serde(skip_serializing_if = "LinkerTools::is_empty")]
    pub linker: LinkerTools,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toolchain: Option<Toolchain>,
}

/// A toolchain file's channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Toolchain {
    pub file: String,
    pub channel: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustBin {
    pub name: String,
    pub package: String,
    /// The binary's main source file.
    pub source: String,
    /// `required-features` of its `[[bin]]` table, passed to `cargo build --features`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// The features its package declares (`[features]` and optional dependencies), for
    /// checking `--features`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub package_features: Vec<String>,
    /// Its package depends on Rocket, which binds 127.0.0.1:8000 unless `ROCKET_ADDRESS` and
    /// `ROCKET_PORT` say otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rocket: bool,
    /// The Cargo.toml that declares it.
    #[serde(skip)]
    pub manifest: String,
}

impl RustFacts {
    /// The binary an application of this project builds.
    #[must_use]
    pub fn binary(&self, app: &App) -> Option<&RustBin> {
        self.binaries
            .iter()
            .find(|b| {
                b.name == app.name
                    && (app.id == b.name || app.id == format!("{}/{}", b.package, b.name))
            })
            .or_else(|| self.binaries.iter().find(|b| b.name == app.name))
    }
}

/// Detects a Cargo package or workspace at the root of the tree.
///
/// # Errors
/// A Cargo.toml (root, member or path dependency) that cannot be read or parsed, and names
/// that cannot be used safely.
pub fn detect(tree: &dyn Tree) -> Result<Option<Project>, DetectError> {
    let Some(text) = tree.read("Cargo.toml")? else {
        return Ok(None);
    };
    let root = cargo_manifest::parse("Cargo.toml", &text)?;
    if root.package.is_none() && root.workspace.is_none() {
        return Err(ManifestError::new(
            "Cargo.toml",
            None,
            "neither [package] nor [workspace] is declared",
        )
        .into());
    }
    let workspace = root.workspace.is_some();
    let mut warnings = Vec::new();
    let mut evidence = vec![Evidence::new(
        "Cargo.toml",
        None,
        match &root.package {
            Some(p) if workspace => format!("Cargo package {} and workspace root", p.name),
            Some(p) => format!("Cargo package {}", p.name),
            None => "Cargo workspace (virtual manifest)".into(),
        },
    )];
    let loaded = load_all(tree, root, &mut warnings)?;
    let root = &loaded[0].manifest;

    let mut manifests = Vec::new();
    let mut stubs = Vec::new();
    let mut binaries = Vec::new();
    let mut min_version: Option<(String, String)> = None;
    for entry in &loaded {
        let file = manifest_path(&entry.dir);
        values::checked(
            "Cargo.toml",
            "workspace member path",
            &file,
            values::check_rel_path,
        )?;
        manifests.push(file.clone());
        let Some(package) = &entry.manifest.package else {
            continue;
        };
        values::checked(&file, "package name", &package.name, values::check_name)?;
        stubs.extend(package_stubs(tree, entry)?);
        binaries.extend(package_bins(tree, entry, &package.name)?);
        if let Some(v) = version_of(entry, root).filter(|v| {
            min_version
                .as_ref()
                .is_none_or(|(cur, _)| version::numeric_key(v) > version::numeric_key(cur))
        }) {
            min_version = Some((v, file.clone()));
        }
        if !entry.dir.is_empty() {
            evidence.push(Evidence::new(
                &file,
                None,
                format!("package {} is part of the build", package.name),
            ));
        }
    }
    stubs.sort();
    stubs.dedup();
    binaries.sort_by(|a, b| (&a.name, &a.package).cmp(&(&b.name, &b.package)));

    let has_lock = tree.is_file("Cargo.lock")?;
    evidence.push(Evidence::new(
        "Cargo.lock",
        None,
        if has_lock {
            "present: builds use --locked"
        } else {
            "absent: dependency versions are resolved at build time"
        },
    ));
    if !has_lock {
        warnings.push("no Cargo.lock: the image build resolves dependency versions itself; commit Cargo.lock for reproducible images".into());
    }
    let system_openssl = if has_lock {
        system_openssl(
            &tree
                .read_up_to("Cargo.lock", repo::MAX_LOCK_BYTES)?
                .unwrap_or_default(),
        )
    } else {
        None
    };
    evidence.extend(system_openssl.clone());
    let (cargo_config, vendored, linker) = cargo_config(tree, &mut warnings)?;
    if let Some(file) = &cargo_config {
        evidence.push(Evidence::new(
            file,
            None,
            "cargo configuration: copied before the dependency download",
        ));
    }
    evidence.extend(linker.evidence.iter().cloned());
    for stub in stubs.iter().filter(|s| s.ends_with("build.rs")) {
        evidence.push(Evidence::new(
            stub,
            None,
            "build script: runs in the build stage, which has the whole source",
        ));
    }

    let toolchain = read_toolchain(tree)?;
    let version = version::requirement(toolchain.as_ref(), min_version, &mut warnings);
    if let Some(v) = &version {
        evidence.push(v.evidence.clone());
    }

    let apps = apps(tree, &binaries)?;
    let sources: Vec<&str> = binaries.iter().map(|b| b.source.as_str()).collect();
    warnings.extend(super::rust_includes::ignored(tree, &sources)?);
    if apps.is_empty() {
        warnings.push("no binary target found (looked for src/main.rs, src/bin/ and [[bin]] in every package)".into());
    }
    let preferred_app = preferred(&binaries, root);
    Ok(Some(Project {
        language: Language::Rust,
        manifests: super::manifests_in(tree, "", Language::Rust)?,
        facts: Facts::Rust(RustFacts {
            workspace,
            manifests,
            stubs,
            binaries,
            has_lock,
            cargo_config,
            vendored,
            linker,
            system_openssl,
            toolchain,
        }),
        apps,
        preferred_app,
        preference_rule: PREFERENCE_RULE.into(),
        version,
        evidence,
        warnings,
    }))
}

#[cfg(test)]
mod tests;
