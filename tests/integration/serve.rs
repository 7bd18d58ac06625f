//! `govkg serve` and `govkg push` end to end: the real binary on a loopback port, queried by
//! real clients (curl, SPARQLWrapper from PyPI), and pushed into a separately started
//! Virtuoso. Expected answers come from the same store read locally, never typed in here. A
//! missing client or server prints a note and the test passes, except under `CI=true`, where
//! `.ci/setup` has installed them and a missing one fails.

use crate::util::{govkg, root, seed};
use govkg::store::GraphStore;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::Duration;
use tempfile::TempDir;

const LABELS: &str = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?label WHERE { ?entity skos:prefLabel ?label } ORDER BY ?label ?entity LIMIT 20";

const CONSTRUCT: &str = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?entity skos:prefLabel ?label } WHERE { ?entity skos:prefLabel ?label }";

/// Whether `program args` runs; under CI a missing program is a failure.
fn have(program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} {args:?} failed under CI; .ci/setup should have installed it"
        );
        eprintln!("note: {program} not available, skipping (install it with .ci/setup)");
    }
    ok
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

/// Waits (bounded) until something listens on `port`.
fn wait_for_port(port: u16, what: &str, tries: u32) {
    for _ in 0..tries {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        thread::sleep(Duration::from_millis(250));
    }
    panic!("{what} did not listen on port {port}");
}

/// A store holding the seed report.
fn seeded(dir: &TempDir) -> PathBuf {
    let store = dir.path().join("store");
    govkg()
        .arg("ingest")
        .arg("--store")
        .arg(&store)
        .arg(seed())
        .assert()
        .success();
    store
}

