//! The order of N-Quads lines, computed on the terms.
//!
//! A document's quads are sorted as their N-Quads lines would sort, which makes the output
//! byte-identical run to run and independent of the order extraction emits facts in. Writing
//! every quad to a string to sort it cost as much as building the quads; [`nquads_cmp`]
//! gives the same order from the terms, and formats only literals that N-Quads escapes.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphNameRef, LiteralRef, NamedOrBlankNodeRef, Quad, TermRef};
use std::cmp::Ordering;

/// Compares two quads as the lines `write_quads` gives them would compare.
///
/// A line is its terms' N-Quads forms joined by spaces. No form continues a complete shorter
/// form with a byte at or below the space (an IRI's `>`, a literal's closing quote and a blank
/// node's label are followed only by `@`, `^` or label characters), so comparing the lines
/// is comparing the forms one after the other.
pub fn nquads_cmp(a: &Quad, b: &Quad) -> Ordering {
    subject_cmp(a.subject.as_ref(), b.subject.as_ref())
        .then_with(|| terminated_cmp(a.predicate.as_str(), b.predicate.as_str(), b">"))
        .then_with(|| term_cmp(a.object.as_ref(), b.object.as_ref()))
        .then_with(|| graph_cmp(a.graph_name.as_ref(), b.graph_name.as_ref()))
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
        (NamedOrBlankNodeRef::BlankNode(a), NamedOrBlankNodeRef::BlankNode(b)) => {
            a.as_str().cmp(b.as_str())
        }
        _ => a.to_string().cmp(&b.to_string()),
    }
}

fn graph_cmp(a: GraphNameRef<'_>, b: GraphNameRef<'_>) -> Ordering {
    match (a, b) {
        (GraphNameRef::NamedNode(a), GraphNameRef::NamedNode(b)) => {
            terminated_cmp(a.as_str(), b.as_str(), b">")
        }
        (GraphNameRef::DefaultGraph, GraphNameRef::DefaultGraph) => Ordering::Equal,
        // the default graph's line ends where a named graph's form starts: "." sorts first
        (GraphNameRef::DefaultGraph, _) => Ordering::Less,
        (_, GraphNameRef::DefaultGraph) => Ordering::Greater,
        _ => a.to_string().cmp(&b.to_string()),
    }
}

fn term_cmp(a: TermRef<'_>, b: TermRef<'_>) -> Ordering {
    match (a, b) {
        (TermRef::NamedNode(a), TermRef::NamedNode(b)) => {
            terminated_cmp(a.as_str(), b.as_str(), b">")
        }
        (TermRef::BlankNode(a), TermRef::BlankNode(b)) => a.as_str().cmp(b.as_str()),
        (TermRef::Literal(a), TermRef::Literal(b)) if !escaped(a) && !escaped(b) => {
            literal_cmp(a, b)
        }
        _ => a.to_string().cmp(&b.to_string()),
    }
}

/// Two literals whose values N-Quads writes as they are: `"value"` then `@lang`, `^^<iri>`
/// or nothing (xsd:string).
fn literal_cmp(a: LiteralRef<'_>, b: LiteralRef<'_>) -> Ordering {
    terminated_cmp(a.value(), b.value(), b"\"").then_with(|| suffix(a).cmp(suffix(b)))
}

/// What follows a literal's closing quote, as bytes in the order N-Quads writes them.
fn suffix(l: LiteralRef<'_>) -> impl Iterator<Item = u8> + '_ {
    let (mark, text, end): (&[u8], &str, &[u8]) = match l.language() {
        Some(lang) => (b"@", lang, b""),
        None if l.datatype() == xsd::STRING => (b"", "", b""),
        None => (b"^^<", l.datatype().as_str(), b">"),
    };
    mark.iter().chain(text.as_bytes()).chain(end).copied()
}

/// Whether N-Quads escapes a character of the literal's value (quotes, backslashes, control
/// characters, U+FFFE and U+FFFF), so that its written form is not its value.
fn escaped(l: LiteralRef<'_>) -> bool {
    l.value().chars().any(|c| {
        matches!(
            c,
            '\0'..='\u{1F}' | '"' | '\\' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}'
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn quad() -> impl Strategy<Value = Quad> {
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
        fn orders_quads_as_their_nquads_lines(a in quad(), b in quad()) {
            let line = |q: &Quad| {
                String::from_utf8(crate::rdf::write_quads(
                    std::slice::from_ref(q),
                    oxigraph::io::RdfFormat::NQuads,
                    Vec::new(),
                ).unwrap()).unwrap()
            };
            prop_assert_eq!(nquads_cmp(&a, &b), line(&a).cmp(&line(&b)));
        }
    }

    #[test]
    fn an_iri_sorts_after_its_extensions_by_lower_bytes() {
        // "<…s1>" > "<…s10>" because '0' < '>'
        let q = |s: &str| Quad::new(named(s), named("p"), named("o"), GraphName::DefaultGraph);
        assert_eq!(nquads_cmp(&q("s1"), &q("s10")), Ordering::Greater);
        assert_eq!(nquads_cmp(&q("s1"), &q("s1a")), Ordering::Less);
    }
}
