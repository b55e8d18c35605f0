//! The only module that writes: every target is checked before any is written, each file is
//! written to a temporary file beside it and renamed into place, and a failure part-way
//! restores what was there before.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many commits are under way, or [`INTERRUPTED`] once msb exits on Ctrl-C: the two
/// exclude each other, so an interrupt never leaves a commit half done.
static COMMITS: AtomicUsize = AtomicUsize::new(0);
const INTERRUPTED: usize = usize::MAX;

/// Called on Ctrl-C: true when msb may exit now, and then no write starts any more; false
/// while files are being committed (the commit completes and msb carries on).
#[must_use]
pub fn interrupt() -> bool {
    COMMITS
        .compare_exchange(0, INTERRUPTED, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
}

/// A file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// How the file is named in messages.
    pub shown: String,
    pub contents: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write missing files; refuse to replace files that differ.
    Create,
    /// Write, replacing files that differ.
    Force,
    /// Write nothing; report files that differ.
    Check,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Created,
    Replaced,
    Unchanged,
    /// The file differs and the user chose to keep it.
    Kept,
    /// `--check`: the file differs from what msb would write (or is missing); a unified diff.
    Stale(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    #[error("{} already exist{} and differ{} from what msb would write", .0.join(" and "), plural(.0.len()).0, plural(.0.len()).1)]
    WouldOverwrite(Vec<String>),
    #[error("{0}: is a symbolic link; msb does not write through links")]
    Symlink(String),
    #[error("{0}: is not a regular file")]
    NotAFile(String),
    #[error("{0}: the directory does not exist")]
    NoDirectory(String),
    #[error("{0}: {1}")]
    Io(String, String),
    #[error("interrupted; nothing was written")]
    Interrupted,
}

fn plural(n: usize) -> (&'static str, &'static str) {
    if n == 1 { ("s", "s") } else { ("", "") }
}

impl OutputError {
    #[must_use]
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            OutputError::WouldOverwrite(_) => {
                Some("re-run with --force to replace them, or --check to see the differences")
            }
            _ => None,
        }
    }
}

/// What is at a target path now. A missing directory is an error unless msb creates it.
fn current(target: &Target, create_dirs: bool) -> Result<Option<String>, OutputError> {
    let shown = || target.shown.clone();
    let parent = target.path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = parent.filter(|d| !d.is_dir()) {
        if create_dirs && !dir.exists() {
            return Ok(None);
        }
        return Err(OutputError::NoDirectory(dir.display().to_string()));
    }
    match fs::symlink_metadata(&target.path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(OutputError::Io(shown(), e.to_string())),
        Ok(meta) if meta.file_type().is_symlink() => Err(OutputError::Symlink(shown())),
        Ok(meta) if !meta.is_file() => Err(OutputError::NotAFile(shown())),
        Ok(_) => match fs::read(&target.path) {
            Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
            Err(e) => Err(OutputError::Io(shown(), e.to_string())),
        },
    }
}

fn diff(shown: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .header(&format!("{shown} (current)"), &format!("{shown} (msb)"))
        .to_string()
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.msb-{}.tmp", std::process::id()))
}

fn write_temp(target: &Target) -> Result<PathBuf, OutputError> {
    let temp = temp_path(&target.path);
    let io = |e: std::io::Error| OutputError::Io(target.shown.clone(), e.to_string());
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(target.contents.as_bytes())?;
        file.sync_all()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(io(e));
    }
    Ok(temp)
}

/// Applies `mode` to every target. Nothing is written unless every target can be.
///
/// # Errors
/// Files that would be overwritten without `--force`, symbolic links, missing directories and
/// I/O failures. After an error the files are as they were.
pub fn apply(mode: Mode, targets: &[Target]) -> Result<Vec<(String, Status)>, OutputError> {
    apply_with(mode, targets, false)
}

/// [`apply`], creating missing directories (after every check has passed).
///
/// # Errors
/// As [`apply`].
pub fn apply_creating_dirs(
    mode: Mode,
    targets: &[Target],
) -> Result<Vec<(String, Status)>, OutputError> {
    apply_with(mode, targets, true)
}

fn before_all(targets: &[Target], create_dirs: bool) -> Result<Vec<Option<String>>, OutputError> {
    targets.iter().map(|t| current(t, create_dirs)).collect()
}

fn apply_with(
    mode: Mode,
    targets: &[Target],
    create_dirs: bool,
) -> Result<Vec<(String, Status)>, OutputError> {
    let before = before_all(targets, create_dirs)?;
    if mode == Mode::Check {
        return Ok(targets
            .iter()
            .zip(&before)
            .map(|(t, old)| {
                let status = match old {
                    Some(old) if *old == t.contents => Status::Unchanged,
                    old => Status::Stale(diff(&t.shown, old.as_deref().unwrap_or(""), &t.contents)),
                };
                (t.shown.clone(), status)
            })
            .collect());
    }
    let conflicts: Vec<String> = targets
        .iter()
        .zip(&before)
        .filter(|(t, old)| old.as_ref().is_some_and(|o| *o != t.contents))
        .map(|(t, _)| t.shown.clone())
        .collect();
    if mode == Mode::Create && !conflicts.is_empty() {
        return Err(OutputError::WouldOverwrite(conflicts));
    }
    let pending: Vec<(&Target, &Option<String>)> = targets
        .iter()
        .zip(&before)
        .filter(|(t, old)| old.as_deref() != Some(t.contents.as_str()))
        .collect();
    if create_dirs {
        make_dirs(&pending)?;
    }
    commit(&pending, |from, to| fs::rename(from, to))?;
    Ok(targets
        .iter()
        .zip(&before)
        .map(|(t, old)| {
            let status = match old {
                None => Status::Created,
                Some(o) if *o == t.contents => Status::Unchanged,
                Some(_) => Status::Replaced,
            };
            (t.shown.clone(), status)
        })
        .collect())
}

