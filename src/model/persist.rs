//! Model files: one JSON document holds the whole fitted pipeline.
//!
//! Writes go through [`crate::output`] (a temp file beside the target, renamed when
//! complete), so a run killed mid-write leaves the previous model intact. Loading checks the format version
//! before anything else and then the shapes, so a truncated, corrupted, foreign or
//! hand-edited file fails with a message that says which.

use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::stance_model::{StanceModel, FORMAT_VERSION};
use crate::error::{Result, StancerError};
use crate::output::write_atomic;

#[derive(Deserialize)]
struct Header {
    format_version: Option<u32>,
}

impl StanceModel {
    /// Writes the model as compact JSON, atomically.
    pub fn save(&self, path: &Path) -> Result<()> {
        write_atomic(path, &self.to_json_bytes(path)?)
    }

    /// The bytes [`save`](Self::save) writes (a model's id is their hash, whether or not
    /// they reach a file); `path` names the model in errors.
    pub fn to_json_bytes(&self, path: &Path) -> Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec(self).map_err(|e| StancerError::Model {
            path: path.into(),
            message: format!("cannot serialize: {e}"),
        })?;
        bytes.push(b'\n');
        Ok(bytes)
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
        // Read, not memory-mapped: a mapped file that another program truncates or
        // rewrites in place while it is parsed ends the process with SIGBUS.
        let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
        (&file)
            .read_to_end(&mut bytes)
            .map_err(|e| StancerError::io(path, e))?;
        Self::from_json_bytes(&bytes, path)
    }

    /// Reads a model from the bytes of a model file (the built-in model, a model sent to
    /// Spark executors), with the checks [`load`](Self::load) makes; `path` names it in
    /// errors.
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
