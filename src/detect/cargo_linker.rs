//! Linkers a `.cargo/config.toml` asks for (`linker = "clang"`, `-fuse-ld=lld`, `mold`). The
//! rust images ship only gcc's linker, so a build that names another one fails with "linker
//! `clang` not found" unless the builder installs it.

use serde::Serialize;

use super::Evidence;

/// Packages (the same names on Debian and Alpine) the linker settings need, per build kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LinkerTools {
    /// For a glibc build (`*-linux-gnu` targets, `[build]` and `cfg(…)` sections).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub glibc: Vec<&'static str>,
    /// For a musl build (`*-linux-musl` targets, `[build]` and `cfg(…)` sections).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub musl: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

impl LinkerTools {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.glibc.is_empty() && self.musl.is_empty()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Both,
    Glibc,
    Musl,
    Neither,
}

/// Which builds a section header applies to.
fn scope(header: &str) -> Scope {
    let name = header.trim_matches(|c| c == '[' || c == ']').trim();
    let Some(target) = name.strip_prefix("target.") else {
        return if name == "build" {
            Scope::Both
        } else {
            Scope::Neither
        };
    };
    let target = target.trim_matches(|c| c == '\'' || c == '"');
    if target.starts_with("cfg(") {
        Scope::Both
    } else if target.contains("-linux-gnu") {
        Scope::Glibc
    } else if target.contains("-linux-musl") {
        Scope::Musl
    } else {
        Scope::Neither
    }
}

/// The packages one configuration line needs.
fn packages(line: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    let linker_is = |tool: &str| {
        line.contains(&format!("linker = \"{tool}\""))
            || line.contains(&format!("linker=\"{tool}\""))
            || line.contains(&format!("linker={tool}"))
    };
    if linker_is("clang") || linker_is("clang++") {
        found.push("clang");
    }
    if line.contains("fuse-ld=lld") || linker_is("ld.lld") {
        found.push("lld");
    }
    if line.contains("fuse-ld=mold") || line.contains("/mold") || linker_is("mold") {
        found.push("mold");
    }
    found
}

/// Scans a cargo configuration file's text.
#[must_use]
pub fn scan(file: &str, text: &str) -> LinkerTools {
    let mut tools = LinkerTools::default();
    let mut current = Scope::Neither;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') {
            current = scope(line);
            continue;
        }
        let needed = packages(line);
        if needed.is_empty() || current == Scope::Neither {
            continue;
        }
        if matches!(current, Scope::Both | Scope::Glibc) {
            tools.glibc.extend(&needed);
        }
        if matches!(current, Scope::Both | Scope::Musl) {
            tools.musl.extend(&needed);
        }
        tools.evidence.push(Evidence::new(
            file,
            Some(index + 1),
            format!(
                "the build links with {}: the builder installs {}",
                needed.join(" and "),
                if needed.len() > 1 { "them" } else { "it" }
            ),
        ));
    }
    for list in [&mut tools.glibc, &mut tools.musl] {
        list.sort_unstable();
        list.dedup();
    }
    tools
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clang_with_lld_for_linux_gnu_only() {
        let text = "[target.x86_64-pc-windows-msvc]\nrustflags = [\"-C\", \"link-arg=-fuse-ld=lld\"]\n\n[target.x86_64-unknown-linux-gnu]\nrustflags = [\"-C\", \"linker=clang\", \"-C\", \"link-arg=-fuse-ld=lld\"]\n";
        let tools = scan(".cargo/config.toml", text);
        assert_eq!(tools.glibc, ["clang", "lld"]);
        assert!(tools.musl.is_empty());
        assert_eq!(tools.evidence.len(), 1);
        assert_eq!(tools.evidence[0].line, Some(5));
    }

    #[test]
    fn build_and_cfg_sections_apply_to_both_and_comments_are_ignored() {
        let text = "[build]\n# linker = \"clang\"\nrustflags = [\"-C\", \"link-arg=-fuse-ld=mold\"]\n[target.'cfg(target_os = \"linux\")']\nlinker = \"clang\"\n[target.aarch64-apple-darwin]\nlinker = \"clang\"\n[alias]\nx = \"run -- linker=clang\"\n";
        let tools = scan(".cargo/config.toml", text);
        assert_eq!(tools.glibc, ["clang", "mold"]);
        assert_eq!(tools.musl, ["clang", "mold"]);
        assert!(scan("c", "[target.x86_64-unknown-linux-gnu]\nlinker = \"gcc\"\n").is_empty());
    }
}
