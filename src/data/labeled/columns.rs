//! Which columns of a labeled CSV hold what, and which labels they may hold.

/// What joins several text columns into one text (`--text-col claim,headline`): a token of
/// its own, so that word n-grams across the join are told apart from n-grams inside either
/// column, and a model can learn what the first words after it (the second column's opening)
/// signal.
pub const TEXT_SEPARATOR: &str = " xxsep ";

/// How a row's group (the unit kept whole in splits and resampled by the bootstrap) is
/// taken from the group column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GroupKey {
    /// The column's value as it is.
    #[default]
    Value,
    /// The host of the URL in the column (`https://www.foxnews.com/x` → `foxnews.com`):
    /// the publisher, for data sets that must never put an outlet on both sides.
    UrlHost,
}

/// Which CSV columns hold what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The text column(s); several are joined with [`TEXT_SEPARATOR`] in the order given.
    pub text: Vec<String>,
    pub stance: String,
    /// The frame column; `None` trains the stance head only.
    pub frame: Option<String>,
    /// Whether a missing frame column means "no frame head" rather than an error.
    pub frame_optional: bool,
    /// The grouping column for splits (never a group on both sides): documents by default.
    pub group: String,
    /// How the group is read from the group column.
    pub group_key: GroupKey,
    /// A sentence id column, used to catch duplicate rows.
    pub sent: Option<String>,
    /// Whether a missing sentence id column means "no duplicate check" (the default
    /// `sent_id`) rather than an error (a column the user named).
    pub sent_optional: bool,
    /// The column whose values are held out together in splits (e.g. `style`, `outlet`);
    /// `None` splits by the group column. Articles are still aggregated by `group`.
    pub split: Option<String>,
    /// A column whose values each get a model of their own (SemEval's `Target`):
    /// evaluation trains one model per value and pools the predictions.
    pub per_group: Option<String>,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            text: vec!["text".into()],
            stance: "stance".into(),
            frame: Some("frame".into()),
            frame_optional: false,
            group: "doc_id".into(),
            group_key: GroupKey::Value,
            sent: Some("sent_id".into()),
            sent_optional: true,
            split: None,
            per_group: None,
        }
    }
}

/// Which label values a column may hold; `None` accepts whatever the data has.
#[derive(Debug, Clone, Default)]
pub struct AllowedLabels {
    pub stance: Option<Vec<String>>,
    pub frame: Option<Vec<String>>,
}

impl AllowedLabels {
    /// The label sets of `LABELING.md`.
    pub fn guide() -> Self {
        AllowedLabels {
            stance: Some(crate::features::lexicon::STANCES.map(String::from).to_vec()),
            frame: Some(crate::features::lexicon::FRAMES.map(String::from).to_vec()),
        }
    }

    /// What `--labels` / `--any-labels` (and the Python package's `labels=`) allow: the
    /// stance labels named, any labels, or the guide's.
    pub fn from_flags(labels: Option<&[String]>, any_labels: bool) -> Self {
        match (labels, any_labels) {
            (Some(l), _) => AllowedLabels {
                stance: Some(l.to_vec()),
                frame: None,
            },
            (None, true) => AllowedLabels::default(),
            (None, false) => AllowedLabels::guide(),
        }
    }
}

/// Where the column `name` is among a CSV's `headers` (a byte-order mark and spaces around
/// a name are not part of it).
pub(crate) fn header_position(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}').trim() == name)
}

/// [`header_position`], or the error that names the file, the column and the columns there.
pub(crate) fn find_column(
    path: &std::path::Path,
    headers: &csv::StringRecord,
    name: &str,
) -> crate::error::Result<usize> {
    header_position(headers, name).ok_or_else(|| crate::error::StancerError::MissingColumn {
        path: path.into(),
        column: name.into(),
        available: headers.iter().collect::<Vec<_>>().join(", ")
            + &crate::data::csv_checks::delimiter_hint(headers.iter()),
    })
}
