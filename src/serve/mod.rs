//! `govkg serve`: a SPARQL 1.1 Protocol endpoint over the store, safe by default.
//!
//! Built on `oxhttp` (a thread per connection, bounded). Routes: `/` (a query form with the
//! canned queries), `/sparql` and `/query` (queries; `/sparql` also takes updates), `/update`,
//! `/store` (Graph Store HTTP Protocol, reading only), `/reconcile` (OpenRefine Reconciliation
//! Service API v0.2, see [`crate::link::reconcile`]). More routes are one more arm in
//! [`Handler::route`].
//!
//! Safety: read-only unless an update token is configured, and then an update must present it
//! as `Authorization: Bearer TOKEN`; `SERVICE` is refused (no HTTP client is compiled into the
//! SPARQL engine, so no query can make this process contact another host); every query has a
//! time limit (a cancellation token fired by a timer) and a result-size limit; request bodies
//! are capped; at most N queries run at once and the others get 503 at once rather than
//! queueing. Answers are built in memory before they are sent, so a query that fails late
//! still gets an error status rather than a truncated 200.

mod page;
pub mod protocol;
mod snapshot;

use crate::link::LinkError;
use crate::link::reconcile::{self, Reconciler};
use crate::store::{GraphStore, StoreError};
use oxhttp::model::header::{self, HeaderName, HeaderValue};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::io::RdfSerializer;
use oxigraph::model::NamedNode;
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, UpdateEvaluationError,
};
use protocol::{Answer, AnswerKind, Operation, RequestError};
use snapshot::{Snapshots, StoreSource};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use thiserror::Error;

/// How the server runs; [`ServeConfig::new`] gives the safe defaults.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// The store directory.
    pub store: PathBuf,
    /// The address to listen on.
    pub bind: SocketAddr,
    /// `Some(token)` accepts updates that present it (and opens the store read-write, so no
    /// other process can write it meanwhile); `None` is read-only.
    pub update_token: Option<String>,
    /// A query still running after this is stopped.
    pub query_timeout: Duration,
    /// Most solutions (or triples) one answer may hold.
    pub max_results: usize,
    /// Largest request body accepted, in bytes.
    pub max_request_bytes: usize,
    /// Queries that may run at once; more get 503.
    pub max_concurrent_queries: usize,
    /// How often a read-only server looks for writes by other processes.
    pub refresh: Duration,
}

impl ServeConfig {
    /// Read-only, 30 s per query, 100 000 results, 1 MiB requests, 4 queries at once,
    /// looking for new writes every second.
    pub fn new(store: PathBuf, bind: SocketAddr) -> Self {
        Self {
            store,
            bind,
            update_token: None,
            query_timeout: Duration::from_secs(30),
            max_results: 100_000,
            max_request_bytes: 1 << 20,
            max_concurrent_queries: 4,
            refresh: Duration::from_secs(1),
        }
    }
}

/// Why the server could not start.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ServeError {
    /// There is no store to serve.
    #[error("no store at {0}; run `govkg ingest --store {0} FILE...` first")]
    NoStore(String),
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}; is another server using it? pick one with --bind")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// A limit is zero or the token empty.
    #[error("invalid setting: {0}")]
    Config(String),
}

/// A server that is listening; [`RunningServer::shutdown`] stops it.
pub struct RunningServer {
    handler: Arc<Handler>,
    _listening: oxhttp::ListeningServer,
}

impl RunningServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.handler.config.bind
    }

    /// Stops answering (new requests get 503), waits up to `grace` for requests in flight,
    /// and makes writes durable. Returns how many requests were still running at the end.
    pub fn shutdown(self, grace: Duration) -> Result<usize, StoreError> {
        self.handler.stopping.store(true, Ordering::SeqCst);
        let start = Instant::now();
        while self.handler.in_flight.load(Ordering::SeqCst) > 0 && start.elapsed() < grace {
            std::thread::sleep(Duration::from_millis(20));
        }
        if let StoreSource::Writable(store) = &self.handler.source {
            store.flush()?;
        }
        Ok(self.handler.in_flight.load(Ordering::SeqCst))
    }
}

