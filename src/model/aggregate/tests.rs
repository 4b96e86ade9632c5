//! Unit tests of the article rules: the hand rules' decisions and fits, the stacked head,
//! and the mean of the guide and whole-article heads.

use super::decide::argmax;
use super::*;
use crate::model::document_cues::SentenceCues;
use crate::model::head::HeadParams;

fn labels() -> Vec<String> {
    ["georgian", "neutral_wire", "pro_tskhinvali"]
        .map(String::from)
        .to_vec()
}

#[test]
fn one_marked_sentence_does_not_make_a_wire_story_partisan() {
    let agg = DocumentAggregator::for_labels(&labels());
    let mut doc = vec![vec![0.05, 0.9, 0.05]; 9];
    doc.push(vec![0.9, 0.05, 0.05]);
    assert_eq!(agg.decide(&labels(), &doc).0, "neutral_wire");
    let partisan = vec![vec![0.6, 0.35, 0.05]; 5];
    assert_eq!(agg.decide(&labels(), &partisan).0, "georgian");
}

#[test]
fn marked_count_needs_enough_votes_and_a_winner() {
    let labels = labels();
    let agg = DocumentAggregator::MarkedCount {
        neutral: "neutral_wire".into(),
        sides: ["georgian".into(), "pro_tskhinvali".into()],
        min_marked: 2,
    };
    let wire = vec![0.1, 0.8, 0.1];
    let geo = vec![0.7, 0.2, 0.1];
    let pro = vec![0.1, 0.2, 0.7];
    let doc = |rows: &[&Vec<f64>]| rows.iter().map(|r| r.to_vec()).collect::<Vec<_>>();
    // One marked sentence is below min_marked.
    assert_eq!(
        agg.decide(&labels, &doc(&[&wire, &geo, &wire])).0,
        "neutral_wire"
    );
    assert_eq!(
        agg.decide(&labels, &doc(&[&geo, &wire, &geo])).0,
        "georgian"
    );
    // A tie between the sides is neutral.
    let tie = doc(&[&geo, &geo, &pro, &pro]);
    assert_eq!(agg.decide(&labels, &tie).0, "neutral_wire");
    assert_eq!(
        agg.decide(&labels, &doc(&[&pro, &pro, &pro, &geo])).0,
        "pro_tskhinvali"
    );
}

#[test]
fn marked_count_fit_finds_the_separating_count() {
    let labels = labels();
    let (geo, wire) = (vec![0.7, 0.2, 0.1], vec![0.1, 0.8, 0.1]);
    let docs = vec![
        (
            vec![geo.clone(), geo.clone(), geo.clone()],
            "georgian".to_string(),
        ),
        (
            vec![geo.clone(), wire.clone(), wire.clone()],
            "neutral_wire".to_string(),
        ),
        (vec![vec![0.1, 0.1, 0.8]; 4], "pro_tskhinvali".to_string()),
    ];
    let agg = DocumentAggregator::marked_count(&labels)
        .unwrap()
        .fit(&labels, &docs);
    assert_eq!(
        agg,
        DocumentAggregator::MarkedCount {
            neutral: "neutral_wire".into(),
            sides: ["georgian".into(), "pro_tskhinvali".into()],
            min_marked: 2,
        }
    );
    assert!(DocumentAggregator::marked_count(&["a".to_string(), "b".to_string()]).is_none());
}

/// A confident georgian, neutral_wire and pro_tskhinvali sentence row.
fn confident_rows() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    (
        vec![0.8, 0.15, 0.05],
        vec![0.1, 0.85, 0.05],
        vec![0.05, 0.15, 0.8],
    )
}

