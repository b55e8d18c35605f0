//! An in-memory [`Tree`] for tests and fuzzing.

use std::collections::BTreeMap;

use super::bounded::{head_of, strip_bom};
use super::paths::check_inside;
use super::{DirEntry, EntryKind, RepoError, Tree};

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
    use crate::repo::MAX_FILE_BYTES;

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
}
