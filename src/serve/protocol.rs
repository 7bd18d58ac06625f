//! Reading SPARQL 1.1 Protocol requests (query by GET, by POST form-encoded or direct; update by
//! POST) and content negotiation. Pure functions of the request, so they are unit-tested
//! without a socket.

use oxhttp::model::{Body, HeaderMap, Method, Request, StatusCode, header};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;
use std::io::Read;
use thiserror::Error;

/// Why a request could not be read; each variant has its HTTP status.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum RequestError {
    /// Malformed request (missing or repeated parameter, bad UTF-8, ...).
    #[error("{0}")]
    BadRequest(String),
    /// The body is larger than the configured cap.
    #[error("request body larger than {limit} bytes; this server's limit is --max-request-bytes")]
    TooLarge {
        /// The cap in bytes.
        limit: usize,
    },
    /// A POST body type the protocol does not define.
    #[error(
        "unsupported Content-Type {0:?}; POST application/x-www-form-urlencoded (query= or update=), application/sparql-query or application/sparql-update"
    )]
    UnsupportedMediaType(String),
    /// No format the client accepts can hold the answer.
    #[error("no format in {asked:?} can hold this answer; ask for one of {offered}")]
    NotAcceptable {
        /// What the client asked for.
        asked: String,
        /// What the server could give.
        offered: String,
    },
}

impl RequestError {
    /// The HTTP status to answer with.
    pub fn status(&self) -> StatusCode {
        match self {
            RequestError::BadRequest(_) => StatusCode::BAD_REQUEST,
            RequestError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            RequestError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            RequestError::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
        }
    }
}

/// What a protocol request asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operation {
    /// A SPARQL query.
    Query(String),
    /// A SPARQL update.
    Update(String),
}

/// A parsed protocol request: the operation and `format=` overrides of `Accept`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolRequest {
    /// The query or update.
    pub operation: Operation,
    /// The `format` parameters (short names such as `csv`, or media types), in order: some
    /// clients send several (SPARQLWrapper sends `format=tsv&format=text/tab-separated-values`).
    pub formats: Vec<String>,
}

/// URL query parameters, decoded.
pub fn url_params(request: &Request<Body>) -> Vec<(String, String)> {
    request
        .uri()
        .query()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Reads the body, refusing more than `limit` bytes (by Content-Length up front, else while
/// reading, so a chunked body cannot exhaust memory).
pub fn read_body(request: &mut Request<Body>, limit: usize) -> Result<Vec<u8>, RequestError> {
    if let Some(len) = request.body().len() {
        if len > limit as u64 {
            return Err(RequestError::TooLarge { limit });
        }
    }
    let mut bytes = Vec::new();
    request
        .body_mut()
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| RequestError::BadRequest(format!("cannot read the request body: {e}")))?;
    if bytes.len() > limit {
        return Err(RequestError::TooLarge { limit });
    }
    Ok(bytes)
}

/// The media type of `Content-Type`, lower-cased, without parameters.
pub fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
}

fn utf8(bytes: Vec<u8>, what: &str) -> Result<String, RequestError> {
    String::from_utf8(bytes)
        .map_err(|_| RequestError::BadRequest(format!("the {what} is not valid UTF-8")))
}

