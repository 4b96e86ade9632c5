//! What ships inside the library: the trained model, the guide's frame lexicon and the
//! feature sets of `stancer bench`.
//!
//! Compiled in (`include_bytes!`), so that an installed `stancer` (`cargo install --path .`)
//! and the Python wheel work from any folder with nothing beside them. They are the files
//! of the repository at build time: retraining `models/default.json` and rebuilding puts
//! the new model in the binary.

use std::path::Path;

use crate::data::AllowedLabels;
use crate::error::Result;
use crate::features::lexicon::STANCES;
use crate::features::Lexicon;
use crate::model::StanceModel;

/// `models/default.json`, as built by `stancer reproduce`.
pub const MODEL_JSON: &[u8] = include_bytes!("../models/default.json");
/// How the built-in model is named in messages.
pub const MODEL_NAME: &str = "built-in model (models/default.json)";

/// `labels/frame_terms.csv`: the guide's frame terms.
pub const LEXICON_CSV: &str = include_str!("../labels/frame_terms.csv");
/// How the built-in lexicon is named in messages.
pub const LEXICON_NAME: &str = "built-in lexicon (labels/frame_terms.csv)";

/// `eval/feature_sets.toml`: the feature sets `stancer bench` compares by default.
pub const FEATURE_SETS_TOML: &str = include_str!("../eval/feature_sets.toml");
/// How the built-in bench config is named in reports.
pub const FEATURE_SETS_NAME: &str = "eval/feature_sets.toml (built-in)";

/// The shipped model, parsed from the bytes compiled into the library.
pub fn model() -> Result<StanceModel> {
    StanceModel::from_json_bytes(MODEL_JSON, Path::new(MODEL_NAME))
}

/// The built-in model's id in output rows ([`crate::score::model_id`] of its bytes): the
/// same as `--model models/default.json` gives when that file is the one built in.
pub fn model_id() -> String {
    crate::score::model_id(MODEL_JSON)
}

/// The lexicon a model is trained with when none is named: the guide's for the guide's
/// labels; none for a data set with labels of its own, whose term fields then stay empty
/// instead of naming the guide's classes (`--lexicon FILE` still adds one).
pub fn default_lexicon(allowed: &AllowedLabels) -> Lexicon {
    let mut stance = allowed.stance.clone().unwrap_or_default();
    stance.sort();
    if stance == STANCES {
        Lexicon::guide()
    } else {
        Lexicon::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_files_parse() {
        let model = model().unwrap();
        assert_eq!(model.stance_labels().len(), 3);
        assert!(!model.lexicon().is_empty());
        let guide = Lexicon::guide();
        let file = Lexicon::from_csv(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("labels/frame_terms.csv"),
        )
        .unwrap();
        assert_eq!(guide, file);
        assert!(guide.len() > 50);
        let sets: toml::Value = toml::from_str(FEATURE_SETS_TOML).unwrap();
        assert!(sets.get("set").is_some());
    }

    #[test]
    fn only_the_guides_labels_get_the_guides_lexicon() {
        assert_eq!(default_lexicon(&AllowedLabels::guide()), Lexicon::guide());
        let own = |l: &[&str]| AllowedLabels {
            stance: Some(l.iter().map(|s| s.to_string()).collect()),
            frame: None,
        };
        assert!(default_lexicon(&own(&["FAVOR", "AGAINST", "NONE"])).is_empty());
        assert!(default_lexicon(&AllowedLabels::default()).is_empty());
        let reordered = own(&["pro_tskhinvali", "georgian", "neutral_wire"]);
        assert_eq!(default_lexicon(&reordered), Lexicon::guide());
    }
}
