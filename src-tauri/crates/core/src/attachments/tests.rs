use super::*;
use crate::model::Kind;
use crate::store::records::Stored;
use crate::testing::photos::{exif_with_gps, jpeg, with_exif};
use crate::testing::*;

/// A store with an employer and a completed visit there: (folder, store, employer, visit).
fn with_a_visit() -> (tempfile::TempDir, Store, Id, Id) {
    let (dir, mut store) = new_store();
    let me = store.actor().clone();
    let (e, v) = store
        .write(at(2022, 3, 20), |tx| {
            let e = tx.insert(employer("苏州精密制造有限公司"))?;
            let v = tx.insert(completed(visit(&e.id, &me, at(2022, 3, 10))))?;
            Ok((e.id, v.id))
        })
        .unwrap();
    (dir, store, e, v)
}

fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn to(kind: Kind, id: &Id) -> Target {
    Target { kind, id: id.clone() }
}

fn vault_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir.join(crate::store::vault::DIR)).unwrap() {
        all.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    all
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_photo_is_attached_listed_exported_without_gps_and_undone() {
    let (dir, mut store, employer, visit) = with_a_visit();
    let files = tempfile::tempdir().unwrap();
    let photo = file(files.path(), "合影.JPG", &with_exif(jpeg(2400, 1200), exif_with_gps(6)));
    let paper = file(files.path(), "协议.pdf", b"%PDF-1.4\nMARKER-OF-THE-AGREEMENT\n%%EOF");
    let attached = attach(&mut store, &to(Kind::Visit, &visit), &[photo, paper], at(2022, 3, 20)).unwrap();
    assert!(attached.refused.is_empty(), "{:?}", attached.refused);
    assert!(!attached.over_quota);
    let [p, d] = &attached.added[..] else { panic!("two added") };
    assert_eq!(p.data.photo, Some(Photo { width: 1200, height: 2400 }), "turned upright");
    assert_eq!((p.data.file_type, d.data.file_type), (FileType::Jpeg, FileType::Pdf));
    assert_eq!(d.data.photo, None);
    assert_eq!(p.data.employer_id, employer);
    assert_eq!(p.audit.created_by, *store.actor());

    // The visit lists both; the employer's gallery too; a thumbnail for the photo only.
    let vault = store.vault();
    let listed = list(store.conn(), &vault, &to(Kind::Visit, &visit)).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|l| l.here));
    let thumbs: Vec<bool> = listed.iter().map(|l| l.thumb.is_some()).collect();
    assert_eq!(thumbs.iter().filter(|t| **t).count(), 1);
    assert_eq!(list(store.conn(), &vault, &to(Kind::Employer, &employer)).unwrap().len(), 2);
    // Found by name.
    let hits = crate::search::search(store.conn(), "协议", 10).unwrap();
    assert!(hits.iter().any(|h| h.kind == Kind::Attachment), "{hits:?}");

    // Exported: the PDF as it was; the photo without its GPS unless the settings keep it.
    let out = files.path().join("out.pdf");
    export(store.conn(), &vault, &d.id, &out).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"%PDF-1.4\nMARKER-OF-THE-AGREEMENT\n%%EOF");
    let shared = files.path().join("shared.jpg");
    export(store.conn(), &vault, &p.id, &shared).unwrap();
    assert!(!contains(&std::fs::read(&shared).unwrap(), b"GPSMARK"));
    store
        .write(at(2022, 3, 20), |tx| {
            save_settings(tx, &AttachmentSettings { keep_metadata: true, ..AttachmentSettings::default() })
        })
        .unwrap();
    export(store.conn(), &vault, &p.id, &shared).unwrap();
    assert!(contains(&std::fs::read(&shared).unwrap(), b"GPSMARK"));

    // Nothing readable on disk: not the PDF's marker, not the photo's EXIF.
    let on_disk = [vault_bytes(dir.path()), std::fs::read(dir.path().join("visitdesk.db")).unwrap()].concat();
    assert!(!contains(&on_disk, b"MARKER-OF-THE-AGREEMENT") && !contains(&on_disk, b"GPSMARK"));

    // Chosen for documents: the visit's document copy, downscaled.
    store
        .write(at(2022, 3, 21), |tx| {
            edit(tx, &p.id, &AttachmentEdit { caption: "签约合影".into(), in_documents: true }).map(drop)
        })
        .unwrap();
    let photos = doc_photos(store.conn(), &vault, &visit, false, 10).unwrap();
    assert_eq!(photos.len(), 1);
    assert_eq!((photos[0].width, photos[0].height, photos[0].caption.as_str()), (800, 1600, "签约合影"));
    // Only a photo may be chosen.
    let e = store
        .write(at(2022, 3, 21), |tx| edit(tx, &d.id, &AttachmentEdit { caption: String::new(), in_documents: true }))
        .unwrap_err();
    assert_eq!(e.code(), "validation.invalid_state");

    // To the trash with its visit, and back.
    store.write(at(2022, 3, 22), |tx| tx.delete(Kind::Visit, &visit)).unwrap();
    assert!(records::find::<Attachment>(store.conn(), &p.id).unwrap().is_none());
    store.write(at(2022, 3, 22), |tx| tx.undo_last()).unwrap();
    assert!(records::find::<Attachment>(store.conn(), &p.id).unwrap().is_some());
    // Undoing the caption, then the attaching, puts both in the trash; their content stays for
    // a restore. Content no record names (an attaching that failed) goes at a sweep an hour on.
    for _ in 0..3 {
        store.write(at(2022, 3, 22), |tx| tx.undo_last()).unwrap();
    }
    assert!(list(store.conn(), &vault, &to(Kind::Visit, &visit)).unwrap().is_empty());
    let orphan = vault.put(b"never attached").unwrap();
    let written: DateTime<Utc> = std::fs::metadata(vault.path(&orphan.checksum)).unwrap().modified().unwrap().into();
    assert_eq!(sweep(store.conn(), &vault, written).unwrap(), 0);
    assert_eq!(sweep(store.conn(), &vault, written + chrono::Duration::hours(2)).unwrap(), 1);
    assert!(!vault.has(&orphan.checksum) && vault.has(&p.data.checksum) && vault.has(&d.data.checksum));
}

