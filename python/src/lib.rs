//! `stancer._stancer`: the Rust half of the Python package.
//!
//! A thin layer over the `stancer` library, as the CLI is: it converts Python values to the
//! library's and back, releases the GIL while the library works (scoring runs on rayon's
//! pool, as in the CLI), and turns every library error into `stancer.StancerError` with
//! the message the CLI prints. The Python-facing API (DataFrames, Spark) is in
//! `python/stancer/`.

mod arrow_in;
mod bench;
mod columns;
mod data;
mod jsonl;
mod score;
use score::{is_missing, MissingIds};

use std::borrow::Cow;
use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFloat, PyString};
use stancer::model::StanceModel;
use stancer::score::{score_texts, Level, ScoreSummary, MAX_SENTENCES};
use stancer::text::html;

use columns::{Outcome, Table};

/// Scoring allocates small rows on every core: as in the CLI (see `src/main.rs`),
/// mimalloc rather than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    _stancer,
    StancerError,
    PyException,
    "A stancer error: bad input, a bad model file or bad settings; the message is the CLI's."
);

/// A library error as a Python exception, with the CLI's message.
pub(crate) fn error(e: impl std::fmt::Display) -> PyErr {
    StancerError::new_err(e.to_string())
}

/// A fitted model, shared (read-only) between Python threads.
#[pyclass(frozen, module = "stancer._stancer")]
pub(crate) struct Model {
    pub(crate) inner: Arc<StanceModel>,
    /// Where it came from, for messages and `repr`.
    #[pyo3(get)]
    pub(crate) source: String,
    /// What every output row names it by (`model`), as the CLI: the first 12 hex digits of
    /// the SHA-256 of its model file.
    #[pyo3(get)]
    pub(crate) model_id: String,
}

fn parse_level(level: &str) -> PyResult<Level> {
    match level {
        "sentence" => Ok(Level::Sentence),
        "document" => Ok(Level::Document),
        other => Err(PyValueError::new_err(format!(
            "level must be \"sentence\" or \"document\", got {other:?}"
        ))),
    }
}

#[pymethods]
impl Model {
    #[getter]
    fn stance_labels(&self) -> Vec<String> {
        self.inner.stance_labels().to_vec()
    }

    #[getter]
    fn frame_labels(&self) -> Option<Vec<String>> {
        self.inner.frame_labels().map(<[String]>::to_vec)
    }

    /// Number of feature columns.
    #[getter]
    fn n_features(&self) -> usize {
        self.inner.vectorizer().n_features()
    }

    /// Number of frame-lexicon terms the model carries.
    #[getter]
    fn n_lexicon_terms(&self) -> usize {
        self.inner.lexicon().len()
    }

    /// Settings, training data and recorded metrics, as JSON.
    fn info_json(&self) -> PyResult<String> {
        let m = &*self.inner;
        let info = serde_json::json!({
            "format_version": m.format_version,
            "params": m.params,
            "training": m.training,
            "metrics": m.metrics,
        });
        serde_json::to_string(&info).map_err(error)
    }