fn make_dirs(pending: &[(&Target, &Option<String>)]) -> Result<(), OutputError> {
    for (target, _) in pending {
        if let Some(dir) = target.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(dir)
                .map_err(|e| OutputError::Io(dir.display().to_string(), e.to_string()))?;
        }
    }
    Ok(())
}

/// A target whose file exists and differs from what msb would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub shown: String,
    /// The file as it is now.
    pub current: String,
    /// A unified diff from the current file to msb's.
    pub diff: String,
}

/// What to do with a conflicting file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Replace,
    Keep,
}

/// The targets whose files exist and differ, for the user to decide about before anything
/// is written.
///
/// # Errors
/// Symbolic links, missing directories and unreadable files, as [`apply`].
pub fn conflicts(targets: &[Target]) -> Result<Vec<Conflict>, OutputError> {
    let before = before_all(targets, false)?;
    Ok(targets
        .iter()
        .zip(before)
        .filter_map(|(t, old)| {
            let old = old.filter(|o| *o != t.contents)?;
            Some(Conflict {
                shown: t.shown.clone(),
                diff: diff(&t.shown, &old, &t.contents),
                current: old,
            })
        })
        .collect())
}

/// Writes every target, replacing or keeping each conflicting file as chosen. A file that
/// differs without a choice, or that changed since it was shown, is not replaced: the call
/// fails and nothing is written.
///
/// # Errors
/// As [`apply`] in [`Mode::Create`].
pub fn apply_choices(
    targets: &[Target],
    choices: &[(Conflict, Choice)],
) -> Result<Vec<(String, Status)>, OutputError> {
    let before = before_all(targets, false)?;
    let choice = |t: &Target, old: &str| {
        choices
            .iter()
            .find(|(c, _)| c.shown == t.shown && c.current == old)
            .map(|(_, choice)| *choice)
    };
    let mut statuses = Vec::with_capacity(targets.len());
    let mut pending = Vec::new();
    let mut unresolved = Vec::new();
    for (t, old) in targets.iter().zip(&before) {
        let status = match old.as_deref() {
            None => Status::Created,
            Some(o) if o == t.contents => Status::Unchanged,
            Some(o) => match choice(t, o) {
                Some(Choice::Replace) => Status::Replaced,
                Some(Choice::Keep) => Status::Kept,
                None => {
                    unresolved.push(t.shown.clone());
                    Status::Kept
                }
            },
        };
        if matches!(status, Status::Created | Status::Replaced) {
            pending.push((t, old));
        }
        statuses.push((t.shown.clone(), status));
    }
    if !unresolved.is_empty() {
        return Err(OutputError::WouldOverwrite(unresolved));
    }
    commit(&pending, |from, to| fs::rename(from, to))?;
    Ok(statuses)
}

/// Writes every pending target to a temporary file, then renames them into place; when a
/// step fails, the temporary files are removed and the files already renamed are restored.
fn commit(
    pending: &[(&Target, &Option<String>)],
    rename: impl FnMut(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let started = COMMITS.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
        (n != INTERRUPTED).then_some(n + 1)
    });
    if started.is_err() {
        return Err(OutputError::Interrupted);
    }
    let result = commit_inner(pending, rename);
    COMMITS.fetch_sub(1, Ordering::SeqCst);
    result
}

fn commit_inner(
    pending: &[(&Target, &Option<String>)],
    mut rename: impl FnMut(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let mut temps = Vec::new();
    for (target, _) in pending {
        match write_temp(target) {
            Ok(temp) => temps.push(temp),
            Err(e) => {
                temps.iter().for_each(|t| drop(fs::remove_file(t)));
                return Err(e);
            }
        }
    }
    for (done, ((target, _), temp)) in pending.iter().zip(&temps).enumerate() {
        if let Err(e) = rename(temp, &target.path) {
            restore(&pending[..done]);
            temps[done..].iter().for_each(|t| drop(fs::remove_file(t)));
            return Err(OutputError::Io(target.shown.clone(), e.to_string()));
        }
    }
    Ok(())
}

/// Puts back the files a failed run already replaced or created.
fn restore(done: &[(&Target, &Option<String>)]) {
    for (target, old) in done {
        match old {
            Some(contents) => {
                let _ = fs::write(&target.path, contents);
            }
            None => {
                let _ = fs::remove_file(&target.path);
            }
        }
    }
}

#[cfg(test)]
mod tests;
