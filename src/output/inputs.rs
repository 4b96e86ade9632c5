//! Outputs that would replace an input.
//!
//! Every output is a temp file renamed over its target when complete, so an output that
//! is also an input (`stancer score news.csv -o news.csv`, or the same file through a
//! symlink or a hard link) would replace the input with the output, and a standard output
//! appended to an input (`stancer score a.jsonl >> a.jsonl`) would read its own rows back.
//! The binary asks here before it writes anything.

use std::path::Path;

use crate::error::{Result, StancerError};

/// Which file a path or a standard stream is: device and inode on Unix (one file under
/// every path, symlink and hard link), the canonical path elsewhere. Only regular files
/// have one here: writing a device, a pipe or a terminal replaces nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileId(Inner);

#[cfg(unix)]
type Inner = (u64, u64);
#[cfg(not(unix))]
type Inner = std::path::PathBuf;

impl FileId {
    /// The regular file at `path` (symlinks followed); `None` for anything else or
    /// nothing.
    pub fn of_path(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileId((meta.dev(), meta.ino())))
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            std::fs::canonicalize(path).ok().map(FileId)
        }
    }

    /// The regular file standard input reads, if it was redirected from one.
    pub fn of_stdin() -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            of_fd(std::io::stdin().as_fd())
        }
        #[cfg(not(unix))]
        None
    }

    /// The regular file standard output writes, if it was redirected to one.
    pub fn of_stdout() -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            of_fd(std::io::stdout().as_fd())
        }
        #[cfg(not(unix))]
        None
    }
}

#[cfg(unix)]
fn of_fd(fd: std::os::fd::BorrowedFd<'_>) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let file = std::fs::File::from(fd.try_clone_to_owned().ok()?);
    let meta = file.metadata().ok().filter(|m| m.is_file())?;
    Some(FileId((meta.dev(), meta.ino())))
}

/// A file a run reads or writes, as the messages name it (`-o scores.csv`, `standard
/// output`), and which file it is.
#[derive(Debug, Clone)]
pub struct RunFile {
    pub shown: String,
    pub id: Option<FileId>,
}

impl RunFile {
    /// A path given with `flag` (empty for a positional input).
    pub fn path(flag: &str, path: &Path) -> RunFile {
        let shown = if flag.is_empty() {
            path.display().to_string()
        } else {
            format!("{flag} {}", path.display())
        };
        RunFile {
            shown,
            id: FileId::of_path(path),
        }
    }

    pub fn stdin() -> RunFile {
        RunFile {
            shown: "standard input".into(),
            id: FileId::of_stdin(),
        }
    }

    pub fn stdout() -> RunFile {
        RunFile {
            shown: "standard output".into(),
            id: FileId::of_stdout(),
        }
    }
}

/// Refuses the run when one of `outputs` is the same file as one of `inputs`.
pub fn refuse_outputs_over_inputs(outputs: &[RunFile], inputs: &[RunFile]) -> Result<()> {
    for out in outputs {
        let Some(id) = &out.id else { continue };
        if let Some(input) = inputs.iter().find(|f| f.id.as_ref() == Some(id)) {
            return Err(StancerError::OutputIsInput {
                output: out.shown.clone(),
                input: input.shown.clone(),
            });
        }
    }
    Ok(())
}

/// [`refuse_outputs_over_inputs`] for outputs and inputs named by flags and paths.
pub fn refuse_paths_over_inputs(outputs: &[(&str, &Path)], inputs: &[(&str, &Path)]) -> Result<()> {
    let files = |v: &[(&str, &Path)]| -> Vec<RunFile> {
        v.iter().map(|(flag, p)| RunFile::path(flag, p)).collect()
    };
    refuse_outputs_over_inputs(&files(outputs), &files(inputs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_under_every_path_is_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        std::fs::write(&a, "x").unwrap();
        let link = dir.path().join("link.csv");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&a, &link).unwrap();
        #[cfg(not(unix))]
        std::fs::copy(&a, &link).unwrap();
        let dotted = dir.path().join(".").join("a.csv");
        assert_eq!(FileId::of_path(&a), FileId::of_path(&dotted));
        #[cfg(unix)]
        assert_eq!(FileId::of_path(&a), FileId::of_path(&link));
        assert_eq!(FileId::of_path(dir.path()), None);
        assert_eq!(FileId::of_path(&dir.path().join("missing")), None);
        let err = refuse_paths_over_inputs(&[("-o", &dotted)], &[("", &a)])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("-o ") && err.contains("is also an input"),
            "{err}"
        );
        let new = dir.path().join("new.csv");
        refuse_paths_over_inputs(&[("-o", &new)], &[("", &a)]).unwrap();
    }
}
