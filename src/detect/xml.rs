//! A small, bounded element tree over quick-xml, for reading Maven POMs: element names
//! without namespace prefixes, trimmed text, and the line each element starts on. Errors name
//! the file and the line of the byte where parsing stopped.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{ManifestError, line_of};

/// Deepest nesting accepted; real POMs stay under 15.
const MAX_DEPTH: usize = 64;
/// Most elements accepted in one document.
const MAX_ELEMENTS: usize = 50_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub text: String,
    pub line: usize,
    pub children: Vec<Element>,
}

impl Element {
    /// The first child named `name`.
    #[must_use]
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The element at a path of child names.
    #[must_use]
    pub fn at(&self, path: &[&str]) -> Option<&Element> {
        path.iter().try_fold(self, |e, name| e.child(name))
    }

    /// The trimmed text at a path, when present and not empty.
    #[must_use]
    pub fn text_at(&self, path: &[&str]) -> Option<&str> {
        self.at(path)
            .map(|e| e.text.as_str())
            .filter(|t| !t.is_empty())
    }
}

fn predefined(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Parses a whole document and returns its root element.
///
/// # Errors
/// Malformed XML, unknown entities, too deep or too large documents, or no root element.
pub fn parse(file: &str, text: &str) -> Result<Element, ManifestError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let error_at = |offset: u64, message: String| {
        let offset = usize::try_from(offset)
            .unwrap_or(text.len())
            .min(text.len());
        ManifestError::new(file, Some(line_of(text, offset)), message)
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let start = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| error_at(reader.error_position(), format!("not well-formed XML: {e}")))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                count += 1;
                if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                    return Err(error_at(
                        start,
                        "the document is nested too deeply or too large".into(),
                    ));
                }
                let element = Element {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    line: line_of(text, usize::try_from(start).unwrap_or(0) + 1),
                    ..Element::default()
                };
                if matches!(event, Event::Empty(_)) {
                    attach(&mut stack, &mut root, element);
                } else {
                    stack.push(element);
                }
            }
            Event::End(_) => {
                if let Some(mut done) = stack.pop() {
                    done.text = done.text.trim().to_string();
                    attach(&mut stack, &mut root, done);
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let decoded = t
                        .decode()
                        .map_err(|e| error_at(start, format!("undecodable text: {e}")))?;
                    top.text.push_str(&decoded);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                let name = r
                    .decode()
                    .map_err(|e| error_at(start, format!("undecodable entity: {e}")))?;
                let c = predefined(&name)
                    .ok_or_else(|| error_at(start, format!("unknown entity &{name};")))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push(c);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(error_at(
            text.len() as u64,
            "the document ends inside an element".into(),
        ));
    }
    root.ok_or_else(|| ManifestError::new(file, None, "no root element"))
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => {
            if root.is_none() {
                *root = Some(element);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_text_entities_and_lines() {
        let doc = parse(
            "pom.xml",
            "<?xml version=\"1.0\"?>\n<project xmlns=\"x\">\n  <!-- c -->\n  <name>a &amp; b &#x41;</name>\n  <empty/>\n  <build><finalName>app</finalName></build>\n</project>\n",
        )
        .unwrap();
        assert_eq!(doc.name, "project");
        assert_eq!(doc.line, 2);
        assert_eq!(doc.text_at(&["name"]), Some("a & b A"));
        assert_eq!(doc.child("name").unwrap().line, 4);
        assert!(doc.child("empty").is_some());
        assert_eq!(doc.text_at(&["empty"]), None);
        assert_eq!(doc.text_at(&["build", "finalName"]), Some("app"));
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("pom.xml", "<project>\n  <a>\n  </b>\n</project>\n").unwrap_err();
        assert_eq!(e.file, "pom.xml");
        assert_eq!(e.line, Some(3), "{e}");
        let e = parse("pom.xml", "<project>\n<a>&nope;</a></project>").unwrap_err();
        assert!(e.message.contains("nope"), "{e}");
        let e = parse("pom.xml", "<project>\n<a>").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(parse("pom.xml", "").is_err());
    }

    #[test]
    fn refuses_pathological_nesting() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse("pom.xml", &deep).is_err());
    }
}
