//! Reading data: labeled CSVs for training and evaluation ([`LabeledCorpus`]) and article
//! streams for scoring ([`read_inputs`]).

mod csv_checks;
pub mod csv_input;
pub mod decode;
pub mod input;
pub mod jsonl;
pub mod labeled;
pub(crate) mod store;

pub use decode::{Encoding, ReadOptions, RowFilter};
pub use input::{read_inputs, InputFormat, InputOptions, Record, RecordError, RecordResult};
pub use labeled::{
    read_document_labels, AllowedLabels, Columns, GroupKey, LabeledCorpus, LabeledSentence,
    TEXT_SEPARATOR,
};
