//! The drawing kit the report's figures share: their colours and font, text placed and
//! wrapped by our own width estimate (there is no font backend to measure with), a title
//! band above the plot, and rendering into an SVG string, so that every figure looks
//! alike and fails with the same error.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::StancerError;

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

pub(super) const FONT: &str = "sans-serif";
// The dark end of the "Blues" ramp; white is its light end.
pub(super) const DARK: RGBColor = RGBColor(8, 48, 107);
pub(super) const GREY: RGBColor = RGBColor(90, 90, 90);
pub(super) const GRID: RGBColor = RGBColor(230, 230, 230);
pub(super) const TOP: (HPos, VPos) = (HPos::Center, VPos::Top);
pub(super) const BOTTOM: (HPos, VPos) = (HPos::Center, VPos::Bottom);
pub(super) const MIDDLE: (HPos, VPos) = (HPos::Center, VPos::Center);

pub(super) fn fail(e: impl std::fmt::Display) -> StancerError {
    StancerError::Config(format!("plot failed: {e}"))
}

/// Pixel width of `s` at plotters font size `size`. plotters renders at `size / 1.24`
/// and an average sans-serif glyph is ~0.6 em wide; erring wide keeps labels apart.
pub(super) fn text_px(s: &str, size: f64) -> i32 {
    (s.chars().count() as f64 * size * 0.5).ceil() as i32
}

/// Greedy word wrap to `max_px`; a single word wider than that keeps its own line.
pub(super) fn wrap(s: &str, size: f64, max_px: i32) -> Vec<String> {
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

pub(super) fn style(
    size: f64,
    color: &'static RGBColor,
    (h, v): (HPos, VPos),
) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font())
        .color(color)
        .pos(Pos::new(h, v))
}

pub(super) fn text(area: &Area, s: &str, at: (i32, i32), st: TextStyle) -> crate::Result<()> {
    area.draw(&Text::new(s.to_string(), at, st)).map_err(fail)
}

/// Draws `title` (and an optional note) across the top and returns the area below. plotters'
/// own caption sits flush on the plot, where it collides with labels above the top gridline.
pub(super) fn titled<'a>(root: &Area<'a>, title: &str, note: &str) -> crate::Result<Area<'a>> {
    let w = root.dim_in_pixel().0 as i32 / 2;
    text(root, title, (w, 14), style(22.0, &BLACK, TOP))?;
    text(root, note, (w, 42), style(14.0, &GREY, TOP))?;
    let height = if note.is_empty() { 48 } else { 70 };
    Ok(root.split_vertically(height).1)
}

/// Renders into a fresh SVG string, at least wide enough for `title`.
pub(super) fn render(
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
