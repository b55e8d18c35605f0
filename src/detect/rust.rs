//! Cargo projects: packages, workspaces, binaries, toolchain pins and what the dependency
//! download needs to read the manifests without the sources.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;

use super::cargo_linker::{self, LinkerTools};
use super::cargo_manifest::{self, BuildScript, Inheritable, Manifest};
use super::glob::glob_match;
use super::{App, DetectError, Evidence, Facts, ManifestError, Project, VersionReq, port};
use crate::language::Language;
use crate::repo::{self, EntryKind, Tree};
use crate::values;

/// Most Cargo manifests msb reads in one workspace.
const MAX_MANIFESTS: usize = 256;

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
    /// Its package depends on Rocket, which binds 127.0.0.1:8000 unless `ROCKET_ADDRESS` and
    /// `ROCKET_PORT` say otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rocket: bool,
    /// The Cargo.toml that declares it.
    #[serde(skip)]
    pub manifest: String,
}

struct Loaded {
    dir: String,
    manifest: Manifest,
}

fn manifest_path(dir: &str) -> String {
    repo::join(dir, "Cargo.toml")
}

/// Resolves `rel` against `dir`, refusing paths that leave the repository.
fn normalize(dir: &str, rel: &str) -> Option<String> {
    if rel.starts_with('/') {
        return None;
    }
    repo::resolve(dir, rel)
}

/// Expands a workspace member pattern (`crates/*`, `apps/api`) to directories with a
/// Cargo.toml.
fn expand_member(tree: &dyn Tree, pattern: &str) -> Result<Vec<String>, DetectError> {
    if normalize("", pattern).is_none() || pattern.split('/').any(|s| s == "..") {
        return Err(values::UnsafeValue::new(
            "Cargo.toml",
            "workspace member",
            pattern,
            "it leaves the project directory, which is the build context".into(),
        )
        .into());
    }
    let mut dirs = vec![String::new()];
    for segment in pattern.split('/').filter(|s| !s.is_empty() && *s != ".") {
        let mut next = Vec::new();
        for dir in &dirs {
            if segment.contains('*') {
                for entry in tree.list(dir)?.unwrap_or_default() {
                    if !glob_match(segment, &entry.name) {
                        continue;
                    }
                    let path = repo::join(dir, &entry.name);
                    match entry.kind {
                        EntryKind::Dir => next.push(path),
                        // Surfaces a link that leaves the repository or loops as an error.
                        EntryKind::Other => {
                            tree.list(&path)?;
                        }
                        EntryKind::File => {}
                    }
                }
            } else {
                next.push(repo::join(dir, segment));
            }
        }
        dirs = next;
    }
    let mut members = Vec::new();
    for dir in dirs {
        if tree.is_file(&manifest_path(&dir))? {
            members.push(dir);
        }
    }
    Ok(members)
}

fn load(tree: &dyn Tree, dir: &str) -> Result<Option<Manifest>, DetectError> {
    let path = manifest_path(dir);
    match tree.read(&path)? {
        Some(text) => Ok(Some(cargo_manifest::parse(&path, &text)?)),
        None => Ok(None),
    }
}

/// Reads the root manifest, the workspace members and every path dependency inside the
/// repository.
fn load_all(
    tree: &dyn Tree,
    root: Manifest,
    warnings: &mut Vec<String>,
) -> Result<Vec<Loaded>, DetectError> {
    let mut queue: VecDeque<String> = VecDeque::new();
    if let Some(ws) = &root.workspace {
        let excluded: BTreeSet<String> =
            ws.exclude.iter().filter_map(|e| normalize("", e)).collect();
        for pattern in &ws.members {
            for member in expand_member(tree, pattern)? {
                if !excluded.contains(&member) {
                    queue.push_back(member);
                }
            }
        }
    }
    let mut loaded = vec![Loaded {
        dir: String::new(),
        manifest: root,
    }];
    let mut seen: BTreeSet<String> = BTreeSet::from([String::new()]);
    enqueue_path_deps(&loaded[0], &mut queue, warnings);
    while let Some(dir) = queue.pop_front() {
        if !seen.insert(dir.clone()) {
            continue;
        }
        if seen.len() > MAX_MANIFESTS {
            return Err(ManifestError::new(
                "Cargo.toml",
                None,
                format!("the workspace has more than {MAX_MANIFESTS} manifests"),
            )
            .into());
        }
        let Some(manifest) = load(tree, &dir)? else {
            warnings.push(format!(
                "{}: referenced by the workspace but missing",
                values::printable(&manifest_path(&dir))
            ));
            continue;
        };
        let entry = Loaded { dir, manifest };
        enqueue_path_deps(&entry, &mut queue, warnings);
        loaded.push(entry);
    }
    loaded.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(loaded)
}

