//! Finds the port a program listens on from literal listen addresses in its source:
//! `":8080"` passed to a listen call, `"0.0.0.0:3000"`, `([0, 0, 0, 0], 8000)`. Only a single,
//! unambiguous literal counts; anything else leaves the decision to the default.

use serde::Serialize;

use super::Evidence;

/// What the source says about the listening port.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PortScan {
    /// The port, when exactly one distinct literal port was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Several different literal ports were found; none was taken.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ambiguous: Vec<u16>,
    /// The program reads its port from the `PORT` environment variable.
    pub reads_env: bool,
    /// A listen address bound to loopback, unreachable from outside a container.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loopback: Option<Evidence>,
}

struct Hit {
    port: u16,
    loopback: bool,
    evidence: Evidence,
}

const HOSTS: &[(&str, bool)] = &[
    ("", false),
    ("0.0.0.0", false),
    ("[::]", false),
    ("::", false),
    ("127.0.0.1", true),
    ("localhost", true),
    ("[::1]", true),
];

fn literals(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        out.push(&after[..end]);
        rest = &after[end + 1..];
    }
    out
}

fn address_port(literal: &str, listen_context: bool) -> Option<(u16, bool)> {
    let (host, port) = literal.rsplit_once(':')?;
    let (_, loopback) = HOSTS.iter().find(|(h, _)| *h == host)?;
    if host.is_empty() && !listen_context {
        return None;
    }
    let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
    Some((port, *loopback))
}

/// actix-web's and std's `(host, port)` tuples: `.bind(("127.0.0.1", 8080))`.
fn tuple_port(line: &str) -> Option<(u16, bool)> {
    let mut rest = line;
    while let Some(at) = rest.find("(\"") {
        let after = &rest[at + 2..];
        rest = after;
        let Some(end) = after.find('"') else { break };
        let host = &after[..end];
        let Some((_, loopback)) = HOSTS.iter().find(|(h, _)| !h.is_empty() && *h == host) else {
            continue;
        };
        let Some(tail) = after[end + 1..].trim_start().strip_prefix(',') else {
            continue;
        };
        let tail = tail.trim_start();
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        if !tail[digits.len()..].trim_start().starts_with(')') {
            continue;
        }
        if let Some(port) = digits.parse().ok().filter(|p: &u16| *p > 0) {
            return Some((port, *loopback));
        }
    }
    None
}

fn array_port(line: &str) -> Option<(u16, bool)> {
    for (pattern, loopback) in [("[0, 0, 0, 0]", false), ("[127, 0, 0, 1]", true)] {
        if let Some(at) = line.find(pattern) {
            let rest = line[at + pattern.len()..].trim_start();
            let rest = rest.strip_prefix(',')?.trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            return digits
                .parse()
                .ok()
                .filter(|p| *p > 0)
                .map(|p| (p, loopback));
        }
    }
    None
}

fn scan_file(file: &str, text: &str, hits: &mut Vec<Hit>, reads_env: &mut bool) {
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        // `.Run(":3000")` is gin's, `.Start(":1323")` echo's, `flag.String("addr", ":8080", …)`
        // the usual listen flag.
        let listen_context = [
            "Listen", "Addr", "addr", "bind", "listen", ".Run(", ".Start(",
        ]
        .iter()
        .any(|w| line.contains(w));
        if line.contains("\"PORT\"")
            && ["Getenv", "LookupEnv", "env::var", "var_os"]
                .iter()
                .any(|w| line.contains(w))
        {
            *reads_env = true;
        }
        let found = literals(line)
            .into_iter()
            .find_map(|l| address_port(l, listen_context))
            .or_else(|| array_port(line))
            .or_else(|| tuple_port(line));
        if let Some((port, loopback)) = found {
            hits.push(Hit {
                port,
                loopback,
                evidence: Evidence::new(
                    file,
                    Some(index + 1),
                    format!("listens on port {port}: {}", trimmed.trim_end()),
                ),
            });
        }
    }
}

