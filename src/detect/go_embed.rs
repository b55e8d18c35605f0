//! `//go:embed` patterns that match nothing in the repository. They name files a build step
//! produces before `go build` (a frontend bundle, generated assets), so the image build, which
//! sees only the repository, fails with "pattern …: no matching files found".

use super::DetectError;
use super::glob::glob_match;
use crate::repo::{self, EntryKind, Tree};
use crate::values;

/// Directories never searched for embed directives: dependencies, test data and other
/// languages' build output.
const SKIPPED_DIRS: &[&str] = &["vendor", "node_modules", "testdata", "target"];
/// Build-constraint words a default `go build` on Linux can satisfy; a file that needs any
/// other tag (`builtinassets`, `bindata`) is not part of the image's build.
const PLATFORM_WORDS: &[&str] = &[
    "linux",
    "unix",
    "darwin",
    "windows",
    "freebsd",
    "openbsd",
    "netbsd",
    "dragonfly",
    "solaris",
    "illumos",
    "aix",
    "android",
    "ios",
    "plan9",
    "js",
    "wasip1",
    "hurd",
    "zos",
    "amd64",
    "arm64",
    "386",
    "arm",
    "wasm",
    "riscv64",
    "ppc64",
    "ppc64le",
    "s390x",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "loong64",
    "cgo",
    "gc",
    "gccgo",
];
/// How deep the search descends below the module root.
const MAX_DEPTH: usize = 6;
/// Go files read at most: enough for an application, bounded for a monorepo.
const MAX_FILES: usize = 2000;
/// Directories listed at most, so a large tree without Go code is not walked whole.
const MAX_DIRS: usize = 500;

