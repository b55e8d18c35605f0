//! The port a Node server listens on, from its entry source: `listen(3000)`,
//! `process.env.PORT || 3000`, `port: 8080`, `const PORT = 4000`. Only one distinct literal
//! counts; the loopback host (`listen(3000, 'localhost')`) is reported.

use crate::detect::{Evidence, PortScan};

/// Words after which a number is a port.
const PORT_CONTEXTS: &[&str] = &["listen(", "||", "??", "port:", "PORT =", "port =", "PORT="];

fn number_after(text: &str) -> Option<u16> {
    let text = text.trim_start();
    let text = text
        .strip_prefix(['\'', '"', '`'])
        .unwrap_or(text)
        .trim_start();
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 2 {
        return None;
    }
    digits.parse().ok().filter(|p| *p > 0)
}

fn line_port(line: &str) -> Option<u16> {
    let lower_port = line.contains("port") || line.contains("PORT") || line.contains("listen");
    if !lower_port {
        return None;
    }
    for context in PORT_CONTEXTS {
        let mut from = 0;
        while let Some(at) = line[from..].find(context) {
            let after = from + at + context.len();
            if let Some(port) = number_after(&line[after..]) {
                return Some(port);
            }
            from = after;
        }
    }
    // `const port: number = 3000`
    if let Some(at) = line.find("port").or_else(|| line.find("PORT")) {
        let rest = &line[at..];
        if let Some(eq) = rest.find('=') {
            if !rest[..eq].contains('(') {
                return number_after(&rest[eq + 1..]);
            }
        }
    }
    None
}

fn is_loopback(line: &str) -> bool {
    (line.contains("listen") || line.contains("host"))
        && [
            "'localhost'",
            "\"localhost\"",
            "'127.0.0.1'",
            "\"127.0.0.1\"",
        ]
        .iter()
        .any(|h| line.contains(h))
}

/// Scans `(path, text)` pairs.
#[must_use]
pub fn scan<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> PortScan {
    let mut hits: Vec<(u16, Evidence)> = Vec::new();
    let mut scan = PortScan::default();
    for (file, text) in files {
        for (index, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with('*') || code.starts_with("/*") {
                continue;
            }
            if code.contains("env.PORT")
                || code.contains("env['PORT']")
                || code.contains("env[\"PORT\"]")
            {
                scan.reads_env = true;
            }
            if let Some(port) = line_port(code) {
                hits.push((
                    port,
                    Evidence::new(
                        file,
                        Some(index + 1),
                        format!("listens on port {port}: {}", code.trim_end()),
                    ),
                ));
            }
            if scan.loopback.is_none() && is_loopback(code) {
                scan.loopback = Some(Evidence::new(
                    file,
                    Some(index + 1),
                    "binds to loopback only",
                ));
            }
        }
    }
    let mut ports: Vec<u16> = hits.iter().map(|(p, _)| *p).collect();
    ports.sort_unstable();
    ports.dedup();
    match ports.as_slice() {
        [port] => {
            scan.port = Some(*port);
            scan.evidence = hits.into_iter().map(|(_, e)| e).collect();
        }
        [] => {}
        _ => scan.ambiguous = ports,
    }
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(text: &str) -> Option<u16> {
        scan([("index.js", text)]).port
    }

    #[test]
    fn finds_the_usual_forms() {
        assert_eq!(port("app.listen(3000)"), Some(3000));
        assert_eq!(port("const port = process.env.PORT || 8080;"), Some(8080));
        assert_eq!(
            port("const port = Number(process.env.PORT ?? '4000')"),
            Some(4000)
        );
        assert_eq!(
            port("await app.listen(process.env.PORT ?? 3000);"),
            Some(3000)
        );
        assert_eq!(
            port("fastify.listen({ port: 5000, host: '0.0.0.0' })"),
            Some(5000)
        );
        assert_eq!(port("const PORT: number = 7000;"), Some(7000));
        assert_eq!(port("// app.listen(1234)\nconsole.log(42)"), None);
    }

    #[test]
    fn env_and_loopback_are_reported() {
        let s = scan([(
            "server.js",
            "const port = process.env.PORT || 3000;\napp.listen(port, 'localhost');\n",
        )]);
        assert!(s.reads_env);
        assert_eq!(s.port, Some(3000));
        assert_eq!(s.loopback.unwrap().line, Some(2));
    }

    #[test]
    fn different_literals_are_ambiguous() {
        let s = scan([("a.js", "app.listen(3000)\nadmin.listen(9000)\n")]);
        assert_eq!((s.port, s.ambiguous), (None, vec![3000, 9000]));
    }
}
