//! Environment variables Django settings read without a default (`os.environ["SECRET_KEY"]`,
//! django-environ's `env("DJANGO_SECRET_KEY")`, decouple's `config("SECRET_KEY")`): importing
//! the settings fails without them, so `collectstatic` at build time gets placeholders, as
//! projects' own Dockerfiles do (`SECRET_KEY=build-key ./manage.py collectstatic`). The
//! placeholders live on that one `RUN` line, never in the image's environment.

/// Most variables given placeholders.
const MAX_VARS: usize = 16;

/// How the settings read one variable, which decides a placeholder that parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Bool,
    Int,
    List,
    Database,
    Cache,
    Email,
}

/// A variable name: upper-case letters, digits and `_`, not starting with a digit.
fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The literal opening a call at `rest` (just after its `(`), when the call has no other
/// argument than that literal and an optional `cast=`: `"NAME")` or `"NAME", cast=bool)`.
fn required_literal(rest: &str) -> Option<(&str, &str)> {
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &rest[1..];
    let end = body.find(quote)?;
    let (name, after) = (&body[..end], body[end + 1..].trim_start());
    let close = after.find(')')?;
    let args = &after[..close];
    let required = args.is_empty() || (!args.contains("default") && args.contains("cast"));
    required.then_some((name, args))
}

fn kind_of(accessor: &str, args: &str, name: &str) -> Kind {
    let by_name = || {
        if name.contains("DATABASE_URL") {
            Kind::Database
        } else if name.contains("REDIS") || name.contains("CACHE_URL") {
            Kind::Cache
        } else if name.contains("EMAIL_URL") {
            Kind::Email
        } else if name.contains("DEBUG") {
            Kind::Bool
        } else if name.ends_with("HOSTS") {
            Kind::List
        } else {
            Kind::Text
        }
    };
    match accessor {
        "bool" => Kind::Bool,
        "int" => Kind::Int,
        "list" | "tuple" => Kind::List,
        "db" | "db_url" | "database_url" => Kind::Database,
        "cache" | "cache_url" => Kind::Cache,
        "email" | "email_url" => Kind::Email,
        _ if args.contains("cast=bool") => Kind::Bool,
        _ if args.contains("cast=int") => Kind::Int,
        _ if args.contains("Csv") => Kind::List,
        _ => by_name(),
    }
}

fn placeholder(kind: Kind, name: &str) -> &'static str {
    match kind {
        Kind::Bool => "False",
        Kind::Int => "0",
        Kind::List => "localhost",
        Kind::Database => "sqlite:///:memory:",
        Kind::Cache if name.contains("REDIS") => "redis://localhost:6379/0",
        Kind::Cache => "locmemcache://",
        Kind::Email => "consolemail://",
        Kind::Text if name.ends_with("_URL") => "http://localhost",
        Kind::Text => "collectstatic-placeholder",
    }
}

/// Required variables in one line of settings: (name, accessor, arguments after the name).
fn required_in(line: &str) -> Vec<(&str, &str, &str)> {
    let code = line.split('#').next().unwrap_or_default();
    let mut out = Vec::new();
    for (at, _) in code.match_indices("os.environ[") {
        let rest = code[at + "os.environ[".len()..].trim_start();
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = rest[1..].find(quote) {
                out.push((&rest[1..=end], "str", ""));
            }
        }
    }
    for (at, _) in code.match_indices('(') {
        let before = &code[..at];
        let callee = before
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .next()
            .unwrap_or_default();
        let accessor = match callee.split_once('.') {
            Some(("env", accessor)) => accessor,
            None if callee == "env" || callee == "config" => "str",
            _ => continue,
        };
        if let Some((name, args)) = required_literal(&code[at + 1..]) {
            out.push((name, accessor, args));
        }
    }
    out
}

/// Variables the settings need, each with a placeholder that parses for the way it is read.
#[must_use]
pub fn required(texts: &[(String, String)]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for (_, text) in texts {
        for line in text.lines() {
            for (name, accessor, args) in required_in(line) {
                if !is_env_name(name) || out.iter().any(|(n, _)| n == name) {
                    continue;
                }
                if out.len() == MAX_VARS {
                    return out;
                }
                let kind = kind_of(accessor, args, name);
                out.push((name.to_string(), placeholder(kind, name)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(text: &str) -> Vec<(String, &'static str)> {
        required(&[("settings.py".to_string(), text.to_string())])
    }

    #[test]
    fn reads_without_a_default_get_placeholders_that_parse() {
        let text = r#"
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = env.bool("DJANGO_DEBUG")
DATABASES = {"default": env.db("DATABASE_URL")}
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CACHES = {"default": env.cache("REDIS_URL")}
ADMIN_URL = env("DJANGO_ADMIN_URL")
PORT = config("WORKERS", cast=int)
"#;
        assert_eq!(
            vars(text),
            [
                ("SECRET_KEY".to_string(), "collectstatic-placeholder"),
                ("DJANGO_DEBUG".to_string(), "False"),
                ("DATABASE_URL".to_string(), "sqlite:///:memory:"),
                ("DJANGO_ALLOWED_HOSTS".to_string(), "localhost"),
                ("REDIS_URL".to_string(), "redis://localhost:6379/0"),
                ("DJANGO_ADMIN_URL".to_string(), "http://localhost"),
                ("WORKERS".to_string(), "0"),
            ]
        );
    }

    #[test]
    fn defaults_getenv_and_hostile_names_are_left_alone() {
        let text = r#"
SECRET_KEY = os.getenv("SECRET_KEY", "x")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
KEY = config("KEY", default="")
X = os.environ.get("X")
BAD = os.environ["A$(id)"]
LOWER = env("lower_case")
# SECRET = os.environ["COMMENTED"]
"#;
        assert!(vars(text).is_empty());
    }
}
