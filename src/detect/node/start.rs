//! The start command: the real process, never `npm start`. A start script counts only when
//! it is a plain `node FILE` command (or a framework server whose binary msb knows); anything
//! with shell syntax is not rewritten but skipped, and `main`, `bin` or a conventional entry
//! file is used instead.

/// Framework command-line tools msb can run with `node` directly: the binary, the package
/// that provides it, and its JavaScript entry.
const KNOWN_BINS: &[(&str, &str, &str)] = &[
    ("next", "next", "node_modules/next/dist/bin/next"),
    (
        "remix-serve",
        "@remix-run/serve",
        "node_modules/@remix-run/serve/dist/cli.js",
    ),
    (
        "react-router-serve",
        "@react-router/serve",
        "node_modules/@react-router/serve/dist/cli.js",
    ),
    ("fastify", "fastify-cli", FASTIFY_CLI_ENTRY),
    (
        "strapi",
        "@strapi/strapi",
        "node_modules/@strapi/strapi/bin/strapi.js",
    ),
];

/// fastify-cli's entry: `fastify start app.js` loads the plugin `app.js` exports and listens.
pub const FASTIFY_CLI_ENTRY: &str = "node_modules/fastify-cli/cli.js";

/// `fastify start` options that take the next word as their value.
const FASTIFY_OPTIONS_WITH_VALUE: &[&str] = &[
    "-p",
    "--port",
    "-a",
    "--address",
    "-s",
    "--socket",
    "-l",
    "--log-level",
    "-r",
    "--require",
    "-i",
    "--import",
    "-L",
    "--logging-module",
    "-x",
    "--prefix",
    "--body-limit",
    "-T",
    "--plugin-timeout",
    "-g",
    "--close-grace-delay",
    "-I",
    "--debug-port",
    "--debug-host",
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

/// Node options whose value is a module loaded before the script.
const PRELOAD_OPTIONS: &[&str] = &[
    "-r",
    "--require",
    "--import",
    "--loader",
    "--experimental-loader",
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
    /// The package whose binary runs instead of `node` (`fastify-cli`), which must be a
    /// production dependency to exist in the image.
    pub bin_package: Option<&'static str>,
    /// Modules loaded before the script (`-r ts-node/register`, `--import tsx`).
    pub preloads: Vec<String>,
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
    if script.chars().any(|c| c.is_control() && c != '\t') {
        return Err("it contains a control character".into());
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
    // `tsx FILE` is node with tsx's loader: `node --import tsx FILE` (tsx 4).
    if program == "tsx" {
        if words.get(1).is_some_and(|w| w == "watch") {
            return Err("it runs tsx watch, a development file watcher".into());
        }
        let mut args = vec!["--import".to_string(), "tsx".to_string()];
        args.extend(words[1..].iter().cloned());
        let mut found = node_command(&args)?;
        found.bin_package = Some("tsx");
        return Ok(found);
    }
    // `nodemon FILE` is `node FILE` under a development file watcher.
    if let ["nodemon", file] = words.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        if !file.starts_with('-') {
            let mut found = node_command(&[file.to_string()])?;
            found
                .dropped
                .push("nodemon (a development file watcher)".into());
            return Ok(found);
        }
    }
    if let Some((_, package, entry)) = KNOWN_BINS.iter().find(|(bin, _, _)| *bin == program) {
        let mut argv = vec!["node".to_string(), (*entry).to_string()];
        argv.extend(words[1..].iter().cloned());
        let file = match program.as_str() {
            // Both serve the whole project (Strapi: config/, src/, dist/, public/).
            "next" | "strapi" => None,
            "fastify" => fastify_file(&words[1..]),
            _ => words[1..].iter().find(|w| !w.starts_with('-')).cloned(),
        };
        return Ok(FromScript {
            argv,
            file,
            dropped: Vec::new(),
            bin_package: Some(package),
            preloads: Vec::new(),
        });
    }
    Err(format!("it runs {program}, not node"))
}

/// The plugin file of `fastify start [options] FILE` (`start` is also the default command).
fn fastify_file(args: &[String]) -> Option<String> {
    let args = match args.first() {
        Some(first) if first == "start" => &args[1..],
        _ => args,
    };
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if arg == "--" {
            return None;
        }
        if FASTIFY_OPTIONS_WITH_VALUE.contains(&arg.as_str()) {
            i += 2;
            continue;
        }
        if !arg.starts_with('-') {
            return Some(arg.clone());
        }
        i += 1;
    }
    None
}

/// The script another script runs when it only delegates to it through the package manager
/// (`npm run start-server`, `yarn serve`, `pnpm run start:prod`, `npm start`).
#[must_use]
pub fn delegated_script(script: &str) -> Option<String> {
    if script
        .chars()
        .any(|c| SHELL_SYNTAX.contains(&c) || c.is_control())
    {
        return None;
    }
    let words: Vec<&str> = script.split_whitespace().collect();
    let name = match words.as_slice() {
        ["npm", "start"] | ["yarn", "start"] | ["pnpm", "start"] | ["bun", "start"] => "start",
        ["npm" | "pnpm" | "yarn" | "bun", "run" | "run-script", name] => name,
        ["pnpm" | "yarn", name] if !name.starts_with('-') => name,
        _ => return None,
    };
    Some(name.to_string())
}