#[test]
fn files_are_refused_for_their_type_size_or_content_and_the_rest_attached() {
    let (_dir, mut store, employer, _visit) = with_a_visit();
    let files = tempfile::tempdir().unwrap();
    store
        .write(at(2022, 3, 20), |tx| {
            save_settings(tx, &AttachmentSettings { limit_mb: 1, ..AttachmentSettings::default() })
        })
        .unwrap();
    let exe = file(files.path(), "setup.exe", b"MZ");
    let big = file(files.path(), "大文件.pdf", &vec![b'%'; 1024 * 1024 + 1]);
    let broken = file(files.path(), "坏图.jpg", b"\xFF\xD8\xFF\xE0 this is no JPEG at all");
    // A PDF named as a photo is kept as a plain file, not decoded.
    let renamed = file(files.path(), "其实是PDF.png", b"%PDF-1.4 not a picture");
    let fine = file(files.path(), "需求表.xlsx", b"PK\x03\x04 a workbook");
    let attached =
        attach(&mut store, &to(Kind::Employer, &employer), &[exe, big, broken, renamed, fine], at(2022, 3, 20))
            .unwrap();
    let codes: Vec<(&str, &str)> = attached.refused.iter().map(|r| (r.name.as_str(), r.code.as_str())).collect();
    assert_eq!(
        codes,
        [
            ("setup.exe", "attachment.type_not_allowed"),
            ("大文件.pdf", "attachment.too_large"),
            ("坏图.jpg", "attachment.bad_image")
        ]
    );
    let names: Vec<(&str, bool)> =
        attached.added.iter().map(|a| (a.data.name.as_str(), a.data.photo.is_some())).collect();
    assert_eq!(names, [("其实是PDF.png", false), ("需求表.xlsx", false)]);
    // A record that takes no attachments.
    let me = store.actor().clone();
    let e = attach(&mut store, &to(Kind::Person, &me), &[], at(2022, 3, 20)).unwrap();
    assert!(e.added.is_empty());
    let pdf = file(files.path(), "a.pdf", b"%PDF-");
    assert_eq!(
        attach(&mut store, &to(Kind::Person, &me), &[pdf], at(2022, 3, 20)).unwrap_err().code(),
        "validation.invalid_state"
    );
}

