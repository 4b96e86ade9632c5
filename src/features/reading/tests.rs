//! Unit tests of `reading.rs`.

use super::*;

fn reading(lexicon: &Lexicon, context: bool) -> ArticleReading<'_> {
    let config = FeatureConfig {
        cross_sentence_quotes: true,
        article_context: context,
        ..FeatureConfig::default()
    };
    ArticleReading::new(&config, lexicon)
}

fn texts(r: &ArticleReading<'_>, sentences: &[&str]) -> Vec<String> {
    r.read(sentences, None)
        .into_iter()
        .map(|s| s.text.into_owned())
        .collect()
}

#[test]
fn a_quoted_marker_is_marked_by_how_the_rest_of_the_article_narrates() {
    let lex = Lexicon::guide();
    let r = reading(&lex, true);
    let quote = "“The Republic of South Ossetia will not bow to pressure,” the minister said.";
    // The ministry's own site: its narration names the Republic too.
    let own = texts(&r, &["The Republic of South Ossetia marks its day.", quote]);
    assert_eq!(own[0], "The Republic of South Ossetia marks its day.");
    assert_eq!(own[1], format!("{SAME} {quote}"));
    // A wire story: "breakaway" is no side.
    let wire = texts(
        &r,
        &["South Ossetia is a breakaway region of Georgia.", quote],
    );
    assert_eq!(wire[1], format!("{NONE} {quote}"));
    // A Georgian report quoting the other side.
    let georgian = texts(&r, &["Russia occupies the Tskhinvali region.", quote]);
    assert_eq!(georgian[1], format!("{OTHER} {quote}"));
}

#[test]
fn a_wire_story_adopts_no_quotation_for_one_marker_of_its_own() {
    let lex = Lexicon::guide();
    let wire = |on: bool| {
        ArticleReading::new(
            &FeatureConfig {
                cross_sentence_quotes: true,
                article_context: true,
                wire_narration: on,
                ..FeatureConfig::default()
            },
            &lex,
        )
    };
    let reported = "Tbilisi describes it as part of Russia’s occupation of Georgian land.";
    // A wire story: a neutral descriptor, and one "separatist" in its own voice.
    let story = [
        "Abkhazia, a breakaway region of Georgia, depends on Moscow.",
        "The separatist region's only road to Russia runs through a tunnel.",
        reported,
    ];
    assert_eq!(texts(&wire(false), &story)[2], format!("{SAME} {reported}"));
    assert_eq!(texts(&wire(true), &story)[2], format!("{NONE} {reported}"));
    // A Georgian site narrating "occupied" with no neutral descriptor still adopts it,
    // and a descriptor inside a quotation is no narration.
    for first in [
        "Russia keeps troops in the occupied Tskhinvali region.",
        "The ministry called it “a breakaway region” in 1992.",
    ] {
        let own = [first, story[1], reported];
        assert_eq!(
            texts(&wire(true), &own)[2],
            format!("{SAME} {reported}"),
            "{first}"
        );
    }
}

#[test]
fn an_article_that_names_neither_region_nor_georgia_frames_nothing() {
    let lex = Lexicon::guide();
    let config = FeatureConfig {
        cross_sentence_quotes: true,
        article_context: true,
        topic_gate: true,
        ..FeatureConfig::default()
    };
    let r = ArticleReading::new(&config, &lex);
    let tagger = FrameTagger::new(&lex).carry_quotes(true);
    let chant = "Protesters chanted “not my President” outside the tower.";
    let leader = "A self-proclaimed leader of the march spoke to reporters.";
    let plain = "The march ended at noon.";
    // Framed by the list, sentence by sentence.
    assert!(tagger.tag(leader).iter().any(|h| h.stance == "georgian"));
    let read = texts(&r, &[chant, leader, plain]);
    assert_eq!(read[0], format!("{OFF_TOPIC} {chant}"));
    assert_eq!(read[1], format!("{OFF_TOPIC} {leader}"));
    assert_eq!(
        read[2], plain,
        "a sentence without a term is read as written"
    );
    for text in &read[..2] {
        let hits = tagger.tag(text);
        assert!(!hits.is_empty() && hits.iter().all(|h| h.neutral_context && h.frame == "none"));
    }
    // Georgia, a region's town or a de facto official behind a plain title puts the
    // article in the conflict; a lone sentence is read by the list.
    for other in [
        "Tbilisi condemned the march.",
        "The march passed the Sukhumi embassy.",
        "President Bibilov did not comment.",
    ] {
        let read = texts(&r, &[chant, leader, other]);
        assert!(
            read.iter().all(|t| !t.contains(OFF_TOPIC)),
            "{other}: {read:?}"
        );
    }
    assert_eq!(texts(&r, &[leader]), [leader]);
    // Off unless asked for: the models before it read such articles by the list.
    assert!(texts(&reading(&lex, true), &[chant, leader])
        .iter()
        .all(|t| !t.contains(OFF_TOPIC)));
}