/// The npm package a module specifier names: `ts-node/register` → `ts-node`,
/// `@swc-node/register/esm` → `@swc-node/register`; `None` for a relative or absolute path.
#[must_use]
pub fn module_package(specifier: &str) -> Option<&str> {
    if specifier.starts_with('.') || specifier.starts_with('/') || specifier.contains(':') {
        return None;
    }
    let mut parts = specifier.splitn(3, '/');
    let first = parts.next()?;
    if first.starts_with('@') {
        let second = parts.next()?;
        Some(&specifier[..first.len() + 1 + second.len()])
    } else {
        Some(first)
    }
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
    let mut preloads = Vec::new();
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
                if PRELOAD_OPTIONS.contains(&arg.as_str()) {
                    preloads.push(value.clone());
                }
                argv.push(value.clone());
                i += 1;
            }
        } else if arg.starts_with('-') {
            if let Some((option, value)) = arg.split_once('=') {
                if PRELOAD_OPTIONS.contains(&option) {
                    preloads.push(value.to_string());
                }
            }
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
        bin_package: None,
        preloads,
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
    fn tsx_runs_as_a_node_loader() {
        let s = from_script("tsx src/index.ts").unwrap();
        assert_eq!(s.argv, ["node", "--import", "tsx", "src/index.ts"]);
        assert_eq!(s.file.as_deref(), Some("src/index.ts"));
        assert_eq!(s.bin_package, Some("tsx"));
        assert!(from_script("tsx watch src/index.ts").is_err());
    }

    #[test]
    fn nodemon_on_one_file_is_node_on_it() {
        let s = from_script("nodemon src/app.js").unwrap();
        assert_eq!(s.argv, ["node", "src/app.js"]);
        assert_eq!(s.dropped, ["nodemon (a development file watcher)"]);
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
    fn strapi_start_runs_the_strapi_cli_on_the_whole_project() {
        let s = from_script("strapi start").unwrap();
        assert_eq!(
            s.argv,
            ["node", "node_modules/@strapi/strapi/bin/strapi.js", "start"]
        );
        assert_eq!(s.file, None);
        assert_eq!(s.bin_package, Some("@strapi/strapi"));
    }

    #[test]
    fn fastify_cli_names_its_plugin_file_after_the_options() {
        let s = from_script("fastify start -l info -p 8080 dist/app.js").unwrap();
        assert_eq!(s.file.as_deref(), Some("dist/app.js"));
        assert_eq!(s.bin_package, Some("fastify-cli"));
        assert_eq!(
            from_script("fastify app.js").unwrap().file.as_deref(),
            Some("app.js")
        );
    }

    #[test]
    fn preloaded_modules_are_recorded_by_package() {
        let s = from_script("node -r ts-node/register --import=@swc-node/register/esm src/a.ts")
            .unwrap();
        assert_eq!(s.preloads, ["ts-node/register", "@swc-node/register/esm"]);
        assert_eq!(module_package("ts-node/register"), Some("ts-node"));
        assert_eq!(
            module_package("@swc-node/register/esm"),
            Some("@swc-node/register")
        );
        assert_eq!(module_package("./otel.js"), None);
        assert_eq!(module_package("node:fs"), None);
    }

    #[test]
    fn delegating_scripts_name_the_script_they_run() {
        for (script, name) in [
            ("npm run start-server", Some("start-server")),
            ("npm run-script serve", Some("serve")),
            ("yarn start:prod", Some("start:prod")),
            ("pnpm run serve", Some("serve")),
            ("bun run serve", Some("serve")),
            ("npm start", Some("start")),
            ("npm run build && npm run serve", None),
            ("yarn --cwd app start", None),
            ("npm run serve -- --port 1", None),
            ("npx serve", None),
        ] {
            assert_eq!(delegated_script(script).as_deref(), name, "{script}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        for (script, why) in [
            ("npm run serve", "runs npm"),
            ("node a.js && node b.js", "shell syntax"),
            ("node \"$(id)\".js", "shell syntax"),
            ("node a.js\nRUN x", "shell syntax"),
            ("node a\0.js", "control character"),
            ("node\ta.js\u{b}", "control character"),
            ("PORT=1 node a.js", "sets PORT=1"),
            ("node -e 1", "inline code"),
            ("node --enable-source-maps", "no script file"),
            ("nodemon --exec ts-node src/a.ts", "runs nodemon"),
            ("", "empty"),
        ] {
            let e = from_script(script).unwrap_err();
            assert!(e.contains(why), "{script:?}: {e}");
        }
    }
}
