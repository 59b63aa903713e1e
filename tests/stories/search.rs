//! Chinese full-text search finds records by one, two and five characters, and more.
use visitdesk_core::model::*;
use visitdesk_core::search::search;
use visitdesk_core::testing::*;

#[test]
fn search_finds_by_one_two_and_five_characters() {
    let (_dir, mut store) = new_store();
    let me = store.actor().clone();
    let (huawei, visit) = store
        .write(at(2022, 3, 2), |tx| {
            let huawei = tx.insert(employer("华为技术有限公司"))?.id;
            tx.insert(employer("苏州绿叶精密机械有限公司"))?;
            tx.insert(Contact {
                employer_id: huawei.clone(),
                name: "欧阳娜娜".into(),
                title: "招聘主管".into(),
                phone: None,
                mobile: Some("13912345678".into()),
                email: Some("hr@huawei.com".into()),
                is_alumnus: true,
                alumni_year: Some(2012),
                alumni_major: "通信工程".into(),
                notes: String::new(),
            })?;
            let v = tx.insert(Visit {
                summary: "对方希望扩大嵌入式开发岗位的招聘规模".into(),
                ..completed(visit(&huawei, &me, at(2022, 3, 10)))
            })?;
            tx.insert(Note {
                employer_id: huawei.clone(),
                visit_id: Some(v.id.clone()),
                written_on: day(2022, 3, 10),
                body: "约定四月份来校举办专场宣讲会。".into(),
            })?;
            Ok((huawei, v.id))
        })
        .unwrap();
    let kinds = |q: &str| -> Vec<(Kind, String)> {
        let mut hits: Vec<(Kind, String)> =
            search(store.conn(), q, 50).unwrap().into_iter().map(|h| (h.kind, h.id.to_string())).collect();
        hits.sort_by_key(|(k, id)| (k.as_str(), id.clone()));
        hits
    };
    // One character: 娜 appears only in the contact's name.
    let one = kinds("娜");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].0, Kind::Contact);
    // Two characters: 华为 is the employer's name; the contact and the visit are not about it by name.
    assert_eq!(kinds("华为"), vec![(Kind::Employer, huawei.to_string())]);
    // Two characters found inside a visit's notes.
    assert_eq!(kinds("嵌入"), vec![(Kind::Visit, visit.to_string())]);
    // Five characters, in the middle of a note.
    let five = search(store.conn(), "专场宣讲会", 50).unwrap();
    assert_eq!(five.len(), 1);
    assert_eq!(five[0].kind, Kind::Note);
    assert_eq!(five[0].employer.as_deref(), Some("华为技术有限公司"));
    assert_eq!(five[0].employer_id.as_ref(), Some(&huawei));
    assert_eq!(five[0].visit_id.as_ref(), Some(&visit));
    assert!(five[0].snippet.contains("专场宣讲会"));
    // The characters must be adjacent and in order: 宣讲专场 does not occur.
    assert!(search(store.conn(), "宣讲专场", 50).unwrap().is_empty());
    // Latin text and e-mails, case-insensitively.
    assert_eq!(kinds("HUAWEI.COM").len(), 1);
    // Nothing searchable, nothing found, no error.
    assert!(search(store.conn(), "  ，。\"*", 50).unwrap().is_empty());
}

#[test]
fn edits_and_deletes_update_the_index() {
    let (_dir, mut store) = new_store();
    let id = store.write(at(2022, 3, 2), |tx| tx.insert(employer("旧名字公司"))).unwrap().id;
    store.write(at(2022, 3, 3), |tx| tx.update(&id, employer("新名字公司"))).unwrap();
    assert!(search(store.conn(), "旧名", 50).unwrap().is_empty());
    assert_eq!(search(store.conn(), "新名", 50).unwrap().len(), 1);
    store.write(at(2022, 3, 4), |tx| tx.delete(Kind::Employer, &id)).unwrap();
    assert!(search(store.conn(), "新名", 50).unwrap().is_empty());
}
