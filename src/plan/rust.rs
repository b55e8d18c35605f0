//! Rust: dependencies fetched from the manifests alone, then a cached release build with the
//! binary copied out of the target cache in the same step. glibc on Debian by default; a
//! static musl build on Alpine for scratch and alpine runtimes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::runtime::{CopyFrom, EnvVar, RuntimePackages, RuntimeStage, TiniStage};
use super::{AppPlan, Plan, PlanError, entrypoint, ignore, images, runtime_note, version_arg};
use crate::detect::RustFacts;
use crate::language::{Language, Runtime};
use crate::quote::Fragment;
use crate::settings::Settings;

/// `COPY <sources> <dest>` of manifests into the dependency stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestCopy {
    pub sources: Vec<Fragment>,
    pub dest: Fragment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustPlan {
    /// Builder image, with the `RUST_VERSION` argument in its tag.
    pub builder: String,
    /// Static musl build on Alpine.
    pub musl: bool,
    /// A `deps` stage fetches crates before the source is copied (not when vendored).
    pub fetch: bool,
    pub manifests: Vec<ManifestCopy>,
    /// Directories and empty files cargo needs to read the manifests without the sources.
    pub stub_dirs: Vec<Fragment>,
    pub stubs: Vec<Fragment>,
    /// `--locked` when Cargo.lock exists.
    pub locked: bool,
    pub package: Fragment,
    pub bin: Fragment,
    /// `--features` value: the binary's `required-features`, comma-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<Fragment>,
    /// The toolchain file the deps stage copies to install its toolchain once, in a cached
    /// layer: rustup names a `1.93` channel apart from the image's `1.93.0` and would download
    /// it again on every build.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toolchain_file: Option<Fragment>,
    /// Packages the builder installs: linkers `.cargo/config.toml` names, OpenSSL headers.
    pub build_packages: Vec<Fragment>,
    /// Why, for the comment above the install.
    pub build_packages_reason: String,
    /// Install time-zone data in the builder for the runtime to copy.
    pub tzdata: bool,
    /// Create a world-writable `/out/tmp` for a scratch image.
    pub make_tmp: bool,
}

/// What openssl-sys needs to build against the system OpenSSL.
const OPENSSL_GLIBC: &[&str] = &["libssl-dev", "pkg-config"];
const OPENSSL_MUSL: &[&str] = &["openssl-dev", "openssl-libs-static", "pkgconf"];

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn dest_dir(dir: &str) -> Fragment {
    if dir.is_empty() {
        Fragment::fixed("./")
    } else {
        Fragment::validated(&format!("{dir}/"))
    }
}

/// Groups the files the dependency stage copies by destination directory.
fn manifest_copies(facts: &RustFacts) -> Vec<ManifestCopy> {
    let mut by_dir: BTreeMap<&str, Vec<Fragment>> = BTreeMap::new();
    for manifest in &facts.manifests {
        by_dir
            .entry(parent(manifest))
            .or_default()
            .push(Fragment::validated(manifest));
    }
    if facts.has_lock {
        by_dir
            .entry("")
            .or_default()
            .push(Fragment::fixed("Cargo.lock"));
    }
    if let Some(config) = &facts.cargo_config {
        by_dir
            .entry(".cargo")
            .or_default()
            .push(Fragment::validated(config));
    }
    by_dir
        .into_iter()
        .map(|(dir, sources)| ManifestCopy {
            sources,
            dest: dest_dir(dir),
        })
        .collect()
}

