//! What a distancing qualifier is put on.
//!
//! The guide's Georgian markers "so-called", "de facto", "self-proclaimed" and "puppet" mark
//! a sentence only when they are put on the regions, their institutions or their status
//! ("the so-called elections in Tskhinvali", "the de facto authorities"). Put on Georgia's
//! own terms ("so-called territorial integrity", "so-called neutral passports") the guide
//! reads "so-called" as the pro-Tskhinvali side's; put on anything else ("the so-called
//! rules-based order", "a de facto ban on imports") it frames nothing here. Composed text
//! uses the qualifiers almost only in the first sense, so without this rule a word model
//! learns "so-called" as Georgian, and a Russian UN speech full of "so-called" Western
//! policies reads as Georgian.

use super::lists::List;
use super::words::*;
use super::Voice;

/// What the qualifier at a hit qualifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QualifierTarget {
    /// The regions, their institutions or status: the guide's Georgian marker.
    Status,
    /// Georgia's own term: the guide's pro-Tskhinvali "so-called".
    GeorgiasTerm,
    /// Something else: no framing of the regions.
    Elsewhere,
}

/// How many tokens after the qualifier may name what it qualifies ("the so-called
/// parliamentary elections", "de facto state security service").
const TARGET_WINDOW: usize = 4;
/// Words that end the phrase a qualifier is put on.
pub(super) const PHRASE_ENDS: [&str; 14] = [
    "to", "for", "of", "in", "on", "with", "from", "by", "against", "over", "at", "into", "that",
    "which",
];

/// How far after the qualifier another place may be named and make its target that
/// place's ("the de facto authorities of the self-styled republic rely on Armenia").
const OTHER_WINDOW: usize = 10;

/// How far before the qualifier a region word may stand and still be whose it is
/// ("Abkhazia's so-called ...", "in Sukhumi, the so-called ...").
const REGION_WINDOW: usize = 6;

impl Voice<'_, '_> {
    /// What the hit at tokens `[first, last]` qualifies, if the hit is a bare distancing
    /// qualifier ("so-called", "de facto", "self-proclaimed", "puppet"); `None` for any
    /// other term, which names its target itself.
    pub fn qualifier_target(&self, first: usize, last: usize) -> Option<QualifierTarget> {
        if !(first..=last).all(|k| self.is(k, List::Distancing)) {
            return None;
        }
        let n = self.tokens.len();
        // The words after the qualifier, up to a clause break: a comma or stop ends what
        // it can be put on, a quotation mark does not (so-called “independence”).
        // A preposition ends the phrase too: "de facto support to the referendum" is put
        // on the support, not on the referendum.
        let after: Vec<usize> = (last + 1..(last + 1 + TARGET_WINDOW).min(n))
            .take_while(|&k| {
                !self
                    .gap(k)
                    .contains([',', ';', ':', '.', '!', '?', '(', ')'])
                    && !PHRASE_ENDS.contains(&self.word(k))
            })
            .collect();
        if after.is_empty() {
            return Some(QualifierTarget::Status);
        }
        let inverts = (first..=last).any(|k| self.is(k, List::Inverting));
        let georgias = |k: usize| {
            self.is(k, List::GeorgiasTerms)
                || (self.word(k) == "tskhinvali" && k + 1 < n && self.word(k + 1) == "region")
        };
        if inverts && after.iter().take(3).any(|&k| georgias(k)) {
            return Some(QualifierTarget::GeorgiasTerm);
        }
        // "the so-called “return of refugees”": Georgia's term behind an "of" the phrase
        // stops at, when what comes before it is no institution of the regions.
        let head = after[0];
        if inverts
            && !self.is(head, List::StatusWords)
            && head + 2 < n
            && self.word(head + 1) == "of"
            && georgias(head + 2)
        {
            return Some(QualifierTarget::GeorgiasTerm);
        }
        // A region named after the words it qualifies is where the thing is ("so-called
        // buffer zones around South Ossetia"); named before, it is whose ("Abkhazia's
        // so-called ...").
        let status = after
            .iter()
            .any(|&k| self.is(k, List::StatusWords) || self.is(k, List::RegionWords))
            || (first.saturating_sub(REGION_WINDOW)..first).any(|k| self.is(k, List::RegionWords));
        // Another place's institutions, in a sentence that names no region: "In
        // Nagorno-Karabakh, the de facto authorities of the self-styled republic rely on
        // Armenia" (not "South Ossetian fighters have been sent to Ukraine, according to
        // the de facto authorities").
        let region_named = (0..n).any(|k| self.is(k, List::RegionWords));
        let other_near = (first.saturating_sub(REGION_WINDOW)..(last + 1 + OTHER_WINDOW).min(n))
            .any(|k| self.is(k, List::OtherPolities));
        Some(if status && (region_named || !other_near) {
            QualifierTarget::Status
        } else {
            QualifierTarget::Elsewhere
        })
    }