/// Scans source files, given as `(path, text)` pairs in a stable order.
#[must_use]
pub fn scan<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> PortScan {
    let mut hits = Vec::new();
    let mut reads_env = false;
    for (file, text) in files {
        scan_file(file, text, &mut hits, &mut reads_env);
    }
    let mut ports: Vec<u16> = hits.iter().map(|h| h.port).collect();
    ports.sort_unstable();
    ports.dedup();
    let loopback = hits.iter().find(|h| h.loopback).map(|h| h.evidence.clone());
    match ports.as_slice() {
        [port] => PortScan {
            port: Some(*port),
            evidence: hits.into_iter().map(|h| h.evidence).collect(),
            ambiguous: Vec::new(),
            reads_env,
            loopback,
        },
        _ => PortScan {
            port: None,
            evidence: Vec::new(),
            ambiguous: if ports.len() > 1 { ports } else { Vec::new() },
            reads_env,
            loopback,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_go_listen_addresses() {
        let s = scan([(
            "main.go",
            "func main() {\n\thttp.ListenAndServe(\":9090\", nil)\n}\n",
        )]);
        assert_eq!(s.port, Some(9090));
        assert_eq!(s.evidence[0].line, Some(2));
        let s = scan([("main.go", "srv := &http.Server{Addr: \"0.0.0.0:3000\"}")]);
        assert_eq!(s.port, Some(3000));
    }

    #[test]
    fn finds_gin_echo_and_flag_defaults() {
        for line in [
            "\tr.Run(\":3000\") // listen and serve",
            "\te.Logger.Fatal(e.Start(\":3000\"))",
            "var addr = flag.String(\"addr\", \":3000\", \"http service address\")",
        ] {
            assert_eq!(scan([("main.go", line)]).port, Some(3000), "{line}");
        }
        assert_eq!(scan([("main.go", "r.Run()")]).port, None);
    }

    #[test]
    fn ignores_bare_colon_literals_outside_listen_calls_and_comments() {
        let s = scan([(
            "main.go",
            "fmt.Println(\":80\")\n// http.ListenAndServe(\":81\", nil)\n",
        )]);
        assert_eq!(s.port, None);
        assert!(s.ambiguous.is_empty());
    }

    #[test]
    fn finds_rust_bind_forms_and_env() {
        let s = scan([(
            "src/main.rs",
            "let port = std::env::var(\"PORT\");\nlet addr = SocketAddr::from(([0, 0, 0, 0], 8000));\n",
        )]);
        assert_eq!(s.port, Some(8000));
        assert!(s.reads_env);
        let s = scan([("src/main.rs", "TcpListener::bind(\"127.0.0.1:7000\")")]);
        assert_eq!(s.port, Some(7000));
        assert!(s.loopback.is_some());
    }

    #[test]
    fn finds_actix_host_port_tuples() {
        let s = scan([("src/main.rs", "    .bind((\"127.0.0.1\", 8080))?")]);
        assert_eq!(s.port, Some(8080));
        assert!(s.loopback.is_some());
        let s = scan([("src/main.rs", ".bind((\"0.0.0.0\", 9090))?.run()")]);
        assert_eq!((s.port, s.loopback.is_none()), (Some(9090), true));
        assert_eq!(scan([("src/main.rs", "f((\"0.0.0.0\", port))")]).port, None);
        assert_eq!(
            scan([("src/main.rs", "t((\"0.0.0.0\", 80, 1))")]).port,
            None
        );
    }

    #[test]
    fn several_ports_are_ambiguous() {
        let s = scan([
            ("a.go", "http.ListenAndServe(\":1000\", nil)"),
            ("b.go", "http.ListenAndServe(\":2000\", nil)"),
        ]);
        assert_eq!(s.port, None);
        assert_eq!(s.ambiguous, [1000, 2000]);
    }
}