/// Opens the store and starts listening (threads in the background).
pub fn start(config: ServeConfig) -> Result<RunningServer, ServeError> {
    for (name, zero) in [
        ("--max-results", config.max_results == 0),
        ("--max-request-bytes", config.max_request_bytes == 0),
        (
            "--max-concurrent-queries",
            config.max_concurrent_queries == 0,
        ),
        ("--query-timeout", config.query_timeout.is_zero()),
    ] {
        if zero {
            return Err(ServeError::Config(format!("{name} must be more than 0")));
        }
    }
    if config
        .update_token
        .as_ref()
        .is_some_and(|t| t.trim().is_empty())
    {
        return Err(ServeError::Config("the update token is empty".into()));
    }
    let source = if config.update_token.is_some() {
        StoreSource::Writable(Arc::new(GraphStore::open(&config.store)?))
    } else {
        if !config.store.is_dir() {
            return Err(ServeError::NoStore(config.store.display().to_string()));
        }
        StoreSource::Snapshots(Snapshots::open(&config.store, config.refresh)?)
    };
    // bind first with std so that a busy port is a clear error, then hand the port to oxhttp
    drop(
        std::net::TcpListener::bind(config.bind).map_err(|source| ServeError::Bind {
            addr: config.bind,
            source,
        })?,
    );
    let handler = Arc::new(Handler {
        page: page::landing(config.update_token.is_some()),
        config: config.clone(),
        source,
        running_queries: AtomicUsize::new(0),
        in_flight: AtomicUsize::new(0),
        stopping: AtomicBool::new(false),
        reconciler: Mutex::new(None),
    });
    let h = Arc::clone(&handler);
    let listening = oxhttp::Server::new(move |request| h.handle(request))
        .bind(config.bind)
        .with_global_timeout(Duration::from_secs(60))
        .with_max_concurrent_connections(config.max_concurrent_queries.saturating_mul(16).max(64))
        .spawn()
        .map_err(|source| ServeError::Bind {
            addr: config.bind,
            source,
        })?;
    Ok(RunningServer {
        handler,
        _listening: listening,
    })
}

/// The request handler and the server's shared state.
struct Handler {
    config: ServeConfig,
    source: StoreSource,
    page: String,
    running_queries: AtomicUsize,
    in_flight: AtomicUsize,
    stopping: AtomicBool,
    /// The reconciler of the store handle it was built from: reading the entities once per
    /// snapshot, not once per batch (OpenRefine sends batches of ten). Cleared by updates.
    reconciler: Mutex<Option<(Arc<GraphStore>, Arc<Reconciler>)>>,
}

/// Decrements a counter when dropped.
struct CountGuard<'a>(&'a AtomicUsize);

impl Drop for CountGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// An error answer: status and a readable message.
struct Failure(StatusCode, String);

impl From<RequestError> for Failure {
    fn from(e: RequestError) -> Self {
        Failure(e.status(), e.to_string())
    }
}

type Answered = Result<Response<Body>, Failure>;

impl Handler {
    fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let start = Instant::now();
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let _guard = CountGuard(&self.in_flight);
        let head = request.method() == Method::HEAD;
        let mut response = if self.stopping.load(Ordering::SeqCst) {
            let mut r = text(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is shutting down".into(),
            );
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            r
        } else {
            self.route(request)
                .unwrap_or_else(|Failure(status, message)| text(status, message))
        };
        cors(&mut response);
        let bytes = response.body().len().unwrap_or(0);
        if head {
            *response.body_mut() = Body::empty();
        }
        eprintln!(
            "{} {} {} {} {}B {}ms",
            timestamp(SystemTime::now()),
            request.method(),
            request.uri().path(),
            response.status().as_u16(),
            bytes,
            start.elapsed().as_millis()
        );
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Answered {
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        match (method, path.as_str()) {
            (Method::OPTIONS, _) => Ok(preflight()),
            (Method::GET | Method::HEAD, "/") => Ok(with_type(
                StatusCode::OK,
                "text/html; charset=utf-8",
                self.page.clone().into_bytes(),
            )),
            (Method::GET | Method::HEAD | Method::POST, "/sparql" | "/query" | "/update") => {
                let parsed = protocol::parse_request(request, self.config.max_request_bytes)?;
                match parsed.operation {
                    Operation::Query(_) if path == "/update" => Err(Failure(
                        StatusCode::BAD_REQUEST,
                        "/update takes updates; send queries to /sparql".into(),
                    )),
                    Operation::Update(_) if path == "/query" => Err(Failure(
                        StatusCode::BAD_REQUEST,
                        "/query takes queries; send updates to /sparql or /update".into(),
                    )),
                    Operation::Query(q) => self.query(&q, accept(request), &parsed.formats),
                    Operation::Update(u) => self.update(request, &u),
                }
            }
            (Method::GET | Method::HEAD, "/store") => self.graph_store_get(request),
            (Method::GET | Method::HEAD | Method::POST, "/reconcile") => self.reconcile(request),
            (Method::PUT | Method::POST | Method::DELETE | Method::PATCH, "/store") => {
                Err(Failure(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "the Graph Store endpoint is read-only: GET or HEAD ?graph=IRI".into(),
                ))
            }
            (_, "/" | "/sparql" | "/query" | "/update" | "/store" | "/reconcile") => Err(Failure(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{} is not accepted on {path}", request.method()),
            )),
            _ => Err(Failure(
                StatusCode::NOT_FOUND,
                format!("nothing at {path}; the SPARQL endpoint is /sparql, the query form is /"),
            )),
        }
    }

