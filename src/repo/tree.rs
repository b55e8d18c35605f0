//! The [`Tree`] trait, the read-only view every detector reads the repository through, and
//! the directory entries its listings return.

use serde::Serialize;

use super::RepoError;
use super::bounded::{MAX_FILE_BYTES, head_of};

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
