//! The port a Spring application listens on: `server.port` (Micronaut:
//! `micronaut.server.port`, Quarkus: `quarkus.http.port`) in `application.properties` or
//! `application.yml`/`.yaml`, under `src/main/resources/config` or `src/main/resources`.
//! Profile files and later YAML
//! documents (profile sections) are ignored. `${PORT:8081}` means "the PORT variable, else
//! 8081": the default is taken and the program is marked as reading `PORT`.

use super::{Evidence, PortScan};
use crate::repo::RepoError;
use crate::repo::{self, Tree};

fn parse_value(value: &str) -> (Option<u16>, bool) {
    let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
    if let Some(inner) = value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
        let (var, default) = inner.split_once(':').unwrap_or((inner, ""));
        let reads_env = var.trim() == "PORT";
        return (default.trim().parse().ok().filter(|p| *p > 0), reads_env);
    }
    (value.parse().ok().filter(|p| *p > 0), false)
}

fn from_properties(text: &str) -> Option<(usize, &str)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let line = line.trim_start();
        if line.starts_with('#') || line.starts_with('!') {
            return None;
        }
        let rest = ["server.port", "micronaut.server.port", "quarkus.http.port"]
            .iter()
            .find_map(|key| line.strip_prefix(key))?
            .trim_start();
        let value = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':'))?;
        Some((i + 1, value))
    })
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The YAML keys that set the port: Spring Boot, Micronaut, Quarkus (with `quarkus-config-yaml`).
const YAML_KEYS: [&str; 3] = ["server.port", "micronaut.server.port", "quarkus.http.port"];

fn from_yaml(text: &str) -> Option<(usize, &str)> {
    // The enclosing mapping keys, with their indentation.
    let mut stack: Vec<(usize, &str)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split(" #").next().unwrap_or(raw);
        let trimmed = line.trim();
        if trimmed == "---" || trimmed.starts_with("--- ") {
            return None;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('-') {
            continue;
        }
        let depth = indent(line);
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        while stack.last().is_some_and(|(d, _)| *d >= depth) {
            stack.pop();
        }
        if value.trim().is_empty() {
            stack.push((depth, key.trim()));
            continue;
        }
        let path: Vec<&str> = stack
            .iter()
            .map(|(_, k)| *k)
            .chain(std::iter::once(key.trim()))
            .collect();
        if YAML_KEYS.contains(&path.join(".").as_str()) {
            return Some((i + 1, value));
        }
    }
    None
}

/// Scans a module's Spring configuration; `dir` is the module directory (`""` for the root).
///
/// # Errors
/// A configuration file that exists but cannot be read.
pub fn scan(tree: &dyn Tree, dir: &str) -> Result<PortScan, RepoError> {
    let resources = repo::join(dir, "src/main/resources");
    // classpath:/config/ overrides classpath:/ (JHipster keeps its configuration there).
    for name in [
        "config/application.properties",
        "config/application.yml",
        "config/application.yaml",
        "application.properties",
        "application.yml",
        "application.yaml",
    ] {
        let file = repo::join(&resources, name);
        let Some(text) = tree.read(&file)? else {
            continue;
        };
        let found = if name.ends_with(".properties") {
            from_properties(&text)
        } else {
            from_yaml(&text)
        };
        let Some((line, value)) = found else { continue };
        let (port, reads_env) = parse_value(value);
        let conclusion = match (port, reads_env) {
            (Some(p), true) => format!("server.port is PORT, default {p}"),
            (Some(p), false) => format!("server.port {p}"),
            (None, _) => format!("server.port {} is not a literal port", value.trim()),
        };
        let evidence = Evidence::new(&file, Some(line), conclusion);
        return Ok(PortScan {
            port,
            evidence: if port.is_some() {
                vec![evidence]
            } else {
                Vec::new()
            },
            ambiguous: Vec::new(),
            reads_env,
            loopback: None,
        });
    }
    Ok(PortScan::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    #[test]
    fn properties_and_placeholders() {
        let tree = MemTree::new().with(
            "src/main/resources/application.properties",
            "# server.port=1\nspring.application.name=x\nserver.port = ${PORT:8081}\n",
        );
        let s = scan(&tree, "").unwrap();
        assert_eq!(s.port, Some(8081));
        assert!(s.reads_env);
        assert_eq!(s.evidence[0].line, Some(3));
    }

    #[test]
    fn quarkus_http_port_and_profile_prefixed_keys() {
        let tree = MemTree::new().with(
            "src/main/resources/application.properties",
            "%dev.quarkus.http.port=9000\nquarkus.http.port=8181\n",
        );
        assert_eq!(scan(&tree, "").unwrap().port, Some(8181));
    }

    #[test]
    fn micronaut_and_nested_yaml_keys() {
        let tree = MemTree::new().with(
            "src/main/resources/application.yml",
            "micronaut:\n  application:\n    name: x\n  server:\n    port: 8081\nendpoints:\n  port: 1\n",
        );
        assert_eq!(scan(&tree, "").unwrap().port, Some(8081));
        let other = MemTree::new().with(
            "src/main/resources/application.yml",
            "management:\n  server:\n    port: 9001\nspring:\n  port: 2\n",
        );
        assert_eq!(scan(&other, "").unwrap().port, None);
    }

    #[test]
    fn the_config_directory_wins() {
        let tree = MemTree::new()
            .with(
                "src/main/resources/application.properties",
                "server.port=1111\n",
            )
            .with(
                "src/main/resources/config/application.yml",
                "server:\n  port: 2222\n",
            );
        let s = scan(&tree, "").unwrap();
        assert_eq!(s.port, Some(2222));
        assert_eq!(
            s.evidence[0].file,
            "src/main/resources/config/application.yml"
        );
    }

    #[test]
    fn yaml_nested_and_flat_and_profiles_ignored() {
        let tree = MemTree::new().with(
            "api/src/main/resources/application.yml",
            "spring:\n  application:\n    name: x\nserver:\n  address: 0.0.0.0\n  port: 9090 # main\n---\nserver:\n  port: 1\n",
        );
        let s = scan(&tree, "api").unwrap();
        assert_eq!(s.port, Some(9090));
        assert_eq!(s.evidence[0].file, "api/src/main/resources/application.yml");
        assert_eq!(s.evidence[0].line, Some(6));
        let flat =
            MemTree::new().with("src/main/resources/application.yaml", "server.port: 7000\n");
        assert_eq!(scan(&flat, "").unwrap().port, Some(7000));
        let later = MemTree::new().with(
            "src/main/resources/application.yml",
            "spring:\n  port: 5\n---\nserver:\n  port: 1\n",
        );
        assert_eq!(scan(&later, "").unwrap().port, None);
        let sibling = MemTree::new().with(
            "src/main/resources/application.yml",
            "server:\n  ssl:\n    port: 8443\nmanagement:\n  port: 9\n",
        );
        assert_eq!(scan(&sibling, "").unwrap().port, None);
    }
}
