//! A report folder: `report.md` with its figures beside it, and `report.json`.
//!
//! A folder rather than one file because a paper needs the figures as files; every file is
//! written atomically, so an interrupted run leaves the previous report whole.

use std::path::{Path, PathBuf};

use super::plots::{confusion_svg, interval_bars_svg, reliability_svg, IntervalBar};
use super::report::slug;
use super::run::EvalReport;
use crate::error::{Result, StancerError};
use crate::model::persist::write_atomic;

/// The SVG figures of a report, as (file name, SVG): per head, the confusion heatmap,
/// per-class F1 with bootstrap CIs and the reliability diagram; and the article-stance
/// rules compared, when there are any.
pub fn figures(report: &EvalReport) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (title, head) in report.heads() {
        let slug = slug(title);
        let m = &head.model;
        out.push((
            format!("confusion_{slug}.svg"),
            confusion_svg(&format!("{title}: confusion"), &m.labels, &m.confusion)?,
        ));
        let bars: Vec<IntervalBar> = head
            .ci
            .class_f1
            .iter()
            .map(|(label, ci)| IntervalBar {
                label: label.clone(),
                value: ci.value,
                lo: ci.lo,
                hi: ci.hi,
            })
            .chain(std::iter::once(IntervalBar {
                label: "macro-F1".into(),
                value: head.ci.macro_f1.value,
                lo: head.ci.macro_f1.lo,
                hi: head.ci.macro_f1.hi,
            }))
            .collect();
        out.push((
            format!("class_f1_{slug}.svg"),
            interval_bars_svg(
                &format!("{title}: F1 per class, 95% CI by article"),
                "F1",
                &bars,
            )?,
        ));
        out.push((
            format!("reliability_{slug}.svg"),
            reliability_svg(
                &format!("{title}: reliability (ECE {:.3})", head.calibration.ece),
                &head.calibration.bins,
            )?,
        ));
    }
    if !report.document_methods.is_empty() {
        let bars: Vec<IntervalBar> = report
            .document_methods
            .iter()
            .map(|m| IntervalBar {
                label: m.method.clone(),
                value: m.report.macro_f1,
                lo: m.ci.macro_f1.lo,
                hi: m.ci.macro_f1.hi,
            })
            .collect();
        out.push((
            "document_methods.svg".into(),
            interval_bars_svg("article stance rules: macro-F1, 95% CI", "macro-F1", &bars)?,
        ));
    }
    Ok(out)
}

/// Writes `report.md`, `report.json` and the figures into `dir` (created if needed) and
/// returns the paths written.
pub fn write_report_dir(report: &EvalReport, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| StancerError::io(dir, e))?;
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> Result<()> {
        let path = dir.join(name);
        write_atomic(&path, bytes)?;
        written.push(path);
        Ok(())
    };
    put("report.md", report.markdown(true).as_bytes())?;
    let json = serde_json::to_vec_pretty(report)
        .map_err(|e| StancerError::Config(format!("cannot serialize the report: {e}")))?;
    put("report.json", &json)?;
    for (name, svg) in figures(report)? {
        put(&name, svg.as_bytes())?;
    }
    Ok(written)
}
