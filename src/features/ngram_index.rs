//! Word n-gram lookups by token id, so that scoring never builds an n-gram string.
//!
//! Every word that occurs in a word n-gram or quote-marker feature gets an id; an n-gram
//! (n ≤ [`MAX_N`]) is keyed by its ids packed into one `u64` ([`pack`]), a quote marker by
//! [`quote_key`]. The index is derived from the vocabulary strings (never stored), so a
//! loaded model and a freshly fitted one look features up identically.

use super::fxhash::FxHashMap;
use super::lexicon::Lexicon;
use super::voice;

mod table;

pub(crate) use table::InlineWord;
use table::{Table, Value};

/// Bits per word id in a packed key: three ids fit in 63 bits.
pub const ID_BITS: u32 = 21;
/// The longest word n-gram the packed keys hold.
pub const MAX_N: usize = 3;

/// Whether a configuration's features are all word n-grams and quote markers that token
/// ids can key: no character n-grams, no n-gram longer than [`MAX_N`], none of the
/// features the string analyzer adds beside words (punctuation, claim/headline pairs),
/// and none of the scikit-learn options the string path implements (blocks, `binary`,
/// `lowercase = false`, stop words, `token_pattern`). Both id paths (fitting and
/// transforming) apply only then; otherwise the string path.
pub fn covers(config: &super::config::FeatureConfig) -> bool {
    config.char_ngrams.is_none()
        && config.word_ngrams[1] <= MAX_N
        && !config.punctuation
        && !config.pair_features
        && !config.pair_mask
        && !config.is_union()
        && !config.binary
        && config.lowercase
        && config.stop_words.is_none()
        && config.token_pattern.is_none()
}
/// Word ids must stay below this (ids are stored +1 so that 0 means "no word").
pub const MAX_WORDS: usize = (1 << ID_BITS) - 1;
/// No entry group ([`NgramIndex::starting`]).
const NONE: u32 = u32::MAX;
/// The id given to a word outside the index: no feature contains it.
pub const UNKNOWN: u32 = u32::MAX;
const QUOTE_FLAG: u64 = 1 << 63;
/// The n-gram table size from which its slots are read ahead ([`NgramIndex::fetch_pays`]).
const FETCH_FROM_BYTES: usize = 2 << 20;

/// The key of a word n-gram of ids (1 ≤ `ids.len()` ≤ [`MAX_N`], no [`UNKNOWN`]).
#[inline]
pub fn pack(ids: &[u32]) -> u64 {
    ids.iter()
        .fold(0, |k, &id| (k << ID_BITS) | (u64::from(id) + 1))
}

/// The key of the quote-marker feature `"word"`.
#[inline]
pub fn quote_key(id: u32) -> u64 {
    QUOTE_FLAG | (u64::from(id) + 1)
}

/// What the index knows of a word: its id and, when the word is a feature itself, its
/// unigram column (so the commonest lookup of scoring, a known word, is one probe).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordEntry {
    pub id: u32,
    pub unigram: Option<u32>,
}

/// The entry of a word outside the index.
pub const UNKNOWN_WORD: WordEntry = WordEntry {
    id: UNKNOWN,
    unigram: None,
};

impl Value for WordEntry {
    const EMPTY: Self = UNKNOWN_WORD;
    #[inline]
    fn is_empty(&self) -> bool {
        self.id == UNKNOWN
    }
}

/// Word ids and packed n-gram keys → feature columns.
#[derive(Debug, Clone, Default)]
pub struct NgramIndex {
    /// Words of at most [`table::INLINE`] bytes (nearly all), and the longer ones.
    short: Table<InlineWord, WordEntry>,
    long: FxHashMap<Box<str>, WordEntry>,
    /// Word n-grams with n ≥ 2 and quote markers (unigrams live in the word entries).
    grams: Table<u64, u32>,
    /// By word id: the lexicon entries whose first token is the word, in lexicon order
    /// (an index into `starting`, [`NONE`] for none), as `Lexicon::starting_with` lists
    /// them; and by entry, its tokens' ids. Every lexicon token has an id, so the tagger's
    /// candidates are found by comparing ids, not strings.
    first_of: Vec<u32>,
    starting: Vec<Vec<usize>>,
    entry_ids: Vec<Box<[u32]>>,
    /// By word id: the voice rules' word lists it belongs to (every list word has an id,
    /// so a word without one belongs to none).
    lists: Vec<u64>,
}

