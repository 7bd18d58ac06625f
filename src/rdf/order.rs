//! The order of N-Quads lines, computed on the terms.
//!
//! A document's quads are sorted as their N-Quads lines would sort, which makes the output
//! byte-identical run to run and independent of the order extraction emits facts in. Writing
//! every quad out to sort it cost as much as building the quads; [`sort_nquads`] compares
//! the terms and writes out only what N-Quads escapes.

use super::nquads;
use oxigraph::model::{GraphNameRef, NamedOrBlankNodeRef, Quad, TermRef};
use std::cmp::Ordering;
use std::ops::Range;

/// Sorts quads into the order of their N-Quads lines and drops duplicates.
///
/// A line is its terms' N-Quads forms joined by spaces (the default graph writes nothing). No
/// form continues a complete shorter form with a byte at or below the space (an IRI's `>`, a
/// literal's closing quote and a blank node's label are followed only by `@`, `^` or label
/// characters), so lines compare as their forms do, one position after the other.
///
/// The builder emits a node's quads together, and a document's subject IRIs share a long
/// prefix (`…/doc/<sha256>/`): so the runs of one subject are ordered first, comparing each
/// long IRI a few times rather than in every step, and then each subject's few quads.
pub fn sort_nquads(quads: Vec<Quad>) -> Vec<Quad> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for i in 0..quads.len() {
        match runs.last_mut() {
            Some(run) if quads[run.start].subject == quads[i].subject => run.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    runs.sort_by(|a, b| {
        subject_cmp(
            quads[a.start].subject.as_ref(),
            quads[b.start].subject.as_ref(),
        )
    });
    let mut order: Vec<usize> = Vec::with_capacity(quads.len());
    let mut k = 0;
    while k < runs.len() {
        let subject = &quads[runs[k].start].subject;
        let from = order.len();
        while k < runs.len() && &quads[runs[k].start].subject == subject {
            order.extend(runs[k].clone());
            k += 1;
        }
        order[from..].sort_by(|&a, &b| {
            let (a, b) = (&quads[a], &quads[b]);
            terminated_cmp(a.predicate.as_str(), b.predicate.as_str(), b">")
                .then_with(|| term_cmp(a.object.as_ref(), b.object.as_ref()))
                .then_with(|| graph_cmp(a.graph_name.as_ref(), b.graph_name.as_ref()))
        });
    }
    let mut slots: Vec<Option<Quad>> = quads.into_iter().map(Some).collect();
    let mut sorted: Vec<Quad> = order.iter().filter_map(|&i| slots[i].take()).collect();
    sorted.dedup();
    sorted
}

/// Compares `a` + `end` with `b` + `end` as bytes.
fn terminated_cmp(a: &str, b: &str, end: &[u8]) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().min(b.len());
    match a[..n].cmp(&b[..n]) {
        Ordering::Equal => a[n..].iter().chain(end).cmp(b[n..].iter().chain(end)),
        unequal => unequal,
    }
}

fn subject_cmp(a: NamedOrBlankNodeRef<'_>, b: NamedOrBlankNodeRef<'_>) -> Ordering {
    match (a, b) {
        (NamedOrBlankNodeRef::NamedNode(a), NamedOrBlankNodeRef::NamedNode(b)) => {
            terminated_cmp(a.as_str(), b.as_str(), b">")
        }
        _ => written(a.into()).cmp(&written(b.into())),
    }
}

fn graph_cmp(a: GraphNameRef<'_>, b: GraphNameRef<'_>) -> Ordering {
    // the default graph writes nothing, which sorts before any graph's form
    let form = |g: GraphNameRef<'_>| match g {
        GraphNameRef::NamedNode(n) => Some(written(n.into())),
        GraphNameRef::BlankNode(b) => Some(written(b.into())),
        GraphNameRef::DefaultGraph => None,
    };
    match (a, b) {
        (GraphNameRef::NamedNode(a), GraphNameRef::NamedNode(b)) => {
            terminated_cmp(a.as_str(), b.as_str(), b">")
        }
        _ => form(a).cmp(&form(b)),
    }
}