/// Reads a query or update from a request to the SPARQL endpoint.
pub fn parse_request(
    request: &mut Request<Body>,
    max_body: usize,
) -> Result<ProtocolRequest, RequestError> {
    let mut params = url_params(request);
    let method = request.method().clone();
    let mut direct = None;
    if method == Method::POST {
        let kind = content_type(request.headers()).unwrap_or_default();
        let body = read_body(request, max_body)?;
        match kind.as_str() {
            "application/x-www-form-urlencoded" => params.extend(
                form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())),
            ),
            "application/sparql-query" => {
                direct = Some(Operation::Query(utf8(body, "query")?));
            }
            "application/sparql-update" => {
                direct = Some(Operation::Update(utf8(body, "update")?));
            }
            other => return Err(RequestError::UnsupportedMediaType(other.to_owned())),
        }
    } else if method != Method::GET && method != Method::HEAD {
        return Err(RequestError::BadRequest(format!(
            "method {method} is not part of the SPARQL protocol; use GET or POST"
        )));
    }
    let one = |name: &str| -> Result<Option<String>, RequestError> {
        let mut values = params.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        match (values.next(), values.next()) {
            (Some(_), Some(_)) => Err(RequestError::BadRequest(format!(
                "parameter {name} is given more than once"
            ))),
            (v, _) => Ok(v.cloned()),
        }
    };
    for unsupported in [
        "default-graph-uri",
        "named-graph-uri",
        "using-graph-uri",
        "using-named-graph-uri",
    ] {
        if params.iter().any(|(k, _)| k == unsupported) {
            return Err(RequestError::BadRequest(format!(
                "parameter {unsupported} is not supported; name graphs in the query (FROM, FROM NAMED, GRAPH)"
            )));
        }
    }
    let formats = params
        .iter()
        .filter(|(k, _)| k == "format")
        .map(|(_, v)| v.clone())
        .collect();
    let operation = match (direct, one("query")?, one("update")?) {
        (Some(op), None, None) => op,
        (None, Some(q), None) => Operation::Query(q),
        (None, None, Some(u)) if method == Method::POST => Operation::Update(u),
        (None, None, Some(_)) => {
            return Err(RequestError::BadRequest(
                "an update must be sent by POST, not GET".into(),
            ));
        }
        (None, None, None) => {
            return Err(RequestError::BadRequest(
                "no query: pass query=... (GET or a form POST) or POST application/sparql-query"
                    .into(),
            ));
        }
        _ => {
            return Err(RequestError::BadRequest(
                "give one query or one update per request".into(),
            ));
        }
    };
    Ok(ProtocolRequest { operation, formats })
}

/// A serialisation the server can answer in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// SPARQL results (SELECT, ASK).
    Results(QueryResultsFormat),
    /// RDF (CONSTRUCT, DESCRIBE, graphs).
    Rdf(RdfFormat),
}

impl Answer {
    /// The media type for `Content-Type` (with a charset for text formats).
    pub fn content_type(self) -> &'static str {
        match self {
            Answer::Results(QueryResultsFormat::Json) => {
                "application/sparql-results+json; charset=utf-8"
            }
            Answer::Results(QueryResultsFormat::Xml) => {
                "application/sparql-results+xml; charset=utf-8"
            }
            Answer::Results(QueryResultsFormat::Csv) => "text/csv; charset=utf-8",
            Answer::Results(QueryResultsFormat::Tsv) => "text/tab-separated-values; charset=utf-8",
            Answer::Results(f) => f.media_type(),
            Answer::Rdf(RdfFormat::Turtle) => "text/turtle; charset=utf-8",
            Answer::Rdf(f) => f.media_type(),
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Answer::Results(f) => f.media_type(),
            Answer::Rdf(f) => f.media_type(),
        }
    }

    /// Short names accepted by the `format` parameter.
    fn names(self) -> &'static [&'static str] {
        match self {
            Answer::Results(QueryResultsFormat::Json) => &["json", "srj"],
            Answer::Results(QueryResultsFormat::Xml) => &["xml", "srx"],
            Answer::Results(QueryResultsFormat::Csv) => &["csv"],
            Answer::Results(QueryResultsFormat::Tsv) => &["tsv"],
            Answer::Rdf(RdfFormat::Turtle) => &["turtle", "ttl"],
            Answer::Rdf(RdfFormat::NTriples) => &["ntriples", "nt"],
            Answer::Rdf(RdfFormat::NQuads) => &["nquads", "nq"],
            Answer::Rdf(RdfFormat::TriG) => &["trig"],
            Answer::Rdf(RdfFormat::RdfXml) => &["rdfxml", "rdf", "xml"],
            Answer::Rdf(RdfFormat::JsonLd { .. }) => &["jsonld", "json"],
            Answer::Rdf(RdfFormat::N3) => &["n3"],
            _ => &[],
        }
    }
}

