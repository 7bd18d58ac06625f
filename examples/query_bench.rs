//! Query latency of issue 7 on an existing store, through govkg's own query path
//! (`GraphStore::select_strings`, the default graph being the union of documents).
//!
//! Each selective question keeps its joins inside one document's graph (`GRAPH ?g`), as the
//! canned queries do: over the union default graph a label matched once per document would
//! multiply the rows by the number of documents naming it.
//!
//! Selective questions (one body's targets, whole and its first page of 100, one fact's
//! provenance, one document's entities, one initiative's bodies) run for up to 20 parameters sampled from the store (one body and one initiative per sampled document), twice each unless RUNS says,
//! and are reported as p50/p95; whole-store aggregates (counts by year, category and place)
//! run three times each and report the median. Prints `key=value` lines.
//!
//! Usage: `cargo run --release --example query_bench -- STORE_DIR`

use govkg::store::GraphStore;
use std::time::Instant;

const PREFIXES: &str = "PREFIX gk: <https://w3id.org/govkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
";

type Boxed = Box<dyn std::error::Error>;

fn sample(store: &GraphStore, body: &str) -> Result<Vec<String>, Boxed> {
    let rows = store.select_strings(&format!("{PREFIXES}{body}"))?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect())
}

/// Milliseconds of one query, rows read to the end; also the row count.
fn time(store: &GraphStore, query: &str) -> Result<(f64, usize), Boxed> {
    let start = Instant::now();
    let rows = store.select_strings(&format!("{PREFIXES}{query}"))?.len();
    Ok((start.elapsed().as_secs_f64() * 1000.0, rows))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn quoted(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn main() -> Result<(), Boxed> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: query_bench STORE_DIR [RUNS]")?;
    // runs of each selective question per parameter (2 unless given)
    let runs: usize = std::env::args().nth(2).map_or(Ok(2), |r| r.parse())?;
    let store = GraphStore::open(&dir)?;
    let docs = sample(&store, "SELECT ?d WHERE { ?d a gk:Report } LIMIT 20")?;
    let facts = sample(&store, "SELECT ?q WHERE { ?q a gk:Quantity } LIMIT 20")?;
    // one body and one initiative from each sampled document: a DISTINCT over the union of
    // 10,000 graphs would join every label of a body in every copy before it could stop
    let mut bodies = Vec::new();
    let mut initiatives = Vec::new();
    for d in &docs {
        bodies.extend(sample(
            &store,
            &format!("SELECT ?l WHERE {{ GRAPH <{d}> {{ ?q gk:responsibleBody ?b . ?b skos:prefLabel ?l }} }} LIMIT 1"),
        )?);
        initiatives.extend(sample(
            &store,
            &format!("SELECT ?l WHERE {{ GRAPH <{d}> {{ ?a gk:subject ?s . ?s a gk:Initiative ; skos:prefLabel ?l }} }} LIMIT 1"),
        )?);
    }
    let body_targets: Vec<String> = bodies
        .iter()
        .map(|l| {
            format!(
                "SELECT ?ind ?v ?u ?doc WHERE {{ GRAPH ?doc {{ ?b skos:prefLabel \"{}\"@zh .
                 ?q gk:responsibleBody ?b ; gk:status gk:target ;
                 gk:indicator ?ind ; gk:valueAsWritten ?v ; gk:unitLabel ?u }} }}",
                quoted(l)
            )
        })
        .collect();
    // the first page of the same answer, as a browsing client asks for it: in the replicated
    // corpus every body is in every copy, so the whole answer grows with it
    let body_targets_page = body_targets
        .iter()
        .map(|q| format!("{q} LIMIT 100"))
        .collect();
    let selective: [(&str, Vec<String>); 5] = [
        ("body_targets", body_targets),
        ("body_targets_page", body_targets_page),
        (
            "fact_provenance",
            facts
                .iter()
                .map(|q| {
                    format!(
                        "SELECT ?source ?text ?b ?e WHERE {{ GRAPH ?g {{ <{q}> prov:wasDerivedFrom ?s ;
                         nif:beginIndex ?b ; nif:endIndex ?e . ?s nif:anchorOf ?text .
                         ?g dcterms:source ?source }} }}"
                    )
                })
                .collect(),
        ),
        (
            "document_entities",
            docs.iter()
                .map(|d| {
                    format!(
                        "SELECT ?e ?l ?c WHERE {{ VALUES ?c {{ gk:GovernmentBody gk:Enterprise
                         gk:Institution gk:Platform gk:Initiative gk:Place }}
                         GRAPH <{d}> {{ ?e a ?c ; skos:prefLabel ?l }} }}"
                    )
                })
                .collect(),
        ),
        (
            "initiative_bodies",
            initiatives
                .iter()
                .map(|l| {
                    format!(
                        "SELECT DISTINCT ?body WHERE {{ GRAPH ?g {{ ?s skos:prefLabel \"{}\"@zh .
                         ?a gk:subject ?s ; gk:body ?b . ?b skos:prefLabel ?body }} }}",
                        quoted(l)
                    )
                })
                .collect(),
        ),
    ];
    for (name, queries) in &selective {
        let mut ms = Vec::new();
        let mut rows = 0;
        for _ in 0..runs {
            for q in queries {
                let (t, n) = time(&store, q)?;
                ms.push(t);
                rows += n;
            }
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "{name}: n={} rows={rows} p50_ms={:.1} p95_ms={:.1} max_ms={:.1}",
            ms.len(),
            percentile(&ms, 0.5),
            percentile(&ms, 0.95),
            ms.last().copied().unwrap_or(f64::NAN)
        );
    }
    let aggregates = [
        (
            "count_by_year",
            "SELECT ?y (COUNT(?q) AS ?n) WHERE { ?q a gk:Quantity ; sdmx-dimension:refPeriod ?y } GROUP BY ?y",
        ),
        (
            "count_by_category",
            "SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { VALUES ?c { gk:GovernmentBody gk:Enterprise
             gk:Institution gk:Platform gk:Initiative gk:Place } ?e a ?c } GROUP BY ?c",
        ),
        (
            "count_by_place",
            "SELECT ?p (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a gk:Report ; dcterms:spatial ?p } GROUP BY ?p",
        ),
    ];
    for (name, q) in aggregates {
        let mut ms = Vec::new();
        let mut rows = 0;
        for _ in 0..3 {
            let (t, n) = time(&store, q)?;
            ms.push(t);
            rows = n;
        }
        ms.sort_by(f64::total_cmp);
        println!("{name}: rows={rows} median_ms={:.1}", percentile(&ms, 0.5));
    }
    Ok(())
}
