//! The application object one Python file defines: `app = FastAPI()`, `app = create_app()`
//! or a `def create_app()` factory callable without arguments, and the module it imports as.

use std::collections::BTreeSet;

use super::{PyEntry, entry, is_identifier, is_module_path};

/// Constructors of application objects: (callee, framework, ASGI).
const CONSTRUCTORS: &[(&str, &str, bool)] = &[
    ("FastAPI", "FastAPI", true),
    ("Starlette", "Starlette", true),
    ("Litestar", "Litestar", true),
    ("Quart", "Quart", true),
    ("Flask", "Flask", false),
];
const FACTORIES: &[&str] = &["create_app", "make_app"];

/// The module a file imports as, and the directory it is imported from (`src` or none).
/// When `src` is itself the top package (`from src.auth import …`), it stays in the module.
fn module_of(path: &str, src_is_package: bool) -> Option<(String, Option<String>)> {
    let (root, rel) = match path.strip_prefix("src/") {
        Some(rel) if !src_is_package => (Some("src".to_string()), rel),
        _ => (None, path),
    };
    let stem = rel.strip_suffix(".py")?;
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    let module = stem.replace('/', ".");
    is_module_path(&module).then_some((module, root))
}

/// `name = callee(` or `name: T = callee(` at module level → (name, callee's last part).
fn assignment(line: &str) -> Option<(&str, &str)> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (lhs, rhs) = line.split_once('=')?;
    if rhs.starts_with('=') {
        return None;
    }
    let name = lhs.split(':').next()?.trim();
    let callee = rhs.trim().split('(').next()?.trim();
    if !rhs.contains('(') || !is_module_path(callee) {
        return None;
    }
    let last = callee.rsplit('.').next()?;
    is_identifier(name).then_some((name, last))
}

/// `def create_app(…)` that can be called without arguments: a parameter without a
/// default (`def create_app(config_name)`) would make `module:create_app()` fail at start.
fn factory_def(line: &str) -> Option<&'static str> {
    let rest = line
        .strip_prefix("def ")
        .or_else(|| line.strip_prefix("async def "))?;
    let (name, params) = FACTORIES.iter().find_map(|f| {
        let params = rest.strip_prefix(*f)?.strip_prefix('(')?;
        Some((*f, params))
    })?;
    let Some((params, _)) = params.split_once(')') else {
        return Some(name);
    };
    let callable_bare = params
        .split(',')
        .map(str::trim)
        .all(|p| p.is_empty() || p.starts_with('*') || p.contains('=') || p == "/");
    callable_bare.then_some(name)
}

/// Framework of a file from what it constructs or imports, else from the dependencies.
fn framework_hint(text: &str, deps: &BTreeSet<String>) -> Option<(&'static str, bool)> {
    CONSTRUCTORS
        .iter()
        .find(|(callee, _, _)| text.contains(&format!("{callee}(")))
        .or_else(|| {
            CONSTRUCTORS
                .iter()
                .find(|(_, framework, _)| deps.contains(&framework.to_ascii_lowercase()))
        })
        .map(|(_, framework, asgi)| (*framework, *asgi))
}

/// The application object (or factory) one file defines, if any.
pub(super) fn scan(
    path: &str,
    text: &str,
    deps: &BTreeSet<String>,
    installed: bool,
    src_package: bool,
) -> Option<(PyEntry, usize, String)> {
    let imports_src = text
        .lines()
        .any(|l| l.starts_with("from src.") || l.starts_with("import src."));
    let (module, root) = module_of(path, src_package || imports_src)?;
    let app_dir = root.filter(|_| !installed);
    let mut factory: Option<(&str, usize)> = None;
    for (index, line) in text.lines().enumerate() {
        if let Some((name, callee)) = assignment(line) {
            if let Some((_, framework, asgi)) = CONSTRUCTORS.iter().find(|(c, _, _)| *c == callee) {
                let e = entry(module, name, false, framework, *asgi, app_dir);
                return Some((
                    e,
                    index + 1,
                    format!("{framework} application object {name}"),
                ));
            }
            if FACTORIES.contains(&callee) {
                if let Some((framework, asgi)) = framework_hint(text, deps) {
                    let e = entry(module, name, false, framework, asgi, app_dir);
                    return Some((
                        e,
                        index + 1,
                        format!("{framework} application {name}, made by {callee}()"),
                    ));
                }
            }
        }
        if let Some(name) = factory_def(line) {
            factory.get_or_insert((name, index + 1));
        }
    }
    let (name, line) = factory?;
    let (framework, asgi) = framework_hint(text, deps)?;
    let e = entry(module, name, true, framework, asgi, app_dir);
    Some((e, line, format!("{framework} application factory {name}()")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_factory_is_called_bare_only_when_every_parameter_has_a_default() {
        assert_eq!(
            factory_def("def create_app(config=None, *args, **kw):"),
            Some("create_app")
        );
        assert_eq!(factory_def("def create_app(\n"), Some("create_app"));
        assert_eq!(
            factory_def("def create_app(settings: Settings) -> FastAPI:"),
            None
        );
    }

    #[test]
    fn module_paths() {
        assert_eq!(
            module_of("src/pkg/main.py", false),
            Some(("pkg.main".into(), Some("src".into())))
        );
        assert_eq!(
            module_of("src/main.py", true),
            Some(("src.main".into(), None))
        );
        assert_eq!(
            module_of("app/__init__.py", false),
            Some(("app".into(), None))
        );
        assert_eq!(module_of("my-app/main.py", false), None);
        assert!(is_module_path("a.b_c.d1"));
        assert!(!is_module_path("a..b") && !is_module_path("1a") && !is_module_path("a.b\n"));
    }
}