/// What kind of answer is being negotiated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerKind {
    /// SELECT or ASK results.
    Results,
    /// Triples: CONSTRUCT, DESCRIBE, or one graph of the Graph Store protocol.
    Graph,
}

const JSON_LD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

impl AnswerKind {
    /// The formats offered, the default first.
    pub fn offered(self) -> &'static [Answer] {
        match self {
            AnswerKind::Results => &[
                Answer::Results(QueryResultsFormat::Json),
                Answer::Results(QueryResultsFormat::Xml),
                Answer::Results(QueryResultsFormat::Csv),
                Answer::Results(QueryResultsFormat::Tsv),
            ],
            AnswerKind::Graph => &[
                Answer::Rdf(RdfFormat::Turtle),
                Answer::Rdf(RdfFormat::NTriples),
                Answer::Rdf(RdfFormat::RdfXml),
                Answer::Rdf(JSON_LD),
                Answer::Rdf(RdfFormat::N3),
                Answer::Rdf(RdfFormat::NQuads),
                Answer::Rdf(RdfFormat::TriG),
            ],
        }
    }

    fn offered_text(self) -> String {
        self.offered()
            .iter()
            .map(|a| a.media_type())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn by_media_type(self, media: &str) -> Option<Answer> {
        let canonical = match self {
            AnswerKind::Results => QueryResultsFormat::from_media_type(media).map(Answer::Results),
            AnswerKind::Graph => RdfFormat::from_media_type(media).map(Answer::Rdf),
        }?;
        self.offered()
            .iter()
            .copied()
            .find(|a| a.media_type() == canonical.media_type())
    }
}