#[test]
fn a_damaged_attachment_is_named_and_the_store_stays_sound() {
    let (dir, mut store, _employer, visit) = with_a_visit();
    let files = tempfile::tempdir().unwrap();
    let a = file(files.path(), "一.pdf", &[b"%PDF-".as_slice(), &vec![1u8; 200_000]].concat());
    let b = file(files.path(), "二.pdf", &[b"%PDF-".as_slice(), &vec![2u8; 200_000]].concat());
    let attached = attach(&mut store, &to(Kind::Visit, &visit), &[a, b], at(2022, 3, 20)).unwrap();
    let vault = store.vault();
    assert_eq!(check(store.conn(), &vault).unwrap(), []);
    // One byte flipped in the middle of 二.pdf's file.
    let second = &attached.added[1];
    let path = vault.path(&second.data.checksum);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&path, bytes).unwrap();
    let found = check(store.conn(), &vault).unwrap();
    assert_eq!(
        found,
        [Unreadable { id: second.id.clone(), name: "二.pdf".into(), code: ErrorCode::AttachmentDamaged }]
    );
    assert_eq!(store.check().unwrap(), Vec::<String>::new(), "the database is sound");
    let e = export(store.conn(), &vault, &second.id, &files.path().join("x.pdf")).unwrap_err();
    assert_eq!(e.code(), "attachment.damaged");
    assert!(e.to_string().contains("二.pdf"));
    assert!(!files.path().join("x.pdf").exists(), "nothing half written");
    // A file gone is named too.
    std::fs::remove_file(vault.path(&attached.added[0].data.checksum)).unwrap();
    let codes: Vec<ErrorCode> = check(store.conn(), &vault).unwrap().into_iter().map(|u| u.code).collect();
    assert_eq!(codes, [ErrorCode::AttachmentMissing, ErrorCode::AttachmentDamaged]);
    drop(dir);
}

#[test]
fn backups_restore_and_rekey_carry_attachments() {
    let (dir, mut store, _employer, visit) = with_a_visit();
    let files = tempfile::tempdir().unwrap();
    let body = [b"%PDF-1.4 ".as_slice(), b"REKEY-MARKER"].concat();
    let path = file(files.path(), "纪要.pdf", &body);
    let added = attach(&mut store, &to(Kind::Visit, &visit), &[path], at(2022, 3, 20)).unwrap().added.remove(0);
    let read = |store: &Store| {
        let out = files.path().join("read.pdf");
        export(store.conn(), &store.vault(), &added.id, &out).map(|_| std::fs::read(&out).unwrap())
    };

    // A backup holds the content.
    let backup = files.path().join("backup");
    crate::store::backups::make(&store, &backup).unwrap();
    assert!(std::fs::read_dir(backup.join(crate::store::vault::DIR)).unwrap().count() >= 1);

    // Rekeyed: the content is written anew under the new key, the old file goes.
    let before: Vec<_> = std::fs::read_dir(dir.path().join(crate::store::vault::DIR)).unwrap().collect();
    let old_file = store.vault().path(&added.data.checksum);
    store.rekey(PASSPHRASE, PASSPHRASE, crate::crypto::KdfParams::TEST, at(2022, 3, 21)).unwrap();
    assert_eq!(before.len(), 1);
    assert!(!old_file.exists(), "the old file is swept");
    assert_ne!(store.vault().path(&added.data.checksum), old_file, "under a new name");
    assert_eq!(read(&store).unwrap(), body);

    // Restoring the backup (taken under the old key) brings it back under today's key, even
    // after the content was lost here.
    std::fs::remove_dir_all(dir.path().join(crate::store::vault::DIR)).unwrap();
    assert_eq!(read(&store).unwrap_err().code(), "attachment.missing");
    let me = store.actor().clone();
    store.lock().unwrap();
    crate::store::backups::restore(
        dir.path(),
        &backup,
        &crate::store::Secret::Passphrase { person_id: Some(&me), passphrase: PASSPHRASE },
        at(2022, 3, 22),
    )
    .unwrap();
    let store = Store::unlock(dir.path(), Some(&me), PASSPHRASE, at(2022, 3, 22)).unwrap();
    assert_eq!(read(&store).unwrap(), body);
}

