//! Flags shared by `train`, `eval` and `reproduce`: which columns hold what, and the
//! feature and model settings (a `--config` TOML file, then flags on top).

mod data;
mod model;

pub use data::DataArgs;
pub use model::ModelArgs;
