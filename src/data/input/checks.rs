//! What is checked about the inputs as a whole before any record is read: one file read
//! twice, and ids that inputs named side by side would share.

use std::path::{Path, PathBuf};

use super::{InputFormat, InputOptions};

/// Refuses inputs that would read one file twice and score its records twice, as a
/// labeled file given twice is refused: standard input named twice, one file under two
/// paths (a symlink, a hard link, `./a.txt`), a file or folder inside a folder also given
/// (when the folder's walk reads it), or one folder twice. `any_file`: the input format
/// was given, so a folder's walk reads files of every extension.
pub fn refuse_inputs_given_twice(inputs: &[String], any_file: bool) -> crate::error::Result<()> {
    use crate::error::StancerError::Refused;
    use crate::output::FileId;
    let twice = |input: &str, first: &str| {
        let also = if input == first {
            String::new()
        } else {
            format!(" (also as {first})")
        };
        Err(Refused(format!(
            "{input} is given twice{also}; its records would be scored twice; expected each \
             input once"
        )))
    };
    let mut files: Vec<(&str, FileId, PathBuf)> = Vec::new();
    let mut folders: Vec<(&str, PathBuf)> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        if input == "-" {
            if inputs[..i].iter().any(|f| f == "-") {
                return Err(Refused(
                    "- (standard input) is given twice; it is read once, so the second reads \
                     nothing; expected it once"
                        .into(),
                ));
            }
            continue;
        }
        let path = Path::new(input);
        let Ok(canonical) = path.canonicalize() else {
            continue; // Missing: its own error row says so.
        };
        if path.is_dir() {
            if let Some((first, _)) = folders.iter().find(|(_, c)| *c == canonical) {
                return twice(input, first);
            }
            folders.push((input, canonical));
        } else if let Some(id) = FileId::of_path(path) {
            if let Some((first, ..)) = files.iter().find(|(_, f, _)| *f == id) {
                return twice(input, first);
            }
            files.push((input, id, canonical));
        }
    }
    let inside = files
        .iter()
        .map(|(input, _, c)| (*input, c, true))
        .chain(folders.iter().map(|(input, c)| (*input, c, false)));
    for (input, canonical, is_file) in inside {
        let holder = folders.iter().find(|(_, root)| {
            root != canonical
                && super::super::folder::walk_reaches(root, canonical, is_file, any_file)
        });
        if let Some((folder, _)) = holder {
            return Err(Refused(format!(
                "{input} is inside the folder {folder}, which is also an input; its records \
                 would be scored twice; expected each input once"
            )));
        }
    }
    Ok(())
}

/// Warns when inputs named on the command line give their records the same ids by
/// construction (a folder keeps its files' ids apart, the command line does not): files
/// whose records are numbered by line (`1`, `2` ... in each), or text files that share a
/// name without their extension.
pub(super) fn warn_shared_ids(inputs: &[String], opts: &InputOptions) {
    let mut numbered: Vec<&str> = Vec::new();
    let mut by_id: Vec<(String, Vec<&str>)> = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        let format = match input.as_str() {
            "-" => InputFormat::for_stdin(opts.format, opts.stdin_as.label.as_deref()),
            _ if path.is_dir() => continue,
            _ => opts.format.unwrap_or_else(|| InputFormat::from_path(path)),
        };
        match format {
            InputFormat::Lines => numbered.push(input),
            InputFormat::Csv | InputFormat::Jsonl if opts.id_field.is_none() => {
                numbered.push(input)
            }
            InputFormat::Csv | InputFormat::Jsonl => {}
            InputFormat::Text => {
                let id = path
                    .file_stem()
                    .map_or(input.to_string(), |s| s.to_string_lossy().into_owned());
                match by_id.iter_mut().find(|(i, _)| *i == id) {
                    Some((_, files)) => files.push(input),
                    None => by_id.push((id, vec![input])),
                }
            }
        }
    }
    if numbered.len() > 1 {
        opts.notes.warn(format!(
            "{}: the records of each are numbered by line, so their rows share ids (1, 2 ...) \
             and cannot be told apart by id; pass --id-col, or score the files from one \
             folder (ids `FILE:LINE` there)",
            numbered.join(", ")
        ));
    }
    for (id, files) in by_id.iter().filter(|(_, f)| f.len() > 1) {
        opts.notes.warn(format!(
            "{}: all have id `{id}` (the file name without its extension), so their rows \
             cannot be told apart by id; score them from one folder (ids are paths there)",
            files.join(", ")
        ));
    }
}
