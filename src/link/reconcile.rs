//! The core of an OpenRefine-compatible Reconciliation Service (API v0.2): the service
//! manifest and answers to query batches, as JSON values, independent of HTTP so that any
//! server can route `/reconcile` to it.
//!
//! A batch is `{"q0": {"query": "华东医药", "type": "Enterprise", "limit": 3,
//! "properties": [{"pid": "place", "v": "杭州市"}]}}`; the answer is
//! `{"q0": {"result": [{"id", "name", "type": [{"id", "name"}], "score", "match",
//! "features"}]}}`. Types are the six entity categories; properties understood are `place`
//! (a division name or GB/T 2260 code), `alias` and `identifier` (a 统一社会信用代码 gives its
//! place). Others are ignored, as the API allows.

use super::dataset::{parse_kind, resolve_place};
use super::matching::{Matcher, Query, Strength};
use super::{LinkError, graph_entities, uscc};
use crate::lexicon::Lexicon;
use crate::model::EntityKind;
use crate::store::GraphStore;
use serde_json::{Map, Value, json};

/// Candidates returned per query when the request sets no limit.
pub const DEFAULT_LIMIT: usize = 5;
/// Most candidates a query may ask for.
pub const MAX_LIMIT: usize = 50;
/// Lowest score (thousandths) worth showing a user.
const MIN_SCORE: u32 = 300;

/// A category's type object, `{"id": "Enterprise", "name": "企业 Enterprise"}`.
fn type_json(kind: EntityKind) -> Value {
    let zh = match kind {
        EntityKind::GovernmentBody => "政府机构",
        EntityKind::Enterprise => "企业",
        EntityKind::Institution => "机构",
        EntityKind::Platform => "平台",
        EntityKind::Initiative => "举措",
        EntityKind::Place => "地区",
    };
    json!({"id": kind.as_str(), "name": format!("{zh} {}", kind.as_str())})
}

/// The service manifest. Identifiers are the graph's entity IRIs, which `view` opens;
/// `base_url` is where the service is served (documentation link).
pub fn manifest(base_url: &str) -> Value {
    json!({
        "versions": ["0.1", "0.2"],
        "name": "govkg: bodies, enterprises, institutions, platforms, initiatives and places of Chinese government reports",
        "identifierSpace": "https://w3id.org/govkg/id/",
        "schemaSpace": "https://w3id.org/govkg/ontology#",
        "documentation": base_url,
        "view": {"url": "{{id}}"},
        "defaultTypes": EntityKind::ALL.iter().map(|k| type_json(*k)).collect::<Vec<_>>(),
    })
}

/// Answers reconciliation queries against one store; the entities are read once.
pub struct Reconciler {
    lexicon: Lexicon,
    matcher: Matcher,
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        // a reconciled value: {"id": ..., "name": ...}
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("id"))
            .map(strings)
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

impl Reconciler {
    /// Reads the store's entities.
    pub fn new(store: &GraphStore) -> Result<Self, LinkError> {
        let lexicon = Lexicon::embedded();
        let matcher = Matcher::new(&lexicon, graph_entities(store)?);
        Ok(Self { lexicon, matcher })
    }