#[test]
fn content_from_another_laptop_is_kept_only_when_named_and_whole() {
    let (_dir, mut store, _employer, visit) = with_a_visit();
    let files = tempfile::tempdir().unwrap();
    let photo = jpeg(640, 480);
    let added = attach(&mut store, &to(Kind::Visit, &visit), &[file(files.path(), "p.jpg", &photo)], at(2022, 3, 20))
        .unwrap()
        .added
        .remove(0);
    let vault = store.vault();
    // As on a laptop the record reached before its content.
    std::fs::remove_dir_all(vault.path(&added.data.checksum).parent().unwrap()).unwrap();
    store.conn().execute("DELETE FROM renditions", []).unwrap();
    assert_eq!(wanted(store.conn(), &vault).unwrap(), std::slice::from_ref(&added.data.checksum));
    let listed: Vec<bool> =
        list(store.conn(), &vault, &to(Kind::Visit, &visit)).unwrap().iter().map(|l| l.here).collect();
    assert_eq!(listed, [false]);
    // Content nobody named, or not what its checksum says, is not kept.
    assert!(!receive(store.conn(), &vault, &crate::crypto::checksum(b"other"), b"other").unwrap());
    assert_eq!(receive(store.conn(), &vault, &added.data.checksum, b"forged").unwrap_err().code(), "store.damaged");
    assert!(receive(store.conn(), &vault, &added.data.checksum, &photo).unwrap());
    assert!(wanted(store.conn(), &vault).unwrap().is_empty());
    let listed = list(store.conn(), &vault, &to(Kind::Visit, &visit)).unwrap();
    assert!(listed[0].here && listed[0].thumb.is_some(), "its thumbnail made here");
}

#[test]
fn an_attachment_record_is_validated() {
    let (_dir, mut store, employer, visit) = with_a_visit();
    let good = Attachment {
        employer_id: employer.clone(),
        visit_id: Some(visit.clone()),
        job_posting_id: None,
        internship_base_id: None,
        recruitment_event_id: None,
        name: "a.pdf".into(),
        file_type: FileType::Pdf,
        size: 5,
        checksum: "0".repeat(64),
        photo: None,
        caption: String::new(),
        in_documents: false,
    };
    let cases: Vec<(Attachment, &str)> = vec![
        (Attachment { name: "../a.pdf".into(), ..good.clone() }, "attachment.name"),
        (Attachment { name: "a.exe".into(), ..good.clone() }, "attachment.file_type"),
        (Attachment { file_type: FileType::Jpeg, ..good.clone() }, "attachment.file_type"),
        (Attachment { checksum: "XYZ".into(), ..good.clone() }, "attachment.checksum"),
        (Attachment { photo: Some(Photo { width: 1, height: 1 }), ..good.clone() }, "attachment.photo"),
        (Attachment { job_posting_id: Some(visit.clone()), ..good.clone() }, "attachment.visit_id"),
        (Attachment { caption: "长".repeat(300), ..good.clone() }, "attachment.caption"),
    ];
    for (bad, field) in cases {
        let e = store.write(at(2022, 3, 20), |tx| tx.insert(bad.clone())).unwrap_err();
        match e {
            Error::Validation(v) => assert_eq!(v.field, field, "{bad:?}"),
            other => panic!("{bad:?}: {other}"),
        }
    }
    let kept: Stored<Attachment> = store.write(at(2022, 3, 20), |tx| tx.insert(good.clone())).unwrap();
    assert_eq!((kept.data.visit_id.as_ref(), kept.data.employer_id), (Some(&visit), employer));
}