impl NgramIndex {
    /// The index of the word n-gram and quote-marker terms of a vocabulary (terms in column
    /// order); character n-grams (`§…`) are left to string lookups. `None` when a term is
    /// an n-gram longer than [`MAX_N`] or there are too many words to pack.
    pub fn build(terms: &[String], lexicon: &Lexicon) -> Option<Self> {
        let mut index = NgramIndex {
            grams: Table::with_capacity(terms.len()),
            ..NgramIndex::default()
        };
        for (col, term) in terms.iter().enumerate() {
            if term.starts_with('§') {
                continue;
            }
            // (u32::MAX marks an empty slot of the tables.)
            let col = u32::try_from(col).ok().filter(|&c| c != u32::MAX)?;
            if let Some(inner) = term
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .filter(|w| !w.is_empty())
            {
                let id = index.intern(inner).id;
                index.grams.insert(quote_key(id), col);
                continue;
            }
            let Some(space) = space_in(term) else {
                index.intern(term).unigram = Some(col);
                continue;
            };
            // The words between spaces, found by byte: `split(' ')` called memcmp on every
            // match, and a `char` pattern decoded every character (both were a sixth of
            // loading a 600k-feature model). A space is one byte, so the cuts are
            // character boundaries.
            let mut ids = [0u32; MAX_N];
            ids[0] = index.intern(&term[..space]).id;
            let mut n = 1;
            let mut rest = &term[space + 1..];
            loop {
                if n == MAX_N {
                    return None;
                }
                match space_in(rest) {
                    Some(p) => {
                        ids[n] = index.intern(&rest[..p]).id;
                        rest = &rest[p + 1..];
                        n += 1;
                    }
                    None => {
                        ids[n] = index.intern(rest).id;
                        n += 1;
                        break;
                    }
                }
            }
            index.grams.insert(pack(&ids[..n]), col);
        }
        // Entries without token forms (a lexicon not rebuilt) match nothing here; the
        // tagger then tries every entry by text.
        let mut first: Vec<(u32, usize)> = Vec::new();
        for (e, entry) in lexicon.entries().iter().enumerate() {
            let ids: Box<[u32]> = entry.tokens.iter().map(|t| index.intern(t).id).collect();
            if let Some(&id) = ids.first() {
                first.push((id, e));
            }
            index.entry_ids.push(ids);
        }
        for w in voice::list_words() {
            index.intern(w);
        }
        index.first_of = vec![NONE; index.len()];
        for (id, e) in first {
            let group = match index.first_of[id as usize] {
                NONE => {
                    index.first_of[id as usize] = index.starting.len() as u32;
                    index.starting.push(Vec::new());
                    index.starting.len() - 1
                }
                g => g as usize,
            };
            index.starting[group].push(e);
        }
        (index.len() < MAX_WORDS).then_some(index)
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    fn intern(&mut self, w: &str) -> &mut WordEntry {
        let fresh = WordEntry {
            id: self.len() as u32,
            unigram: None,
        };
        let entry = match InlineWord::new(w) {
            Some(k) => self.short.get_or_insert_with(k, || fresh),
            None => self.long.entry(w.into()).or_insert(fresh),
        };
        if entry.id == fresh.id {
            self.lists.push(voice::word_lists(w));
        }
        entry
    }

    /// What the index knows of a word ([`UNKNOWN_WORD`] if nothing). Inlined into the
    /// tokenizer's callback, where it runs once per token.
    #[inline(always)]
    pub fn lookup(&self, w: &str) -> WordEntry {
        match InlineWord::new(w) {
            Some(k) => self.short.get(&k),
            None => self.long.get(w).copied(),
        }
        .unwrap_or(UNKNOWN_WORD)
    }

    /// The id of a word, or [`UNKNOWN`] (tests ask for ids by word).
    #[cfg(test)]
    fn word(&self, w: &str) -> u32 {
        self.lookup(w).id
    }

    /// The voice rules' word lists of word `id` (none for [`UNKNOWN`]), as
    /// `voice::word_lists` gives them for the word.
    #[inline]
    pub fn lists(&self, id: u32) -> u64 {
        self.lists.get(id as usize).copied().unwrap_or(0)
    }

    /// The lexicon entries whose first token is word `id`, in lexicon order (what
    /// `Lexicon::starting_with` gives for the word).
    #[inline]
    pub fn starting(&self, id: u32) -> &[usize] {
        match self.first_of.get(id as usize) {
            Some(&g) if g != NONE => &self.starting[g as usize],
            _ => &[],
        }
    }

    /// Whether lexicon entry `e`'s tokens are the first of `ids`.
    #[inline]
    pub fn entry_at(&self, e: usize, ids: &[u32]) -> bool {
        let want = &self.entry_ids[e];
        ids.get(..want.len()) == Some(want)
    }

    /// Whether reading the slots of a text's keys ahead ([`fetch_columns`](Self::fetch_columns))
    /// pays: only when the n-gram table is larger than a core's cache, where each lookup
    /// is a miss (a 600k-feature model); a small model's table stays cached, and the extra
    /// pass over the keys was a third of forming its n-grams.
    #[inline]
    pub fn fetch_pays(&self) -> bool {
        self.grams.bytes() > FETCH_FROM_BYTES
    }

    /// Reads the slots of packed keys about to be looked up ([`column`](Self::column)):
    /// independent reads, which the processor overlaps, so that the lookups after them
    /// find their slots in the cache.
    #[inline]
    pub fn fetch_columns(&self, keys: &[u64]) {
        self.grams.fetch(keys);
    }

    /// The column of a packed n-gram (n ≥ 2) or quote-marker key.
    #[inline]
    pub fn column(&self, key: u64) -> Option<u32> {
        self.grams.get(&key)
    }
}

/// The first space of a term. A plain loop: terms are a dozen bytes, where a call to
/// `memchr` costs more than it saves.
#[inline]
fn space_in(term: &str) -> Option<usize> {
    term.bytes().position(|b| b == b' ')
}

/// Derived state that is rebuilt, never stored or compared.
#[derive(Debug, Clone, Default)]
pub struct Derived<T>(pub T);

impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Derived<T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::LexiconEntry;