    fn query(&self, key: &str, q: &Value) -> Result<Value, LinkError> {
        let bad = |what: &str| LinkError::Request(format!("query {key:?}: {what}"));
        let obj = q.as_object().ok_or_else(|| bad("must be an object"))?;
        let name = match obj.get("query") {
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(_) => return Err(bad("\"query\" must be a string")),
            None => String::new(),
        };
        let limit = match obj.get("limit") {
            None | Some(Value::Null) => DEFAULT_LIMIT,
            Some(v) => v
                .as_f64()
                .filter(|n| *n >= 0.0)
                .map(|n| (n as usize).min(MAX_LIMIT))
                .ok_or_else(|| bad("\"limit\" must be a non-negative number"))?,
        };
        let types: Vec<String> = obj.get("type").map(strings).unwrap_or_default();
        let kinds: Vec<EntityKind> = types.iter().filter_map(|t| parse_kind(t)).collect();
        if kinds.len() < types.len() {
            return Err(bad(
                "unknown type (use GovernmentBody, Enterprise, Institution, Platform, Initiative or Place)",
            ));
        }
        let mut query = Query {
            name,
            kind: kinds.first().copied(),
            ..Query::default()
        };
        if let Some(props) = obj.get("properties") {
            let props = props
                .as_array()
                .ok_or_else(|| bad("\"properties\" must be an array"))?;
            for p in props {
                let pid = p.get("pid").and_then(Value::as_str).unwrap_or("");
                let values = p.get("v").map(strings).unwrap_or_default();
                for v in values {
                    match pid {
                        "place" | "admin_code" | "adminCode" => {
                            query.place = query.place.or(resolve_place(&self.lexicon, &v));
                        }
                        "alias" | "aliases" => query.aliases.push(v),
                        "identifier" => {
                            query.place = query.place.or(uscc::division_code(&v)
                                .and_then(|d| self.lexicon.division_by_code(d))
                                .map(|d| d.code.clone()));
                        }
                        _ => {}
                    }
                }
            }
        }
        if query.name.is_empty() && query.aliases.is_empty() {
            return Ok(json!({"result": []}));
        }
        let found = self
            .matcher
            .find(&self.lexicon, &query, MIN_SCORE, limit.max(1));
        // with several types (type_strict "any"), the best of any of them
        let found: Vec<_> = found
            .into_iter()
            .filter(|m| kinds.len() < 2 || kinds.contains(&self.matcher.entities()[m.entity].kind))
            .take(limit)
            .collect();
        let exact = found
            .iter()
            .filter(|m| m.strength == Strength::Exact)
            .count();
        let result: Vec<Value> = found
            .iter()
            .map(|m| {
                let e = &self.matcher.entities()[m.entity];
                let f = &m.features;
                let part = |a: Option<bool>| match a {
                    Some(true) => 1.0,
                    None => 0.5,
                    Some(false) => 0.0,
                };
                json!({
                    "id": e.iri,
                    "name": e.label,
                    "type": [type_json(e.kind)],
                    "score": f64::from(m.score) / 10.0,
                    // OpenRefine matches automatically only when one candidate is certain
                    "match": m.strength == Strength::Exact && exact == 1,
                    "features": [
                        {"id": "name_exact", "value": f.name_exact},
                        {"id": "name_normalised", "value": f.name_normalised},
                        {"id": "name_alias", "value": f.alias},
                        {"id": "name_containment", "value": f.containment},
                        {"id": "name_ngram", "value": (f.ngram * 1000.0).round() / 1000.0},
                        {"id": "type", "value": part(f.type_agrees)},
                        {"id": "place", "value": part(f.place_agrees)},
                    ],
                })
            })
            .collect();
        Ok(json!({ "result": result }))
    }

    /// Answers a query batch (`{"q0": {...}, "q1": {...}}`), keys kept.
    pub fn answer(&self, queries: &Value) -> Result<Value, LinkError> {
        let batch = queries.as_object().ok_or_else(|| {
            LinkError::Request("the batch must be a JSON object of queries".into())
        })?;
        let mut out = Map::new();
        for (key, q) in batch {
            out.insert(key.clone(), self.query(key, q)?);
        }
        Ok(Value::Object(out))
    }

    /// Answers the `queries` form parameter as sent by OpenRefine (JSON text).
    pub fn answer_text(&self, queries: &str) -> Result<Value, LinkError> {
        let v: Value = serde_json::from_str(queries)
            .map_err(|e| LinkError::Request(format!("not JSON: {e}")))?;
        self.answer(&v)
    }
}

/// Answers one batch against a store (reads its entities first; a server keeps a
/// [`Reconciler`] instead).
pub fn answer(store: &GraphStore, queries: &Value) -> Result<Value, LinkError> {
    Reconciler::new(store)?.answer(queries)
}
