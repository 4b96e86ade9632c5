//! Unit tests of what a term is put on, on the shipped guide lexicon: the places after
//! "occupation of", what a qualifier qualifies, and the "as" complement of recognition.
//! Each case is a wording of real outlets that an earlier rule read wrongly.

use super::*;

/// (stance, neutral_context) of the first hit whose matched text starts with `term`.
fn read(text: &str, term: &str) -> Option<(String, bool)> {
    let lex = Lexicon::guide();
    FrameTagger::new(&lex)
        .tag(text)
        .into_iter()
        .find(|h| h.matched.to_lowercase().starts_with(term))
        .map(|h| (h.stance, h.neutral_context))
}

fn own(stance: &str) -> Option<(String, bool)> {
    Some((stance.into(), false))
}

fn elsewhere() -> Option<(String, bool)> {
    Some(("neutral_wire".into(), true))
}

#[test]
fn the_places_after_occupation_of_decide_whose_occupation_it_is() {
    // A list that names Crimea first and the regions after: still this conflict's.
    assert_eq!(
        read(
            "The continued occupation of Crimea and of the Georgian regions of Abkhazia and \
             South Ossetia is a flagrant violation of international law.",
            "occupation"
        ),
        own("georgian")
    );
    // Another place behind a long name, or other "regions": somewhere else.
    assert_eq!(
        read(
            "Seven years have passed since the temporary occupation of the Autonomous \
             Republic of Crimea and the city of Sevastopol began.",
            "occupation"
        ),
        elsewhere()
    );
    assert_eq!(
        read(
            "The occupation of Crimea and parts of the Donetsk and Luhansk regions goes on.",
            "occupation"
        ),
        elsewhere()
    );
    // Nothing named after it: the word stands.
    assert_eq!(
        read("The occupation goes on in Akhalgori.", "occupation"),
        own("georgian")
    );
}

#[test]
fn puppet_statelets_and_so_called_peacekeepers_are_the_regions() {
    assert_eq!(
        read(
            "These puppet statelets exist for one purpose: to keep Georgia out of Nato.",
            "puppet"
        ),
        own("georgian")
    );
    assert_eq!(
        read(
            "The so-called peacekeepers have become a party to the conflict.",
            "so-called"
        ),
        own("georgian")
    );
    // Put on something else, still nothing.
    assert_eq!(
        read("The so-called rules-based order is a fiction.", "so-called"),
        elsewhere()
    );
}

#[test]
fn a_title_recognised_by_moscow_is_the_recognition_fact_and_our_country_is_not() {
    assert_eq!(
        read(
            "Aslan Bzhania, whom Moscow recognises as Abkhazia's president, said he would \
             not step down.",
            "abkhazia"
        ),
        elsewhere()
    );
    assert_eq!(
        read(
            "Abkhazia's president said he would not step down.",
            "abkhazia"
        ),
        own("pro_tskhinvali")
    );
    // The speaker's own state named beside recognition is the speaker's naming.
    assert_eq!(
        read(
            "This step by a friendly state confirms that recognition of our country is an \
             irreversible process.",
            "our"
        ),
        own("pro_tskhinvali")
    );
}

#[test]
fn so_called_before_georgias_term_behind_an_of_is_the_tskhinvali_sides() {
    assert_eq!(
        read(
            "The ministry is concerned by statements in Tbilisi on the so-called \"return of \
             refugees\" to the republic.",
            "so-called"
        ),
        own("pro_tskhinvali")
    );
    // An institution of the regions before the "of" stays the Georgian marker.
    assert_eq!(
        read(
            "The so-called elections of the occupation regime changed nothing.",
            "so-called"
        ),
        own("georgian")
    );
}

#[test]
fn a_qualifier_put_on_another_places_institutions_frames_nothing() {
    assert_eq!(
        read(
            "In Nagorno-Karabakh, the de facto authorities of the self-styled republic rely \
             on Armenia for almost everything.",
            "de facto"
        ),
        elsewhere()
    );
    // The regions named near: theirs, whoever else is named.
    assert_eq!(
        read(
            "The de facto authorities in Sukhumi, like those in Transnistria, rely on Moscow.",
            "de facto"
        ),
        own("georgian")
    );
    assert_eq!(
        read(
            "The de facto authorities rely on Moscow for almost everything.",
            "de facto"
        ),
        own("georgian")
    );
    assert_eq!(
        read(
            "Several hundred South Ossetian fighters have been sent to Ukraine, according to \
             the de facto authorities.",
            "de facto"
        ),
        own("georgian")
    );
}

#[test]
fn an_intervention_against_a_sovereign_state_names_the_victim_not_the_regions() {
    assert_eq!(
        read(
            "This is a full-scale military intervention against a sovereign State.",
            "sovereign"
        ),
        elsewhere()
    );
    // The regions named further off leave the victim Georgia; named as the state, theirs.
    assert_eq!(
        read(
            "It is a military intervention against a sovereign State, on the pretext of \
             protecting passport holders in the separatist regions.",
            "sovereign"
        ),
        elsewhere()
    );
    assert_eq!(
        read(
            "Tbilisi launched an aggression against an independent state, South Ossetia.",
            "independent"
        ),
        own("pro_tskhinvali")
    );
}