#[test]
fn stacked_head_learns_a_wire_story_from_its_one_marked_sentence() {
    let labels = labels();
    let (geo, wire, pro) = confident_rows();
    let mut docs = Vec::new();
    for i in 0..10 {
        let mut wire_doc = vec![wire.clone(); 8];
        wire_doc[i % 8] = geo.clone();
        docs.push((wire_doc, "neutral_wire".to_string()));
        docs.push((
            vec![geo.clone(), wire.clone(), geo.clone()],
            "georgian".to_string(),
        ));
        docs.push((
            vec![pro.clone(), pro.clone(), wire.clone()],
            "pro_tskhinvali".to_string(),
        ));
    }
    let agg = DocumentAggregator::fit_stacked(&labels, &docs).unwrap();
    assert!(matches!(agg, DocumentAggregator::Stacked { .. }));
    for (p, gold) in &docs {
        let (label, probs) = agg.decide(&labels, p);
        assert_eq!(&label, gold);
        assert!((probs.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let top = labels[argmax(&probs)].clone();
        assert_eq!(top, label, "probabilities disagree with the label");
    }
    // Without a whole-article head: the partisan rule, fitted.
    let rule = DocumentAggregator::choose(&labels, &docs[..6], None);
    assert!(matches!(rule, DocumentAggregator::PartisanShare { .. }));
}

#[test]
fn guide_and_tfidf_is_the_mean_of_its_two_heads() {
    let labels = labels();
    let (geo, wire, pro) = confident_rows();
    let mut docs = Vec::new();
    for _ in 0..10 {
        docs.push((vec![wire.clone(); 6], "neutral_wire".to_string()));
        docs.push((vec![geo.clone(), geo.clone()], "georgian".to_string()));
        docs.push((vec![pro.clone(), pro.clone()], "pro_tskhinvali".to_string()));
    }
    let cues = vec![vec![SentenceCues::default(); 6]; docs.len()];
    let Some(DocumentAggregator::Guide { head: guide }) = DocumentAggregator::fit_guide(
        &labels,
        &docs,
        &cues,
        GuideColumns {
            framing_share: true,
            both_sides: false,
        },
    ) else {
        panic!("the guide head fits on three classes");
    };
    // A word head that reads one feature per class.
    let rows: Vec<Vec<(usize, f64)>> = (0..30).map(|i| vec![(i % 3, 1.0)]).collect();
    let y: Vec<&str> = (0..30).map(|i| labels[i % 3].as_str()).collect();
    let document = LogisticHead::fit(&rows, 3, &y, &HeadParams::default()).unwrap();
    let both = DocumentAggregator::GuideAndTfidf {
        guide: Box::new(guide.clone()),
        document: Box::new(document.clone()),
        wire_words_guide_only: false,
    };
    // The sentences say georgian, the words say pro_tskhinvali: the mean decides.
    let sentences = vec![geo.clone(), geo.clone()];
    let words = vec![(2, 1.0)];
    let (_, g) = DocumentAggregator::Guide { head: guide }.decide_article(
        &labels,
        &sentences,
        &cues[0][..2],
        Vec::new,
    );
    let (_, d) = DocumentAggregator::DocumentTfidf { head: document }.decide_article(
        &labels,
        &sentences,
        &[],
        || words.clone(),
    );
    let (label, probs) = both.decide_article(&labels, &sentences, &cues[0][..2], || words.clone());
    for j in 0..3 {
        assert!((probs[j] - (g[j] + d[j]) / 2.0).abs() < 1e-12);
    }
    assert_eq!(label, labels[argmax(&probs)]);
    assert!(
        g[0] > 0.5 && d[2] > 0.5,
        "the two heads disagree in this case"
    );

    // With `wire_words_guide_only`, an article whose only own markers are the wire's
    // Georgian words is the guide head's alone; any other own marker, or a first person,
    // and it is the mean again.
    let DocumentAggregator::GuideAndTfidf {
        guide, document, ..
    } = both
    else {
        unreachable!()
    };
    let wire_only = DocumentAggregator::GuideAndTfidf {
        guide,
        document,
        wire_words_guide_only: true,
    };
    let soft = SentenceCues {
        own_georgian: true,
        ..SentenceCues::default()
    };
    let wire_cues = [soft, SentenceCues::default()];
    let asked = std::cell::Cell::new(false);
    let (label, probs) = wire_only.decide_article(&labels, &sentences, &wire_cues, || {
        asked.set(true);
        words.clone()
    });
    assert_eq!(
        (label, probs),
        guide_only_probs(&wire_only, &labels, &sentences, &wire_cues)
    );
    assert!(!asked.get(), "the word head's row was computed for nothing");
    for other in [
        SentenceCues {
            own_georgian_hard: true,
            ..soft
        },
        SentenceCues {
            own_pro: true,
            ..soft
        },
        SentenceCues {
            first_person: true,
            ..soft
        },
    ] {
        let cues = [other, SentenceCues::default()];
        let (_, by_guide) = guide_only_probs(&wire_only, &labels, &sentences, &cues);
        let (_, probs) = wire_only.decide_article(&labels, &sentences, &cues, || words.clone());
        for j in 0..3 {
            assert!(
                (probs[j] - (by_guide[j] + d[j]) / 2.0).abs() < 1e-12,
                "{other:?}"
            );
        }
    }
}

/// The guide head's decision inside a `GuideAndTfidf`.
fn guide_only_probs(
    both: &DocumentAggregator,
    labels: &[String],
    sentences: &[Vec<f64>],
    cues: &[SentenceCues],
) -> (String, Vec<f64>) {
    let DocumentAggregator::GuideAndTfidf { guide, .. } = both else {
        unreachable!()
    };
    DocumentAggregator::Guide {
        head: (**guide).clone(),
    }
    .decide_article(labels, sentences, cues, Vec::new)
}

#[test]
fn fit_picks_a_threshold_that_separates() {
    let docs = vec![
        (vec![vec![0.30, 0.65, 0.05]], "georgian".to_string()),
        (vec![vec![0.10, 0.85, 0.05]], "neutral_wire".to_string()),
        (vec![vec![0.02, 0.60, 0.38]], "pro_tskhinvali".to_string()),
    ];
    let agg = DocumentAggregator::for_labels(&labels()).fit(&labels(), &docs);
    for (p, gold) in &docs {
        assert_eq!(&agg.decide(&labels(), p).0, gold);
    }
}

/// Without `guide_framing_share` the guide head's weight on `share:framing` is exactly
/// zero, so an article scores the same however many plain sentences dilute that share,
/// while the head fitted with it does not.
#[test]
fn a_guide_head_fitted_without_the_framing_share_ignores_padding() {
    use crate::model::document_cues::FRAMING_SHARE;
    let labels = labels();
    let (geo, wire, pro) = confident_rows();
    let marked = SentenceCues {
        own_georgian: true,
        ..SentenceCues::default()
    };
    let plain = SentenceCues::default();
    let mut docs = Vec::new();
    let mut cues = Vec::new();
    // Georgian articles are short here and wire stories long: the share tells them apart.
    for i in 0..12 {
        docs.push((vec![geo.clone(), wire.clone()], "georgian".to_string()));
        cues.push(vec![marked, plain]);
        let mut story = vec![wire.clone(); 8 + i % 3];
        story[0] = geo.clone();
        let mut story_cues = vec![plain; story.len()];
        story_cues[0] = marked;
        docs.push((story, "neutral_wire".to_string()));
        cues.push(story_cues);
        docs.push((
            vec![pro.clone(), wire.clone()],
            "pro_tskhinvali".to_string(),
        ));
        cues.push(vec![plain, plain]);
    }
    let column = 3 * labels.len() + FRAMING_SHARE;
    let head = |framing_share| match DocumentAggregator::fit_guide(
        &labels,
        &docs,
        &cues,
        GuideColumns {
            framing_share,
            both_sides: false,
        },
    ) {
        Some(DocumentAggregator::Guide { head }) => head,
        _ => panic!("the guide head fits"),
    };
    let without = head(false);
    assert!(without.weights().row(column).iter().all(|&w| w == 0.0));
    let with = head(true);
    assert!(with.weights().row(column).iter().any(|&w| w != 0.0));
    // One Georgian article, then the same with 20 plain sentences added.
    let short = (vec![geo.clone(), wire.clone()], vec![marked, plain]);
    let mut padded = short.clone();
    padded.0.extend(std::iter::repeat_n(wire.clone(), 20));
    padded.1.extend(std::iter::repeat_n(plain, 20));
    let decide = |h: &crate::model::head::LogisticHead,
                  (p, c): &(Vec<Vec<f64>>, Vec<SentenceCues>)| {
        DocumentAggregator::Guide { head: h.clone() }
            .decide_article(&labels, p, c, Vec::new)
            .1
    };
    assert_eq!(decide(&without, &short), decide(&without, &padded));
    assert_ne!(decide(&with, &short), decide(&with, &padded));
}

/// With `guide_both_sides` the guide head reads whether an article reports both sides'
/// views and tells a balanced story from a one-sided one that looks alike otherwise;
/// without it the head is as narrow as the heads saved before the cue.
#[test]
fn a_guide_head_fitted_with_the_both_sides_cue_reads_it() {
    use crate::model::document_cues::{guide_width, guide_width_before_both_sides};
    let labels = labels();
    let (geo, wire, pro) = confident_rows();
    let marked = SentenceCues {
        own_georgian: true,
        ..SentenceCues::default()
    };
    let georgia_said = SentenceCues {
        voices_georgia: true,
        ..SentenceCues::default()
    };
    let moscow_said = SentenceCues {
        voices_other: true,
        ..SentenceCues::default()
    };
    let plain = SentenceCues::default();
    let mut docs = Vec::new();
    let mut cues = Vec::new();
    // The same sentence probabilities; the wire story reports both sides, the Georgian
    // article only its own.
    for _ in 0..12 {
        let p = vec![geo.clone(), wire.clone(), wire.clone()];
        docs.push((p.clone(), "neutral_wire".to_string()));
        cues.push(vec![marked, georgia_said, moscow_said]);
        docs.push((p, "georgian".to_string()));
        cues.push(vec![marked, georgia_said, plain]);
        docs.push((
            vec![pro.clone(), wire.clone()],
            "pro_tskhinvali".to_string(),
        ));
        cues.push(vec![plain, plain]);
    }
    let head = |both_sides| {
        let columns = GuideColumns {
            framing_share: true,
            both_sides,
        };
        match DocumentAggregator::fit_guide(&labels, &docs, &cues, columns) {
            Some(DocumentAggregator::Guide { head }) => head,
            _ => panic!("the guide head fits"),
        }
    };
    let without = head(false);
    assert_eq!(without.n_features(), guide_width_before_both_sides(3));
    let with = head(true);
    assert_eq!(with.n_features(), guide_width(3));
    let decide = |h: &crate::model::head::LogisticHead, i: usize| {
        DocumentAggregator::Guide { head: h.clone() }
            .decide_article(&labels, &docs[i].0, &cues[i], Vec::new)
            .0
    };
    assert_eq!(decide(&with, 0), "neutral_wire");
    assert_eq!(decide(&with, 1), "georgian");
    // Without the cue the two rows are the same, so one of them must be wrong.
    assert_eq!(decide(&without, 0), decide(&without, 1));
}