    /// Whether the hit at tokens `[first, last]` is a word that marks a side only about
    /// this conflict, used here of somewhere else: another pair of countries, another
    /// place's genocide or occupation, statehood in general or another state's.
    pub fn about_elsewhere(&self, first: usize, last: usize) -> bool {
        self.pair_elsewhere(first, last)
            || self.narrative_elsewhere(first, last)
            || self.statehood_elsewhere(first, last)
            || self.states_in_general(first, last)
            || self.integrity_elsewhere(first, last)
    }

    /// Whether "territorial integrity" at tokens `[first, last]` is not Georgia's: another
    /// country's ("the territorial integrity of Ukraine"), the Charter's principle
    /// ("self-determination and territorial integrity are both principles"), or distanced
    /// by "so-called", whose own hit speaks for the Tskhinvali side. Georgia's, asserted in
    /// the text's own voice ("We reiterate our full support for Georgia's sovereignty and
    /// territorial integrity", "the sovereignty and territorial integrity of Ukraine,
    /// Moldova and Georgia"), takes Georgia's side on the regions' status: every helper
    /// that labeled blind items by the guide read it so (`labels/README.md`).
    fn integrity_elsewhere(&self, first: usize, last: usize) -> bool {
        if !(last == first + 1
            && self.word(first) == "territorial"
            && self.word(last) == "integrity")
        {
            return false;
        }
        !self.georgias_integrity(first, last)
    }

    fn georgias_integrity(&self, first: usize, last: usize) -> bool {
        let n = self.tokens.len();
        let breaks = |k: usize| self.gap(k).contains([';', ':', '.', '!', '?', '(', ')']);
        // The words just before, in the phrase: "so-called", "Georgia's (sovereignty
        // and)", "its", "the country's".
        let mut before = Vec::new();
        let mut k = first;
        while k > 0 && before.len() < 3 && !breaks(k) && !self.gap(k).contains(',') {
            k -= 1;
            before.push(k);
        }
        if before.iter().any(|&k| self.word(k) == "so-called") {
            return false;
        }
        // Reported, not asserted: "the Chairperson-in-Office reaffirmed the OSCE's support
        // for ...", "issued statements reaffirming their support", "Ankara officially
        // backs ...", "the party promotes the idea of restoring ..." (not "We reaffirm our
        // support", whose first person is the text's own).
        let clause: Vec<usize> = (0..first).rev().take_while(|&k| !breaks(k + 1)).collect();
        if clause
            .iter()
            .any(|&k| INTEGRITY_REPORTED.contains(&self.word(k)))
            && !clause
                .iter()
                .any(|&k| matches!(self.word(k), "we" | "our" | "us" | "my"))
        {
            return false;
        }
        if before.iter().any(|&k| self.is(k, List::Georgia)) {
            return true;
        }
        // "of Georgia", "(and sovereignty) of Ukraine, Georgia and Moldova": the list
        // after "of", up to a clause break.
        let of = (last + 1..(last + 4).min(n))
            .take_while(|&k| !breaks(k))
            .find(|&k| self.word(k) == "of");
        if let Some(of) = of {
            return (of + 1..(of + 1 + INTEGRITY_LIST).min(n))
                .take_while(|&k| !breaks(k) && self.word(k) != "within")
                .any(|k| self.is(k, List::Georgia));
        }
        // "its" / "the country's" with Georgia the only country the sentence names:
        // "Georgia remains open to projects that respect its sovereignty and territorial
        // integrity".
        let own = before
            .iter()
            .any(|&k| matches!(self.word(k), "its" | "country"));
        own && (0..n).any(|k| self.is(k, List::Georgia))
            && !(0..n).any(|k| self.is(k, List::OtherPolities))
    }