#[test]
fn the_guides_statehood_titles_and_narratives_in_their_other_wordings() {
    for (text, term) in [
        (
            "Their state borders with Russia have been delimited.",
            "state borders",
        ),
        (
            "The ministry thanks its partners for supporting the Abkhaz state.",
            "abkhaz state",
        ),
        (
            "Russia's Ambassador to Abkhazia Mikhail Shurgalin attended.",
            "ambassador",
        ),
        (
            "The Georgian aggressor targeted hospitals and schools.",
            "georgian aggressor",
        ),
    ] {
        assert_eq!(read(text, term), own("pro_tskhinvali"), "{text}");
    }
}

#[test]
fn russian_aggression_is_georgias_narrative_unless_another_country_suffers_it() {
    // The guide's "Russia's aggression against Georgia" in the wordings of Georgia's UN
    // statements: the victim named apart, or left to "my country".
    assert_eq!(
        read(
            "Georgia is today the victim of a direct and unprovoked military aggression by \
             the Russian Federation.",
            "aggression by"
        ),
        own("georgian")
    );
    assert_eq!(
        read(
            "Georgia suffered Russian military aggression in 2008.",
            "russian military"
        ),
        own("georgian")
    );
    // Europe is where Georgia is, not another place.
    assert_eq!(
        read(
            "Fifteen years ago, my country became the first victim of Russia's aggression \
             in Europe in this century.",
            "russia"
        ),
        own("georgian")
    );
    // Russia names no conflict alone: suffered by Ukraine, it frames nothing here.
    assert_eq!(
        read(
            "Russian aggression against Ukraine continues.",
            "russian aggression"
        ),
        elsewhere()
    );
    assert_eq!(
        read(
            "Lithuania stands with Ukraine against Russian aggression.",
            "russian aggression"
        ),
        elsewhere()
    );
    assert_eq!(
        read(
            "Russia's aggression did not begin in 2014 in Crimea.",
            "russia"
        ),
        elsewhere()
    );
    // The other side's narrative in its other wordings.
    assert_eq!(
        read(
            "The blockade and the aggression of Tbilisi left deep wounds.",
            "aggression of"
        ),
        own("pro_tskhinvali")
    );
}

#[test]
fn georgias_territorial_integrity_asserted_is_georgias_side_reported_or_elsewhere_is_not() {
    // Asserted in the text's own voice, however the list runs: Georgia's side.
    for text in [
        "We reiterate our full support for Georgia's sovereignty and territorial integrity \
         within its internationally recognised borders.",
        "Our support for Georgia's territorial integrity remains firm.",
        "That is why Poland stands firmly behind the sovereignty and territorial integrity of \
         Ukraine, of the Republic of Moldova and of Georgia within their internationally \
         recognised borders.",
        "Georgia remains open to regional connectivity projects that respect its sovereignty \
         and territorial integrity.",
    ] {
        assert_eq!(read(text, "territorial"), own("georgian"), "{text}");
    }
    // Reported, doubted, another country's or the Charter's: it frames nothing here.
    for text in [
        "The Chairperson-in-Office reaffirmed the OSCE's support for Georgia's sovereignty \
         and territorial integrity.",
        "This meeting comes as Georgia's ruling party promotes the idea of restoring the \
         country's territorial integrity.",
        "Georgia firmly supports the sovereignty and territorial integrity of Ukraine.",
        "Self-determination and territorial integrity are both principles of the Charter.",
        "Tbilisi's fantasies about restoring its so-called territorial integrity will not \
         change the choice made by the people of South Ossetia.",
        "The myth of Georgia's territorial integrity has nothing to do with reality.",
    ] {
        assert_eq!(read(text, "territorial"), elsewhere(), "{text}");
    }
    // Said by someone the text reports: theirs.
    let lex = Lexicon::guide();
    let hits = FrameTagger::new(&lex).tag(
        "The European Union said in a statement that it remained committed to Georgia's \
         sovereignty and territorial integrity.",
    );
    let hit = hits
        .iter()
        .find(|h| h.term == "territorial integrity")
        .unwrap();
    assert!(hit.attributed || hit.neutral_context, "{hit:?}");
}

#[test]
fn for_a_holder_is_a_view_but_support_for_georgias_is_not() {
    let lex = Lexicon::guide();
    let tag = |text: &str| FrameTagger::new(&lex).tag(text);
    let view = tag("For Georgia's government, the regions are occupied territories.");
    assert!(view.iter().any(|h| h.attributed), "{view:?}");
    let owned = tag("Our support for Georgia's territorial integrity remains firm.");
    assert!(owned.iter().all(|h| !h.attributed), "{owned:?}");
}
