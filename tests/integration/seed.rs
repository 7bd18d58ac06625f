//! The seed report end to end: ingest it into a fresh store with the real binary, ask the
//! canned queries, and check facts the report states.

use crate::util::{govkg, seed};
use std::path::Path;

fn query(store: &Path, rq: &str) -> Vec<Vec<String>> {
    let out = govkg()
        .args(["query", "--store"])
        .arg(store)
        .args(["--format", "csv"])
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("queries")
                .join(rq),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse_csv(&String::from_utf8(out.stdout).unwrap())
}

/// Rows of a SPARQL CSV result (RFC 4180 quoting), header first.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The rows as maps from column name to value.
fn records(rows: &[Vec<String>]) -> Vec<std::collections::HashMap<String, String>> {
    let header = &rows[0];
    rows[1..]
        .iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn ingest(store: &Path) {
    govkg()
        .args(["ingest", "--store"])
        .arg(store)
        .arg(seed())
        .assert()
        .success();
}

#[test]
fn seed_report_facts() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ingest(&store);

    let q = records(&query(&store, "quantities.rq"));
    let has = |value: &str, unit: &str, year: &str, status: &str, org: &str| {
        q.iter().any(|r| {
            r["value"] == value
                && r["unit"] == unit
                && r["year"] == year
                && r["status"] == status
                && r["org"] == org
        })
    };
    // 预期全年地区生产总值增长5.5%，全年力争实现固定资产投资735亿元 (区发改经信局's plan for 2023)
    assert!(has("5.5", "%", "2023", "target", "区发改经信局"), "{q:#?}");
    assert!(has("735", "亿元", "2023", "target", "区发改经信局"));
    // 区科技局's 2022: 新认定省科小460家，同比增长43.3%
    assert!(has("460", "家", "2022", "achievement", "区科技局"));
    assert!(has("43.3", "%", "2022", "achievement", "区科技局"));
    // 兑付各类政策资金10.33亿元 in 2022
    assert!(has("10.33", "亿元", "2022", "achievement", "区发改经信局"));
    // numbers inside names are not amounts
    assert!(!q.iter().any(|r| r["value"] == "152"));

    let e = records(&query(&store, "entities.rq"));
    let entity = |label: &str, category: &str| {
        e.iter()
            .any(|r| r["label"] == label && r["category"] == category)
    };
    assert!(entity("区发改经信局", "GovernmentBody"));
    assert!(entity("区科技局", "GovernmentBody"));
    assert!(entity("稳进提质八大攻坚行动", "Initiative"));
    assert!(entity("拱墅区", "Place"));

    let a = records(&query(&store, "attributions.rq"));
    assert!(
        a.iter().any(|r| r["subject"] == "稳进提质八大攻坚行动"
            && r["org"] == "区发改经信局"
            && r["year"] == "2022"),
        "{a:#?}"
    );
    assert!(a.iter().any(|r| r["subject"] == "科技研发百日攻坚行动"
        && r["org"] == "区科技局"
        && r["year"] == "2022"));
}

#[test]
fn provenance_points_into_the_raw_text() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ingest(&store);
    let raw: Vec<char> = std::fs::read_to_string(seed()).unwrap().chars().collect();
    let rows = records(&query(&store, "provenance.rq"));
    let fact = rows
        .iter()
        .find(|r| r["statement"].contains("735"))
        .expect("the 735亿元 target has provenance");
    let start: usize = fact["start"].parse().unwrap();
    let end: usize = fact["end"].parse().unwrap();
    let written: String = raw[start..end]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert_eq!(written, "735亿元");
    assert!(fact["sentence"].contains("固定资产投资"));
}

#[test]
fn reingest_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let dump = |store: &Path| {
        let out = govkg()
            .args(["query", "--store"])
            .arg(store)
            .args([
                "--format",
                "nquads",
                "-e",
                "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut lines: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        lines.sort();
        lines
    };
    ingest(&store);
    let first = dump(&store);
    ingest(&store);
    assert!(
        first.len() > 1000,
        "the seed yields a real graph ({} triples)",
        first.len()
    );
    assert_eq!(first, dump(&store));
}

#[test]
fn seed_places_carry_their_division_codes() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ingest(&store);
    let p = records(&query(&store, "places.rq"));
    let code = |label: &str| {
        p.iter()
            .find(|r| r["label"] == label)
            .map(|r| r["admin_code"].clone())
    };
    // 拱墅 and 杭州 are written short; 昭化 and 泸定 only in a list (与昭化、泸定携手)
    assert_eq!(code("拱墅区").as_deref(), Some("330105"), "{p:#?}");
    assert_eq!(code("杭州市").as_deref(), Some("330100"));
    assert_eq!(code("昭化区").as_deref(), Some("510811"));
    assert_eq!(code("泸定县").as_deref(), Some("513322"));
}
