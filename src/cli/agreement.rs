//! `stancer agreement`: Cohen's kappa between two labelings of the same sentences.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;
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

type Table = (
    Vec<Vec<String>>,
    HashMap<Vec<String>, HashMap<String, String>>,
);

fn read(path: &PathBuf, key: &[String], cols: &[String]) -> Result<Table> {
    let mut rdr = csv::Reader::from_path(path).with_context(|| format!("{}", path.display()))?;
    let headers = rdr.headers()?.clone();
    for c in key.iter().chain(cols) {
        if !headers.iter().any(|h| h == c) {
            bail!(
                "{}: missing column `{c}`; the columns are: {}",
                path.display(),
                headers.iter().collect::<Vec<_>>().join(", ")
            );
        }
    }
    let mut order = Vec::new();
    let mut map = HashMap::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("{}", path.display()))?;
        let get = |c: &str| {
            rec.get(headers.iter().position(|h| h == c).unwrap_or(0))
                .unwrap_or("")
                .to_string()
        };
        let k: Vec<String> = key.iter().map(|c| get(c)).collect();
        let v: HashMap<String, String> = cols.iter().map(|c| (c.clone(), get(c))).collect();
        order.push(k.clone());
        map.insert(k, v);
    }
    Ok((order, map))
}

pub fn run(a: AgreementArgs) -> Result<i32> {
    let (_, first) = read(&a.first, &a.key, &a.cols)?;
    let (order, second) = read(&a.second, &a.key, &a.cols)?;
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
    println!(
        "{:<10} {:>5} {:>9} {:>9} {:>7}",
        "column", "n", "observed", "chance", "kappa"
    );
    for c in &a.cols {
        let x: Vec<String> = order.iter().map(|k| first[k][c].clone()).collect();
        let y: Vec<String> = order.iter().map(|k| second[k][c].clone()).collect();
        let k = cohen_kappa(&x, &y);
        println!(
            "{:<10} {:>5} {:>9.3} {:>9.3} {:>7.3}",
            c, k.n, k.observed, k.expected, k.kappa
        );
    }
    if a.list_disagreements {
        println!(
            "\n{} | {} | first | second",
            a.key.join("/"),
            a.cols.join("/")
        );
        for k in &order {
            let f: Vec<&str> = a.cols.iter().map(|c| first[k][c].as_str()).collect();
            let s: Vec<&str> = a.cols.iter().map(|c| second[k][c].as_str()).collect();
            if f != s {
                println!("{} | {} | {}", k.join("/"), f.join("/"), s.join("/"));
            }
        }
    }
    Ok(0)
}
