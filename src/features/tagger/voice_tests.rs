//! Unit tests of the voice rules as the tagger applies them: attribution, neutral context,
//! titles and qualifiers, on a lexicon of term kinds and on the shipped guide lexicon.

use super::*;
use crate::features::lexicon::{LexiconEntry, TermKind};

fn voice_lexicon() -> Lexicon {
    let e = |term: &str, frame: &str, stance: &str, kind: TermKind| LexiconEntry {
        term: term.into(),
        frame: frame.into(),
        stance: stance.into(),
        kind,
        tokens: vec![],
    };
    Lexicon::new(vec![
        e("occupied", "occupied", "georgian", TermKind::Term),
        e("occupation", "occupied", "georgian", TermKind::Term),
        e(
            "independence",
            "independent",
            "pro_tskhinvali",
            TermKind::Term,
        ),
        e(
            "sovereignty",
            "independent",
            "pro_tskhinvali",
            TermKind::Term,
        ),
        e("de facto", "occupied", "georgian", TermKind::Naming),
        e("Leningor", "none", "pro_tskhinvali", TermKind::Naming),
        e(
            "President of Abkhazia",
            "none",
            "pro_tskhinvali",
            TermKind::Naming,
        ),
        e("guarantor", "none", "pro_tskhinvali", TermKind::Term),
        e(
            "independent state",
            "independent",
            "pro_tskhinvali",
            TermKind::Term,
        ),
        e(
            "recognized the independence",
            "none",
            "neutral_wire",
            TermKind::Term,
        ),
        e("elections", "occupied", "georgian", TermKind::ScareOnly),
        e("Bibilov", "none", "pro_tskhinvali", TermKind::Person),
    ])
}

/// (matched, stance, attributed, neutral_context) of every hit.
fn voices(text: &str) -> Vec<(String, String, bool, bool)> {
    let lex = voice_lexicon();
    FrameTagger::new(&lex)
        .tag(text)
        .into_iter()
        .map(|h| (h.matched, h.stance, h.attributed, h.neutral_context))
        .collect()
}

fn hit(m: &str, stance: &str, attributed: bool, neutral: bool) -> (String, String, bool, bool) {
    (m.into(), stance.into(), attributed, neutral)
}

#[test]
fn claims_after_a_verb_of_saying_or_a_view_are_attributed() {
    assert_eq!(
        voices("Georgia and its allies say the regions are occupied."),
        vec![hit("occupied", "georgian", true, false)]
    );
    assert_eq!(
        voices("Tbilisi regards the two regions as occupied by Russia."),
        vec![hit("occupied", "georgian", true, false)]
    );
    assert_eq!(
        voices("Russia is the only guarantor of peace, Gagloev said on Tuesday."),
        vec![hit("guarantor", "pro_tskhinvali", true, false)]
    );
    // A closed quotation's attribution may be long; without the quotation a long
    // tail stays the text's own clause.
    assert_eq!(
        voices(
            "“The occupation must end,” a spokesman for the ministry said in a written statement."
        ),
        vec![hit("occupation", "georgian", true, false)]
    );
    assert_eq!(
        voices("The occupation must end, and a spokesman for the ministry said so in a written statement."),
        vec![hit("occupation", "georgian", false, false)]
    );
    // A news agency's tail verbs, and a speaker named by a long title.
    assert_eq!(
        voices("Russia is the only guarantor of peace, she stressed."),
        vec![hit("guarantor", "pro_tskhinvali", true, false)]
    );
    assert_eq!(
        voices(
            "Russia is the only guarantor of peace, Russian Foreign Ministry Spokeswoman Maria \
             Zakharova noted at a briefing on Thursday."
        ),
        vec![hit("guarantor", "pro_tskhinvali", true, false)]
    );
    assert_eq!(
        voices(
            "Russia is the only guarantor of peace, as the families who returned to the \
             villages last spring have noted."
        ),
        vec![hit("guarantor", "pro_tskhinvali", false, false)]
    );
    // The speaker's own words, and a clause after the report ends.
    assert_eq!(
        voices("We call on Russia to end the occupation."),
        vec![hit("occupation", "georgian", false, false)]
    );
    assert_eq!(
        voices("Tbilisi talks of talks; the occupation goes on."),
        vec![hit("occupation", "georgian", false, false)]
    );
}

