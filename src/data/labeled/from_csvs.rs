//! Where a corpus comes from: labeled CSV files, or CSV bytes the Python package hands over.
//! A file given twice is refused (its rows would count twice), and all are hashed together
//! so that every model and report can name the data it rests on exactly.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::read::read_one;
use super::rows::RowsBuilder;
use super::{AllowedLabels, Columns, LabeledCorpus};
use crate::data::decode::ReadOptions;
use crate::error::{Result, StancerError};

impl LabeledCorpus {
    /// Reads and concatenates labeled CSVs that share a column layout.
    pub fn from_csvs(paths: &[PathBuf], cols: &Columns, allowed: &AllowedLabels) -> Result<Self> {
        Self::from_csvs_with(paths, cols, allowed, &ReadOptions::default())
    }

    /// [`LabeledCorpus::from_csvs`] for files that are tab-separated, not UTF-8, or need
    /// rows filtered ([`ReadOptions`]).
    pub fn from_csvs_with(
        paths: &[PathBuf],
        cols: &Columns,
        allowed: &AllowedLabels,
        opts: &ReadOptions,
    ) -> Result<Self> {
        if paths.is_empty() {
            return Err(StancerError::Data("no labeled file given".into()));
        }
        // The same file twice would count every row twice, with or without sentence ids.
        let ids: Vec<_> = paths
            .iter()
            .map(|p| crate::output::FileId::of_path(p))
            .collect();
        for (i, id) in ids.iter().enumerate() {
            if let Some(j) = (0..i).find(|&j| id.is_some() && ids[j] == *id) {
                return Err(StancerError::DataFile {
                    path: paths[i].clone(),
                    message: format!(
                        "given twice (also as {}); expected each labeled file once",
                        paths[j].display()
                    ),
                });
            }
        }
        let mut hasher = Sha256::new();
        let mut rows = RowsBuilder::default();
        let mut warnings = Vec::new();
        let mut without_frames = Vec::new();
        for path in paths {
            let bytes = std::fs::read(path).map_err(|e| StancerError::io(path, e))?;
            hasher.update(&bytes);
            if !read_one(path, bytes, cols, allowed, opts, &mut rows, &mut warnings)? {
                without_frames.push(path);
            }
        }
        warnings.extend(rows.spacing_warning(&cols.group));
        // The frame head needs a label on every row: a default frame column that only some
        // files have left it untrained, and their frame labels unread, without a word.
        if let (Some(name), true) = (&cols.frame, cols.frame_optional) {
            if !without_frames.is_empty() && without_frames.len() < paths.len() {
                let with: Vec<String> = paths
                    .iter()
                    .filter(|p| !without_frames.contains(p))
                    .map(|p| p.display().to_string())
                    .collect();
                let without: Vec<String> = without_frames
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect();
                warnings.push(format!(
                    "the frame column `{name}` is in {} but not in {}: the frame head needs a \
                     frame label on every row, so it is not trained and those frame labels are \
                     not read; expected the column in every file (or --frame-col '' to say \
                     that only the stance head is wanted)",
                    with.join(", "),
                    without.join(", ")
                ));
            }
        }
        Ok(LabeledCorpus {
            sources: paths.to_vec(),
            sha256: format!("{:x}", hasher.finalize()),
            warnings,
            rows: rows.finish(),
        })
    }

    /// Reads labeled CSV bytes held in memory (the Python package hands a DataFrame over
    /// this way, so it is checked exactly as a file is); `name` stands for the file in
    /// messages.
    pub fn from_csv_bytes(
        name: &str,
        bytes: Vec<u8>,
        cols: &Columns,
        allowed: &AllowedLabels,
        opts: &ReadOptions,
    ) -> Result<Self> {
        let path = PathBuf::from(name);
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let mut rows = RowsBuilder::default();
        let mut warnings = Vec::new();
        read_one(&path, bytes, cols, allowed, opts, &mut rows, &mut warnings)?;
        warnings.extend(rows.spacing_warning(&cols.group));
        Ok(LabeledCorpus {
            sources: vec![path],
            sha256,
            warnings,
            rows: rows.finish(),
        })
    }
}