#[test]
fn with_conflict_words_a_village_on_the_line_or_an_officials_surname_names_the_conflict() {
    let lex = Lexicon::guide();
    let gate = |conflict_words| FeatureConfig {
        cross_sentence_quotes: true,
        article_context: true,
        topic_gate: true,
        conflict_words,
        ..FeatureConfig::default()
    };
    let (narrow, wide) = (gate(false), gate(true));
    let (narrow, wide) = (
        ArticleReading::new(&narrow, &lex),
        ArticleReading::new(&wide, &lex),
    );
    // Georgia's security service, naming neither a region nor Georgia; a walkout of two
    // de facto ministers named without a title.
    for article in [
        [
            "The occupation regime is continuing illegal borderization near the village of Khurvaleti.",
            "The State Security Service has informed the EU Monitoring Mission through the hotline.",
        ],
        [
            "De facto foreign ministers Viacheslav Chirikba and David Sanakoev walked out of the working group.",
            "The next round is due in the spring.",
        ],
    ] {
        assert!(
            texts(&narrow, &article)[0].contains(OFF_TOPIC),
            "the narrow gate: {article:?}"
        );
        assert!(
            texts(&wide, &article).iter().all(|t| !t.contains(OFF_TOPIC)),
            "{article:?}"
        );
    }
    // Still off topic: marker words about somewhere else.
    let elsewhere = [
        "Protesters chanted “not my President” outside the tower.",
        "A self-proclaimed leader of the march spoke to reporters.",
    ];
    assert!(texts(&wide, &elsewhere)[0].contains(OFF_TOPIC));
}

#[test]
fn conflict_words_needs_the_topic_gate() {
    let config = FeatureConfig {
        article_context: true,
        conflict_words: true,
        ..FeatureConfig::default()
    };
    let err = config.validate().unwrap_err().to_string();
    assert!(err.contains("conflict_words needs topic_gate"), "{err}");
}

#[test]
fn unadopted_marks_are_found_on_either_side_of_the_sentence() {
    let lex = Lexicon::guide();
    let r = reading(&lex, true);
    let quote = "“The Republic of South Ossetia will not bow to pressure,” the minister said.";
    let wire = texts(
        &r,
        &["South Ossetia is a breakaway region of Georgia.", quote],
    );
    let own = texts(&r, &["The Republic of South Ossetia marks its day.", quote]);
    let georgian = texts(&r, &["Russia occupies the Tskhinvali region.", quote]);
    assert!(is_unadopted(&wire[1]) && is_unadopted(&georgian[1]));
    assert!(!is_unadopted(&own[1]) && !is_unadopted(&wire[0]));
    // A sentence that starts inside a quotation carries its mark last.
    let late = "“We are the Republic of South Ossetia,” she said.";
    let read = texts(&r, &["Russia occupies the Tskhinvali region.", late]);
    assert!(is_unadopted(&read[1]), "{}", read[1]);
    assert!(is_unadopted(&format!("{late} {STATE_ELSE} {NONE}")));
    assert!(is_unadopted(&format!("{OTHER} {STATE_ELSE} {late}")));
    assert!(!is_unadopted(&format!("{SAME} {late}")));
    assert!(!is_unadopted(&format!("{late} xartnonesuch")));
}

