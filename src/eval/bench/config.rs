//! Parsing a benchmark config: `[base]` merged under every `[[set]]`.

use serde::{Deserialize, Serialize};

use crate::error::{Result, StancerError};
use crate::eval::headline::Headline;
use crate::model::ModelParams;

/// A parsed benchmark config: shared settings merged into every named set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchConfig {
    /// The set every other set is tested against.
    pub reference: String,
    pub folds: usize,
    /// One fold per value of the split column (`--split-col style`: leave-one-style-out)
    /// instead of `folds` stratified grouped folds: how a feature set transfers to a
    /// style it never saw.
    pub leave_one_group_out: bool,
    pub seed: u64,
    /// Which head is compared: `stance` or `frame`.
    pub head: Head,
    /// The metric sets are ranked and tested by (`macro_f1` unless named).
    pub metric: Headline,
    pub sets: Vec<FeatureSet>,
}

/// The label a benchmark predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Head {
    Stance,
    Frame,
}

/// One named feature set with its full settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureSet {
    pub name: String,
    pub params: ModelParams,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    reference: Option<String>,
    #[serde(default = "default_folds")]
    folds: usize,
    #[serde(default)]
    leave_one_group_out: bool,
    #[serde(default = "default_seed")]
    seed: u64,
    #[serde(default = "default_head")]
    head: Head,
    metric: Option<String>,
    #[serde(default)]
    base: Option<toml::Table>,
    #[serde(default)]
    set: Vec<toml::Table>,
}

fn default_folds() -> usize {
    5
}
fn default_seed() -> u64 {
    42
}
fn default_head() -> Head {
    Head::Stance
}

/// Tables of `over` replace keys of `base` one level down (so `[set.features]` changes
/// only the feature keys it names).
fn merge(mut base: toml::Table, over: toml::Table) -> toml::Table {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => {
                let merged = merge(std::mem::take(b), o);
                *b = merged;
            }
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
    base
}

impl BenchConfig {
    /// How the folds are made, as the reports say it.
    pub fn split_name(&self) -> String {
        if self.leave_one_group_out {
            "leave-one-group-out".into()
        } else {
            format!("stratified grouped {}-fold", self.folds)
        }
    }

    /// Parses a config; `origin` names it in errors, which name the line of a set's error.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self> {
        Self::parse(text, origin, true)
    }

    /// Parses a config made from other tables (the Python package's dict): its errors name
    /// no line, which would be one of text the user never wrote.
    pub fn from_made_toml(text: &str, origin: &str) -> Result<Self> {
        Self::parse(text, origin, false)
    }

    fn parse(text: &str, origin: &str, lines: bool) -> Result<Self> {
        let bad = |m: String| StancerError::Config(format!("{origin}: {m}"));
        let raw: RawConfig = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        if raw.set.is_empty() {
            return Err(bad("no [[set]] defined".into()));
        }
        let base = raw.base.unwrap_or_default();
        let headers = set_header_lines(text);
        let mut sets = Vec::new();
        for (i, mut table) in raw.set.into_iter().enumerate() {
            // A set's settings are checked once merged with `[base]`, where toml no longer
            // knows their lines: the set's header line, or the offending key's line, is
            // found in the text.
            let at = |e: &str, detail: &str| {
                if lines {
                    let line = error_line(text, &headers, i, detail);
                    bad(format!("line {line}: {e}{detail}"))
                } else {
                    bad(format!("{e}{detail}"))
                }
            };
            let name = match table.remove("name") {
                Some(toml::Value::String(n)) => n,
                _ => return Err(at("every [[set]] needs a name = \"...\"", "")),
            };
            if sets.iter().any(|s: &FeatureSet| s.name == name) {
                return Err(at(&format!("set `{name}` is defined twice"), ""));
            }
            let params: ModelParams = toml::Value::Table(merge(base.clone(), table))
                .try_into()
                .map_err(|e| at(&format!("set `{name}`: "), &e.to_string()))?;
            params
                .validate()
                .map_err(|e| at(&format!("set `{name}`: "), &e.to_string()))?;
            sets.push(FeatureSet { name, params });
        }
        let reference = raw.reference.unwrap_or_else(|| sets[0].name.clone());
        if !sets.iter().any(|s| s.name == reference) {
            return Err(bad(format!("reference set `{reference}` is not defined")));
        }
        let metric = match raw.metric {
            Some(m) => m.parse().map_err(bad)?,
            None => Headline::MacroF1,
        };
        Ok(BenchConfig {
            reference,
            folds: raw.folds,
            leave_one_group_out: raw.leave_one_group_out,
            seed: raw.seed,
            head: raw.head,
            metric,
            sets,
        })
    }

    /// A warning per pair of sets whose settings are the same under different names (a
    /// copied `[[set]]` whose change was forgotten, or a change to a key that merges to its
    /// default): they fit the same models, so the pair's difference is zero by
    /// construction, not a finding. Compare after [`from_file`](Self::from_file) has read
    /// the stop-word files.
    pub fn identical_sets_warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, a) in self.sets.iter().enumerate() {
            for b in &self.sets[i + 1..] {
                if a.params == b.params {
                    out.push(format!(
                        "sets `{}` and `{}` have the same settings: they fit the same models, \
                         so their results are equal by construction; expected each set to \
                         change some setting",
                        a.name, b.name
                    ));
                }
            }
        }
        out
    }

    /// The repository's `eval/feature_sets.toml`, built in: the sets `stancer bench` and
    /// `stancer.bench` compare when given no config.
    pub fn built_in() -> Result<Self> {
        Self::from_toml(
            crate::shipped::FEATURE_SETS_TOML,
            crate::shipped::FEATURE_SETS_NAME,
        )
    }

    /// Reads a config file; the `stop_words` files its sets name are read relative to its
    /// folder, so that the sets hold the words themselves.
    pub fn from_file(path: &std::path::Path) -> Result<Self> {
        let about = |message: String| StancerError::DataFile {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| about(format!("cannot read the bench config: {e}")))?;
        let mut config = Self::from_toml(&text, &path.to_string_lossy())?;
        let base = path.parent().unwrap_or(std::path::Path::new("."));
        for set in &mut config.sets {
            set.params
                .features
                .resolve_files(base)
                .map_err(|e| about(format!("set `{}`: stop_words: {e}", set.name)))?;
        }
        Ok(config)
    }
}

