//! One self-contained HTML page for a [`Network`]: the Cytoscape-style JSON embedded in a
//! `<script type="application/json">`, drawn by a small hand-written canvas force layout with
//! pan, zoom, search and a facts panel. No network access: nothing is loaded from elsewhere.

use super::{ExportError, Network, cytoscape};
use std::io::Write;

/// The page; `__GRAPH_DATA__` is replaced by the JSON.
const TEMPLATE: &str = include_str!("page.html");

/// Writes the page.
pub(super) fn write<W: Write>(net: &Network, out: &mut W) -> Result<(), ExportError> {
    let json = serde_json::to_string(&cytoscape::elements(net))?;
    // `<` only occurs inside JSON strings, where `\u003c` means the same; this keeps
    // `</script>` in a label from closing the data block.
    let json = json.replace('<', "\\u003c");
    let page = TEMPLATE.replacen("__GRAPH_DATA__", &json, 1);
    out.write_all(page.as_bytes())?;
    Ok(())
}