    /// Scores `texts` (a sequence of `str`; None or NaN give an error row) and returns the
    /// output table's columns as Arrow buffers (see `columns.rs`). `ids` default to the
    /// positions.
    #[pyo3(signature = (texts, ids=None, level="sentence", unescape_html=false))]
    fn score_columns(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        ids: Option<&Bound<'_, PyAny>>,
        level: &str,
        unescape_html: bool,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let level = parse_level(level)?;
        let items: Vec<Bound<'_, PyAny>> = texts.try_iter()?.collect::<PyResult<_>>()?;
        // Borrowed, not copied: a str's UTF-8 bytes stay valid while `items` holds it.
        let mut strs: Vec<Result<&str, String>> = Vec::with_capacity(items.len());
        for (i, it) in items.iter().enumerate() {
            strs.push(if let Ok(s) = it.cast::<PyString>() {
                Ok(s.to_str()?)
            } else if is_missing(it)? {
                Err(format!("row {i}: no text (the value is missing)"))
            } else {
                Err(format!(
                    "row {i}: expected text (str), got {}",
                    it.get_type().name()?
                ))
            });
        }
        let mut missing = MissingIds::default();
        let ids: Option<Vec<Cow<'_, str>>> = match ids {
            None => None,
            Some(ids) => Some(
                ids.try_iter()?
                    .enumerate()
                    .map(|(i, id)| {
                        let id = id?;
                        Ok(Cow::Owned(match id.cast::<PyString>() {
                            Ok(s) => s.to_str()?.to_string(),
                            Err(_) if is_missing(&id)? => missing.note(i),
                            Err(_) => id.str()?.to_str()?.to_string(),
                        }))
                    })
                    .collect::<PyResult<_>>()?,
            ),
        };
        missing.warn(py)?;
        self.score_strs(py, &strs, ids, level, unescape_html, None)
    }

    /// [`score_columns`](Self::score_columns) on Arrow string columns given as their
    /// buffers (`stancer._frames.arrow_strings`); a null text gives an error row.
    #[pyo3(signature = (texts, ids=None, level="sentence", unescape_html=false))]
    fn score_arrow_columns(
        &self,
        py: Python<'_>,
        texts: arrow_in::ArrowStrings<'_>,
        ids: Option<arrow_in::ArrowStrings<'_>>,
        level: &str,
        unescape_html: bool,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let level = parse_level(level)?;
        let strs = arrow_in::strings(texts, "texts").map_err(PyValueError::new_err)?;
        let mut missing = MissingIds::default();
        let ids = match ids {
            None => None,
            Some(ids) => Some(
                arrow_in::strings(ids, "ids")
                    .map_err(PyValueError::new_err)?
                    .into_iter()
                    .enumerate()
                    .map(|(i, id)| id.map_or_else(|_| Cow::Owned(missing.note(i)), Cow::Borrowed))
                    .collect(),
            ),
        };
        missing.warn(py)?;
        self.score_strs(py, &strs, ids, level, unescape_html, None)
    }

    /// Writes the model file (atomically, as `stancer train` does).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let model = Arc::clone(&self.inner);
        py.detach(move || model.save(&path)).map_err(error)
    }

    /// The model file's bytes (what `save` writes).
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let model = Arc::clone(&self.inner);
        let name = self.source.clone();
        let bytes = py
            .detach(move || model.to_json_bytes(std::path::Path::new(&name)))
            .map_err(error)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The `k` strongest features of each class of each head, as JSON.
    fn top_features_json(&self, k: usize) -> PyResult<String> {
        let m = &*self.inner;
        let vec = m.vectorizer();
        let stance = stancer::eval::explain::top_features(m.stance_head(), vec, k);
        let frame = m
            .frame_head()
            .map(|h| stancer::eval::explain::top_features(h, vec, k));
        serde_json::to_string(&serde_json::json!({"stance": stance, "frame": frame})).map_err(error)
    }

    fn __repr__(&self) -> String {
        let frame = match self.inner.frame_labels() {
            Some(l) => format!("{l:?}"),
            None => "None".into(),
        };
        format!(
            "stancer.Model({}: stance {:?}, frame {frame}, {} features)",
            self.source,
            self.inner.stance_labels(),
            self.inner.vectorizer().n_features()
        )
    }
}

/// Issues each of `messages` as a Python `UserWarning` (what the CLI writes to stderr).
pub(crate) fn user_warnings(py: Python<'_>, messages: &[String]) -> PyResult<()> {
    let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
    for m in messages {
        let message = std::ffi::CString::new(m.as_str())?;
        PyErr::warn(py, category.as_any(), &message, 2)?;
    }
    Ok(())
}

/// Loads a model file, or the shipped model (compiled in) when `path` is None.
#[pyfunction]
#[pyo3(signature = (path=None))]
fn load(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Model> {
    // One read of the file: the id is the hash of the bytes parsed (a second read named
    // whatever the file held by then).
    let (loaded, source) = py.detach(|| match &path {
        None => (
            stancer::shipped::model().map(|m| (m, stancer::shipped::model_id())),
            stancer::shipped::MODEL_NAME.to_string(),
        ),
        Some(p) => (StanceModel::load_with_id(p), p.display().to_string()),
    });
    let (model, model_id) = loaded.map_err(error)?;
    Ok(Model::new(model, source, model_id))
}

/// A model from a model file's bytes (`Model.to_bytes`), e.g. broadcast to Spark executors;
/// `model_id` (the sender's `Model.model_id`) defaults to the id of these bytes.
#[pyfunction]
#[pyo3(signature = (data, name, model_id=None))]
fn load_bytes(
    py: Python<'_>,
    data: &[u8],
    name: &str,
    model_id: Option<String>,
) -> PyResult<Model> {
    let model = py
        .detach(|| StanceModel::from_json_bytes(data, std::path::Path::new(name)))
        .map_err(error)?;
    let model_id = model_id.unwrap_or_else(|| stancer::score::model_id(data));
    Ok(Model::new(model, name.to_string(), model_id))
}

#[pymodule]
fn _stancer(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("StancerError", m.py().get_type::<StancerError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Model>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(load_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(data::train, m)?)?;
    m.add_function(wrap_pyfunction!(data::evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(bench::bench, m)?)?;
    m.add_function(wrap_pyfunction!(jsonl::score_jsonl_lines, m)?)?;
    m.add_function(wrap_pyfunction!(jsonl::not_text, m)?)?;
    Ok(())
}
