//! Go: a static `CGO_ENABLED=0` build cross-compiled on the build platform, or a cgo build
//! for a glibc runtime on the builder's Debian release.

use serde::Serialize;

use super::runtime::{CopyFrom, RuntimeStage};
use super::secrets::BuildSecret;
use super::{AppPlan, Plan, PlanError, entrypoint, ignore, images, runtime_note, version_arg};
use crate::detect::GoFacts;
use crate::detect::secrets;
use crate::language::{Language, Runtime};
use crate::quote::{self, Fragment};
use crate::settings::Settings;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoPlan {
    /// Builder image, with the `GO_VERSION` argument in its tag.
    pub builder: String,
    /// Build on `$BUILDPLATFORM` and cross-compile to `$TARGETOS/$TARGETARCH`.
    pub cross_compile: bool,
    /// A `deps` stage downloads modules before the source is copied (not when vendored).
    pub download: bool,
    pub bind_go_sum: bool,
    /// go.mod files of local replacement modules, bound into the download.
    pub replaced_go_mods: Vec<Fragment>,
    pub cgo: bool,
    /// Flags for `go build`, each a shell word.
    pub build_flags: Vec<Fragment>,
    /// The package `go build` compiles: `.` or `./cmd/<name>`.
    pub package: Fragment,
    /// Create a world-writable `/out/tmp` for a scratch image.
    pub make_tmp: bool,
    /// `GOPRIVATE` for the download only (a shell word): as `ENV` it would stay in the
    /// builder's configuration, and linters take it for a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goprivate: Option<Fragment>,
}

fn word(value: &str) -> Result<Fragment, PlanError> {
    quote::shell_word(value).map_err(|reason| PlanError {
        what: format!("go build argument {}", crate::values::shown(value)),
        reason,
    })
}

/// Plans a Go image.
///
/// # Errors
/// A start command that cannot be written in exec form.
pub fn plan(settings: &Settings, facts: &GoFacts) -> Result<Plan, PlanError> {
    let runtime = settings.runtime;
    let cgo = facts.cgo.is_some();
    let name = &settings.app.name;
    let binary = format!("/usr/local/bin/{name}");
    let main = facts
        .mains
        .iter()
        .find(|m| m.id() == settings.app.id)
        .map_or_else(|| ".".to_string(), crate::detect::GoMain::build_target);

    let mut flags = vec!["-trimpath".to_string()];
    if facts.vendored {
        flags.push("-mod=vendor".into());
    }
    let embed_tz = !matches!(runtime, Runtime::Distroless);
    if embed_tz {
        flags.push("-tags=timetzdata".into());
    }
    flags.push("-ldflags=-s -w".into());
    let build_flags = flags.iter().map(|f| word(f)).collect::<Result<_, _>>()?;

    let mut notes = vec![
        if cgo {
            "build: cgo enabled (the module needs C); built natively, no cross-compilation, glibc runtime on the builder's Debian release".to_string()
        } else {
            "build: CGO_ENABLED=0 static binary, cross-compiled from the build platform to the target platform".to_string()
        },
        runtime_note(runtime).to_string(),
        "init: none; a Go program exits on SIGTERM by itself".to_string(),
    ];
    if facts.vendored {
        notes.push("dependencies: vendored, built with -mod=vendor; no download stage".into());
    } else {
        notes.push(
            "dependencies: go mod download in the deps stage, cached across source changes".into(),
        );
    }
    if !facts.replaced_go_mods.is_empty() && !facts.vendored {
        notes.push(format!(
            "local replacements: {} go.mod file(s) bound into the download, so the module graph loads without the sources",
            facts.replaced_go_mods.len()
        ));
    }
    if embed_tz {
        notes.push("time zones: embedded in the binary with -tags=timetzdata".into());
    }

    let private = facts.private.as_ref().filter(|_| !facts.vendored);
    let secrets: Vec<BuildSecret> = private
        .map(|_| vec![BuildSecret::from_rule(&secrets::NETRC)])
        .unwrap_or_default();
    let goprivate = private
        .and_then(|p| p.goprivate.as_deref())
        .map(|v| {
            quote::shell_word(v).map_err(|reason| PlanError {
                what: "GOPRIVATE".into(),
                reason,
            })
        })
        .transpose()?;
    if private.is_some() {
        notes.push("private modules: go mod download reads ~/.netrc from the netrc build secret; nothing is stored in a layer".into());
    }

    let image = match (runtime, cgo) {
        (Runtime::Distroless, false) => images::DISTROLESS_STATIC,
        (Runtime::Distroless, true) => images::DISTROLESS_BASE,
        (Runtime::Slim | Runtime::Jre, _) => images::DEBIAN_SLIM,
        (Runtime::Alpine, _) => images::ALPINE,
        (Runtime::Scratch, _) => "scratch",
    };
    let default = super::default_command(&settings.project, &settings.app, settings.port);
    let entry = entrypoint(settings, default, false)?;
    let mut stage = RuntimeStage::new(runtime, image, settings.port, entry);
    if matches!(runtime, Runtime::Scratch | Runtime::Slim) {
        stage.copies.push(CopyFrom::fixed(
            "build",
            "/etc/ssl/certs/ca-certificates.crt",
            "/etc/ssl/certs/",
        ));
    }
    if runtime == Runtime::Scratch {
        stage
            .copies
            .push(CopyFrom::fixed("build", "/out/tmp", "/tmp"));
    }
    stage.copies.push(CopyFrom::new(
        "build",
        Fragment::validated(&format!("/out/{name}")),
        Fragment::validated(&binary),
    ));

    Ok(Plan {
        language: Language::Go,
        template: "go.Dockerfile",
        syntax: settings.syntax,
        args: vec![version_arg(Language::Go, &settings.version)],
        app: AppPlan {
            name: Fragment::validated(name),
            path: Fragment::validated(&binary),
        },
        go: Some(GoPlan {
            builder: images::go_builder(),
            cross_compile: !cgo,
            download: !facts.vendored,
            bind_go_sum: facts.has_go_sum,
            replaced_go_mods: facts
                .replaced_go_mods
                .iter()
                .map(|f| Fragment::validated(f))
                .collect(),
            cgo,
            build_flags,
            package: word(&main)?,
            make_tmp: runtime == Runtime::Scratch,
            goprivate,
        }),
        rust: None,
        java: None,
        python: None,
        node: None,
        tini: None,
        runtime: stage,
        secrets,
        secret_build_command: None,
        secret_comment: Vec::new(),
        dockerignore: ignore::for_go(facts.vendored),
        files: Vec::new(),
        build_context: None,
        notes,
        warnings: Vec::new(),
        decisions: Vec::new(),
    })
}
