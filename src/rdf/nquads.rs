//! N-Quads and N-Triples lines written directly into a buffer.
//!
//! oxttl writes each line through `fmt` (`writeln!(w, "{quad} .")`), which was an eighth of
//! `govkg extract`. These functions put the same bytes together without it; a property test
//! holds them to oxttl's output.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphNameRef, NamedOrBlankNodeRef, QuadRef, TermRef};

/// Appends the quad's line; with `graph` false, the line of its triple (N-Triples).
pub fn push_line(out: &mut Vec<u8>, q: QuadRef<'_>, graph: bool) {
    match q.subject {
        NamedOrBlankNodeRef::NamedNode(n) => push_iri(out, n.as_str()),
        NamedOrBlankNodeRef::BlankNode(b) => push_blank(out, b.as_str()),
    }
    out.push(b' ');
    push_iri(out, q.predicate.as_str());
    out.push(b' ');
    push_term(out, q.object);
    if graph {
        match q.graph_name {
            GraphNameRef::NamedNode(n) => {
                out.push(b' ');
                push_iri(out, n.as_str());
            }
            GraphNameRef::BlankNode(b) => {
                out.push(b' ');
                push_blank(out, b.as_str());
            }
            GraphNameRef::DefaultGraph => {}
        }
    }
    out.extend_from_slice(b" .\n");
}

fn push_iri(out: &mut Vec<u8>, iri: &str) {
    out.push(b'<');
    out.extend_from_slice(iri.as_bytes());
    out.push(b'>');
}

fn push_blank(out: &mut Vec<u8>, id: &str) {
    out.extend_from_slice(b"_:");
    out.extend_from_slice(id.as_bytes());
}

/// Appends a term's N-Quads form.
pub(super) fn push_term(out: &mut Vec<u8>, t: TermRef<'_>) {
    match t {
        TermRef::NamedNode(n) => push_iri(out, n.as_str()),
        TermRef::BlankNode(b) => push_blank(out, b.as_str()),
        TermRef::Literal(l) => {
            push_quoted(out, l.value());
            if let Some(lang) = l.language() {
                out.push(b'@');
                out.extend_from_slice(lang.as_bytes());
            } else if l.datatype() != xsd::STRING {
                out.extend_from_slice(b"^^");
                push_iri(out, l.datatype().as_str());
            }
        }
    }
}

/// Whether N-Quads escapes a character of a literal's value: quotes, backslashes, control
/// characters, U+FFFE and U+FFFF.
pub(super) fn escaped(value: &str) -> bool {
    value
        .bytes()
        .any(|b| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7F)
        || value.contains(['\u{FFFE}', '\u{FFFF}'])
}

/// A literal's value in quotes, escaped as oxrdf's `print_quoted_str` escapes it.
fn push_quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    if !escaped(s) {
        out.extend_from_slice(s.as_bytes());
    } else {
        for c in s.chars() {
            match c {
                '\u{8}' => out.extend_from_slice(b"\\b"),
                '\t' => out.extend_from_slice(b"\\t"),
                '\n' => out.extend_from_slice(b"\\n"),
                '\u{C}' => out.extend_from_slice(b"\\f"),
                '\r' => out.extend_from_slice(b"\\r"),
                '"' => out.extend_from_slice(b"\\\""),
                '\\' => out.extend_from_slice(b"\\\\"),
                '\0'..='\u{1F}' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}' => {
                    out.extend_from_slice(format!("\\u{:04X}", u32::from(c)).as_bytes());
                }
                _ => {
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::order::tests::quad;
    use oxigraph::io::{RdfFormat, RdfSerializer};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn writes_what_oxttl_writes(quads in prop::collection::vec(quad(), 0..8)) {
            for (format, graph) in [(RdfFormat::NQuads, true), (RdfFormat::NTriples, false)] {
                let mut ours = Vec::new();
                let mut theirs = RdfSerializer::from_format(format).for_writer(Vec::new());
                for q in &quads {
                    push_line(&mut ours, q.as_ref(), graph);
                    if graph {
                        theirs.serialize_quad(q).unwrap();
                    } else {
                        theirs.serialize_triple(q.as_ref()).unwrap();
                    }
                }
                prop_assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(theirs.finish().unwrap()).unwrap());
            }
        }
    }
}
