//! SVG figures for the evaluation report: confusion heatmaps, reliability diagrams and
//! bars with confidence intervals.
//!
//! Every function returns the SVG document as a `String` and writes nothing, so the caller
//! decides where it goes and can write it atomically. plotters is built with its SVG
//! backend only: with no font backend it sizes text by a character-count estimate and emits
//! `<text>` elements the viewer lays out, so no font file is needed at build or run time.
//! Layout therefore reserves room from our own estimate (`canvas::text_px`) rather than
//! measuring.
//!
//! `canvas` holds what the figures share (colours, text placement and its width estimate,
//! the title band, rendering to a string); each figure has its own file.

mod canvas;
mod confusion;
mod interval_bars;
mod reliability;

pub use confusion::confusion_svg;
pub use interval_bars::{interval_bars_svg, IntervalBar};
pub use reliability::reliability_svg;

#[cfg(test)]
mod tests;