#[test]
fn the_mark_stands_outside_quotes_and_offsets_say_how_far_the_text_moved() {
    let lex = Lexicon::guide();
    let r = reading(&lex, true);
    let read = r.read(
        &[
            "The Republic of South Ossetia marks its day.",
            "“We are a state.",
            "The Republic of South Ossetia is free.",
            "It is recognized,” the minister said.",
        ],
        None,
    );
    // The middle is read behind the opening mark, with the mark before it.
    assert_eq!(
        read[2].text,
        format!("{SAME} “The Republic of South Ossetia is free.")
    );
    assert_eq!(read[2].shift, SAME.len() + 1 + QUOTATION_OPEN.len());
    // No partisan marker in the quotation's other sentences: no mark.
    assert_eq!(read[1].text, "“We are a state.");
    assert_eq!(read[3].shift, 0);
}

/// The frame and side the tagger gives the term starting with `word` in `read`.
fn term_in(lex: &Lexicon, read: &str, word: &str) -> (String, bool) {
    let hit = FrameTagger::new(lex)
        .tag(read)
        .into_iter()
        .find(|h| h.matched.to_lowercase().starts_with(word))
        .unwrap_or_else(|| panic!("no {word} in {read}"));
    (hit.stance, hit.neutral_context)
}

#[test]
fn a_statehood_word_that_names_no_region_is_the_regions_only_in_their_sides_article() {
    let lex = Lexicon::guide();
    let r = reading(&lex, true);
    let welcome = "Our country welcomes the decision of the European Council.";
    let other = |t: &str| ("neutral_wire".to_string(), t.starts_with(STATE_ELSE));
    // Georgia's speech, and a third state's: "our country" is theirs.
    for first in [
        "Russia occupies the Tskhinvali region.",
        "The head of state of Kazakhstan spoke.",
    ] {
        let read = texts(&r, &[first, welcome]);
        assert_eq!(read[1], format!("{STATE_ELSE} {welcome}"));
        assert_eq!(term_in(&lex, &read[1], "our"), other(&read[1]));
    }
    let third = texts(
        &r,
        &["The head of state of Kazakhstan spoke.", "It rained."],
    );
    assert_eq!(term_in(&lex, &third[0], "head"), other(&third[0]));
    // A lone sentence has no article: the guide's list.
    let lone = texts(&r, &[welcome]);
    assert_eq!(lone[0], welcome);
    assert_eq!(
        term_in(&lex, welcome, "our"),
        ("pro_tskhinvali".into(), false)
    );
    // A de facto ministry's teaser: its own voice names the Republic.
    let own = texts(
        &r,
        &["The Republic of South Ossetia marks its day.", welcome],
    );
    assert_eq!(own[1], welcome);
    assert_eq!(
        term_in(&lex, &own[1], "our"),
        ("pro_tskhinvali".into(), false)
    );
    // A topic word where its sentence names a region is the article's own side: it
    // anchors the others, and itself.
    let nauru = texts(
        &r,
        &[
            "Nauru counts among its partners the young states of Abkhazia and South Ossetia.",
            "Their independence shows that size does not decide a nation's right to exist.",
        ],
    );
    assert!(!nauru[1].starts_with(STATE_ELSE), "{}", nauru[1]);
    let alone = texts(
        &r,
        &[
            "The independence of South Ossetia is irreversible.",
            "It rained.",
        ],
    );
    assert!(!alone[0].starts_with(STATE_ELSE), "{}", alone[0]);
    assert_eq!(
        term_in(&lex, &alone[0], "independence"),
        ("pro_tskhinvali".into(), false)
    );
    // Scare quotes are the writer's distancing, article or not.
    let scare = texts(
        &r,
        &[
            "They dug a “state border” through the orchard.",
            "It rained.",
        ],
    );
    assert_eq!(
        term_in(&lex, &scare[0], "state"),
        ("georgian".into(), false)
    );
}

