//! Deterministic IRI minting under [`BASE`]: the same document and the same names always give
//! the same IRIs, so re-ingesting replaces rather than duplicates, and two documents naming the
//! same body meet at one node.
//!
//! Labels stay Unicode (IRIs allow it); only characters an IRI path segment cannot hold are
//! percent-encoded, so `id/org/区科技局` reads as written in any SPARQL client.

use crate::model::{Entity, EntityKind};
use oxigraph::model::NamedNode;

/// Base of every IRI govkg mints.
pub const BASE: &str = "https://w3id.org/govkg/";

/// Leading characters that make an organ's name relative to a place (区科技局, 省政府, 市委).
const PLACE_RELATIVE_PREFIXES: [&str; 8] = ["街道", "区", "市", "县", "省", "州", "旗", "镇"];

/// The first 16 hex digits of a document's SHA-256: short, and unique enough for one corpus.
pub fn doc_key(sha256: &str) -> String {
    let key: String = sha256
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    if key.is_empty() {
        // A missing hash must still give a valid, stable IRI rather than `doc/`.
        "0".repeat(16)
    } else {
        key
    }
}

/// `doc/<key>`: the report, and the named graph holding everything read from it.
pub fn document(sha256: &str) -> NamedNode {
    mint(&format!("doc/{}", doc_key(sha256)))
}

/// `doc/<key>/<kind>/<index>` for parts of a document (`s` sentence, `q` quantity, ...).
pub fn document_part(sha256: &str, kind: &str, index: usize) -> NamedNode {
    mint(&format!("doc/{}/{kind}/{index}", doc_key(sha256)))
}

/// The path segment naming an entity category.
pub fn kind_segment(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::GovernmentBody => "org",
        EntityKind::Enterprise => "enterprise",
        EntityKind::Institution => "institution",
        EntityKind::Platform => "platform",
        EntityKind::Initiative => "initiative",
        EntityKind::Place => "place",
    }
}

/// Whether a name only means something together with a place (区科技局, 省政府, 街道办).
pub fn is_place_relative(label: &str) -> bool {
    PLACE_RELATIVE_PREFIXES.iter().any(|p| {
        label
            .strip_prefix(p)
            .is_some_and(|rest| rest.chars().next().is_some_and(is_han))
    })
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// The entity's IRI: `id/<kind>/<label>`, `id/place/<admin code>` for coded places, and
/// `id/org/<qualifier>/<label>` for a place-relative name with a qualifier, so that two
/// districts' 区科技局 are two nodes. An absolute name ignores its qualifier: it already
/// says which place it belongs to.
pub fn entity(e: &Entity) -> NamedNode {
    let kind = kind_segment(e.kind);
    if e.kind == EntityKind::Place {
        if let Some(code) = e
            .admin_code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            return mint(&format!("id/place/{}", encode_segment(code)));
        }
    }
    let label = normalize_label(&e.label);
    match e.qualifier.as_deref().map(normalize_label) {
        Some(q) if !q.is_empty() && is_place_relative(&label) => mint(&format!(
            "id/{kind}/{}/{}",
            encode_segment(&q),
            encode_segment(&label)
        )),
        _ => mint(&format!("id/{kind}/{}", encode_segment(&label))),
    }
}

/// IRI of a normalised indicator (`id/indicator/gdp`), shared by every report.
pub fn indicator(key: &str) -> NamedNode {
    mint(&format!("id/indicator/{}", encode_segment(key)))
}

/// IRI for a unit written in a way QUDT has no term for.
pub fn unit(label: &str) -> NamedNode {
    mint(&format!("unit/{}", encode_segment(&normalize_label(label))))
}

/// The key a label is identified by: whitespace (OCR breaks) and quotation marks removed, so
/// `"152"工程` and `152工程` are one thing.
pub fn normalize_label(label: &str) -> String {
    const QUOTES: &str = "\"'“”‘’「」『』《》〈〉";
    let s: String = label
        .chars()
        .filter(|c| !c.is_whitespace() && !QUOTES.contains(*c))
        .collect();
    if s.is_empty() { "_".to_owned() } else { s }
}

