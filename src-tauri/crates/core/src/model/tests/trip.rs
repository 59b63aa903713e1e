//! Trip: a valid baseline, and each validated field's bad values.
use super::*;

fn trip() -> Trip {
    Trip {
        leader_id: lead_id(),
        title: " 深圳、广州访企行 ".into(),
        starts_on: day("2022-04-11"),
        ends_on: day("2022-04-14"),
        notes: "高铁往返\n".into(),
    }
}

#[test]
fn trip_baseline_is_normalised() {
    let expected = Trip { title: "深圳、广州访企行".into(), notes: "高铁往返".into(), ..trip() };
    assert_eq!(normalised(trip()), expected);
}

#[test]
fn trip_fields_are_checked() {
    Cases::new(trip)
        .required_line("trip.title", |t, s| t.title = s)
        // The trip starts on 2022-04-11.
        .field(
            "trip.ends_on",
            |t, d| t.ends_on = d,
            &[(day("2022-04-10"), Problem::EndBeforeStart)],
            &[day("2022-04-11")],
        )
        .field("trip.days", |t, d| t.ends_on = d, &[(day("2022-06-11"), out_of(0, 60))], &[day("2022-06-10")])
        .text("trip.notes", |t, s| t.notes = s)
        .check();
}

#[test]
fn trip_references() {
    assert_eq!(refs(&normalised(trip())), expected_refs(&[("trip.leader_id", Kind::Person, lead_id())]));
}
