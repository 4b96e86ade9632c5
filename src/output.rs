//! Output files: written whole or not at all, and never through a name someone else can
//! guess.
//!
//! Every file stancer writes (`score -o`, `train --out`, `eval --json/--markdown`, the
//! report folder, `bench --out`, `reproduce`) goes through [`AtomicFile`]:
//!
//! - A regular file (or a path that does not exist yet) is written to a temp file created
//!   exclusively (`O_EXCL`) under an unpredictable name in the target's own folder, synced,
//!   and renamed over the target only when complete. An error, Ctrl-C or `kill -9` leaves
//!   the previous file as it was, and a symlink planted at a temp name is never followed.
//! - A target that is not a regular file (`/dev/null`, a FIFO, a terminal, a symlink to
//!   one) is written in place: renaming over it would replace a device or a pipe with a
//!   plain file (as root, `-o /dev/null` would replace the system's `/dev/null`).
//! - A symlink to a regular file is followed: the file it points to is replaced, the link
//!   stays.
//! - A missing output folder is created, like `mkdir -p`.
//! - A read-only file (no write permission for anyone) is not replaced: it is an error.
//!
//! Files a run writes together are opened together and replaced together ([`FileSet`]). A
//! report folder is replaced as a set by [`write_folder`]. An output that is also an
//! input is refused before anything is written ([`refuse_outputs_over_inputs`]).
//!
//! Errors name the path the user gave, once, with the OS's reason.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::TempPath;

use crate::error::{Result, StancerError};

mod folder;
mod inputs;
mod set;
pub use folder::{check_folder, write_folder};
pub use inputs::{refuse_outputs_over_inputs, refuse_paths_over_inputs, FileId, RunFile};
pub use set::{is_inside, FileSet};

/// Temp names are `.NAME.` + this many random characters + `.tmp`.
const TEMP_RAND: usize = 12;
const TEMP_SUFFIX: &str = ".tmp";

fn temp_prefix(name: &str) -> String {
    format!(".{name}.")
}

/// Whether `file_name` is the name of a temp file [`AtomicFile`] writes for a target named
/// `target_name` (in the same folder).
pub fn is_temp_for(file_name: &str, target_name: &str) -> bool {
    let prefix = temp_prefix(target_name);
    file_name.len() == prefix.len() + TEMP_RAND + TEMP_SUFFIX.len()
        && file_name.starts_with(&prefix)
        && file_name.ends_with(TEMP_SUFFIX)
}

/// A file being written: committed with [`AtomicFile::commit`], discarded when dropped.
pub struct AtomicFile {
    /// The path as the user gave it, for messages.
    path: PathBuf,
    target: Target,
}

enum Target {
    /// A temp file beside the file it will replace; `resolved` is `dest` with its folder
    /// canonical, to tell two outputs that are one file.
    Temp {
        out: BufWriter<File>,
        temp: TempPath,
        dest: PathBuf,
        resolved: PathBuf,
    },
    /// A device, FIFO or other non-regular file, written directly.
    InPlace(BufWriter<File>),
}