/// The 1-based lines of the `[[set]]` headers, in order.
fn set_header_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[set]]"))
        .map(|(i, _)| i + 1)
        .collect()
}

/// The line an error about set `i` points at: the line of the first key `error` names
/// ("unknown field `ngrams`") inside the set, or before the first set (in `[base]`) when
/// the set does not have it; else the set's `[[set]]` line. Sets written as an inline
/// array (`set = [{ name = "a" }]`) have no header line: the key's line, else line 1.
fn error_line(text: &str, headers: &[usize], i: usize, error: &str) -> usize {
    let header = headers.get(i).copied().unwrap_or(1);
    let first_set = headers.first().copied().unwrap_or(usize::MAX);
    let end = headers.get(i + 1).copied().unwrap_or(usize::MAX);
    // The first name between backquotes; of a path (`features.min_df`), its last key.
    let key = error
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|k| k.rsplit('.').next().unwrap_or(k))
        .find(|k| !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_'));
    let Some(key) = key else {
        return header;
    };
    let sets_key = |l: &str| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let lines = || text.lines().enumerate().map(|(i, l)| (i + 1, l));
    lines()
        .find(|&(n, l)| n > header && n < end && sets_key(l))
        .or_else(|| lines().find(|&(n, l)| n < first_set && sets_key(l)))
        .map_or(header, |(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_change_only_the_keys_they_name() {
        let text = r#"
            reference = "b"
            folds = 3
            [base.features]
            min_df = 2
            lexicon_features = false
            [base.stance]
            c = 4.0
            [[set]]
            name = "a"
            [set.features]
            word_ngrams = [1, 1]
            [[set]]
            name = "b"
            [set.stance]
            c = 1.0
        "#;
        let c = BenchConfig::from_toml(text, "t.toml").unwrap();
        assert_eq!((c.reference.as_str(), c.folds, c.sets.len()), ("b", 3, 2));
        let (a, b) = (&c.sets[0].params, &c.sets[1].params);
        assert_eq!(a.features.word_ngrams, [1, 1]);
        assert_eq!((a.features.min_df, a.features.lexicon_features), (2, false));
        assert_eq!(a.stance.c, 4.0);
        assert_eq!(b.features.word_ngrams, [1, 2]);
        assert_eq!((b.features.min_df, b.stance.c), (2, 1.0));
    }

    #[test]
    fn config_errors_name_the_file_and_the_problem() {
        let err = |t: &str| BenchConfig::from_toml(t, "f.toml").unwrap_err().to_string();
        assert!(err("folds = 3").contains("no [[set]]"));
        assert!(err("[[set]]\nword = 1").contains("needs a name"));
        let unknown = err("[[set]]\nname = \"x\"\n[set.features]\nngrams = [1, 2]");
        assert!(
            unknown.contains("f.toml") && unknown.contains("ngrams"),
            "{unknown}"
        );
        let missing = err("reference = \"zz\"\n[[set]]\nname = \"x\"");
        assert!(missing.contains("`zz` is not defined"));
        let metric = err("metric = \"auc\"\n[[set]]\nname = \"x\"");
        assert!(metric.contains("unknown metric `auc`"), "{metric}");
        let twice = err("[[set]]\nname = \"x\"\n[[set]]\nname = \"x\"");
        assert!(
            twice.contains("line 3: set `x` is defined twice"),
            "{twice}"
        );
    }

    #[test]
    fn a_sets_error_names_the_line_of_its_key_or_of_its_header() {
        let err = |t: &str| BenchConfig::from_toml(t, "f.toml").unwrap_err().to_string();
        let text = "folds = 3\n\n[[set]]\nname = \"a\"\n\n[[set]]\nname = \"b\"\n\
                    [set.features]\nword_ngrams = [1, 2]\nngrams = [1, 2]\n";
        let unknown = err(text);
        assert!(
            unknown.contains("f.toml: line 10: set `b`: unknown field `ngrams`"),
            "{unknown}"
        );
        // A bad value of a key that `[base]` gives every set is found in `[base]`.
        let based = err("[base.stance]\nC = \"high\"\n[[set]]\nname = \"a\"\n");
        assert!(based.contains("f.toml: line 2: set `a`"), "{based}");
        // Without a key to point at, the set's own header.
        let nameless = err("[[set]]\nname = \"a\"\n[[set]]\nword = 1\n");
        assert!(
            nameless.contains("f.toml: line 3: every [[set]]"),
            "{nameless}"
        );
        // A bad value, named by its path.
        // Sets as an inline array have no header line to count from (this panicked): a key
        // not at a line's start is not found, so line 1.
        let inline = err("set = [{ name = \"a\" },\n  { name = \"b\", ngrams = 2 }]\n");
        assert!(
            inline.contains("f.toml: line 1: set `b`: unknown field `ngrams`"),
            "{inline}"
        );
        let value = err("[[set]]\nname = \"a\"\n[set.features]\nstem = true\nmin_df = \"two\"\n");
        assert!(
            value.contains("f.toml: line 5: set `a`: invalid type"),
            "{value}"
        );
    }
}
