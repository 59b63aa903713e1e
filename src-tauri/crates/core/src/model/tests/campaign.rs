//! Campaign: a valid baseline, and each validated field's bad values.
use super::*;

fn campaign() -> Campaign {
    Campaign {
        name: "  2022年访企拓岗促就业专项行动 ".into(),
        starts_on: day("2022-03-01"),
        ends_on: day("2022-08-31"),
        time_zone: " Asia/Shanghai ".into(),
        target_per_principal: 100,
        target_new_employers: 120,
    }
}

#[test]
fn campaign_baseline_is_normalised() {
    let expected = Campaign {
        name: "2022年访企拓岗促就业专项行动".into(),
        starts_on: day("2022-03-01"),
        ends_on: day("2022-08-31"),
        time_zone: "Asia/Shanghai".into(),
        target_per_principal: 100,
        target_new_employers: 120,
    };
    assert_eq!(normalised(campaign()), expected);
    let fresh = normalised(Campaign::new("专项行动", day("2022-03-01"), day("2022-08-31")));
    assert_eq!(fresh.time_zone, Campaign::DEFAULT_TIME_ZONE);
    assert_eq!((fresh.target_per_principal, fresh.target_new_employers), (100, 100));
}

#[test]
fn campaign_fields_are_checked() {
    Cases::new(campaign)
        .required_line("campaign.name", |c, s| c.name = s)
        .field(
            "campaign.ends_on",
            |c, d| c.ends_on = d,
            &[(day("2022-02-28"), Problem::EndBeforeStart), (day("2021-09-01"), Problem::EndBeforeStart)],
            &[day("2022-03-01"), day("2023-12-31")],
        )
        .field(
            "campaign.time_zone",
            |c, s: &str| c.time_zone = s.into(),
            &[("Mars/Base", Problem::TimeZone), ("", Problem::TimeZone), ("+08:00", Problem::TimeZone)],
            &["Europe/Berlin", "UTC"],
        )
        .field(
            "campaign.target_per_principal",
            |c, n| c.target_per_principal = n,
            &[(0, out_of(1, 10_000)), (10_001, out_of(1, 10_000))],
            &[1, 10_000],
        )
        .field(
            "campaign.target_new_employers",
            |c, n| c.target_new_employers = n,
            &[(0, out_of(1, 100_000)), (100_001, out_of(1, 100_000))],
            &[1, 100_000],
        )
        .check();
}

#[test]
fn campaign_references() {
    assert!(refs(&normalised(campaign())).is_empty());
}