    /// Whether "sovereign states" / "independent states" at tokens `[first, last]` are
    /// states in general ("interfering in the internal affairs of sovereign states",
    /// "relations between independent states"): a bare plural, not "the two", "these",
    /// "our" or "as" ("recognised them as independent states") states, with no region or
    /// their state names near. UN speeches of every side use the general sense.
    fn states_in_general(&self, first: usize, last: usize) -> bool {
        let plural = last > first
            && self.is(first, List::Statehood)
            && matches!(self.word(last), "states" | "countries" | "nations");
        if !plural {
            return false;
        }
        let picked = first > 0
            && matches!(
                self.word(first - 1),
                "two" | "both" | "these" | "those" | "our" | "their" | "the" | "as"
            );
        let n = self.tokens.len();
        let near = first.saturating_sub(NARRATIVE_WINDOW)..(last + 1 + NARRATIVE_WINDOW).min(n);
        !picked
            && !near
                .into_iter()
                .any(|k| self.is(k, List::RegionWords) || self.is(k, List::StateNames))
    }

    /// Whether "the two countries" / "the two states" at tokens `[first, last]` pairs
    /// Georgia or another country rather than a region and Russia: the sentence names a
    /// pair with Georgia or another polity in it, and neither region ("Georgia and Tuvalu
    /// agreed to expand cooperation between the two countries"). Georgia named alone
    /// leaves the pair to be the regions ("Tbilisi refuses to recognise the two states").
    fn pair_elsewhere(&self, first: usize, last: usize) -> bool {
        let pair = (last > first && matches!(self.word(first + 1), "two" | "both"))
            || matches!(self.word(first), "two" | "both");
        let pair = pair && matches!(self.word(last), "countries" | "states" | "nations");
        if !pair {
            return false;
        }
        let n = self.tokens.len();
        let polity = |k: usize| self.is(k, List::Georgia) || self.is(k, List::OtherPolities);
        // The pair is named as such: "Georgia and Tuvalu", "between Moldova and Georgia".
        let named = (1..n.saturating_sub(1))
            .any(|k| self.word(k) == "and" && (polity(k - 1) || polity(k + 1)));
        named && !(0..n).any(|k| self.is(k, List::RegionWords))
    }
    /// Whether a word that marks a side only when it is about this conflict ("genocide"
    /// of Ossetians, Russia as "guarantor", "separatists", "occupation", "ethnic
    /// cleansing", Georgia as "southern neighbor") is about somewhere else: nothing near it
    /// ties it to the regions, Georgia or Russia, and another place or people is named at
    /// it ("the genocide in Rwanda", "the Armenian genocide", "the Israeli occupation",
    /// "France is a guarantor of the Dayton agreement", "Catalan separatists", "Ukraine's
    /// southern neighbor"). UN debates and world news use these words of everywhere;
    /// composed text hardly does. Nothing named leaves the marker standing.
    ///
    /// Russia alone does not tie a narrative to this conflict: it is a party to others, and
    /// "Russian aggression" is Georgia's narrative in "Georgia suffered Russian aggression"
    /// but Ukraine's in "Lithuania stands with Ukraine against Russian aggression".
    fn narrative_elsewhere(&self, first: usize, last: usize) -> bool {
        if !self.is(last, List::Narrative) {
            return false;
        }
        let n = self.tokens.len();
        let near = first.saturating_sub(NARRATIVE_WINDOW)..(last + 1 + NARRATIVE_WINDOW).min(n);
        if near.clone().any(|k| self.anchor(k) && !self.russia(k)) {
            return false;
        }
        self.named_elsewhere(first, last)
            || near.into_iter().any(|k| self.is(k, List::OtherPolities))
    }