    fn slot(&self) -> Result<CountGuard<'_>, Failure> {
        let max = self.config.max_concurrent_queries;
        self.running_queries
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < max).then_some(n + 1))
            .map_err(|_| {
                Failure(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("{max} queries are already running (--max-concurrent-queries); retry shortly"),
                )
            })?;
        Ok(CountGuard(&self.running_queries))
    }

    fn query(&self, text: &str, accept: Option<String>, formats: &[String]) -> Answered {
        let _slot = self.slot()?;
        // a timer thread cancels the query at its limit unless the query ends first (the
        // sender is dropped, which wakes the timer)
        let token = CancellationToken::new();
        let (done, timer) = mpsc::channel::<()>();
        let fire = token.clone();
        let limit = self.config.query_timeout;
        std::thread::Builder::new()
            .name("govkg query timer".into())
            .spawn(move || {
                if let Err(mpsc::RecvTimeoutError::Timeout) = timer.recv_timeout(limit) {
                    fire.cancel();
                }
            })
            .map_err(|e| {
                // without its timer a query could run forever: refuse it instead
                Failure(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("cannot start the query's timer ({e}); retry shortly"),
                )
            })?;
        let mut answer = self.evaluate(text, &token, accept.as_deref(), formats);
        if matches!(
            &answer,
            Err(QueryFailure::Store(StoreError::Storage { .. }))
        ) && self.source.renew()
        {
            answer = self.evaluate(text, &token, accept.as_deref(), formats);
        }
        drop(done);
        let (kind, body) = answer.map_err(|e| self.failure(e))?;
        Ok(with_type(StatusCode::OK, kind.content_type(), body))
    }

    fn evaluate(
        &self,
        text: &str,
        token: &CancellationToken,
        accept: Option<&str>,
        formats: &[String],
    ) -> Result<(Answer, Vec<u8>), QueryFailure> {
        let store = self.source.current();
        let results = store
            .query_cancellable(text, Some(token.clone()))
            .map_err(QueryFailure::Store)?;
        let max = self.config.max_results;
        let kind = match results {
            QueryResults::Graph(_) => AnswerKind::Graph,
            _ => AnswerKind::Results,
        };
        let answer = protocol::negotiate(kind, accept, formats).map_err(QueryFailure::Request)?;
        let mut body = Vec::new();
        match (results, answer) {
            (QueryResults::Solutions(solutions), Answer::Results(f)) => {
                let mut out = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(&mut body, solutions.variables().to_vec())
                    .map_err(QueryFailure::Io)?;
                for (n, s) in solutions.enumerate() {
                    if n >= max {
                        return Err(QueryFailure::TooMany(max));
                    }
                    out.serialize(&s.map_err(QueryFailure::Eval)?)
                        .map_err(QueryFailure::Io)?;
                }
                out.finish().map_err(QueryFailure::Io)?;
            }
            (QueryResults::Boolean(b), Answer::Results(f)) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut body, b)
                    .map_err(QueryFailure::Io)?;
            }
            (QueryResults::Graph(triples), Answer::Rdf(f)) => {
                let mut ser = RdfSerializer::from_format(f);
                for (prefix, ns) in crate::rdf::serializer_prefixes() {
                    ser = ser
                        .with_prefix(prefix, ns)
                        .map_err(|e| QueryFailure::Io(std::io::Error::other(e)))?;
                }
                let mut out = ser.for_writer(&mut body);
                for (n, t) in triples.enumerate() {
                    if n >= max {
                        return Err(QueryFailure::TooMany(max));
                    }
                    out.serialize_triple(&t.map_err(QueryFailure::Eval)?)
                        .map_err(QueryFailure::Io)?;
                }
                out.finish().map_err(QueryFailure::Io)?;
            }
            _ => {
                return Err(QueryFailure::Io(std::io::Error::other(
                    "negotiated a format of the wrong kind",
                )));
            }
        }
        Ok((answer, body))
    }

    fn failure(&self, e: QueryFailure) -> Failure {
        let eval = |e: &QueryEvaluationError| match e {
            QueryEvaluationError::Cancelled => Failure(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "query stopped at its time limit of {:.1} s (--query-timeout); narrow it or add a LIMIT",
                    self.config.query_timeout.as_secs_f64()
                ),
            ),
            QueryEvaluationError::Service(_)
            | QueryEvaluationError::UnsupportedService(_)
            | QueryEvaluationError::UnboundService
            | QueryEvaluationError::InvalidServiceName(_) => service_refused(),
            other => Failure(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("query failed: {other}"),
            ),
        };
        match e {
            QueryFailure::Store(StoreError::Syntax(s)) => Failure(
                StatusCode::BAD_REQUEST,
                format!("invalid SPARQL query: {s}"),
            ),
            QueryFailure::Store(StoreError::Evaluation(e)) | QueryFailure::Eval(e) => eval(&e),
            QueryFailure::Store(other) => {
                Failure(StatusCode::INTERNAL_SERVER_ERROR, other.to_string())
            }
            QueryFailure::Request(r) => r.into(),
            QueryFailure::TooMany(max) => Failure(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "the answer holds more than {max} results (--max-results); add a LIMIT or page with OFFSET"
                ),
            ),
            QueryFailure::Io(e) => Failure(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot write the answer: {e}"),
            ),
        }
    }

    fn update(&self, request: &Request<Body>, text: &str) -> Answered {
        let (StoreSource::Writable(store), Some(token)) = (&self.source, &self.config.update_token)
        else {
            return Err(Failure(
                StatusCode::FORBIDDEN,
                "this server is read-only; start it with --allow-update (and GOVKG_UPDATE_TOKEN) to accept updates".into(),
            ));
        };
        let presented = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if !presented.is_some_and(|p| same_secret(p, token)) {
            let mut r = text_failure_response(
                StatusCode::UNAUTHORIZED,
                "updates need the server's token: send Authorization: Bearer TOKEN",
            );
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"govkg\""),
            );
            return Ok(r);
        }
        let _slot = self.slot()?;
        match store.update(text) {
            Ok(()) => {
                // the entities may have changed: the next reconciliation reads them again
                *self
                    .reconciler
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = None;
                let mut r = Response::new(Body::empty());
                *r.status_mut() = StatusCode::NO_CONTENT;
                Ok(r)
            }
            Err(StoreError::Syntax(e)) => Err(Failure(
                StatusCode::BAD_REQUEST,
                format!("invalid SPARQL update: {e}"),
            )),
            Err(StoreError::Update(
                UpdateEvaluationError::Service(_)
                | UpdateEvaluationError::UnsupportedService(_)
                | UpdateEvaluationError::UnboundService
                | UpdateEvaluationError::InvalidServiceName(_),
            )) => Err(service_refused()),
            Err(StoreError::Update(
                e @ (UpdateEvaluationError::GraphAlreadyExists(_)
                | UpdateEvaluationError::GraphDoesNotExist(_)),
            )) => Err(Failure(
                StatusCode::BAD_REQUEST,
                format!("update failed: {e}"),
            )),
            Err(e) => Err(Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())),
        }
    }

    /// Graph Store HTTP Protocol, reading: `?graph=IRI` or `?default`.
    fn graph_store_get(&self, request: &Request<Body>) -> Answered {
        let params = protocol::url_params(request);
        let graph = params.iter().find(|(k, _)| k == "graph").map(|(_, v)| v);
        let default = params.iter().any(|(k, _)| k == "default");
        let formats: Vec<String> = params
            .iter()
            .filter(|(k, _)| k == "format")
            .map(|(_, v)| v.clone())
            .collect();
        let name = match (graph, default) {
            (Some(g), false) => Some(NamedNode::new(g.as_str()).map_err(|e| {
                Failure(
                    StatusCode::BAD_REQUEST,
                    format!("graph {g:?} is not an IRI: {e}"),
                )
            })?),
            (None, true) => None,
            _ => {
                return Err(Failure(
                    StatusCode::BAD_REQUEST,
                    "name one graph: /store?graph=IRI (list them with SELECT DISTINCT ?g WHERE { GRAPH ?g {} }) or /store?default".into(),
                ));
            }
        };
        let answer = protocol::negotiate(AnswerKind::Graph, accept(request).as_deref(), &formats)?;
        let Answer::Rdf(rdf_format) = answer else {
            return Err(Failure(
                StatusCode::NOT_ACCEPTABLE,
                "graphs are served as RDF".into(),
            ));
        };
        let _slot = self.slot()?;
        let store = self.source.current();
        let internal = |e: StoreError| Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
        if let Some(g) = &name {
            if !store.contains_graph(g).map_err(internal)? {
                return Err(Failure(
                    StatusCode::NOT_FOUND,
                    format!("no graph {g} in this store"),
                ));
            }
            let len = store.graph_len(g).map_err(internal)?;
            if len > self.config.max_results {
                return Err(Failure(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "graph {g} holds {len} triples, more than --max-results ({})",
                        self.config.max_results
                    ),
                ));
            }
        }
        let body = store
            .write_graph(name.as_ref(), rdf_format, Vec::new())
            .map_err(internal)?;
        Ok(with_type(StatusCode::OK, answer.content_type(), body))
    }
}

