//! Go modules: go.mod, go.sum, vendoring, main packages, cgo and the listening port.

use serde::Serialize;

use super::go_embed;
use super::go_private::{self, GoPrivate};
use super::gomod::{self, GoMod};
use super::{App, DetectError, Evidence, ManifestError, Project, VersionReq, port};
use crate::language::Language;
use crate::repo::{self, EntryKind, Tree};
use crate::values::{self, UnsafeValue};

/// Modules that only build with cgo.
const CGO_MODULES: &[&str] = &[
    "github.com/mattn/go-sqlite3",
    "github.com/confluentinc/confluent-kafka-go",
    "github.com/confluentinc/confluent-kafka-go/v2",
    "github.com/linxGnu/grocksdb",
    "github.com/tecbot/gorocksdb",
    "github.com/h2non/bimg",
    "gopkg.in/gographics/imagick.v3",
];

/// Top-level directories never searched for main packages.
const SKIPPED_DIRS: &[&str] = &[
    "vendor",
    "node_modules",
    "testdata",
    "internal",
    "pkg",
    "target",
    "dist",
    "build",
];

/// Go source files msb reads per package at most.
const MAX_FILES_PER_PACKAGE: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoFacts {
    pub module: String,
    pub has_go_sum: bool,
    pub vendored: bool,
    /// go.mod files of modules replaced by a directory inside the repository: the download
    /// reads them to load the module graph, so the deps stage binds them too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced_go_mods: Vec<String>,
    pub mains: Vec<GoMain>,
    /// Why the module needs cgo, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cgo: Option<Evidence>,
    /// Private modules: the download needs credentials from the `netrc` build secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private: Option<Box<GoPrivate>>,
}

/// A main package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoMain {
    /// Directory relative to the module root; empty for the root.
    pub dir: String,
    /// Executable name.
    pub name: String,
    pub files: Vec<String>,
}

impl GoMain {
    /// What `--main` takes: `.` for the module root, else the directory.
    #[must_use]
    pub fn id(&self) -> String {
        if self.dir.is_empty() {
            ".".into()
        } else {
            self.dir.clone()
        }
    }

    /// The package pattern `go build` takes: `.` or `./cmd/api`.
    #[must_use]
    pub fn build_target(&self) -> String {
        if self.dir.is_empty() {
            ".".into()
        } else {
            format!("./{}", self.dir)
        }
    }
}

struct Package {
    is_main: bool,
    files: Vec<(String, String)>,
}

