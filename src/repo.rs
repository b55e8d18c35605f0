//! The only module that reads the repository msb inspects: a rooted, read-only view with
//! bounded reads and listings. Detectors see it through the [`Tree`] trait, so they can be
//! driven by an in-memory tree in tests and fuzzing.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::values::printable;

/// Largest manifest or source file msb reads.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Largest lock file msb reads (uv.lock, poetry.lock, Pipfile.lock): large projects' locks
/// pass the manifest limit.
pub const MAX_LOCK_BYTES: u64 = 32 * 1024 * 1024;
/// Most entries msb accepts in one directory listing.
pub const MAX_DIR_ENTRIES: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    File,
    Dir,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirEntry {
    pub name: String,
    pub kind: EntryKind,
}

/// Why a path in the repository could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepoError {
    #[error("{}: larger than the {limit}-byte limit msb reads", printable(path))]
    TooLarge { path: String, limit: u64 },
    #[error("{}: not valid UTF-8 text", printable(path))]
    NotUtf8 { path: String },
    #[error("{}: cannot be read: {reason}", printable(path))]
    Unreadable { path: String, reason: String },
    #[error(
        "{}: is a symbolic link that leaves the repository or loops",
        printable(path)
    )]
    EscapesRepo { path: String },
    #[error("{path}: is not a path inside the repository")]
    OutsideRepo { path: String },
    #[error(
        "{}: expected a file, found a directory or special file",
        printable(path)
    )]
    NotAFile { path: String },
    #[error(
        "{}: more than {limit} entries; msb does not list directories that large",
        printable(path)
    )]
    TooManyEntries { path: String, limit: usize },
}

/// A read-only view of a repository. Paths are relative, `/`-separated, and never contain `..`.
pub trait Tree {
    /// The text of a file, `None` when it does not exist. A UTF-8 byte-order mark is removed.
    fn read(&self, path: &str) -> Result<Option<String>, RepoError> {
        self.read_up_to(path, MAX_FILE_BYTES)
    }
    /// Like [`Tree::read`] with another size limit than [`MAX_FILE_BYTES`], for lock files.
    fn read_up_to(&self, path: &str, limit: u64) -> Result<Option<String>, RepoError>;
    /// The entries of a directory sorted by name, `None` when it does not exist.
    fn list(&self, dir: &str) -> Result<Option<Vec<DirEntry>>, RepoError>;

    /// At most the first `max` bytes of a file as text (invalid UTF-8 replaced), `None` when it
    /// does not exist: recognises a large file (a lockfile) by its head, whatever its size.
    fn read_head(&self, path: &str, max: usize) -> Result<Option<String>, RepoError> {
        self.read(path)?
            .map(|text| head_of(path, text.as_bytes(), max))
            .transpose()
    }

    /// Whether a regular file exists at `path`.
    fn is_file(&self, path: &str) -> Result<bool, RepoError> {
        Ok(self.kind_of(path)? == Some(EntryKind::File))
    }

    /// Whether a directory exists at `path`.
    fn is_dir(&self, path: &str) -> Result<bool, RepoError> {
        Ok(self.kind_of(path)? == Some(EntryKind::Dir))
    }

    /// The kind of the entry at `path`, found through its parent's listing.
    fn kind_of(&self, path: &str) -> Result<Option<EntryKind>, RepoError> {
        let (dir, name) = match path.rsplit_once('/') {
            Some((dir, name)) => (dir, name),
            None => ("", path),
        };
        Ok(self
            .list(dir)?
            .and_then(|entries| entries.into_iter().find(|e| e.name == name))
            .map(|e| e.kind))
    }
}

/// Refuses paths that are absolute or hold empty, `.` or `..` segments: a [`Tree`] only
/// answers for paths that name something inside the repository.
fn check_inside(path: &str) -> Result<(), RepoError> {
    let bad = path.starts_with('/')
        || path.contains('\0')
        || (!path.is_empty()
            && path
                .split('/')
                .any(|s| s.is_empty() || s == "." || s == ".."));
    if bad {
        return Err(RepoError::OutsideRepo {
            path: crate::values::shown(path),
        });
    }
    Ok(())
}

