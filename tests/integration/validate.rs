//! `govkg validate` against pySHACL on the seed report: both say it conforms; on a copy broken
//! in ten ways (one per constraint component shapes.ttl uses), both report the same
//! (focus node, path, component) triples. Without pySHACL the test prints a note and passes,
//! except under CI, where `.ci/setup` installs it.

use crate::util::{govkg, root, seed};
use govkg::store::GraphStore;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use std::collections::BTreeSet;
use std::path::Path;
use tempfile::TempDir;

const PYSHACL: &str = r#"
import sys, pyshacl, rdflib
data = rdflib.Graph().parse(sys.argv[1], format="nt")
ok, results, _ = pyshacl.validate(data, shacl_graph=sys.argv[2], ont_graph=sys.argv[3],
    inference="none", shacl_graph_format="turtle", ont_graph_format="turtle")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
    f = results.value(r, SH.focusNode)
    p = results.value(r, SH.resultPath)
    c = results.value(r, SH.sourceConstraintComponent)
    print(f"{f}\t{p if p is not None else '-'}\t{str(c).split('#')[-1]}")
"#;

type Finding = (String, String, String);

fn have_pyshacl() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import pyshacl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "pyshacl is missing under CI; .ci/setup should have installed it"
        );
        eprintln!("note: pyshacl not available, skipping (install it with .ci/setup)");
    }
    ok
}

/// pySHACL's findings on these quads' triples, with the ontology as extra graph.
fn pyshacl(quads: &[Quad], dir: &Path) -> BTreeSet<Finding> {
    let nt = dir.join("data.nt");
    let mut w = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for q in quads {
        w.serialize_triple(q.as_ref())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&nt, w.finish().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(PYSHACL)
        .arg(&nt)
        .arg(root().join("ontology/shapes.ttl"))
        .arg(root().join("ontology/govkg.ttl"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let mut f = l.split('\t').map(str::to_owned);
            let mut next = || f.next().unwrap_or_default();
            (next(), next(), next())
        })
        .collect()
}

/// `govkg validate`'s findings and exit code.
fn validate(store: &Path) -> (BTreeSet<Finding>, Option<i32>, String) {
    let out = govkg()
        .arg("validate")
        .arg("--store")
        .arg(store)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let findings = stdout
        .lines()
        .filter(|l| l.starts_with("violation: "))
        .map(|l| {
            let t: Vec<&str> = l.split_whitespace().collect();
            let strip = |s: &str| s.trim_matches(['<', '>']).to_owned();
            (
                strip(t[2]),
                strip(t[4]),
                t[6].trim_start_matches("sh:").to_owned(),
            )
        })
        .collect();
    (findings, out.status.code(), stdout)
}

fn iri(s: &str) -> NamedNode {
    NamedNode::new_unchecked(s)
}

const GK: &str = "https://w3id.org/govkg/ontology#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Breaks one constraint per change; returns the changed quads.
fn break_graph(quads: &[Quad]) -> Vec<Quad> {
    let p = |local: &str| {
        let full = match local.split_once(':') {
            Some(("gk", l)) => format!("{GK}{l}"),
            Some(("dct", l)) => format!("http://purl.org/dc/terms/{l}"),
            Some(("skos", l)) => format!("http://www.w3.org/2004/02/skos/core#{l}"),
            Some(("nif", l)) => {
                format!("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#{l}")
            }
            Some(("sdmx", l)) => format!("http://purl.org/linked-data/sdmx/2009/attribute#{l}"),
            _ => local.to_owned(),
        };
        iri(&full)
    };
    let first = |pred: &NamedNode, skip: usize| -> usize {
        quads
            .iter()
            .enumerate()
            .filter(|(_, q)| q.predicate == *pred)
            .nth(skip)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("the seed graph has no {pred}"))
    };
    let sentence_end = quads
        .iter()
        .position(|q| q.predicate == p("nif:endIndex") && q.subject.to_string().contains("/s/"))
        .unwrap_or_else(|| panic!("the seed graph has sentences"));
    let mut out = quads.to_vec();
    let set = |out: &mut Vec<Quad>, i: usize, o: Term| {
        let q = &quads[i];
        out[i] = Quad::new(
            q.subject.clone(),
            q.predicate.clone(),
            o,
            q.graph_name.clone(),
        );
    };
    let report = quads[first(&p("dct:source"), 0)].subject.clone();
    // sh:pattern
    set(
        &mut out,
        first(&p("gk:sha256"), 0),
        Literal::new_simple_literal("XYZ").into(),
    );
    // sh:minInclusive
    let int = |v: &str| Literal::new_typed_literal(v, iri(&format!("{XSD}integer")));
    set(&mut out, first(&p("nif:beginIndex"), 0), int("-1").into());
    // sh:datatype (and sh:minInclusive: a string is no number)
    set(
        &mut out,
        sentence_end,
        Literal::new_simple_literal("12").into(),
    );
    // sh:languageIn
    set(
        &mut out,
        first(&p("skos:prefLabel"), 0),
        Literal::new_language_tagged_literal_unchecked("x", "en").into(),
    );
    // sh:in
    set(
        &mut out,
        first(&p("gk:status"), 0),
        iri(&format!("{GK}wish")).into(),
    );
    // sh:nodeKind
    set(
        &mut out,
        first(&p("sdmx:unitMeasure"), 0),
        Literal::new_simple_literal("亿元").into(),
    );
    // sh:class
    set(
        &mut out,
        first(&p("gk:mentionedIn"), 0),
        report.clone().into(),
    );
    // sh:or: an attribution whose subject is a body
    let body = quads[first(&p("gk:body"), 0)].object.clone();
    set(&mut out, first(&p("gk:subject"), 0), body);
    // sh:maxCount: a second label
    let labelled = quads[first(&p("skos:prefLabel"), 1)].clone();
    out.push(Quad::new(
        labelled.subject,
        labelled.predicate,
        Literal::new_language_tagged_literal_unchecked("别名", "zh"),
        labelled.graph_name,
    ));
    // sh:minCount: the report loses its source
    out.remove(first(&p("dct:source"), 0));
    out
}

