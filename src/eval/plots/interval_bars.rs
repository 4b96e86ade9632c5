//! Bars with confidence intervals: a score per label with its whiskers, for comparisons
//! such as F1 per class, the article rules, and the benchmark's feature sets.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::Serialize;

use super::canvas::{
    fail, render, style, text, text_px, titled, BOTTOM, FONT, GREY, GRID, MIDDLE, TOP,
};

/// A bar with a confidence interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalBar {
    pub label: String,
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
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
