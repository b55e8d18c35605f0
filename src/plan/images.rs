//! Every image tag and default version msb writes, in one table. Current as of 2026-11-28:
//! Go 1.27 (released 2026-08), Rust 1.99 (2026-10-01), Debian 13 "trixie" builders paired
//! with `-debian13` distroless and `trixie-slim` runtimes so glibc matches across stages,
//! Alpine 3.24.

use crate::language::Language;

/// Debian release of every Debian-based builder and runtime.
pub const DEBIAN_CODENAME: &str = "trixie";
/// The same release as distroless names it.
pub const DISTROLESS_DEBIAN: &str = "debian13";
pub const ALPINE_VERSION: &str = "3.24";

/// Debian's tini 0.19 (the last upstream release) ships the static `tini-static`.
pub const TINI_IMAGE: &str = "debian:trixie-slim";
pub const TINI_PACKAGE: &str = "tini=0.19.*";
pub const TINI_SOURCE: &str = "/usr/bin/tini-static";
pub const TINI_PATH: &str = "/usr/bin/tini";

pub const DEBIAN_SLIM: &str = "debian:trixie-slim";
pub const ALPINE: &str = "alpine:3.24";

pub const DISTROLESS_STATIC: &str = "gcr.io/distroless/static-debian13:nonroot";
pub const DISTROLESS_BASE: &str = "gcr.io/distroless/base-debian13:nonroot";
pub const DISTROLESS_CC: &str = "gcr.io/distroless/cc-debian13:nonroot";

/// The uid/gid distroless images call `nonroot`.
pub const DISTROLESS_UID: u32 = 65532;
/// The uid/gid msb creates in images that have a user database and a shell.
pub const CREATED_UID: u32 = 10001;

/// The builder version used when the project asks for nothing newer.
#[must_use]
pub fn default_version(language: Language) -> &'static str {
    match language {
        Language::Go => "1.27",
        Language::Rust => "1.99",
        Language::Java => "25",
    }
}

/// The global `ARG` that carries the builder version.
#[must_use]
pub fn version_arg(language: Language) -> &'static str {
    match language {
        Language::Go => "GO_VERSION",
        Language::Rust => "RUST_VERSION",
        Language::Java => "JAVA_VERSION",
    }
}

#[must_use]
pub fn go_builder() -> String {
    format!("golang:${{GO_VERSION}}-{DEBIAN_CODENAME}")
}

#[must_use]
pub fn rust_glibc_builder() -> String {
    format!("rust:${{RUST_VERSION}}-slim-{DEBIAN_CODENAME}")
}

#[must_use]
pub fn rust_musl_builder() -> String {
    format!("rust:${{RUST_VERSION}}-alpine{ALPINE_VERSION}")
}

/// Eclipse Temurin publishes no Debian images; its Ubuntu 24.04 "noble" images are the
/// long-supported pairing for JDK builders and JRE runtimes. Jars carry no native code of
/// their own, and Temurin's binaries are built against an old glibc baseline, so a jlink
/// runtime made on noble also runs on Debian trixie.
pub const TEMURIN_UBUNTU: &str = "noble";
/// Java releases distroless ships as `javaN-debian13`.
pub const DISTROLESS_JAVA: &[&str] = &["8", "17", "21", "25"];
/// maven-dependency-plugin pinned for the dependency step: 3.9 skips reactor modules.
pub const MAVEN_DEPENDENCY_PLUGIN: &str = "org.apache.maven.plugins:maven-dependency-plugin:3.9.0";
/// The Maven line of the maven image used when a project has no wrapper.
pub const MAVEN_LINE: &str = "3.9";
/// The Gradle major of the gradle image used when a project has no wrapper; it runs on
/// Java 17 or newer.
pub const GRADLE_MAJOR: &str = "9";

#[must_use]
pub fn temurin_jdk() -> String {
    format!("eclipse-temurin:${{JAVA_VERSION}}-jdk-{TEMURIN_UBUNTU}")
}

#[must_use]
pub fn temurin_jre() -> String {
    format!("eclipse-temurin:${{JAVA_VERSION}}-jre-{TEMURIN_UBUNTU}")
}

#[must_use]
pub fn temurin_jre_alpine() -> String {
    format!("eclipse-temurin:${{JAVA_VERSION}}-jre-alpine-{ALPINE_VERSION}")
}

#[must_use]
pub fn maven_builder() -> String {
    format!("maven:{MAVEN_LINE}-eclipse-temurin-${{JAVA_VERSION}}-{TEMURIN_UBUNTU}")
}

#[must_use]
pub fn gradle_builder() -> String {
    format!("gradle:{GRADLE_MAJOR}-jdk${{JAVA_VERSION}}-{TEMURIN_UBUNTU}")
}

#[must_use]
pub fn distroless_java() -> String {
    format!("gcr.io/distroless/java${{JAVA_VERSION}}-{DISTROLESS_DEBIAN}:nonroot")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_debian_image_names_the_same_release() {
        for image in [DISTROLESS_STATIC, DISTROLESS_BASE, DISTROLESS_CC] {
            assert!(image.contains(DISTROLESS_DEBIAN), "{image}");
        }
        for image in [
            TINI_IMAGE,
            DEBIAN_SLIM,
            &go_builder(),
            &rust_glibc_builder(),
        ] {
            assert!(image.contains(DEBIAN_CODENAME), "{image}");
        }
        assert!(ALPINE.ends_with(ALPINE_VERSION));
        assert!(rust_musl_builder().ends_with(ALPINE_VERSION));
    }

    #[test]
    fn default_versions_are_valid_tags() {
        for language in Language::ALL {
            assert!(crate::values::check_version(default_version(*language)).is_ok());
        }
    }
}
