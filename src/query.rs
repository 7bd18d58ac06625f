//! Writing [`QueryResults`] in the format a user asked for ([`OutputFormat`]): a readable
//! table, the four SPARQL results formats, or RDF for CONSTRUCT and DESCRIBE.

use crate::rdf::{PREFIXES, serializer_prefixes};
use comfy_table::{ContentArrangement, Table, presets};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QueryResults};
use std::fmt;
use std::io::Write;
use std::str::FromStr;
use thiserror::Error;

/// How query results are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// A human-readable table: literals plainly, IRIs compact.
    Table,
    /// SPARQL 1.1 CSV results.
    Csv,
    /// SPARQL 1.1 TSV results.
    Tsv,
    /// SPARQL 1.1 JSON results.
    Json,
    /// SPARQL XML results.
    Xml,
    /// Turtle (graph results).
    Turtle,
    /// N-Triples (graph results).
    NTriples,
    /// N-Quads (graph results, all in the default graph).
    NQuads,
    /// JSON-LD (graph results).
    JsonLd,
}

impl OutputFormat {
    /// Every format, for help texts.
    pub const ALL: [OutputFormat; 9] = [
        OutputFormat::Table,
        OutputFormat::Csv,
        OutputFormat::Tsv,
        OutputFormat::Json,
        OutputFormat::Xml,
        OutputFormat::Turtle,
        OutputFormat::NTriples,
        OutputFormat::NQuads,
        OutputFormat::JsonLd,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Csv => "csv",
            OutputFormat::Tsv => "tsv",
            OutputFormat::Json => "json",
            OutputFormat::Xml => "xml",
            OutputFormat::Turtle => "turtle",
            OutputFormat::NTriples => "ntriples",
            OutputFormat::NQuads => "nquads",
            OutputFormat::JsonLd => "jsonld",
        }
    }

    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            OutputFormat::Csv => Some(QueryResultsFormat::Csv),
            OutputFormat::Tsv => Some(QueryResultsFormat::Tsv),
            OutputFormat::Json => Some(QueryResultsFormat::Json),
            OutputFormat::Xml => Some(QueryResultsFormat::Xml),
            _ => None,
        }
    }

    fn rdf_format(self) -> Option<RdfFormat> {
        match self {
            OutputFormat::Turtle => Some(RdfFormat::Turtle),
            OutputFormat::NTriples => Some(RdfFormat::NTriples),
            OutputFormat::NQuads => Some(RdfFormat::NQuads),
            OutputFormat::JsonLd => Some(RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            }),
            _ => None,
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|f| f.as_str()).collect();
                format!("unknown format {s:?}; expected one of {}", names.join(", "))
            })
    }
}

/// Why results could not be written.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum QueryOutputError {
    /// SELECT/ASK results asked for in an RDF format, or graph results in a results format.
    #[error("--format {format} cannot hold {kind} results; use {hint}")]
    Mismatch {
        /// The requested format.
        format: OutputFormat,
        /// `SELECT`, `ASK` or `CONSTRUCT/DESCRIBE`.
        kind: &'static str,
        /// Formats that can.
        hint: &'static str,
    },
    /// The query failed while results were streamed.
    #[error("query failed: {0}")]
    Evaluation(#[from] QueryEvaluationError),
    /// The output could not be written (a closed pipe included).
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

const RESULT_FORMATS: &str = "table, csv, tsv, json or xml";
const GRAPH_FORMATS: &str = "table, turtle, ntriples, nquads or jsonld";

/// Writes `results` to `writer` in `format`.
pub fn write_results<W: Write>(
    results: QueryResults<'_>,
    format: OutputFormat,
    mut writer: W,
) -> Result<(), QueryOutputError> {
    match results {
        QueryResults::Solutions(solutions) => {
            if format == OutputFormat::Table {
                let header: Vec<String> = solutions
                    .variables()
                    .iter()
                    .map(|v| v.as_str().to_owned())
                    .collect();
                let vars = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for s in solutions {
                    let s = s?;
                    rows.push(
                        vars.iter()
                            .map(|v| s.get(v).map(compact_term).unwrap_or_default())
                            .collect(),
                    );
                }
                write_table(&mut writer, header, rows)?;
            } else if let Some(f) = format.results_format() {
                let mut ser = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(&mut writer, solutions.variables().to_vec())?;
                for s in solutions {
                    ser.serialize(&s?)?;
                }
                ser.finish()?;
            } else {
                return Err(QueryOutputError::Mismatch {
                    format,
                    kind: "SELECT",
                    hint: RESULT_FORMATS,
                });
            }
        }
        QueryResults::Boolean(b) => {
            if format == OutputFormat::Table {
                writeln!(writer, "{b}")?;
            } else if let Some(f) = format.results_format() {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut writer, b)?;
            } else {
                return Err(QueryOutputError::Mismatch {
                    format,
                    kind: "ASK",
                    hint: RESULT_FORMATS,
                });
            }
        }
        QueryResults::Graph(triples) => {
            if format == OutputFormat::Table {
                let mut rows = Vec::new();
                for t in triples {
                    let t: Triple = t?;
                    rows.push(vec![
                        compact_term(&Term::from(t.subject)),
                        compact_term(&Term::from(t.predicate)),
                        compact_term(&t.object),
                    ]);
                }
                let header = ["subject", "predicate", "object"]
                    .map(str::to_owned)
                    .to_vec();
                write_table(&mut writer, header, rows)?;
            } else if let Some(f) = format.rdf_format() {
                let mut ser = RdfSerializer::from_format(f);
                if !matches!(f, RdfFormat::NTriples | RdfFormat::NQuads) {
                    for (name, ns) in serializer_prefixes() {
                        ser = ser.with_prefix(name, ns).map_err(std::io::Error::other)?;
                    }
                }
                let mut out = ser.for_writer(&mut writer);
                for t in triples {
                    out.serialize_triple(&t?)?;
                }
                out.finish()?;
            } else {
                return Err(QueryOutputError::Mismatch {
                    format,
                    kind: "CONSTRUCT/DESCRIBE",
                    hint: GRAPH_FORMATS,
                });
            }
        }
    }
    writer.flush()?;
    Ok(())
}