fn enqueue_path_deps(entry: &Loaded, queue: &mut VecDeque<String>, warnings: &mut Vec<String>) {
    for path in entry.manifest.path_dependencies() {
        match normalize(&entry.dir, path) {
            Some(dir) => queue.push_back(dir),
            None => warnings.push(format!(
                "{}: path dependency {} lies outside the project directory, which is the build context",
                values::printable(&manifest_path(&entry.dir)),
                values::shown(path)
            )),
        }
    }
}

fn checked(
    file: &str,
    field: &str,
    value: &str,
    check: fn(&str) -> Result<(), String>,
) -> Result<(), DetectError> {
    check(value).map_err(|reason| values::UnsafeValue::new(file, field, value, reason).into())
}

/// Binaries of one package, with their main source files.
fn package_bins(
    tree: &dyn Tree,
    entry: &Loaded,
    package: &str,
) -> Result<Vec<RustBin>, DetectError> {
    let file = manifest_path(&entry.dir);
    let mut bins: BTreeMap<String, String> = BTreeMap::new();
    let mut features: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for target in &entry.manifest.bin {
        let Some(name) = &target.name else {
            return Err(ManifestError::new(&file, None, "a [[bin]] target has no name").into());
        };
        checked(&file, "[[bin]] name", name, values::check_name)?;
        let source = target.path.clone().unwrap_or_else(|| {
            if name == package {
                "src/main.rs".into()
            } else {
                format!("src/bin/{name}.rs")
            }
        });
        let source = normalize(&entry.dir, &source).ok_or_else(|| {
            values::UnsafeValue::new(
                &file,
                "[[bin]] path",
                &source,
                "it leaves the project directory".into(),
            )
        })?;
        for feature in &target.required_features {
            checked(
                &file,
                "[[bin]] required-features",
                feature,
                values::check_rel_path,
            )?;
        }
        features.insert(name.clone(), target.required_features.clone());
        bins.insert(name.clone(), source);
    }
    let autobins = entry
        .manifest
        .package
        .as_ref()
        .and_then(|p| p.autobins)
        .unwrap_or(true);
    let explicit: BTreeSet<String> = bins.values().cloned().collect();
    let rocket = entry.manifest.dependencies.contains_key("rocket");
    if autobins {
        let main = repo::join(&entry.dir, "src/main.rs");
        if !explicit.contains(&main) && tree.is_file(&main)? {
            bins.entry(package.to_string()).or_insert(main);
        }
        let bin_dir = repo::join(&entry.dir, "src/bin");
        for e in tree.list(&bin_dir)?.unwrap_or_default() {
            let (name, source) = match e.kind {
                EntryKind::File => match e.name.strip_suffix(".rs") {
                    Some(stem) => (stem.to_string(), repo::join(&bin_dir, &e.name)),
                    None => continue,
                },
                EntryKind::Dir => (
                    e.name.clone(),
                    repo::join(&bin_dir, &format!("{}/main.rs", e.name)),
                ),
                EntryKind::Other => continue,
            };
            if e.kind == EntryKind::Dir && !tree.is_file(&source)? {
                continue;
            }
            if explicit.contains(&source) {
                continue;
            }
            checked(&bin_dir, "binary file name", &name, values::check_name)?;
            bins.entry(name).or_insert(source);
        }
    }
    Ok(bins
        .into_iter()
        .map(|(name, source)| RustBin {
            features: features.remove(&name).unwrap_or_default(),
            rocket,
            manifest: manifest_path(&entry.dir),
            name,
            package: package.to_string(),
            source,
        })
        .collect())
}

