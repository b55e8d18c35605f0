//! Every image tag and default version msb writes, in one table. Current as of 2026-11-28:
//! Go 1.27 (released 2026-08), Rust 1.99 (2026-10-01), Debian 13 "trixie" builders paired
//! with `-debian13` distroless and `trixie-slim` runtimes so glibc matches across stages,
//! Alpine 3.24. Node.js 26 (Active LTS since 2026-10-28; 24 is in maintenance), nginx 1.30
//! (stable), pnpm 12.21, Yarn 1.22.22 and 4.18, Bun 1.4.

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
        Language::Node => NODE_DEFAULT_MAJOR,
    }
}

/// The global `ARG` that carries the builder version.
#[must_use]
pub fn version_arg(language: Language) -> &'static str {
    match language {
        Language::Go => "GO_VERSION",
        Language::Rust => "RUST_VERSION",
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
        ] {
            assert!(image.contains(DEBIAN_CODENAME), "{image}");
        }
        assert!(ALPINE.ends_with(ALPINE_VERSION));
        assert!(node_image(false, true).ends_with("-trixie-slim"));
        assert!(node_image(true, true).ends_with(ALPINE_VERSION));
        assert!(distroless_node(26).contains(DISTROLESS_DEBIAN));
        assert!(rust_musl_builder().ends_with(ALPINE_VERSION));
    }

    #[test]
    fn default_versions_are_valid_tags() {
        for language in Language::ALL {
            assert!(crate::values::check_version(default_version(*language)).is_ok());
        }
    }
}
