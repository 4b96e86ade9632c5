//! `stancer agreement`: Cohen's kappa between two labelings of the same sentences.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;
use stancer::data::Labeling;
use stancer::eval::agreement::cohen_kappa;

/// Agreement between two label files, joined on key columns.
///
/// Example:
///   stancer agreement labels/composed_sentences.csv labels/agreement/second_pass.csv \
///       --cols stance,frame --list-disagreements
#[derive(Debug, Args)]
pub struct AgreementArgs {
    /// The first labeling (every row of SECOND must be in it).
    pub first: PathBuf,
    /// The second labeling.
    pub second: PathBuf,
    /// Columns that identify an item.
    #[arg(long, default_value = "doc_id,sent_id", value_delimiter = ',')]
    pub key: Vec<String>,
    /// Label columns to compare.
    #[arg(long, default_value = "stance,frame", value_delimiter = ',')]
    pub cols: Vec<String>,
    /// Print each disagreement.
    #[arg(long)]
    pub list_disagreements: bool,
}

pub fn run(a: AgreementArgs) -> Result<i32> {
    Labeling::refuse_same_file(&a.first, &a.second)?;
    let first = Labeling::read(&a.first, &a.key, &a.cols)?;
    let second = Labeling::read(&a.second, &a.key, &a.cols)?;
    let (first, order, second) = (first.labels, second.order, second.labels);
    for k in &order {
        if !first.contains_key(k) {
            bail!(
                "{}: item {} is not in {}",
                a.second.display(),
                k.join("/"),
                a.first.display()
            );
        }
    }
    // A second pass over a sample of the first file is the usual case; say so, so that a
    // second file that lost rows is not read as complete.
    if first.len() > order.len() {
        eprintln!(
            "stancer: note: {} of the {} items of {} are not in {}; kappa is over the {} items \
             of {}",
            first.len() - order.len(),
            first.len(),
            a.first.display(),
            a.second.display(),
            order.len(),
            a.second.display()
        );
    }
    println!(
        "{:<10} {:>5} {:>9} {:>9} {:>7}",
        "column", "n", "observed", "chance", "kappa"
    );
    let mut undefined = Vec::new();
    for (i, c) in a.cols.iter().enumerate() {
        let x: Vec<String> = order.iter().map(|k| first[k][i].clone()).collect();
        let y: Vec<String> = order.iter().map(|k| second[k][i].clone()).collect();
        let k = cohen_kappa(&x, &y);
        let kappa = match k.kappa {
            Some(v) => format!("{v:.3}"),
            None => {
                // Chance agreement 1: both files give every item this one label.
                undefined.push(format!(
                    "kappa for `{c}` is undefined: both files give all {} items the one label \
                     `{}`: chance agreement is 1 and kappa is 0/0 (scikit-learn's \
                     cohen_kappa_score gives NaN); they agree, but on a label that never \
                     varies, so agreement beyond chance cannot be measured",
                    k.n,
                    x.first().map_or("", String::as_str)
                ));
                "undefined".to_string()
            }
        };
        println!(
            "{:<10} {:>5} {:>9.3} {:>9.3} {:>7}",
            c, k.n, k.observed, k.expected, kappa
        );
    }
    if !undefined.is_empty() {
        println!();
    }
    for u in &undefined {
        println!("{u}");
        eprintln!("stancer: warning: {u}");
    }
    if a.list_disagreements {
        println!(
            "\n{} | {} | first | second",
            a.key.join("/"),
            a.cols.join("/")
        );
        for k in &order {
            let (f, s) = (first[k].join("/"), second[k].join("/"));
            if f != s {
                println!("{} | {f} | {s}", k.join("/"));
            }
        }
    }
    Ok(0)
}
