//! The fast path of transforming: word n-grams and quote markers looked up by token ids
//! (`ngram_index`), sharing the tokens with the frame tagger, and the TF-IDF arithmetic
//! every path ends in ([`TfidfVectorizer::weigh`]).

use super::bag::ColumnBag;
use super::{Analyzer, SparseRow, TfidfVectorizer};
use crate::features::analyzer::Scratch;
use crate::features::ngram_index::{pack, quote_key, NgramIndex, UNKNOWN};
use crate::features::tagger::{FrameHit, FrameTagger, Tok};
use crate::text::tokenize::is_ignorable;

/// A token span that is a slice of the text itself (`(IN_TEXT, _, start, end)`), not of
/// the arena.
const IN_TEXT: usize = usize::MAX;

/// A token's normalized text: the text's own bytes at its offsets, or its arena copy.
fn token_text<'a>(
    text: &'a str,
    arena: &'a str,
    (a, b, start, end): (usize, usize, usize, usize),
) -> &'a str {
    if a == IN_TEXT {
        &text[start..end]
    } else {
        &arena[a..b]
    }
}

impl TfidfVectorizer {
    /// TF-IDF of the word n-gram and quote-marker features by token ids, and with
    /// `want_hits` the frame-term hits from the same tokens (`None` when they could not be
    /// shared: stemmed feature tokens are not the tagger's).
    pub(super) fn word_features(
        &self,
        text: &str,
        a: &Analyzer,
        index: &NgramIndex,
        want_hits: bool,
    ) -> (SparseRow, Option<Vec<FrameHit>>) {
        let mut guard = a.scratch.borrow_mut();
        let Scratch {
            buf,
            ids,
            unigrams,
            quoted,
            cols,
            arena,
            spans,
            quotes,
            keys,
            bag,
            ..
        } = &mut *guard;
        ids.clear();
        unigrams.clear();
        quoted.clear();
        cols.clear();
        arena.clear();
        spans.clear();
        let share = want_hits && !self.config.stem;
        let lexicon = &self.lexicon;
        let indexed = lexicon.is_indexed();
        let lo = self.config.word_ngrams[0];
        let text_start = text.as_ptr();
        a.tokenizer
            .scan_with_quotes(text, buf, quotes, |w, start, end, q| {
                let entry = index.lookup(w);
                ids.push(entry.id);
                unigrams.push(entry.unigram.unwrap_or(UNKNOWN));
                if let (1, Some(u)) = (lo, entry.unigram) {
                    cols.push(u);
                }
                quoted.push(q);
                if share {
                    // A token that is a slice of the text is read from there; only the
                    // normalized ones are copied.
                    if w.as_ptr() == text_start.wrapping_add(start) && w.len() == end - start {
                        spans.push((IN_TEXT, 0, start, end));
                    } else {
                        let from = arena.len();
                        arena.push_str(w);
                        spans.push((from, arena.len(), start, end));
                    }
                }
            });
        let hits = share.then(|| {
            // The lexicon entries matching at each token, by word id (every lexicon token
            // has one, so equal ids are equal tokens).
            let mut candidates: Vec<(usize, usize)> = Vec::new();
            if indexed {
                for (k, &id) in ids.iter().enumerate() {
                    // Pushed one by one: `extend` of a filtered iterator was a call per
                    // token, most of them for words that start no entry.
                    for &e in index.starting(id) {
                        if index.entry_at(e, &ids[k..]) {
                            candidates.push((e, k));
                        }
                    }
                }
                if candidates.is_empty() {
                    return Vec::new();
                }
            }
            let toks: Vec<Tok<'_>> = spans
                .iter()
                .map(|&span| Tok {
                    text: token_text(text, arena, span),
                    start: span.2,
                    end: span.3,
                })
                .collect();
            if !indexed {
                // Token forms not rebuilt yet: let the tagger try every entry.
                return FrameTagger::for_features(lexicon, &self.config)
                    .tag_tokens(text, &toks, quotes);
            }
            let lists: Vec<u64> = ids.iter().map(|&id| index.lists(id)).collect();
            FrameTagger::for_features(lexicon, &self.config).tag_matches(
                text,
                &toks,
                quotes,
                candidates,
                Some(&lists),
            )
        });
        self.gram_columns(index, ids, quoted, keys, cols);
        bag.extend(cols);
        (self.weigh_bag(bag, cols.len()), hits)
    }

    /// The columns of the longer word n-grams and of the quote markers of a text's tokens
    /// (`ids`, `quoted`), appended to `cols` (in no particular order: the row is read back
    /// in column order from the bag).
    fn gram_columns(
        &self,
        index: &NgramIndex,
        ids: &[u32],
        quoted: &[bool],
        keys: &mut Vec<u64>,
        cols: &mut Vec<u32>,
    ) {
        let [lo, hi] = self.config.word_ngrams;
        // Unigrams were counted while scanning; longer n-grams by their packed ids. On a
        // large model all keys first, so that their slots are fetched together (each is a
        // cache miss; one at a time, each waited for the one before); on a small one, whose
        // table stays cached, each is looked up as it is formed.
        if index.fetch_pays() {
            keys.clear();
            for n in lo.max(2)..=hi {
                if n > ids.len() {
                    break;
                }
                keys.extend(ids.windows(n).filter(|w| !w.contains(&UNKNOWN)).map(pack));
            }
            index.fetch_columns(keys);
            cols.extend(keys.iter().filter_map(|&k| index.column(k)));
        } else {
            for n in lo.max(2)..=hi {
                if n > ids.len() {
                    break;
                }
                if n == 2 {
                    for w in ids.windows(2) {
                        if w[0] != UNKNOWN && w[1] != UNKNOWN {
                            if let Some(c) = index.column(pack(w)) {
                                cols.push(c);
                            }
                        }
                    }
                    continue;
                }
                for w in ids.windows(n) {
                    if !w.contains(&UNKNOWN) {
                        if let Some(c) = index.column(pack(w)) {
                            cols.push(c);
                        }
                    }
                }
            }
        }
        if self.config.quote_markers {
            for (&id, &q) in ids.iter().zip(quoted.iter()) {
                if q && id != UNKNOWN {
                    if let Some(c) = index.column(quote_key(id)) {
                        cols.push(c);
                    }
                }
            }
        }
    }

