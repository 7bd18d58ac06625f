//! External datasets a user links the graph to: a CSV table (`name, identifier, type`, then
//! optional `aliases` separated by `|` and `place`) or an RDF file (Turtle or N-Triples with
//! labels, identifiers and types), read into [`Record`]s.
//!
//! Rows that cannot be used are [`Refusal`]s, not errors: one bad 统一社会信用代码 must not
//! stop the valid rows from being linked. Only an unreadable file or a table without the
//! required columns fails the whole dataset.

use super::{LinkError, uscc};
use crate::lexicon::Lexicon;
use crate::model::EntityKind;
use std::path::{Path, PathBuf};

/// One row of a dataset: something the graph may name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Line of the file it comes from (CSV), for messages and provenance.
    pub line: Option<usize>,
    /// Its IRI when the dataset is RDF; CSV rows get one minted from the identifier.
    pub iri: Option<String>,
    /// The identifier (a 统一社会信用代码, a registry number, ...).
    pub identifier: String,
    /// Its name.
    pub name: String,
    /// Other names (简称).
    pub aliases: Vec<String>,
    /// Its category, when the dataset says.
    pub kind: Option<EntityKind>,
    /// The GB/T 2260 code of its place: from the place column, else from the credit code.
    pub place: Option<String>,
}

/// A row left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// Line of the file.
    pub line: Option<usize>,
    /// The identifier as written.
    pub identifier: String,
    /// What is wrong with it, in one phrase.
    pub reason: String,
}

/// A dataset read from one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    /// Short name (the file stem), which names its link graph.
    pub name: String,
    /// The path as given.
    pub path: PathBuf,
    /// Usable rows, in file order.
    pub records: Vec<Record>,
    /// Rows left out.
    pub refused: Vec<Refusal>,
}

/// A category as a dataset writes it: our class names or common Chinese words.
pub fn parse_kind(s: &str) -> Option<EntityKind> {
    let s = s.trim();
    let local = s.rsplit(['#', '/']).next().unwrap_or(s);
    EntityKind::parse(local).or(match local {
        "企业" | "公司" | "RegisteredOrganization" | "Company" | "Corporation" => {
            Some(EntityKind::Enterprise)
        }
        "政府机构" | "机关" | "部门" | "GovernmentOrganization" | "Bureau" => {
            Some(EntityKind::GovernmentBody)
        }
        "机构" | "事业单位" | "社会组织" | "EducationalOrganization" => {
            Some(EntityKind::Institution)
        }
        "平台" | "园区" => Some(EntityKind::Platform),
        "项目" | "举措" | "工程" | "Project" => Some(EntityKind::Initiative),
        "地区" | "行政区划" | "地点" | "AdministrativeArea" => Some(EntityKind::Place),
        _ => None,
    })
}

/// A place as a dataset writes it (a six-digit code, a full division name, a unique short
/// form) → its GB/T 2260 code.
pub fn resolve_place(lex: &Lexicon, place: &str) -> Option<String> {
    let p = place.trim();
    let p = p.rsplit('/').next().unwrap_or(p);
    if p.len() == 6 && p.bytes().all(|b| b.is_ascii_digit()) {
        return lex.division_by_code(p).map(|d| d.code.clone());
    }
    if let Some(d) = lex.division(p) {
        return Some(d.code.clone());
    }
    match lex.divisions_by_short(p).as_slice() {
        [d] => Some(d.code.clone()),
        _ => None,
    }
}

/// Validates a row's identifier and fills its place from a credit code. A string shaped
/// like a 统一社会信用代码 (18 letters and digits) must pass GB 32100-2015's check.
fn checked(lex: &Lexicon, mut r: Record) -> Result<Record, Refusal> {
    let refuse = |reason: String| Refusal {
        line: r.line,
        identifier: r.identifier.clone(),
        reason,
    };
    if r.name.trim().is_empty() {
        return Err(refuse("the name is empty".into()));
    }
    if r.identifier.trim().is_empty() {
        return Err(refuse("the identifier is empty".into()));
    }
    let id = r.identifier.trim();
    if id.chars().count() == 18 && id.chars().all(|c| c.is_ascii_alphanumeric()) {
        if let Err(e) = uscc::validate(id) {
            return Err(refuse(format!("not a valid 统一社会信用代码: {e}")));
        }
        if r.place.is_none() {
            r.place = uscc::division_code(id)
                .and_then(|d| lex.division_by_code(d))
                .map(|d| d.code.clone());
        }
    }
    // a place's identifier may be its own division code
    if r.place.is_none() && r.kind == Some(EntityKind::Place) {
        r.place = lex.division_by_code(id).map(|d| d.code.clone());
    }
    r.identifier = id.to_owned();
    Ok(r)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "dataset".to_owned())
}

