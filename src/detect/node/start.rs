//! The start command: the real process, never `npm start`. A start script counts only when
//! it is a plain `node FILE` command (or a framework server whose binary msb knows); anything
//! with shell syntax is not rewritten but skipped, and `main`, `bin` or a conventional entry
//! file is used instead.

/// Framework command-line tools msb can run with `node` directly, by their JavaScript entry.
const KNOWN_BINS: &[(&str, &str)] = &[
    ("next", "node_modules/next/dist/bin/next"),
    ("remix-serve", "node_modules/@remix-run/serve/dist/cli.js"),
    (
        "react-router-serve",
        "node_modules/@react-router/serve/dist/cli.js",
    ),
];

/// Node options that take the next word as their value.
const OPTIONS_WITH_VALUE: &[&str] = &[
    "-r",
    "--require",
    "--import",
    "--loader",
    "--experimental-loader",
    "-C",
    "--conditions",
    "--env-file",
    "--title",
];

/// A start command derived from a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromScript {
    /// `node` followed by its arguments.
    pub argv: Vec<String>,
    /// The script file `node` runs, as written.
    pub file: Option<String>,
    /// What msb left out, and why (`--env-file .env`: the image has no .env).
    pub dropped: Vec<String>,
}

const SHELL_SYNTAX: &[char] = &[
    ';', '&', '|', '<', '>', '$', '`', '(', ')', '{', '}', '*', '?', '[', ']', '!', '~', '\\',
    '\n', '\r', '#', '\'', '"',
];

/// Parses a script as a plain node command. `Err` says why it is not one.
pub fn from_script(script: &str) -> Result<FromScript, String> {
    if let Some(c) = script.chars().find(|c| SHELL_SYNTAX.contains(c)) {
        return Err(format!(
            "it uses shell syntax ({})",
            crate::values::shown(&c.to_string())
        ));
    }
    let mut words: Vec<String> = script.split_whitespace().map(str::to_string).collect();
    if words.first().is_some_and(|w| w == "cross-env") {
        words.remove(0);
    }
    while words.first().is_some_and(|w| is_assignment(w)) {
        let word = words.remove(0);
        if !word.starts_with("NODE_ENV=") {
            return Err(format!("it sets {word} before the command"));
        }
    }
    let Some(program) = words.first().cloned() else {
        return Err("it is empty".into());
    };
    if program == "node" {
        return node_command(&words[1..]);
    }
    if let Some((_, entry)) = KNOWN_BINS.iter().find(|(bin, _)| *bin == program) {
        let mut argv = vec!["node".to_string(), (*entry).to_string()];
        argv.extend(words[1..].iter().cloned());
        let file = words[1..].iter().find(|w| !w.starts_with('-')).cloned();
        return Ok(FromScript {
            argv,
            file: if program == "next" { None } else { file },
            dropped: Vec::new(),
        });
    }
    Err(format!("it runs {program}, not node"))
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

fn node_command(args: &[String]) -> Result<FromScript, String> {
    let mut argv = vec!["node".to_string()];
    let mut dropped = Vec::new();
    let mut file = None;
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if file.is_some() {
            argv.push(arg.clone());
        } else if matches!(arg.as_str(), "-e" | "--eval" | "-p" | "--print") {
            return Err("it evaluates inline code instead of a script file".into());
        } else if arg.starts_with("--env-file")
            || arg.starts_with("--watch")
            || arg.starts_with("--inspect")
        {
            let takes_value = arg == "--env-file" || arg == "--watch-path";
            let shown = if takes_value && i + 1 < args.len() {
                i += 1;
                format!("{arg} {}", args[i])
            } else {
                arg.clone()
            };
            dropped.push(shown);
        } else if OPTIONS_WITH_VALUE.contains(&arg.as_str()) {
            argv.push(arg.clone());
            if let Some(value) = args.get(i + 1) {
                argv.push(value.clone());
                i += 1;
            }
        } else if arg.starts_with('-') {
            argv.push(arg.clone());
        } else {
            file = Some(arg.clone());
            argv.push(arg.clone());
        }
        i += 1;
    }
    if file.is_none() {
        return Err("it names no script file for node to run".into());
    }
    Ok(FromScript {
        argv,
        file,
        dropped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(script: &str) -> Vec<String> {
        from_script(script).unwrap().argv
    }

    #[test]
    fn plain_node_commands_become_exec_form() {
        assert_eq!(argv("node dist/main.js"), ["node", "dist/main.js"]);
        assert_eq!(
            argv("NODE_ENV=production node -r dotenv/config --enable-source-maps server.js --flag"),
            [
                "node",
                "-r",
                "dotenv/config",
                "--enable-source-maps",
                "server.js",
                "--flag"
            ]
        );
        assert_eq!(
            argv("cross-env NODE_ENV=production node app"),
            ["node", "app"]
        );
        let s = from_script("node --env-file .env --watch index.js").unwrap();
        assert_eq!(s.argv, ["node", "index.js"]);
        assert_eq!(s.dropped, ["--env-file .env", "--watch"]);
    }

    #[test]
    fn known_framework_binaries_run_through_node() {
        assert_eq!(
            argv("next start"),
            ["node", "node_modules/next/dist/bin/next", "start"]
        );
        let s = from_script("remix-serve ./build/server/index.js").unwrap();
        assert_eq!(s.file.as_deref(), Some("./build/server/index.js"));
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        for (script, why) in [
            ("npm run serve", "runs npm"),
            ("node a.js && node b.js", "shell syntax"),
            ("node \"$(id)\".js", "shell syntax"),
            ("node a.js\nRUN x", "shell syntax"),
            ("PORT=1 node a.js", "sets PORT=1"),
            ("node -e 1", "inline code"),
            ("node --enable-source-maps", "no script file"),
            ("nodemon server.js", "runs nodemon"),
            ("", "empty"),
        ] {
            let e = from_script(script).unwrap_err();
            assert!(e.contains(why), "{script:?}: {e}");
        }
    }
}
