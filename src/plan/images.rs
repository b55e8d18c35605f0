//! Every image tag and default version msb writes, in one table. Current as of 2026-11-28:
//! Go 1.27 (released 2026-08), Rust 1.99 (2026-10-01), Python 3.14 (see [`PYTHON_DEFAULT`]),
//! Debian 13 "trixie" builders paired with `-debian13` distroless and `trixie-slim` runtimes
//! so glibc matches across stages, Alpine 3.24. Node.js 26 (Active LTS since 2026-10-28; 24 is in maintenance),
//! nginx 1.30 (stable), pnpm 12.21, Yarn 1.22.22 and 4.18, Bun 1.4.

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
        Language::Python => PYTHON_DEFAULT,
        Language::Node => NODE_DEFAULT_MAJOR,
    }
}

/// The builder version when the user fixed the runtime in advance: distroless python ships
/// one interpreter, so a Python project on distroless defaults to that version.
#[must_use]
pub fn default_version_for(
    language: Language,
    runtime: Option<crate::language::Runtime>,
) -> &'static str {
    match (language, runtime) {
        (Language::Python, Some(crate::language::Runtime::Distroless)) => DISTROLESS_PYTHON_VERSION,
        _ => default_version(language),
    }
}

/// What the default version is, for the reason msb gives: "1.27 is …".
#[must_use]
pub fn default_version_note(
    language: Language,
    runtime: Option<crate::language::Runtime>,
) -> &'static str {
    match (language, runtime) {
        (Language::Python, Some(crate::language::Runtime::Distroless)) => {
            "the only Python distroless python3-debian13 ships"
        }
        (Language::Python, _) => {
            "msb's default: 3.15 is newer, but what was locked before it has no wheels for it"
        }
        _ => "the current release",
    }
}