#[test]
fn a_quoted_name_is_the_namers_however_long_the_object_before_it() {
    // The quotes are the namer's, not scare quotes: no flip to the other side.
    assert_eq!(
        voices(
            "Tbilisi calls the steady installation of fences and signposts along the line \
             “occupation”."
        ),
        vec![hit("occupation", "georgian", true, false)]
    );
    assert_eq!(
        voices(
            "Tbilisi calls the slow, village-by-village advance of fences, banners and \
             cameras along the line that separates it from the region “occupation”."
        ),
        vec![hit("occupation", "georgian", true, false)]
    );
    // A verb that does more than name does not reach so far.
    assert_eq!(
        voices(
            "The talks, considered a breakthrough by the diplomats who met in Geneva last \
             spring, ended in “occupation”."
        ),
        vec![hit("occupation", "pro_tskhinvali", false, false)]
    );
    // Unquoted, the long object is the writer's own clause; and punctuation ends the
    // search, so a quoted word after it keeps its scare quotes.
    assert_eq!(
        voices(
            "Tbilisi calls the steady installation of fences and signposts along the line \
             an occupation."
        ),
        vec![hit("occupation", "georgian", false, false)]
    );
    assert_eq!(
        voices(
            "Tbilisi calls the steady installation of fences illegal, but the line is an \
             “occupation”."
        ),
        vec![hit("occupation", "pro_tskhinvali", false, false)]
    );
}

#[test]
fn names_stay_the_outlets_own_inside_a_report_unless_named_as_someone_elses() {
    assert_eq!(
        voices("Ten men were detained, according to the de facto authorities."),
        vec![hit("de facto", "georgian", false, false)]
    );
    assert_eq!(
        voices("The authorities, who call the district Leningor, settled families there."),
        vec![hit("Leningor", "pro_tskhinvali", true, false)]
    );
}

#[test]
fn other_countries_and_the_recognition_fact_are_neutral_context() {
    assert_eq!(
        voices("NATO said it violated Georgia's sovereignty."),
        vec![hit("sovereignty", "neutral_wire", true, true)]
    );
    assert_eq!(
        voices("Moscow recognised their independence in 2008."),
        vec![hit("independence", "neutral_wire", false, true)]
    );
    assert_eq!(
        voices("Russian forces occupied Crimea in 2014."),
        vec![hit("occupied", "neutral_wire", false, true)]
    );
    assert_eq!(
        voices("Protesters occupied the parliament building in Sukhumi."),
        vec![hit("occupied", "neutral_wire", false, true)]
    );
    assert_eq!(
        voices("The parliament building, occupied since Tuesday, stood empty."),
        vec![hit("occupied", "neutral_wire", false, true)]
    );
    // "building" the verb, a preposition between it and the term: the region's occupation.
    assert_eq!(
        voices("Companies are building on the occupied coast of Abkhazia."),
        vec![hit("occupied", "georgian", false, false)]
    );
    // Scare quotes are the writer's own: the recognition fact does not excuse them.
    let h = voices("No state followed Moscow in recognising the region's “independence”.");
    assert_eq!(h, vec![hit("independence", "georgian", false, false)]);
}

#[test]
fn recognised_as_an_independent_state_is_the_recognition_fact_however_long_the_names() {
    // The verb ten tokens before the term, its "as" just before: the fact.
    assert_eq!(
        voices(
            "Moscow recognised South Ossetia and the Black Sea region of Abkhazia as an \
             independent state in 2008."
        ),
        vec![hit("independent state", "neutral_wire", false, true)]
    );
    // No recognising verb, or one cut off by a clause break: the text's own claim.
    assert_eq!(
        voices("Abkhazia has existed as an independent state since 1994."),
        vec![hit("independent state", "pro_tskhinvali", false, false)]
    );
    assert_eq!(
        voices(
            "Few countries recognised the vote; Abkhazia has functioned as an independent state."
        ),
        vec![hit("independent state", "pro_tskhinvali", false, false)]
    );
}

