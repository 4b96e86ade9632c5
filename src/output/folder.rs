//! A report folder replaced as a set: written beside the target, then put in its place.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{create_folder, without_temp_name};
use crate::error::{Result, StancerError};

/// Writes `files` (name, bytes) as the whole content of the folder `dir`, as a set: they
/// are written into a new folder beside it, which then takes its place, so a failure
/// leaves the previous folder whole and never new files beside old ones. A folder that
/// holds a file `ours` does not claim is refused rather than replaced, so a mistyped
/// `--report .` cannot delete anything.
pub fn write_folder(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    ours: impl Fn(&str) -> bool,
) -> Result<()> {
    let err = |e: io::Error| StancerError::io(dir, e);
    let (dest, parent) = folder_paths(dir)?;
    create_folder(&parent).map_err(err)?;
    let existing = existing_folder(dir, &dest, &ours)?;
    let name = dest
        .file_name()
        .map_or("report".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = existing.as_ref().map_or(0o777, |m| m.permissions().mode());
        builder.permissions(std::fs::Permissions::from_mode(mode & 0o7777));
    }
    let staging = builder
        .tempdir_in(&parent)
        .map_err(|e| err(without_temp_name(e)))?;
    for (file, bytes) in files {
        let path = staging.path().join(file);
        let write = || -> io::Result<()> {
            let mut f = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            f.write_all(bytes)?;
            f.sync_all()
        };
        write().map_err(|e| StancerError::io(dir.join(file), e))?;
    }
    // The old folder moves into a fresh folder of ours, the new one takes its name, and
    // only then is the old one deleted.
    let old = match existing {
        Some(_) => {
            let holder = tempfile::Builder::new()
                .prefix(&format!(".{name}.old."))
                .tempdir_in(&parent)
                .map_err(|e| err(without_temp_name(e)))?;
            let old = holder.path().join(&name);
            std::fs::rename(&dest, &old).map_err(err)?;
            Some((holder, old))
        }
        None => None,
    };
    let staging = staging.keep();
    if let Err(e) = std::fs::rename(&staging, &dest) {
        if let Some((_, old)) = &old {
            let _ = std::fs::rename(old, &dest);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err(e));
    }
    drop(old);
    Ok(())
}

/// Checks, before a run's work, what [`write_folder`] checks at its end: that `dir` is a
/// folder or nothing, and holds only files `ours` claims.
pub fn check_folder(dir: &Path, ours: impl Fn(&str) -> bool) -> Result<()> {
    let (dest, _) = folder_paths(dir)?;
    existing_folder(dir, &dest, &ours).map(|_| ())
}

/// The folder `dir` names (a symlink followed) and the folder it sits in.
fn folder_paths(dir: &Path) -> Result<(PathBuf, PathBuf)> {
    let dest = if dir.is_symlink() {
        std::fs::canonicalize(dir).map_err(|e| StancerError::io(dir, e))?
    } else {
        dir.to_path_buf()
    };
    let parent = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dest, parent))
}

/// The folder at `dest` if there is one; an error if something else is there, or a file
/// that `ours` does not claim is in it (the folder is replaced as a whole).
fn existing_folder(
    dir: &Path,
    dest: &Path,
    ours: &impl Fn(&str) -> bool,
) -> Result<Option<std::fs::Metadata>> {
    let err = |e: io::Error| StancerError::io(dir, e);
    let existing = match std::fs::metadata(dest) {
        Ok(m) if !m.is_dir() => {
            return Err(err(io::Error::other(
                "is not a folder; expected a folder for the report",
            )))
        }
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(err(e)),
    };
    if existing.is_some() {
        for entry in std::fs::read_dir(dest).map_err(err)? {
            let name = entry
                .map_err(err)?
                .file_name()
                .to_string_lossy()
                .into_owned();
            if !ours(&name) {
                return Err(err(io::Error::other(format!(
                    "holds `{name}`, which a report does not write; the folder is replaced \
                     as a whole, so give the report a folder of its own"
                ))));
            }
        }
    }
    Ok(existing)
}
