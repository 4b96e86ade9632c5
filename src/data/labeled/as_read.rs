//! The corpus's sentences as a model reads them rather than as the file wrote them: what
//! features are built from, so that training sees a sentence the way the scorer will.

use std::borrow::Cow;
use std::ops::Range;

use super::LabeledCorpus;
use crate::features::{ArticleReading, ReadSentence};
use crate::text::quotes::read_in_quotation;

impl LabeledCorpus {
    /// Sentence `i` as a model reads it ([`ArticleReading`]): with
    /// `cross_sentence_quotes`, a quotation's middle sentence behind the quotation's opening
    /// mark (its neighbours in the file show that it is speech; the scorer reads an
    /// article's sentences the same way); with `article_context`, a reported marker with the
    /// word for how the rest of its article narrates; any other as written. Features are
    /// built from this; reports print [`text`](Self::text). The article is the run of
    /// consecutive rows of `i`'s group; for many rows, [`texts_as_read`](Self::texts_as_read)
    /// reads each article once.
    pub fn text_as_read(&self, i: usize, reading: &ArticleReading<'_>) -> Cow<'_, str> {
        if !reading.has_context() {
            return match reading.across() && self.rows.in_quotation[i] {
                true => Cow::Owned(read_in_quotation(self.text(i))),
                false => Cow::Borrowed(self.text(i)),
            };
        }
        let run = self.article_run(i);
        let start = run.start;
        self.read_run(run, reading).swap_remove(i - start).text
    }

    /// [`text_as_read`](Self::text_as_read) of every sentence, in order.
    pub fn texts_as_read(&self, reading: &ArticleReading<'_>) -> Vec<Cow<'_, str>> {
        if !reading.has_context() {
            return (0..self.len())
                .map(|i| self.text_as_read(i, reading))
                .collect();
        }
        let mut out = Vec::with_capacity(self.len());
        let mut start = 0;
        while start < self.len() {
            let run = self.article_run(start);
            start = run.end;
            out.extend(self.read_run(run, reading).into_iter().map(|r| r.text));
        }
        out
    }

    /// The rows of one article: the consecutive rows of `i`'s group around `i`.
    fn article_run(&self, i: usize) -> Range<usize> {
        let group = self.rows.group.get(i);
        let start = (0..i)
            .rev()
            .find(|&j| self.rows.group.get(j) != group)
            .map_or(0, |j| j + 1);
        let end = (i + 1..self.len())
            .find(|&j| self.rows.group.get(j) != group)
            .unwrap_or(self.len());
        start..end
    }

    fn read_run(&self, run: Range<usize>, reading: &ArticleReading<'_>) -> Vec<ReadSentence<'_>> {
        let texts: Vec<&str> = run.clone().map(|i| self.text(i)).collect();
        reading.read(&texts, Some(&self.rows.in_quotation[run]))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::write;
    use super::*;
    use crate::data::{AllowedLabels, Columns};

    /// A quotation's middle row is read as speech when its neighbours in the same article
    /// open and close the quotation; the text itself stays as written.
    #[test]
    fn a_quotations_middle_row_is_read_behind_its_opening_mark() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            &dir,
            "a.csv",
            "doc_id,text,stance\n\
             d1,\"“We stay.\",neutral_wire\n\
             d1,They are a state.,neutral_wire\n\
             d1,\"We go,” he said.\",neutral_wire\n\
             d2,They are a state.,neutral_wire\n",
        );
        let cols = Columns {
            frame: None,
            ..Columns::default()
        };
        let c = LabeledCorpus::from_csvs(&[p], &cols, &AllowedLabels::guide()).unwrap();
        let lexicon = crate::features::Lexicon::guide();
        let reading = |across: bool, context: bool| {
            let config = crate::features::FeatureConfig {
                cross_sentence_quotes: across,
                article_context: context,
                ..Default::default()
            };
            ArticleReading::new(&config, &lexicon)
        };
        let (on, off) = (reading(true, false), reading(false, false));
        assert_eq!(c.text(1), "They are a state.");
        assert_eq!(c.text_as_read(1, &on), "“They are a state.");
        assert_eq!(c.text_as_read(1, &off), "They are a state.");
        // Another article's row is no one's middle; subsets keep what was found.
        assert_eq!(c.text_as_read(3, &on), "They are a state.");
        assert_eq!(c.subset(&[1, 3]).text_as_read(0, &on), "“They are a state.");
        assert_eq!(c.text_as_read(0, &on), "“We stay.");
        // With the article's context too, the same middles, found once per article.
        let with_context = reading(true, true);
        let all = c.texts_as_read(&with_context);
        assert_eq!(all, c.texts_as_read(&on));
        assert_eq!(c.text_as_read(1, &with_context), all[1]);
    }
}
