//! Unit tests of the figures: each is a well-formed SVG that shows its labels and numbers,
//! handles empty and non-finite input, and escapes markup.

use super::*;
use crate::eval::calibration::Bin;

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn bin(lo: f64, accuracy: f64, count: usize) -> Bin {
    let mean_confidence = lo + 0.05;
    Bin {
        lo,
        hi: lo + 0.1,
        mean_confidence,
        accuracy,
        count,
    }
}

fn bar(label: &str, value: f64, lo: f64, hi: f64) -> IntervalBar {
    IntervalBar {
        label: label.to_string(),
        value,
        lo,
        hi,
    }
}

/// The opening tag of the `<text>` element whose content is exactly `content`.
fn text_tag<'a>(svg: &'a str, content: &str) -> Option<&'a str> {
    let end = svg.find(&format!(">\n{content}\n</text>"))?;
    Some(&svg[svg[..end].rfind("<text")?..end])
}

/// One root, every `<` opens a tag, every `&` starts an entity, no NaN/inf leaked.
fn assert_well_formed(svg: &str) {
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert_eq!(
        (svg.matches("<svg").count(), svg.matches("</svg>").count()),
        (1, 1)
    );
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    for (i, _) in svg.match_indices('<') {
        let next = svg[i + 1..].chars().next().unwrap();
        assert!(next.is_ascii_alphabetic() || next == '/', "raw `<` at {i}");
    }
    for (i, _) in svg.match_indices('&') {
        let entity = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"];
        assert!(
            entity.iter().any(|e| svg[i..].starts_with(e)),
            "raw `&` at {i}"
        );
    }
    assert!(
        !svg.contains("NaN") && !svg.contains("inf"),
        "non-finite number"
    );
}

#[test]
fn confusion_shows_title_labels_and_every_count() {
    let labels = owned(&["georgian", "neutral_wire", "pro_tskhinvali"]);
    let m = vec![vec![412, 30, 3], vec![25, 610, 12], vec![7, 9, 88]];
    let svg = confusion_svg("stance confusion", &labels, &m).unwrap();
    assert_well_formed(&svg);
    for s in labels
        .iter()
        .map(String::as_str)
        .chain(["stance confusion", "gold", "predicted"])
    {
        assert!(text_tag(&svg, s).is_some(), "{s}");
    }
    for c in m.iter().flatten() {
        assert!(text_tag(&svg, &c.to_string()).is_some(), "count {c}");
    }
    assert!(text_tag(&svg, "92.6%").is_some(), "row share 412/445");
}

#[test]
fn confusion_all_zero_row_has_no_nan_and_bad_shapes_are_errors() {
    let labels = owned(&["a", "b", "c"]);
    let svg = confusion_svg("t", &labels, &[vec![5, 1, 0], vec![0; 3], vec![0, 2, 9]]);
    let svg = svg.unwrap();
    assert_well_formed(&svg);
    // A 0/0 share must read as empty (white), not as NaN cast to a black cell.
    let black = svg
        .lines()
        .filter(|l| l.starts_with("<rect") && l.contains("#000000"));
    assert_eq!(black.count(), 0);
    assert!(confusion_svg("t", &[], &[]).is_err());
    let err = confusion_svg("t", &labels, &[vec![1, 2], vec![3, 4]]).unwrap_err();
    assert!(err.to_string().contains("plot failed"), "{err}");
    assert!(confusion_svg("t", &labels, &[vec![1; 3], vec![1; 3], vec![1; 2]]).is_err());
}

#[test]
fn reliability_annotates_counts_and_skips_empty_bins() {
    let mut bins: Vec<_> = (0..10).map(|i| bin(f64::from(i) / 10.0, 0.5, 0)).collect();
    (bins[2].accuracy, bins[2].mean_confidence) = (f64::NAN, f64::NAN);
    (bins[7], bins[9]) = (bin(0.7, 0.66, 123), bin(0.9, 0.97, 4567));
    let svg = reliability_svg("reliability", &bins).unwrap();
    assert_well_formed(&svg);
    for s in [
        "reliability",
        "mean confidence",
        "accuracy",
        "perfect calibration",
        "123",
        "4567",
    ] {
        assert!(text_tag(&svg, s).is_some(), "{s}");
    }
    assert!(!svg.contains("no predictions"));
    assert!(reliability_svg("t", &[bin(0.5, f64::NAN, 3)]).is_err());
}

#[test]
fn reliability_without_predictions_is_a_frame_with_a_note() {
    for bins in [vec![], vec![bin(0.0, 0.0, 0)]] {
        let svg = reliability_svg("empty", &bins).unwrap();
        assert_well_formed(&svg);
        assert!(text_tag(&svg, "no predictions").is_some());
    }
}

#[test]
fn interval_bars_show_labels_values_on_a_unit_axis() {
    let bars = vec![
        bar("georgian", 0.91, 0.87, 0.95),
        bar("neutral_wire", 0.93, 0.9, 0.96),
    ];
    let svg = interval_bars_svg("per-class F1", "F1", &bars).unwrap();
    assert_well_formed(&svg);
    for s in [
        "per-class F1",
        "F1",
        "georgian",
        "neutral_wire",
        "0.910",
        "0.930",
        "1.0",
    ] {
        assert!(text_tag(&svg, s).is_some(), "{s}");
    }
    assert!(text_tag(&svg, "1.1").is_none() && text_tag(&svg, "-0.1").is_none());
    assert!(!text_tag(&svg, "georgian").unwrap().contains("rotate"));
}

#[test]
fn interval_bars_axis_grows_and_long_labels_rotate() {
    let long = "word + char 3-5 grams + lexicon features";
    let bars = vec![bar("up", 0.9, 0.8, 1.3), bar(long, 0.05, -0.4, 0.2)];
    let svg = interval_bars_svg("t", "delta", &bars).unwrap();
    assert_well_formed(&svg);
    assert!(text_tag(&svg, "1.2").is_some() && text_tag(&svg, "-0.4").is_some());
    assert!(text_tag(&svg, long).unwrap().contains("rotate(270"));
}

#[test]
fn interval_bars_empty_is_a_frame_and_nan_is_an_error() {
    let svg = interval_bars_svg("none", "F1", &[]).unwrap();
    assert_well_formed(&svg);
    assert!(text_tag(&svg, "no data").is_some());
    assert!(interval_bars_svg("t", "F1", &[bar("x", f64::NAN, 0.0, 1.0)]).is_err());
}

#[test]
fn markup_in_titles_and_labels_is_escaped() {
    let (nasty, escaped) = ("a<b & c", "a&lt;b &amp; c");
    let conf = confusion_svg(nasty, &owned(&[nasty, "x"]), &[vec![1, 0], vec![0, 1]]);
    let rel = reliability_svg(nasty, &[bin(0.5, 0.5, 2)]);
    let bars = interval_bars_svg(nasty, nasty, &[bar(nasty, 0.5, 0.4, 0.6)]);
    for svg in [conf.unwrap(), rel.unwrap(), bars.unwrap()] {
        assert_well_formed(&svg);
        assert!(svg.contains(escaped) && !svg.contains(nasty));
    }
}