/// The first `max` bytes as text, cut back to a character boundary; bytes that are not UTF-8
/// make it no text file.
fn head_of(path: &str, bytes: &[u8], max: usize) -> Result<String, RepoError> {
    let head = &bytes[..bytes.len().min(max)];
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // Only a character cut by `max` at the very end is forgiven.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => {
            return Err(RepoError::NotUtf8 {
                path: path.to_string(),
            });
        }
    };
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
}

fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// Joins a directory and a name into a repository-relative path.
#[must_use]
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Resolves the repository path `rel` against the directory `dir` (both relative to the
/// repository root, `/`-separated); `None` when `..` leaves the repository.
pub fn resolve(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for segment in rel.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The repository on disk, rooted at a canonical directory.
#[derive(Debug)]
pub struct DiskTree {
    root: PathBuf,
}

impl DiskTree {
    /// Opens `root`, which must be an existing directory.
    ///
    /// # Errors
    /// Returns [`OpenError`] when the path is missing, not a directory or unreadable.
    pub fn open(root: &Path) -> Result<Self, OpenError> {
        let shown = root.display().to_string();
        let meta = fs::metadata(root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => OpenError::Missing(shown.clone()),
            _ => OpenError::Unreadable(shown.clone(), e.to_string()),
        })?;
        if !meta.is_dir() {
            return Err(OpenError::NotADirectory(shown));
        }
        let root = root
            .canonicalize()
            .map_err(|e| OpenError::Unreadable(shown, e.to_string()))?;
        Ok(Self { root })
    }

    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Resolves a relative path, refusing symbolic links — the entry's own or a parent
    /// directory's — that leave the root or loop.
    fn resolve(&self, rel: &str) -> Result<Option<PathBuf>, RepoError> {
        check_inside(rel)?;
        let full = if rel.is_empty() {
            self.root.clone()
        } else {
            self.root.join(rel)
        };
        match fs::symlink_metadata(&full) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            // A parent that is a file: nothing can exist below it.
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Ok(None),
            Err(e) => return Err(unreadable(rel, &e)),
            Ok(_) => {}
        }
        let target = full.canonicalize().map_err(|_| RepoError::EscapesRepo {
            path: rel.to_string(),
        })?;
        if target.starts_with(&self.root) {
            Ok(Some(target))
        } else {
            Err(RepoError::EscapesRepo {
                path: rel.to_string(),
            })
        }
    }
}

fn unreadable(path: &str, e: &std::io::Error) -> RepoError {
    RepoError::Unreadable {
        path: path.to_string(),
        reason: e.to_string(),
    }
}

impl Tree for DiskTree {
    fn read_head(&self, path: &str, max: usize) -> Result<Option<String>, RepoError> {
        let Some((file, _)) = self.open_file(path)? else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        file.take(max as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(path, &e))?;
        head_of(path, &bytes, max).map(Some)
    }

    fn read_up_to(&self, path: &str, limit: u64) -> Result<Option<String>, RepoError> {
        let Some((file, len)) = self.open_file(path)? else {
            return Ok(None);
        };
        if len > limit {
            return Err(RepoError::TooLarge {
                path: path.to_string(),
                limit,
            });
        }
        let mut bytes = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| unreadable(path, &e))?;
        if bytes.len() as u64 > limit {
            return Err(RepoError::TooLarge {
                path: path.to_string(),
                limit,
            });
        }
        String::from_utf8(bytes)
            .map(strip_bom)
            .map(Some)
            .map_err(|_| RepoError::NotUtf8 {
                path: path.to_string(),
            })
    }

    fn list(&self, dir: &str) -> Result<Option<Vec<DirEntry>>, RepoError> {
        let Some(full) = self.resolve(dir)? else {
            return Ok(None);
        };
        if !full.is_dir() {
            return Ok(None);
        }
        let reader = fs::read_dir(&full).map_err(|e| unreadable(dir, &e))?;
        let mut entries = Vec::new();
        for entry in reader {
            let entry = entry.map_err(|e| unreadable(dir, &e))?;
            if entries.len() == MAX_DIR_ENTRIES {
                return Err(RepoError::TooManyEntries {
                    path: if dir.is_empty() {
                        ".".into()
                    } else {
                        dir.into()
                    },
                    limit: MAX_DIR_ENTRIES,
                });
            }
            // Names that are not UTF-8 cannot name anything msb generates; they are skipped.
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let kind = match entry.file_type() {
                Ok(t) if t.is_file() => EntryKind::File,
                Ok(t) if t.is_dir() => EntryKind::Dir,
                Ok(t) if t.is_symlink() => self.symlink_kind(&join(dir, &name)),
                _ => EntryKind::Other,
            };
            entries.push(DirEntry { name, kind });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Some(entries))
    }
}