/// Warnings for every embed pattern that matches no file in its package directory.
///
/// # Errors
/// A directory or file that cannot be read.
pub fn missing(tree: &dyn Tree) -> Result<Vec<String>, DetectError> {
    let mut warnings = Vec::new();
    let mut budget = MAX_FILES;
    let mut dirs_left = MAX_DIRS;
    let mut stack = vec![(String::new(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        if dirs_left == 0 {
            break;
        }
        dirs_left -= 1;
        let Some(entries) = tree.list(&dir)? else {
            continue;
        };
        for entry in &entries {
            let path = repo::join(&dir, &entry.name);
            match entry.kind {
                EntryKind::Dir
                    if depth < MAX_DEPTH
                        && !entry.name.starts_with(['.', '_'])
                        && !SKIPPED_DIRS.contains(&entry.name.as_str()) =>
                {
                    stack.push((path, depth + 1));
                }
                EntryKind::File
                    if budget > 0
                        && entry.name.ends_with(".go")
                        && !entry.name.ends_with("_test.go") =>
                {
                    budget -= 1;
                    let Some(text) = tree.read(&path)? else {
                        continue;
                    };
                    if needs_custom_tag(&text) {
                        continue;
                    }
                    let mut reported_line = 0;
                    for (line, pattern) in directives(&text) {
                        // One warning per directive: a generated bundle is often listed file by file.
                        if line != reported_line
                            && let Some(ext) = ignored_extension(pattern)
                        {
                            reported_line = line;
                            warnings.push(format!(
                                "{}:{line}: //go:embed {} names {ext} files, which the generated .dockerignore keeps out of the build context as likely secrets, so the build cannot embed them; un-ignore them in .dockerignore if they are meant to ship",
                                values::printable(&path),
                                values::shown(pattern)
                            ));
                            continue;
                        }
                        if line != reported_line && !matches_something(tree, &dir, pattern)? {
                            reported_line = line;
                            warnings.push(format!(
                                "{}:{line}: //go:embed {} matches no file in the repository: it is generated before the build (a frontend bundle?), so the image build fails wherever a built package embeds it; commit it or add its build step to the Dockerfile",
                                values::printable(&path),
                                values::shown(pattern)
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    warnings.sort();
    Ok(warnings)
}

/// Extensions the generated .dockerignore drops everywhere as likely secrets.
pub const IGNORED_EXTENSIONS: &[&str] = &[".pem", ".key", ".crt", ".p12", ".pfx"];

/// The ignored extension an embedded or included path ends with.
#[must_use]
pub fn ignored_extension(path: &str) -> Option<&'static str> {
    IGNORED_EXTENSIONS
        .iter()
        .copied()
        .find(|ext| path.ends_with(ext))
}

/// Whether the file's `//go:build` line names a tag a default build never sets.
fn needs_custom_tag(text: &str) -> bool {
    let Some(expr) = text
        .lines()
        .take_while(|l| !l.trim_start().starts_with("package "))
        .find_map(|l| l.trim().strip_prefix("//go:build"))
    else {
        return false;
    };
    expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .filter(|w| !w.is_empty())
        .any(|w| !(PLATFORM_WORDS.contains(&w) || w.starts_with("go1.")))
}

/// The patterns of every `//go:embed` line, with its line number. Quoted patterns and
/// the `all:` prefix are unwrapped.
fn directives(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("//go:embed") else {
            continue;
        };
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        for token in rest.split_whitespace() {
            let token = token.trim_matches(|c| c == '"' || c == '`');
            let token = token.strip_prefix("all:").unwrap_or(token);
            if !token.is_empty() {
                found.push((index + 1, token));
            }
        }
    }
    found
}

/// Whether a pattern, relative to the package directory, names an existing file or directory.
/// Segments may hold `*` wildcards; `?` and character classes count as matching anything.
fn matches_something(tree: &dyn Tree, dir: &str, pattern: &str) -> Result<bool, DetectError> {
    if pattern.contains(['?', '[']) {
        return Ok(true);
    }
    let mut current = vec![dir.to_string()];
    for segment in pattern.split('/').filter(|s| !s.is_empty() && *s != ".") {
        let mut next = Vec::new();
        for base in &current {
            if segment.contains('*') {
                for entry in tree.list(base)?.unwrap_or_default() {
                    if glob_match(segment, &entry.name) {
                        next.push(repo::join(base, &entry.name));
                    }
                }
            } else if segment == ".." {
                return Ok(true);
            } else {
                let path = repo::join(base, segment);
                if tree.kind_of(&path)?.is_some() {
                    next.push(path);
                }
            }
        }
        if next.is_empty() {
            return Ok(false);
        }
        current = next;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::{DirEntry, MemTree, RepoError};
    use std::cell::Cell;

    /// Counts the directories listed.
    struct Counting {
        tree: MemTree,
        lists: Cell<usize>,
    }

    impl Tree for Counting {
        fn read_up_to(&self, path: &str, limit: u64) -> Result<Option<String>, RepoError> {
            self.tree.read_up_to(path, limit)
        }
        fn list(&self, dir: &str) -> Result<Option<Vec<DirEntry>>, RepoError> {
            self.lists.set(self.lists.get() + 1);
            self.tree.list(dir)
        }
    }

    #[test]
    fn build_output_is_skipped_and_the_walk_is_bounded() {
        let mut tree = MemTree::new().with("main.go", "package main\n");
        for i in 0..MAX_DIRS * 2 {
            tree.insert(&format!("target/d{i}/f"), "x");
            tree.insert(&format!("web/d{i}/f"), "x");
        }
        let counting = Counting {
            tree,
            lists: Cell::new(0),
        };
        assert!(missing(&counting).unwrap().is_empty());
        assert_eq!(counting.lists.get(), MAX_DIRS);
    }

    #[test]
    fn a_generated_embed_directory_is_reported_with_its_line() {
        let tree = MemTree::new()
            .with("go.mod", "module m\n")
            .with(
                "webui/embed.go",
                "package webui\n\nimport \"embed\"\n\n//go:embed static\nvar assets embed.FS\n",
            )
            .with(
                "templates/t.go",
                "package templates\n\n//go:embed all:html/*.tmpl \"css\"\nvar fs embed.FS\n",
            )
            .with("templates/html/index.tmpl", "")
            .with("templates/css/site.css", "")
            .with(
                "tls/tls.go",
                "package tls\n//go:embed certs/ca.crt\nvar CA []byte\n",
            )
            .with("tls/certs/ca.crt", "")
            .with(
                "bundle/b.go",
                "package bundle\n//go:embed static/a.js.gz static/b.css.gz\nvar FS embed.FS\n",
            )
            .with("testdata/x.go", "package x\n//go:embed nothing\n")
            .with(
                "web/ui/ui.go",
                "//go:build builtinassets\n\npackage ui\n\n//go:embed static\nvar FS embed.FS\n",
            )
            .with(
                "web/linux.go",
                "//go:build linux && !arm\n\npackage web\n\n//go:embed dist\nvar FS embed.FS\n",
            );
        let warnings = missing(&tree).unwrap();
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(
            warnings[1].starts_with("tls/tls.go:2: //go:embed \"certs/ca.crt\" names .crt files")
        );
        assert!(warnings[0].starts_with("bundle/b.go:2: //go:embed \"static/a.js.gz\""));
        assert!(warnings[2].starts_with("web/linux.go:5: //go:embed \"dist\""));
        assert!(warnings[3].starts_with("webui/embed.go:5: //go:embed \"static\" matches no file"));
    }

    #[test]
    fn directives_are_split_and_unwrapped() {
        assert_eq!(
            directives("//go:embed a.txt \"b c\" all:d\n// go:embed no\n//go:embedded x\n"),
            [(1, "a.txt"), (1, "b"), (1, "c"), (1, "d")]
        );
    }
}