/// The empty files cargo needs to read one manifest without its sources.
fn package_stubs(tree: &dyn Tree, entry: &Loaded) -> Result<Vec<String>, DetectError> {
    let m = &entry.manifest;
    let mut stubs = vec![
        m.lib
            .as_ref()
            .and_then(|l| l.path.clone())
            .unwrap_or_else(|| "src/lib.rs".into()),
    ];
    let kinds = [
        (&m.bin, "src/bin"),
        (&m.example, "examples"),
        (&m.test, "tests"),
        (&m.bench, "benches"),
    ];
    for (targets, dir) in kinds {
        for target in targets {
            match (&target.path, &target.name) {
                (Some(path), _) => stubs.push(path.clone()),
                (None, Some(name)) => stubs.push(format!("{dir}/{name}.rs")),
                (None, None) => {}
            }
        }
    }
    let build = match m.package.as_ref().and_then(|p| p.build.as_ref()) {
        Some(BuildScript::Path(path)) => Some(path.clone()),
        Some(BuildScript::Enabled(false)) => None,
        _ => tree
            .is_file(&repo::join(&entry.dir, "build.rs"))?
            .then(|| "build.rs".to_string()),
    };
    stubs.extend(build);
    let file = manifest_path(&entry.dir);
    stubs
        .into_iter()
        .map(|s| {
            let path = normalize(&entry.dir, &s).unwrap_or_default();
            checked(&file, "target path", &path, values::check_rel_path)?;
            Ok(path)
        })
        .collect()
}

fn version_of(entry: &Loaded, root: &Manifest) -> Option<String> {
    match entry.manifest.package.as_ref()?.rust_version.as_ref()? {
        Inheritable::Value(v) => Some(v.clone()),
        Inheritable::Workspace(_) => root
            .workspace
            .as_ref()?
            .package
            .as_ref()?
            .rust_version
            .clone(),
    }
}

fn numeric_key(version: &str) -> Vec<u32> {
    version.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

fn read_toolchain(tree: &dyn Tree) -> Result<Option<Toolchain>, DetectError> {
    for file in ["rust-toolchain.toml", "rust-toolchain"] {
        let Some(text) = tree.read(file)? else {
            continue;
        };
        let trimmed = text.trim();
        let channel = if file.ends_with(".toml") || trimmed.starts_with('[') {
            let table: toml::Table = toml::from_str(&text).map_err(|e| {
                ManifestError::new(
                    file,
                    e.span().map(|s| super::line_of(&text, s.start)),
                    e.message().trim().to_string(),
                )
            })?;
            table
                .get("toolchain")
                .and_then(|t| t.get("channel"))
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        } else {
            Some(trimmed.to_string())
        };
        if let Some(channel) = channel {
            return Ok(Some(Toolchain {
                file: file.into(),
                channel,
            }));
        }
    }
    Ok(None)
}

/// `[build] target` (or `target-dir`) moves the binary away from `target/release`, where the
/// Dockerfile copies it from.
fn build_target_warning(file: &str, text: &str, warnings: &mut Vec<String>) {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return;
    };
    let Some(build) = table.get("build").and_then(toml::Value::as_table) else {
        return;
    };
    for key in ["target", "target-dir"] {
        if let Some(value) = build.get(key) {
            warnings.push(format!(
                "{file}: [build] {key} = {} moves the binary out of target/release, where the Dockerfile copies it from; the build will fail until it is removed or overridden",
                values::shown(&value.as_str().map_or_else(|| value.to_string(), str::to_string))
            ));
        }
    }
}

fn cargo_config(
    tree: &dyn Tree,
    warnings: &mut Vec<String>,
) -> Result<(Option<String>, bool, LinkerTools), DetectError> {
    for file in [".cargo/config.toml", ".cargo/config"] {
        if let Some(text) = tree.read(file)? {
            let vendored = text.contains("vendored-sources") && tree.is_dir("vendor")?;
            let linker = cargo_linker::scan(file, &text);
            build_target_warning(file, &text, warnings);
            return Ok((Some(file.to_string()), vendored, linker));
        }
    }
    Ok((None, false, LinkerTools::default()))
}