    /// The word features of `text` with voice `marks` put in
    /// ([`voice_marks::apply`](crate::features::voice_marks::apply)), from the tokens that
    /// [`word_features`](Self::word_features) just left in the scratch for `text` itself,
    /// without tokenizing the marked text: each mark stands at the start of a token, and a
    /// marked token is its prefixes and the token. `None` (tokenize the marked text) unless
    /// that is provably the marked text's tokenization: the tokens were kept (`spans`),
    /// every mark starts a token whose text is ASCII, and the character before it is none
    /// that joins words. Letters put in front of a word that starts after such a character
    /// change no token boundary, no quotation mark's reading (those look at whether the
    /// next character is alphanumeric, and it still is) and so no token's quoted flag;
    /// an ASCII word's form is its lowercase, so the marked form is the prefixes and the
    /// token's form.
    pub(super) fn marked_word_features(
        &self,
        text: &str,
        marks: &[(usize, &'static str)],
        a: &Analyzer,
        index: &NgramIndex,
    ) -> Option<SparseRow> {
        let mut guard = a.scratch.borrow_mut();
        let Scratch {
            buf,
            ids,
            unigrams,
            quoted,
            cols,
            arena,
            spans,
            keys,
            bag,
            ..
        } = &mut *guard;
        if self.config.stem || spans.len() != ids.len() || spans.len() != unigrams.len() {
            return None;
        }
        // Each mark's token, checked before anything changes.
        let mut at: Vec<usize> = Vec::with_capacity(marks.len());
        for &(pos, _) in marks {
            let k = spans.partition_point(|s| s.2 < pos);
            let &(_, _, start, end) = spans.get(k)?;
            let before = text[..pos].chars().next_back();
            let joins = |c: char| {
                c.is_alphanumeric() || matches!(c, '-' | '‐' | '\'' | '’') || is_ignorable(c)
            };
            if start != pos || !text[start..end].is_ascii() || before.is_some_and(joins) {
                return None;
            }
            at.push(k);
        }
        let mut m = 0;
        while m < marks.len() {
            let k = at[m];
            buf.clear();
            while m < marks.len() && at[m] == k {
                buf.push_str(marks[m].1);
                m += 1;
            }
            buf.push_str(token_text(text, arena, spans[k]));
            let entry = index.lookup(buf);
            ids[k] = entry.id;
            unigrams[k] = entry.unigram.unwrap_or(UNKNOWN);
        }
        cols.clear();
        if self.config.word_ngrams[0] == 1 {
            cols.extend(unigrams.iter().copied().filter(|&c| c != UNKNOWN));
        }
        self.gram_columns(index, ids, quoted, keys, cols);
        bag.extend(cols);
        Some(self.weigh_bag(bag, cols.len()))
    }

    /// [`weigh`](Self::weigh) of the columns in `bag` (`n` of them, repeats included),
    /// which it leaves empty: the same values in the same order, without sorting.
    pub(super) fn weigh_bag(&self, bag: &mut ColumnBag, n: usize) -> SparseRow {
        let mut row: SparseRow = Vec::with_capacity(n + 6);
        bag.drain(|c, count| row.push((c as usize, self.tf_idf(c, count))));
        self.normalize(&mut row);
        row
    }

    /// A column's TF-IDF value before normalizing, from its count in the text.
    #[inline]
    fn tf_idf(&self, c: u32, count: usize) -> f64 {
        let tf = count as f64;
        // 1 + ln 1 is 1.0 exactly: most features occur once, and `ln` is not free.
        let tf = if self.config.sublinear_tf && count > 1 {
            1.0 + tf.ln()
        } else {
            tf
        };
        tf * self.idf[c as usize]
    }

    /// Divides a row by its l2 norm, if the configuration asks for it.
    fn normalize(&self, row: &mut SparseRow) {
        if self.config.l2_norm {
            let norm = row.iter().map(|&(_, v)| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|(_, v)| *v /= norm);
            }
        }
    }

    /// TF-IDF values of a bag of column ids (sorted in place), in column order, normalized:
    /// the arithmetic of scikit-learn's `TfidfVectorizer`.
    pub(crate) fn weigh(&self, cols: &mut [u32]) -> SparseRow {
        cols.sort_unstable();
        let mut row: SparseRow = Vec::with_capacity(cols.len() + 6);
        let mut i = 0;
        while i < cols.len() {
            let c = cols[i];
            let mut j = i + 1;
            while j < cols.len() && cols[j] == c {
                j += 1;
            }
            row.push((c as usize, self.tf_idf(c, j - i)));
            i = j;
        }
        self.normalize(&mut row);
        row
    }
}