    /// Whether a statehood word ("sovereignty", "independence", "sovereign", "interstate")
    /// at a single-token hit speaks of states in general or of another state, not of the
    /// regions: nothing near names them, and the words around are the UN Charter's ("the
    /// sovereignty and territorial integrity of all States", "the sovereign equality of
    /// Member States", "interstate conflicts") or name another state ("Sudan's
    /// sovereignty", "the independence of Namibia"). The guide marks these words only when
    /// asserted of the regions; UN debate speeches are full of the general sense.
    fn statehood_elsewhere(&self, first: usize, last: usize) -> bool {
        if first != last || !self.is(first, List::Statehood) {
            return false;
        }
        let n = self.tokens.len();
        let near = |k: usize| first.saturating_sub(k)..(last + 1 + k).min(n);
        if near(NARRATIVE_WINDOW)
            .any(|k| self.is(k, List::RegionWords) || self.is(k, List::StateNames))
        {
            return false;
        }
        let word = |k: usize| if k < n { self.word(k) } else { "" };
        let universal = near(6).any(|k| {
            self.is(k, List::Universal)
                && (k + 1..(k + 4).min(n)).any(|j| self.is(j, List::StatesNouns))
        });
        let integrity = near(NARRATIVE_WINDOW)
            .any(|k| self.word(k) == "territorial" && word(k + 1) == "integrity");
        let charter = word(last + 1) == "equality"
            || (self.word(first) == "interstate" && INTERSTATE_GENERIC.contains(&word(last + 1)));
        let other = near(NARRATIVE_WINDOW).any(|k| self.is(k, List::OtherPolities));
        universal || integrity || charter || other || self.named_elsewhere(first, last)
    }

    /// Whether a name that is not this conflict's stands at the hit: just before it ("the
    /// Armenian genocide", "Sudan's sovereignty") or after a preposition and an article
    /// ("genocide in Rwanda", "guarantor of the Dayton agreement").
    fn named_elsewhere(&self, first: usize, last: usize) -> bool {
        let n = self.tokens.len();
        // A sentence's first word is capitalized whatever it is: there only a word that is
        // not a determiner or pronoun can be a name ("Catalan separatists ...").
        let other_name = |k: usize| {
            k < n
                && self.capitalized(k)
                && !self.anchor(k)
                && !WIDER_REGIONS.contains(&self.word(k))
                && !(self.word(k) == "south" && k + 1 < n && self.word(k + 1) == "caucasus")
                && (k > self.opening || !self.is(k, List::SentenceOpeners))
        };
        let before = first > 0 && other_name(first - 1);
        let after = last + 2 < n
            && matches!(self.word(last + 1), "in" | "of" | "against" | "for" | "on")
            && (other_name(last + 2)
                || (matches!(self.word(last + 2), "the" | "a") && other_name(last + 3)));
        before || after
    }

    /// Whether token `k` ties a word to this conflict: the regions, their peoples and
    /// state names, Georgia, Russia, or the war years.
    fn anchor(&self, k: usize) -> bool {
        self.is(k, List::RegionWords)
            || self.is(k, List::StateNames)
            || self.is(k, List::Georgia)
            || self.is(k, List::ConflictAnchors)
            || self.russia(k)
    }

    /// Russia, Russian, Moscow, the Kremlin.
    fn russia(&self, k: usize) -> bool {
        let w = self.word(k);
        w.starts_with("russia") || w.starts_with("moscow") || w.starts_with("kremlin")
    }
}

/// How far an anchor may stand from a narrative word.
const NARRATIVE_WINDOW: usize = 8;

/// How many words after "territorial integrity of" the list of countries may run ("of
/// Ukraine, of the Republic of Moldova and of Georgia").
const INTEGRITY_LIST: usize = 12;

/// Words that report someone's support for Georgia's territorial integrity rather than
/// give it (an official site's or a wire's account of a statement, a resolution, a party's
/// idea, a third country's policy), or that doubt it ("the myth of Georgia's territorial
/// integrity", "Western sermons about ...": the Tskhinvali side's scorn, not Georgia's side).
const INTEGRITY_REPORTED: [&str; 24] = [
    "myth",
    "myths",
    "claims",
    "claim",
    "illusion",
    "illusions",
    "fantasies",
    "fantasy",
    "sermons",
    "lecture",
    "reaffirmed",
    "reaffirming",
    "expressed",
    "expressing",
    "backs",
    "backed",
    "promotes",
    "promoting",
    "idea",
    "statement",
    "statements",
    "resolution",
    "officially",
    "pledged",
];

/// The wider regions the conflict lies in: a narrative there is not another place's ("the
/// first victim of Russia's aggression in Europe in this century", Georgia at the UN).
/// ("in the South Caucasus" is read at its second word.)
const WIDER_REGIONS: [&str; 4] = ["europe", "caucasus", "eurasia", "transcaucasia"];

#[cfg(test)]
mod tests;
