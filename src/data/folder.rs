//! The files of a folder to score, and the ids their records get.
//!
//! Every file is accounted for: text files (`.txt`, `.md`, no extension ..., in any case)
//! are articles, CSV/TSV/JSONL files hold records, and anything else (or hidden) is skipped
//! and listed in the run's summary. A file's id is its path relative to the folder without
//! its extension (`x/a.txt` and `y/a.txt` are `x/a` and `y/a`; two files that would share
//! an id keep their extensions, and a byte of a name that is not UTF-8 is written `\xFF`:
//! no two files share an id), and the records of a CSV or JSONL file inside a folder
//! get it as a prefix (`x/news:12`).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::input::{extension, RecordError};
use crate::output::is_temp_for;

/// Extensions read as one article per file (the empty one: no extension).
const TEXT_EXTENSIONS: &[&str] = &["", "txt", "text", "md", "markdown", "rst"];
/// Extensions read as files of records.
const DATA_EXTENSIONS: &[&str] = &["csv", "tsv", "jsonl", "ndjson"];

/// A file to read and the id its record (or its records' prefix) takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FolderFile {
    pub path: PathBuf,
    pub id: String,
    /// Read from inside a folder (its CSV or JSONL records' ids are prefixed).
    pub in_folder: bool,
}

/// What a walk found.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    pub files: Vec<FolderFile>,
    pub errors: Vec<RecordError>,
    /// Files and folders not read, each `PATH (why)`.
    pub skipped: Vec<String>,
}

/// A file this run writes, by its folder (canonical) and name: never read back as input.
struct Output {
    dir: PathBuf,
    name: String,
}

impl Output {
    /// Where `path` will be written (a symlink resolved, as the writer resolves it).
    fn of(path: &Path) -> Option<Output> {
        let dest = std::fs::canonicalize(path).ok().or_else(|| {
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            Some(std::fs::canonicalize(parent).ok()?.join(path.file_name()?))
        })?;
        Some(Output {
            dir: dest.parent()?.to_path_buf(),
            name: dest.file_name()?.to_string_lossy().into_owned(),
        })
    }
}

/// What to do with a file a walk meets.
struct Visit<'a> {
    any_file: bool,
    outputs: &'a [Output],
}

/// The files under `root` in sorted order. With `any_file` (the format was given), every
/// file that is not hidden is read in that format. `outputs` (the files this run writes)
/// and their temp files are left out: scoring a folder into a file inside it must not read
/// an earlier run's scores as articles.
pub(crate) fn walk(root: &Path, any_file: bool, outputs: &[PathBuf]) -> Walked {
    let mut w = Walked::default();
    let mut found = Vec::new();
    let mut visited = HashSet::new();
    let outputs: Vec<Output> = outputs.iter().filter_map(|p| Output::of(p)).collect();
    let how = Visit {
        any_file,
        outputs: &outputs,
    };
    visit(root, &how, &mut visited, &mut found, &mut w);
    // Ids: relative path without extension, unless two files would share one; then each
    // of them keeps its extension, round after round, since a kept extension can meet
    // another file's id (`a.txt` and `a.md` are `a.txt` and `a.md`, and `a.txt.md` is then
    // `a.txt.md`, where it was `a.txt` beside `a.txt`'s `a.txt`, without a word).
    let relative: Vec<(String, String)> = found
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            let with = slash_path(rel);
            let without = slash_path(&rel.with_extension(""));
            (with, without)
        })
        .collect();
    let mut keep_ext = vec![false; relative.len()];
    loop {
        let ids: Vec<&str> = relative
            .iter()
            .zip(&keep_ext)
            .map(|((with, without), &k)| if k { with } else { without }.as_str())
            .collect();
        let mut count: HashMap<&str, usize> = HashMap::new();
        for id in &ids {
            *count.entry(id).or_default() += 1;
        }
        let shared: Vec<usize> = (0..ids.len())
            .filter(|&i| !keep_ext[i] && count[ids[i]] > 1)
            .collect();
        if shared.is_empty() {
            break;
        }
        for i in shared {
            keep_ext[i] = true;
        }
    }
    w.files = found
        .iter()
        .zip(relative)
        .zip(keep_ext)
        .map(|((p, (with, without)), k)| FolderFile {
            path: p.clone(),
            id: if k { with } else { without },
            in_folder: true,
        })
        .collect();
    w
}

