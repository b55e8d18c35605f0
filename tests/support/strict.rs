//! A strict Dockerfile reader following BuildKit's rules, for proving that a value cannot
//! change what an instruction means: it refuses what BuildKit would read differently from
//! msb's intent (control characters, Unicode line separators, heredocs, unbalanced quotes)
//! and splits every instruction into exec-form elements or shell words that remember which
//! characters were quoted.
#![allow(dead_code)]

/// Instruction keywords BuildKit knows.
pub const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// One shell word of a shell-form instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as written.
    pub raw: String,
    /// The word after quote removal.
    pub text: String,
    /// Characters that stood outside any quotes (escaped ones excluded).
    pub unquoted: String,
    /// A `$` or backquote inside double quotes, which the shell would expand.
    pub expands: bool,
    /// A backslash outside quotes, which changes the character after it.
    pub escapes: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// A JSON array of strings (`CMD ["a", "b"]`).
    Exec(Vec<String>),
    Shell(Vec<Word>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: String,
    pub line: usize,
    pub args: Args,
}

fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{feff}')
}

/// Parses a Dockerfile; an `Err` says what BuildKit would read differently or refuse.
pub fn parse(text: &str) -> Result<Vec<Instruction>, String> {
    if let Some((i, c)) = text.char_indices().find(|(_, c)| forbidden(*c)) {
        return Err(format!("character {} at byte {i}", c.escape_unicode()));
    }
    let mut out = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    let mut in_directives = true;
    for (index, raw) in text.split('\n').enumerate() {
        let trimmed = raw.trim();
        if in_directives {
            if let Some(directive) = trimmed.strip_prefix('#') {
                let directive = directive.trim().to_ascii_lowercase();
                if directive.starts_with("escape") && directive != "escape=\\" {
                    return Err(format!("line {}: escape directive", index + 1));
                }
                continue;
            }
            in_directives = false;
        }
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        let (start, mut joined) = pending.take().unwrap_or((index + 1, String::new()));
        let (body, continues) = match raw.trim_end().strip_suffix('\\') {
            Some(body) => (body, true),
            None => (raw, false),
        };
        joined.push_str(body);
        if continues {
            pending = Some((start, joined));
            continue;
        }
        out.push(instruction(start, &joined)?);
    }
    if let Some((line, _)) = pending {
        return Err(format!("line {line}: continuation runs past the end"));
    }
    Ok(out)
}

fn instruction(line: usize, joined: &str) -> Result<Instruction, String> {
    let joined = joined.trim();
    let (keyword, rest) = joined
        .split_once(char::is_whitespace)
        .unwrap_or((joined, ""));
    if !KEYWORDS.contains(&keyword) {
        return Err(format!("line {line}: unknown instruction {keyword:?}"));
    }
    let rest = rest.trim();
    let exec_capable = matches!(keyword, "CMD" | "ENTRYPOINT" | "RUN" | "SHELL");
    if exec_capable && rest.starts_with('[') {
        let items: Vec<String> = serde_json::from_str(rest)
            .map_err(|e| format!("line {line}: {keyword} is not a JSON array of strings: {e}"))?;
        return Ok(Instruction {
            keyword: keyword.into(),
            line,
            args: Args::Exec(items),
        });
    }
    let words = words(rest).map_err(|e| format!("line {line}: {e}"))?;
    if matches!(keyword, "RUN" | "COPY" | "ADD") && words.iter().any(|w| w.unquoted.contains("<<"))
    {
        return Err(format!("line {line}: heredoc marker in {keyword}"));
    }
    Ok(Instruction {
        keyword: keyword.into(),
        line,
        args: Args::Shell(words),
    })
}

/// Splits shell-form arguments into POSIX shell words.
pub fn words(text: &str) -> Result<Vec<Word>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut word = Word {
            raw: String::new(),
            text: String::new(),
            unquoted: String::new(),
            expands: false,
            escapes: false,
        };
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            word.raw.push(c);
            match c {
                '\'' => loop {
                    let c = chars.next().ok_or("unterminated single quote")?;
                    word.raw.push(c);
                    if c == '\'' {
                        break;
                    }
                    word.text.push(c);
                },
                '"' => loop {
                    let c = chars.next().ok_or("unterminated double quote")?;
                    word.raw.push(c);
                    match c {
                        '"' => break,
                        '\\' => {
                            let next = chars.next().ok_or("trailing backslash")?;
                            word.raw.push(next);
                            if !matches!(next, '"' | '\\' | '$' | '`') {
                                word.text.push('\\');
                            }
                            word.text.push(next);
                        }
                        '$' | '`' => {
                            word.expands = true;
                            word.text.push(c);
                        }
                        _ => word.text.push(c),
                    }
                },
                '\\' => {
                    let next = chars.next().ok_or("trailing backslash")?;
                    word.raw.push(next);
                    word.text.push(next);
                    word.escapes = true;
                }
                _ => {
                    word.text.push(c);
                    word.unquoted.push(c);
                }
            }
        }
        out.push(word);
    }
}

/// Characters a word may hold outside quotes without meaning anything to the shell.
pub fn inert(c: char) -> bool {
    c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_continuations_and_refuses_tricks() {
        let text = "# syntax=docker/dockerfile:1\nFROM x AS b\n# c\nRUN a 'b c' \\\n    \"d \\$e\" && f\nCMD [\"a\", \"b\\u000a\"]\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.len(), 3);
        let Args::Shell(words) = &parsed[1].args else {
            panic!()
        };
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["a", "b c", "d $e", "&&", "f"]);
        assert!(!words[2].expands);
        assert_eq!(parsed[2].args, Args::Exec(vec!["a".into(), "b\n".into()]));
        assert!(parse("RUN a\u{2028}b\n").is_err());
        assert!(parse("RUN cat <<EOF\nx\nEOF\n").is_err());
        assert!(parse("RUN 'a\n").is_err());
        assert!(parse("BOGUS x\n").is_err());
        assert!(parse("RUN \"$(id)\"\n").unwrap()[0].args != Args::Exec(vec![]));
    }
}