/// `govkg serve` on a free loopback port; SIGKILLed on drop if a test did not stop it.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(store: &Path, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let port = free_port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_govkg"));
        cmd.current_dir(root())
            .arg("serve")
            .arg("--store")
            .arg(store)
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .args(extra)
            .env_remove("GOVKG_UPDATE_TOKEN")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start govkg serve: {e}"));
        wait_for_port(port, "govkg serve", 80);
        Self { child, port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Sends SIGTERM and returns the exit status and everything the server logged.
    fn stop(mut self) -> (bool, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM {pid} failed");
        let mut log = String::new();
        if let Some(err) = self.child.stderr.take() {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                log.push_str(&line);
                log.push('\n');
            }
        }
        let ok = self.child.wait().is_ok_and(|s| s.success());
        (ok, log)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// curl with `args`; returns the status code, the headers and the body.
fn curl(args: &[&str]) -> (u16, String, String) {
    let out = Command::new("curl")
        .args(["-s", "-S", "-D", "-", "--max-time", "60"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("curl: {e}"));
    assert!(
        out.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut rest = text.as_str();
    // skip interim answers (100 Continue to a large body's Expect)
    while rest.starts_with("HTTP/1.1 1") {
        rest = rest.split_once("\r\n\r\n").map_or("", |(_, r)| r);
    }
    let (head, body) = rest.split_once("\r\n\r\n").unwrap_or((rest, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_owned())
}

fn local_rows(store: &Path, query: &str) -> Vec<Vec<String>> {
    let s = GraphStore::open_read_only(store).unwrap_or_else(|e| panic!("{e}"));
    s.select_strings(query)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|r| r.into_iter().map(Option::unwrap_or_default).collect())
        .collect()
}

fn run_python(script: &str, args: &[&str]) -> Output {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// SPARQLWrapper asks in each results format and prints the rows it parsed as tab-separated
/// plain values, then the Turtle of a CONSTRUCT after a line `--TURTLE--`.
const SPARQLWRAPPER: &str = r#"
import csv, io, json, sys
from SPARQLWrapper import SPARQLWrapper, JSON, XML, CSV, TSV, TURTLE
url, select, construct = sys.argv[1], sys.argv[2], sys.argv[3]
def client(fmt, query):
    s = SPARQLWrapper(url)
    s.setQuery(query)
    s.setReturnFormat(fmt)
    s.setMethod("POST")
    return s.query().convert()
out = []
j = client(JSON, select)
out.append(["JSON"] + ["\t".join(b[v]["value"] for v in j["head"]["vars"]) for b in j["results"]["bindings"]])
x = client(XML, select)
rows = []
for r in x.getElementsByTagName("result"):
    rows.append("\t".join(b.childNodes[0].childNodes[0].data for b in r.getElementsByTagName("binding")))
out.append(["XML"] + rows)
c = client(CSV, select).decode("utf-8")
out.append(["CSV"] + ["\t".join(r) for r in list(csv.reader(io.StringIO(c)))[1:]])
t = client(TSV, select).decode("utf-8")
def plain(term):
    if term.startswith("<"):
        return term[1:-1]
    if term.startswith('"'):
        return term[1:term.rindex('"')]
    return term
out.append(["TSV"] + ["\t".join(plain(x) for x in line.split("\t")) for line in t.splitlines()[1:]])
for block in out:
    print("\n".join(block))
    print("--END--")
print("--TURTLE--")
print(client(TURTLE, construct).decode("utf-8"))
"#;

#[test]
fn sparqlwrapper_reads_every_results_format_and_construct_as_turtle() {
    if !have("python3", &["-c", "import SPARQLWrapper"]) {
        return;
    }
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = seeded(&dir);
    let expected: Vec<String> = local_rows(&store, LABELS)
        .into_iter()
        .map(|r| r.join("\t"))
        .collect();
    assert_eq!(expected.len(), 20);
    let local_triples = GraphStore::open_read_only(&store)
        .and_then(|s| s.construct_triples(CONSTRUCT))
        .unwrap_or_else(|e| panic!("{e}"));
    let server = Server::start(&store, &[], &[]);
    let out = run_python(SPARQLWRAPPER, &[&server.url("/sparql"), LABELS, CONSTRUCT]);
    let text = String::from_utf8_lossy(&out.stdout);
    let (tables, turtle) = text
        .split_once("--TURTLE--\n")
        .unwrap_or_else(|| panic!("no Turtle in {text}"));
    let blocks: Vec<&str> = tables
        .split("--END--\n")
        .filter(|b| !b.is_empty())
        .collect();
    assert_eq!(blocks.len(), 4, "{tables}");
    for block in blocks {
        let mut lines = block.lines();
        let format = lines.next().unwrap_or_default();
        let rows: Vec<String> = lines.map(str::to_owned).collect();
        assert_eq!(
            rows, expected,
            "{format} results differ from the local store"
        );
    }
    let parsed: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_slice(turtle.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("the CONSTRUCT answer is not Turtle: {e}"));
    assert_eq!(parsed.len(), local_triples.len());
    let (stopped, log) = server.stop();
    assert!(stopped, "{log}");
}

#[test]
fn curl_gets_negotiated_formats_cors_graphs_and_readable_errors() {
    if !have("curl", &["--version"]) {
        return;
    }
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = seeded(&dir);
    let server = Server::start(&store, &[], &[]);
    let sparql = server.url("/sparql");
    let get = |accept: &str, query: &str| {
        curl(&[
            "-G",
            &sparql,
            "-H",
            &format!("Accept: {accept}"),
            "--data-urlencode",
            &format!("query={query}"),
        ])
    };
    let expected = local_rows(&store, LABELS);
    for (accept, content_type, first) in [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            "{\"head\":{\"vars\":[\"entity\",\"label\"]}",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<?xml",
        ),
        ("text/csv", "text/csv", "entity,label"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "?entity\t?label",
        ),
    ] {
        let (status, head, body) = get(accept, LABELS);
        assert_eq!(status, 200, "{accept}: {body}");
        assert!(
            head.contains(&format!("content-type: {content_type}")),
            "{head}"
        );
        assert!(head.contains("access-control-allow-origin: *"), "{head}");
        assert!(body.starts_with(first), "{accept}: {body}");
        assert!(body.contains(&expected[0][1]), "{accept}: {body}");
    }
    let (status, head, body) = get("text/turtle", CONSTRUCT);
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("content-type: text/turtle"), "{head}");
    assert!(body.contains("@prefix skos:"), "{body}");

    // a direct POST and a form POST give what GET gave
    let (_, _, by_get) = get("text/csv", LABELS);
    let (status, _, direct) = curl(&[
        &sparql,
        "-H",
        "Accept: text/csv",
        "-H",
        "Content-Type: application/sparql-query",
        "--data-binary",
        LABELS,
    ]);
    assert_eq!((status, &direct), (200, &by_get));
    let (status, _, form) = curl(&[
        &sparql,
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        &format!("query={LABELS}"),
    ]);
    assert_eq!((status, &form), (200, &by_get));

    // CORS preflight as a browser client (YASGUI) sends it
    let (status, head, _) = curl(&[
        "-X",
        "OPTIONS",
        &sparql,
        "-H",
        "Origin: https://yasgui.org",
        "-H",
        "Access-Control-Request-Method: POST",
        "-H",
        "Access-Control-Request-Headers: content-type",
    ]);
    assert_eq!(status, 204);
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
    assert!(
        head.contains("access-control-allow-headers: accept, authorization, content-type"),
        "{head}"
    );

    // Graph Store protocol: one document graph as N-Triples, all of it
    let graph = local_rows(&store, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")[0][0].clone();
    let graph_len = GraphStore::open_read_only(&store)
        .and_then(|s| s.graph_len(&oxigraph::model::NamedNode::new_unchecked(graph.as_str())))
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, head, body) = curl(&[
        "-G",
        &server.url("/store"),
        "-H",
        "Accept: application/n-triples",
        "--data-urlencode",
        &format!("graph={graph}"),
    ]);
    assert_eq!(status, 200, "{body}");
    assert!(
        head.contains("content-type: application/n-triples"),
        "{head}"
    );
    assert_eq!(body.lines().count(), graph_len);
    let (status, _, _) = curl(&[
        "-G",
        &server.url("/store"),
        "--data-urlencode",
        "graph=https://example.org/none",
    ]);
    assert_eq!(status, 404);

    // readable refusals
    let (status, _, body) = get("*/*", "SELEC ?x WHERE");
    assert_eq!(status, 400);
    assert!(body.contains("invalid SPARQL query"), "{body}");
    let (status, _, body) = get(
        "*/*",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    );
    assert_eq!(status, 403);
    assert!(body.contains("SERVICE"), "{body}");
    let (status, _, _) = get("text/turtle", LABELS);
    assert_eq!(status, 406);
    let (status, _, body) = curl(&[
        &sparql,
        "-H",
        "Content-Type: text/plain",
        "--data-binary",
        "x",
    ]);
    assert_eq!(status, 415, "{body}");
    let big = dir.path().join("big.txt");
    std::fs::write(&big, format!("query={}", "#".repeat(2 << 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, _, _) = curl(&[&sparql, "--data-binary", &format!("@{}", big.display())]);
    assert_eq!(status, 413);
    let (status, _, body) = curl(&[&server.url("/")]);
    assert_eq!(status, 200);
    assert!(body.contains("targets-by-year.rq"), "{body}");

    let (stopped, log) = server.stop();
    assert!(stopped, "{log}");
    assert!(log.contains(" GET /sparql 200 "), "{log}");
    assert!(log.contains(" POST /sparql 413 "), "{log}");
    assert!(log.contains("SIGTERM received"), "{log}");
}

#[test]
fn updates_need_the_token() {
    if !have("curl", &["--version"]) {
        return;
    }
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = seeded(&dir);
    let update = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> \"added\" } }";
    let ask = "ASK { <https://example.org/s> <https://example.org/p> \"added\" }";
    let post = |server: &Server, auth: Option<&str>| {
        let mut args = vec![
            server.url("/update"),
            "-H".into(),
            "Content-Type: application/sparql-update".into(),
            "--data-binary".into(),
            update.into(),
        ];
        if let Some(token) = auth {
            args.extend(["-H".into(), format!("Authorization: Bearer {token}")]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        curl(&args).0
    };
    let asked = |server: &Server| {
        curl(&[
            "-G",
            &server.url("/sparql"),
            "--data-urlencode",
            &format!("query={ask}"),
        ])
        .2
    };

    let read_only = Server::start(&store, &[], &[]);
    assert_eq!(post(&read_only, Some("anything")), 403);
    assert!(asked(&read_only).contains("false"));
    drop(read_only);

    let token = "s3cret-token-for-the-test";
    let writable = Server::start(
        &store,
        &["--allow-update"],
        &[("GOVKG_UPDATE_TOKEN", token)],
    );
    assert_eq!(post(&writable, None), 401);
    assert_eq!(post(&writable, Some("wrong")), 401);
    assert!(asked(&writable).contains("false"));
    assert_eq!(post(&writable, Some(token)), 204);
    assert!(asked(&writable).contains("true"));
    let (stopped, log) = writable.stop();
    assert!(stopped, "{log}");

    // --allow-update without a token is refused before anything listens
    govkg()
        .arg("serve")
        .arg("--store")
        .arg(&store)
        .args([
            "--allow-update",
            "--bind",
            &format!("127.0.0.1:{}", free_port()),
        ])
        .env_remove("GOVKG_UPDATE_TOKEN")
        .assert()
        .failure()
        .stderr(predicates::str::contains("GOVKG_UPDATE_TOKEN"));
}

#[test]
fn an_expensive_query_stops_at_its_limit_while_others_answer() {
    if !have("curl", &["--version"]) {
        return;
    }
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = seeded(&dir);
    let server = Server::start(
        &store,
        &["--query-timeout", "1", "--max-results", "10"],
        &[],
    );
    let sparql = server.url("/sparql");
    let expensive = {
        let sparql = sparql.clone();
        thread::spawn(move || {
            curl(&[
                &sparql,
                "--data-urlencode",
                "query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
            ])
        })
    };
    let mut cheap = Vec::new();
    for _ in 0..3 {
        cheap.push(curl(&[
            "-G",
            &sparql,
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            "query=SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }",
        ]));
    }
    let (status, _, body) = expensive
        .join()
        .unwrap_or_else(|_| panic!("the expensive query's client failed"));
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("time limit"), "{body}");
    let expected = local_rows(&store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")[0][0].clone();
    for (status, _, body) in cheap {
        assert_eq!(status, 200, "{body}");
        assert_eq!(body.lines().nth(1), Some(expected.as_str()));
    }
    // and the server still answers after the cancelled one
    let (status, _, _) = curl(&["-G", &sparql, "--data-urlencode", "query=ASK {}"]);
    assert_eq!(status, 200);
    // an answer over --max-results is refused, not cut short
    let (status, _, body) = curl(&[
        "-G",
        &sparql,
        "--data-urlencode",
        &format!("query={LABELS}"),
    ]);
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("--max-results"), "{body}");
}

#[test]
fn documents_ingested_while_serving_are_seen_whole() {
    if !have("curl", &["--version"]) {
        return;
    }
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = seeded(&dir);
    let quads = |store: &Path| {
        GraphStore::open_read_only(store)
            .and_then(|s| s.stats())
            .unwrap_or_else(|e| panic!("{e}"))
            .quads
    };
    let before = quads(&store);
    let server = Server::start(&store, &["--refresh", "0"], &[]);
    let count = || {
        let (status, _, body) = curl(&[
            "-G",
            &server.url("/sparql"),
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            "query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        ]);
        assert_eq!(status, 200, "{body}");
        body.lines()
            .nth(1)
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or_else(|| panic!("no count in {body}"))
    };
    assert_eq!(count(), before);
    // a separate process writes the store the server is reading; queries go on meanwhile
    let mut ingest = Command::new(env!("CARGO_BIN_EXE_govkg"))
        .current_dir(root())
        .arg("ingest")
        .arg("--store")
        .arg(&store)
        .arg(root().join("tests/data/cli-report.txt"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start govkg ingest: {e}"));
    let mut seen = Vec::new();
    let status = loop {
        seen.push(count());
        if let Ok(Some(status)) = ingest.try_wait() {
            break status;
        }
        assert!(seen.len() < 10_000, "ingest did not finish");
    };
    assert!(
        status.success(),
        "govkg ingest failed while the server was reading"
    );
    let after = quads(&store);
    assert!(after > before, "the test needs a second document");
    // every answer saw the store before or after the document, never part of it
    assert!(
        seen.iter().all(|n| *n == before || *n == after),
        "{seen:?} not all {before} or {after}"
    );
    assert_eq!(count(), after);
}

/// Virtuoso on free ports with its own database in `dir`; killed on drop.
struct Virtuoso {
    child: Child,
    sql_port: u16,
    http_port: u16,
}

impl Virtuoso {
    fn start(dir: &Path) -> Self {
        let (sql_port, http_port) = (free_port(), free_port());
        let d = dir.display();
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\nLockFile = {d}/virtuoso.lck\n\
TransactionFile = {d}/virtuoso.trx\nxa_persistent_file = {d}/virtuoso.pxa\nTempStorage = TempDatabase\n\
[TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\nTransactionFile = {d}/virtuoso-temp.trx\n\
[Parameters]\nServerPort = 127.0.0.1:{sql_port}\nDisableUnixSocket = 1\nCaseMode = 2\nDirsAllowed = .\n\
NumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\n\
[HTTPServer]\nServerPort = 127.0.0.1:{http_port}\nServerRoot = {d}\nServerThreads = 4\nCharset = UTF-8\n\
[SPARQL]\nResultSetMaxRows = 1000000\nMaxQueryExecutionTime = 120\n"
        );
        let path = dir.join("virtuoso.ini");
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(ini.as_bytes()))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let child = Command::new("virtuoso-t")
            .args(["+foreground", "+configfile"])
            .arg(&path)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start virtuoso-t: {e}"));
        let v = Self {
            child,
            sql_port,
            http_port,
        };
        wait_for_port(http_port, "virtuoso", 480);
        wait_for_port(sql_port, "virtuoso (SQL)", 480);
        v
    }

    /// Runs SQL through isql-vt as dba (the fresh database's default password).
    fn sql(&self, statements: &str) {
        let out = Command::new("isql-vt")
            .arg(format!("127.0.0.1:{}", self.sql_port))
            .args(["dba", "dba"])
            .arg(format!("exec={statements}"))
            .output()
            .unwrap_or_else(|e| panic!("isql-vt: {e}"));
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && !text.contains("Error"),
            "isql-vt: {text}"
        );
    }

    fn select(&self, query: &str) -> Vec<Vec<String>> {
        let (status, _, body) = curl(&[
            "-G",
            &format!("http://127.0.0.1:{}/sparql", self.http_port),
            "-H",
            "Accept: application/sparql-results+json",
            "--data-urlencode",
            &format!("query={query}"),
        ]);
        assert_eq!(status, 200, "{body}");
        let json: serde_json::Value =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
        let vars: Vec<String> = json["head"]["vars"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        json["results"]["bindings"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|b| {
                        vars.iter()
                            .map(|v| b[v]["value"].as_str().unwrap_or_default().to_owned())
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn push_to_virtuoso_gives_the_same_answers_there() {
    if !have("curl", &["--version"]) || !have("which", &["virtuoso-t", "isql-vt"]) {
        return;
    }
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = seeded(&dir);
    let vdir = dir.path().join("virtuoso");
    std::fs::create_dir_all(&vdir).unwrap_or_else(|e| panic!("{e}"));
    let virtuoso = Virtuoso::start(&vdir);
    // the anonymous SPARQL user may write through /sparql-graph-crud (a test database only)
    virtuoso
        .sql("GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);");
    let endpoint = format!("http://127.0.0.1:{}/sparql-graph-crud", virtuoso.http_port);
    let out = govkg()
        .arg("push")
        .arg("--store")
        .arg(&store)
        .args(["--endpoint", &endpoint, "--graph-per-document"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let summary = String::from_utf8_lossy(&out);
    let local_total = GraphStore::open_read_only(&store)
        .and_then(|s| s.stats())
        .unwrap_or_else(|e| panic!("{e}"))
        .quads;
    assert!(
        summary.contains(&format!("pushed 1 graphs ({local_total} triples)")),
        "{summary}"
    );

    let per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } \
        FILTER(STRSTARTS(STR(?g), \"https://w3id.org/govkg/doc/\")) } GROUP BY ?g ORDER BY ?g";
    assert_eq!(virtuoso.select(per_graph), local_rows(&store, per_graph));
    // a question of the README, answered there as here
    let targets = std::fs::read_to_string(root().join("queries/targets-by-year.rq"))
        .unwrap_or_else(|e| panic!("{e}"));
    let here = local_rows(&store, &targets);
    assert!(!here.is_empty());
    assert_eq!(virtuoso.select(&targets), here);

    // pushing again replaces each graph rather than doubling it
    govkg()
        .arg("push")
        .arg("--store")
        .arg(&store)
        .args(["--endpoint", &endpoint, "--graph-per-document"])
        .assert()
        .success();
    assert_eq!(virtuoso.select(per_graph), local_rows(&store, per_graph));

    // N-Quads from `govkg extract` (the map step), all into one graph
    let nq = dir.path().join("seed.nq");
    let extracted = govkg()
        .arg("extract")
        .arg(seed())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&nq, &extracted.stdout).unwrap_or_else(|e| panic!("{e}"));
    let all = "https://example.org/govkg-all";
    govkg()
        .args(["push", "--endpoint", &endpoint, "--graph", all])
        .arg(&nq)
        .assert()
        .success()
        .stdout(predicates::str::contains(format!("all into graph {all}")));
    let count = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{all}> {{ ?s ?p ?o }} }}");
    assert_eq!(virtuoso.select(&count), [[local_total.to_string()]]);
}

/// The batch of the Reconciliation API spec's form, as OpenRefine sends it.
const RECONCILE_BATCH: &str =
    r#"{"q0":{"query":"区发改经信局","limit":3},"q1":{"query":"华东医药","type":"Enterprise"}}"#;

#[test]
fn openrefine_reconciliation_over_http() {
    if !have("curl", &["--version"]) {
        return;
    }
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let store = seeded(&dir);
    let expected = {
        let local = GraphStore::open_read_only(&store).unwrap_or_else(|e| panic!("{e}"));
        govkg::link::reconcile::Reconciler::new(&local)
            .and_then(|r| r.answer_text(RECONCILE_BATCH))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let server = Server::start(&store, &[], &[]);
    let url = server.url("/reconcile");
    let parse = |body: &str| -> serde_json::Value {
        serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
    };

    // the manifest, with the service's own address
    let (status, head, body) = curl(&[&url]);
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("content-type: application/json"), "{head}");
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
    let manifest = parse(&body);
    for key in ["name", "identifierSpace", "schemaSpace"] {
        assert!(manifest[key].is_string(), "{key}: {manifest}");
    }
    assert_eq!(manifest["documentation"], server.url(""));
    let types = manifest["defaultTypes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        types.iter().any(|t| t["id"] == "Enterprise") && types.len() == 6,
        "{manifest}"
    );
    // JSONP, as the v0.2 spec allows for GET
    let (status, head, body) = curl(&["-G", &url, "--data-urlencode", "callback=jsonp_1"]);
    assert_eq!(status, 200, "{body}");
    assert!(
        head.contains("content-type: application/javascript"),
        "{head}"
    );
    let inner = body
        .strip_prefix("jsonp_1(")
        .and_then(|b| b.strip_suffix(");"))
        .unwrap_or_else(|| panic!("not JSONP: {body}"));
    assert_eq!(parse(inner), manifest);

    // a form-encoded POST batch: the local reconciler's answer, keys kept
    let (status, head, body) = curl(&[
        &url,
        "--data-urlencode",
        &format!("queries={RECONCILE_BATCH}"),
    ]);
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("content-type: application/json"), "{head}");
    let answer = parse(&body);
    assert_eq!(answer, expected);
    let q0 = answer["q0"]["result"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!q0.is_empty() && q0.len() <= 3, "{answer}");
    assert_eq!(q0[0]["name"], "区发改经信局");
    assert_eq!(q0[0]["match"], true);
    let q1 = &answer["q1"]["result"][0];
    assert_eq!(q1["name"], "华东医药");
    assert_eq!(q1["type"][0]["id"], "Enterprise");
    // the ids are the store's entities with those names
    for (top, query) in [(&q0[0], "区发改经信局"), (q1, "华东医药")] {
        let id = top["id"].as_str().unwrap_or_else(|| panic!("no id: {top}"));
        let named = local_rows(
            &store,
            &format!(
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE {{ GRAPH ?g {{ <{id}> skos:prefLabel ?label }} }}"
            ),
        );
        assert!(named.iter().any(|r| r[0] == query), "{id}: {named:?}");
    }
    // the same batch by GET
    let (status, _, by_get) = curl(&[
        "-G",
        &url,
        "--data-urlencode",
        &format!("queries={RECONCILE_BATCH}"),
    ]);
    assert_eq!(status, 200, "{by_get}");
    assert_eq!(parse(&by_get), expected);

    // malformed batches get 400 with a message saying what is wrong
    for (queries, says) in [
        (r#"{"q0":{"query":"#, "not JSON"),
        (r#"["区发改经信局"]"#, "JSON object"),
        (
            r#"{"q0":{"query":"华东医药","type":"Spaceship"}}"#,
            "unknown type",
        ),
        (r#"{"q0":{"query":"华东医药","limit":-1}}"#, "limit"),
    ] {
        let (status, _, body) = curl(&[&url, "--data-urlencode", &format!("queries={queries}")]);
        assert_eq!(status, 400, "{queries}: {body}");
        assert!(body.contains(says), "{queries}: {body}");
    }
    let (status, _, body) = curl(&[
        &url,
        "-H",
        "Content-Type: application/json",
        "--data-binary",
        RECONCILE_BATCH,
    ]);
    assert_eq!(status, 415, "{body}");
    assert!(body.contains("x-www-form-urlencoded"), "{body}");
    let (stopped, log) = server.stop();
    assert!(stopped, "{log}");
    assert!(log.contains("POST /reconcile 200"), "{log}");
}