/// Percent-encodes what an IRI path segment cannot hold: ASCII outside the unreserved set,
/// `/` (it would split the segment), controls, private-use and non-characters. Other
/// Unicode (ucschar in RFC 3987) is kept as is.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let keep = if c.is_ascii() {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
        } else {
            is_ucschar(c)
        };
        if keep {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// RFC 3987 `ucschar`: the non-ASCII characters allowed unescaped in an IRI path.
fn is_ucschar(c: char) -> bool {
    let u = u32::from(c);
    matches!(u,
        0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF
    ) || (u >= 0x10000 && (u & 0xFFFF) < 0xFFFE && u < 0xE0000)
        || (0xE1000..=0xEFFFD).contains(&u)
}

/// Builds an IRI under [`BASE`]. Every caller passes an encoded path, so the result is valid.
fn mint(path: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{BASE}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    fn ent(label: &str, kind: EntityKind, qualifier: Option<&str>, code: Option<&str>) -> Entity {
        Entity {
            label: label.into(),
            kind,
            aliases: vec![],
            qualifier: qualifier.map(Into::into),
            admin_code: code.map(Into::into),
        }
    }

    #[test]
    fn document_iris_use_the_first_16_hex_digits() {
        let sha = "ABCDEF0123456789ffffffffffffffffffffffffffffffffffffffffffffffff";
        assert_eq!(
            document(sha).as_str(),
            "https://w3id.org/govkg/doc/abcdef0123456789"
        );
        assert_eq!(
            document_part(sha, "s", 3).as_str(),
            "https://w3id.org/govkg/doc/abcdef0123456789/s/3"
        );
    }

    #[test]
    fn relative_bodies_are_qualified_by_their_place() {
        let a = entity(&ent(
            "区科技局",
            EntityKind::GovernmentBody,
            Some("拱墅区"),
            None,
        ));
        let b = entity(&ent(
            "区科技局",
            EntityKind::GovernmentBody,
            Some("西湖区"),
            None,
        ));
        assert_eq!(a.as_str(), "https://w3id.org/govkg/id/org/拱墅区/区科技局");
        assert_ne!(a, b);
        let abs = entity(&ent(
            "拱墅区科技局",
            EntityKind::GovernmentBody,
            Some("拱墅区"),
            None,
        ));
        assert_eq!(abs.as_str(), "https://w3id.org/govkg/id/org/拱墅区科技局");
        let unq = entity(&ent("市委", EntityKind::GovernmentBody, None, None));
        assert_eq!(unq.as_str(), "https://w3id.org/govkg/id/org/市委");
    }

    #[test]
    fn place_relative_needs_an_organ_after_the_prefix() {
        assert!(is_place_relative("区科技局"));
        assert!(is_place_relative("省政府"));
        assert!(is_place_relative("街道办事处"));
        assert!(!is_place_relative("区"));
        assert!(!is_place_relative("国务院"));
        assert!(!is_place_relative("拱墅区"));
    }

    #[test]
    fn places_prefer_their_admin_code() {
        let p = entity(&ent("拱墅区", EntityKind::Place, None, Some("330105")));
        assert_eq!(p.as_str(), "https://w3id.org/govkg/id/place/330105");
        let r = entity(&ent("长三角", EntityKind::Place, None, None));
        assert_eq!(r.as_str(), "https://w3id.org/govkg/id/place/长三角");
    }

    #[test]
    fn unsafe_ascii_is_percent_encoded_and_han_kept() {
        let e = entity(&ent("1+4+N <计划>/#x", EntityKind::Initiative, None, None));
        assert_eq!(
            e.as_str(),
            "https://w3id.org/govkg/id/initiative/1%2B4%2BN%3C计划%3E%2F%23x"
        );
        assert!(NamedNode::new(e.as_str()).is_ok(), "minted IRI must parse");
        assert_eq!(encode_segment("a\u{E000}b"), "a%EE%80%80b");
    }

    #[test]
    fn quotes_and_breaks_do_not_split_an_entity() {
        let a = entity(&ent("“152”工程", EntityKind::Initiative, None, None));
        let b = entity(&ent("152\n工程", EntityKind::Initiative, None, None));
        assert_eq!(a, b);
    }
}