/// The package clause of a Go file, or `None` when a build constraint excludes the file
/// from every build (`//go:build ignore`).
fn package_name(text: &str) -> Option<&str> {
    let mut in_block_comment = false;
    for line in text.lines() {
        let line = line.trim();
        if in_block_comment {
            in_block_comment = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_block_comment = !line.contains("*/");
            continue;
        }
        if line == "//go:build ignore" || line == "// +build ignore" {
            return None;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        return line
            .strip_prefix("package")
            .filter(|rest| rest.starts_with(char::is_whitespace))
            .and_then(|rest| rest.split_whitespace().next());
    }
    None
}

fn read_package(tree: &dyn Tree, dir: &str) -> Result<Option<Package>, DetectError> {
    let Some(entries) = tree.list(dir)? else {
        return Ok(None);
    };
    let mut package = Package {
        is_main: false,
        files: Vec::new(),
    };
    let sources = entries.iter().filter(|e| {
        e.kind == EntryKind::File
            && e.name.ends_with(".go")
            && !e.name.ends_with("_test.go")
            && !e.name.starts_with(['.', '_'])
    });
    for entry in sources.take(MAX_FILES_PER_PACKAGE) {
        let path = repo::join(dir, &entry.name);
        let Some(text) = tree.read(&path)? else {
            continue;
        };
        if package_name(&text) == Some("main") {
            package.is_main = true;
            package.files.push((path, text));
        }
    }
    Ok((!package.files.is_empty()).then_some(package))
}

/// The executable name `go build` gives a package: its directory name, or for the module
/// root the last module path element that is not a major-version suffix.
fn default_name(module: &str) -> &str {
    let mut parts = module.rsplit('/');
    let last = parts.next().unwrap_or(module);
    let is_major_suffix =
        last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    if is_major_suffix {
        parts.next().unwrap_or(last)
    } else {
        last
    }
}

fn candidate_dirs(tree: &dyn Tree) -> Result<Vec<String>, DetectError> {
    let mut dirs = vec![String::new()];
    if let Some(entries) = tree.list("cmd")? {
        // A link that leaves the repository or loops lists as `Other`; listing it again
        // turns it into the error that names it, instead of silently skipping a command.
        for entry in entries.iter().filter(|e| e.kind == EntryKind::Other) {
            tree.list(&repo::join("cmd", &entry.name))?;
        }
        dirs.extend(
            entries
                .iter()
                .filter(|e| e.kind == EntryKind::Dir)
                .map(|e| repo::join("cmd", &e.name)),
        );
    }
    let top = tree.list("")?.unwrap_or_default();
    for entry in top.iter().filter(|e| e.kind == EntryKind::Dir) {
        let name = entry.name.as_str();
        if name.starts_with(['.', '_']) || SKIPPED_DIRS.contains(&name) {
            continue;
        }
        if tree.is_file(&repo::join(name, "main.go"))? {
            dirs.push(name.to_string());
        }
    }
    dirs.sort();
    Ok(dirs)
}

struct Found {
    mains: Vec<GoMain>,
    sources: Vec<Vec<(String, String)>>,
    warnings: Vec<String>,
}

fn find_mains(tree: &dyn Tree, module: &str) -> Result<Found, DetectError> {
    let mut found = Found {
        mains: Vec::new(),
        sources: Vec::new(),
        warnings: Vec::new(),
    };
    for dir in candidate_dirs(tree)? {
        let Some(package) = read_package(tree, &dir)? else {
            continue;
        };
        if !package.is_main {
            continue;
        }
        let name = if dir.is_empty() {
            default_name(module)
        } else {
            dir.rsplit('/').next().unwrap_or(&dir)
        };
        let field_ok = values::check_name(name).and_then(|()| {
            if dir.is_empty() {
                Ok(())
            } else {
                values::check_rel_path(&dir)
            }
        });
        if let Err(reason) = field_ok {
            let (place, source) = if dir.is_empty() {
                ("go.mod".to_string(), "the module path")
            } else {
                (values::shown(&dir), "its directory")
            };
            found.warnings.push(format!(
                "{place}: main package skipped: the executable name {} taken from {source} cannot be used: {reason}",
                values::shown(name)
            ));
            continue;
        }
        found.mains.push(GoMain {
            dir: dir.clone(),
            name: name.to_string(),
            files: package.files.iter().map(|(p, _)| p.clone()).collect(),
        });
        found.sources.push(package.files);
    }
    Ok(found)
}

fn version_req(module: &GoMod) -> Result<Option<VersionReq>, ManifestError> {
    let (directive, what) = match (&module.toolchain, &module.go) {
        (Some(t), _) => (t, "toolchain"),
        (None, Some(g)) => (g, "go"),
        (None, None) => return Ok(None),
    };
    let version = gomod::major_minor(&directive.value).ok_or_else(|| {
        ManifestError::new(
            "go.mod",
            Some(directive.line),
            format!(
                "{what} directive {} is not a Go version",
                values::shown(&directive.value)
            ),
        )
    })?;
    Ok(Some(VersionReq {
        evidence: Evidence::new(
            "go.mod",
            Some(directive.line),
            format!("{what} {} requires Go {version} or newer", directive.value),
        ),
        version,
        exact: false,
    }))
}

/// The go.mod files of directory replacements inside the repository; a replacement that
/// leaves the build context or has no go.mod is a warning, since the build cannot succeed.
fn replaced_go_mods(
    tree: &dyn Tree,
    module: &GoMod,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<Vec<String>, DetectError> {
    let mut files = Vec::new();
    for replacement in &module.local_replacements {
        let shown = values::shown(&replacement.value);
        let inside = if replacement.value.starts_with('/') {
            None
        } else {
            repo::resolve("", &replacement.value).filter(|dir| !dir.is_empty())
        };
        let Some(dir) = inside else {
            warnings.push(format!(
                "go.mod:{}: replacement {shown} lies outside the project directory, which is the build context: the image build cannot see it",
                replacement.line
            ));
            continue;
        };
        let file = repo::join(&dir, "go.mod");
        if !tree.is_file(&file)? {
            warnings.push(format!(
                "go.mod:{}: replacement {shown} has no go.mod: the dependency download will fail",
                replacement.line
            ));
            continue;
        }
        values::check_rel_path(&file).map_err(|reason| {
            UnsafeValue::new("go.mod", "replace directory", &replacement.value, reason)
        })?;
        evidence.push(Evidence::new(
            "go.mod",
            Some(replacement.line),
            format!("replaced by the local module {dir}: its go.mod is bound into the dependency download"),
        ));
        files.push(file);
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn cgo_reason(module: &GoMod, sources: &[Vec<(String, String)>]) -> Option<Evidence> {
    if let Some(required) = module
        .requires
        .iter()
        .find(|r| CGO_MODULES.contains(&r.as_str()))
    {
        return Some(Evidence::new(
            "go.mod",
            None,
            format!("requires {required}, which builds only with cgo"),
        ));
    }
    sources.iter().flatten().find_map(|(path, text)| {
        text.lines()
            .position(|l| {
                let l = l.trim();
                l == "import \"C\"" || l == "\"C\""
            })
            .map(|i| Evidence::new(path, Some(i + 1), "imports \"C\": the program uses cgo"))
    })
}

/// A go.work with no go.mod beside it: msb builds one module, and a member directory alone
/// cannot see the modules the workspace resolves for it.
fn workspace_without_module(work: &str) -> ManifestError {
    let mut uses = Vec::new();
    let mut in_block = false;
    for line in work.lines() {
        let line = line.split("//").next().unwrap_or_default().trim();
        if in_block {
            if line == ")" {
                in_block = false;
            } else if !line.is_empty() {
                uses.push(values::shown(line));
            }
        } else if let Some(rest) = line.strip_prefix("use") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
            } else if !rest.is_empty() {
                uses.push(values::shown(rest));
            }
        }
    }
    let members = if uses.is_empty() {
        String::new()
    } else {
        format!(" (it uses {})", uses.join(", "))
    };
    ManifestError::new(
        "go.work",
        None,
        format!(
            "a Go workspace without a go.mod at its root{members}: msb builds one module whose go.mod is at the project root; give the root a module, or run msb on a member whose go.mod replaces the modules it needs with directories inside it"
        ),
    )
}

const PREFERENCE_RULE: &str = "the main package at the module root comes first, then cmd/<module name>, then the first in alphabetical order";

fn preferred(mains: &[GoMain], module_name: &str) -> usize {
    mains
        .iter()
        .position(|m| m.dir.is_empty())
        .or_else(|| {
            mains
                .iter()
                .position(|m| m.dir == format!("cmd/{module_name}"))
        })
        .unwrap_or(0)
}

/// Detects a Go module at the root of the tree.
///
/// # Errors
/// A go.mod that cannot be read or parsed, or a module path that cannot name a binary.
pub fn detect(tree: &dyn Tree) -> Result<Option<Project>, DetectError> {
    let Some(text) = tree.read("go.mod")? else {
        return match tree.read("go.work")? {
            Some(work) => Err(DetectError::Unsupported(workspace_without_module(&work))),
            None => Ok(None),
        };
    };
    let module = gomod::parse(&text)?;
    let module_path = module
        .module
        .as_ref()
        .map(|m| m.value.clone())
        .unwrap_or_default();
    let module_line = module.module.as_ref().map(|m| m.line);
    if let Some(bad) = module_path
        .chars()
        .find(|c| c.is_whitespace() || c.is_control())
    {
        return Err(UnsafeValue::new(
            "go.mod",
            "module path",
            &module_path,
            format!("it contains {}", values::shown(&bad.to_string())),
        )
        .into());
    }
    let mut evidence = vec![Evidence::new(
        "go.mod",
        module_line,
        format!("Go module {module_path}"),
    )];
    let version = version_req(&module)?;
    if let Some(v) = &version {
        evidence.push(v.evidence.clone());
    }
    let has_go_sum = tree.is_file("go.sum")?;
    evidence.push(Evidence::new(
        "go.sum",
        None,
        if has_go_sum {
            "present: bound into the dependency download"
        } else {
            "absent: the module has no dependencies to verify, so it is not bound"
        },
    ));
    let vendored = tree.is_file("vendor/modules.txt")?;
    if vendored {
        evidence.push(Evidence::new(
            "vendor/modules.txt",
            None,
            "dependencies are vendored: build with -mod=vendor, no download",
        ));
    }
    let mut warnings = Vec::new();
    let replaced_go_mods = if vendored {
        Vec::new()
    } else {
        replaced_go_mods(tree, &module, &mut evidence, &mut warnings)?
    };
    let found = find_mains(tree, &module_path)?;
    let apps: Vec<App> = found
        .mains
        .iter()
        .zip(&found.sources)
        .map(|(main, sources)| {
            let port = port::scan(sources.iter().map(|(p, t)| (p.as_str(), t.as_str())));
            App {
                id: main.id(),
                name: main.name.clone(),
                port,
            }
        })
        .collect();
    for main in &found.mains {
        let file = main.files.first().map_or("go.mod", String::as_str);
        evidence.push(Evidence::new(
            file,
            None,
            format!(
                "main package {} builds the executable {}",
                main.build_target(),
                main.name
            ),
        ));
    }
    let cgo = cgo_reason(&module, &found.sources);
    if let Some(reason) = &cgo {
        evidence.push(reason.clone());
    }
    warnings.extend(found.warnings);
    warnings.extend(go_embed::missing(tree)?);
    if tree.is_file("go.work")? {
        warnings.push("go.work: the build runs in workspace mode (the file is in the context), but the deps stage downloads only the root module's dependencies, so the other modules' download on every build; add GOWORK=off if the module builds on its own".into());
    }
    let private = go_private::detect(tree, &mut warnings)?.map(Box::new);
    if let Some(p) = &private {
        evidence.extend(p.goprivate_evidence.clone());
        if let Some(netrc) = &p.netrc {
            evidence.push(netrc.evidence.clone());
            warnings.extend(netrc.warning());
        }
    }
    if found.mains.is_empty() {
        warnings.push(
            "no main package found (looked for package main in ./*.go, cmd/*/ and */main.go)"
                .into(),
        );
    }
    let preferred_app = preferred(&found.mains, default_name(&module_path));
    Ok(Some(Project {
        language: Language::Go,
        manifests: super::manifests_in(tree, "", Language::Go)?,
        facts: super::Facts::Go(GoFacts {
            module: module_path,
            has_go_sum,
            vendored,
            replaced_go_mods,
            mains: found.mains,
            cgo,
            private,
        }),
        apps,
        preferred_app,
        preference_rule: PREFERENCE_RULE.into(),
        version,
        evidence,
        warnings,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Facts;
    use crate::repo::MemTree;

    fn go(project: &Project) -> &GoFacts {
        match &project.facts {
            Facts::Go(g) => g,
            _ => panic!("not go"),
        }
    }

    const MAIN: &str = "package main\n\nfunc main() {}\n";

    #[test]
    fn absent_go_mod_is_no_project() {
        assert_eq!(detect(&MemTree::new().with("main.go", MAIN)).unwrap(), None);
    }

    #[test]
    fn root_main_with_port_and_version() {
        let tree = MemTree::new()
            .with("go.mod", "module example.com/hello/v2\n\ngo 1.22.3\n")
            .with(
                "main.go",
                "package main\nfunc main() { http.ListenAndServe(\":9000\", nil) }\n",
            )
            .with("main_test.go", "package main\n");
        let p = detect(&tree).unwrap().unwrap();
        let g = go(&p);
        assert_eq!(g.mains.len(), 1);
        assert_eq!(g.mains[0].name, "hello");
        assert_eq!(g.mains[0].build_target(), ".");
        assert!(!g.has_go_sum);
        assert_eq!(p.apps[0].port.port, Some(9000));
        let v = p.version.unwrap();
        assert_eq!((v.version.as_str(), v.exact), ("1.22", false));
        assert_eq!(v.evidence.line, Some(3));
    }

    #[test]
    fn toolchain_wins_over_go_directive() {
        let tree = MemTree::new()
            .with("go.mod", "module m\ngo 1.21\ntoolchain go1.23.2\n")
            .with("main.go", MAIN);
        assert_eq!(
            detect(&tree).unwrap().unwrap().version.unwrap().version,
            "1.23"
        );
    }

    #[test]
    fn cmd_layout_lists_every_main_and_skips_libraries() {
        let tree = MemTree::new()
            .with("go.mod", "module example.com/svc\ngo 1.22\n")
            .with("cmd/worker/main.go", MAIN)
            .with("cmd/svc/main.go", MAIN)
            .with("cmd/root.go", "package cmd\n")
            .with("cmd/tools/gen.go", "//go:build ignore\n\npackage main\n")
            .with("internal/x/x.go", "package x\n")
            .with(
                "server/main.go",
                "// Package main runs the server.\npackage main\n",
            );
        let p = detect(&tree).unwrap().unwrap();
        let ids: Vec<_> = p.apps.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["cmd/svc", "cmd/worker", "server"]);
        assert_eq!(p.apps[p.preferred_app].id, "cmd/svc");
    }

    #[test]
    fn root_main_is_preferred_over_cmd() {
        let tree = MemTree::new()
            .with("go.mod", "module example.com/a\ngo 1.22\n")
            .with("main.go", MAIN)
            .with("cmd/b/main.go", MAIN);
        let p = detect(&tree).unwrap().unwrap();
        assert_eq!(p.apps[p.preferred_app].id, ".");
    }

    #[test]
    fn vendoring_go_sum_and_cgo() {
        let tree = MemTree::new()
            .with(
                "go.mod",
                "module m\ngo 1.22\nrequire github.com/mattn/go-sqlite3 v1.14.22\n",
            )
            .with("go.sum", "")
            .with("vendor/modules.txt", "# x\n")
            .with("main.go", MAIN);
        let p = detect(&tree).unwrap().unwrap();
        let g = go(&p);
        assert!(g.has_go_sum && g.vendored);
        assert!(g.cgo.as_ref().unwrap().conclusion.contains("go-sqlite3"));

        let tree = MemTree::new().with("go.mod", "module m\n").with(
            "main.go",
            "package main\n\n// #include <stdio.h>\nimport \"C\"\n",
        );
        let p = detect(&tree).unwrap().unwrap();
        assert_eq!(go(&p).cgo.as_ref().unwrap().line, Some(4));
    }

    #[test]
    fn local_replacements_bind_their_go_mod_or_warn() {
        let tree = MemTree::new()
            .with(
                "go.mod",
                "module m\ngo 1.22\nreplace (\n\tk8s.io/api => ./staging/src/k8s.io/api\n\tx => ../x\n\ty => ./missing\n\tz => example.com/z v1.0.0\n)\n",
            )
            .with("staging/src/k8s.io/api/go.mod", "module k8s.io/api\n")
            .with("main.go", MAIN);
        let p = detect(&tree).unwrap().unwrap();
        assert_eq!(go(&p).replaced_go_mods, ["staging/src/k8s.io/api/go.mod"]);
        assert!(p.warnings[0].starts_with("go.mod:5: replacement \"../x\" lies outside"));
        assert!(p.warnings[1].starts_with("go.mod:6: replacement \"./missing\" has no go.mod"));
        assert!(p.evidence.iter().any(|e| e.line == Some(4)));
    }

    #[test]
    fn unusable_names_are_skipped_with_a_warning() {
        let tree = MemTree::new()
            .with("go.mod", "module m\n")
            .with("cmd/bad$(id)/main.go", MAIN);
        let p = detect(&tree).unwrap().unwrap();
        assert!(p.apps.is_empty());
        assert!(p.warnings[0].contains("\"cmd/bad$(id)\": main package skipped"));
    }

    #[test]
    fn a_workspace_without_a_root_module_is_a_clear_error() {
        let tree = MemTree::new()
            .with(
                "go.work",
                "go 1.23\n\nuse (\n\t./api // the server\n\t./lib\n)\n",
            )
            .with("api/go.mod", "module example.com/api\n")
            .with("api/main.go", MAIN);
        let DetectError::Unsupported(e) = detect(&tree).unwrap_err() else {
            panic!("expected an unsupported layout")
        };
        assert_eq!(e.file, "go.work");
        assert!(
            e.message.contains("(it uses \"./api\", \"./lib\")"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_workspace_beside_a_root_module_is_a_warning() {
        let tree = MemTree::new()
            .with("go.mod", "module m\n")
            .with("go.work", "go 1.23\nuse (\n\t.\n\t./tools\n)\n")
            .with("main.go", MAIN);
        let p = detect(&tree).unwrap().unwrap();
        assert!(
            p.warnings
                .iter()
                .any(|w| w.starts_with("go.work: the build runs in workspace mode"))
        );
    }

    #[test]
    fn malformed_go_mod_is_an_error_with_line() {
        let tree = MemTree::new().with("go.mod", "module m\ngo one\n");
        let DetectError::Manifest(e) = detect(&tree).unwrap_err() else {
            panic!("expected a manifest error")
        };
        assert_eq!((e.file.as_str(), e.line), ("go.mod", Some(2)));
    }

    #[test]
    fn package_clause_skips_comments_and_constraints() {
        assert_eq!(
            package_name("/* a\n b */\n// c\npackage main\n"),
            Some("main")
        );
        assert_eq!(package_name("//go:build ignore\npackage main\n"), None);
        assert_eq!(package_name("packagemain\n"), None);
    }
}