impl Handler {
    /// OpenRefine Reconciliation Service API v0.2: without `queries`, the manifest; with
    /// `queries` (in the URL or a form-encoded POST body), the answers to the batch. A GET may
    /// ask for JSONP with `callback=NAME`.
    fn reconcile(&self, request: &mut Request<Body>) -> Answered {
        let mut params = protocol::url_params(request);
        if request.method() == Method::POST {
            let media = protocol::content_type(request.headers()).unwrap_or_default();
            if media != "application/x-www-form-urlencoded" {
                return Err(Failure(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "unsupported Content-Type {media:?}; POST application/x-www-form-urlencoded with queries={{\"q0\":{{\"query\":\"NAME\"}}}}"
                    ),
                ));
            }
            let body = protocol::read_body(request, self.config.max_request_bytes)?;
            params.extend(
                form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())),
            );
        }
        let callback = single(&params, "callback")?;
        if let Some(c) = &callback {
            if !is_callback_name(c) {
                return Err(Failure(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "callback {c:?} is not a JavaScript function name (letters, digits, _, $ and .)"
                    ),
                ));
            }
        }
        let answer = match single(&params, "queries")? {
            None => reconcile::manifest(&self.base_url(request)),
            Some(queries) => {
                let _slot = self.slot()?;
                let mut answered = self.reconciled(&queries);
                if matches!(&answered, Err(LinkError::Store(StoreError::Storage { .. })))
                    && self.source.renew()
                {
                    answered = self.reconciled(&queries);
                }
                answered.map_err(|e| match e {
                    LinkError::Request(_) => Failure(StatusCode::BAD_REQUEST, e.to_string()),
                    other => Failure(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("reconciliation failed: {other}"),
                    ),
                })?
            }
        };
        let json = answer.to_string();
        Ok(match callback {
            Some(c) => with_type(
                StatusCode::OK,
                "application/javascript; charset=utf-8",
                format!("{c}({json});").into_bytes(),
            ),
            None => with_type(
                StatusCode::OK,
                "application/json; charset=utf-8",
                json.into_bytes(),
            ),
        })
    }

    /// Answers a batch with the reconciler of the current store handle, building it if the
    /// handle changed (a new snapshot) or an update cleared it.
    fn reconciled(&self, queries: &str) -> Result<serde_json::Value, LinkError> {
        let store = self.source.current();
        let cached = self
            .reconciler
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|(s, _)| Arc::ptr_eq(s, &store))
            .map(|(_, r)| Arc::clone(r));
        let reconciler = match cached {
            Some(r) => r,
            None => {
                // built outside the lock so that other batches are not held up meanwhile
                let r = Arc::new(Reconciler::new(&store)?);
                *self
                    .reconciler
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) =
                    Some((Arc::clone(&store), Arc::clone(&r)));
                r
            }
        };
        reconciler.answer_text(queries)
    }

    /// `http://HOST` as the client addressed this server (its `Host` header), else the bound
    /// address.
    fn base_url(&self, request: &Request<Body>) -> String {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map_or_else(|| self.config.bind.to_string(), str::to_owned);
        format!("http://{host}")
    }
}

