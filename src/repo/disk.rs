//! The repository on disk: a canonical root, symbolic links that leave it or loop refused,
//! files read within the size limits.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::bounded::{MAX_DIR_ENTRIES, head_of, strip_bom};
use super::paths::{check_inside, join};
use super::{DirEntry, EntryKind, RepoError, Tree};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
