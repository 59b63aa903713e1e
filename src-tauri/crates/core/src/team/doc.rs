//! A record as an Automerge document: `ROOT { kind, deleted_at, data }`, with the record's JSON
//! under `data`. Objects become maps, so two fields of one record edited on two laptops merge
//! apart; strings, numbers, booleans and null are whole values, so a clash on one field is a
//! clash of whole values (listed as a conflict, never spliced); a list that changes is put
//! anew, whole. The merge itself is Automerge's.
use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, AutomergeError, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value as AmValue};
use serde_json::{Map, Number, Value};

/// Writes into the map `obj` what differs between `before` (none: a new document) and `after`.
/// Keys missing from `after` stay: a newer version's field must survive an older app's edit.
pub fn put_diff(
    doc: &mut AutoCommit,
    obj: &ObjId,
    before: Option<&Map<String, Value>>,
    after: &Map<String, Value>,
) -> Result<(), AutomergeError> {
    for (key, value) in after {
        let old = before.and_then(|b| b.get(key));
        if old == Some(value) {
            continue;
        }
        match value {
            Value::Object(fields) => {
                let child = match doc.get(obj, key.as_str())? {
                    Some((AmValue::Object(ObjType::Map), id)) => id,
                    _ => doc.put_object(obj, key.as_str(), ObjType::Map)?,
                };
                put_diff(doc, &child, old.and_then(Value::as_object), fields)?;
            }
            Value::Array(items) => {
                let list = doc.put_object(obj, key.as_str(), ObjType::List)?;
                fill_list(doc, &list, items)?;
            }
            scalar => doc.put(obj, key.as_str(), scalar_of(scalar))?,
        }
    }
    Ok(())
}

fn fill_list(doc: &mut AutoCommit, list: &ObjId, items: &[Value]) -> Result<(), AutomergeError> {
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Object(fields) => {
                let child = doc.insert_object(list, i, ObjType::Map)?;
                put_diff(doc, &child, None, fields)?;
            }
            Value::Array(inner) => {
                let child = doc.insert_object(list, i, ObjType::List)?;
                fill_list(doc, &child, inner)?;
            }
            scalar => doc.insert(list, i, scalar_of(scalar))?,
        }
    }
    Ok(())
}

