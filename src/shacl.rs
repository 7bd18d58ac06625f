//! SHACL validation of document graphs against `ontology/shapes.ttl`.
//!
//! Only the SHACL Core parts the shapes use are implemented: targets `sh:targetClass` and
//! `sh:targetSubjectsOf`; property shapes with a predicate `sh:path`; the constraint components
//! `sh:minCount`, `sh:maxCount`, `sh:datatype`, `sh:pattern`, `sh:class`, `sh:languageIn`,
//! `sh:in`, `sh:nodeKind`, `sh:minInclusive` (on integers and decimals) and `sh:or`. A shapes graph using any other `sh:` term is refused by
//! [`Shapes::parse`] with an error naming it, so a constraint is never silently ignored.
//!
//! Semantics follow the SHACL recommendation as pySHACL implements it (the integration tests
//! compare the two): `rdf:type/rdfs:subClassOf*` for classes, literal well-formedness for the
//! XSD datatypes govkg writes, `langMatches` for language ranges.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{Graph, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, TermRef};
use regex::Regex;
use std::collections::HashSet;

const SH: &str = "http://www.w3.org/ns/shacl#";

/// The `sh:` terms this validator understands; any other `sh:` predicate is refused.
const SUPPORTED: &[&str] = &[
    "targetClass",
    "targetSubjectsOf",
    "property",
    "path",
    "minCount",
    "maxCount",
    "datatype",
    "pattern",
    "class",
    "languageIn",
    "in",
    "nodeKind",
    "or",
    "minInclusive",
];

/// Why a shapes graph cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShaclError {
    /// The shapes file is not Turtle.
    #[error("cannot parse shapes {what}: {message}")]
    Parse {
        /// The file or source name.
        what: String,
        /// The parser's message.
        message: String,
    },
    /// The shapes use SHACL that is not implemented here.
    #[error(
        "shape {shape} uses sh:{term}, which govkg validate does not implement (it implements {})",
        SUPPORTED.join(", ")
    )]
    Unsupported {
        /// The shape (or node) using it.
        shape: String,
        /// The local name of the `sh:` term.
        term: String,
    },
    /// A shape is not well-formed SHACL.
    #[error("shape {shape}: {reason}")]
    Malformed {
        /// The shape.
        shape: String,
        /// What is wrong.
        reason: String,
    },
}

/// One validation result: a value or focus node that breaks a constraint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// The focus node (IRI or `_:label`).
    pub focus: String,
    /// The property path (a predicate IRI), absent for a node-level constraint.
    pub path: Option<String>,
    /// The constraint component's local name, e.g. `MinCountConstraintComponent`.
    pub component: &'static str,
    /// The offending value, where there is one.
    pub value: Option<String>,
    /// What is wrong, for people.
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

#[derive(Debug)]
enum Constraint {
    MinCount(usize),
    MaxCount(usize),
    Datatype(NamedNode),
    Pattern(Regex),
    Class(NamedNode),
    LanguageIn(Vec<String>),
    In(Vec<Term>),
    NodeKind(NodeKind),
    MinInclusive(f64, String),
    Or(Vec<Shape>),
}

#[derive(Debug)]
struct Property {
    path: NamedNode,
    constraints: Vec<Constraint>,
}

#[derive(Debug)]
struct Shape {
    name: String,
    target_classes: Vec<NamedNode>,
    target_subjects_of: Vec<NamedNode>,
    /// Constraints on the focus node itself (the members of an `sh:or`).
    constraints: Vec<Constraint>,
    properties: Vec<Property>,
}

/// A parsed shapes graph.
#[derive(Debug)]
pub struct Shapes {
    shapes: Vec<Shape>,
}

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

fn show(term: TermRef<'_>) -> String {
    match term {
        TermRef::NamedNode(n) => n.as_str().to_owned(),
        TermRef::BlankNode(b) => format!("_:{}", b.as_str()),
        other => other.to_string(),
    }
}

/// Parses Turtle (or N-Triples) into a graph; `what` names the source in errors.
pub fn parse_graph(turtle: &str, what: &str) -> Result<Graph, ShaclError> {
    let mut graph = Graph::new();
    for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
        let q = t.map_err(|e| ShaclError::Parse {
            what: what.to_owned(),
            message: e.to_string(),
        })?;
        graph.insert(&oxigraph::model::Triple::from(q));
    }
    Ok(graph)
}

