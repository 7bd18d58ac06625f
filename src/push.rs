//! `govkg push`: send the store's document graphs to another SPARQL store through the SPARQL
//! 1.1 Graph Store HTTP Protocol, the scale-out path (Virtuoso, Fuseki, Oxigraph's server and
//! GraphDB speak it).
//!
//! One request per document: `PUT ?graph=IRI` replaces that document's graph (re-pushing is
//! idempotent), or without per-document graphs `POST` adds its triples to one graph (`?graph=`
//! a given IRI, else `?default`, which some stores such as Virtuoso refuse). Bodies are sorted N-Triples. Connection failures, 408, 429 and 5xx
//! are retried with exponential backoff; other answers are final. The HTTP/1.1 client is a
//! few lines over `TcpStream` (plain `http://`: an HTTPS client would pull a TLS stack into
//! every build).

use crate::store::{GraphStore, StoreError};
use oxigraph::io::RdfFormat;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;
use thiserror::Error;

/// What can stop a push or fail one graph.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PushError {
    /// The endpoint is not an `http://` URL.
    #[error("endpoint {url:?}: {reason}")]
    Endpoint {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Reading the local store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The endpoint answered with an error status that retrying will not change.
    #[error("{graph}: the endpoint answered {status}: {body}")]
    Refused {
        /// The graph being sent.
        graph: String,
        /// The HTTP status.
        status: u16,
        /// The start of the answer's body.
        body: String,
    },
    /// Every attempt failed to connect or timed out, or got a 5xx.
    #[error("{graph}: gave up after {attempts} attempts: {last}")]
    GaveUp {
        /// The graph being sent.
        graph: String,
        /// How many requests were tried.
        attempts: u32,
        /// The last failure.
        last: String,
    },
}

/// Where and how to push.
#[derive(Clone, Debug)]
pub struct PushOptions {
    /// The Graph Store endpoint, e.g. `http://localhost:8890/sparql-graph-crud`.
    pub endpoint: String,
    /// One named graph per document (`PUT ?graph=`), else all into [`PushOptions::graph`].
    pub graph_per_document: bool,
    /// Without per-document graphs: the one graph everything is added to (`None`: default).
    pub graph: Option<String>,
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first backoff; each retry doubles it.
    pub backoff: Duration,
    /// An `Authorization` header value to send (e.g. `Bearer ...`, `Basic ...`).
    pub authorization: Option<String>,
    /// Connect, read and write timeout of one request.
    pub timeout: Duration,
}

impl PushOptions {
    /// Per-document graphs off, 4 retries from 500 ms, 5 minutes per request.
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into(),
            graph_per_document: false,
            graph: None,
            retries: 4,
            backoff: Duration::from_millis(500),
            authorization: None,
            timeout: Duration::from_secs(300),
        }
    }
}

/// One graph that went in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pushed {
    /// The local document graph.
    pub source: String,
    /// Where it went: the graph IRI, or `default`.
    pub target: String,
    /// Triples sent.
    pub triples: usize,
    /// The endpoint's status.
    pub status: u16,
    /// Requests it took (1 without retries).
    pub attempts: u32,
}

/// What a push did: graphs that went in and graphs that failed, in graph order.
#[derive(Debug, Default)]
pub struct PushReport {
    /// Accepted graphs.
    pub pushed: Vec<Pushed>,
    /// Failed graphs, with why.
    pub failed: Vec<PushError>,
}

impl PushReport {
    /// Triples accepted in all.
    pub fn triples(&self) -> usize {
        self.pushed.iter().map(|p| p.triples).sum()
    }
}

/// A parsed `http://host:port/path?query` endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Endpoint {
    authority: String,
    host: String,
    port: u16,
    target: String,
}

impl Endpoint {
    fn parse(url: &str) -> Result<Self, PushError> {
        let bad = |reason: &str| PushError::Endpoint {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let rest = url.strip_prefix("http://").ok_or_else(|| {
            bad("only http:// endpoints are supported (for https, bulk load the N-Quads or use a local TLS proxy)")
        })?;
        let (authority, target) = match rest.find(['/', '?']) {
            Some(i) if rest[i..].starts_with('/') => (&rest[..i], rest[i..].to_owned()),
            Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
            None => (rest, "/".to_owned()),
        };
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (h, p) = v6
                .split_once(']')
                .ok_or_else(|| bad("unclosed [ in the host"))?;
            (h.to_owned(), p.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h.to_owned(), Some(p)),
                None => (authority.to_owned(), None),
            }
        };
        let port = match port {
            Some(p) => p.parse().map_err(|_| bad("the port is not a number"))?,
            None => 80,
        };
        if host.is_empty() || target.contains(char::is_whitespace) {
            return Err(bad("no host, or a space in the URL"));
        }
        Ok(Self {
            authority: authority.to_owned(),
            host,
            port,
            target,
        })
    }

    fn with_param(&self, param: &str) -> String {
        let sep = if self.target.contains('?') { '&' } else { '?' };
        format!("{}{sep}{param}", self.target)
    }
}

