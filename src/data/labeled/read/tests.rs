//! Unit tests of `read.rs`.

use std::path::PathBuf;

use super::super::LabeledCorpus;
use super::*;

fn write(dir: &tempfile::TempDir, name: &str, body: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, body).unwrap();
    p
}

#[test]
fn maps_columns_by_name_and_accepts_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "a.csv",
        "\u{feff}article,sentence,label\r\nd1,Occupied land.,georgian\r\nd2,Talks held.,neutral_wire\r\n",
    );
    let cols = Columns {
        text: vec!["sentence".into()],
        stance: "label".into(),
        frame: None,
        group: "article".into(),
        sent: None,
        ..Columns::default()
    };
    let c = LabeledCorpus::from_csvs(&[p], &cols, &AllowedLabels::guide()).unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(c.sentence(0).group, "d1");
    assert_eq!(c.groups(), vec!["d1", "d2"]);
}

#[test]
fn missing_column_lists_the_columns_there() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "a.csv", "doc_id,body,stance\nd1,x,georgian\n");
    let err = LabeledCorpus::from_csvs(&[p], &Columns::default(), &AllowedLabels::guide())
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing column `text`"), "{err}");
    assert!(err.contains("doc_id, body, stance"), "{err}");
}

#[test]
fn bad_label_names_line_and_allowed_set() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "a.csv",
        "doc_id,sent_id,text,stance,frame\nd1,0,x,georgian,none\nd1,1,y,pro_georgia,none\n",
    );
    let err = LabeledCorpus::from_csvs(&[p], &Columns::default(), &AllowedLabels::guide())
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("pro_georgia"), "{err}");
    assert!(
        err.contains("georgian, neutral_wire, pro_tskhinvali"),
        "{err}"
    );
}

#[test]
fn duplicate_sentence_ids_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "a.csv",
        "doc_id,sent_id,text,stance,frame\nd1,0,x,georgian,none\nd1,0,y,georgian,none\n",
    );
    let err = LabeledCorpus::from_csvs(&[p], &Columns::default(), &AllowedLabels::guide())
        .unwrap_err()
        .to_string();
    assert!(err.contains("duplicate") && err.contains("line 2"), "{err}");
}

#[test]
fn tsv_crlf_two_text_columns_filters_and_hosts() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "a.tsv",
        "claim\thead\tlabel\turl\tsplit\r\nC one\tH \"one\tfor\thttps://www.x.com/1\ttrain\r\n\
         C two\tH two\tagainst\thttp://y.org/2\ttest\r\n",
    );
    let cols = Columns {
        text: vec!["claim".into(), "head".into()],
        stance: "label".into(),
        frame: Some("frame".into()),
        frame_optional: true,
        group: "url".into(),
        group_key: GroupKey::UrlHost,
        sent: None,
        ..Columns::default()
    };
    let opts = ReadOptions {
        delimiter: b'\t',
        quoting: false,
        filters: vec!["split=train".parse().unwrap()],
        ..ReadOptions::default()
    };
    let c = LabeledCorpus::from_csvs_with(&[p], &cols, &AllowedLabels::default(), &opts).unwrap();
    assert_eq!(c.len(), 1);
    let s = c.sentence(0);
    assert_eq!(s.text, format!("C one{TEXT_SEPARATOR}H \"one"));
    assert_eq!((s.stance, s.group), ("for", "x.com"));
    assert_eq!(s.frame, None);
    assert!(!c.has_frames());
}

#[test]
fn crlf_files_report_the_right_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "a.csv",
        "doc_id,text,stance\r\nd1,x,georgian\r\nd2,y,georgian\r\nd3,z,bad\r\n",
    );
    let cols = Columns {
        frame: None,
        ..Columns::default()
    };
    let err = LabeledCorpus::from_csvs(&[p], &cols, &AllowedLabels::guide())
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 4: label `bad`"), "{err}");
}

#[test]
fn duplicates_are_found_across_url_hosts_and_reported_as_before() {
    // Two URLs of one host are one group: their equal sentence ids are duplicates.
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "a.csv",
        "url,sent_id,text,stance\nhttps://www.x.com/1,0,a,s\nhttp://y.org/2,0,b,s\n\
         http://x.com/3,1,c,s\nhttps://x.com/4,0,d,s\n",
    );
    let cols = Columns {
        frame: None,
        group: "url".into(),
        group_key: GroupKey::UrlHost,
        ..Columns::default()
    };
    let err = LabeledCorpus::from_csvs(&[p], &cols, &AllowedLabels::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("line 5: duplicate (url, sent_id) = (x.com, 0); first seen on line 2"),
        "{err}"
    );
}