impl DiskTree {
    /// The regular file at `path`, opened, and its length; `None` when it does not exist.
    fn open_file(&self, path: &str) -> Result<Option<(fs::File, u64)>, RepoError> {
        let Some(full) = self.resolve(path)? else {
            return Ok(None);
        };
        let meta = fs::metadata(&full).map_err(|e| unreadable(path, &e))?;
        if !meta.is_file() {
            return Err(RepoError::NotAFile {
                path: path.to_string(),
            });
        }
        let file = fs::File::open(&full).map_err(|e| unreadable(path, &e))?;
        Ok(Some((file, meta.len())))
    }

    fn symlink_kind(&self, rel: &str) -> EntryKind {
        match self.resolve(rel) {
            Ok(Some(target)) if target.is_file() => EntryKind::File,
            Ok(Some(target)) if target.is_dir() => EntryKind::Dir,
            _ => EntryKind::Other,
        }
    }
}

/// Why the repository root itself could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("{0}: no such directory")]
    Missing(String),
    #[error("{0}: is not a directory; pass the project directory")]
    NotADirectory(String),
    #[error("{0}: cannot be read: {1}")]
    Unreadable(String, String),
}

/// An in-memory tree for tests and fuzzing: file paths map to bytes, directories are implied.
#[derive(Debug, Default, Clone)]
pub struct MemTree {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemTree {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file; parent directories exist implicitly.
    #[must_use]
    pub fn with(mut self, path: &str, contents: impl Into<Vec<u8>>) -> Self {
        self.insert(path, contents);
        self
    }

    pub fn insert(&mut self, path: &str, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.to_string(), contents.into());
    }
}

impl Tree for MemTree {
    fn read_head(&self, path: &str, max: usize) -> Result<Option<String>, RepoError> {
        check_inside(path)?;
        match self.files.get(path) {
            Some(bytes) => head_of(path, bytes, max).map(Some),
            None => self
                .read(path)?
                .map(|text| head_of(path, text.as_bytes(), max))
                .transpose(),
        }
    }

    fn read_up_to(&self, path: &str, limit: u64) -> Result<Option<String>, RepoError> {
        check_inside(path)?;
        let Some(bytes) = self.files.get(path) else {
            let prefix = format!("{path}/");
            if self.files.keys().any(|k| k.starts_with(&prefix)) {
                return Err(RepoError::NotAFile { path: path.into() });
            }
            return Ok(None);
        };
        if bytes.len() as u64 > limit {
            return Err(RepoError::TooLarge {
                path: path.into(),
                limit,
            });
        }
        String::from_utf8(bytes.clone())
            .map(strip_bom)
            .map(Some)
            .map_err(|_| RepoError::NotUtf8 { path: path.into() })
    }

