//! A report folder: `report.md` with its figures beside it, and `report.json`.
//!
//! A folder rather than one file because a paper needs the figures as files. The folder is
//! replaced as a set ([`write_folder`]): a failure or an interrupted run leaves the previous
//! report whole, never a new `report.md` beside old figures.

use std::path::{Path, PathBuf};

use super::plots::{confusion_svg, interval_bars_svg, reliability_svg, IntervalBar};
use super::report::slug;
use super::run::EvalReport;
use crate::error::{Result, StancerError};
use crate::output::{check_folder, write_folder};

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

/// Writes `report.md`, `report.json` and the figures as the folder `dir` (created if
/// needed; a folder holding other files is refused, see [`write_folder`]) and returns the
/// paths written.
pub fn write_report_dir(report: &EvalReport, dir: &Path) -> Result<Vec<PathBuf>> {
    write_report_dir_with(report, dir, None, Vec::new())
}

/// [`write_report_dir`], with `preamble` (Markdown) placed under report.md's title and
/// `extra` files written beside it, all as one set: `stancer reproduce` puts the transfer
/// figures (`transfer.md`, `transfer.json`) beside the cross-validated ones.
pub fn write_report_dir_with(
    report: &EvalReport,
    dir: &Path,
    preamble: Option<&str>,
    extra: Vec<(String, Vec<u8>)>,
) -> Result<Vec<PathBuf>> {
    let json = serde_json::to_vec_pretty(report)
        .map_err(|e| StancerError::Config(format!("cannot serialize the report: {e}")))?;
    let mut md = report.markdown(true);
    if let Some(pre) = preamble {
        let at = md.find("\n\n").map_or(md.len(), |i| i + 2);
        md.insert_str(at, &format!("{pre}\n"));
    }
    let mut files = vec![
        ("report.md".to_string(), md.into_bytes()),
        ("report.json".to_string(), json),
    ];
    files.extend(extra);
    for (name, svg) in figures(report)? {
        files.push((name, svg.into_bytes()));
    }
    write_folder(dir, &files, is_report_file)?;
    Ok(files.iter().map(|(name, _)| dir.join(name)).collect())
}

/// Checks before the run what [`write_report_dir`] will check at its end: that `dir` is a
/// folder (or nothing yet) holding only report files.
pub fn check_report_dir(dir: &Path) -> Result<()> {
    check_folder(dir, is_report_file)
}

/// What a report folder holds: anything else in it is not ours to delete.
fn is_report_file(name: &str) -> bool {
    matches!(
        name,
        "report.md" | "report.json" | "transfer.md" | "transfer.json"
    ) || name.ends_with(".svg")
}