const PREFERENCE_RULE: &str = "the root package's default-run binary comes first, then the binary named after the root package, then a package's own binary (src/main.rs) before extra ones, developer tooling (xtask, fuzz, bench, example, test) last, each in alphabetical order";

/// Rocket's default port.
const ROCKET_PORT: u16 = 8000;

/// Workspace members that build developer tools, not the application.
const TOOLING_PREFIXES: &[&str] = &["xtask", "fuzz", "bench", "example", "test"];

fn is_tooling(bin: &RustBin) -> bool {
    [&bin.name, &bin.package]
        .iter()
        .any(|name| TOOLING_PREFIXES.iter().any(|p| name.starts_with(p)))
}

fn preferred(bins: &[RustBin], root: &Manifest) -> usize {
    let package = root.package.as_ref();
    let default_run = package.and_then(|p| p.default_run.as_deref());
    default_run
        .and_then(|d| bins.iter().position(|b| b.name == d))
        .or_else(|| package.and_then(|p| bins.iter().position(|b| b.name == p.name)))
        .or_else(|| {
            // `bins` is sorted by name, so the first minimum is the alphabetical one.
            (0..bins.len()).min_by_key(|&i| (is_tooling(&bins[i]), bins[i].name != bins[i].package))
        })
        .unwrap_or(0)
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
        checked(
            "Cargo.toml",
            "workspace member path",
            &file,
            values::check_rel_path,
        )?;
        manifests.push(file.clone());
        let Some(package) = &entry.manifest.package else {
            continue;
        };
        checked(&file, "package name", &package.name, values::check_name)?;
        stubs.extend(package_stubs(tree, entry)?);
        binaries.extend(package_bins(tree, entry, &package.name)?);
        if let Some(v) = version_of(entry, root).filter(|v| {
            min_version
                .as_ref()
                .is_none_or(|(cur, _)| numeric_key(v) > numeric_key(cur))
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
    let version = match (&toolchain, min_version) {
        (Some(t), _) if values::check_version(&t.channel).is_ok() => Some(VersionReq {
            version: t.channel.clone(),
            exact: true,
            evidence: Evidence::new(&t.file, None, format!("toolchain pinned to {}", t.channel)),
        }),
        (Some(t), fallback) => {
            if t.channel != "stable" {
                warnings.push(format!(
                    "{}: channel {} has no official rust image; the build uses stable and rustup may download {} during the build",
                    t.file, values::shown(&t.channel), values::shown(&t.channel)
                ));
            }
            fallback.and_then(|(v, file)| minimum(&v, &file))
        }
        (None, fallback) => fallback.and_then(|(v, file)| minimum(&v, &file)),
    };
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

/// `openssl-sys` in Cargo.lock, unless `openssl-src` builds OpenSSL from source.
fn system_openssl(lock: &str) -> Option<Evidence> {
    let mut sys = None;
    for (index, line) in lock.lines().enumerate() {
        match line.trim() {
            "name = \"openssl-sys\"" => sys = Some(index + 1),
            "name = \"openssl-src\"" => return None,
            _ => {}
        }
    }
    sys.map(|line| {
        Evidence::new(
            "Cargo.lock",
            Some(line),
            "openssl-sys links the system OpenSSL: the builder installs its headers and pkg-config",
        )
    })
}

fn minimum(version: &str, file: &str) -> Option<VersionReq> {
    let short: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
    values::check_version(&short).ok()?;
    Some(VersionReq {
        evidence: Evidence::new(
            file,
            None,
            format!("rust-version {version}: requires Rust {short} or newer"),
        ),
        version: short,
        exact: false,
    })
}

fn apps(tree: &dyn Tree, binaries: &[RustBin]) -> Result<Vec<App>, DetectError> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for b in binaries {
        *counts.entry(&b.name).or_default() += 1;
    }
    let mut apps = Vec::new();
    for bin in binaries {
        let text = tree.read(&bin.source)?.unwrap_or_default();
        let id = if counts[bin.name.as_str()] > 1 {
            format!("{}/{}", bin.package, bin.name)
        } else {
            bin.name.clone()
        };
        let mut port = port::scan([(bin.source.as_str(), text.as_str())]);
        if bin.rocket && port.port.is_none() && port.ambiguous.is_empty() {
            port.port = Some(ROCKET_PORT);
            port.evidence.push(Evidence::new(
                &bin.manifest,
                None,
                format!("rocket's default port {ROCKET_PORT}"),
            ));
        }
        apps.push(App {
            id,
            name: bin.name.clone(),
            port,
        });
    }
    Ok(apps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    fn rust(project: &Project) -> &RustFacts {
        match &project.facts {
            Facts::Rust(r) => r,
            _ => panic!("not rust"),
        }
    }

    const PKG: &str = "[package]\nname = \"hello-rs\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";

    #[test]
    fn single_package_with_lock_and_port() {
        let tree = MemTree::new()
            .with("Cargo.toml", format!("{PKG}rust-version = \"1.80.1\"\n"))
            .with("Cargo.lock", "")
            .with(
                "src/main.rs",
                "fn main() { TcpListener::bind(\"0.0.0.0:3000\"); }",
            );
        let p = detect(&tree).unwrap().unwrap();
        let r = rust(&p);
        assert!(r.has_lock && !r.workspace);
        assert_eq!(r.binaries[0].name, "hello-rs");
        assert_eq!(r.stubs, ["src/lib.rs"]);
        assert_eq!(p.apps[0].port.port, Some(3000));
        let v = p.version.unwrap();
        assert_eq!((v.version.as_str(), v.exact), ("1.80", false));
    }

    #[test]
    fn workspace_lists_binaries_across_members_and_path_deps() {
        let tree = MemTree::new()
            .with("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/old\"]\n[workspace.package]\nrust-version = \"1.82\"\n")
            .with("crates/api/Cargo.toml", "[package]\nname = \"api\"\nrust-version.workspace = true\n[dependencies]\nshared = { path = \"../../libs/shared\" }\n")
            .with("crates/api/src/main.rs", "")
            .with("crates/worker/Cargo.toml", "[package]\nname = \"worker\"\nbuild = \"build.rs\"\n[[bin]]\nname = \"worker-cli\"\n[[bench]]\nname = \"speed\"\nharness = false\n")
            .with("crates/worker/src/main.rs", "")
            .with("crates/worker/src/bin/extra/main.rs", "")
            .with("crates/old/Cargo.toml", "[package]\nname = \"old\"\n")
            .with("libs/shared/Cargo.toml", "[package]\nname = \"shared\"\n")
            .with("libs/shared/src/lib.rs", "");
        let p = detect(&tree).unwrap().unwrap();
        let r = rust(&p);
        assert_eq!(
            r.manifests,
            [
                "Cargo.toml",
                "crates/api/Cargo.toml",
                "crates/worker/Cargo.toml",
                "libs/shared/Cargo.toml"
            ]
        );
        let names: Vec<_> = r.binaries.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["api", "extra", "worker", "worker-cli"]);
        assert_eq!(
            r.stubs,
            [
                "crates/api/src/lib.rs",
                "crates/worker/benches/speed.rs",
                "crates/worker/build.rs",
                "crates/worker/src/bin/worker-cli.rs",
                "crates/worker/src/lib.rs",
                "libs/shared/src/lib.rs",
            ]
        );
        assert_eq!(p.version.unwrap().version, "1.82");
        assert_eq!(p.apps[p.preferred_app].name, "api");
    }

    #[test]
    fn toolchain_file_pins_exactly() {
        let tree = MemTree::new()
            .with("Cargo.toml", PKG)
            .with("src/main.rs", "")
            .with("rust-toolchain.toml", "[toolchain]\nchannel = \"1.85.0\"\n");
        let v = detect(&tree).unwrap().unwrap().version.unwrap();
        assert_eq!((v.version.as_str(), v.exact), ("1.85.0", true));
        let tree = MemTree::new()
            .with("Cargo.toml", PKG)
            .with("src/main.rs", "")
            .with("rust-toolchain", "nightly\n");
        let p = detect(&tree).unwrap().unwrap();
        assert!(p.version.is_none());
        assert!(p.warnings.iter().any(|w| w.contains("nightly")));
    }

    #[test]
    fn an_explicit_bin_on_src_main_replaces_the_inferred_one() {
        let tree = MemTree::new()
            .with(
                "Cargo.toml",
                format!("{PKG}[[bin]]\nname = \"server\"\npath = \"src/main.rs\"\n"),
            )
            .with("src/main.rs", "");
        let p = detect(&tree).unwrap().unwrap();
        let names: Vec<_> = p.apps.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["server"]);
    }

    #[test]
    fn required_features_of_a_bin_are_kept_and_checked() {
        let tree = MemTree::new()
            .with(
                "Cargo.toml",
                format!("{PKG}[[bin]]\nname = \"relay\"\npath = \"src/main.rs\"\nrequired-features = [\"server\", \"metrics/prometheus\"]\n"),
            )
            .with("src/main.rs", "")
            .with("src/bin/tool.rs", "");
        let p = detect(&tree).unwrap().unwrap();
        let r = rust(&p);
        let features: Vec<_> = r
            .binaries
            .iter()
            .map(|b| (b.name.as_str(), b.features.clone()))
            .collect();
        assert_eq!(
            features,
            [
                (
                    "relay",
                    vec!["server".to_string(), "metrics/prometheus".to_string()]
                ),
                ("tool", vec![])
            ]
        );
        let tree = MemTree::new().with(
            "Cargo.toml",
            format!("{PKG}[[bin]]\nname = \"x\"\nrequired-features = [\"a b\"]\n"),
        );
        let Err(DetectError::Unsafe(e)) = detect(&tree) else {
            panic!("expected an unsafe value")
        };
        assert_eq!(e.field, "[[bin]] required-features");
    }

    #[test]
    fn a_virtual_workspace_prefers_a_package_binary_over_extras_and_tooling() {
        let member = |name: &str| format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n");
        let tree = MemTree::new()
            .with(
                "Cargo.toml",
                "[workspace]\nmembers = [\"fuzzers\", \"search\", \"trace\", \"xtask\"]\n",
            )
            .with("fuzzers/Cargo.toml", member("fuzzers"))
            .with("fuzzers/src/bin/fuzz-indexing.rs", "")
            .with("search/Cargo.toml", member("search"))
            .with("search/src/main.rs", "")
            .with("trace/Cargo.toml", member("trace"))
            .with("trace/src/bin/filter-trace.rs", "")
            .with("xtask/Cargo.toml", member("xtask"))
            .with("xtask/src/main.rs", "");
        let p = detect(&tree).unwrap().unwrap();
        assert_eq!(p.apps[p.preferred_app].name, "search");
        let tree = MemTree::new()
            .with(
                "Cargo.toml",
                "[workspace]\nmembers = [\"xtask\", \"tool\"]\n",
            )
            .with("tool/Cargo.toml", member("tool"))
            .with("tool/src/bin/gen.rs", "")
            .with("xtask/Cargo.toml", member("xtask"))
            .with("xtask/src/main.rs", "");
        let p = detect(&tree).unwrap().unwrap();
        assert_eq!(p.apps[p.preferred_app].name, "gen");
    }

    #[test]
    fn a_rocket_binary_defaults_to_port_8000() {
        let tree = MemTree::new()
            .with(
                "Cargo.toml",
                format!("{PKG}[dependencies]\nrocket = \"0.5\"\n"),
            )
            .with(
                "src/main.rs",
                "#[launch]\nfn rocket() -> _ { rocket::build() }\n",
            );
        let p = detect(&tree).unwrap().unwrap();
        assert!(rust(&p).binaries[0].rocket);
        assert_eq!(p.apps[0].port.port, Some(8000));
        assert_eq!(p.apps[0].port.evidence[0].file, "Cargo.toml");
        let tree = MemTree::new()
            .with(
                "Cargo.toml",
                format!("{PKG}[dependencies]\nrocket = \"0.5\"\n"),
            )
            .with(
                "src/main.rs",
                "let f = Config::figment().merge((\"port\", 1)); bind(\"0.0.0.0:9000\")",
            );
        let p = detect(&tree).unwrap().unwrap();
        assert_eq!(p.apps[0].port.port, Some(9000));
    }

    #[test]
    fn openssl_sys_in_the_lock_needs_system_openssl_unless_vendored() {
        let lock = "[[package]]\nname = \"native-tls\"\n\n[[package]]\nname = \"openssl-sys\"\nversion = \"0.9.109\"\n";
        let tree = MemTree::new()
            .with("Cargo.toml", PKG)
            .with("Cargo.lock", lock)
            .with("src/main.rs", "");
        let p = detect(&tree).unwrap().unwrap();
        assert_eq!(rust(&p).system_openssl.as_ref().unwrap().line, Some(5));
        let vendored = format!("{lock}\n[[package]]\nname = \"openssl-src\"\n");
        let tree = MemTree::new()
            .with("Cargo.toml", PKG)
            .with("Cargo.lock", vendored)
            .with("src/main.rs", "");
        assert!(
            rust(&detect(&tree).unwrap().unwrap())
                .system_openssl
                .is_none()
        );
    }

    #[test]
    fn a_build_target_in_the_cargo_config_is_a_warning() {
        let tree = MemTree::new()
            .with("Cargo.toml", PKG)
            .with("src/main.rs", "")
            .with(
                ".cargo/config.toml",
                "[build]\ntarget = \"x86_64-unknown-linux-musl\"\n",
            );
        let p = detect(&tree).unwrap().unwrap();
        assert!(
            p.warnings.iter().any(|w| w.starts_with(
                ".cargo/config.toml: [build] target = \"x86_64-unknown-linux-musl\" moves"
            )),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn default_run_is_preferred() {
        let tree = MemTree::new()
            .with("Cargo.toml", format!("{PKG}default-run = \"b\"\n"))
            .with("src/bin/a.rs", "")
            .with("src/bin/b.rs", "");
        let p = detect(&tree).unwrap().unwrap();
        assert_eq!(p.apps[p.preferred_app].name, "b");
    }

    #[test]
    fn broken_and_hostile_manifests_are_errors() {
        let tree =
            MemTree::new().with("Cargo.toml", "[package]\nname = \"x\"\n[[bin]]\nname = 1\n");
        let DetectError::Manifest(e) = detect(&tree).unwrap_err() else {
            panic!()
        };
        assert_eq!(e.line, Some(4));
        let tree = MemTree::new().with("Cargo.toml", "[package]\nname = \"x\\nRUN id\"\n");
        assert!(matches!(detect(&tree), Err(DetectError::Unsafe(_))));
        let tree = MemTree::new().with("Cargo.toml", "[dependencies]\n");
        assert!(matches!(detect(&tree), Err(DetectError::Manifest(_))));
    }

    #[test]
    fn glob_matching() {
        assert!(glob_match("*", "abc"));
        assert!(glob_match("a*c", "abbc"));
        assert!(!glob_match("a*c", "abd"));
        assert_eq!(
            normalize("crates/api", "../../libs/x").as_deref(),
            Some("libs/x")
        );
        assert_eq!(normalize("", "../x"), None);
        assert_eq!(normalize("", "/abs/x"), None);
    }

    #[test]
    fn hostile_member_patterns_neither_hang_nor_leave_the_repository() {
        let name = "a".repeat(200);
        let pattern = format!("{}b", "*a".repeat(30));
        let started = std::time::Instant::now();
        assert!(!glob_match(&pattern, &name));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert!(glob_match("*a*", "xax") && glob_match("**", "") && !glob_match("a", "ab"));
        for members in ["../outside", "crates/../../x", "/etc"] {
            let tree = MemTree::new().with(
                "Cargo.toml",
                format!("[workspace]\nmembers = [\"{members}\"]\n"),
            );
            let Err(DetectError::Unsafe(e)) = detect(&tree) else {
                panic!("{members}")
            };
            assert_eq!(
                (e.file.as_str(), e.field.as_str()),
                ("Cargo.toml", "workspace member")
            );
        }
        let tree = MemTree::new().with(
            "Cargo.toml",
            format!("{PKG}[[bin]]\nname = \"x\"\npath = \"../../etc/passwd\"\n"),
        );
        let Err(DetectError::Unsafe(e)) = detect(&tree) else {
            panic!()
        };
        assert_eq!(
            (e.file.as_str(), e.field.as_str()),
            ("Cargo.toml", "target path")
        );
    }
}