fn write_table<W: Write>(
    writer: &mut W,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
) -> std::io::Result<()> {
    let n = rows.len();
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header)
        .add_rows(rows);
    writeln!(writer, "{table}")?;
    writeln!(writer, "{n} row{}", if n == 1 { "" } else { "s" })
}

/// A term as a reader wants to see it: a literal's text alone, an IRI as `prefix:local`
/// when a known prefix fits (else `<iri>`), a blank node as `_:id`.
pub fn compact_term(term: &Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_owned(),
        Term::NamedNode(n) => compact_iri(n.as_str()),
        other => other.to_string(),
    }
}

/// `prefix:local` for an IRI under a known namespace, else `<iri>`.
pub fn compact_iri(iri: &str) -> String {
    PREFIXES
        .iter()
        .filter_map(|(p, ns)| iri.strip_prefix(ns).map(|local| (p, ns.len(), local)))
        .max_by_key(|(_, len, _)| *len)
        .map_or_else(
            || format!("<{iri}>"),
            |(p, _, local)| format!("{p}:{local}"),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::tests::sample;
    use crate::store::GraphStore;

    const SELECT: &str = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?entity ?label WHERE { ?entity skos:prefLabel ?label } ORDER BY ?label";

    fn render(query: &str, format: OutputFormat) -> Result<String, Box<dyn std::error::Error>> {
        let store = GraphStore::in_memory()?;
        store.replace_extraction(&sample())?;
        let mut out = Vec::new();
        write_results(store.query(query)?, format, &mut out)?;
        Ok(String::from_utf8(out)?)
    }

    #[test]
    fn csv_has_the_header_and_plain_values() -> Result<(), Box<dyn std::error::Error>> {
        let out = render(SELECT, OutputFormat::Csv)?;
        assert!(out.starts_with("entity,label\r\n"), "{out}");
        assert!(out.contains("https://w3id.org/govkg/id/org/拱墅区/区科技局,区科技局"));
        Ok(())
    }

    #[test]
    fn table_shows_compact_iris_and_plain_literals() -> Result<(), Box<dyn std::error::Error>> {
        let out = render(SELECT, OutputFormat::Table)?;
        assert!(out.contains("id:org/拱墅区/区科技局"), "{out}");
        assert!(!out.contains("\"区科技局\"@zh"));
        assert!(out.contains("3 rows"));
        Ok(())
    }

    #[test]
    fn results_formats_all_serialize() -> Result<(), Box<dyn std::error::Error>> {
        assert!(render(SELECT, OutputFormat::Tsv)?.starts_with("?entity\t?label"));
        assert!(
            render(SELECT, OutputFormat::Json)?
                .starts_with("{\"head\":{\"vars\":[\"entity\",\"label\"]}")
        );
        assert!(render(SELECT, OutputFormat::Xml)?.contains("<variable name=\"entity\"/>"));
        Ok(())
    }

    #[test]
    fn ask_and_construct() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(
            render("ASK { ?s ?p ?o }", OutputFormat::Table)?.trim(),
            "true"
        );
        assert!(render("ASK { ?s ?p ?o }", OutputFormat::Json)?.contains("true"));
        let c = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            CONSTRUCT { ?e skos:prefLabel ?l } WHERE { ?e skos:prefLabel ?l }";
        let nt = render(c, OutputFormat::NTriples)?;
        assert_eq!(nt.lines().count(), 3);
        assert!(render(c, OutputFormat::Turtle)?.contains("@prefix skos:"));
        assert!(render(c, OutputFormat::JsonLd)?.contains("prefLabel"));
        Ok(())
    }

    #[test]
    fn mismatched_formats_are_refused() {
        assert!(render(SELECT, OutputFormat::Turtle).is_err());
        assert!(render("CONSTRUCT WHERE { ?s ?p ?o }", OutputFormat::Csv).is_err());
    }

    #[test]
    fn format_names_round_trip() {
        for f in OutputFormat::ALL {
            assert_eq!(f.as_str().parse::<OutputFormat>(), Ok(f));
        }
        assert!("yaml".parse::<OutputFormat>().is_err());
    }
}