#[test]
fn plain_titles_scare_only_words_and_qualified_names() {
    assert_eq!(
        voices("President Anatoly Bibilov opened the session."),
        vec![hit(
            "President Anatoly Bibilov",
            "pro_tskhinvali",
            false,
            false
        )]
    );
    assert!(voices("Bibilov opened the session.").is_empty());
    assert_eq!(
        voices("The de facto President of Abkhazia spoke first."),
        vec![hit("de facto", "georgian", false, false)]
    );
    assert!(voices("The elections were held in May.").is_empty());
    assert_eq!(
        voices("The “elections” were held in May."),
        vec![hit("elections", "georgian", false, false)]
    );
}

#[test]
fn independence_wanted_georgias_own_or_the_victims_frames_nothing() {
    for t in [
        "Voters overwhelmingly backed independence from Georgia.",
        "The referendum on independence was held in 2006.",
        "At that time, Georgia defended its independence against Russia.",
    ] {
        assert_eq!(
            voices(t),
            vec![hit("independence", "neutral_wire", false, true)],
            "{t}"
        );
    }
    assert_eq!(
        voices("It was an act of aggression by Russia against an independent state."),
        vec![hit("independent state", "neutral_wire", false, true)]
    );
    // The region's own: still a marker.
    assert_eq!(
        voices("Georgian aggression against South Ossetia, an independent state."),
        vec![hit("independent state", "pro_tskhinvali", false, false)]
    );
    assert_eq!(
        voices("South Ossetia celebrates its independence."),
        vec![hit("independence", "pro_tskhinvali", false, false)]
    );
}

#[test]
fn scare_quotes_inside_a_neutral_phrase_and_doubted_occupation() {
    let lex = voice_lexicon();
    let tagger = FrameTagger::new(&lex);
    // "recognized the independence" is a neutral fact; with the word scare-quoted it
    // is the writer's distancing.
    let h = tagger.tag("Moscow recognized the \"independence\" of these regions.");
    assert_eq!(h.len(), 1);
    assert_eq!(
        (h[0].stance.as_str(), h[0].frame.as_str()),
        ("georgian", "occupied")
    );
    let h = tagger.tag("Moscow recognized the independence of these regions.");
    assert_eq!(
        (h[0].stance.as_str(), h[0].frame.as_str()),
        ("neutral_wire", "none")
    );
    // Doubted occupation is the Tskhinvali side's disbelief.
    for t in [
        "Tbilisi promises to return the allegedly occupied territories.",
        "The alleged occupation is a myth.",
    ] {
        let h = tagger.tag(t);
        assert_eq!(
            (h[0].stance.as_str(), h[0].frame.as_str()),
            ("pro_tskhinvali", "none"),
            "{t}"
        );
    }
    assert_eq!(
        tagger.tag("The occupation continues.")[0].stance,
        "georgian"
    );
}

#[test]
fn so_called_unhyphenated_and_the_aggression_against_georgia() {
    // The shipped lexicon: "so called" is read by the rules of "so-called", and "the
    // aggression against Georgia" is the guide's Georgian narrative without its subject.
    let lex = Lexicon::guide();
    let tagger = FrameTagger::new(&lex);
    let side = |t: &str| {
        let h = tagger.tag(t);
        assert_eq!(h.len(), 1, "{t}: {h:?}");
        (h[0].stance.clone(), h[0].frame.clone())
    };
    let georgian = ("georgian".to_string(), "occupied".to_string());
    assert_eq!(
        side("The so called authorities detained two men."),
        georgian
    );
    assert_eq!(
        side("The so-called authorities detained two men."),
        georgian
    );
    assert_eq!(
        side("Tbilisi keeps talking about the so called refugees."),
        ("pro_tskhinvali".into(), "none".into())
    );
    assert_eq!(
        side("The West's weak reaction to the aggression against Georgia emboldened Moscow."),
        ("georgian".into(), "none".into())
    );
    assert!(tagger
        .tag("The region, so to speak, called for talks.")
        .is_empty());
}

#[test]
fn our_country_in_a_georgian_claim_is_not_the_de_facto_sides() {
    let lex = Lexicon::guide();
    let tagger = FrameTagger::new(&lex);
    let ours = |t: &str| {
        tagger
            .tag(t)
            .into_iter()
            .find(|h| h.matched.to_lowercase().starts_with("our"))
            .map(|h| (h.stance, h.neutral_context))
    };
    for t in [
        "Russia continues to occupy 20 percent of our country's territory.",
        "The occupied regions remain an inalienable part of our country.",
        "We call on all to respect the territorial integrity of our country.",
    ] {
        assert_eq!(ours(t), Some(("neutral_wire".into(), true)), "{t}");
    }
    for t in [
        "Our country welcomes the decision of Nicaragua.",
        "The Georgian occupiers were driven out of our country in 1993.",
    ] {
        assert_eq!(ours(t), Some(("pro_tskhinvali".into(), false)), "{t}");
    }
}