impl AtomicFile {
    /// Opens `path` for writing as the module docs say.
    pub fn create(path: &Path) -> Result<Self> {
        let err = |e: io::Error| StancerError::io(path, e);
        if names_a_folder(path) {
            // Opened as a file named after the folder, it failed only at the rename, after
            // the run's work (and after the other outputs of its set were replaced).
            return Err(err(io::Error::other(
                "names a folder (it ends with `/`); expected the path of a file to write",
            )));
        }
        let target = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(err(io::Error::other(
                    "is a folder; expected the path of a file to write",
                )))
            }
            // A rename needs only the folder's permission, so it would replace a file its
            // owner made read-only, which `>` in a shell would not write.
            Ok(m) if m.is_file() && m.permissions().readonly() => {
                return Err(err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    "is read-only; expected a writable file (make it writable with `chmod u+w`, \
                     or write elsewhere)",
                )))
            }
            Ok(m) if !m.is_file() => {
                let file = OpenOptions::new().write(true).open(path).map_err(err)?;
                Target::InPlace(BufWriter::new(file))
            }
            existing => {
                // Replace what a symlink points to, not the link itself.
                let dest = match &existing {
                    Ok(_) if path.is_symlink() => std::fs::canonicalize(path).map_err(err)?,
                    _ => path.to_path_buf(),
                };
                let dir = match dest.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                create_folder(&dir).map_err(err)?;
                let name = dest
                    .file_name()
                    .map_or("out".into(), |n| n.to_string_lossy().into_owned());
                let prefix = temp_prefix(&name);
                let mut builder = tempfile::Builder::new();
                builder
                    .prefix(&prefix)
                    .suffix(TEMP_SUFFIX)
                    .rand_bytes(TEMP_RAND);
                #[cfg(unix)]
                {
                    // A new file gets the mode `File::create` would give (0666 less the
                    // umask), a replaced one keeps its own; tempfile's default is 0600.
                    use std::os::unix::fs::PermissionsExt;
                    let mode = existing.as_ref().map_or(0o666, |m| m.permissions().mode());
                    builder.permissions(std::fs::Permissions::from_mode(mode & 0o7777));
                }
                let (file, temp) = builder
                    .tempfile_in(&dir)
                    .map_err(|e| err(without_temp_name(e)))?
                    .into_parts();
                Target::Temp {
                    out: BufWriter::new(file),
                    temp,
                    resolved: set::resolved(&dest),
                    dest,
                }
            }
        };
        Ok(AtomicFile {
            path: path.to_path_buf(),
            target,
        })
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file a temp file will replace, its folder canonical; `None` for a file written
    /// in place.
    pub(crate) fn destination(&self) -> Option<&Path> {
        match &self.target {
            Target::Temp { resolved, .. } => Some(resolved),
            Target::InPlace(_) => None,
        }
    }

    /// Flushes the file and syncs a temp file to disk, replacing nothing yet.
    pub(crate) fn sync(&mut self) -> Result<()> {
        let err = |e: io::Error| StancerError::io(&self.path, e);
        match &mut self.target {
            Target::InPlace(out) => out.flush().map_err(err),
            Target::Temp { out, .. } => {
                out.flush().map_err(err)?;
                out.get_ref().sync_all().map_err(err)
            }
        }
    }

    /// Finishes the file: flushes it, and for a temp file syncs it to disk and renames it
    /// over the target.
    pub fn commit(self) -> Result<()> {
        let err = |e: io::Error| StancerError::io(&self.path, e);
        match self.target {
            Target::InPlace(mut out) => out.flush().map_err(err),
            Target::Temp {
                out, temp, dest, ..
            } => {
                let file = out.into_inner().map_err(|e| err(e.into_error()))?;
                file.sync_all().map_err(err)?;
                drop(file);
                temp.persist(&dest).map_err(|e| err(e.error))
            }
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.target {
            Target::Temp { out, .. } | Target::InPlace(out) => out.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.target {
            Target::Temp { out, .. } | Target::InPlace(out) => out.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.target {
            Target::Temp { out, .. } | Target::InPlace(out) => out.flush(),
        }
    }
}

/// Writes `bytes` to `path` through an [`AtomicFile`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|e| StancerError::io(path, e))?;
    f.commit()
}

/// Whether `path` as written can only name a folder: it ends with a separator, or with
/// `.` or `..` as its last component.
fn names_a_folder(path: &Path) -> bool {
    let s = path.as_os_str().as_encoded_bytes();
    let sep = |b: &u8| *b == b'/' || std::path::is_separator(char::from(*b));
    s.last().is_some_and(sep)
        || path.file_name().is_none()
        || (s.ends_with(b".") && s.len() >= 2 && sep(&s[s.len() - 2]))
}

/// `mkdir -p`, with an error that names the folder it could not make.
fn create_folder(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot create the folder {}: {e}", dir.display()),
        )
    })
}

/// tempfile adds ` at path "<temp name>"` to its errors; a random name means nothing to the
/// reader, who is told the target's path instead.
fn without_temp_name(e: io::Error) -> io::Error {
    if e.get_ref().is_none() {
        return e;
    }
    match e.to_string().rsplit_once(" at path ") {
        Some((reason, _)) => io::Error::new(e.kind(), reason.to_string()),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_file_leaves_the_old_one_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        std::fs::write(&p, "old").unwrap();
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"new").unwrap();
        drop(f);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
    }

    #[test]
    fn a_symlink_to_a_file_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.txt");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&real, &link).unwrap();
        #[cfg(unix)]
        {
            write_atomic(&link, b"new").unwrap();
            assert!(link.is_symlink());
            assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        }
    }

    #[test]
    fn a_path_ending_in_a_separator_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["new/", "new/.", ".."] {
            let p = dir.path().join(name);
            let e = AtomicFile::create(&p).err().expect(name).to_string();
            assert!(e.contains("names a folder"), "{e}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(!names_a_folder(Path::new("out.json")));
        assert!(!names_a_folder(Path::new("a/.out.json")));
    }

    #[test]
    fn a_folder_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(dir.path(), b"x").unwrap_err().to_string();
        assert!(e.contains("is a folder"), "{e}");
    }
}
