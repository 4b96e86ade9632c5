//! Scoring Python values: texts that may be missing or not strings, ids that may be
//! missing, laid out as the CLI's rows with an error row for each text that is not there.

use super::*;

/// Whether a cell holds no value: None, a float NaN (pandas' missing number) or pandas'
/// `NA`.
pub(crate) fn is_missing(v: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(v.is_none()
        || v.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan())
        || v.get_type().name()? == "NAType")
}

/// Ids that were missing (None, NaN, null). Their doc_id is empty, as the CLI writes an
/// empty id; `str()` made them `None`, `nan` or `<NA>`, ids no input row has.
#[derive(Default)]
pub(crate) struct MissingIds {
    count: usize,
    first: usize,
}

impl MissingIds {
    /// Notes row `i`; the id it gets (empty).
    pub(crate) fn note(&mut self, i: usize) -> String {
        if self.count == 0 {
            self.first = i;
        }
        self.count += 1;
        String::new()
    }

    /// A `UserWarning` saying how many, as the CLI warns about empty ids.
    pub(crate) fn warn(&self, py: Python<'_>) -> PyResult<()> {
        if self.count == 0 {
            return Ok(());
        }
        user_warnings(
            py,
            &[format!(
                "ids: {} row(s) have no id (None, NaN or null; the first is row {}): their \
                 doc_id is empty, and their output rows cannot be told apart by id",
                self.count, self.first
            )],
        )
    }
}

/// A `UserWarning`'s text when ids repeat, as the CLI warns about an id given twice in a
/// file: rows joined back by id would pair one score with two articles. Empty ids (missing
/// ones) are [`MissingIds`]' to report. `places` name the rows (`FILE: line N`).
fn repeated_ids(ids: &[Cow<'_, str>], places: Option<&[String]>) -> Option<String> {
    let mut first_at: std::collections::HashMap<&str, usize> = Default::default();
    let (mut repeats, mut first) = (0usize, None);
    for (i, id) in ids.iter().enumerate().filter(|(_, id)| !id.is_empty()) {
        match first_at.entry(id.as_ref()) {
            std::collections::hash_map::Entry::Occupied(e) => {
                repeats += 1;
                first.get_or_insert((id.as_ref(), i, *e.get()));
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }
    let (id, at, before) = first?;
    let place = |i: usize| places.map_or(format!("row {i}"), |p| p[i].clone());
    Some(format!(
        "ids: {repeats} row(s) repeat an earlier id; the first is `{id}` at {}, first given \
         at {}; their output rows cannot be told apart by id",
        place(at),
        place(before)
    ))
}

impl Model {
    /// Scores the texts that are there (on rayon's pool, without the GIL) and lays out the
    /// rows, an error row for each text that is not.
    ///
    /// `places` name the rows in messages (`FILE: line N`); by default `row I`.
    pub(crate) fn score_strs(
        &self,
        py: Python<'_>,
        strs: &[Result<&str, String>],
        ids: Option<Vec<Cow<'_, str>>>,
        level: Level,
        unescape_html: bool,
        places: Option<&[String]>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        if let Some(ids) = &ids {
            if ids.len() != strs.len() {
                return Err(PyValueError::new_err(format!(
                    "{} ids for {} texts",
                    ids.len(),
                    strs.len()
                )));
            }
        }
        let model = Arc::clone(&self.inner);
        let mut summary = ScoreSummary::default();
        let table = py.detach(|| {
            // A blank text is an error row, as in the CLI; the rest are scored.
            // With `unescape_html`, HTML character references are decoded first (the rows
            // give the decoded text), as `stancer score --unescape-html` does.
            let strs: Vec<Result<Cow<'_, str>, String>> = strs
                .iter()
                .enumerate()
                .map(|(i, s)| match s {
                    Ok(t) if t.trim().is_empty() => {
                        Err(format!("row {i}: empty text; expected the article's text"))
                    }
                    Ok(t) if unescape_html => Ok(html::unescape(t)),
                    Ok(t) => Ok(Cow::Borrowed(*t)),
                    Err(e) => Err(e.clone()),
                })
                .collect();
            let present: Vec<&str> = strs.iter().filter_map(|s| s.as_deref().ok()).collect();
            let mut scored = score_texts(&model, &present, level, MAX_SENTENCES).into_iter();
            let mut table = Table::new(&model, &self.model_id, level);
            let mut position = String::new();
            for (i, s) in strs.iter().enumerate() {
                let (text, outcome) = match s {
                    Ok(t) => match scored.next() {
                        Some(Ok(sc)) => {
                            summary.scored += 1;
                            summary.sentences += sc.sentences().len() as u64;
                            summary.no_known_word += sc.no_known_word();
                            if !unescape_html && html::has_char_refs(t) {
                                summary.html_escaped += 1;
                            }
                            (t.as_ref(), Outcome::Scored(sc))
                        }
                        Some(Err(e)) => match places {
                            Some(p) => ("", Outcome::Error(format!("{}: {e}", p[i]))),
                            None => ("", Outcome::Error(format!("row {i}: {e}"))),
                        },
                        None => (t.as_ref(), Outcome::Error("not scored".into())),
                    },
                    Err(m) => ("", Outcome::Error(m.clone())),
                };
                let id = match &ids {
                    Some(ids) => ids[i].as_ref(),
                    None => {
                        position.clear();
                        let _ = write!(position, "{i}");
                        position.as_str()
                    }
                };
                table.push(i, id, text, &outcome);
            }
            table
        });
        let warnings = [
            // Lines of files (`places`): their reader warns of repeated ids as the CLI does.
            ids.as_deref()
                .filter(|_| places.is_none())
                .and_then(|ids| repeated_ids(ids, places)),
            summary.no_known_word_warning("the text column"),
            summary.html_escaped_warning("unescape_html=True"),
        ];
        user_warnings(py, &warnings.into_iter().flatten().collect::<Vec<_>>())?;
        table.into_py(py)
    }

    pub(crate) fn new(model: StanceModel, source: String, model_id: String) -> Self {
        Model {
            inner: Arc::new(model),
            source,
            model_id,
        }
    }
}
