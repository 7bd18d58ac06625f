//! The landing page: a query form, and the canned queries of `queries/` ready to run. Plain
//! HTML forms that GET `/sparql`, so it works without JavaScript and loads nothing else.

/// The canned queries, embedded at build time so the page matches the binary.
const CANNED: [(&str, &str); 8] = [
    ("documents.rq", include_str!("../../queries/documents.rq")),
    ("entities.rq", include_str!("../../queries/entities.rq")),
    ("quantities.rq", include_str!("../../queries/quantities.rq")),
    (
        "attributions.rq",
        include_str!("../../queries/attributions.rq"),
    ),
    (
        "targets-by-year.rq",
        include_str!("../../queries/targets-by-year.rq"),
    ),
    (
        "initiatives-by-body.rq",
        include_str!("../../queries/initiatives-by-body.rq"),
    ),
    ("provenance.rq", include_str!("../../queries/provenance.rq")),
    ("places.rq", include_str!("../../queries/places.rq")),
];

const FORMATS: &str = r#"<select name="format">
<option value="json">JSON</option><option value="xml">XML</option>
<option value="csv">CSV</option><option value="tsv" selected>TSV</option>
<option value="turtle">Turtle (CONSTRUCT)</option><option value="ntriples">N-Triples (CONSTRUCT)</option>
</select>"#;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn form(query: &str, rows: usize) -> String {
    format!(
        "<form action=\"/sparql\" method=\"get\"><textarea name=\"query\" rows=\"{rows}\" cols=\"100\">{}</textarea><br>{FORMATS} <button type=\"submit\">Run</button></form>",
        escape(query)
    )
}

/// The page; `updates` says whether this server accepts updates.
pub fn landing(updates: bool) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>govkg SPARQL endpoint</title>\
<style>body{font-family:sans-serif;max-width:60em;margin:1em auto}textarea{width:100%;font-family:monospace}summary{cursor:pointer}</style></head><body>\n\
<h1>govkg SPARQL endpoint</h1>\n<p>SPARQL 1.1 Protocol at <code>/sparql</code> (GET or POST; JSON, XML, CSV, TSV results; Turtle, N-Triples, RDF/XML, JSON-LD graphs by <code>Accept</code>), \
graphs by the Graph Store protocol at <code>/store?graph=IRI</code>, \
an OpenRefine reconciliation service at <code>/reconcile</code> (Reconcile → Start reconciling → Add standard service → this server's <code>/reconcile</code> URL). \
The default graph is the union of all documents. ",
    );
    html.push_str(if updates {
        "Updates are accepted with the server's token.</p>\n"
    } else {
        "This server is read-only.</p>\n"
    });
    html.push_str("<h2>Query</h2>\n");
    html.push_str(&form(
        "PREFIX gk: <https://w3id.org/govkg/ontology#>\nSELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)",
        6,
    ));
    html.push_str("\n<h2>Canned questions</h2>\n");
    for (name, query) in CANNED {
        let question = query
            .lines()
            .next()
            .and_then(|l| l.strip_prefix('#'))
            .unwrap_or(name)
            .trim();
        html.push_str(&format!(
            "<details><summary><code>{name}</code>: {}</summary>{}</details>\n",
            escape(question),
            form(query, query.lines().count().min(30))
        ));
    }
    html.push_str("</body></html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_offers_every_canned_query_escaped() {
        let page = landing(false);
        for (name, _) in CANNED {
            assert!(page.contains(name), "{name}");
        }
        assert!(page.contains("&lt;https://w3id.org/govkg/ontology#&gt;"));
        assert!(!page.contains("<https://w3id.org"));
        assert!(page.contains("read-only"));
        assert!(page.contains("<code>/reconcile</code>"));
    }
}
