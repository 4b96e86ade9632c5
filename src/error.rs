//! One error type for the library. Every variant that comes from a file names the file and,
//! where there is one, the line, so a researcher can open the file at the fault.

use std::path::PathBuf;

/// Everything that can go wrong in stancer's library.
#[derive(Debug, thiserror::Error)]
pub enum StancerError {
    /// The OS error is part of the message, not a `source`: a chained report (`{:#}`)
    /// would print it twice.
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },

    #[error("{path}: line {line}: {message}")]
    Input {
        path: PathBuf,
        line: u64,
        message: String,
    },

    /// Bytes that are not valid in the file's encoding; `offset` is from the file's start.
    #[error("{path}: line {line}: {message}")]
    Encoding {
        path: PathBuf,
        line: u64,
        offset: u64,
        message: String,
    },

    #[error("{path}: missing column `{column}`; the columns are: {available}")]
    MissingColumn {
        path: PathBuf,
        column: String,
        available: String,
    },

    /// A row without a label: not a label outside the set (`label `` is not one of: ...`).
    #[error(
        "{path}: line {line}: empty label in column `{column}`; expected a label on every row \
         (label the row or leave it out)"
    )]
    EmptyLabel {
        path: PathBuf,
        line: u64,
        column: String,
    },

    #[error("{path}: line {line}: label `{label}` in column `{column}` is not one of: {allowed}")]
    UnknownLabel {
        path: PathBuf,
        line: u64,
        column: String,
        label: String,
        allowed: String,
    },

    #[error("{path}: {message}")]
    Model { path: PathBuf, message: String },

    /// A file that reads well but does not fit the rest of the run (article labels whose
    /// ids name no article of the data).
    #[error("{path}: {message}")]
    DataFile { path: PathBuf, message: String },

    #[error("invalid configuration: {0}")]
    Config(String),

    #[error("training failed: {0}")]
    Training(String),

    #[error("not enough data: {0}")]
    Data(String),

    /// An output that is the same file as an input: writing it would replace the input.
    #[error("{output}: is also an input ({input}); writing there would replace it; expected another output path")]
    OutputIsInput { output: String, input: String },

    /// A run stancer declines, with the reason and what to do instead.
    #[error("{0}")]
    Refused(String),
}

/// The library's result type.
pub type Result<T, E = StancerError> = std::result::Result<T, E>;

impl StancerError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        StancerError::Io {
            path: path.into(),
            error: source,
        }
    }
}