/// Picks the answer format: the first `format` that fits (a short name or media type) wins
/// over `Accept`; no `Accept`, or `*/*`, gives the default (JSON results, Turtle).
pub fn negotiate(
    kind: AnswerKind,
    accept: Option<&str>,
    formats: &[String],
) -> Result<Answer, RequestError> {
    if !formats.is_empty() {
        return formats
            .iter()
            .find_map(|name| {
                let name = name.trim();
                let lower = name.to_ascii_lowercase();
                kind.offered()
                    .iter()
                    .copied()
                    .find(|a| a.names().contains(&lower.as_str()))
                    .or_else(|| kind.by_media_type(name))
            })
            .ok_or_else(|| RequestError::NotAcceptable {
                asked: format!("format={}", formats.join(",")),
                offered: kind.offered_text(),
            });
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Ok(kind.offered()[0]);
    };
    let mut ranges: Vec<(&str, f32)> = accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let media = pieces.next()?.trim();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!media.is_empty() && q > 0.0).then_some((media, q))
        })
        .collect();
    // stable: equal weights keep the client's order
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (media, _) in ranges {
        let found = if media == "*/*" {
            Some(kind.offered()[0])
        } else if let Some(major) = media.strip_suffix("/*") {
            let prefix = format!("{}/", major.to_ascii_lowercase());
            kind.offered()
                .iter()
                .copied()
                .find(|a| a.media_type().starts_with(&prefix))
        } else {
            kind.by_media_type(media)
        };
        if let Some(answer) = found {
            return Ok(answer);
        }
    }
    Err(RequestError::NotAcceptable {
        asked: accept.to_owned(),
        offered: kind.offered_text(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, uri: &str, content_type: Option<&str>, body: &str) -> Request<Body> {
        let mut b = Request::builder().method(method).uri(uri);
        if let Some(ct) = content_type {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        b.body(Body::from(body.to_owned()))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn get_form_post_and_direct_post_give_the_same_query() -> Result<(), RequestError> {
        let q = Operation::Query("SELECT * WHERE { ?s ?p ?o }".into());
        let mut get = request(
            Method::GET,
            "http://h/sparql?query=SELECT+*+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D",
            None,
            "",
        );
        assert_eq!(parse_request(&mut get, 100)?.operation, q);
        let mut form = request(
            Method::POST,
            "http://h/sparql",
            Some("application/x-www-form-urlencoded; charset=UTF-8"),
            "query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D&format=csv",
        );
        let parsed = parse_request(&mut form, 100)?;
        assert_eq!(parsed.operation, q);
        assert_eq!(parsed.formats, ["csv"]);
        let mut direct = request(
            Method::POST,
            "http://h/sparql",
            Some("application/sparql-query"),
            "SELECT * WHERE { ?s ?p ?o }",
        );
        assert_eq!(parse_request(&mut direct, 100)?.operation, q);
        Ok(())
    }

    #[test]
    fn updates_need_post() -> Result<(), RequestError> {
        let mut get = request(Method::GET, "http://h/sparql?update=CLEAR+ALL", None, "");
        assert!(matches!(
            parse_request(&mut get, 100),
            Err(RequestError::BadRequest(_))
        ));
        let mut post = request(
            Method::POST,
            "http://h/sparql",
            Some("application/sparql-update"),
            "CLEAR ALL",
        );
        assert_eq!(
            parse_request(&mut post, 100)?.operation,
            Operation::Update("CLEAR ALL".into())
        );
        Ok(())
    }

    #[test]
    fn malformed_requests_are_refused_with_their_status() {
        let cases = [
            (request(Method::GET, "http://h/sparql", None, ""), 400),
            (
                request(Method::GET, "http://h/sparql?query=a&query=b", None, ""),
                400,
            ),
            (
                request(Method::POST, "http://h/sparql", Some("text/plain"), "x"),
                415,
            ),
            (
                request(
                    Method::POST,
                    "http://h/sparql",
                    Some("application/sparql-query"),
                    &"x".repeat(101),
                ),
                413,
            ),
            (
                request(
                    Method::GET,
                    "http://h/sparql?query=a&default-graph-uri=g",
                    None,
                    "",
                ),
                400,
            ),
        ];
        for (mut r, status) in cases {
            match parse_request(&mut r, 100) {
                Err(e) => assert_eq!(e.status().as_u16(), status, "{e}"),
                Ok(p) => panic!("{p:?} accepted, expected {status}"),
            }
        }
    }

    #[test]
    fn negotiation_follows_accept_weights_and_format() -> Result<(), RequestError> {
        use AnswerKind::{Graph, Results};
        let json = Answer::Results(QueryResultsFormat::Json);
        assert_eq!(negotiate(Results, None, &[])?, json);
        assert_eq!(negotiate(Results, Some("*/*"), &[])?, json);
        assert_eq!(negotiate(Results, Some("text/html, */*;q=0.8"), &[])?, json);
        assert_eq!(
            negotiate(
                Results,
                Some("application/sparql-results+json;q=0.5, text/csv"),
                &[]
            )?,
            Answer::Results(QueryResultsFormat::Csv)
        );
        assert_eq!(
            negotiate(Results, Some("application/sparql-results+xml"), &[])?,
            Answer::Results(QueryResultsFormat::Xml)
        );
        assert_eq!(
            negotiate(Results, Some("text/*"), &[])?,
            Answer::Results(QueryResultsFormat::Csv)
        );
        assert_eq!(
            negotiate(Results, Some("text/csv"), &["tsv".into()])?,
            Answer::Results(QueryResultsFormat::Tsv)
        );
        assert_eq!(
            negotiate(Graph, Some("application/n-triples"), &[])?,
            Answer::Rdf(RdfFormat::NTriples)
        );
        assert_eq!(
            negotiate(Graph, None, &["xml".into()])?,
            Answer::Rdf(RdfFormat::RdfXml)
        );
        assert!(matches!(
            negotiate(Results, Some("text/turtle"), &[]),
            Err(RequestError::NotAcceptable { .. })
        ));
        assert!(negotiate(Graph, Some("application/sparql-results+json"), &[]).is_err());
        Ok(())
    }
}
