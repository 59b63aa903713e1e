//! Import fixtures built here: a messy workbook, GB18030 and UTF-16 CSV files, duplicates
//! against the file and the store, and a file with nothing valid.
use super::import::*;
use super::read::{Encoding, Format};
use crate::employers::{self, EmployerFilter};
use crate::model::validate::credit_code_check_char;
use crate::model::{Contact, Employer, Origin, Record};
use crate::store::{Store, records};
use crate::testing::*;
use rust_xlsxwriter::{Format as XlsxFormat, Workbook};

/// A valid credit code from its first 17 characters.
pub fn code(body: &str) -> String {
    format!("{body}{}", credit_code_check_char(body).unwrap())
}

fn employers_in(store: &Store) -> Vec<Employer> {
    employers::list(store.conn(), &EmployerFilter::default()).unwrap().into_iter().map(|e| e.data).collect()
}

fn contacts_of(store: &Store, name: &str) -> Vec<Contact> {
    let e = employers::list(store.conn(), &EmployerFilter::default())
        .unwrap()
        .into_iter()
        .find(|e| e.data.name == name)
        .unwrap();
    let mut contacts: Vec<Contact> =
        employers::detail(store.conn(), &e.id).unwrap().contacts.into_iter().map(|c| c.data).collect();
    // Contacts written in one batch share their creation time: sort by name.
    contacts.sort_by(|a, b| a.name.cmp(&b.name));
    contacts
}

fn actions(p: &Preview) -> Vec<(u32, Action)> {
    p.rows.iter().map(|r| (r.row, r.action.clone())).collect()
}

fn codes(r: &RowOutcome) -> Vec<IssueCode> {
    r.issues.iter().map(|i| i.code).collect()
}

