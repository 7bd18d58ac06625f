//! Ingests one report into an in-memory [`GraphStore`] and prints its quantities as a table.
//!
//! `cargo run --release --example sparql_in_memory -- tests/data/cli-report.txt`

use govkg::Pipeline;
use govkg::decode::RawDocument;
use govkg::query::{OutputFormat, write_results};
use govkg::store::GraphStore;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/data/cli-report.txt".to_owned());
    let raw = RawDocument {
        bytes: std::fs::read(&path)?,
        source: path,
    };
    let extraction = Pipeline::new().process(&raw)?;
    let store = GraphStore::in_memory()?;
    store.replace_extraction(&extraction)?;
    let query = std::fs::read_to_string("queries/quantities.rq")?;
    write_results(
        store.query(&query)?,
        OutputFormat::Table,
        std::io::stdout().lock(),
    )?;
    Ok(())
}
