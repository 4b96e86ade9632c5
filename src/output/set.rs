//! Files one run writes together (`eval --json --markdown --predictions`, `bench --out`'s
//! four results).
//!
//! Each was written as soon as its content was ready, one after the other, so a path that
//! could not be written (a folder, a read-only file) stopped the run after its work, with
//! the outputs before it already replaced: new results beside old ones, and exit code 2.
//! And two flags naming one file wrote the second over the first without a word. A
//! [`FileSet`] opens every file before the run's work (a bad path stops the run at once),
//! refuses two outputs that are one file, and replaces them together at the end: every file
//! is written and synced before any is renamed, so an error leaves each previous file as it
//! was.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::AtomicFile;
use crate::error::{Result, StancerError};

/// Output files opened together and replaced together.
pub struct FileSet {
    files: Vec<Entry>,
}

struct Entry {
    /// The flag or name the caller writes it by (`--json`, `results.csv`).
    key: String,
    /// The key and path, as messages show them.
    shown: String,
    file: AtomicFile,
}

impl FileSet {
    /// Opens each `(key, path)` for writing; two that resolve to one file are refused.
    pub fn create(outputs: &[(&str, &Path)]) -> Result<FileSet> {
        let mut files: Vec<Entry> = Vec::with_capacity(outputs.len());
        for (key, path) in outputs {
            let file = AtomicFile::create(path)?;
            let shown = format!("{key} {}", path.display());
            if let Some(dest) = file.destination() {
                if let Some(other) = files.iter().find(|e| e.file.destination() == Some(dest)) {
                    return Err(StancerError::Refused(format!(
                        "{shown}: is the same file as {}; the second would replace the first; \
                         expected each output its own path",
                        other.shown
                    )));
                }
            }
            files.push(Entry {
                key: key.to_string(),
                shown,
                file,
            });
        }
        Ok(FileSet { files })
    }

    /// Writes `bytes` to the file opened as `key`; nothing is replaced until
    /// [`commit`](Self::commit).
    pub fn write(&mut self, key: &str, bytes: &[u8]) -> Result<()> {
        let Some(e) = self.files.iter_mut().find(|e| e.key == key) else {
            return Ok(());
        };
        let path = e.file.path().to_path_buf();
        e.file
            .write_all(bytes)
            .map_err(|err| StancerError::io(path, err))
    }

    /// Syncs every file, then renames each over its target.
    pub fn commit(mut self) -> Result<()> {
        for e in &mut self.files {
            e.file.sync()?;
        }
        for e in self.files {
            e.file.commit()?;
        }
        Ok(())
    }
}

/// Whether `path` lies inside the folder `dir` (paths made canonical as far as they exist).
pub fn is_inside(path: &Path, dir: &Path) -> bool {
    resolved(path).starts_with(resolved(dir))
}

/// `path` made canonical, or its folder when it does not exist yet (the folder of an
/// output exists once the output is opened); the path as given when both fail.
pub(super) fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            std::fs::canonicalize(parent).map_or_else(|_| path.to_path_buf(), |p| p.join(name))
        }
        _ => path.to_path_buf(),
    }
}