/// A workbook as offices send them: a merged title row, a blank row, headers with notes in
/// brackets, a full-width credit code, a phone cell with two numbers, an employer name merged
/// over two contact rows, dates as a serial number and as 2022年3月15日, √ for yes, a wrong
/// check character, a blank row and a totals row.
fn messy_xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let f = XlsxFormat::new();
    sheet.merge_range(0, 0, 0, 7, "示例职业技术学院 2022年合作单位名单", &f).unwrap();
    let header =
        ["序号", "企业名称（全称）", "统一社会信用代码", "联系人", "手机", "E-mail", "是否重点单位", "开拓日期"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let text = |sheet: &mut rust_xlsxwriter::Worksheet, r, c, s: &str| {
        sheet.write_string(r, c, s).unwrap();
    };
    sheet.write_number(3, 0, 1).unwrap();
    text(sheet, 3, 1, "苏州精密制造有限公司");
    text(sheet, 3, 2, "９１３５０１００Ｍ０００１００ｙ４３");
    text(sheet, 3, 3, "张三");
    text(sheet, 3, 4, "13800138000 / 0512-66881234");
    text(sheet, 3, 5, "zhang@acme.cn");
    text(sheet, 3, 6, "√");
    sheet.write_number(3, 7, 44635).unwrap();
    sheet.write_number(4, 0, 2).unwrap();
    sheet.merge_range(4, 1, 5, 1, "无锡新材料有限公司", &f).unwrap();
    text(sheet, 4, 3, "李四");
    sheet.write_number(4, 4, 13900139000.0).unwrap();
    text(sheet, 4, 5, "li@@bad");
    text(sheet, 4, 7, "2022年3月15日");
    sheet.write_number(5, 0, 3).unwrap();
    text(sheet, 5, 3, "王五");
    text(sheet, 5, 4, "13700137000");
    sheet.write_number(6, 0, 4).unwrap();
    text(sheet, 6, 1, "常州电子有限公司");
    text(sheet, 6, 2, "91350100M000100Y44");
    text(sheet, 6, 3, "赵六");
    text(sheet, 6, 6, "否");
    text(sheet, 8, 0, "合计");
    sheet.write_number(8, 1, 3).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn a_messy_workbook_is_previewed_row_by_row_and_committed_as_one_undoable_batch() {
    let (_dir, mut store) = new_store();
    let bytes = messy_xlsx();
    let p = preview(store.conn(), &bytes, &ImportOptions::default()).unwrap();
    assert_eq!((p.layout.format, p.layout.header_row), (Format::Xlsx, 3));
    let mapped: Vec<Option<Field>> = p.layout.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        mapped,
        [
            None,
            Some(Field::Name),
            Some(Field::CreditCode),
            Some(Field::ContactName),
            Some(Field::Mobile),
            Some(Field::Email),
            Some(Field::IsKey),
            Some(Field::DevelopedOn)
        ]
    );
    assert_eq!(p.layout.columns[1].matched.as_deref(), Some("企业名称"));
    assert_eq!(
        actions(&p),
        [
            (4, Action::Create),
            (5, Action::Create),
            (6, Action::MergeInFile { row: 5, by: MatchedBy::Name }),
            (7, Action::Reject),
            (9, Action::Skip),
        ]
    );
    assert_eq!(codes(&p.rows[1]), [IssueCode::EmailDropped]);
    assert_eq!(p.rows[3].issues[0].validation.as_deref(), Some("validation.credit_code_check"));
    assert_eq!(codes(&p.rows[4]), [IssueCode::TotalsRow]);
    let c = &p.counts;
    assert_eq!((c.created, c.merged_in_file, c.merged_existing, c.rejected, c.skipped), (2, 1, 0, 1, 1));
    assert_eq!(c.contacts_added, 3);
    // The preview wrote nothing.
    assert!(employers_in(&store).is_empty());

    let done = commit(&mut store, &bytes, &ImportOptions::default(), at(2022, 3, 20)).unwrap();
    assert_eq!(done.preview, p);
    let all = employers_in(&store);
    assert_eq!(all.len(), 2);
    let acme = all.iter().find(|e| e.name == "苏州精密制造有限公司").unwrap();
    assert_eq!(acme.credit_code.as_deref(), Some("91350100M000100Y43"));
    assert!(acme.is_key);
    assert_eq!((acme.origin, acme.developed_on), (Origin::NewlyDeveloped, Some(day(2022, 3, 15))));
    let zhang = &contacts_of(&store, "苏州精密制造有限公司")[0];
    assert_eq!(
        (zhang.mobile.as_deref(), zhang.phone.as_deref(), zhang.email.as_deref()),
        (Some("13800138000"), Some("0512-66881234"), Some("zhang@acme.cn"))
    );
    let wuxi = contacts_of(&store, "无锡新材料有限公司");
    let names: Vec<&str> = wuxi.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["李四", "王五"]);
    assert_eq!((wuxi[0].mobile.as_deref(), wuxi[0].email.as_deref()), (Some("13900139000"), None));
    let wuxi_employer = all.iter().find(|e| e.name == "无锡新材料有限公司").unwrap();
    assert_eq!(wuxi_employer.developed_on, Some(day(2022, 3, 15)));

    // One batch: undo takes the whole import back.
    let undone = store.write(at(2022, 3, 21), |tx| tx.undo_last()).unwrap();
    assert_eq!(undone, 5);
    assert!(employers_in(&store).is_empty());
}

const CSV_TEXT: &str = "2022年用人单位信息表,,,,,\n\
单位名称,统一社会信用代码,联系人,联系电话,重点单位,开拓日期\n\
华东机电有限公司,91320500MA1MX6KC3N,陈一,０５１２－６６８８１２３４,是,2022/3/15\n\
\"江南纺织股份有限公司\",,\"林二\",13812345678、13987654321,Y,2022.04.01\n\
,,,,,\n\
总计：2家,,,,,\n";

#[test]
fn a_gb18030_csv_is_detected_and_the_override_is_honoured() {
    let (_dir, store) = new_store();
    let bytes = encoding_rs::GB18030.encode(CSV_TEXT).0.into_owned();
    let p = preview(store.conn(), &bytes, &ImportOptions::default()).unwrap();
    assert_eq!(
        (p.layout.format, p.layout.encoding, p.layout.decode_errors, p.layout.header_row),
        (Format::Csv, Some(Encoding::Gb18030), false, 2)
    );
    let c = &p.counts;
    assert_eq!((c.created, c.merged_in_file, c.rejected, c.skipped, c.contacts_added), (2, 0, 0, 1, 2));
    // Two mobiles in one cell: the second goes to the phone field.
    assert_eq!(p.rows[1].issues, []);

    // Read as UTF-8, the headers are garbage: no header row is found.
    let wrong = ImportOptions { encoding: Some(Encoding::Utf8), ..ImportOptions::default() };
    let err = preview(store.conn(), &bytes, &wrong).unwrap_err();
    assert_eq!(err.code(), "exchange.no_header");
}

