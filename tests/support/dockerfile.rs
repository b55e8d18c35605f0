//! A small Dockerfile reader for structural assertions: joins continuation lines, drops
//! comments and blank lines, and splits each instruction into keyword and arguments.
#![allow(dead_code)]

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: String,
    pub args: String,
    pub line: usize,
}

pub fn parse(text: &str) -> Vec<Instruction> {
    let mut out = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.starts_with('#') || (trimmed.is_empty() && pending.is_none()) {
            continue;
        }
        let (start, mut joined) = pending.take().unwrap_or((index + 1, String::new()));
        let (body, continues) = match trimmed.strip_suffix('\\') {
            Some(body) => (body, true),
            None => (trimmed, false),
        };
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(body.trim());
        if continues {
            pending = Some((start, joined));
            continue;
        }
        let (keyword, args) = joined
            .split_once(char::is_whitespace)
            .unwrap_or((joined.as_str(), ""));
        out.push(Instruction {
            keyword: keyword.to_string(),
            args: args.trim().to_string(),
            line: start,
        });
    }
    assert!(pending.is_none(), "dangling line continuation");
    out
}

/// The instructions of each stage, starting at its FROM.
pub fn stages(instructions: &[Instruction]) -> Vec<Vec<Instruction>> {
    let mut stages: Vec<Vec<Instruction>> = Vec::new();
    for i in instructions {
        if i.keyword == "FROM" {
            stages.push(Vec::new());
        }
        if let Some(stage) = stages.last_mut() {
            stage.push(i.clone());
        }
    }
    stages
}

/// `name` of `FROM image AS name`.
pub fn stage_name(from: &Instruction) -> Option<&str> {
    from.args.rsplit_once(" AS ").map(|(_, n)| n.trim())
}
