//! What a term is about, and whether a title is plain.

use super::target::PHRASE_ENDS;
use super::words::{SPEAKER_STATEHOOD, TOPIC_STATEHOOD};
use super::{List, Voice};
use crate::features::reading::{OFF_TOPIC, STATE_ELSE};

/// How a Tskhinvali-side term that names no region may still be about the regions: only
/// through its article ([`STATE_ELSE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unanchored {
    /// "our country": whose country depends on who speaks.
    Speaker,
    /// "the head of state", "interstate", "sovereignty": which state depends on the topic,
    /// which a region named in the sentence settles.
    Topic,
}

/// Whether lexicon term `term` names no region ([`SPEAKER_STATEHOOD`],
/// [`TOPIC_STATEHOOD`]), and how it may be tied to them.
/// Asked of every own-voice hit while scoring, so it compares without allocating (the
/// lists are ASCII).
pub fn unanchored(term: &str) -> Option<Unanchored> {
    let listed = |list: &[&str]| list.iter().any(|t| t.eq_ignore_ascii_case(term));
    if listed(SPEAKER_STATEHOOD) {
        Some(Unanchored::Speaker)
    } else if listed(TOPIC_STATEHOOD) {
        Some(Unanchored::Topic)
    } else {
        None
    }
}

/// Whether the statehood hit `term` in sentence `text` points back to what an earlier
/// sentence named: "these young states", "the two young states". A Russian UN speech
/// names South Ossetia and Abkhazia once and then speaks of "these young states"; no
/// other state is called young in this way, so when an earlier sentence names a region,
/// they are the regions. Read from the words of `text`, not from the hit's offsets, which
/// count from the sentence or from its article depending on the caller.
pub fn young_states_anaphor(text: &str, term: &str) -> bool {
    let young = |w: &str| matches!(w, "state" | "states" | "republic" | "republics");
    if !term.strip_prefix("young ").is_some_and(young) {
        return false;
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(3).any(|w| {
        matches!(w[0].as_str(), "these" | "those" | "two" | "both" | "the")
            && w[1] == "young"
            && young(&w[2])
    })
}

impl Voice<'_, '_> {
    /// Whether the term at tokens `[first, last]`, whose frame is `frame`, is about
    /// something other than the regions' status: the fact of recognition, another
    /// country's independence or occupation, an occupied building, another republic.
    /// `scare`: the term stands in scare quotes, which are the writer's own distancing
    /// and outweigh the recognition fact (“recognising the region's “independence””).
    pub fn neutral_context(&self, first: usize, last: usize, frame: &str, scare: bool) -> bool {
        let n = self.tokens.len();
        let before = |k: usize| first.saturating_sub(k)..first;
        let after = |k: usize| (last + 1).min(n)..(last + 1 + k).min(n);
        let around = |k: usize| first.saturating_sub(k)..(last + 1 + k).min(n);
        let any =
            |range: std::ops::Range<usize>, list: List| range.into_iter().any(|i| self.is(i, list));
        match frame {
            "independent" => {
                if self.word(last) == "republic" {
                    // "the Republic of Moldova", "the Republic of North Ossetia-Alania",
                    // "the Republic of South Africa".
                    if last + 2 >= n || self.word(last + 1) != "of" {
                        return false;
                    }
                    let south_ossetia = self.word(last + 2) == "south"
                        && (last + 3 >= n || self.word(last + 3) == "ossetia");
                    return !(self.word(last + 2) == "abkhazia" || south_ossetia);
                }
                // Not "recognition of our country": the speaker naming its own state.
                if !scare && any(before(7), List::Recognition) && self.word(first) != "our" {
                    return true;
                }
                // "Moscow recognised South Ossetia and the Black Sea region of Abkhazia as
                // independent states": the recognition fact, however long the names between
                // the verb and its "as".
                if !scare && self.recognised_as(first) {
                    return true;
                }
                let single = |w: &str| first == last && self.word(first) == w;
                // Independence wanted, voted on or backed: "voters backed independence".
                if !scare && single("independence") && any(before(3), List::Aspiration) {
                    return true;
                }
                // Georgia's own: "Georgia defended its independence".
                if single("independence")
                    && first > 0
                    && self.word(first - 1) == "its"
                    && any(before(6), List::Georgia)
                    && !any(before(6), List::RegionWords)
                {
                    return true;
                }
                // The state a war was waged against: "an act of aggression by Russia
                // against an independent state" (Georgia, Ukraine), when no region is named
                // as that state.
                let victim = matches!(self.word(last), "state" | "country" | "nation")
                    && before(3).any(|i| self.word(i) == "against")
                    && (0..first).any(|i| {
                        matches!(
                            self.word(i),
                            "aggression"
                                | "invasion"
                                | "intervention"
                                | "war"
                                | "attack"
                                | "invaded"
                                | "attacked"
                        )
                    })
                    // Not "against the independent state of South Ossetia"; the regions
                    // named further off ("... in the separatist regions") leave the victim
                    // Georgia.
                    && !any(after(4), List::RegionWords);
                if victim {
                    return true;
                }
                // Whose country: "Russia occupies 20 percent of our country's territory" is a
                // Georgian statement's; "our country" is the de facto side's only where the
                // sentence does not speak of the regions as occupied Georgian land.
                if self.word(first) == "our" && self.georgian_claim() {
                    return true;
                }
                // A term that names a region ("the Republic of South Ossetia on the border
                // of Georgia") is about that region, whoever else the sentence names.
                if (first..=last).any(|i| self.is(i, List::RegionWords)) {
                    return false;
                }
                // Whose independence: "Georgia's sovereignty", "Kosovo's so-called
                // independence", "sovereignty and territorial integrity of Georgia".
                let other = |i: usize| self.is(i, List::OtherPolities) || self.is(i, List::Georgia);
                if before(2).any(other) || before(4).any(|i| self.is(i, List::OtherPolities)) {
                    return true;
                }
                let possessed = after(6)
                    .take_while(|&i| !self.is(i, List::RegionWords))
                    .skip_while(|&i| self.word(i) != "of")
                    .skip(1)
                    .take(3)
                    .any(other);
                possessed
                    || (any(around(3), List::OtherPolities) && !any(around(3), List::RegionWords))
            }
            "occupied" => {
                // What "occupation of" is put on may be a long list: "the occupation of
                // Crimea and of the Georgian regions of Abkhazia and South Ossetia", "the
                // temporary occupation of the Autonomous Republic of Crimea".
                let object = self.occupied_object(last);
                let elsewhere = any(around(3), List::OtherPolities)
                    || object.clone().any(|k| self.is(k, List::OtherPolities));
                let region = any(around(3), List::RegionWords)
                    || any(around(3), List::Georgia)
                    // Named: "the Donetsk and Luhansk regions" are not these regions.
                    || object.clone().any(|k| {
                        self.is(k, List::Georgia)
                            || (self.is(k, List::RegionWords)
                                && !matches!(self.word(k), "regions" | "republics"))
                    });
                // The verb "occupy" with a house or a crowd: "protesters occupied the
                // building", "cottages occupied by the families".
                let verb = first == last && self.is(first, List::Occupy);
                let thing = verb && any(after(3), List::OccupiedThings);
                let occupants = verb
                    && last + 1 < n
                    && self.word(last + 1) == "by"
                    && any(after(4), List::Occupants);
                // A thing just before, with no preposition between ("the parliament
                // building, occupied since Tuesday"); not the verb "building" of "building on
                // the occupied coast of Abkhazia".
                let thing_before = verb
                    && before(3).any(|k| {
                        self.is(k, List::OccupiedThings)
                            && !(k + 1..first).any(|j| PHRASE_ENDS.contains(&self.word(j)))
                    });
                (elsewhere && !region) || thing || occupants || thing_before
            }
            // A title or name as the "as" complement of recognition: "Aslan Bzhania, whom
            // Moscow recognises as Abkhazia's president" is the recognition fact.
            "none" => !scare && self.recognised_as(first),
            _ => false,
        }
    }

    /// The tokens of the place list after "occupation of" at `last`: names, "of", "and",
    /// "the" and the words of a place ("regions", "city"), up to punctuation or another
    /// word, at most [`OBJECT_WINDOW`].
    fn occupied_object(&self, last: usize) -> std::ops::Range<usize> {
        let n = self.tokens.len();
        let from = last + 1;
        if from + 1 >= n || self.word(from) != "of" {
            return from..from;
        }
        let end = (from + 1..(from + 1 + OBJECT_WINDOW).min(n))
            .find(|&k| {
                let gap = self.gap(k);
                let word = self.word(k);
                gap.contains([',', ';', ':', '.', '(', '—', '–'])
                    || !(self.capitalized(k)
                        || self.is(k, List::RegionWords)
                        || self.is(k, List::Georgia)
                        || matches!(
                            word,
                            "of" | "and"
                                | "the"
                                | "region"
                                | "regions"
                                | "territory"
                                | "territories"
                                | "city"
                                | "part"
                                | "parts"
                        ))
            })
            .unwrap_or((from + 1 + OBJECT_WINDOW).min(n));
        from + 1..end
    }

    /// Whether the unanchored term `term` ([`unanchored`]) is another state's here: its
    /// article's reading marked the sentence [`STATE_ELSE`] (no marker of the article's own
    /// voice takes the regions' side), and, for a topic word, the sentence names no region.
    pub fn state_elsewhere(&self, term: &str) -> bool {
        let Some(kind) = unanchored(term) else {
            return false;
        };
        let n = self.tokens.len();
        if !(0..n).any(|i| self.word(i) == STATE_ELSE) {
            return false;
        }
        kind == Unanchored::Speaker || !(0..n).any(|i| self.is(i, List::RegionWords))
    }

    /// Whether the article's reading marked the sentence [`OFF_TOPIC`]: its article names
    /// neither the regions nor Georgia, so no term of it frames them.
    pub fn off_topic(&self) -> bool {
        (0..self.tokens.len()).any(|i| self.word(i) == OFF_TOPIC)
    }

    /// Whether the sentence speaks of the regions as occupied Georgian land: a form of
    /// "occupy" or "occupation" (not "Georgian occupation", the other side's charge),
    /// "territorial integrity", or "Tskhinvali region".
    fn georgian_claim(&self) -> bool {
        let n = self.tokens.len();
        (0..n).any(|i| {
            let w = self.word(i);
            let occupation = self.is(i, List::Occupy) || w == "occupation" || w == "occupiers";
            let georgians = i > 0 && matches!(self.word(i - 1), "georgian" | "georgia's");
            (occupation && !georgians)
                || (w == "territorial" && i + 1 < n && self.word(i + 1) == "integrity")
                || (w == "tskhinvali" && i + 1 < n && self.word(i + 1) == "region")
        })
    }

    /// Whether the surname at token `i` stands behind a plain title: a title at most
    /// [`TITLE_WINDOW`] tokens before it with only names and the words of an office between
    /// ("President Anatoly Bibilov", "Minister of Foreign Affairs Daur Kove"), and no
    /// qualifier just before the title. Returns the title's token index.
    pub fn plain_title(&self, i: usize) -> Option<usize> {
        let title = (i.saturating_sub(TITLE_WINDOW)..i)
            .rev()
            .find(|&k| self.is(k, List::Titles))?;
        let office_words = (title + 1..i)
            .all(|k| matches!(self.word(k), "of" | "and" | "for" | "the") || self.capitalized(k));
        (office_words && !self.qualified(title)).then_some(title)
    }

    /// Whether a qualifier stands just before token `first`: "de facto President of
    /// Abkhazia", "the so-called Republic of Abkhazia". A Tskhinvali-side title or name so
    /// qualified is not the text's own naming; the qualifier is the marker.
    pub fn qualified(&self, first: usize) -> bool {
        (first.saturating_sub(4)..first).any(|k| self.is(k, List::Qualifiers))
    }

    /// Whether the term at token `first` is the "as" complement of a recognising verb
    /// earlier in its clause ("recognised South Ossetia and the Black Sea region of Abkhazia
    /// as independent states", "recognized Abkhazia as an independent state"): the
    /// recognition fact the guide calls neutral, with names of any length before the "as".
    /// A clause break (`;` `:`) or [`RECOGNISED_AS_WINDOW`] tokens end the search.
    fn recognised_as(&self, first: usize) -> bool {
        let mut k = first;
        while k > 0 && matches!(self.word(k - 1), "a" | "an") {
            k -= 1;
        }
        if k == 0 || self.word(k - 1) != "as" {
            return false;
        }
        let as_at = k - 1;
        (as_at.saturating_sub(RECOGNISED_AS_WINDOW)..as_at)
            .rev()
            .take_while(|&i| !self.gap(i + 1).contains([';', ':']))
            .any(|i| self.is(i, List::Recognition))
    }

    /// Whether a doubting word stands just before token `first` ("the allegedly occupied
    /// territories", "the so-called occupation"): a Georgian term so doubted is the
    /// Tskhinvali side's disbelief, not the text's own framing.
    pub fn doubted(&self, first: usize) -> bool {
        (first.saturating_sub(2)..first).any(|k| self.is(k, List::Doubting))
    }
}

/// How far before a surname its title may stand.
const TITLE_WINDOW: usize = 7;

/// How far before "as" a recognising verb may stand: a list of both regions with their
/// descriptions ("South Ossetia and the Black Sea region of Abkhazia") is about ten tokens.
const RECOGNISED_AS_WINDOW: usize = 16;

/// How long a place list after "occupation of" may be.
const OBJECT_WINDOW: usize = 14;

#[cfg(test)]
mod tests {
    use super::super::words::{SPEAKER_STATEHOOD, TOPIC_STATEHOOD};

    /// [`super::unanchored`] compares ASCII case-insensitively: the lists must be ASCII.
    #[test]
    fn the_unanchored_lists_are_ascii() {
        for t in SPEAKER_STATEHOOD.iter().chain(TOPIC_STATEHOOD) {
            assert!(t.is_ascii(), "{t}");
        }
    }
}