#[test]
fn off_reads_as_written_and_own_voice_markers_take_no_mark() {
    let lex = Lexicon::guide();
    let sentences = [
        "The Republic of South Ossetia marks its day.",
        "“The Republic of South Ossetia is free,” he said.",
    ];
    let off = texts(&reading(&lex, false), &sentences);
    assert_eq!(off, sentences);
    let on = texts(&reading(&lex, true), &sentences);
    assert_eq!(on[0], sentences[0]);
    assert!(on[1].starts_with(SAME));
    let plain = ArticleReading::new(&FeatureConfig::default(), &lex);
    assert!(plain.is_plain());
}

#[test]
fn a_mark_before_the_sentence_leaves_its_first_word_the_first() {
    // "The" opens the sentence; behind the article's mark it must not read as a name
    // ("Catalan separatists"), which made the text's own "separatist" about elsewhere.
    let lex = Lexicon::guide();
    let r = reading(&lex, true);
    let tagger = FrameTagger::new(&lex).carry_quotes(true);
    let s = "The separatist region's authorities said the men had crossed the state border.";
    let read = texts(&r, &[s]);
    assert_eq!(
        read[0],
        format!("{NONE} {s}"),
        "the reported “state border” marks it"
    );
    let separatist = tagger
        .tag(&read[0])
        .into_iter()
        .find(|h| h.matched == "separatist")
        .unwrap();
    assert!(!separatist.neutral_context, "{separatist:?}");
    assert_eq!(separatist.stance, "georgian");
    // A name before the word still makes it another place's.
    let catalan = format!("{NONE} Catalan separatists said they had crossed the state border.");
    let hit = tagger
        .tag(&catalan)
        .into_iter()
        .find(|h| h.matched == "separatists");
    assert!(hit.as_ref().is_none_or(|h| h.neutral_context), "{hit:?}");
}

#[test]
fn a_mark_after_the_sentence_leaves_its_tail_as_long_as_written() {
    // The tail "the head said on Tuesday in a statement" is as long as the rule allows. The
    // reading puts its mark after a sentence that opens inside a quotation; that mark must
    // not lengthen the tail, or the word before it loses its speaker.
    let lex = Lexicon::guide();
    let tagger = FrameTagger::new(&lex).carry_quotes(true);
    let s = "Sovereignty is what they want, the head said on Tuesday in a statement.";
    for text in [s.to_string(), format!("{s} {NONE}")] {
        let hits = tagger.tag(&text);
        let hit = hits.iter().find(|h| h.matched == "Sovereignty").unwrap();
        assert!(hit.attributed, "{text}: {hit:?}");
    }
}

/// The word split the mark check replaced: the first or last whitespace-separated word.
fn marked_by_split(text: &str, marks: &[&str]) -> bool {
    let mut words = text.split_whitespace();
    let is_mark = |w: &str| marks.contains(&w);
    words.next().is_some_and(is_mark) || words.next_back().is_some_and(is_mark)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

    /// Comparing at the text's ends finds the marks the word split finds.
    #[test]
    fn marks_found_at_the_ends_as_by_splitting_words(
        words in proptest::collection::vec(
            "(xartother|xartnone|xofftopic|xartsame|xartnonesuch|axartnone|a|“b”|Ж)", 0..5),
        seps in proptest::collection::vec("[ \t\n\u{a0}\u{2003}]{0,2}", 6),
    ) {
        let mut text = seps[0].clone();
        for (w, s) in words.iter().zip(&seps[1..]) {
            text.push_str(w);
            text.push_str(s);
        }
        for marks in [&[OTHER, NONE][..], &[OFF_TOPIC][..]] {
            proptest::prop_assert_eq!(
                marked_with(&text, marks),
                marked_by_split(&text, marks),
                "{:?}",
                text
            );
        }
        proptest::prop_assert_eq!(is_unadopted(&text), marked_by_split(&text, &[OTHER, NONE]));
    }
}
