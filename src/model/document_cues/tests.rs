//! The cue scan against its first writing, the wire-marker cues and the columns' order.

use super::*;

/// The cue scan as first written (a String per word, both verb lists scanned).
fn reference(text: &str, carry_quotes: bool) -> (bool, bool) {
    let quotes = QuoteSpans::of_with(text, carry_quotes);
    let (mut first_person, mut speech) = (false, false);
    let mut start = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        // Words are runs of alphanumeric characters; an ASCII byte is classed without
        // decoding it, and the text's end closes the last word.
        let (alnum, len) = match bytes.get(i) {
            None => (false, 1),
            Some(b) if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            Some(_) => {
                let ch = text[i..].chars().next().unwrap_or(' ');
                (ch.is_alphanumeric(), ch.len_utf8())
            }
        };
        let at = i;
        i += len;
        let i = at;
        match (alnum, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let w = text[s..i].to_ascii_lowercase();
                if matches!(w.as_str(), "we" | "our" | "us" | "my") && !quotes.is_inside(s, i) {
                    first_person = true;
                }
                speech |= crate::features::voice::is_speech_verb(&w);
                start = None;
            }
            _ => {}
        }
    }
    (first_person, speech)
}

fn cues(text: &str) -> SentenceCues {
    let lexicon = crate::features::Lexicon::guide();
    let hits = crate::features::FrameTagger::new(&lexicon).tag(text);
    SentenceCues::of(text, &hits, true)
}

#[test]
fn wire_markers_are_own_voice_but_not_hard() {
    // The words Western wire copy narrates with: the guide's markers, so the sentence
    // is partisan, but the article head reads them apart from an outlet's own side.
    for text in [
        "South Ossetia's separatist leadership said the vote was a first step.",
        "Aslan Bzhania, the self-proclaimed president of Abkhazia, signed the deal.",
        "Talks between the de facto administration in Tskhinvali and Tbilisi resumed.",
        "Security forces in the Russian-occupied region held him for two days.",
    ] {
        let c = cues(text);
        assert!(c.own_georgian && !c.own_georgian_hard, "{text}: {c:?}");
    }
    for text in [
        "Russian troops occupied a fifth of Georgia's territory in 2008.",
        "The so-called authorities in the Tskhinvali region detained two men.",
        "Separatists in the occupied region detained two men.",
    ] {
        let c = cues(text);
        assert!(c.own_georgian && c.own_georgian_hard, "{text}: {c:?}");
    }
    let title = cues("They re-elected incumbent President Eduard Kokoity.");
    assert!(title.own_pro && !title.own_pro_hard, "{title:?}");
    let name = cues("The Republic of South Ossetia held elections.");
    assert!(name.own_pro && name.own_pro_hard, "{name:?}");
}

#[test]
fn only_wire_words_reads_the_whole_article() {
    let article = |sentences: &[&str]| sentences.iter().map(|t| cues(t)).collect::<Vec<_>>();
    let brief = [
        "Lawmakers in Abkhazia voted on Tuesday to delay the property bill.",
        "The de facto government says the bill needs more work.",
        "Georgia's foreign ministry said the vote changed nothing.",
    ];
    assert!(only_wire_words(&article(&brief)));
    // A hard marker, a side's naming or a first person anywhere, and it is not.
    for extra in [
        "Russian troops remain in the occupied region.",
        "The Republic of Abkhazia will decide for itself.",
        "We condemn the self-proclaimed regime's decision.",
    ] {
        let mut more = brief.to_vec();
        more.push(extra);
        assert!(!only_wire_words(&article(&more)), "{extra}");
    }
    // A delegation speaking as "my Government" is no wire story.
    let speech = [
        "The separatist regime in Tskhinvali has been shelling Georgian villages for weeks.",
        "My Government has declared a unilateral ceasefire.",
    ];
    assert!(!only_wire_words(&article(&speech)));
    assert!(only_wire_words(&article(&speech[..1])));
    // No own marker at all: nothing to decide apart.
    assert!(!only_wire_words(&article(&[brief[0], brief[2]])));
}

#[test]
fn the_newer_cues_come_after_the_columns_of_older_heads() {
    let k = 3;
    assert_eq!(guide_width(k), guide_width_before_both_sides(k) + 1);
    assert_eq!(
        guide_width_before_both_sides(k),
        guide_width_before_wire_cues(k) + 2
    );
    assert_eq!(
        &CUE_COLUMNS[CUE_COLUMNS.len() - 3..],
        &[
            "framing:own_georgian_hard",
            "framing:own_pro_tskhinvali_hard",
            "article:both_sides_voiced"
        ]
    );
}

#[test]
fn a_sentence_voices_the_side_whose_speaker_stands_by_a_reporting_verb() {
    for (text, georgia, other) in [
        ("Tbilisi said the vote was meaningless.", true, false),
        ("Moscow congratulated him on the victory.", false, true),
        (
            "The vote has no legal force, said Georgia's foreign ministry.",
            true,
            false,
        ),
        (
            "Turnout was 44 percent, according to the Abkhaz election commission.",
            false,
            true,
        ),
        (
            "Russia recognises them as states, while Georgia regards them as occupied.",
            true,
            true,
        ),
        // No verb that reports a view: an event, not a position.
        (
            "Russian troops entered South Ossetia in 2008.",
            false,
            false,
        ),
        (
            "Georgian farmers grow hazelnuts near the Enguri river.",
            false,
            false,
        ),
        // The speaker stands more than six words before the verb: someone else speaks.
        (
            "Georgia hosted a conference in its capital where many of the delegates said little.",
            false,
            false,
        ),
    ] {
        let c = cues(text);
        assert_eq!(
            (c.voices_georgia, c.voices_other),
            (georgia, other),
            "{text}"
        );
    }
}

#[test]
fn an_article_voices_both_sides_when_its_sentences_report_each_side() {
    let labels = ["georgian", "neutral_wire", "pro_tskhinvali"].map(String::from);
    let column = 3 * labels.len() + CUE_COLUMNS.len() - 1;
    let both = |sentences: &[&str]| {
        let cues: Vec<SentenceCues> = sentences.iter().map(|t| cues(t)).collect();
        let probs = vec![vec![0.0, 1.0, 0.0]; cues.len()];
        guide_row(&labels, &probs, &cues)
            .into_iter()
            .find(|&(j, _)| j == column)
            .map(|(_, v)| v)
    };
    let tbilisi = "Tbilisi said the vote was meaningless.";
    let moscow = "Moscow congratulated the winner.";
    let plain = "Turnout was about 44 percent.";
    assert_eq!(both(&[tbilisi, plain, moscow]), Some(1.0));
    assert_eq!(both(&[tbilisi, plain]), Some(0.0));
    assert_eq!(both(&[plain, moscow, moscow]), Some(0.0));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    #[test]
    fn cues_are_the_reference_scans(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "We", "our", "US", "us.", "said", "Said,", "told", "according", "“we”",
                "\"our", "‘us’", "the", "Grúzia", "occupied", "ministry", "we're",
                "statements", "sayings", "—", "we-", "saidsaidsaid",
            ]),
            0..14,
        )
    ) {
        let text = words.join(" ");
        for carry in [false, true] {
            let c = SentenceCues::of(&text, &[], carry);
            proptest::prop_assert_eq!((c.first_person, c.speech), reference(&text, carry));
        }
    }
}
