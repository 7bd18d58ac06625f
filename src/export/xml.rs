//! GEXF 1.3 and GraphML writers for a [`Network`], escaping by hand.

use super::{ExportEdge, ExportNode, Network, fmt_f64};
use std::io::{self, Write};

/// (name, GEXF type, GraphML type) of the node attributes, in output order. None is `id`,
/// `pid` or `label`, which GEXF readers reserve.
const NODE_ATTRS: [(&str, &str, &str); 9] = [
    ("iri", "string", "string"),
    ("category", "string", "string"),
    ("degree", "integer", "int"),
    ("weighted_degree", "double", "double"),
    ("component", "integer", "int"),
    ("pagerank", "double", "double"),
    ("targets", "integer", "int"),
    ("achievements", "integer", "int"),
    ("quantities", "string", "string"),
];

fn node_values(n: &ExportNode) -> [String; 9] {
    [
        n.iri.clone(),
        n.category.clone(),
        n.measures.degree.to_string(),
        fmt_f64(n.measures.weighted_degree),
        n.measures.component.to_string(),
        fmt_f64(n.measures.pagerank),
        n.targets().to_string(),
        n.achievements().to_string(),
        n.quantity_digest(),
    ]
}

/// Escapes text for an XML attribute or element, dropping characters XML 1.0 forbids.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// GEXF 1.3 for Gephi: node attributes declared, edge kind and weight.
pub(super) fn write_gexf<W: Write>(net: &Network, out: &mut W) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
    writeln!(
        out,
        "  <meta>\n    <creator>govkg</creator>\n    <description>entity graph of Chinese government reports</description>\n  </meta>"
    )?;
    writeln!(out, r#"  <graph defaultedgetype="directed" mode="static">"#)?;
    writeln!(out, r#"    <attributes class="node">"#)?;
    for (name, ty, _) in NODE_ATTRS {
        writeln!(
            out,
            r#"      <attribute id="{name}" title="{name}" type="{ty}"/>"#
        )?;
    }
    writeln!(out, "    </attributes>")?;
    writeln!(out, r#"    <attributes class="edge">"#)?;
    writeln!(
        out,
        r#"      <attribute id="kind" title="kind" type="string"/>"#
    )?;
    writeln!(out, "    </attributes>")?;
    writeln!(out, "    <nodes>")?;
    for (id, n) in net.nodes() {
        writeln!(
            out,
            r#"      <node id="{id}" label="{}">"#,
            escape(&n.label)
        )?;
        writeln!(out, "        <attvalues>")?;
        for ((name, _, _), value) in NODE_ATTRS.iter().zip(node_values(n)) {
            writeln!(
                out,
                r#"          <attvalue for="{name}" value="{}"/>"#,
                escape(&value)
            )?;
        }
        writeln!(out, "        </attvalues>\n      </node>")?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    for (id, s, t, e) in net.edges() {
        writeln!(
            out,
            r#"      <edge id="{id}" source="{s}" target="{t}" label="{}" weight="{}">"#,
            escape(&e.kind),
            fmt_f64(e.weight)
        )?;
        writeln!(
            out,
            r#"        <attvalues><attvalue for="kind" value="{}"/></attvalues>"#,
            escape(&e.kind)
        )?;
        writeln!(out, "      </edge>")?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")?;
    Ok(())
}

/// GraphML with every key declared before the graph.
pub(super) fn write_graphml<W: Write>(net: &Network, out: &mut W) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#
    )?;
    writeln!(
        out,
        r#"  <key id="d_label" for="node" attr.name="label" attr.type="string"/>"#
    )?;
    for (name, _, ty) in NODE_ATTRS {
        writeln!(
            out,
            r#"  <key id="d_{name}" for="node" attr.name="{name}" attr.type="{ty}"/>"#
        )?;
    }
    writeln!(
        out,
        r#"  <key id="e_kind" for="edge" attr.name="kind" attr.type="string"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>"#
    )?;
    writeln!(out, r#"  <graph id="govkg" edgedefault="directed">"#)?;
    for (id, n) in net.nodes() {
        writeln!(out, r#"    <node id="{id}">"#)?;
        writeln!(
            out,
            r#"      <data key="d_label">{}</data>"#,
            escape(&n.label)
        )?;
        for ((name, _, _), value) in NODE_ATTRS.iter().zip(node_values(n)) {
            writeln!(
                out,
                r#"      <data key="d_{name}">{}</data>"#,
                escape(&value)
            )?;
        }
        writeln!(out, "    </node>")?;
    }
    for (id, s, t, e) in net.edges() {
        write_graphml_edge(out, &id, &s, &t, e)?;
    }
    writeln!(out, "  </graph>\n</graphml>")?;
    Ok(())
}

fn write_graphml_edge<W: Write>(
    out: &mut W,
    id: &str,
    s: &str,
    t: &str,
    e: &ExportEdge,
) -> io::Result<()> {
    writeln!(
        out,
        r#"    <edge id="{id}" source="{s}" target="{t}">
      <data key="e_kind">{}</data>
      <data key="e_weight">{}</data>
    </edge>"#,
        escape(&e.kind),
        fmt_f64(e.weight)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_handles_markup_and_controls() {
        assert_eq!(escape("a<b&\"c\"\u{1}"), "a&lt;b&amp;&quot;c&quot;");
        assert_eq!(escape("区科技局"), "区科技局");
    }
}