impl Shapes {
    /// The shapes govkg ships (`ontology/shapes.ttl`).
    pub fn embedded() -> Result<Self, ShaclError> {
        Self::parse(
            include_str!("../ontology/shapes.ttl"),
            "ontology/shapes.ttl",
        )
    }

    /// Reads a shapes graph; refuses any `sh:` term this validator does not implement.
    pub fn parse(turtle: &str, what: &str) -> Result<Self, ShaclError> {
        let g = parse_graph(turtle, what)?;
        for t in g.iter() {
            if let Some(local) = t.predicate.as_str().strip_prefix(SH) {
                if !SUPPORTED.contains(&local) {
                    return Err(ShaclError::Unsupported {
                        shape: show(t.subject.into()),
                        term: local.to_owned(),
                    });
                }
            }
        }
        let mut roots: Vec<NamedOrBlankNode> = Vec::new();
        for p in ["targetClass", "targetSubjectsOf"] {
            for t in g.triples_for_predicate(sh(p).as_ref()) {
                roots.push(t.subject.into_owned());
            }
        }
        roots.sort_by_key(|r| r.to_string());
        roots.dedup();
        let shapes = roots
            .iter()
            .map(|s| node_shape(&g, s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { shapes })
    }

    /// Validates one data graph (a document's graph, with the ontology added so its
    /// individuals and class hierarchy are known). Violations come sorted.
    pub fn validate(&self, data: &Graph) -> Vec<Violation> {
        let mut out = Vec::new();
        for shape in &self.shapes {
            let mut focus: HashSet<Term> = HashSet::new();
            for class in &shape.target_classes {
                for c in subclasses(data, class) {
                    for s in data.subjects_for_predicate_object(rdf::TYPE, c.as_ref()) {
                        focus.insert(s.into_owned().into());
                    }
                }
            }
            for p in &shape.target_subjects_of {
                for t in data.triples_for_predicate(p.as_ref()) {
                    focus.insert(t.subject.into_owned().into());
                }
            }
            for f in &focus {
                check_shape(data, shape, f, &mut out);
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

fn node_shape(g: &Graph, s: &NamedOrBlankNode) -> Result<Shape, ShaclError> {
    let name = show(s.as_ref().into());
    let objects = |p: &str| -> Vec<Term> {
        g.objects_for_subject_predicate(s, sh(p).as_ref())
            .map(|o| o.into_owned())
            .collect()
    };
    let iris = |p: &str| -> Result<Vec<NamedNode>, ShaclError> {
        objects(p)
            .into_iter()
            .map(|o| match o {
                Term::NamedNode(n) => Ok(n),
                other => Err(ShaclError::Malformed {
                    shape: name.clone(),
                    reason: format!("sh:{p} must be an IRI, not {other}"),
                }),
            })
            .collect()
    };
    let target_classes = iris("targetClass")?;
    let target_subjects_of = iris("targetSubjectsOf")?;
    if g.object_for_subject_predicate(s, sh("path").as_ref())
        .is_some()
    {
        return Err(ShaclError::Malformed {
            shape: name,
            reason: "a shape with targets must be a node shape (no sh:path)".into(),
        });
    }
    let own = constraints(g, s, &name, false)?;
    let mut properties = Vec::new();
    for p in objects("property") {
        let node = match p {
            Term::NamedNode(n) => NamedOrBlankNode::from(n),
            Term::BlankNode(b) => NamedOrBlankNode::from(b),
            other => {
                return Err(ShaclError::Malformed {
                    shape: name,
                    reason: format!("sh:property must be a shape, not {other}"),
                });
            }
        };
        let path = match g.object_for_subject_predicate(&node, sh("path").as_ref()) {
            Some(TermRef::NamedNode(n)) => n.into_owned(),
            Some(other) => {
                return Err(ShaclError::Unsupported {
                    shape: name,
                    term: format!("path {other} (only predicate paths are implemented)"),
                });
            }
            None => {
                return Err(ShaclError::Malformed {
                    shape: name,
                    reason: "a property shape without sh:path".into(),
                });
            }
        };
        properties.push(Property {
            path,
            constraints: constraints(g, &node, &name, true)?,
        });
    }
    Ok(Shape {
        name,
        target_classes,
        target_subjects_of,
        constraints: own,
        properties,
    })
}

/// The constraints declared on `s`; counts are only allowed on property shapes.
fn constraints(
    g: &Graph,
    s: &NamedOrBlankNode,
    shape: &str,
    property: bool,
) -> Result<Vec<Constraint>, ShaclError> {
    let malformed = |reason: String| ShaclError::Malformed {
        shape: shape.to_owned(),
        reason,
    };
    let mut out = Vec::new();
    for t in g.triples_for_subject(s) {
        let Some(local) = t.predicate.as_str().strip_prefix(SH) else {
            continue;
        };
        let o = t.object;
        let count = || match o {
            TermRef::Literal(l) => l
                .value()
                .parse::<usize>()
                .map_err(|_| malformed(format!("sh:{local} must be a count, not {l}"))),
            other => Err(malformed(format!(
                "sh:{local} must be a count, not {other}"
            ))),
        };
        let iri = || match o {
            TermRef::NamedNode(n) => Ok(n.into_owned()),
            other => Err(malformed(format!("sh:{local} must be an IRI, not {other}"))),
        };
        let c = match local {
            "minCount" | "maxCount" if !property => {
                return Err(malformed(format!("sh:{local} outside a property shape")));
            }
            "minCount" => Constraint::MinCount(count()?),
            "maxCount" => Constraint::MaxCount(count()?),
            "datatype" => Constraint::Datatype(iri()?),
            "class" => Constraint::Class(iri()?),
            "pattern" => {
                let TermRef::Literal(l) = o else {
                    return Err(malformed(format!("sh:pattern must be a string, not {o}")));
                };
                Constraint::Pattern(Regex::new(l.value()).map_err(|e| {
                    malformed(format!("sh:pattern {:?} is not a regex: {e}", l.value()))
                })?)
            }
            "nodeKind" => {
                let kind = iri()?;
                Constraint::NodeKind(match kind.as_str().strip_prefix(SH).unwrap_or_default() {
                    "IRI" => NodeKind::Iri,
                    "BlankNode" => NodeKind::BlankNode,
                    "Literal" => NodeKind::Literal,
                    "BlankNodeOrIRI" => NodeKind::BlankNodeOrIri,
                    "BlankNodeOrLiteral" => NodeKind::BlankNodeOrLiteral,
                    "IRIOrLiteral" => NodeKind::IriOrLiteral,
                    _ => return Err(malformed(format!("unknown sh:nodeKind {kind}"))),
                })
            }
            "languageIn" => Constraint::LanguageIn(
                list(g, o, shape)?
                    .into_iter()
                    .map(|t| match t {
                        Term::Literal(l) => Ok(l.value().to_ascii_lowercase()),
                        other => Err(malformed(format!("sh:languageIn holds {other}"))),
                    })
                    .collect::<Result<_, _>>()?,
            ),
            "in" => Constraint::In(list(g, o, shape)?),
            "minInclusive" => {
                let bound = match o {
                    TermRef::Literal(l) => numeric(&l.into_owned()),
                    _ => None,
                };
                let bound = bound
                    .ok_or_else(|| malformed(format!("sh:minInclusive {o} is not a number")))?;
                Constraint::MinInclusive(bound, o.to_string())
            }
            "or" => Constraint::Or(
                list(g, o, shape)?
                    .into_iter()
                    .map(|t| match t {
                        Term::NamedNode(n) => node_shape(g, &n.into()),
                        Term::BlankNode(b) => node_shape(g, &b.into()),
                        other => Err(malformed(format!("sh:or holds {other}"))),
                    })
                    .collect::<Result<_, _>>()?,
            ),
            _ => continue, // targets, sh:property and sh:path are read by the caller
        };
        out.push(c);
    }
    Ok(out)
}

/// The members of an RDF list.
fn list(g: &Graph, head: TermRef<'_>, shape: &str) -> Result<Vec<Term>, ShaclError> {
    let mut out = Vec::new();
    let mut node = head.into_owned();
    let mut seen = HashSet::new();
    loop {
        let subject = match &node {
            Term::NamedNode(n) if n.as_ref() == rdf::NIL => return Ok(out),
            Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
            Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
            _ => break,
        };
        if !seen.insert(subject.clone()) {
            break;
        }
        let (Some(first), Some(rest)) = (
            g.object_for_subject_predicate(&subject, rdf::FIRST),
            g.object_for_subject_predicate(&subject, rdf::REST),
        ) else {
            break;
        };
        out.push(first.into_owned());
        node = rest.into_owned();
    }
    Err(ShaclError::Malformed {
        shape: shape.to_owned(),
        reason: "an sh:in, sh:or or sh:languageIn value is not a well-formed RDF list".into(),
    })
}

/// `class` and every class below it (`rdfs:subClassOf*`, cycles tolerated).
fn subclasses(data: &Graph, class: &NamedNode) -> Vec<NamedNode> {
    let mut out = vec![class.clone()];
    let mut i = 0;
    while i < out.len() {
        let below: Vec<NamedNode> = data
            .subjects_for_predicate_object(rdfs::SUB_CLASS_OF, out[i].as_ref())
            .filter_map(|s| match s {
                oxigraph::model::NamedOrBlankNodeRef::NamedNode(n) => Some(n.into_owned()),
                _ => None,
            })
            .collect();
        for c in below {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        i += 1;
    }
    out
}

/// Whether `node` is a SHACL instance of `class`.
fn is_instance(data: &Graph, node: &Term, class: &NamedNode) -> bool {
    let subject = match node {
        Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
        Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
        _ => return false,
    };
    let below = subclasses(data, class);
    data.objects_for_subject_predicate(&subject, rdf::TYPE)
        .any(|t| matches!(t, TermRef::NamedNode(n) if below.iter().any(|c| c.as_ref() == n)))
}

fn check_shape(data: &Graph, shape: &Shape, focus: &Term, out: &mut Vec<Violation>) {
    let push = |out: &mut Vec<Violation>,
                path: Option<&NamedNode>,
                r: (&'static str, Option<&Term>, String)| {
        out.push(Violation {
            focus: show(focus.as_ref()),
            path: path.map(|p| p.as_str().to_owned()),
            component: r.0,
            value: r.1.map(|v| show(v.as_ref())),
            message: format!("{} (shape {})", r.2, shape.name),
        });
    };
    for c in &shape.constraints {
        for r in check(data, c, std::slice::from_ref(focus)) {
            push(out, None, r);
        }
    }
    let subject = match focus {
        Term::NamedNode(n) => Some(NamedOrBlankNode::from(n.clone())),
        Term::BlankNode(b) => Some(NamedOrBlankNode::from(b.clone())),
        _ => None,
    };
    for p in &shape.properties {
        let values: Vec<Term> = subject
            .as_ref()
            .map(|s| {
                data.objects_for_subject_predicate(s, p.path.as_ref())
                    .map(TermRef::into_owned)
                    .collect()
            })
            .unwrap_or_default();
        for c in &p.constraints {
            for r in check(data, c, &values) {
                push(out, Some(&p.path), r);
            }
        }
    }
}

/// Whether `node` conforms to `shape` (used by `sh:or`).
fn conforms(data: &Graph, shape: &Shape, node: &Term) -> bool {
    let mut v = Vec::new();
    check_shape(data, shape, node, &mut v);
    v.is_empty()
}

type Failure<'a> = (&'static str, Option<&'a Term>, String);

/// Checks one constraint against the value nodes; one failure per offending value (or one for
/// a count).
fn check<'a>(data: &Graph, c: &Constraint, values: &'a [Term]) -> Vec<Failure<'a>> {
    let each =
        |component: &'static str, ok: &dyn Fn(&Term) -> bool, what: &dyn Fn(&Term) -> String| {
            values
                .iter()
                .filter(|v| !ok(v))
                .map(|v| (component, Some(v), what(v)))
                .collect::<Vec<_>>()
        };
    match c {
        Constraint::MinCount(n) if values.len() < *n => vec![(
            "MinCountConstraintComponent",
            None,
            format!("{} value(s), at least {n} required", values.len()),
        )],
        Constraint::MaxCount(n) if values.len() > *n => vec![(
            "MaxCountConstraintComponent",
            None,
            format!("{} values, at most {n} allowed", values.len()),
        )],
        Constraint::MinCount(_) | Constraint::MaxCount(_) => Vec::new(),
        Constraint::Datatype(dt) => each(
            "DatatypeConstraintComponent",
            &|v| matches!(v, Term::Literal(l) if l.datatype() == dt.as_ref() && well_formed(l.value(), dt.as_ref())),
            &|v| {
                format!(
                    "{v} is not a well-formed literal of datatype <{}>",
                    dt.as_str()
                )
            },
        ),
        Constraint::Pattern(re) => each(
            "PatternConstraintComponent",
            &|v| match v {
                Term::NamedNode(n) => re.is_match(n.as_str()),
                Term::Literal(l) => re.is_match(l.value()),
                _ => false,
            },
            &|v| format!("{v} does not match {:?}", re.as_str()),
        ),
        Constraint::Class(class) => each(
            "ClassConstraintComponent",
            &|v| is_instance(data, v, class),
            &|v| format!("{v} is not an instance of <{}>", class.as_str()),
        ),
        Constraint::LanguageIn(ranges) => each(
            "LanguageInConstraintComponent",
            &|v| match v {
                Term::Literal(l) => l.language().is_some_and(|tag| {
                    let tag = tag.to_ascii_lowercase();
                    ranges
                        .iter()
                        .any(|r| tag == *r || tag.starts_with(&format!("{r}-")))
                }),
                _ => false,
            },
            &|v| format!("{v} has no language tag among {ranges:?}"),
        ),
        Constraint::In(allowed) => each("InConstraintComponent", &|v| allowed.contains(v), &|v| {
            format!("{v} is not one of the allowed values")
        }),
        Constraint::NodeKind(kind) => each(
            "NodeKindConstraintComponent",
            &|v| {
                let (iri, blank, lit) = (
                    matches!(v, Term::NamedNode(_)),
                    matches!(v, Term::BlankNode(_)),
                    matches!(v, Term::Literal(_)),
                );
                match kind {
                    NodeKind::Iri => iri,
                    NodeKind::BlankNode => blank,
                    NodeKind::Literal => lit,
                    NodeKind::BlankNodeOrIri => blank || iri,
                    NodeKind::BlankNodeOrLiteral => blank || lit,
                    NodeKind::IriOrLiteral => iri || lit,
                }
            },
            &|v| format!("{v} is not of node kind {kind:?}"),
        ),
        Constraint::MinInclusive(bound, written) => each(
            "MinInclusiveConstraintComponent",
            &|v| match v {
                Term::Literal(l) => numeric(l).is_some_and(|x| x >= *bound),
                _ => false,
            },
            &|v| format!("{v} is not a number at least {written}"),
        ),
        Constraint::Or(shapes) => each(
            "OrConstraintComponent",
            &|v| shapes.iter().any(|s| conforms(data, s, v)),
            &|v| format!("{v} conforms to none of the sh:or shapes"),
        ),
    }
}

/// The value of an integer or decimal literal (what `sh:minInclusive` compares); `None` for
/// anything else, which fails the comparison as in SPARQL.
fn numeric(l: &oxigraph::model::Literal) -> Option<f64> {
    let dt = l.datatype();
    let integer = [xsd::INTEGER, xsd::NON_NEGATIVE_INTEGER, xsd::INT, xsd::LONG];
    if (integer.contains(&dt) && well_formed(l.value(), xsd::INTEGER))
        || (dt == xsd::DECIMAL && well_formed(l.value(), xsd::DECIMAL))
    {
        l.value().parse::<f64>().ok()
    } else {
        None
    }
}

/// Lexical well-formedness for the XSD datatypes govkg writes; other datatypes are taken as
/// written (the datatype IRI itself is still checked).
fn well_formed(value: &str, dt: NamedNodeRef<'_>) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if dt == xsd::INTEGER {
        digits(value.strip_prefix(['+', '-']).unwrap_or(value))
    } else if dt == xsd::NON_NEGATIVE_INTEGER {
        let v = value.strip_prefix('+').unwrap_or(value);
        digits(v)
            || value
                .strip_prefix('-')
                .is_some_and(|z| digits(z) && z.bytes().all(|b| b == b'0'))
    } else if dt == xsd::DECIMAL {
        let v = value.strip_prefix(['+', '-']).unwrap_or(value);
        match v.split_once('.') {
            Some((i, f)) => {
                (i.is_empty() || digits(i))
                    && (f.is_empty() || digits(f))
                    && !(i.is_empty() && f.is_empty())
            }
            None => digits(v),
        }
    } else if dt == xsd::G_YEAR {
        let v = value.strip_prefix('-').unwrap_or(value);
        let (year, tz) = match v.find(['Z', '+', '-']) {
            Some(i) => v.split_at(i),
            None => (v, ""),
        };
        digits(year)
            && year.len() >= 4
            && (year.len() == 4 || !year.starts_with('0'))
            && (tz.is_empty() || tz == "Z" || (tz.len() == 6 && tz.as_bytes()[3] == b':'))
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

    fn shapes(body: &str) -> Result<Shapes, ShaclError> {
        Shapes::parse(&format!("{PREFIXES}{body}"), "test")
    }

    fn data(body: &str) -> Graph {
        parse_graph(&format!("{PREFIXES}{body}"), "data").unwrap_or_else(|e| panic!("{e}"))
    }

    fn components(s: &Shapes, d: &str) -> Vec<(String, &'static str)> {
        let mut v: Vec<_> = s
            .validate(&data(d))
            .into_iter()
            .map(|v| (v.focus, v.component))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn the_embedded_shapes_are_all_supported() {
        let s = Shapes::embedded().unwrap_or_else(|e| panic!("{e}"));
        // every node shape of the file is read, none dropped
        let declared = include_str!("../ontology/shapes.ttl")
            .matches("a sh:NodeShape")
            .count();
        assert!(declared >= 7);
        assert_eq!(s.shapes.len(), declared);
    }

    #[test]
    fn unsupported_components_are_refused_by_name() {
        let err = shapes("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minLength 2 ] .")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("sh:minLength"), "{err}");
        let err = shapes("ex:S sh:targetNode ex:a .")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("sh:targetNode"), "{err}");
        let err = shapes(
            "ex:S sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("only predicate paths"), "{err}");
    }

    #[test]
    fn counts_datatypes_and_patterns() -> Result<(), ShaclError> {
        let s = shapes(
            "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:n ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:nonNegativeInteger ] ;
                 sh:property [ sh:path ex:h ; sh:pattern \"^[0-9a-f]{4}$\" ] .",
        )?;
        let d = "ex:ok a ex:C ; ex:n \"3\"^^xsd:nonNegativeInteger ; ex:h \"beef\" .
                 ex:none a ex:C .
                 ex:two a ex:C ; ex:n \"1\"^^xsd:nonNegativeInteger, \"2\"^^xsd:nonNegativeInteger .
                 ex:neg a ex:C ; ex:n \"-3\"^^xsd:nonNegativeInteger ; ex:h \"BEEF\", ex:x .
                 ex:int a ex:C ; ex:n 3 .";
        let ex = |f: &str| format!("http://example.org/{f}");
        assert_eq!(
            components(&s, d),
            vec![
                (ex("int"), "DatatypeConstraintComponent"),
                (ex("neg"), "DatatypeConstraintComponent"),
                (ex("neg"), "PatternConstraintComponent"),
                (ex("neg"), "PatternConstraintComponent"),
                (ex("none"), "MinCountConstraintComponent"),
                (ex("two"), "MaxCountConstraintComponent"),
            ]
        );
        Ok(())
    }

    #[test]
    fn classes_follow_subclasses_and_or_takes_any_member() -> Result<(), ShaclError> {
        let s = shapes(
            "ex:S sh:targetSubjectsOf ex:subject ; sh:property [ sh:path ex:subject ;
                 sh:or ( [ sh:class ex:A ] [ sh:class ex:B ] ) ] ;
                 sh:property [ sh:path ex:kind ; sh:in ( ex:x ex:y ) ; sh:nodeKind sh:IRI ] ;
                 sh:property [ sh:path ex:label ; sh:languageIn ( \"zh\" ) ] ;
                 sh:property [ sh:path ex:at ; sh:minInclusive 0 ] .",
        )?;
        let d = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                 ex:A2 rdfs:subClassOf ex:A .
                 ex:a a ex:A2 . ex:b a ex:B . ex:c a ex:Other .
                 ex:f1 ex:subject ex:a ; ex:kind ex:x ; ex:label \"区\"@zh-Hans .
                 ex:f2 ex:subject ex:b ; ex:kind \"x\" ; ex:label \"district\"@en .
                 ex:f3 ex:subject ex:c ; ex:at -1, 0, \"5\" .";
        assert_eq!(
            components(&s, d),
            vec![
                ("http://example.org/f2".into(), "InConstraintComponent"),
                (
                    "http://example.org/f2".into(),
                    "LanguageInConstraintComponent"
                ),
                (
                    "http://example.org/f2".into(),
                    "NodeKindConstraintComponent"
                ),
                (
                    "http://example.org/f3".into(),
                    "MinInclusiveConstraintComponent"
                ),
                (
                    "http://example.org/f3".into(),
                    "MinInclusiveConstraintComponent"
                ),
                ("http://example.org/f3".into(), "OrConstraintComponent"),
            ]
        );
        Ok(())
    }

    #[test]
    fn xsd_lexical_forms() {
        assert!(well_formed("2023", xsd::G_YEAR));
        assert!(!well_formed("23", xsd::G_YEAR));
        assert!(well_formed("-10.50", xsd::DECIMAL));
        assert!(!well_formed("1e3", xsd::DECIMAL));
        assert!(well_formed("0", xsd::NON_NEGATIVE_INTEGER));
        assert!(!well_formed("-1", xsd::NON_NEGATIVE_INTEGER));
        assert!(!well_formed("", xsd::INTEGER));
    }
}
