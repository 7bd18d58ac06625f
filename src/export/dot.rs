//! Graphviz DOT for a [`Network`], with CJK-capable font and labels escaped here (petgraph's
//! `Dot` prints Debug strings, which escape Chinese and quotes the wrong way).

use super::{Network, fmt_f64};
use std::io::{self, Write};

const FONT: &str = "Noto Sans CJK SC";

/// Escapes a DOT double-quoted string.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Fill colour per category.
fn colour(category: &str) -> &'static str {
    match category {
        "GovernmentBody" => "#f4a582",
        "Initiative" => "#92c5de",
        "Platform" => "#b8e186",
        "Enterprise" => "#fddbc7",
        "Institution" => "#d1c4e9",
        "Place" => "#e0e0e0",
        "Quantity" => "#fff7bc",
        _ => "#ffffff",
    }
}

/// A directed graph, nodes coloured by category, edges labelled by kind.
pub(super) fn write<W: Write>(net: &Network, out: &mut W) -> io::Result<()> {
    writeln!(out, "digraph govkg {{")?;
    writeln!(
        out,
        "  graph [charset=\"UTF-8\", fontname=\"{FONT}\", overlap=false, rankdir=LR];"
    )?;
    writeln!(
        out,
        "  node [fontname=\"{FONT}\", shape=box, style=\"rounded,filled\"];"
    )?;
    writeln!(out, "  edge [fontname=\"{FONT}\", fontsize=9];")?;
    for (id, n) in net.nodes() {
        writeln!(
            out,
            "  {id} [label=\"{}\", fillcolor=\"{}\", tooltip=\"{}\"];",
            escape(&n.label),
            colour(&n.category),
            escape(&n.iri)
        )?;
    }
    for (_, s, t, e) in net.edges() {
        // Co-mentions are many and symmetric: dashed, unlabelled, no arrow.
        let style = if e.kind == "mentioned_with" {
            format!(
                "tooltip=\"{}\", style=dashed, color=\"#999999\", arrowhead=none",
                escape(&e.kind)
            )
        } else {
            format!("label=\"{}\"", escape(&e.kind))
        };
        writeln!(
            out,
            "  {s} -> {t} [{style}, weight={}];",
            // Graphviz wants integer weights for `dot`.
            fmt_f64(e.weight.round().max(1.0))
        )?;
    }
    writeln!(out, "}}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_quotes_and_backslashes() {
        assert_eq!(super::escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