#[test]
fn a_term_that_names_a_region_is_about_it_whoever_else_the_sentence_names() {
    let lex = Lexicon::guide();
    let tagger = FrameTagger::new(&lex);
    let hits = tagger.tag(
        "Russia strengthens the security of the Republic of South Ossetia on the border of \
         Georgia.",
    );
    let named: Vec<_> = hits
        .iter()
        .filter(|h| h.term == "Republic of South Ossetia")
        .map(|h| (h.stance.as_str(), h.neutral_context))
        .collect();
    assert_eq!(named, [("pro_tskhinvali", false)]);
    // Georgia's own sovereignty is still Georgia's.
    let georgia = tagger.tag("We respect the sovereignty of Georgia.");
    assert!(georgia.iter().all(|h| h.neutral_context), "{georgia:?}");
}

#[test]
fn a_self_declared_republic_is_qualified_and_the_narratives_name_their_victims() {
    // The shipped lexicon. Wire copy writes "the self-declared republic of South Ossetia":
    // the qualifier is the guide's Georgian "self-proclaimed", and the name after it is
    // not the text's own naming (before, the sentence held a Georgian and an independent
    // hit, and the word model called it pro-Tskhinvali).
    let lex = Lexicon::guide();
    let tagger = FrameTagger::new(&lex);
    let own = |t: &str| -> Vec<(String, String)> {
        tagger
            .tag(t)
            .into_iter()
            .filter(|h| !h.neutral_context && h.stance != "neutral_wire")
            .map(|h| (h.matched, h.stance))
            .collect()
    };
    let pair = |m: &str, s: &str| (m.to_string(), s.to_string());
    assert_eq!(
        own("The president of the self-declared republic of South Ossetia met Putin."),
        vec![pair("self-declared", "georgian")]
    );
    assert_eq!(
        own("The Republic of South Ossetia held elections on Sunday."),
        vec![pair("Republic of South Ossetia", "pro_tskhinvali")]
    );
    // "occupants" alone is also the people in a car; the side's phrases are the markers.
    assert_eq!(
        own("Russian occupants kidnapped a shepherd near Ergneti."),
        vec![pair("Russian occupants", "georgian")]
    );
    assert!(own("The two occupants of the car were unhurt.").is_empty());
    assert_eq!(
        own("In 2008 Georgia unleashed an aggression against the people of South Ossetia."),
        vec![pair(
            "aggression against the people of South Ossetia",
            "pro_tskhinvali"
        )]
    );
    assert_eq!(
        own("Veterans of the Patriotic War of the people of Abkhazia gathered in Sukhum."),
        vec![
            pair("Patriotic War of the people of Abkhazia", "pro_tskhinvali"),
            pair("Sukhum", "pro_tskhinvali")
        ]
    );
    assert!(own("Veterans of the Great Patriotic War laid flowers.").is_empty());
}

#[test]
fn the_name_of_georgias_law_on_occupied_territories_is_the_laws_word() {
    // The shipped lexicon. Wire copy about travel to the regions cites the law by name; the
    // "occupied" in its title is the law's, as "which Tbilisi calls occupied" is Tbilisi's.
    let lex = Lexicon::guide();
    let tagger = FrameTagger::new(&lex);
    let own = |t: &str| -> Vec<String> {
        tagger
            .tag(t)
            .into_iter()
            .filter(|h| !h.neutral_context && h.stance != "neutral_wire")
            .map(|h| h.matched)
            .collect()
    };
    assert!(own(
        "Under Georgia's law on occupied territories, entering Abkhazia from Russia is an offence."
    )
    .is_empty());
    assert!(own("The visit broke the Law on the Occupied Territories of Georgia.").is_empty());
    assert_eq!(
        own("Russian troops still hold the occupied territories."),
        ["occupied territories"]
    );
}
