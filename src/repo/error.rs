//! Why a path in the repository could not be read.

use crate::values::printable;

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
