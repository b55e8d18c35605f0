//! The only module that reads the repository msb inspects: a rooted, read-only view with
//! bounded reads and listings. Detectors see it through the [`Tree`] trait, so they can be
//! driven by an in-memory tree in tests and fuzzing.

mod bounded;
mod disk;
mod error;
mod memory;
mod paths;
mod tree;

pub use bounded::{MAX_DIR_ENTRIES, MAX_FILE_BYTES, MAX_LOCK_BYTES};
pub use disk::{DiskTree, OpenError};
pub use error::RepoError;
pub use memory::MemTree;
pub use paths::{join, resolve};
pub use tree::{DirEntry, EntryKind, Tree};

#[cfg(test)]
mod tests;
