//! Model files: one JSON document holds the whole fitted pipeline.
//!
//! Writes go through [`crate::output`] (a temp file beside the target, renamed when
//! complete), so a run killed mid-write leaves the previous model intact. Loading checks the format version
//! before anything else and then the shapes, so a truncated, corrupted, foreign or
//! hand-edited file fails with a message that says which.

use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::aggregate::DocumentAggregator;
use super::head::LogisticHead;
use super::search::SearchOutcome;
use super::stance_model::{ModelParams, StanceModel, TrainingInfo, FORMAT_VERSION};
use crate::error::{Result, StancerError};
use crate::features::TfidfVectorizer;
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
        Self::from_json_bytes(&read_model_file(path)?, path)
    }

    /// A model file and the id its rows name it by ([`crate::score::model_id`]), from one
    /// read: hashing the file in a second read named another model's bytes whenever the
    /// file was replaced between the two (a retrain writing over it, a FIFO), so rows could
    /// carry an id that no longer matched the model that scored them. The hash runs beside
    /// the parse, on the same bytes.
    pub fn load_with_id(path: &Path) -> Result<(Self, String)> {
        let bytes = read_model_file(path)?;
        std::thread::scope(|s| {
            let id = s.spawn(|| crate::score::model_id(&bytes));
            let model = Self::from_json_bytes(&bytes, path)?;
            let id = id.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            Ok((model, id))
        })
    }

    /// Reads a model from the bytes of a model file (the built-in model, a model sent to
    /// Spark executors), with the checks [`load`](Self::load) makes; `path` names it in
    /// errors.
    pub fn from_json_bytes(bytes: &[u8], path: &Path) -> Result<Self> {
        let bad = |message: String| StancerError::Model {
            path: path.into(),
            message,
        };
        if let Some(model) = in_parallel(bytes) {
            return Ok(model);
        }
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

/// A model file's bytes. Read, not memory-mapped: a mapped file that another program
/// truncates or rewrites in place while it is parsed ends the process with SIGBUS.
fn read_model_file(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| StancerError::io(path, e))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(StancerError::Model {
            path: path.into(),
            message: "is a folder; expected a model file (models/default.json)".into(),
        });
    }
    let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
    (&file)
        .read_to_end(&mut bytes)
        .map_err(|e| StancerError::io(path, e))?;
    Ok(bytes)
}

/// A model file's top level, the vectorizer's lookup tables built on a second thread
/// ([`Restoring`]) while this one parses the heads: [`StanceModel`]'s fields, in its order
/// and with its serde attributes (keep the two in step; a test compares the models they
/// give).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Parts {
    format_version: u32,
    params: ModelParams,
    training: TrainingInfo,
    metrics: Option<serde_json::Value>,
    vectorizer: Restoring,
    stance: LogisticHead,
    frame: Option<LogisticHead>,
    aggregator: DocumentAggregator,
    #[serde(default)]
    search: Option<SearchOutcome>,
}

/// A vectorizer being restored ([`TfidfVectorizer::restore`], which builds the n-gram
/// index) on its own thread from the moment it is parsed; `None` from the thread if its
/// settings or shapes are wrong.
struct Restoring(std::thread::JoinHandle<Option<TfidfVectorizer>>);

impl<'de> Deserialize<'de> for Restoring {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = TfidfVectorizer::deserialize(d)?;
        let restore = move || {
            v.config().validate().ok()?;
            v.restore().ok()
        };
        std::thread::Builder::new()
            .name("restore-vectorizer".into())
            .spawn(restore)
            .map(Restoring)
            .map_err(serde::de::Error::custom)
    }
}

/// The model in `bytes`, with the vectorizer's index built while the heads are parsed (on a
/// 600k-feature model the index and the heads' weights are most of a scoring run's
/// start-up, which no other work overlaps). The same parser reads the same bytes, so the
/// model is the one [`StanceModel`]'s own parse gives. `None` on any problem, for
/// [`StanceModel::from_json_bytes`] to parse again and say what it is.
fn in_parallel(bytes: &[u8]) -> Option<StanceModel> {
    let parts = serde_json::from_slice::<Parts>(bytes).ok()?;
    let vectorizer = parts.vectorizer.0.join().ok().flatten();
    if parts.format_version != FORMAT_VERSION {
        return None;
    }
    let model = StanceModel {
        format_version: parts.format_version,
        params: parts.params,
        training: parts.training,
        metrics: parts.metrics,
        vectorizer: vectorizer?,
        stance: parts.stance,
        frame: parts.frame,
        aggregator: parts.aggregator,
        search: parts.search,
    };
    super::validate::check_model(&model).ok()?;
    Some(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parallel_parse_gives_the_single_parse_s_model() {
        let bytes = crate::shipped::MODEL_JSON;
        let single = serde_json::from_slice::<StanceModel>(bytes)
            .unwrap()
            .check()
            .unwrap();
        let parallel = in_parallel(bytes).expect("the shipped model parses in parallel");
        assert_eq!(parallel, single);
        // Derived tables are not compared by ==: the index must answer alike too.
        let a = (single.analyzer(), parallel.analyzer());
        let text = "Tbilisi calls the regions “occupied”, the de facto authorities said.";
        assert_eq!(
            single.predict_sentence(text, &a.0),
            parallel.predict_sentence(text, &a.1)
        );
        // Anything unusual is left to the single parse, which says what is wrong.
        let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        v["format_version"] = 99.into();
        assert!(in_parallel(&serde_json::to_vec(&v).unwrap()).is_none());
        assert!(in_parallel(&bytes[..bytes.len() / 2]).is_none());
    }
}