fn term_cmp(a: TermRef<'_>, b: TermRef<'_>) -> Ordering {
    match (a, b) {
        (TermRef::NamedNode(a), TermRef::NamedNode(b)) => {
            terminated_cmp(a.as_str(), b.as_str(), b">")
        }
        // "value" then @lang, ^^<iri> or nothing: the value decides unless one is a prefix
        (TermRef::Literal(x), TermRef::Literal(y))
            if !nquads::escaped(x.value()) && !nquads::escaped(y.value()) =>
        {
            terminated_cmp(x.value(), y.value(), b"\"").then_with(|| written(a).cmp(&written(b)))
        }
        _ => written(a).cmp(&written(b)),
    }
}

/// A term's N-Quads form, as `write_quads` writes it; only for the rare comparisons the byte
/// shortcuts above do not settle.
fn written(t: TermRef<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    nquads::push_term(&mut out, t);
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;
    use oxigraph::model::vocab::xsd;
    use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Term};
    use proptest::prelude::*;

    fn named(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("https://w3id.org/govkg/{s}"))
    }

    /// Terms drawn from few characters so that prefixes, escapes and ties are common.
    fn term() -> impl Strategy<Value = Term> {
        let text = "[ab1#/\"\\\n>\u{FFFF}区]{0,4}";
        prop_oneof![
            text.prop_map(|s| Term::from(named(&s.replace(['"', '\\', '\n', '>'], "")))),
            "[ab1]{1,3}".prop_map(|s| Term::from(BlankNode::new_unchecked(s))),
            text.prop_map(|s| Term::from(Literal::new_simple_literal(s))),
            (text, "(zh|en|zh-cn)").prop_map(|(s, l)| Term::from(
                Literal::new_language_tagged_literal_unchecked(s, l)
            )),
            (text, 0..3usize).prop_map(|(s, d)| Term::from(Literal::new_typed_literal(
                s,
                [xsd::INTEGER, xsd::DECIMAL, xsd::STRING][d]
            ))),
        ]
    }

    pub(crate) fn quad() -> impl Strategy<Value = Quad> {
        (
            "[ab1/#]{0,3}",
            prop::bool::ANY,
            "[ab]{0,2}",
            term(),
            0..3usize,
        )
            .prop_map(|(s, blank, p, o, g)| {
                let subject: NamedOrBlankNode = if blank && !s.is_empty() {
                    BlankNode::new_unchecked(s.replace(['/', '#'], "x")).into()
                } else {
                    named(&s).into()
                };
                let graph = match g {
                    0 => GraphName::DefaultGraph,
                    1 => named("doc/a").into(),
                    _ => named("doc/a1").into(),
                };
                Quad::new(subject, named(&p), o, graph)
            })
    }

    proptest! {
        #[test]
        fn sorts_quads_as_their_nquads_lines(quads in prop::collection::vec(quad(), 0..24)) {
            // the lines as `write_quads` writes them, sorted as text
            let line = |q: &Quad| {
                let bytes = crate::rdf::write_quads(std::slice::from_ref(q), RdfFormat::NQuads, Vec::new());
                String::from_utf8(bytes.unwrap()).unwrap()
            };
            let mut lines: Vec<String> = quads.iter().map(line).collect();
            lines.sort();
            lines.dedup();
            let sorted: Vec<String> = sort_nquads(quads).iter().map(line).collect();
            prop_assert_eq!(sorted, lines);
        }
    }

    #[test]
    fn an_iri_sorts_after_its_extensions_by_lower_bytes() {
        // "<…s1>" > "<…s10>" because '0' < '>'
        let q = |s: &str| Quad::new(named(s), named("p"), named("o"), GraphName::DefaultGraph);
        let sorted = sort_nquads(vec![q("s1"), q("s1a"), q("s10"), q("s1")]);
        assert_eq!(sorted, [q("s10"), q("s1"), q("s1a")]);
    }
}
