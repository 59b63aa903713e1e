//! What visits open up, kept after the visit: job postings, internship bases and recruitment
//! events are added and edited on their own (an employer sends jobs later, a base is signed
//! months on) and moved between the visits of their employer.
use crate::error::Result;
use crate::ids::Id;
use crate::model::{InternshipBase, JobPosting, Problem, RecruitmentEvent, ValidationError, Visit, VisitStatus};
use crate::store::records::{self, Stored, Tx};

/// Adds a job posting, or with `id` saves its edits: its stage, pay and hires, or the visit
/// it was obtained on (one of its employer's, not a cancelled one), or none.
pub fn save_posting(tx: &Tx<'_>, id: Option<&Id>, posting: JobPosting) -> Result<Stored<JobPosting>> {
    let saved = tx.save(id, posting)?;
    on_visit(tx, "job_posting.visit_id", saved.data.visit_id.as_ref(), &[&saved.data.employer_id])?;
    Ok(saved)
}

/// Adds an internship base, or with `id` saves its edits, as [`save_posting`] does.
pub fn save_base(tx: &Tx<'_>, id: Option<&Id>, base: InternshipBase) -> Result<Stored<InternshipBase>> {
    let saved = tx.save(id, base)?;
    on_visit(tx, "internship_base.visit_id", saved.data.visit_id.as_ref(), &[&saved.data.employer_id])?;
    Ok(saved)
}

/// Adds a recruitment event, or with `id` saves its edits. The visit that agreed it, if any,
/// is one of its employers'.
pub fn save_event(tx: &Tx<'_>, id: Option<&Id>, event: RecruitmentEvent) -> Result<Stored<RecruitmentEvent>> {
    let saved = tx.save(id, event)?;
    let d = &saved.data;
    let employers: Vec<&Id> = std::iter::once(&d.employer_id).chain(&d.co_employer_ids).collect();
    on_visit(tx, "recruitment_event.visit_id", d.visit_id.as_ref(), &employers)?;
    Ok(saved)
}

