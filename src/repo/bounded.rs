//! Bounded reads: how much msb reads of a file or a directory, and how bytes become text
//! (UTF-8 only, byte-order mark removed, a head cut back to a character boundary).

use super::RepoError;

/// Largest manifest or source file msb reads.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Largest lock file msb reads (uv.lock, poetry.lock, Pipfile.lock): large projects' locks
/// pass the manifest limit.
pub const MAX_LOCK_BYTES: u64 = 32 * 1024 * 1024;
/// Most entries msb accepts in one directory listing.
pub const MAX_DIR_ENTRIES: usize = 10_000;

/// The first `max` bytes as text, cut back to a character boundary; bytes that are not UTF-8
/// make it no text file.
pub(super) fn head_of(path: &str, bytes: &[u8], max: usize) -> Result<String, RepoError> {
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

pub(super) fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}