/// Whether a walk of the folder `root` reads the file or folder `path` (both canonical):
/// it lies under `root`, no part of it below `root` is hidden, and a file has an extension
/// the walk reads (any, with `any_file`).
pub(crate) fn walk_reaches(root: &Path, path: &Path, is_file: bool, any_file: bool) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let ext = extension(path);
    !hidden
        && (!is_file
            || any_file
            || TEXT_EXTENSIONS.contains(&ext.as_str())
            || DATA_EXTENSIONS.contains(&ext.as_str()))
}

/// A relative path with `/` between its parts, whatever the platform, its bytes that are
/// not UTF-8 written as `\xFF`: read lossily, two names that differ only there (`b\xFF.txt`,
/// `b\xFE.txt`) were one id, `b\u{fffd}`, for two files.
fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| escaped(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

/// `s` as text, each byte that is not UTF-8 as `\xHH`.
fn escaped(s: &OsStr) -> Cow<'_, str> {
    if let Some(text) = s.to_str() {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    for chunk in s.as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    Cow::Owned(out)
}

fn visit(
    dir: &Path,
    how: &Visit,
    visited: &mut HashSet<PathBuf>,
    found: &mut Vec<PathBuf>,
    w: &mut Walked,
) {
    let err = |p: &Path, m: String| {
        let s = p.to_string_lossy().into_owned();
        RecordError::new(s.clone(), s, 0, m)
    };
    let canonical = match dir.canonicalize() {
        Ok(c) => c,
        Err(e) => {
            return w
                .errors
                .push(err(dir, format!("cannot resolve folder: {e}")))
        }
    };
    let outputs: Vec<&Output> = how.outputs.iter().filter(|o| o.dir == canonical).collect();
    if !visited.insert(canonical) {
        return w
            .errors
            .push(err(dir, "symlink loop: folder already visited".into()));
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => return w.errors.push(err(dir, format!("cannot read folder: {e}"))),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let hidden = name.starts_with('.');
        let shown = p.to_string_lossy().into_owned();
        if p.is_dir() {
            if hidden {
                w.skipped.push(format!("{shown}/ (hidden folder)"));
            } else {
                visit(&p, how, visited, found, w);
            }
            continue;
        }
        let ext = extension(&p);
        if outputs.iter().any(|o| o.name == name) {
            w.skipped.push(format!("{shown} (the output of this run)"));
        } else if outputs.iter().any(|o| is_temp_for(&name, &o.name)) {
            // The output being written: this run's own file, not the user's.
        } else if hidden {
            w.skipped.push(format!("{shown} (hidden file)"));
        } else if how.any_file
            || TEXT_EXTENSIONS.contains(&ext.as_str())
            || DATA_EXTENSIONS.contains(&ext.as_str())
        {
            found.push(p);
        } else {
            w.skipped.push(format!(
                "{shown} (.{ext}: not a text, CSV, TSV or JSONL file)"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_in_any_case_skips_the_rest_and_keeps_paths_apart() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for sub in ["x", "y", ".git"] {
            std::fs::create_dir(d.join(sub)).unwrap();
        }
        for f in [
            "x/a.txt",
            "y/a.txt",
            "B.TXT",
            "notes.md",
            "README",
            "c.pdf",
            ".DS_Store",
            "n.CSV",
            "n.jsonl",
            ".git/HEAD",
        ] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let w = walk(d, false, &[]);
        let ids: Vec<&str> = w.files.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            ["B", "README", "n.CSV", "n.jsonl", "notes", "x/a", "y/a"]
        );
        assert_eq!(w.skipped.len(), 3, "{:?}", w.skipped);
        assert!(w.skipped.iter().any(|s| s.contains("c.pdf (.pdf:")));
        assert!(w
            .skipped
            .iter()
            .any(|s| s.contains(".DS_Store (hidden file)")));
        assert!(w
            .skipped
            .iter()
            .any(|s| s.contains(".git/ (hidden folder)")));
        assert_eq!(walk(d, true, &[]).files.len(), 8);
    }
}
