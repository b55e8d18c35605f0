//! Gradle build scripts are programs; msb never runs them. This is a careful, bounded scanner
//! that splits a Groovy or Kotlin DSL script into statements (comments removed, strings kept)
//! with the blocks enclosing each, and reads the few declarations msb needs from them: plugins,
//! the Java toolchain or compatibility level, the project version, the application main class
//! and archive names. Anything computed is reported as not understood, never guessed.

use std::collections::BTreeMap;

/// Deepest block nesting followed.
const MAX_DEPTH: usize = 64;
/// Most statements read from one script.
const MAX_STATEMENTS: usize = 20_000;

/// One statement and the heads of the blocks around it (`plugins`, `java`, `toolchain`,
/// `tasks.named<BootJar>("bootJar")`, …), outermost first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub blocks: Vec<String>,
    pub text: String,
    pub line: usize,
}

impl Statement {
    pub fn inside(&self, head: &str) -> bool {
        self.blocks.iter().any(|b| b == head)
    }
}

struct Splitter {
    out: Vec<Statement>,
    blocks: Vec<String>,
    current: String,
    start_line: usize,
    line: usize,
}

impl Splitter {
    fn flush(&mut self) {
        let text = self.current.trim().to_string();
        if !text.is_empty() && self.out.len() < MAX_STATEMENTS {
            self.out.push(Statement {
                blocks: self.blocks.clone(),
                text,
                line: self.start_line,
            });
        }
        self.current.clear();
    }

    fn push(&mut self, c: char) {
        if self.current.trim().is_empty() {
            self.start_line = self.line;
        }
        self.current.push(c);
    }
}

/// Splits a script into statements. Unbalanced braces end the scan quietly; what was read
/// before stays usable.
#[must_use]
pub fn statements(text: &str) -> Vec<Statement> {
    let mut s = Splitter {
        out: Vec::new(),
        blocks: Vec::new(),
        current: String::new(),
        start_line: 1,
        line: 1,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut parens = 0usize;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => {
                s.line += 1;
                if parens == 0 {
                    s.flush();
                } else {
                    s.current.push(' ');
                }
            }
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if next == Some('*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    if chars[i] == '\n' {
                        s.line += 1;
                    }
                    i += 1;
                }
                i += 2;
                continue;
            }
            '"' | '\'' => {
                let triple = next == Some(c) && chars.get(i + 2) == Some(&c);
                let quote_len = if triple { 3 } else { 1 };
                s.push(c);
                i += quote_len;
                while i < chars.len() {
                    let d = chars[i];
                    if d == '\\' {
                        s.current.push(d);
                        if let Some(&e) = chars.get(i + 1) {
                            s.current.push(e);
                        }
                        i += 2;
                        continue;
                    }
                    let closes = d == c
                        && (!triple
                            || (chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c)));
                    if closes {
                        i += quote_len;
                        break;
                    }
                    if d == '\n' {
                        s.line += 1;
                        if !triple {
                            break;
                        }
                    }
                    s.current.push(d);
                    i += 1;
                }
                s.current.push(c);
                continue;
            }
            '(' => {
                parens += 1;
                s.push(c);
            }
            ')' => {
                parens = parens.saturating_sub(1);
                s.push(c);
            }
            ';' if parens == 0 => s.flush(),
            '{' => {
                if s.blocks.len() >= MAX_DEPTH {
                    break;
                }
                let head = s.current.trim().to_string();
                s.current.clear();
                s.blocks.push(head);
                parens = 0;
            }
            '}' => {
                s.flush();
                if s.blocks.pop().is_none() {
                    break;
                }
                parens = 0;
            }
            _ => s.push(c),
        }
        i += 1;
    }
    s.flush();
    s.out
}

/// The single string literal in `text`, when there is one and it interpolates nothing.
#[must_use]
pub fn literal(text: &str) -> Option<String> {
    let start = text.find(['"', '\''])?;
    let quote = text[start..].chars().next()?;
    let rest = &text[start + 1..];
    let end = rest.find(quote)?;
    let value = &rest[..end];
    (!value.contains('$')).then(|| value.to_string())
}