/// The global `ARG` that carries the builder version.
#[must_use]
pub fn version_arg(language: Language) -> &'static str {
    match language {
        Language::Go => "GO_VERSION",
        Language::Rust => "RUST_VERSION",
        Language::Java => "JAVA_VERSION",
        Language::Python => "PYTHON_VERSION",
        Language::Node => "NODE_VERSION",
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
/// Where the Java build stages work. Gradle names an unnamed root project after this
/// directory, so detection derives that name from it.
pub const JAVA_BUILD_DIR: &str = "/build";

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

/// Python 3.15 is the newest final release (3.15.0 shipped in October 2026; uv 0.13.9's
/// interpreter list already offers 3.15.2), but the default is 3.14, because what a project
/// locked before 3.15 existed has no wheels for it. Checked on PyPI on 2026-11-28:
/// pydantic-core 2.46.0, numpy 2.4.6, orjson 3.12.0, psycopg2-binary 2.9.12 and lxml 6.0.2
/// all publish cp314 manylinux wheels and none for cp315, so on 3.15 pip would compile them
/// from source and fail without a C compiler (or Rust, for pydantic-core). 3.14 has had a
/// year of wheels. A project that asks for 3.15 (`.python-version`, `requires-python`) gets it.
pub const PYTHON_DEFAULT: &str = "3.14";
/// Python minors with official `-slim-trixie` images, oldest first; what version ranges are
/// resolved against.
pub const PYTHON_MINORS: &[&str] = &["3.10", "3.11", "3.12", "3.13", "3.14", "3.15"];

/// `python:<v>-slim-trixie` and `-alpine<v>` install the interpreter under /usr/local.
pub const PYTHON_OFFICIAL_BIN: &str = "/usr/local/bin/python3";
/// Distroless python3 runs Debian's own interpreter, so its builder is Debian with the same
/// package: the virtual environment then points at the same interpreter path in both stages.
pub const DISTROLESS_PYTHON: &str = "gcr.io/distroless/python3-debian13:nonroot";
pub const DISTROLESS_PYTHON_VERSION: &str = "3.13";
pub const DISTROLESS_PYTHON_BIN: &str = "/usr/bin/python3.13";
pub const DISTROLESS_PYTHON_BUILDER: &str = "debian:trixie-slim";
/// Debian's packages for that interpreter, pinned to its minor.
pub const DEBIAN_PYTHON_VENV: &str = "python3.13-venv=3.13.*";
pub const DEBIAN_PYTHON_DEV: &str = "python3.13-dev=3.13.*";

/// Where every Python image keeps its virtual environment, in the build and runtime stages.
pub const PYTHON_VENV: &str = "/opt/venv";

/// uv is copied from its own image (astral-sh/uv, pinned).
pub const UV_IMAGE: &str = "ghcr.io/astral-sh/uv:0.13.9";
/// Poetry 2 installs Poetry 1 projects too, but a lock written by Poetry 1 gets the last 1.x.
pub const POETRY_VERSION: &str = "2.5.1";
pub const POETRY1_VERSION: &str = "1.8.5";
pub const PIPENV_VERSION: &str = "2026.10.3";
/// Servers installed when the start command needs one the project does not depend on.
pub const GUNICORN_VERSION: &str = "27.0.1";
pub const UVICORN_VERSION: &str = "0.54.0";

#[must_use]
pub fn python_slim() -> String {
    format!("python:${{PYTHON_VERSION}}-slim-{DEBIAN_CODENAME}")
}

#[must_use]
pub fn python_alpine() -> String {
    format!("python:${{PYTHON_VERSION}}-alpine{ALPINE_VERSION}")
}
/// The Node.js major msb builds with when the project asks for nothing else.
pub const NODE_DEFAULT_MAJOR: &str = "26";
/// Node majors distroless publishes `nodejs<major>-debian13` images for.
pub const DISTROLESS_NODE_MAJORS: &[u32] = &[22, 24, 26];
/// Even majors are LTS lines; msb prefers them when a range allows several.
pub const NODE_KNOWN_MAJORS: std::ops::RangeInclusive<u32> = 16..=30;
/// The `node` image's own unprivileged user.
pub const NODE_UID: u32 = 1000;

/// Package-manager versions installed when `packageManager` names none (no corepack: Node 25+
/// no longer ships it).
pub const PNPM_VERSION: &str = "12.21.0";
/// The last pnpm of the lines that wrote lockfile v5 (pnpm 7) and v6 (pnpm 8): newer pnpm
/// refuses those lockfiles in a frozen install.
pub const PNPM_FOR_LOCKFILE_V5: &str = "7.33.7";
pub const PNPM_FOR_LOCKFILE_V6: &str = "8.15.9";
pub const YARN_CLASSIC_VERSION: &str = "1.22.22";
pub const YARN_BERRY_VERSION: &str = "4.18.1";
pub const BUN_VERSION: &str = "1.4.5";

/// nginx for static sites: listens on 8080 and runs as uid 101.
pub const NGINX_UNPRIVILEGED: &str = "nginxinc/nginx-unprivileged:1.30-alpine";
pub const NGINX_UID: u32 = 101;
pub const NGINX_PORT: u16 = 8080;

/// `node:${NODE_VERSION}-trixie-slim`, or the Alpine variant. Alpine tags name the Alpine
/// release only for current lines; a `major.minor.patch` pin uses the unversioned `-alpine`.
#[must_use]
pub fn node_image(alpine: bool, exact_alpine: bool) -> String {
    if !alpine {
        format!("node:${{NODE_VERSION}}-{DEBIAN_CODENAME}-slim")
    } else if exact_alpine {
        format!("node:${{NODE_VERSION}}-alpine{ALPINE_VERSION}")
    } else {
        "node:${NODE_VERSION}-alpine".to_string()
    }
}

/// `gcr.io/distroless/nodejs<major>-debian13:nonroot`.
#[must_use]
pub fn distroless_node(major: u32) -> String {
    format!("gcr.io/distroless/nodejs{major}-{DISTROLESS_DEBIAN}:nonroot")
}

/// Where `node` lives in each runtime image.
pub const NODE_BIN: &str = "/usr/local/bin/node";
pub const DISTROLESS_NODE_BIN: &str = "/nodejs/bin/node";

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
            &python_slim(),
            DISTROLESS_PYTHON_BUILDER,
        ] {
            assert!(image.contains(DEBIAN_CODENAME), "{image}");
        }
        assert!(ALPINE.ends_with(ALPINE_VERSION));
        assert!(node_image(false, true).ends_with("-trixie-slim"));
        assert!(node_image(true, true).ends_with(ALPINE_VERSION));
        assert!(distroless_node(26).contains(DISTROLESS_DEBIAN));
        assert!(rust_musl_builder().ends_with(ALPINE_VERSION));
        assert!(python_alpine().ends_with(ALPINE_VERSION));
        assert!(DISTROLESS_PYTHON.contains(DISTROLESS_DEBIAN));
        assert!(DISTROLESS_PYTHON_BIN.ends_with(DISTROLESS_PYTHON_VERSION));
        assert!(DEBIAN_PYTHON_VENV.contains(DISTROLESS_PYTHON_VERSION));
    }

    #[test]
    fn default_versions_are_valid_tags() {
        for language in Language::ALL {
            assert!(crate::values::check_version(default_version(*language)).is_ok());
        }
        assert!(PYTHON_MINORS.contains(&PYTHON_DEFAULT));
        assert!(PYTHON_MINORS.contains(&DISTROLESS_PYTHON_VERSION));
    }
}
