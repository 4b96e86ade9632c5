//! Reading data: labeled CSVs for training and evaluation ([`LabeledCorpus`]) and article
//! streams for scoring ([`read_inputs`]).

pub(crate) mod bounded;
mod csv_checks;
pub mod csv_input;
pub mod decode;
mod folder;
mod id_notes;
pub mod input;
pub mod jsonl;
pub mod labeled;
pub mod labelings;
mod line_counter;
pub mod notes;
pub(crate) mod store;

pub use bounded::DEFAULT_MAX_RECORD_BYTES;
pub use decode::{Encoding, ReadOptions, RowFilter};
pub use input::{
    read_inputs, refuse_inputs_given_twice, InputFormat, InputOptions, Record, RecordError,
    RecordResult, StdinAs,
};
pub use labeled::{
    read_document_labels, AllowedLabels, ClassCounts, Columns, DocumentLabels, GroupKey,
    LabeledCorpus, LabeledSentence, FEW_EXAMPLES, TEXT_SEPARATOR,
};
pub use labelings::Labeling;
pub(crate) use line_counter::LineCounter;
pub use notes::{Noted, ReadNotes};