fn scalar_of(v: &Value) -> ScalarValue {
    match v {
        Value::Bool(b) => ScalarValue::Boolean(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => ScalarValue::Int(i),
            (None, Some(u)) => ScalarValue::Uint(u),
            _ => ScalarValue::F64(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => ScalarValue::Str(s.as_str().into()),
        _ => ScalarValue::Null,
    }
}

fn json_of(v: &ScalarValue) -> Value {
    match v {
        ScalarValue::Boolean(b) => Value::Bool(*b),
        ScalarValue::Int(i) => Value::from(*i),
        ScalarValue::Uint(u) => Value::from(*u),
        ScalarValue::F64(f) => Number::from_f64(*f).map(Value::Number).unwrap_or(Value::Null),
        ScalarValue::Str(s) => Value::String(s.to_string()),
        _ => Value::Null,
    }
}

fn read_value(doc: &AutoCommit, value: AmValue<'_>, id: &ObjId) -> Value {
    match value {
        AmValue::Object(ObjType::Map | ObjType::Table) => read_map(doc, id),
        AmValue::Object(_) => {
            let items = (0..doc.length(id))
                .filter_map(|i| doc.get(id, i).ok().flatten())
                .map(|(v, child)| read_value(doc, v, &child))
                .collect();
            Value::Array(items)
        }
        AmValue::Scalar(s) => json_of(&s),
    }
}

fn read_map(doc: &AutoCommit, obj: &ObjId) -> Value {
    let mut out = Map::new();
    for key in doc.keys(obj) {
        if let Ok(Some((value, id))) = doc.get(obj, key.as_str()) {
            out.insert(key, read_value(doc, value, &id));
        }
    }
    Value::Object(out)
}

/// A new document for a record of `kind`, by `actor`, holding `data`.
pub fn create(doc: &mut AutoCommit, kind: &str, data: &Value, deleted_at: Option<&str>) -> Result<(), AutomergeError> {
    doc.put(ROOT, "kind", kind)?;
    let map = doc.put_object(ROOT, "data", ObjType::Map)?;
    put_diff(doc, &map, None, data.as_object().unwrap_or(&Map::new()))?;
    put_deleted(doc, deleted_at)
}

/// Records a change of a record: the fields that differ, and whether it is in the trash.
///
/// An edit also says again whether the record is in the trash, so an edit made on one laptop
/// while another deleted the record is a clash on `deleted_at` in every document that holds
/// both, settled like any clash (see [`deleted_at`] and [`clashes`]).
pub fn change(
    doc: &mut AutoCommit,
    before: &Value,
    after: &Value,
    deleted_at: Option<&str>,
) -> Result<(), AutomergeError> {
    let map = match doc.get(ROOT, "data")? {
        Some((AmValue::Object(ObjType::Map), id)) => id,
        _ => doc.put_object(ROOT, "data", ObjType::Map)?,
    };
    put_diff(doc, &map, before.as_object(), after.as_object().unwrap_or(&Map::new()))?;
    if before != after || self::deleted_at(doc).as_deref() != deleted_at {
        put_deleted(doc, deleted_at)?;
    }
    Ok(())
}

/// When the record went to the trash: deleted wins over an edit made apart (the record stays
/// in the trash, the edit kept), and of two deletes made apart the later time is shown.
pub fn deleted_at(doc: &AutoCommit) -> Option<String> {
    let all = doc.get_all(ROOT, "deleted_at").unwrap_or_default();
    all.into_iter()
        .filter_map(|(v, _)| match v {
            AmValue::Scalar(s) => json_of(&s).as_str().map(str::to_string),
            AmValue::Object(_) => None,
        })
        .max()
}

/// Puts when the record went to the trash, or for a live record a number that differs from
/// the one there: Automerge makes no change of a put of the value a field holds already, and
/// an edit must say "live" again to clash with a delete made apart.
fn put_deleted(doc: &mut AutoCommit, deleted_at: Option<&str>) -> Result<(), AutomergeError> {
    match deleted_at {
        Some(at) => doc.put(ROOT, "deleted_at", at),
        None => {
            let next = match doc.get(ROOT, "deleted_at")? {
                Some((AmValue::Scalar(s), _)) => match s.as_ref() {
                    ScalarValue::Int(n) => n.wrapping_add(1),
                    _ => 1,
                },
                _ => 1,
            };
            doc.put(ROOT, "deleted_at", ScalarValue::Int(next))
        }
    }
}

/// The record a document holds: its kind, its data and when it went to the trash.
pub fn read(doc: &AutoCommit) -> (Option<String>, Value, Option<String>) {
    let kind = match doc.get(ROOT, "kind").ok().flatten() {
        Some((AmValue::Scalar(s), _)) => json_of(&s).as_str().map(str::to_string),
        _ => None,
    };
    let data = match doc.get(ROOT, "data").ok().flatten() {
        Some((AmValue::Object(ObjType::Map), id)) => read_map(doc, &id),
        _ => Value::Object(Map::new()),
    };
    (kind, data, deleted_at(doc))
}

/// Puts `value` at the dotted `path` under `data` even when it is the value shown already: what
/// settles a clash there, on every laptop the change reaches.
pub fn put_at(doc: &mut AutoCommit, path: &str, value: &Value) -> Result<(), AutomergeError> {
    let mut obj = match doc.get(ROOT, "data")? {
        Some((AmValue::Object(ObjType::Map), id)) => id,
        _ => doc.put_object(ROOT, "data", ObjType::Map)?,
    };
    let mut keys: Vec<&str> = path.split('.').collect();
    let last = keys.pop().unwrap_or_default();
    for key in keys {
        obj = match doc.get(&obj, key)? {
            Some((AmValue::Object(ObjType::Map), id)) => id,
            _ => doc.put_object(&obj, key, ObjType::Map)?,
        };
    }
    match value {
        Value::Object(fields) => {
            let child = doc.put_object(&obj, last, ObjType::Map)?;
            put_diff(doc, &child, None, fields)
        }
        Value::Array(items) => {
            let list = doc.put_object(&obj, last, ObjType::List)?;
            fill_list(doc, &list, items)
        }
        scalar => doc.put(&obj, last, scalar_of(scalar)),
    }
}

/// A field that holds two or more different values, edited at once on two laptops: each value
/// with the Automerge actor that put it (its device), the value every laptop shows first.
pub type Clash = (String, Vec<(Value, Option<ActorId>)>);

/// The actor that made the operation `id`.
fn actor_of(id: &ObjId) -> Option<ActorId> {
    match id {
        ObjId::Id(_, actor, _) => Some(actor.clone()),
        ObjId::Root => None,
    }
}

/// The fields under `data` (dotted paths into nested maps) that hold two or more different
/// values ([`Clash`]). And `deleted_at` when the record was deleted on one laptop and edited on
/// another: its time, then `null` (two deletes made apart are no clash).
pub fn clashes(doc: &AutoCommit) -> Vec<Clash> {
    let mut out = Vec::new();
    let all = doc.get_all(ROOT, "deleted_at").unwrap_or_default();
    let deleted_by = |deleted: bool| {
        all.iter()
            .find(|(v, _)| matches!(v, AmValue::Scalar(s) if json_of(s).is_string()) == deleted)
            .and_then(|(_, id)| actor_of(id))
    };
    if let Some(at) = deleted_at(doc)
        && all.iter().any(|(v, _)| !matches!(v, AmValue::Scalar(s) if json_of(s).is_string()))
    {
        out.push((
            "deleted_at".to_string(),
            vec![(Value::String(at), deleted_by(true)), (Value::Null, deleted_by(false))],
        ));
    }
    if let Ok(Some((AmValue::Object(ObjType::Map), data))) = doc.get(ROOT, "data") {
        clashes_in(doc, &data, "", &mut out);
    }
    out
}

fn clashes_in(doc: &AutoCommit, obj: &ObjId, prefix: &str, out: &mut Vec<Clash>) {
    for key in doc.keys(obj) {
        let path = format!("{prefix}{key}");
        let Ok(all) = doc.get_all(obj, key.as_str()) else { continue };
        let mut values: Vec<(Value, Option<ActorId>)> = Vec::new();
        for (value, id) in &all {
            let v = read_value(doc, value.clone(), id);
            if !values.iter().any(|(seen, _)| *seen == v) {
                values.push((v, actor_of(id)));
            }
        }
        if values.len() > 1 {
            // The value every laptop shows is the one `get` returns: put it first.
            if let Ok(Some((value, id))) = doc.get(obj, key.as_str()) {
                let shown = read_value(doc, value, &id);
                if let Some(i) = values.iter().position(|(v, _)| *v == shown) {
                    let first = values.remove(i);
                    values.insert(0, first);
                }
            }
            out.push((path, values));
        } else if let [(AmValue::Object(ObjType::Map), id)] = all.as_slice() {
            clashes_in(doc, id, &format!("{path}."), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::ActorId;
    use serde_json::json;

    fn doc(actor: &str) -> AutoCommit {
        AutoCommit::new().with_actor(ActorId::from(actor.as_bytes()))
    }

    #[test]
    fn a_record_goes_in_and_comes_out_the_same() {
        let data = json!({"name": "苏州绿叶", "size": 3, "big": u64::MAX, "rate": 0.5, "key": true, "none": null,
            "outcome": {"channel": true, "jobs": [{"title": "数控", "n": 5}]}, "majors": ["机电", "数控"]});
        let mut d = doc("a");
        create(&mut d, "employer", &data, None).unwrap();
        assert_eq!(read(&d), (Some("employer".into()), data.clone(), None));
        let trashed = json!({"name": "苏州绿叶精密", "size": 3, "big": u64::MAX, "rate": 0.5, "key": false, "none": null,
            "outcome": {"channel": true, "jobs": []}, "majors": ["机电"]});
        change(&mut d, &data, &trashed, Some("2022-03-01T00:00:00Z")).unwrap();
        let loaded = AutoCommit::load(&d.save()).unwrap();
        assert_eq!(read(&loaded), (Some("employer".into()), trashed, Some("2022-03-01T00:00:00Z".into())));
    }

    #[test]
    fn two_fields_merge_apart_and_one_field_clashes_whole() {
        let base = json!({"objectives": "谈实习", "notes": "", "outcome": {"channel": false, "exemplary": false}});
        let mut a = doc("a");
        create(&mut a, "visit", &base, None).unwrap();
        a.commit();
        let mut b = a.fork().with_actor(ActorId::from("b".as_bytes()));
        let on_a = json!({"objectives": "谈共建基地", "notes": "", "outcome": {"channel": true, "exemplary": false}});
        let on_b =
            json!({"objectives": "谈招聘", "notes": "带宣传册", "outcome": {"channel": false, "exemplary": true}});
        change(&mut a, &base, &on_a, None).unwrap();
        change(&mut b, &base, &on_b, None).unwrap();
        a.merge(&mut b).unwrap();
        b.merge(&mut a).unwrap();
        let (_, merged, _) = read(&a);
        assert_eq!(merged, read(&b).1, "both sides hold the same");
        assert_eq!(merged["notes"], "带宣传册");
        assert_eq!(merged["outcome"], json!({"channel": true, "exemplary": true}));
        let clashes = clashes(&a);
        assert_eq!(clashes.len(), 1, "{clashes:?}");
        assert_eq!(clashes[0].0, "objectives");
        assert_eq!(clashes[0].1[0].0, merged["objectives"], "the value shown comes first");
        let mut by: Vec<_> = clashes[0].1.iter().map(|(_, actor)| actor.clone().unwrap()).collect();
        by.sort();
        assert_eq!(by, [ActorId::from("a".as_bytes()), ActorId::from("b".as_bytes())], "who put each value");
        assert_eq!(clashes[0].1.len(), 2);
    }
}
