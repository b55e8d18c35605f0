//! The port a Python application names: `port=5000` in a `run(` call, a `bind` address in
//! gunicorn.conf.py, and whether it reads `PORT` from the environment.

use super::Evidence;
use super::port::PortScan;
use crate::values;

/// The text of the string literals on a line, single- or double-quoted.
pub fn string_literals(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find(['"', '\'']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        let after = &rest[start + 1..];
        let Some(end) = after.find(quote) else { break };
        out.push(&after[..end]);
        rest = &after[end + 1..];
    }
    out
}

/// `port=5000` in a `.run(` call, `"0.0.0.0:5000"` in a bind, and reads of `PORT`.
pub fn scan_port(files: &[(&str, &str)]) -> PortScan {
    let mut hits: Vec<(u16, Evidence)> = Vec::new();
    let mut reads_env = false;
    for (file, text) in files {
        for (index, line) in text.lines().enumerate() {
            let code = line.split('#').next().unwrap_or_default();
            let literals = string_literals(code);
            if literals.contains(&"PORT") && (code.contains("environ") || code.contains("getenv")) {
                reads_env = true;
            }
            let keyword = code
                .find("port=")
                .or_else(|| code.find("port ="))
                .filter(|_| code.contains(".run(") || code.contains("run("))
                .and_then(|at| {
                    let rest = code[at..].split_once('=')?.1.trim_start();
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    digits.parse::<u16>().ok()
                });
            let bound = code
                .trim_start()
                .starts_with("bind")
                .then(|| {
                    literals.iter().find_map(|l| {
                        let (host, port) = l.rsplit_once(':')?;
                        matches!(host, "" | "0.0.0.0" | "[::]" | "::").then_some(())?;
                        port.parse::<u16>().ok()
                    })
                })
                .flatten();
            if let Some(port) = keyword.or(bound).filter(|p| *p > 0) {
                hits.push((
                    port,
                    Evidence::new(
                        file,
                        Some(index + 1),
                        format!("port {port}: {}", values::shown(code.trim())),
                    ),
                ));
            }
        }
    }
    let mut ports: Vec<u16> = hits.iter().map(|(p, _)| *p).collect();
    ports.sort_unstable();
    ports.dedup();
    match ports.as_slice() {
        [port] => PortScan {
            port: Some(*port),
            evidence: hits.into_iter().map(|(_, e)| e).collect(),
            reads_env,
            ..PortScan::default()
        },
        _ => PortScan {
            ambiguous: if ports.len() > 1 { ports } else { Vec::new() },
            reads_env,
            ..PortScan::default()
        },
    }
}