#[test]
fn a_utf16_tab_separated_file_with_english_headers_imports() {
    let (_dir, mut store) = new_store();
    let text = "Contact\tCompany Name\tTel\tKey\r\n王工\t华东机电有限公司\t13812345678\tY\r\n\t\t\tN\r\n李工\tHuadong Test Co\t021-12345678 ext\tno\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let p = preview(store.conn(), &bytes, &ImportOptions::default()).unwrap();
    assert_eq!(p.layout.encoding, Some(Encoding::Utf16Le));
    assert_eq!(actions(&p), [(2, Action::Create), (3, Action::Reject), (4, Action::Create)]);
    assert_eq!(codes(&p.rows[1]), [IssueCode::NameMissing]);
    assert_eq!(codes(&p.rows[2]), [IssueCode::PhoneDropped]);
    commit(&mut store, &bytes, &ImportOptions::default(), at(2022, 3, 20)).unwrap();
    let c = &contacts_of(&store, "华东机电有限公司")[0];
    assert_eq!((c.name.as_str(), c.mobile.as_deref()), ("王工", Some("13812345678")));
    assert!(employers_in(&store).iter().find(|e| e.name == "华东机电有限公司").unwrap().is_key);
    // BOM-less, the same.
    let p2 = preview(store.conn(), &bytes[2..], &ImportOptions::default()).unwrap();
    assert_eq!(p2.layout.encoding, Some(Encoding::Utf16Le));
    assert_eq!(p2.counts.merged_existing, 2);
}

#[test]
fn duplicates_merge_into_the_file_and_the_store() {
    let (_dir, mut store) = new_store();
    let (acme_code, other_code, c_code) =
        (code("91350100M000100Y4"), code("91320500MA1MX6KC3"), code("91320400MA1N2B3C4"));
    store
        .write(at(2022, 3, 1), |tx| {
            let a = tx.insert(Employer {
                credit_code: Some(acme_code.clone()), ..employer("苏州精密制造有限公司")
            })?;
            tx.insert(contact(&a.id, "张三"))?;
            tx.insert(employer("无锡新材料有限公司"))
        })
        .unwrap();
    let file = format!(
        "单位名称,统一社会信用代码,联系人,电话,单位地址\n\
         苏州精密制造有限责任公司,{acme_code},张三,,\n\
         无锡新材料有限公司,,钱七,13800138000,无锡市新吴区1号\n\
         常州电子有限公司,{c_code},孙八,,\n\
         常州电子有限公司,,周九,,\n\
         常州电子（集团）,{c_code},吴十,,\n\
         苏州精密制造有限公司,{other_code},郑十一,,\n"
    );
    let p = preview(store.conn(), file.as_bytes(), &ImportOptions::default()).unwrap();
    let ids: Vec<_> = employers::list(store.conn(), &EmployerFilter::default()).unwrap();
    let id_of = |name: &str| ids.iter().find(|e| e.data.name == name).unwrap().id.clone();
    assert_eq!(
        actions(&p),
        [
            (
                2,
                Action::MergeExisting {
                    employer_id: id_of("苏州精密制造有限公司"),
                    employer_name: "苏州精密制造有限公司".into(),
                    by: MatchedBy::CreditCode
                }
            ),
            (
                3,
                Action::MergeExisting {
                    employer_id: id_of("无锡新材料有限公司"),
                    employer_name: "无锡新材料有限公司".into(),
                    by: MatchedBy::Name
                }
            ),
            (4, Action::Create),
            (5, Action::MergeInFile { row: 4, by: MatchedBy::Name }),
            (6, Action::MergeInFile { row: 4, by: MatchedBy::CreditCode }),
            (7, Action::Reject),
        ]
    );
    assert_eq!(codes(&p.rows[0]), [IssueCode::ContactExists]);
    assert_eq!(codes(&p.rows[5]), [IssueCode::CreditCodeConflict]);
    let c = &p.counts;
    assert_eq!(
        (c.created, c.merged_existing, c.merged_in_file, c.rejected, c.contacts_added, c.employers_updated),
        (1, 2, 2, 1, 4, 1)
    );

    commit(&mut store, file.as_bytes(), &ImportOptions::default(), at(2022, 3, 20)).unwrap();
    assert_eq!(employers_in(&store).len(), 3);
    let names = |n| contacts_of(&store, n).into_iter().map(|c| c.name).collect::<Vec<_>>();
    assert_eq!(names("苏州精密制造有限公司"), ["张三"]);
    assert_eq!(names("无锡新材料有限公司"), ["钱七"]);
    assert_eq!(names("常州电子有限公司"), ["吴十", "周九", "孙八"]);
    let wuxi = records::get::<Employer>(store.conn(), &id_of("无锡新材料有限公司")).unwrap();
    assert_eq!(wuxi.data.address, "无锡市新吴区1号");
    assert_eq!(wuxi.data.industry, "制造业", "a filled field is never overwritten");

    // Importing the same file again changes nothing: every row is now a merge.
    let again = preview(store.conn(), file.as_bytes(), &ImportOptions::default()).unwrap();
    let c = &again.counts;
    assert_eq!((c.created, c.contacts_added, c.employers_updated), (0, 0, 0));

    store.write(at(2022, 3, 21), |tx| tx.undo_last()).unwrap();
    assert_eq!(employers_in(&store).len(), 2);
    let wuxi = records::get::<Employer>(store.conn(), &id_of("无锡新材料有限公司")).unwrap();
    assert_eq!(wuxi.data.address, "");
    assert!(contacts_of(&store, "无锡新材料有限公司").is_empty());
}