    /// A lexicon of `terms` (frame and stance do not matter here).
    fn lex(terms: &[&str]) -> Lexicon {
        Lexicon::new(
            terms
                .iter()
                .map(|t| LexiconEntry {
                    term: t.to_string(),
                    frame: "occupied".into(),
                    stance: "georgian".into(),
                    kind: Default::default(),
                    tokens: vec![],
                })
                .collect(),
        )
    }

    #[test]
    fn keys_of_different_lengths_never_collide() {
        assert_ne!(pack(&[0]), pack(&[0, 0]));
        assert_ne!(pack(&[1, 0]), pack(&[0, 1]));
        assert_ne!(quote_key(0), pack(&[0]));
    }

    #[test]
    fn finds_columns_of_words_bigrams_and_quote_markers() {
        let terms: Vec<String> = ["\"occupied\"", "occupied", "occupied land", "§ab"]
            .map(String::from)
            .to_vec();
        let ix = NgramIndex::build(&terms, &lex(&["land"])).unwrap();
        let (o, l) = (ix.word("occupied"), ix.word("land"));
        assert_eq!(ix.column(quote_key(o)), Some(0));
        assert_eq!(ix.lookup("occupied").unigram, Some(1));
        assert_eq!(ix.lookup("land").unigram, None);
        assert_eq!(ix.column(pack(&[o, l])), Some(2));
        assert_eq!(ix.word("ab"), UNKNOWN);
        // Words longer than the inline keys are found all the same.
        let long = "internationally-recognised".to_string();
        let ix = NgramIndex::build(&[long.clone(), format!("{long} border")], &lex(&[])).unwrap();
        let l = ix.lookup(&long);
        assert_eq!(l.unigram, Some(0));
        assert_eq!(ix.column(pack(&[l.id, ix.word("border")])), Some(1));
        assert_eq!(ix.word("internationally-recognise"), UNKNOWN);
        assert!(NgramIndex::build(&["a b c d".to_string()], &lex(&[])).is_none());
    }

    #[test]
    fn lexicon_entries_by_first_token_and_their_ids_are_the_lexicons() {
        let lexicon = lex(&[
            "occupied",
            "occupation line",
            "occupation",
            "de facto",
            "land",
        ]);
        let terms: Vec<String> = ["occupied", "the line"].map(String::from).to_vec();
        let ix = NgramIndex::build(&terms, &lexicon).unwrap();
        for w in [
            "occupied",
            "occupation",
            "de",
            "land",
            "line",
            "the",
            "xyzzy",
        ] {
            let by_text = lexicon.starting_with(w).unwrap();
            assert_eq!(ix.starting(ix.word(w)), by_text, "{w}");
        }
        let ids = |ws: &[&str]| ws.iter().map(|w| ix.word(w)).collect::<Vec<_>>();
        for (e, entry) in lexicon.entries().iter().enumerate() {
            let toks: Vec<&str> = entry.tokens.iter().map(String::as_str).collect();
            assert!(ix.entry_at(e, &ids(&toks)), "{}", entry.term);
            let mut longer = toks.clone();
            longer.push("xyzzy");
            assert!(ix.entry_at(e, &ids(&longer)));
            assert!(!ix.entry_at(e, &ids(&toks[..toks.len() - 1])));
            assert!(!ix.entry_at(e, &ids(&["xyzzy"])));
        }
    }

    #[test]
    fn a_words_lists_by_id_are_its_lists_by_text() {
        let terms: Vec<String> = ["said", "occupied", "the region"]
            .map(String::from)
            .to_vec();
        let ix = NgramIndex::build(&terms, &lex(&["occupation"])).unwrap();
        let words = voice::list_words().chain(["said", "occupied", "the", "region", "xyzzy"]);
        for w in words {
            assert_eq!(ix.lists(ix.word(w)), voice::word_lists(w), "{w}");
        }
        assert_ne!(ix.lists(ix.word("said")), 0);
        assert_eq!(ix.lists(UNKNOWN), 0);
    }
}
