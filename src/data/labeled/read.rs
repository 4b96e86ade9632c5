//! Reading one labeled CSV into the corpus's columns, with every problem named by file,
//! line and what was expected.

use std::path::Path;

use super::columns::{AllowedLabels, Columns, GroupKey, TEXT_SEPARATOR};
use super::row_checks::{
    check_label, check_swallowed, empty_cell_warning, groupless_warning, repeated_column_warnings,
};
use super::rows::RowsBuilder;
use crate::data::csv_checks::{header_again_message, repeats_header, text_after_quote_message};
use crate::data::decode::{
    decode_owned, first_misread_lines, misread_warning, url_host, ReadOptions,
};
use crate::data::store::TextArena;
use crate::data::LineCounter;
use crate::error::{Result, StancerError};
use crate::features::lexicon::csv_error;

/// Reads one file into `out`; returns whether it had the frame column.
pub(super) fn read_one(
    path: &Path,
    bytes: Vec<u8>,
    cols: &Columns,
    allowed: &AllowedLabels,
    opts: &ReadOptions,
    out: &mut RowsBuilder,
    warnings: &mut Vec<String>,
) -> Result<bool> {
    let file = out.sources.len() as u32;
    out.sources.push(path.to_path_buf());
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(StancerError::Input {
            path: path.into(),
            line: 1,
            message: "the file is empty; expected a header row and labeled rows".into(),
        });
    }
    // The texts take about the file's size: room for them up front, so the buffer is
    // never copied to grow.
    if out.texts.is_empty() {
        out.texts = TextArena::with_capacity(bytes.len());
    }
    // UTF-8 read as Latin-1 (“ as `â€œ`), said as the scoring readers say it.
    // Windows-1252 read as Latin-1 (“ as an invisible control character), likewise.
    for (line, m) in first_misread_lines(&bytes, opts.encoding) {
        warnings.push(misread_warning(
            &path.display().to_string(),
            line,
            opts.encoding,
            m,
        ));
    }
    let text = decode_owned(path, bytes, opts.encoding)?;
    let checked = text.as_bytes();
    let (quotes, text_after) = if opts.quoting {
        crate::data::csv_checks::scan_quotes(checked, opts.delimiter)
    } else {
        (Vec::new(), Vec::new())
    };
    if opts.quoting {
        crate::data::csv_checks::check_unclosed_quote(path, checked, &quotes)?;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(opts.delimiter)
        .quoting(opts.quoting)
        .from_reader(checked);
    let lines = LineCounter::new(checked);
    // The csv crate's error, with the line counted from the byte offset (its own count is
    // off by one in CRLF files) and a hint when a stray quote swallowed a line break.
    let parse_error = |e: csv::Error| {
        let hint = match (e.kind(), e.position()) {
            (csv::ErrorKind::UnequalLengths { .. }, Some(pos)) => {
                crate::data::csv_checks::quote_hint(checked, &quotes, pos.byte() as usize)
            }
            _ => None,
        };
        let line = e.position().map(|p| lines.line_at(p.byte()));
        match csv_error(path, e) {
            StancerError::Input {
                path,
                line: own,
                message,
            } => StancerError::Input {
                path,
                line: line.unwrap_or(own),
                message: message + hint.as_deref().unwrap_or(""),
            },
            other => other,
        }
    };
    let headers = reader.headers().map_err(parse_error)?.clone();
    check_swallowed(
        path,
        checked,
        &quotes,
        opts.delimiter,
        headers.len(),
        warnings,
    )?;
    let position = |name: &str| super::header_position(&headers, name);
    let find = |name: &str| super::find_column(path, &headers, name);
    if cols.text.is_empty() {
        return Err(StancerError::Config("no text column named".into()));
    }
    if let Some((i, twice)) = (0..cols.text.len())
        .map(|i| (i, &cols.text[i]))
        .find(|(i, c)| cols.text[..*i].contains(c))
    {
        return Err(StancerError::Config(format!(
            "text column `{twice}` is named twice (item {} of {}): the text would be joined \
             with itself; expected each column once",
            i + 1,
            cols.text.join(",")
        )));
    }
    let text_i: Vec<usize> = cols.text.iter().map(|c| find(c)).collect::<Result<_>>()?;
    let stance_i = find(&cols.stance)?;
    let frame_i = match cols.frame.as_deref() {
        Some(name) if cols.frame_optional => position(name),
        Some(name) => Some(find(name)?),
        None => None,
    };
    let group_i = find(&cols.group)?;
    let split_i = cols.split.as_deref().map(find).transpose()?;
    let per_group_i = cols.per_group.as_deref().map(find).transpose()?;
    let filters: Vec<(usize, &str)> = opts
        .filters
        .iter()
        .map(|f| Ok((find(&f.column)?, f.value.as_str())))
        .collect::<Result<_>>()?;
    let sent_i = match cols.sent.as_deref() {
        Some(name) if cols.sent_optional => position(name),
        Some(name) => Some(find(name)?),
        None => None,
    };
    // Text after the closing quote of a one-line quoted field this run reads: the field
    // would lose its quotes (`"So-called" elections` reads as `So-called elections`).
    let read: Vec<usize> = text_i
        .iter()
        .copied()
        .chain([stance_i, group_i])
        .chain(frame_i)
        .chain(split_i)
        .chain(per_group_i)
        .chain(filters.iter().map(|&(i, _)| i))
        .chain(sent_i)
        .collect();
    warnings.extend(repeated_column_warnings(path, &headers, &read));
    if let Some(t) = text_after.iter().find(|t| read.contains(&t.field)) {
        return Err(StancerError::Input {
            path: path.into(),
            line: t.line,
            message: text_after_quote_message(
                t,
                &format!("field in column `{}`", &headers[t.field]),
            ),
        });
    }
    let before = out.len();
    let mut rows = 0usize;
    // Rows without a group: how many, and the first one's line.
    let mut groupless = (0usize, 0u64);
    // Rows with an empty `--split-col` or `--per-group` cell, likewise.
    let (mut unsplit, mut ungrouped) = ((0usize, 0u64), (0usize, 0u64));
    // One record, refilled row by row: fields are borrowed from it, never copied out
    // except into the corpus's own columns.
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(parse_error)? {
        rows += 1;
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        let get = |i: usize| record.get(i).unwrap_or("");
        if !filters.iter().all(|&(i, v)| get(i).trim() == v) {
            continue;
        }
        if repeats_header([get(stance_i)], [&headers[stance_i]])
            && repeats_header(&record, &headers)
        {
            let message = header_again_message("a labeled row");
            return Err(StancerError::Input {
                path: path.into(),
                line,
                message,
            });
        }
        if let Some(k) = text_i.iter().position(|&i| get(i).trim().is_empty()) {
            return Err(StancerError::Input {
                path: path.into(),
                line,
                message: format!("empty text in column `{}`", cols.text[k]),
            });
        }
        let stance = get(stance_i).trim();
        check_label(path, line, &cols.stance, stance, allowed.stance.as_deref())?;
        let frame = match (frame_i, cols.frame.as_deref()) {
            (Some(i), Some(name)) => {
                let f = get(i).trim();
                check_label(path, line, name, f, allowed.frame.as_deref())?;
                Some(f)
            }
            _ => None,
        };
        let host;
        let group = match cols.group_key {
            GroupKey::Value => get(group_i),
            GroupKey::UrlHost => {
                host = url_host(get(group_i));
                host.as_str()
            }
        };
        if group.trim().is_empty() {
            groupless.0 += 1;
            if groupless.0 == 1 {
                groupless.1 = line;
            }
        }
        let group_id = out.push_group(group, file, line);
        if let Some(si) = sent_i {
            if let Some((f, first)) = out.seen.insert(group_id, get(si), file, line) {
                let there = match out.sources.get(f as usize) {
                    Some(p) if f != file => format!("in {} ", p.display()),
                    _ => String::new(),
                };
                return Err(StancerError::Input {
                    path: path.into(),
                    line,
                    message: format!(
                        "duplicate ({}, {}) = ({}, {}); first seen {there}on line {first}",
                        cols.group,
                        cols.sent.as_deref().unwrap_or(""),
                        group,
                        get(si)
                    ),
                });
            }
        }
        out.texts
            .push_joined(text_i.iter().map(|&i| get(i)), TEXT_SEPARATOR);
        out.split.push(split_i.map_or(group, get));
        out.stance.push(stance);
        out.frame.push_option(frame);
        let per_group = per_group_i.map(|i| get(i).trim());
        out.per_group.push_option(per_group);
        for (cell, count) in [
            (split_i.map(get), &mut unsplit),
            (per_group, &mut ungrouped),
        ] {
            if cell.is_some_and(|c| c.trim().is_empty()) {
                count.0 += 1;
                if count.0 == 1 {
                    count.1 = line;
                }
            }
        }
    }
    if groupless.0 > 0 {
        warnings.push(groupless_warning(path, &cols.group, groupless));
    }
    if let (Some(column), true) = (&cols.split, unsplit.0 > 0) {
        warnings.push(empty_cell_warning(
            path,
            column,
            "--split-col",
            "held out together as one value of their own, in one fold",
            unsplit,
        ));
    }
    if let (Some(column), true) = (&cols.per_group, ungrouped.0 > 0) {
        warnings.push(empty_cell_warning(
            path,
            column,
            "--per-group",
            "trained and tested as one group of their own, named ``",
            ungrouped,
        ));
    }
    if out.len() == before {
        let message = if rows > 0 {
            let f: Vec<String> = opts
                .filters
                .iter()
                .map(|f| format!("{}={}", f.column, f.value))
                .collect();
            format!("none of the {rows} rows matches {}", f.join(" and "))
        } else {
            "the file has a header but no rows".into()
        };
        return Err(StancerError::Input {
            path: path.into(),
            line: 2,
            message,
        });
    }
    Ok(frame_i.is_some())
}

#[cfg(test)]
mod tests;