/// A status line and the start of the body.
struct Answer {
    status: u16,
    body: String,
}

fn send(
    endpoint: &Endpoint,
    method: &str,
    target: &str,
    body: &[u8],
    options: &PushOptions,
) -> std::io::Result<Answer> {
    let addrs: Vec<_> = (endpoint.host.as_str(), endpoint.port)
        .to_socket_addrs()?
        .collect();
    let mut last = std::io::Error::other("the host has no address");
    let mut stream = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, options.timeout) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = e,
        }
    }
    let mut stream = stream.ok_or(last)?;
    stream.set_read_timeout(Some(options.timeout))?;
    stream.set_write_timeout(Some(options.timeout))?;
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {}\r\nUser-Agent: govkg/{}\r\nContent-Type: application/n-triples\r\nContent-Length: {}\r\nConnection: close\r\n",
        endpoint.authority,
        env!("CARGO_PKG_VERSION"),
        body.len()
    );
    if let Some(auth) = &options.authorization {
        head.push_str(&format!("Authorization: {auth}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()?;
    let mut raw = Vec::new();
    stream.take(64 * 1024).read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .filter(|_| text.starts_with("HTTP/"))
        .ok_or_else(|| std::io::Error::other("the answer is not HTTP"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .trim()
        .chars()
        .take(300)
        .collect();
    Ok(Answer { status, body })
}

fn retryable(status: u16) -> bool {
    status == 408 || status == 429 || status >= 500
}

/// Sends one body, retrying; returns the accepting status and the attempts it took.
fn send_with_retries(
    endpoint: &Endpoint,
    method: &str,
    target: &str,
    body: &[u8],
    graph: &str,
    options: &PushOptions,
) -> Result<(u16, u32), PushError> {
    let mut wait = options.backoff;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let last = match send(endpoint, method, target, body, options) {
            Ok(a) if (200..300).contains(&a.status) => return Ok((a.status, attempts)),
            Ok(a) if !retryable(a.status) => {
                return Err(PushError::Refused {
                    graph: graph.to_owned(),
                    status: a.status,
                    body: a.body,
                });
            }
            Ok(a) => format!("status {}: {}", a.status, a.body),
            Err(e) => e.to_string(),
        };
        if attempts > options.retries {
            return Err(PushError::GaveUp {
                graph: graph.to_owned(),
                attempts,
                last,
            });
        }
        std::thread::sleep(wait);
        wait = wait.saturating_mul(2).min(Duration::from_secs(30));
    }
}

/// Pushes every document graph of `store`, sorted by IRI, calling `on_graph` after each.
/// Graph-level failures are collected in the report; the error return is for a bad endpoint
/// or an unreadable store.
pub fn push(
    store: &GraphStore,
    options: &PushOptions,
    mut on_graph: impl FnMut(Result<&Pushed, &PushError>),
) -> Result<PushReport, PushError> {
    let endpoint = Endpoint::parse(&options.endpoint)?;
    let mut report = PushReport::default();
    for graph in store.graph_names()? {
        let body = store.write_graph(Some(&graph), RdfFormat::NTriples, Vec::new())?;
        let triples = body.iter().filter(|b| **b == b'\n').count();
        let (method, target, name) = if options.graph_per_document {
            let iri: String = form_urlencoded::byte_serialize(graph.as_str().as_bytes()).collect();
            (
                "PUT",
                endpoint.with_param(&format!("graph={iri}")),
                graph.as_str().to_owned(),
            )
        } else if let Some(target) = &options.graph {
            let iri: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
            (
                "POST",
                endpoint.with_param(&format!("graph={iri}")),
                target.clone(),
            )
        } else {
            ("POST", endpoint.with_param("default"), "default".to_owned())
        };
        match send_with_retries(&endpoint, method, &target, &body, graph.as_str(), options) {
            Ok((status, attempts)) => {
                let p = Pushed {
                    source: graph.as_str().to_owned(),
                    target: name,
                    triples,
                    status,
                    attempts,
                };
                on_graph(Ok(&p));
                report.pushed.push(p);
            }
            Err(e) => {
                on_graph(Err(&e));
                report.failed.push(e);
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn endpoints_parse_with_ports_paths_and_queries() -> Result<(), PushError> {
        let e = Endpoint::parse("http://localhost:8890/sparql-graph-crud")?;
        assert_eq!((e.host.as_str(), e.port), ("localhost", 8890));
        assert_eq!(e.with_param("default"), "/sparql-graph-crud?default");
        let e = Endpoint::parse("http://[::1]:3030/ds/data?x=1")?;
        assert_eq!((e.host.as_str(), e.port), ("::1", 3030));
        assert_eq!(e.with_param("graph=g"), "/ds/data?x=1&graph=g");
        assert_eq!(Endpoint::parse("http://example.org")?.target, "/");
        assert!(Endpoint::parse("https://example.org/").is_err());
        assert!(Endpoint::parse("http://h:port/").is_err());
        Ok(())
    }

    /// A one-shot server answering each connection with the next status, recording requests.
    fn scripted(statuses: Vec<u16>) -> (u16, std::thread::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let port = listener.local_addr().map_or(0, |a| a.port());
        let handle = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for status in statuses {
                let Ok((mut s, _)) = listener.accept() else {
                    break;
                };
                let mut buf = vec![0; 65536];
                let mut got = Vec::new();
                // read the head and the whole body (Content-Length) before answering
                loop {
                    let n = s.read(&mut buf).unwrap_or(0);
                    got.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&got).into_owned();
                    if let Some((head, body)) = text.split_once("\r\n\r\n") {
                        let len = head
                            .lines()
                            .find_map(|l| l.strip_prefix("Content-Length: "))
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(0);
                        if body.len() >= len || n == 0 {
                            seen.push(text);
                            break;
                        }
                    } else if n == 0 {
                        break;
                    }
                }
                let _ = write!(s, "HTTP/1.1 {status} X\r\nContent-Length: 2\r\n\r\nok");
            }
            seen
        });
        (port, handle)
    }

    fn sample_store() -> Result<GraphStore, StoreError> {
        let store = GraphStore::in_memory()?;
        store.replace_extraction(&crate::rdf::tests::sample())?;
        Ok(store)
    }

    #[test]
    fn a_5xx_is_retried_and_the_graph_put_by_name() -> Result<(), Box<dyn std::error::Error>> {
        let store = sample_store()?;
        let (port, server) = scripted(vec![503, 201]);
        let mut options = PushOptions::new(format!("http://127.0.0.1:{port}/gsp"));
        options.graph_per_document = true;
        options.backoff = Duration::from_millis(1);
        let report = push(&store, &options, |_| {})?;
        let requests = server.join().map_err(|_| "server thread failed")?;
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        assert_eq!(report.pushed.len(), 1);
        assert_eq!(report.pushed[0].attempts, 2);
        assert_eq!(report.pushed[0].status, 201);
        let graph = &report.pushed[0].source;
        assert_eq!(
            report.triples(),
            store.graph_len(&oxigraph::model::NamedNode::new(graph.as_str())?)?
        );
        let encoded: String = form_urlencoded::byte_serialize(graph.as_bytes()).collect();
        assert!(
            requests[1].starts_with(&format!("PUT /gsp?graph={encoded} HTTP/1.1")),
            "{}",
            requests[1]
        );
        assert_eq!(requests[1].matches(" .\n").count(), report.triples());
        Ok(())
    }

    #[test]
    fn a_4xx_is_final_and_reported() -> Result<(), Box<dyn std::error::Error>> {
        let store = sample_store()?;
        let (port, server) = scripted(vec![403]);
        let mut options = PushOptions::new(format!("http://127.0.0.1:{port}/gsp"));
        options.backoff = Duration::from_millis(1);
        let report = push(&store, &options, |_| {})?;
        let requests = server.join().map_err(|_| "server thread failed")?;
        assert_eq!(requests.len(), 1);
        assert!(requests[0].starts_with("POST /gsp?default HTTP/1.1"));
        assert!(report.pushed.is_empty());
        assert!(matches!(
            report.failed[..],
            [PushError::Refused { status: 403, .. }]
        ));
        Ok(())
    }

    #[test]
    fn an_unreachable_endpoint_gives_up_after_the_retries() -> Result<(), Box<dyn std::error::Error>>
    {
        let store = sample_store()?;
        // a port that was free a moment ago: connections are refused
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut options = PushOptions::new(format!("http://127.0.0.1:{port}/"));
        options.retries = 2;
        options.backoff = Duration::from_millis(1);
        let report = push(&store, &options, |_| {})?;
        assert!(matches!(
            report.failed[..],
            [PushError::GaveUp { attempts: 3, .. }]
        ));
        Ok(())
    }
}
