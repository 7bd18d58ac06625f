//! `govkg serve`: starts the endpoint and runs until SIGINT or SIGTERM.

use super::args::ServeArgs;
use anyhow::{Context, Result};
use govkg::serve::{ServeConfig, start};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::process::ExitCode;
use std::time::Duration;

fn seconds(value: f64, flag: &str) -> Result<Duration> {
    Duration::try_from_secs_f64(value)
        .ok()
        .with_context(|| format!("{flag} {value}: give a number of seconds, 0 or more"))
}

/// Serves the store; one log line per request on stderr.
pub fn run(args: &ServeArgs) -> Result<ExitCode> {
    let mut config = ServeConfig::new(super::store_dir(&args.store)?, args.bind);
    config.query_timeout = seconds(args.query_timeout, "--query-timeout")?;
    config.refresh = seconds(args.refresh, "--refresh")?;
    config.max_results = args.max_results;
    config.max_request_bytes = args.max_request_bytes;
    config.max_concurrent_queries = args.max_concurrent_queries;
    if args.allow_update {
        let token = std::env::var("GOVKG_UPDATE_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty())
            .context("--allow-update needs a token: set GOVKG_UPDATE_TOKEN to a secret that update requests will send as `Authorization: Bearer TOKEN`")?;
        config.update_token = Some(token);
    }
    // signals are caught before the server exists, so an early SIGTERM is not lost
    let mut signals = Signals::new([SIGINT, SIGTERM]).context("cannot install signal handlers")?;
    let store = config.store.display().to_string();
    let grace = config.query_timeout + Duration::from_secs(2);
    let server = start(config)?;
    eprintln!(
        "govkg serve: {store} at http://{}/ (SPARQL endpoint /sparql){}; Ctrl-C stops",
        server.addr(),
        if args.allow_update {
            ", updates with token"
        } else {
            ", read-only"
        }
    );
    let signal = signals.forever().next();
    eprintln!(
        "govkg serve: {} received, finishing requests in flight",
        match signal {
            Some(SIGINT) => "SIGINT",
            _ => "SIGTERM",
        }
    );
    let unfinished = server.shutdown(grace)?;
    eprintln!("govkg serve: stopped ({unfinished} requests unfinished)");
    Ok(ExitCode::SUCCESS)
}