/// The value assigned to `name` by `name = v`, `name.set(v)`, `name(v)` or Groovy's `name v`.
#[must_use]
pub fn assigned<'a>(statement: &'a str, name: &str) -> Option<&'a str> {
    let rest = statement.strip_prefix(name)?;
    let rest = rest.trim_start();
    if let Some(v) = rest.strip_prefix(".set(") {
        return Some(v.trim_end().strip_suffix(')').unwrap_or(v).trim());
    }
    if let Some(v) = rest.strip_prefix('=') {
        return Some(v.trim());
    }
    if let Some(v) = rest.strip_prefix('(') {
        return Some(v.trim_end().strip_suffix(')').unwrap_or(v).trim());
    }
    let first = rest.chars().next()?;
    (matches!(first, '"' | '\'') || first.is_ascii_digit()).then_some(rest)
}

/// A plugin applied or declared by a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginUse {
    /// `org.springframework.boot`, `application`, … (`kotlin("jvm")` becomes
    /// `org.jetbrains.kotlin.jvm`); for a catalog alias, the alias path (`libs.plugins.x`).
    pub id: String,
    pub version: Option<String>,
    pub alias: bool,
    pub applied: bool,
    pub line: usize,
}

pub(super) fn plugin_use(st: &Statement) -> Option<PluginUse> {
    let t = st.text.as_str();
    if st.inside("subprojects") || st.inside("allprojects") {
        // Applied to other projects, which msb reads from their own scripts.
        return None;
    }
    let in_plugins = st.blocks.last().is_some_and(|b| b == "plugins");
    let applied = !t.contains("apply false") && !t.contains("apply(false)");
    let version = t
        .find(" version ")
        .and_then(|at| literal(&t[at + " version ".len()..]))
        .or_else(|| t.find(".version(").and_then(|at| literal(&t[at..])));
    let make = |id: String, alias: bool| {
        Some(PluginUse {
            id,
            version: version.clone(),
            alias,
            applied,
            line: st.line,
        })
    };
    if let Some(rest) = t.strip_prefix("apply plugin:") {
        return make(literal(rest)?, false);
    }
    if let Some(rest) = t.strip_prefix("apply(plugin") {
        return make(literal(rest)?, false);
    }
    if !in_plugins {
        return None;
    }
    if let Some(rest) = t.strip_prefix("alias(") {
        let path: String = rest.chars().take_while(|c| *c != ')').collect();
        return make(path.trim().to_string(), true);
    }
    if let Some(rest) = t.strip_prefix("kotlin(") {
        return make(format!("org.jetbrains.kotlin.{}", literal(rest)?), false);
    }
    if let Some(rest) = t.strip_prefix("id") {
        if rest.starts_with(['(', ' ', '\'', '"']) {
            return make(literal(rest)?, false);
        }
    }
    let word: String = t
        .trim_matches('`')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (!word.is_empty() && t.trim_matches('`') == word).then(|| make(word, false))?
}

/// Archive naming declared for one jar task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Archive {
    pub file_name: Option<String>,
    pub base_name: Option<String>,
    pub version: Option<String>,
    pub classifier: Option<String>,
    /// A name property is set to something computed, so the name cannot be known.
    pub computed: Option<usize>,
}

/// What a build script declares, as far as msb reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    pub plugins: Vec<PluginUse>,
    /// `(version, line, what declared it, exact)`.
    pub java: Option<(String, usize, &'static str)>,
    pub version: Option<(String, usize)>,
    /// The project version is set to something computed.
    pub version_computed: Option<usize>,
    pub main_class: Option<(String, usize)>,
    /// Keyed by task: `bootJar`, `jar`, `shadowJar`.
    pub archives: BTreeMap<&'static str, Archive>,
    /// Spring Boot's layered jar switched off, or given custom layers.
    pub layers_off: bool,
    pub custom_layers: bool,
    /// `classpath("org.springframework.boot:spring-boot-gradle-plugin:X")` in `buildscript`.
    pub buildscript_boot: Option<String>,
}

fn java_version(st: &Statement) -> Option<(String, &'static str)> {
    let t = st.text.as_str();
    let number = |s: &str| -> Option<String> {
        let digits: String = s
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '_')
            .collect();
        let digits = digits.replace('_', ".");
        let digits = digits.strip_prefix("1.").unwrap_or(&digits).to_string();
        let major: String = digits.chars().take_while(char::is_ascii_digit).collect();
        (!major.is_empty()).then_some(major)
    };
    if let Some(at) = t.find("JavaLanguageVersion.of(") {
        return number(&t[at + "JavaLanguageVersion.of(".len()..])
            .map(|v| (v, "Gradle toolchain languageVersion"));
    }
    if let Some(at) = t.find("jvmToolchain(") {
        return number(&t[at + "jvmToolchain(".len()..]).map(|v| (v, "Kotlin jvmToolchain"));
    }
    for (name, what) in [
        ("sourceCompatibility", "sourceCompatibility"),
        ("java.sourceCompatibility", "sourceCompatibility"),
        ("options.release", "options.release"),
    ] {
        if let Some(v) = assigned(t, name) {
            return number(v).map(|n| (n, what));
        }
    }
    None
}