/// Plans a Rust image.
///
/// # Errors
/// A start command that cannot be written in exec form.
pub fn plan(settings: &Settings, facts: &RustFacts) -> Result<Plan, PlanError> {
    let runtime = settings.runtime;
    let musl = matches!(runtime, Runtime::Scratch | Runtime::Alpine);
    let name = &settings.app.name;
    let binary = format!("/usr/local/bin/{name}");
    let bin = facts.binary(&settings.app);
    let package = bin.map_or(name.as_str(), |b| b.package.as_str());

    let mut stub_dirs: Vec<String> = facts
        .stubs
        .iter()
        .map(|s| parent(s).to_string())
        .filter(|d| !d.is_empty())
        .collect();
    stub_dirs.sort();
    stub_dirs.dedup();

    let tini = TiniStage::debian();
    let image = match runtime {
        Runtime::Distroless => images::DISTROLESS_CC,
        Runtime::Slim | Runtime::Jre => images::DEBIAN_SLIM,
        Runtime::Alpine => images::ALPINE,
        Runtime::Scratch => "scratch",
    };
    let default = super::default_command(&settings.project, &settings.app, settings.port);
    let entry = entrypoint(settings, default, true)?;
    let mut stage = RuntimeStage::new(runtime, image, settings.port, entry);
    let rocket = bin.is_some_and(|b| b.rocket);
    if rocket {
        stage.env.push(EnvVar {
            name: "ROCKET_ADDRESS",
            value: Fragment::fixed("0.0.0.0"),
        });
        stage.env.push(EnvVar {
            name: "ROCKET_PORT",
            value: Fragment::validated(&settings.port.to_string()),
        });
    }
    stage.copies.push(tini.copy());
    match runtime {
        Runtime::Scratch => {
            stage.copies.push(CopyFrom::fixed(
                "build",
                "/etc/ssl/certs/ca-certificates.crt",
                "/etc/ssl/certs/",
            ));
            stage.copies.push(CopyFrom::fixed(
                "build",
                "/usr/share/zoneinfo",
                "/usr/share/zoneinfo",
            ));
            stage
                .copies
                .push(CopyFrom::fixed("build", "/out/tmp", "/tmp"));
        }
        Runtime::Alpine => {
            stage.copies.push(CopyFrom::fixed(
                "build",
                "/usr/share/zoneinfo",
                "/usr/share/zoneinfo",
            ));
        }
        Runtime::Slim | Runtime::Jre => {
            stage.copies.push(CopyFrom::fixed(
                "build",
                "/etc/ssl/certs/ca-certificates.crt",
                "/etc/ssl/certs/",
            ));
        }
        Runtime::Distroless => {}
    }
    stage.copies.push(CopyFrom::new(
        "build",
        Fragment::validated(&binary),
        Fragment::validated(&binary),
    ));

    let mut notes = vec![
        if musl {
            format!(
                "build: static musl binary on Alpine, because the {runtime} runtime has no glibc"
            )
        } else {
            "build: glibc binary on Debian trixie, the same release as the runtime".to_string()
        },
        runtime_note(runtime).to_string(),
        "init: tini as PID 1, so SIGTERM stops the program even without a signal handler"
            .to_string(),
    ];
    notes.push(if facts.vendored {
        "dependencies: vendored through .cargo/config.toml; no fetch stage".into()
    } else {
        format!(
            "dependencies: cargo fetch in the deps stage from {} manifest(s) alone, cached across source changes",
            facts.manifests.len()
        )
    });
    if rocket {
        notes.push(format!(
            "rocket: ROCKET_ADDRESS=0.0.0.0 and ROCKET_PORT={}, since Rocket binds 127.0.0.1:8000 by default",
            settings.port
        ));
    }
    let linker = if musl {
        &facts.linker.musl
    } else {
        &facts.linker.glibc
    };
    let mut build_packages: Vec<&str> = linker.clone();
    let mut build_reasons = Vec::new();
    if !linker.is_empty() {
        build_reasons.push("The linker .cargo/config.toml names");
        notes.push(format!(
            "linker: .cargo/config.toml links with {}, which the builder installs",
            linker.join(" and ")
        ));
    }
    if facts.system_openssl.is_some() {
        build_packages.extend(if musl { OPENSSL_MUSL } else { OPENSSL_GLIBC });
        build_reasons.push("OpenSSL headers and pkg-config for openssl-sys");
        if runtime == Runtime::Slim {
            stage.packages = Some(RuntimePackages {
                apk: false,
                names: vec!["libssl3t64"],
                reason: "openssl-sys links the system OpenSSL".into(),
            });
        }
        notes.push(if musl {
            "openssl: openssl-sys links OpenSSL statically from Alpine's openssl-libs-static"
                .to_string()
        } else {
            "openssl: openssl-sys builds against Debian's libssl-dev; the runtime has libssl3t64"
                .to_string()
        });
    }
    if let Some(t) = facts.toolchain.as_ref().filter(|_| !facts.vendored) {
        notes.push(format!(
            "toolchain: {} is installed once in the deps stage with rustup, so the build never downloads it",
            t.file
        ));
    }
    let required = bin.map_or(&[][..], |b| b.features.as_slice());
    if let Some(b) = bin.filter(|b| !b.features.is_empty()) {
        notes.push(format!(
            "features: the {} binary declares required-features, so the build passes --features {}",
            b.name,
            b.features.join(",")
        ));
    }
    let asked: Vec<&String> = settings
        .features
        .iter()
        .filter(|f| !required.contains(f))
        .collect();
    if !asked.is_empty() {
        notes.push(format!(
            "features: the build also enables {}, as asked",
            asked
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ));
    }
    let features: Vec<&str> = required.iter().chain(asked).map(String::as_str).collect();
    notes.push("caches: cargo registry, git and target directories are BuildKit cache mounts; the binary is copied out in the same step".into());

    Ok(Plan {
        language: Language::Rust,
        template: "rust.Dockerfile",
        syntax: settings.syntax,
        args: vec![version_arg(Language::Rust, &settings.version)],
        app: AppPlan {
            name: Fragment::validated(name),
            path: Fragment::validated(&binary),
        },
        go: None,
        rust: Some(RustPlan {
            builder: if musl {
                images::rust_musl_builder()
            } else {
                images::rust_glibc_builder()
            },
            musl,
            fetch: !facts.vendored,
            manifests: manifest_copies(facts),
            stub_dirs: stub_dirs.iter().map(|d| Fragment::validated(d)).collect(),
            stubs: facts.stubs.iter().map(|s| Fragment::validated(s)).collect(),
            locked: facts.has_lock,
            package: Fragment::validated(package),
            bin: Fragment::validated(name),
            features: (!features.is_empty()).then(|| Fragment::validated(&features.join(","))),
            toolchain_file: facts
                .toolchain
                .as_ref()
                .filter(|_| !facts.vendored)
                .map(|t| Fragment::validated(&t.file)),
            build_packages: build_packages
                .iter()
                .map(|p| Fragment::validated(p))
                .collect(),
            build_packages_reason: build_reasons.join(" and "),
            tzdata: musl,
            make_tmp: runtime == Runtime::Scratch,
        }),
        java: None,
        python: None,
        node: None,
        tini: Some(tini),
        runtime: stage,
        secrets: Vec::new(),
        secret_build_command: None,
        secret_comment: Vec::new(),
        dockerignore: ignore::for_rust(),
        files: Vec::new(),
        build_context: None,
        notes,
        warnings: Vec::new(),
        decisions: Vec::new(),
    })
}
