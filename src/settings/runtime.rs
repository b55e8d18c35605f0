//! The runtime setting: which final-image bases a project can use, the one it gets by
//! default, and the one resolved.

use super::error::invalid;
use super::resolver::Resolver;
use super::{Given, SettingsError, Source};
use crate::detect::Project;
use crate::language::{Language, Runtime};
use crate::plan::images;

impl Resolver<'_> {
    pub(super) fn runtime(
        &mut self,
        supported: &[Runtime],
        why_not: &str,
        default: (Runtime, &str),
        given: Option<&Given<Runtime>>,
    ) -> Result<Runtime, SettingsError> {
        if let Some(given) = given {
            if !supported.contains(&given.value) {
                return Err(invalid(
                    &given.origin,
                    format!(
                        "the {} runtime cannot run this project: {why_not}",
                        given.value
                    ),
                ));
            }
            self.record(
                "runtime",
                given.value,
                Source::of(&given.origin),
                given.origin.to_string(),
            );
            return Ok(given.value);
        }
        let items: Vec<String> = supported.iter().map(ToString::to_string).collect();
        let default_index = supported.iter().position(|r| *r == default.0).unwrap_or(0);
        let (index, source) =
            self.choose("runtime", "Base of the final image", &items, default_index)?;
        let reason = if source == Source::Answer {
            "chosen at the prompt"
        } else {
            default.1
        };
        self.record(
            "runtime",
            supported[index],
            if source == Source::Answer {
                source
            } else {
                Source::Default
            },
            reason,
        );
        Ok(supported[index])
    }
}

/// The runtimes a project can use, and why the others cannot.
#[must_use]
pub fn supported_runtimes(project: &Project) -> (Vec<Runtime>, String) {
    match &project.facts {
        crate::detect::Facts::Go(go) if go.cgo.is_some() => (
            vec![Runtime::Distroless, Runtime::Slim],
            "the program uses cgo and needs glibc; use distroless or slim".into(),
        ),
        crate::detect::Facts::Python(py) => match &py.runtime_libraries {
            Some(why) => (
                vec![Runtime::Slim, Runtime::Alpine],
                format!(
                    "{why}, which distroless cannot install; scratch has no Python interpreter; jre is Java's; use slim or alpine"
                ),
            ),
            None => (
                vec![Runtime::Slim, Runtime::Distroless, Runtime::Alpine],
                "scratch has no Python interpreter and jre is Java's; use slim, distroless or alpine".into(),
            ),
        },
        crate::detect::Facts::Node(node) => node_runtimes(node),
        crate::detect::Facts::Java(_) => (
            vec![Runtime::Jre, Runtime::Distroless, Runtime::Slim, Runtime::Alpine],
            "a JVM needs a C library and the Java runtime's files, and scratch has neither; --runtime slim builds the smallest image (a jlink runtime)".into(),
        ),
        _ => (
            Runtime::ALL
                .iter()
                .copied()
                .filter(|r| *r != Runtime::Jre)
                .collect(),
            "the jre runtime is Eclipse Temurin's Java runtime image, for Java projects".into(),
        ),
    }
}

/// The runtime a project gets when nobody chooses, and why.
#[must_use]
pub fn default_runtime(project: &Project) -> (Runtime, &'static str) {
    match project.language {
        Language::Java => (
            Runtime::Jre,
            "Eclipse Temurin's JRE: the full Java runtime every library expects, on the builder's Ubuntu release",
        ),
        Language::Python => (
            Runtime::Slim,
            "the official Python image: every interpreter version, glibc for manylinux wheels, and the same interpreter path as the build stage",
        ),
        Language::Go | Language::Rust => (
            Runtime::Distroless,
            "no shell, no package manager, non-root by default",
        ),
        Language::Node => match &project.facts {
            crate::detect::Facts::Node(node)
                if matches!(node.kind, crate::detect::node::NodeKind::Static(_)) =>
            {
                (
                    Runtime::Alpine,
                    "a static site: nginx-unprivileged on Alpine serves the build",
                )
            }
            _ => (
                Runtime::Slim,
                "the official Node.js image as its own non-root user node, with a shell to debug with; --runtime distroless drops the shell",
            ),
        },
    }
}

fn node_runtimes(node: &crate::detect::NodeFacts) -> (Vec<Runtime>, String) {
    match node.kind {
        crate::detect::node::NodeKind::Static(_) => (
            vec![Runtime::Alpine],
            "a static site is served by nginx-unprivileged, which msb runs on Alpine".into(),
        ),
        crate::detect::node::NodeKind::Server(_) => (
            vec![Runtime::Slim, Runtime::Distroless, Runtime::Alpine],
            "scratch has no Node.js runtime to run JavaScript and jre is Java's; use slim, distroless or alpine"
                .into(),
        ),
    }
}

/// Runtimes the resolved version rules out: distroless publishes Node.js images only for some
/// majors.
pub(super) fn restrict_by_version(
    language: Language,
    version: &str,
    supported: &mut Vec<Runtime>,
    why_not: &mut String,
) {
    if language != Language::Node {
        return;
    }
    let major: Option<u32> = version.split('.').next().and_then(|m| m.parse().ok());
    if major.is_some_and(|m| images::DISTROLESS_NODE_MAJORS.contains(&m)) {
        return;
    }
    if supported.contains(&Runtime::Distroless) {
        supported.retain(|r| *r != Runtime::Distroless);
        let majors: Vec<String> = images::DISTROLESS_NODE_MAJORS
            .iter()
            .map(u32::to_string)
            .collect();
        *why_not = format!(
            "distroless publishes nodejs images only for Node.js {} and this build uses {version}; {why_not}",
            majors.join(", ")
        );
    }
}
