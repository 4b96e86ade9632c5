//! SVG figures for the evaluation report: confusion heatmaps, reliability diagrams and
//! bars with confidence intervals.
//!
//! Every function returns the SVG document as a `String` and writes nothing, so the caller
//! decides where it goes and can write it atomically. plotters is built with its SVG
//! backend only: with no font backend it sizes text by a character-count estimate and emits
//! `<text>` elements the viewer lays out, so no font file is needed at build or run time.
//! Layout therefore reserves room from our own estimate ([`text_px`]) rather than measuring.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use super::calibration::Bin;
use crate::error::StancerError;

/// A bar with a confidence interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalBar {
    pub label: String,
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

const FONT: &str = "sans-serif";
// The dark end of the "Blues" ramp; white is its light end.
const DARK: RGBColor = RGBColor(8, 48, 107);
const GREY: RGBColor = RGBColor(90, 90, 90);
const GRID: RGBColor = RGBColor(230, 230, 230);
const TOP: (HPos, VPos) = (HPos::Center, VPos::Top);
const BOTTOM: (HPos, VPos) = (HPos::Center, VPos::Bottom);
const MIDDLE: (HPos, VPos) = (HPos::Center, VPos::Center);

fn fail(e: impl std::fmt::Display) -> StancerError {
    StancerError::Config(format!("plot failed: {e}"))
}

/// Pixel width of `s` at plotters font size `size`. plotters renders at `size / 1.24`
/// and an average sans-serif glyph is ~0.6 em wide; erring wide keeps labels apart.
fn text_px(s: &str, size: f64) -> i32 {
    (s.chars().count() as f64 * size * 0.5).ceil() as i32
}

