//! The reliability diagram: how often predictions were right against how confident they
//! were, bin by bin, beside the diagonal of perfect calibration.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{fail, render, style, text_px, titled, BOTTOM, DARK, FONT, GREY, GRID, MIDDLE};
use crate::eval::calibration::Bin;

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