    fn list(&self, dir: &str) -> Result<Option<Vec<DirEntry>>, RepoError> {
        check_inside(dir)?;
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut entries: BTreeMap<String, EntryKind> = BTreeMap::new();
        for key in self.files.keys() {
            let Some(rest) = key.strip_prefix(&prefix) else {
                continue;
            };
            match rest.split_once('/') {
                Some((name, _)) => entries.insert(name.to_string(), EntryKind::Dir),
                None => entries.insert(rest.to_string(), EntryKind::File),
            };
        }
        if entries.is_empty() && !dir.is_empty() {
            return Ok(None);
        }
        Ok(Some(
            entries
                .into_iter()
                .map(|(name, kind)| DirEntry { name, kind })
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_stays_inside_the_repository() {
        assert_eq!(resolve("a/b", "../c/./d").as_deref(), Some("a/c/d"));
        assert_eq!(resolve("", "x//y/").as_deref(), Some("x/y"));
        assert_eq!(resolve("a", "..").as_deref(), Some(""));
        assert_eq!(resolve("a", "../.."), None);
    }

    #[test]
    fn mem_tree_reads_lists_and_strips_bom() {
        let tree = MemTree::new()
            .with("go.mod", "\u{feff}module x\n")
            .with("cmd/a/main.go", "package main");
        assert_eq!(tree.read("go.mod").unwrap().as_deref(), Some("module x\n"));
        assert_eq!(tree.read("absent").unwrap(), None);
        assert!(tree.is_dir("cmd").unwrap());
        assert!(tree.is_file("cmd/a/main.go").unwrap());
        let names: Vec<_> = tree
            .list("")
            .unwrap()
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["cmd", "go.mod"]);
        assert!(matches!(tree.read("cmd"), Err(RepoError::NotAFile { .. })));
    }

    #[test]
    fn mem_tree_refuses_binary_and_oversized_files() {
        let big = vec![b'a'; usize::try_from(MAX_FILE_BYTES).unwrap() + 1];
        let tree = MemTree::new()
            .with("bin", vec![0xff, 0xfe, 0x00])
            .with("big", big);
        assert!(matches!(tree.read("bin"), Err(RepoError::NotUtf8 { .. })));
        assert!(matches!(tree.read("big"), Err(RepoError::TooLarge { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn disk_tree_refuses_symlinks_that_leave_the_root() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("go.mod"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path().join("loop"), dir.path().join("loop")).unwrap();
        let tree = DiskTree::open(dir.path()).unwrap();
        assert!(matches!(
            tree.read("go.mod"),
            Err(RepoError::EscapesRepo { .. })
        ));
        assert!(matches!(
            tree.read("loop"),
            Err(RepoError::EscapesRepo { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn disk_tree_refuses_files_below_a_symlinked_directory_that_leaves_the_root() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.rs"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("sub")).unwrap();
        std::fs::create_dir(dir.path().join("inner")).unwrap();
        std::fs::write(dir.path().join("inner/a.rs"), "a").unwrap();
        std::os::unix::fs::symlink("inner", dir.path().join("alias")).unwrap();
        let tree = DiskTree::open(dir.path()).unwrap();
        assert!(matches!(
            tree.read("sub/secret.rs"),
            Err(RepoError::EscapesRepo { .. })
        ));
        assert_eq!(tree.read("alias/a.rs").unwrap().as_deref(), Some("a"));
        assert_eq!(tree.read("inner/a.rs/x").unwrap(), None);
    }

    #[test]
    fn both_trees_refuse_paths_that_are_not_inside() {
        let dir = tempfile::tempdir().unwrap();
        let disk = DiskTree::open(dir.path()).unwrap();
        let mem = MemTree::new().with("a", "x");
        for bad in ["../x", "a/../b", "/etc/passwd", "a//b", "./a", "a\0b"] {
            assert!(
                matches!(disk.read(bad), Err(RepoError::OutsideRepo { .. })),
                "{bad}"
            );
            assert!(
                matches!(mem.read(bad), Err(RepoError::OutsideRepo { .. })),
                "{bad}"
            );
            assert!(disk.list(bad).is_err() && mem.list(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn disk_tree_open_distinguishes_missing_and_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(
            DiskTree::open(&dir.path().join("nope")),
            Err(OpenError::Missing(_))
        ));
        assert!(matches!(
            DiskTree::open(&file),
            Err(OpenError::NotADirectory(_))
        ));
    }

    #[test]
    fn a_file_too_large_to_read_still_has_a_head() {
        let big = format!("__metadata:\n{}", "x".repeat(MAX_FILE_BYTES as usize + 10));
        let tree = MemTree::new().with("yarn.lock", big.clone());
        assert!(tree.read("yarn.lock").is_err());
        assert_eq!(
            tree.read_head("yarn.lock", 12).unwrap().as_deref(),
            Some("__metadata:\n")
        );
        assert_eq!(tree.read_head("absent", 12).unwrap(), None);
        assert_eq!(
            tree.read_head("yarn.lock", 2).unwrap().as_deref(),
            Some("__")
        );
        let cut = MemTree::new().with("a", "aé");
        assert_eq!(cut.read_head("a", 2).unwrap().as_deref(), Some("a"));
        let garbage = MemTree::new().with("a", b"a\xffb".to_vec());
        assert!(garbage.read_head("a", 10).is_err());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("yarn.lock"), big).unwrap();
        let disk = DiskTree::open(dir.path()).unwrap();
        assert!(disk.read("yarn.lock").is_err());
        assert_eq!(
            disk.read_head("yarn.lock", 12).unwrap().as_deref(),
            Some("__metadata:\n")
        );
    }
}