/// Refuses a visit (already known to exist) that is cancelled or not one of `employers`'.
fn on_visit(tx: &Tx<'_>, field: &'static str, visit: Option<&Id>, employers: &[&Id]) -> Result<()> {
    let Some(visit) = visit else { return Ok(()) };
    let visit: Stored<Visit> = records::get(tx.conn(), visit)?;
    if visit.data.status == VisitStatus::Cancelled || !employers.contains(&&visit.data.employer_id) {
        return Err(ValidationError { field, problem: Problem::InvalidState }.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger;
    use crate::model::{BaseStatus, EventKind, Placement, PostingStage, Role};
    use crate::testing::*;
    use crate::visits;

    /// A posting entered after the visit goes through its stages, is moved to the employer's
    /// other visit, and the ledger counts it by stage as it is now; a visit of another employer
    /// or a cancelled one is refused with nothing changed.
    #[test]
    fn a_posting_lives_on_after_its_visit() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let now = at(2022, 3, 20);
        let (a, first, second, other, cancelled) = store
            .write(now, |tx| {
                let a = tx.insert(employer("苏州精密制造有限公司"))?;
                let b = tx.insert(employer("无锡新材料有限公司"))?;
                let first = tx.insert(completed(visit(&a.id, &me, at(2022, 3, 10))))?;
                let second = tx.insert(completed(visit(&a.id, &me, at(2022, 3, 15))))?;
                let other = tx.insert(completed(visit(&b.id, &me, at(2022, 3, 16))))?;
                let cancelled = visits::plan(tx, visit(&a.id, &me, at(2022, 3, 17)))?;
                visits::cancel(tx, &cancelled.id, "对方临时有事")?;
                Ok((a, first, second, other, cancelled))
            })
            .unwrap();
        let intended =
            JobPosting { stage: PostingStage::Intended, ..posting(&a.id, Some(&first.id), "数控技术员", 6) };
        let p = store.write(now, |tx| save_posting(tx, None, intended.clone())).unwrap();
        let stages = |store: &crate::store::Store| {
            ledger::figures(store.conn(), None, None, now.date_naive()).unwrap().posting_stages
        };
        assert_eq!(stages(&store), ledger::PostingStages { intended: 1, ..Default::default() });

        let filled = JobPosting {
            stage: PostingStage::Filled,
            pay_min: Some(5_000),
            pay_max: Some(7_000),
            hired: Some(4),
            visit_id: Some(second.id.clone()),
            ..intended.clone()
        };
        store.write(now, |tx| save_posting(tx, Some(&p.id), filled.clone())).unwrap();
        assert_eq!(stages(&store), ledger::PostingStages { filled: 1, hired: 4, ..Default::default() });
        let facts = |visit: &Id| -> i64 {
            store
                .conn()
                .query_row("SELECT postings FROM visit_facts WHERE visit_id = ?1", [visit], |r| r.get(0))
                .unwrap()
        };
        assert_eq!((facts(&first.id), facts(&second.id)), (0, 1), "moved to the second visit");

        for wrong in [&other.id, &cancelled.id] {
            let moved = JobPosting { visit_id: Some(wrong.clone()), ..filled.clone() };
            let err = store.write(now, |tx| save_posting(tx, Some(&p.id), moved)).unwrap_err();
            assert_eq!(err.code(), "validation.invalid_state", "{err}");
        }
        let kept = records::get::<JobPosting>(store.conn(), &p.id).unwrap();
        assert_eq!(kept.data.visit_id.as_ref(), Some(&second.id));

        // Entered outside a visit, closed unfilled: counted on its own day.
        let own = JobPosting { stage: PostingStage::Closed, ..posting(&a.id, None, "质检员", 2) };
        store.write(now, |tx| save_posting(tx, None, own)).unwrap();
        assert_eq!(stages(&store), ledger::PostingStages { filled: 1, closed: 1, hired: 4, ..Default::default() });
        crate::store::totals::assert_in_step(store.conn());
    }

    /// A base goes 意向 → 签约 → 挂牌 → 到期 outside any visit, with its term and students
    /// placed per year; a term that ends before it starts is refused.
    #[test]
    fn a_base_has_a_lifecycle() {
        let (_dir, mut store) = new_store();
        let now = at(2022, 3, 20);
        let a = store.write(now, |tx| tx.insert(employer("苏州精密制造有限公司"))).unwrap();
        let base = InternshipBase {
            employer_id: a.id.clone(),
            visit_id: None,
            name: "精密制造实习基地".into(),
            status: BaseStatus::Intended,
            signed_on: None,
            established_on: None,
            term_ends_on: None,
            capacity: Some(20),
            placements: Vec::new(),
        };
        let b = store.write(now, |tx| save_base(tx, None, base.clone())).unwrap();
        let stages = |store: &crate::store::Store| {
            ledger::figures(store.conn(), None, None, now.date_naive()).unwrap().base_stages
        };
        assert_eq!(stages(&store), ledger::BaseStages { intended: 1, ..Default::default() });
        let signed = InternshipBase {
            status: BaseStatus::Signed,
            signed_on: Some(day(2022, 3, 1)),
            term_ends_on: Some(day(2025, 2, 28)),
            ..base.clone()
        };
        store.write(now, |tx| save_base(tx, Some(&b.id), signed.clone())).unwrap();
        let unveiled = InternshipBase {
            status: BaseStatus::Unveiled,
            established_on: Some(day(2022, 3, 10)),
            placements: vec![Placement { year: 2023, students: 12 }, Placement { year: 2022, students: 8 }],
            ..signed.clone()
        };
        let saved = store.write(now, |tx| save_base(tx, Some(&b.id), unveiled.clone())).unwrap();
        assert_eq!(saved.data.placements.iter().map(|p| p.year).collect::<Vec<_>>(), [2022, 2023]);
        assert_eq!(stages(&store), ledger::BaseStages { unveiled: 1, ..Default::default() });
        let expired = InternshipBase { status: BaseStatus::Expired, ..unveiled.clone() };
        store.write(now, |tx| save_base(tx, Some(&b.id), expired)).unwrap();
        assert_eq!(stages(&store), ledger::BaseStages { expired: 1, ..Default::default() });

        let backwards = InternshipBase { term_ends_on: Some(day(2021, 12, 31)), ..unveiled };
        let err = store.write(now, |tx| save_base(tx, Some(&b.id), backwards)).unwrap_err();
        assert_eq!(err.code(), "validation.end_before_start");
    }

    /// A 双选会 of two employers is counted on its day by kind, with attendance and offers;
    /// co-employers are for a 双选会 only, and the visit that agreed it is one of theirs.
    #[test]
    fn recruitment_events_are_records_the_ledger_counts() {
        let (_dir, mut store) = new_store();
        let me = store.actor().clone();
        let now = at(2022, 4, 20);
        let (a, b, c, visit_b) = store
            .write(now, |tx| {
                tx.insert(person("王书记", Role::Secretary))?;
                let a = tx.insert(employer("苏州精密制造有限公司"))?;
                let b = tx.insert(employer("无锡新材料有限公司"))?;
                let c = tx.insert(employer("常州智能装备有限公司"))?;
                let v = tx.insert(completed(visit(&b.id, &me, at(2022, 3, 16))))?;
                Ok((a, b, c, v))
            })
            .unwrap();
        let fair = RecruitmentEvent {
            kind: EventKind::DoubleChoice,
            employer_id: a.id.clone(),
            co_employer_ids: vec![b.id.clone()],
            visit_id: Some(visit_b.id.clone()),
            held_on: day(2022, 4, 12),
            venue: "体育馆".into(),
            link: String::new(),
            majors: vec!["机械设计制造及其自动化".into()],
            attended: Some(320),
            offers: Some(41),
            notes: String::new(),
        };
        store.write(now, |tx| save_event(tx, None, fair.clone())).unwrap();
        let talk = RecruitmentEvent {
            kind: EventKind::OnlineTalk,
            co_employer_ids: Vec::new(),
            visit_id: None,
            venue: String::new(),
            link: "https://meeting.example.cn/123".into(),
            attended: None,
            offers: None,
            ..fair.clone()
        };
        store.write(now, |tx| save_event(tx, None, talk.clone())).unwrap();
        let figures = ledger::figures(store.conn(), None, None, now.date_naive()).unwrap();
        let expected = ledger::EventFigures {
            double_choices: 1,
            online_talks: 1,
            attended: 320,
            offers: 41,
            ..Default::default()
        };
        assert_eq!(figures.events, expected);

        let cases = [
            (RecruitmentEvent { kind: EventKind::Talk, ..fair.clone() }, "validation.invalid_state"),
            (RecruitmentEvent { co_employer_ids: vec![a.id.clone()], ..fair.clone() }, "validation.duplicate"),
            (RecruitmentEvent { co_employer_ids: vec![c.id.clone()], ..fair.clone() }, "validation.invalid_state"),
            (RecruitmentEvent { link: String::new(), ..talk.clone() }, "validation.required"),
            (RecruitmentEvent { offers: Some(321), ..fair.clone() }, "validation.out_of_range"),
        ];
        for (event, code) in cases {
            let err = store.write(now, |tx| save_event(tx, None, event.clone())).unwrap_err();
            assert_eq!(err.code(), code, "{event:?}");
        }
        let count: i64 = store.conn().query_row("SELECT count(*) FROM recruitment_events", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 2);
    }
}