/// Greedy word wrap to `max_px`; a single word wider than that keeps its own line.
fn wrap(s: &str, size: f64, max_px: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in s.split(' ') {
        match lines.last_mut() {
            Some(l) if text_px(&format!("{l} {word}"), size) <= max_px => {
                l.push_str(&format!(" {word}"))
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn style(size: f64, color: &'static RGBColor, (h, v): (HPos, VPos)) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font())
        .color(color)
        .pos(Pos::new(h, v))
}

fn text(area: &Area, s: &str, at: (i32, i32), st: TextStyle) -> crate::Result<()> {
    area.draw(&Text::new(s.to_string(), at, st)).map_err(fail)
}

/// Draws `title` (and an optional note) across the top and returns the area below. plotters'
/// own caption sits flush on the plot, where it collides with labels above the top gridline.
fn titled<'a>(root: &Area<'a>, title: &str, note: &str) -> crate::Result<Area<'a>> {
    let w = root.dim_in_pixel().0 as i32 / 2;
    text(root, title, (w, 14), style(22.0, &BLACK, TOP))?;
    text(root, note, (w, 42), style(14.0, &GREY, TOP))?;
    let height = if note.is_empty() { 48 } else { 70 };
    Ok(root.split_vertically(height).1)
}

/// Renders into a fresh SVG string, at least wide enough for `title`.
fn render(
    (w, h): (i32, i32),
    title: &str,
    draw: impl FnOnce(&Area) -> crate::Result<()>,
) -> crate::Result<String> {
    let mut svg = String::new();
    {
        let w = w.max(text_px(title, 22.0) + 40) as u32;
        let root = SVGBackend::with_string(&mut svg, (w, h as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        draw(&root)?;
        root.present().map_err(fail)?;
    }
    Ok(svg)
}

/// Heatmap of `matrix` (rows gold, columns predicted, both in `labels` order), coloured by
/// the row-normalized share so that a small class's errors are as visible as a large one's.
/// Errors on no labels or a matrix that is not `labels.len()` square, which are caller bugs.
pub fn confusion_svg(
    title: &str,
    labels: &[String],
    matrix: &[Vec<usize>],
) -> crate::Result<String> {
    let n = labels.len() as i32;
    if n == 0 || matrix.len() != labels.len() || matrix.iter().any(|r| r.len() != labels.len()) {
        return Err(fail(format!("confusion matrix must be {n}x{n}, n > 0")));
    }
    let longest = labels.iter().map(|l| text_px(l, 15.0)).max().unwrap_or(0);
    let cell = (longest + 16).clamp(96, 140);
    let wrapped: Vec<Vec<String>> = labels.iter().map(|l| wrap(l, 15.0, cell - 8)).collect();
    let x_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let (left, top, side) = (52 + longest, 8, n * cell);
    let size = (left + side + 20, 70 + top + side + 46 + 18 * x_lines);
    render(size, title, |root| {
        let note = "each cell: count and share of its gold row; colour = row share";
        let body = titled(root, title, note)?;
        for (i, row) in (0..).zip(matrix) {
            let total: usize = row.iter().sum();
            let y0 = top + i * cell;
            for (j, &count) in (0..).zip(row) {
                let share = count as f64 / total.max(1) as f64;
                let mix = |dark: u8| (255.0 - (255.0 - f64::from(dark)) * share).round() as u8;
                let fill = RGBColor(mix(DARK.0), mix(DARK.1), mix(DARK.2));
                let (x0, ink) = (left + j * cell, if share > 0.5 { &WHITE } else { &BLACK });
                let corners = [(x0, y0), (x0 + cell, y0 + cell)];
                let border = RGBColor(200, 200, 200);
                for rect in [
                    Rectangle::new(corners, fill.filled()),
                    Rectangle::new(corners, ShapeStyle::from(border)),
                ] {
                    body.draw(&rect).map_err(fail)?;
                }
                let (cx, cy) = (x0 + cell / 2, y0 + cell / 2);
                let big = style(20.0, ink, BOTTOM);
                text(&body, &count.to_string(), (cx, cy + 2), big)?;
                let pct = format!("{:.1}%", 100.0 * share);
                let pct = if total == 0 { "-" } else { &pct };
                text(&body, pct, (cx, cy + 6), style(15.0, ink, TOP))?;
            }
            let cy = y0 + cell / 2;
            let label = style(15.0, &BLACK, (HPos::Right, VPos::Bottom));
            text(&body, &labels[i as usize], (left - 8, cy + 2), label)?;
            let sub = style(13.0, &GREY, (HPos::Right, VPos::Top));
            text(&body, &format!("n={total}"), (left - 8, cy + 4), sub)?;
        }
        let bottom = top + side;
        for (j, lines) in (0..).zip(&wrapped) {
            for (k, l) in (0..).zip(lines) {
                let at = (left + j * cell + cell / 2, bottom + 6 + 18 * k);
                text(&body, l, at, style(15.0, &BLACK, TOP))?;
            }
        }
        let axis = style(17.0, &BLACK, TOP);
        let at = (left + side / 2, bottom + 14 + 18 * x_lines);
        text(&body, "predicted", at, axis.clone())?;
        let gold = axis.transform(FontTransform::Rotate270);
        text(&body, "gold", (12, top + side / 2), gold)
    })
}

/// Reliability diagram: per non-empty bin a bar over `[lo, hi)` up to its accuracy and a
/// dot at (mean confidence, accuracy), against the dashed diagonal of perfect calibration.
/// Bins with `count == 0` are skipped whatever their other fields hold (they may be NaN);
/// no bins at all gives the empty frame with a "no predictions" note.
pub fn reliability_svg(title: &str, bins: &[Bin]) -> crate::Result<String> {
    let used: Vec<&Bin> = bins.iter().filter(|b| b.count > 0).collect();
    // A sum is finite only if every term is.
    if let Some(b) = used
        .iter()
        .find(|b| !(b.lo + b.hi + b.mean_confidence + b.accuracy).is_finite())
    {
        return Err(fail(format!(
            "reliability bin [{}, {}) is not finite",
            b.lo, b.hi
        )));
    }
    render((600, 590), title, |root| {
        let body = titled(root, title, "")?;
        let mut chart = ChartBuilder::on(&body)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..1f64, 0f64..1f64)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_desc("mean confidence")
            .y_desc("accuracy")
            .axis_desc_style((FONT, 17))
            .label_style((FONT, 14))
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .x_label_formatter(&|v| format!("{v:.1}"))
            .y_label_formatter(&|v| format!("{v:.1}"))
            .draw()
            .map_err(fail)?;
        let area = chart.plotting_area();
        for b in &used {
            let corners = [(b.lo, 0.0), (b.hi, b.accuracy)];
            area.draw(&Rectangle::new(corners, DARK.mix(0.18).filled()))
                .map_err(fail)?;
            area.draw(&Rectangle::new(corners, WHITE)).map_err(fail)?;
        }
        let diag = DashedPathElement::new(vec![(0.0, 0.0), (1.0, 1.0)], 6, 4, BLACK.mix(0.6));
        chart
            .draw_series(std::iter::once(diag))
            .map_err(fail)?
            .label("perfect calibration")
            .legend(|(x, y)| DashedPathElement::new(vec![(x, y), (x + 20, y)], 6, 4, BLACK));
        let pts: Vec<_> = used
            .iter()
            .map(|b| (b.mean_confidence, b.accuracy))
            .collect();
        let line = PathElement::new(pts.clone(), DARK.stroke_width(2));
        chart.draw_series(std::iter::once(line)).map_err(fail)?;
        chart
            .draw_series(pts.iter().map(|&p| Circle::new(p, 4, DARK.filled())))
            .map_err(fail)?
            .label("accuracy per bin (number = predictions)")
            .legend(|(x, y)| Circle::new((x + 10, y), 4, DARK.filled()));
        let area = chart.plotting_area();
        for b in &used {
            let s = b.count.to_string();
            let bin_px = area.map_coordinate(&(b.hi, 0.0)).0 - area.map_coordinate(&(b.lo, 0.0)).0;
            let st = if text_px(&s, 14.0) > bin_px - 2 {
                style(14.0, &BLACK, (HPos::Left, VPos::Center)).transform(FontTransform::Rotate270)
            } else {
                style(14.0, &BLACK, BOTTOM)
            };
            let el = EmptyElement::at(((b.lo + b.hi) / 2.0, 0.0)) + Text::new(s, (0, -4), st);
            area.draw(&el).map_err(fail)?;
        }
        if used.is_empty() {
            let st = style(18.0, &GREY, MIDDLE);
            let note = Text::new("no predictions", (0.65, 0.3), st);
            area.draw(&note).map_err(fail)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font((FONT, 14))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .draw()
            .map_err(fail)
    })
}

/// Vertical bars at `value` with whiskers from `lo` to `hi`, labelled underneath (rotated
/// when a label is wider than its slot). The y axis is 0..1, scores' natural range, and
/// grows only to fit a value or bound outside it. No bars gives the empty frame with a
/// "no data" note; a non-finite value or bound is an error.
pub fn interval_bars_svg(
    title: &str,
    y_label: &str,
    bars: &[IntervalBar],
) -> crate::Result<String> {
    let values = || bars.iter().flat_map(|b| [b.value, b.lo, b.hi]);
    if let Some(b) = bars.iter().find(|b| !(b.value + b.lo + b.hi).is_finite()) {
        return Err(fail(format!("bar `{}` is not finite", b.label)));
    }
    let (lo, hi) = (values().fold(0.0, f64::min), values().fold(1.0, f64::max));
    let pad = 0.05 * (hi - lo);
    let y_range = (if lo < 0.0 { lo - pad } else { 0.0 })..(if hi > 1.0 { hi + pad } else { 1.0 });
    let n = bars.len();
    let longest = bars.iter().map(|b| text_px(&b.label, 15.0)).max();
    let longest = longest.unwrap_or(0);
    let rotate = longest > 110;
    let slot = if rotate { 80 } else { (longest + 14).max(80) };
    let label_h = if rotate { longest * 9 / 10 + 16 } else { 30 };
    let size = (100 + n.max(4) as i32 * slot, 470 + label_h);
    render(size, title, |root| {
        let body = titled(root, title, "")?;
        let mut chart = ChartBuilder::on(&body)
            .margin(16)
            .margin_top(24)
            .x_label_area_size(label_h)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..n.max(1) as f64, y_range.clone())
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .set_tick_mark_size(LabelAreaPosition::Bottom, 0)
            .x_label_formatter(&|_| String::new())
            .y_desc(y_label)
            .axis_desc_style((FONT, 17))
            .label_style((FONT, 14))
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .y_label_formatter(&|v| format!("{v:.1}"))
            .draw()
            .map_err(fail)?;
        let area = chart.plotting_area();
        let ink = BLACK.stroke_width(2);
        for (x, b) in (0..).map(f64::from).zip(bars) {
            let fill = RGBColor(66, 122, 180).mix(0.55).filled();
            let bar = Rectangle::new([(x + 0.2, 0.0), (x + 0.8, b.value)], fill);
            area.draw(&bar).map_err(fail)?;
            let c = x + 0.5;
            let whisker = PathElement::new(vec![(c, b.lo), (c, b.hi)], ink);
            area.draw(&whisker).map_err(fail)?;
            for y in [b.lo, b.hi] {
                let whisker =
                    EmptyElement::at((c, y)) + PathElement::new(vec![(-7, 0), (7, 0)], ink);
                area.draw(&whisker).map_err(fail)?;
            }
            let val = style(14.0, &BLACK, BOTTOM);
            let el =
                EmptyElement::at((c, b.hi)) + Text::new(format!("{:.3}", b.value), (0, -4), val);
            area.draw(&el).map_err(fail)?;
            let (px, py) = area.map_coordinate(&(c, y_range.start));
            let st = if rotate {
                style(15.0, &BLACK, (HPos::Right, VPos::Center)).transform(FontTransform::Rotate270)
            } else {
                style(15.0, &BLACK, TOP)
            };
            text(root, &b.label, (px, py + 8), st)?;
        }
        if y_range.start < 0.0 {
            let zero = PathElement::new(vec![(0.0, 0.0), (n as f64, 0.0)], BLACK);
            area.draw(&zero).map_err(fail)?;
        }
        if bars.is_empty() {
            let st = style(18.0, &GREY, MIDDLE);
            let at = (0.5, (y_range.start + y_range.end) / 2.0);
            area.draw(&Text::new("no data", at, st)).map_err(fail)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