fn archive_task(st: &Statement) -> Option<&'static str> {
    st.blocks.iter().rev().find_map(|b| {
        if b.contains("bootJar") {
            Some("bootJar")
        } else if b.contains("shadowJar") {
            Some("shadowJar")
        } else if b == "jar" || b.contains("\"jar\"") || b.contains("'jar'") || b == "tasks.jar" {
            Some("jar")
        } else {
            None
        }
    })
}

/// Reads one build script.
#[must_use]
/// The plugin version in `classpath("…:spring-boot-gradle-plugin:V")`, where V may name an
/// `ext` variable set earlier (`ext { springBootVersion = '1.5.6.RELEASE' }`).
fn buildscript_boot(t: &str, ext: &BTreeMap<String, String>) -> Option<String> {
    let rest = &t[t.find("spring-boot-gradle-plugin:")? + "spring-boot-gradle-plugin:".len()..];
    let raw: String = rest
        .chars()
        .take_while(|c| !matches!(c, '"' | '\'' | ')'))
        .collect();
    match raw.strip_prefix('$') {
        Some(var) => ext
            .get(var.trim_start_matches('{').trim_end_matches('}'))
            .cloned(),
        None => (!raw.is_empty()).then_some(raw),
    }
}

pub fn read_script(text: &str) -> Script {
    let mut script = Script::default();
    let mut ext: BTreeMap<String, String> = BTreeMap::new();
    for st in statements(text) {
        let t = st.text.as_str();
        if st.blocks.last().is_some_and(|b| b == "ext") || t.starts_with("ext.") {
            if let Some((name, value)) = t.trim_start_matches("ext.").split_once('=') {
                if let Some(v) = literal(value.trim()) {
                    ext.insert(name.trim().to_string(), v);
                }
            }
        }
        if let Some(p) = plugin_use(&st) {
            script.plugins.push(p);
            continue;
        }
        if script.java.is_none() {
            if let Some((v, what)) = java_version(&st) {
                script.java = Some((v, st.line, what));
                continue;
            }
        }
        if st.blocks.is_empty() || st.inside("allprojects") || st.inside("subprojects") {
            if let Some(v) = assigned(t, "version") {
                match literal(v) {
                    Some(v) => script.version = Some((v, st.line)),
                    None => script.version_computed = Some(st.line),
                }
                continue;
            }
        }
        for name in ["mainClass", "mainClassName"] {
            if let Some(v) = assigned(t, name) {
                if st.inside("application") || st.blocks.is_empty() || name == "mainClassName" {
                    if let Some(v) = literal(v) {
                        script.main_class = Some((v, st.line));
                    }
                }
            }
        }
        if t.contains("spring-boot-gradle-plugin:") && st.inside("buildscript") {
            script.buildscript_boot = buildscript_boot(t, &ext);
        }
        if st.inside("layered") || t.starts_with("layered") {
            if t.contains("false") && t.contains("enabled") {
                script.layers_off = true;
            } else if ["application", "dependencies", "layerOrder"]
                .iter()
                .any(|w| t.starts_with(w) || st.blocks.last().is_some_and(|b| b == w))
            {
                script.custom_layers = true;
            }
        }
        if let Some(task) = archive_task(&st) {
            let archive = script.archives.entry(task).or_default();
            for (name, slot) in [
                ("archiveFileName", &mut archive.file_name),
                ("archiveBaseName", &mut archive.base_name),
                ("archiveVersion", &mut archive.version),
                ("archiveClassifier", &mut archive.classifier),
            ] {
                if let Some(v) = assigned(t, name) {
                    match literal(v) {
                        Some(v) => *slot = Some(v),
                        None => archive.computed = Some(st.line),
                    }
                }
            }
        }
    }
    script
}

#[cfg(test)]
mod tests;
