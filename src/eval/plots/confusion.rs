//! The confusion heatmap: counts of gold against predicted labels, each cell coloured by
//! its share of the gold row.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{fail, render, style, text, text_px, titled, wrap, BOTTOM, DARK, GREY, TOP};

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
