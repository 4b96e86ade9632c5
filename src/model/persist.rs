//! Model files: one JSON document holds the whole fitted pipeline.
//!
//! Writes are atomic (a temp file in the same folder, flushed, then renamed), so a run
//! killed mid-write leaves the previous model intact. Loading checks the format version
//! before anything else and then the shapes, so a truncated, corrupted, foreign or
//! hand-edited file fails with a message that says which.

use std::io::Write;
use std::path::Path;

use serde::Deserialize;

use super::stance_model::{StanceModel, FORMAT_VERSION};
use crate::error::{Result, StancerError};

#[derive(Deserialize)]
struct Header {
    format_version: Option<u32>,
}

impl StanceModel {
    /// Writes the model as compact JSON, atomically.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut bytes = serde_json::to_vec(self).map_err(|e| StancerError::Model {
            path: path.into(),
            message: format!("cannot serialize: {e}"),
        })?;
        bytes.push(b'\n');
        write_atomic(path, &bytes)
    }

    /// Reads a model written by [`StanceModel::save`].
    pub fn load(path: &Path) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|e| StancerError::io(path, e))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(StancerError::Model {
                path: path.into(),
                message: "is a folder; expected a model file (models/default.json)".into(),
            });
        }
        // Mapped, not read: a large model is parsed straight from the page cache instead of
        // being copied into fresh memory first (a fifth of loading a 600k-feature model).
        // SAFETY: the mapping is only read while it lives, and stancer writes models by
        // renaming a finished temp file over the old one, never in place, so the mapped
        // file does not change under it.
        let bytes = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| StancerError::io(path, e))?;
        Self::from_json_bytes(&bytes, path)
    }

    /// Reads a model from the bytes of a model file; `path` names it in errors.
    pub fn from_json_bytes(bytes: &[u8], path: &Path) -> Result<Self> {
        let bad = |message: String| StancerError::Model {
            path: path.into(),
            message,
        };
        // One parse on the happy path (the model is most of the start-up time of a scoring
        // run); only when it fails is the header read, to say *why* it failed.
        let model = serde_json::from_slice::<StanceModel>(bytes);
        let version = match &model {
            Ok(m) => Some(m.format_version),
            Err(_) => {
                serde_json::from_slice::<Header>(bytes)
                    .map_err(|e| {
                        bad(format!(
                            "not a readable stancer model (truncated or corrupted JSON: {e})"
                        ))
                    })?
                    .format_version
            }
        };
        match version {
            Some(FORMAT_VERSION) => {}
            Some(v) => {
                return Err(bad(format!(
                    "model format version {v}, but this stancer reads version {FORMAT_VERSION}; \
                     retrain it with `stancer train`"
                )))
            }
            None => return Err(bad("not a stancer model (no format_version)".into())),
        }
        let model = model.map_err(|e| bad(format!("model fields do not match the format: {e}")))?;
        model.check().map_err(bad)
    }
}

/// Writes `bytes` to a temp file beside `path`, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| StancerError::io(dir, e))?;
    let name = path
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        StancerError::io(path, e)
    })
}