/// The value of a parameter that may appear at most once.
fn single(params: &[(String, String)], name: &str) -> Result<Option<String>, Failure> {
    let mut values = params.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
    let first = values.next().cloned();
    if values.next().is_some() {
        return Err(Failure(
            StatusCode::BAD_REQUEST,
            format!("give {name}= once"),
        ));
    }
    Ok(first)
}

/// A JSONP callback must be a (dotted) name, so that the answer cannot carry other script.
fn is_callback_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.'))
}

/// How a query can fail between parsing and the last byte of its answer.
enum QueryFailure {
    Store(StoreError),
    Eval(QueryEvaluationError),
    Request(RequestError),
    TooMany(usize),
    Io(std::io::Error),
}

fn service_refused() -> Failure {
    Failure(
        StatusCode::FORBIDDEN,
        "federated queries (SERVICE) are refused: this server makes no requests to other hosts"
            .into(),
    )
}

fn accept(request: &Request<Body>) -> Option<String> {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Compares a presented token with the configured one without stopping at the first
/// difference, so timing does not reveal how much of a guess was right.
fn same_secret(presented: &str, expected: &str) -> bool {
    let (a, b) = (presented.as_bytes(), expected.as_bytes());
    let mut diff = u8::from(a.len() != b.len());
    for (i, x) in b.iter().enumerate() {
        diff |= x ^ a.get(i).copied().unwrap_or(0);
    }
    diff == 0
}

fn with_type(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response<Body> {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn text(status: StatusCode, message: String) -> Response<Body> {
    with_type(
        status,
        "text/plain; charset=utf-8",
        format!("{message}\n").into_bytes(),
    )
}

fn text_failure_response(status: StatusCode, message: &str) -> Response<Body> {
    text(status, message.to_owned())
}

const CORS: [(HeaderName, &str); 2] = [
    (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
    (header::ACCESS_CONTROL_EXPOSE_HEADERS, "Content-Type"),
];

fn cors(response: &mut Response<Body>) {
    for (name, value) in CORS {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
}

/// The answer to a CORS preflight: browsers may send the protocol's headers. (oxhttp 0.3 does
/// not write `Access-Control-Allow-Methods`; none is needed, as GET, HEAD and POST are
/// CORS-safelisted methods, so a preflight only has to allow the headers.)
fn preflight() -> Response<Body> {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::NO_CONTENT;
    for (name, value) in [
        (
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            "Accept, Authorization, Content-Type",
        ),
        (header::ACCESS_CONTROL_MAX_AGE, "86400"),
        (header::ALLOW, "GET, HEAD, POST, OPTIONS"),
    ] {
        r.headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    r
}

/// `2026-11-26T18:40:00Z` (UTC) without a date crate: days to civil date (Hinnant's method).
fn timestamp(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_civil_dates() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_651_200 + 3_661);
        assert_eq!(timestamp(t), "2026-11-26T01:01:01Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(timestamp(leap), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abd", "abc"));
        assert!(!same_secret("ab", "abc"));
        assert!(!same_secret("abcd", "abc"));
        assert!(!same_secret("", "abc"));
    }

    fn handler(token: Option<&str>, max_concurrent_queries: usize) -> Result<Handler, StoreError> {
        let store = GraphStore::in_memory()?;
        store.replace_extraction(&crate::rdf::tests::sample())?;
        let mut config = ServeConfig::new(PathBuf::new(), ([127, 0, 0, 1], 0).into());
        config.update_token = token.map(str::to_owned);
        config.max_concurrent_queries = max_concurrent_queries;
        Ok(Handler {
            page: String::new(),
            config,
            source: StoreSource::Writable(Arc::new(store)),
            running_queries: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            stopping: AtomicBool::new(false),
            reconciler: Mutex::new(None),
        })
    }

    fn request(method: Method, uri: &str, headers: &[(&str, &str)], body: &str) -> Request<Body> {
        let mut b = Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::from(body.to_owned()))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn queries_beyond_the_concurrency_limit_get_503() -> Result<(), StoreError> {
        let h = handler(None, 2)?;
        let first = h.slot();
        let second = h.slot();
        assert!(first.is_ok() && second.is_ok());
        let mut r = request(Method::GET, "http://h/sparql?query=ASK%7B%7D", &[], "");
        assert_eq!(h.handle(&mut r).status(), StatusCode::SERVICE_UNAVAILABLE);
        drop(first);
        assert_eq!(h.handle(&mut r).status(), StatusCode::OK);
        assert_eq!(h.running_queries.load(Ordering::SeqCst), 1);
        Ok(())
    }

    #[test]
    fn updates_need_the_bearer_token_and_stopping_refuses_all() -> Result<(), StoreError> {
        let h = handler(Some("tok"), 4)?;
        let update = "INSERT DATA { <https://e.org/s> <https://e.org/p> 1 }";
        let sparql_update = ("Content-Type", "application/sparql-update");
        let mut none = request(Method::POST, "http://h/update", &[sparql_update], update);
        assert_eq!(h.handle(&mut none).status(), StatusCode::UNAUTHORIZED);
        let mut wrong = request(
            Method::POST,
            "http://h/update",
            &[sparql_update, ("Authorization", "Bearer tok2")],
            update,
        );
        assert_eq!(h.handle(&mut wrong).status(), StatusCode::UNAUTHORIZED);
        let mut right = request(
            Method::POST,
            "http://h/update",
            &[sparql_update, ("Authorization", "Bearer tok")],
            update,
        );
        assert_eq!(h.handle(&mut right).status(), StatusCode::NO_CONTENT);
        let mut ask = request(
            Method::GET,
            "http://h/sparql?query=ASK%7B%3Chttps%3A%2F%2Fe.org%2Fs%3E%20%3Fp%20%3Fo%7D",
            &[],
            "",
        );
        let mut answer = h.handle(&mut ask);
        assert_eq!(answer.status(), StatusCode::OK);
        let body = std::mem::take(answer.body_mut()).to_string();
        assert!(body.is_ok_and(|b| b.contains("true")));
        h.stopping.store(true, Ordering::SeqCst);
        assert_eq!(h.handle(&mut ask).status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(h.in_flight.load(Ordering::SeqCst), 0);
        Ok(())
    }

    fn body(response: &mut Response<Body>) -> String {
        std::mem::take(response.body_mut())
            .to_string()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn json(response: &mut Response<Body>) -> serde_json::Value {
        serde_json::from_str(&body(response)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn reconcile_gives_the_manifest_answers_batches_and_refuses_bad_ones() -> Result<(), StoreError>
    {
        let h = handler(Some("tok"), 4)?;
        let mut get = request(
            Method::GET,
            "http://h/reconcile",
            &[("Host", "example.org:7878")],
            "",
        );
        let mut r = h.handle(&mut get);
        assert_eq!(r.status(), StatusCode::OK);
        let manifest = json(&mut r);
        assert_eq!(manifest, reconcile::manifest("http://example.org:7878"));

        let mut jsonp = request(Method::GET, "http://h/reconcile?callback=cb.f_1", &[], "");
        let mut r = h.handle(&mut jsonp);
        assert_eq!(r.status(), StatusCode::OK);
        let text = body(&mut r);
        let inner = text
            .strip_prefix("cb.f_1(")
            .and_then(|t| t.strip_suffix(");"))
            .unwrap_or_else(|| panic!("not JSONP: {text}"));
        assert!(
            serde_json::from_str::<serde_json::Value>(inner).is_ok(),
            "{inner}"
        );
        let mut evil = request(
            Method::GET,
            "http://h/reconcile?callback=alert(1)%3Bf",
            &[],
            "",
        );
        assert_eq!(h.handle(&mut evil).status(), StatusCode::BAD_REQUEST);

        // the same batch by GET and by form POST; keys kept, the sample's body found
        let batch = r#"{"a":{"query":"区科技局","type":"GovernmentBody"},"b":{"query":"拱墅区","limit":1}}"#;
        let encoded: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("queries", batch)
            .finish();
        let mut by_get = request(
            Method::GET,
            &format!("http://h/reconcile?{encoded}"),
            &[],
            "",
        );
        let mut r = h.handle(&mut by_get);
        assert_eq!(r.status(), StatusCode::OK);
        let got = json(&mut r);
        let form = ("Content-Type", "application/x-www-form-urlencoded");
        let mut by_post = request(Method::POST, "http://h/reconcile", &[form], &encoded);
        let mut r = h.handle(&mut by_post);
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(json(&mut r), got);
        assert_eq!(got["a"]["result"][0]["name"], "区科技局");
        assert_eq!(got["a"]["result"][0]["type"][0]["id"], "GovernmentBody");
        assert_eq!(got["b"]["result"][0]["name"], "拱墅区");
        assert_eq!(got["b"]["result"].as_array().map(Vec::len), Some(1));
        assert_eq!(h.running_queries.load(Ordering::SeqCst), 0);

        // an update clears the cached entities: a new body is found at once
        let mut update = request(
            Method::POST,
            "http://h/update",
            &[
                ("Content-Type", "application/sparql-update"),
                ("Authorization", "Bearer tok"),
            ],
            "PREFIX gk: <https://w3id.org/govkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> \
             INSERT { GRAPH ?g { <https://w3id.org/govkg/id/body/区统计局> a gk:GovernmentBody ; skos:prefLabel \"区统计局\" } } \
             WHERE { GRAPH ?g { ?g a gk:Report } }",
        );
        assert_eq!(h.handle(&mut update).status(), StatusCode::NO_CONTENT);
        let added: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("queries", r#"{"q":{"query":"区统计局"}}"#)
            .finish();
        let mut after = request(Method::POST, "http://h/reconcile", &[form], &added);
        let mut r = h.handle(&mut after);
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(json(&mut r)["q"]["result"][0]["name"], "区统计局");

        for (uri, headers, payload, status) in [
            (
                "http://h/reconcile?queries=%7Bnot",
                &[][..],
                "",
                StatusCode::BAD_REQUEST,
            ),
            (
                "http://h/reconcile?queries=%5B%5D",
                &[],
                "",
                StatusCode::BAD_REQUEST,
            ),
            (
                "http://h/reconcile?queries=%7B%7D&queries=%7B%7D",
                &[],
                "",
                StatusCode::BAD_REQUEST,
            ),
            (
                "http://h/reconcile",
                &[form],
                "queries=%7B%22q%22%3A%7B%22query%22%3A1%7D%7D",
                StatusCode::BAD_REQUEST,
            ),
            (
                "http://h/reconcile",
                &[("Content-Type", "application/json")],
                "{}",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
        ] {
            let method = if payload.is_empty() {
                Method::GET
            } else {
                Method::POST
            };
            let mut bad = request(method, uri, headers, payload);
            let mut r = h.handle(&mut bad);
            assert_eq!(r.status(), status, "{uri} {payload}");
            let message = body(&mut r);
            assert!(!message.trim().is_empty(), "{uri}: no message");
        }
        let mut put = request(Method::PUT, "http://h/reconcile", &[], "");
        assert_eq!(h.handle(&mut put).status(), StatusCode::METHOD_NOT_ALLOWED);
        Ok(())
    }

    #[test]
    fn zero_limits_are_refused_before_opening_anything() {
        let mut c = ServeConfig::new(PathBuf::from("/nonexistent"), ([127, 0, 0, 1], 0).into());
        c.max_results = 0;
        assert!(matches!(start(c), Err(ServeError::Config(_))));
    }

    #[test]
    fn a_missing_store_is_named() {
        let c = ServeConfig::new(
            PathBuf::from("/nonexistent/govkg-store"),
            ([127, 0, 0, 1], 0).into(),
        );
        match start(c) {
            Err(e) => assert!(e.to_string().contains("/nonexistent/govkg-store"), "{e}"),
            Ok(_) => panic!("a missing store must be refused"),
        }
    }
}
