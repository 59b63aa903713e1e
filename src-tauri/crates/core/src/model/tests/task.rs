//! Task: a valid baseline, and each validated field's bad values.
use super::*;

fn task() -> Task {
    Task {
        title: " 寄送校招宣讲会邀请函 ".into(),
        due_on: day("2022-04-01"),
        owner_id: participant(1),
        visit_id: Some(visit_id()),
        employer_id: Some(employer_id()),
        done_on: None,
        notes: "联系人：李娜\r\n".into(),
    }
}

#[test]
fn task_baseline_is_normalised() {
    let expected =
        Task { title: "寄送校招宣讲会邀请函".into(), notes: "联系人：李娜".into(), ..task() };
    assert_eq!(normalised(task()), expected);
}

#[test]
fn task_fields_are_checked() {
    Cases::new(task)
        .required_line("task.title", |t, s| t.title = s)
        .text("task.notes", |t, s| t.notes = s)
        .good("done", |t| t.done_on = Some(day("2022-03-30")))
        .check();
}

#[test]
fn task_references() {
    let t = normalised(task());
    let expected = expected_refs(&[
        ("task.owner_id", Kind::Person, participant(1)),
        ("task.visit_id", Kind::Visit, visit_id()),
        ("task.employer_id", Kind::Employer, employer_id()),
    ]);
    assert_eq!(refs(&t), expected);
    let t = normalised(Task { visit_id: None, employer_id: None, ..task() });
    assert_eq!(refs(&t), expected_refs(&[("task.owner_id", Kind::Person, participant(1))]));
}
