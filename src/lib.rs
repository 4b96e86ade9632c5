pub mod data;
pub mod error;
pub mod eval;
pub mod features;
pub mod model;
pub mod text;
pub use error::{Result, StancerError};
pub mod score;
pub mod shipped;