#[test]
fn validate_agrees_with_pyshacl_on_a_real_report_and_a_broken_copy() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = tmp.path().join("store");
    govkg()
        .arg("ingest")
        .arg("--store")
        .arg(&store)
        .arg(seed())
        .assert()
        .success();
    let (found, code, stdout) = validate(&store);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(found.is_empty());
    assert!(
        stdout.contains("1 graph validated: all conform"),
        "{stdout}"
    );

    let dump = GraphStore::open_read_only(&store)
        .and_then(|s| s.dump_nquads(Vec::new()))
        .unwrap_or_else(|e| panic!("{e}"));
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&dump)
        .map(|q| q.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let broken = break_graph(&quads);
    let GraphName::NamedNode(graph) = quads[0].graph_name.clone() else {
        panic!("documents live in named graphs");
    };
    let bad_store = tmp.path().join("broken");
    {
        let s = GraphStore::open(&bad_store).unwrap_or_else(|e| panic!("{e}"));
        s.replace_document(&graph, "broken", &broken)
            .unwrap_or_else(|e| panic!("{e}"));
        s.flush().unwrap_or_else(|e| panic!("{e}"));
    }
    let (found, code, stdout) = validate(&bad_store);
    assert_eq!(code, Some(1), "{stdout}");
    let components: BTreeSet<&str> = found.iter().map(|f| f.2.as_str()).collect();
    for c in [
        "MinCount",
        "MaxCount",
        "Datatype",
        "Pattern",
        "Class",
        "LanguageIn",
        "In",
        "NodeKind",
        "Or",
        "MinInclusive",
    ] {
        assert!(
            components.contains(format!("{c}ConstraintComponent").as_str()),
            "no {c} violation in\n{stdout}"
        );
    }
    if !have_pyshacl() {
        return;
    }
    assert!(
        pyshacl(&quads, tmp.path()).is_empty(),
        "pySHACL: the seed conforms"
    );
    assert_eq!(found, pyshacl(&broken, tmp.path()));
}

#[test]
fn unsupported_shapes_are_refused() {
    let tmp = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = tmp.path().join("store");
    govkg()
        .arg("ingest")
        .arg("--store")
        .arg(&store)
        .arg(root().join("tests/data/cli-report.txt"))
        .assert()
        .success();
    let shapes = tmp.path().join("shapes.ttl");
    std::fs::write(
        &shapes,
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix gk: <https://w3id.org/govkg/ontology#> .\n\
         gk:S a sh:NodeShape ; sh:targetClass gk:Report ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = govkg()
        .arg("validate")
        .arg("--store")
        .arg(&store)
        .arg("--shapes")
        .arg(&shapes)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not implement"), "{stderr}");
    assert!(stderr.contains("sh:s"), "{stderr}");
}