#[test]
fn a_file_with_nothing_valid_writes_nothing() {
    let (_dir, mut store) = new_store();
    let file = "单位名称,统一社会信用代码,电子邮箱\n\
                甲公司,91350100M000100Y44,\n\
                ,,a@b.cn\n\
                乙公司,12345,\n\
                丙公司\u{202E}反转,,\n";
    let done = commit(&mut store, file.as_bytes(), &ImportOptions::default(), at(2022, 3, 20)).unwrap();
    let c = &done.preview.counts;
    assert_eq!((c.created, c.merged_existing, c.merged_in_file, c.rejected), (0, 0, 0, 4));
    let problems: Vec<Option<&str>> = done.preview.rows.iter().map(|r| r.issues[0].validation.as_deref()).collect();
    assert_eq!(
        problems,
        [
            Some("validation.credit_code_check"),
            None,
            Some("validation.credit_code_length"),
            Some("validation.forbidden_character")
        ]
    );
    assert!(employers_in(&store).is_empty());
    let written: i64 =
        store.conn().query_row("SELECT count(*) FROM history WHERE batch = ?1", [&done.batch], |r| r.get(0)).unwrap();
    assert_eq!(written, 0);
}

#[test]
fn a_wrong_check_character_can_be_dropped_instead_of_the_row() {
    let (_dir, store) = new_store();
    let file = "单位名称,统一社会信用代码\n甲公司,91350100M000100Y44\n";
    let keep = ImportOptions { keep_rows_with_bad_credit_code: true, ..ImportOptions::default() };
    let p = preview(store.conn(), file.as_bytes(), &keep).unwrap();
    assert_eq!(actions(&p), [(2, Action::Create)]);
    assert_eq!(codes(&p.rows[0]), [IssueCode::CreditCodeDropped]);
    let p = preview(store.conn(), file.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(actions(&p), [(2, Action::Reject)]);
}

#[test]
fn the_user_corrects_the_header_row_and_the_mapping() {
    let (_dir, store) = new_store();
    let file = "甲列,乙列,丙列\n华东机电有限公司,13812345678,制造业\n";
    assert_eq!(
        preview(store.conn(), file.as_bytes(), &ImportOptions::default()).unwrap_err().code(),
        "exchange.no_header"
    );
    let header_only = ImportOptions { header_row: Some(1), ..ImportOptions::default() };
    assert_eq!(preview(store.conn(), file.as_bytes(), &header_only).unwrap_err().code(), "exchange.no_name_column");
    let mapped = ImportOptions {
        header_row: Some(1),
        mapping: vec![
            ColumnChoice { column: 0, field: Some(Field::Name) },
            ColumnChoice { column: 1, field: Some(Field::Mobile) },
            ColumnChoice { column: 2, field: Some(Field::Industry) },
        ],
        ..ImportOptions::default()
    };
    let p = preview(store.conn(), file.as_bytes(), &mapped).unwrap();
    assert_eq!(actions(&p), [(2, Action::Create)]);
    assert!(p.layout.columns.iter().all(|c| c.chosen));
    // Moving a field to another column takes it from the detected one.
    let file = "单位名称,简称\n华东机电有限公司,华东机电\n";
    let moved = ImportOptions {
        mapping: vec![ColumnChoice { column: 1, field: Some(Field::Name) }],
        ..ImportOptions::default()
    };
    let p = preview(store.conn(), file.as_bytes(), &moved).unwrap();
    assert_eq!(p.layout.columns[0].field, None);
    assert_eq!(p.rows[0].name, "华东机电");
    let bad = ImportOptions { header_row: Some(9), ..ImportOptions::default() };
    assert_eq!(preview(store.conn(), file.as_bytes(), &bad).unwrap_err().code(), "exchange.header_out_of_range");
}

#[test]
fn unreadable_files_are_typed_errors() {
    let (_dir, store) = new_store();
    let err = preview(store.conn(), b"PK\x03\x04 not really a zip", &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), "exchange.unreadable");
    for empty in [&b""[..], b"\xEF\xBB\xBF\r\n , ,\r\n\t\n"] {
        assert_eq!(preview(store.conn(), empty, &ImportOptions::default()).unwrap_err().code(), "exchange.empty");
        assert_eq!(layout(empty, &ImportOptions::default()).unwrap_err().code(), "exchange.empty");
    }
    // Parsed employers pass the model's own validation.
    let p = preview(store.conn(), CSV_TEXT.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(p.counts.created, 2);
    assert!(employer("x").validate().is_ok());
}

#[test]
fn contact_rows_follow_their_employer_row_and_not_a_rejected_one() {
    let (_dir, store) = new_store();
    let file = "单位名称,统一社会信用代码,联系人,手机\n\
                华东机电有限公司,,陈一,13812345678\n\
                ,,林二,13987654321\n\
                甲公司,91350100M000100Y44,赵三,\n\
                ,,钱四,13700137000\n";
    let p = preview(store.conn(), file.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(
        actions(&p),
        [
            (2, Action::Create),
            (3, Action::MergeInFile { row: 2, by: MatchedBy::MergedCell }),
            (4, Action::Reject),
            (5, Action::Reject),
        ]
    );
    assert_eq!(p.rows[1].name, "华东机电有限公司");
    assert_eq!(codes(&p.rows[3]), [IssueCode::NameMissing]);
    assert_eq!(p.counts.contacts_added, 2);
}

#[test]
fn header_synonyms_are_written_folded() {
    for (field, names) in super::import::SYNONYMS.iter().chain(super::past_visits::SYNONYMS) {
        for n in *names {
            assert_eq!(super::read::fold_label(n), *n, "{field:?}");
        }
    }
}

#[test]
fn the_layout_offers_a_file_without_known_headers_for_mapping_by_hand() {
    let (_dir, store) = new_store();
    let file = "\n甲列,乙列,丙列\n华东机电有限公司,13812345678,制造业\n";
    let l = layout(file.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!((l.header_row, l.header_guessed, l.format), (2, true, Format::Csv));
    let headers: Vec<(&str, Option<Field>)> = l.columns.iter().map(|c| (c.header.as_str(), c.field)).collect();
    assert_eq!(headers, [("甲列", None), ("乙列", None), ("丙列", None)]);
    assert_eq!(l.sample, ["华东机电有限公司", "13812345678", "制造业"]);
    // The mapping the user then chooses is what the preview uses.
    let mapped = ImportOptions {
        header_row: Some(l.header_row),
        mapping: vec![ColumnChoice { column: 0, field: Some(Field::Name) }],
        ..ImportOptions::default()
    };
    let l = layout(file.as_bytes(), &mapped).unwrap();
    assert_eq!((l.header_guessed, l.columns[0].field, l.columns[0].chosen), (false, Some(Field::Name), true));
    assert_eq!(actions(&preview(store.conn(), file.as_bytes(), &mapped).unwrap()), [(3, Action::Create)]);
    // A recognised header is found as the preview finds it, title rows and all.
    let l = layout(CSV_TEXT.as_bytes(), &ImportOptions::default()).unwrap();
    let p = preview(store.conn(), CSV_TEXT.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!((l.header_row, l.header_guessed, &l.columns), (p.layout.header_row, false, &p.layout.columns));
}

// --- past visits ----------------------------------------------------------------------------

/// A school's own visit ledger, as offices keep it: a title row, the standard's headers with a
/// note in brackets, dates as YYYYMMDD text, 2023年3月15日 and 2022.3.18, a count typed "约30",
/// a pay range, a leader who is not among the people, a row with no date, the same visit twice,
/// a notes row and a totals row.
const LEDGER_CSV: &str = "某某职业技术学院2022年访企拓岗工作台账,,,,,,,,,,,\n\
序号,走访企业名称,走访企业统一社会信用代码,需求专业名称,可提供岗位数,平均薪酬（元）,牵头拜访人,职务,拜访时间,企业接待人姓名,接待人职务,访谈成果主要形式,接受实习生人数,其他达成意向的合作,走访形式\n\
1,苏州精密制造有限公司,{CODE},数控技术、机电一体化,约30,5000-7000,王书记,党委书记,20220315,刘总,人力资源总监,建立就业合作渠道、共建实习实践基地,12,共建订单班,实地走访\n\
2,无锡新材料有限公司,,,8,6000,李校长,校长,2022年3月20日,,,提供就业岗位,,,线上视频会议\n\
3,常州智能装备有限公司,,,,,赵副校长,副校长,2022.3.18,,,进校招聘,,,企业进校园\n\
4,南通纺织有限公司,,,,,王书记,党委书记,,,,,,,实地走访\n\
5,苏州精密制造有限公司,,,,,王书记,党委书记,2022-03-15,,,,,,实地走访\n\
注：本表由就业指导中心填报,,,,,,,,,,,\n\
合计,,,38,,,,,,,,,12,,\n";

fn ledger_bytes() -> Vec<u8> {
    let text = LEDGER_CSV.replace("{CODE}", &code("91320500MA1MXQ8R6"));
    encoding_rs::GB18030.encode(&text).0.into_owned()
}

fn visits_options(create_people: bool) -> ImportOptions {
    ImportOptions { importing: Importing::Visits, create_people, ..ImportOptions::default() }
}

/// Every row lands as the issue says: employers matched or created, known leaders matched and
/// the unknown one rejected until the user confirms creating people, dates in every form, "约30"
/// read as 30 and flagged, the repeated visit and the notes and totals rows skipped. The commit
/// is one batch: the dashboard's figures move, and one undo takes everything back.
#[test]
fn a_past_visit_ledger_is_previewed_then_committed_as_one_undoable_batch() {
    use crate::model::{BaseStatus, InternshipBase, JobPosting, Person, Role, Visit, VisitMode, VisitStatus};
    let (_dir, mut store) = new_store();
    let now = at(2022, 4, 1);
    // The store's admin is 王书记.
    store
        .write(now, |tx| {
            tx.insert(person("李校长", Role::President))?;
            tx.insert(employer("无锡新材料有限公司"))
        })
        .unwrap();
    let bytes = ledger_bytes();

    let p = preview(store.conn(), &bytes, &visits_options(false)).unwrap();
    assert_eq!(p.layout.header_row, 2);
    let rows: Vec<(u32, &str, Vec<IssueCode>)> = p
        .rows
        .iter()
        .map(|r| {
            let action = match r.action {
                Action::Create => "create",
                Action::MergeExisting { .. } => "existing",
                Action::MergeInFile { .. } => "in_file",
                Action::Skip => "skip",
                Action::Reject => "reject",
            };
            (r.row, action, codes(r))
        })
        .collect();
    assert_eq!(
        rows,
        [
            (3, "create", vec![IssueCode::NumberApprox]),
            (4, "existing", vec![]),
            (5, "reject", vec![IssueCode::LeaderUnknown]),
            (6, "reject", vec![IssueCode::VisitDateMissing]),
            (7, "skip", vec![IssueCode::VisitExists]),
            (8, "skip", vec![IssueCode::NotesRow]),
            (9, "skip", vec![IssueCode::TotalsRow]),
        ]
    );
    assert_eq!(p.rows[0].visited_on, Some(day(2022, 3, 15)));
    assert_eq!(p.rows[2].visited_on, Some(day(2022, 3, 18)));
    assert_eq!((p.counts.visits_added, p.counts.people_added), (2, 0));

    let confirmed = preview(store.conn(), &bytes, &visits_options(true)).unwrap();
    assert_eq!(codes(&confirmed.rows[2]), [IssueCode::LeaderAdded]);
    let c = &confirmed.counts;
    assert_eq!((c.visits_added, c.people_added, c.postings_added, c.bases_added, c.contacts_added), (3, 1, 2, 1, 1));
    assert_eq!((c.created, c.merged_existing, c.rejected, c.skipped), (2, 1, 1, 3));
    assert_eq!(count_all(&store), (2, 0, 1), "nothing written by a preview");

    let before = crate::ledger::figures(store.conn(), None, None, now.date_naive()).unwrap();
    let committed = commit(&mut store, &bytes, &visits_options(true), now).unwrap();
    assert_eq!(committed.preview.counts, confirmed.counts);
    let after = crate::ledger::figures(store.conn(), None, None, now.date_naive()).unwrap();
    assert_eq!((before.visits_completed, after.visits_completed), (0, 3));
    assert_eq!(after.employers_visited, 3);
    assert_eq!(after.job_headcount, 38);
    assert_eq!(after.posting_stages.published, 2);
    assert_eq!(after.visits_awaiting, 0, "an admin's import records each visit as its leader's");
    let conn = store.conn();
    let precise: Visit = records::list::<Visit>(conn, "1", "starts_at", []).unwrap()[0].data.clone();
    assert_eq!((precise.status, precise.mode), (VisitStatus::Completed, VisitMode::OnSite));
    assert!(precise.outcome.channel_established && precise.summary.contains("共建订单班"));
    let posting = &records::list::<JobPosting>(conn, "1", "id", []).unwrap();
    let first = posting.iter().find(|p| p.data.headcount == 30).unwrap();
    assert_eq!((first.data.pay_min, first.data.pay_max), (Some(5_000), Some(7_000)));
    assert_eq!(first.data.majors, ["数控技术", "机电一体化"]);
    let base = &records::list::<InternshipBase>(conn, "1", "id", []).unwrap()[0].data;
    assert_eq!((base.capacity, base.status), (Some(12), BaseStatus::Intended));
    let zhao = records::list::<Person>(conn, "data ->> 'name' = '赵副校长'", "id", []).unwrap()[0].data.clone();
    assert_eq!((zhao.role, zhao.title.as_str()), (Role::Leader, "副校长"));
    assert_eq!(contacts_of(&store, "苏州精密制造有限公司")[0].title, "人力资源总监");
    crate::store::totals::assert_in_step(store.conn());

    // Importing the same ledger again adds nothing.
    let again = preview(store.conn(), &bytes, &visits_options(true)).unwrap();
    assert_eq!(again.counts.visits_added, 0);

    store.write(now, |tx| tx.undo_last().map(drop)).unwrap();
    // The leader added stays (undo never takes a person away); the rest is gone.
    assert_eq!(count_all(&store), (3, 0, 1));
    let undone = crate::ledger::figures(store.conn(), None, None, now.date_naive()).unwrap();
    assert_eq!(undone.visits_completed, 0);
}

/// The live people, visits and employers.
fn count_all(store: &Store) -> (i64, i64, i64) {
    let n = |table: &str| {
        let sql = format!("SELECT count(*) FROM {table} WHERE deleted_at IS NULL");
        store.conn().query_row(&sql, [], |r| r.get::<_, i64>(0)).unwrap()
    };
    (n("people"), n("visits"), n("employers"))
}
