//! The hash maps of the feature lookups: `rustc-hash`'s Fx hash (one add and multiply per
//! word, and in version 2 a final rotation that brings the mixed high bits down to where
//! `hashbrown` picks buckets; without it packed n-gram keys that share their last word
//! land in the same buckets).
//!
//! The keys are our own words and n-gram ids, never attacker-chosen in a way that matters
//! for a batch tool, and the standard SipHash costs more than the lookups themselves on the
//! scoring path. Iteration order of these maps is never used for output.

pub use rustc_hash::{FxHashMap, FxHashSet};