/// Reads a CSV dataset. The header names the columns (any order, case ignored):
/// `name`, `identifier`, `type` are required; `aliases` (separated by `|`) and `place` are
/// optional.
pub fn read_csv(lex: &Lexicon, path: &Path, bytes: &[u8]) -> Result<Dataset, LinkError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let csv_err = |e: csv::Error| LinkError::Csv {
        path: path.to_path_buf(),
        line: e.position().map_or(0, |p| p.line() as usize),
        message: e.to_string(),
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(csv_err)?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(name_c), Some(id_c), Some(type_c)) = (col("name"), col("identifier"), col("type"))
    else {
        return Err(LinkError::Header {
            path: path.to_path_buf(),
            found: header.join(","),
        });
    };
    let (alias_c, place_c) = (col("aliases"), col("place"));
    let mut records = Vec::new();
    let mut refused = Vec::new();
    for row in reader.records() {
        let row = row.map_err(csv_err)?;
        let line = row.position().map(|p| p.line() as usize);
        let field = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").trim();
        let type_text = field(Some(type_c));
        let kind = parse_kind(type_text);
        let identifier = field(Some(id_c)).to_owned();
        if kind.is_none() && !type_text.is_empty() {
            refused.push(Refusal {
                line,
                identifier,
                reason: format!(
                    "unknown type {type_text:?} (use GovernmentBody, Enterprise, Institution, Platform, Initiative or Place)"
                ),
            });
            continue;
        }
        let place_text = field(place_c);
        let place = if place_text.is_empty() {
            None
        } else if let Some(code) = resolve_place(lex, place_text) {
            Some(code)
        } else {
            refused.push(Refusal {
                line,
                identifier,
                reason: format!(
                    "unknown place {place_text:?} (give a GB/T 2260 code or a division's full name)"
                ),
            });
            continue;
        };
        let record = Record {
            line,
            iri: None,
            identifier,
            name: field(Some(name_c)).to_owned(),
            aliases: field(alias_c)
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect(),
            kind,
            place,
        };
        records.push(record);
    }
    Ok(checked_dataset(lex, path, records, refused))
}

/// The dataset of `path`: the records whose credit codes check; the others join the refused,
/// which are reported in line order.
fn checked_dataset(
    lex: &Lexicon,
    path: &Path,
    rows: impl IntoIterator<Item = Record>,
    mut refused: Vec<Refusal>,
) -> Dataset {
    let mut records = Vec::new();
    for r in rows {
        match checked(lex, r) {
            Ok(r) => records.push(r),
            Err(r) => refused.push(r),
        }
    }
    refused.sort_by_key(|r| r.line);
    Dataset {
        name: stem(path),
        path: path.to_path_buf(),
        records,
        refused,
    }
}

/// Reads a dataset file, CSV or RDF by its extension (`.csv`; `.ttl`, `.nt`).
pub fn read(lex: &Lexicon, path: &Path) -> Result<Dataset, LinkError> {
    let bytes = std::fs::read(path).map_err(|source| LinkError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        // tables saved by Chinese spreadsheets are often GBK rather than UTF-8
        // spreadsheets save tables as UTF-8 (with a BOM), GBK or UTF-16: the reports' decoder
        // reads them all
        "csv" => {
            let raw = crate::decode::RawDocument {
                source: path.display().to_string(),
                bytes,
            };
            read_csv(lex, path, crate::decode::decode(&raw)?.text.as_bytes())
        }
        "ttl" | "nt" => {
            let turtle = ext == "ttl";
            let rows = crate::rdf::link::read_records(&bytes, turtle).map_err(|message| {
                LinkError::Rdf {
                    path: path.to_path_buf(),
                    message,
                }
            })?;
            let rows = rows.into_iter().map(|mut r| {
                r.place = r.place.as_deref().and_then(|p| resolve_place(lex, p));
                r
            });
            Ok(checked_dataset(lex, path, rows, Vec::new()))
        }
        _ => Err(LinkError::Format {
            path: path.to_path_buf(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_read_checked_and_refused_with_their_line() -> Result<(), LinkError> {
        let lex = Lexicon::embedded();
        let csv = "name,identifier,type,aliases,place\n\
                   华东医药,91350100M000100Y43,Enterprise,华东|华东医药股份,\n\
                   坏代码,91350100M000100Y4A,企业,,\n\
                   拱墅区发改局,X-1,GovernmentBody,,拱墅区\n";
        let d = read_csv(&lex, Path::new("t.csv"), csv.as_bytes())?;
        assert_eq!(d.name, "t");
        assert_eq!(d.records.len(), 2);
        assert_eq!(d.records[0].aliases, ["华东", "华东医药股份"]);
        // the credit code's division part gives the place
        assert_eq!(d.records[0].place.as_deref(), Some("350100"));
        assert_eq!(d.records[1].place.as_deref(), Some("330105"));
        assert_eq!(d.refused.len(), 1);
        assert_eq!(d.refused[0].line, Some(3));
        assert!(d.refused[0].reason.contains("check character"));
        Ok(())
    }

    #[test]
    fn a_gbk_table_is_read() -> Result<(), LinkError> {
        let lex = Lexicon::embedded();
        let dir = std::env::temp_dir().join(format!("govkg-gbk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|source| LinkError::Io {
            path: dir.clone(),
            source,
        })?;
        let path = dir.join("gbk.csv");
        let (bytes, _, _) =
            encoding_rs::GBK.encode("name,identifier,type\n华东医药,91350100M000100Y43,企业\n");
        std::fs::write(&path, &bytes).map_err(|source| LinkError::Io {
            path: path.clone(),
            source,
        })?;
        let d = read(&lex, &path)?;
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(d.records.len(), 1);
        assert_eq!(d.records[0].name, "华东医药");
        assert_eq!(d.records[0].kind, Some(EntityKind::Enterprise));
        Ok(())
    }

    #[test]
    fn a_table_without_the_required_columns_is_an_error() {
        let lex = Lexicon::embedded();
        let r = read_csv(&lex, Path::new("t.csv"), b"title,code\na,b\n");
        assert!(matches!(r, Err(LinkError::Header { .. })));
    }
}
