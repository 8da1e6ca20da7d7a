//! The working-day calendar against an independent hand-written table of
//! every day 2020–2026, and golden deadlines across Spring Festival, National
//! Day and 调休 weekend days.

// Test code: the workspace allows these in tests (clippy.toml), but clippy only
// sees that inside `#[test]` functions, not in this file's helpers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use shuangsuiji::calendar::deadline::{self, Deadline, DeadlineError};
use shuangsuiji::calendar::{Calendar, CalendarError};
use shuangsuiji::model::Quarter;
use shuangsuiji::publish::deadlines::{duty_deadlines, event_deadline};
use shuangsuiji::rules::{self, Event};

const EXPECTED: &str = include_str!("data/calendar/expected_days.txt");
const USER_2027: &str = include_str!("data/calendar/user_2027_example.toml");

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Per year: weekday days off, weekend working days, declared net.
#[derive(Default)]
struct Expected {
    off: BTreeSet<NaiveDate>,
    on: BTreeSet<NaiveDate>,
    net: Option<usize>,
}

fn expected() -> BTreeMap<i32, Expected> {
    let mut out: BTreeMap<i32, Expected> = BTreeMap::new();
    for line in EXPECTED.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let year: i32 = words.next().unwrap().parse().unwrap();
        let what = words.next().unwrap();
        let entry = out.entry(year).or_default();
        match what {
            "net" => entry.net = Some(words.next().unwrap().parse().unwrap()),
            "off" | "on" => {
                for md in words {
                    let (m, day) = md.split_once('-').unwrap();
                    let date = d(year, m.parse().unwrap(), day.parse().unwrap());
                    let set = if what == "off" { &mut entry.off } else { &mut entry.on };
                    assert!(set.insert(date), "{date} listed twice");
                }
            }
            other => panic!("unknown line kind {other:?} in expected_days.txt"),
        }
    }
    out
}

#[test]
fn expected_table_is_self_consistent() {
    let exp = expected();
    assert_eq!(exp.keys().copied().collect::<Vec<_>>(), (2020..=2026).collect::<Vec<_>>());
    for (year, e) in &exp {
        for date in &e.off {
            assert!(!weekend(*date), "{date} is listed as a weekday off but is a weekend day");
        }
        for date in &e.on {
            assert!(weekend(*date), "{date} is listed as a weekend working day but is a weekday");
        }
        let net = e.off.len() - e.on.len();
        assert_eq!(Some(net), e.net, "{year}: weekday days off minus 调休 days");
        let statutory = if *year >= 2025 { 13 } else { 11 };
        let covid = if *year == 2020 { 2 } else { 0 };
        assert_eq!(net, statutory + covid, "{year}: statutory holiday days");
    }
}

#[test]
fn every_day_2020_to_2026_matches_the_independent_table() {
    let cal = Calendar::national().unwrap();
    let exp = expected();
    let mut date = d(2020, 1, 1);
    let mut days = 0;
    let mut working_per_year: BTreeMap<i32, u32> = BTreeMap::new();
    while date <= d(2026, 12, 31) {
        let e = &exp[&date.year()];
        let want = if weekend(date) { e.on.contains(&date) } else { !e.off.contains(&date) };
        assert_eq!(cal.is_working_day(date), Ok(want), "{date} ({})", date.weekday());
        if want {
            *working_per_year.entry(date.year()).or_default() += 1;
        }
        days += 1;
        date = date.succ_opt().unwrap();
    }
    assert_eq!(days, 2557);
    // Weekdays of each year minus its statutory days (+2 for 2020).
    let want: BTreeMap<i32, u32> =
        [(2020, 249), (2021, 250), (2022, 249), (2023, 249), (2024, 251), (2025, 248), (2026, 248)].into();
    assert_eq!(working_per_year, want);
}

#[test]
fn 调休_days_of_each_year() {
    let cal = Calendar::national().unwrap();
    let exp = expected();
    for (year, e) in &exp {
        let schedule = cal.year(*year).unwrap();
        let make_up: BTreeSet<NaiveDate> = schedule.make_up_working_days().collect();
        assert_eq!(&make_up, &e.on, "{year}: 调休上班 days");
        assert!(!schedule.notice.is_empty(), "{year}: notice is cited");
    }
}

#[test]
fn known_tricky_days() {
    let cal = Calendar::national().unwrap();
    let w = |date| cal.is_working_day(date).unwrap();
    assert!(w(d(2024, 2, 4)), "2024-02-04 is a working Sunday");
    assert!(w(d(2024, 2, 18)), "2024-02-18 is a working Sunday");
    assert!(w(d(2023, 10, 7)) && w(d(2023, 10, 8)), "2023-10-07/08 are working weekend days");
    assert!(!w(d(2020, 1, 31)), "COVID extension");
    assert!(!w(d(2020, 2, 1)), "the 2020-02-01 调休 was cancelled by the extension");
    assert!(w(d(2020, 2, 3)), "work resumed 2020-02-03");
    assert!(!w(d(2025, 1, 28)), "2025 除夕 is a statutory day");
    assert!(!w(d(2025, 5, 2)), "2025 5月2日 is a statutory day");
    assert!(w(d(2026, 1, 4)), "2026-01-04 is a working Sunday");
    assert!(w(d(2022, 12, 30)), "2022-12-30 is a plain Friday");
}

#[test]
fn unknown_year_is_an_error_never_a_guess() {
    let cal = Calendar::national().unwrap();
    assert_eq!(cal.is_working_day(d(2019, 12, 31)), Err(CalendarError::UnknownYear { year: 2019 }));
    assert_eq!(cal.is_working_day(d(2027, 1, 4)), Err(CalendarError::UnknownYear { year: 2027 }));
    assert_eq!(cal.add_working_days(d(2026, 12, 29), 3), Err(CalendarError::UnknownYear { year: 2027 }));
    assert_eq!(
        cal.working_days_between(d(2019, 12, 30), d(2020, 1, 5)),
        Err(CalendarError::UnknownYear { year: 2019 })
    );
    assert_eq!(
        event_deadline(&cal, rule("Changji 2023", Event::TaskCompleted), d(2026, 12, 20)),
        Err(DeadlineError::Calendar(CalendarError::UnknownYear { year: 2027 }))
    );
    assert_eq!(Calendar::empty().is_working_day(d(2024, 1, 2)), Err(CalendarError::UnknownYear { year: 2024 }));
}

#[test]
fn user_year_file_adds_and_replaces_years() {
    let cal = Calendar::national().unwrap().with_year_file(USER_2027).unwrap();
    assert_eq!(cal.years().collect::<Vec<_>>(), (2020..=2027).collect::<Vec<_>>());
    assert!(!cal.is_working_day(d(2027, 2, 5)).unwrap());
    assert!(cal.is_working_day(d(2027, 2, 14)).unwrap());
    assert!(cal.is_working_day(d(2027, 2, 15)).is_ok());
    // 2026 was replaced wholesale: the invented day is off, 春节 is gone.
    assert!(!cal.is_working_day(d(2026, 3, 2)).unwrap());
    assert!(cal.is_working_day(d(2026, 2, 16)).unwrap());
    // Other years untouched.
    assert!(cal.is_working_day(d(2024, 2, 4)).unwrap());
    // Now the count can cross into 2027.
    assert_eq!(cal.add_working_days(d(2026, 12, 31), 1).unwrap(), d(2027, 1, 4));
}

/// A bad file and the check its error must pass.
type BadCase = (&'static str, fn(&CalendarError) -> bool);

#[test]
fn bad_user_files_are_rejected() {
    let national = || Calendar::national().unwrap();
    let cases: [BadCase; 5] = [
        ("not toml [[", |e| matches!(e, CalendarError::Parse(_))),
        ("[[year]]\nyear = 2027\nholidays = []\n", |e| matches!(e, CalendarError::Parse(_))),
        ("[[year]]\nyear = 2027\n[[year.holiday]]\nname = \"x\"\nwork = [\"2027-01-05\"]\n", |e| {
            matches!(e, CalendarError::WorkdayNotWeekend { weekday: Weekday::Tue, .. })
        }),
        ("[[year]]\nyear = 2027\n[[year.holiday]]\nname = \"x\"\noff = [\"2027-01-09..2027-01-02\"]\n", |e| {
            matches!(e, CalendarError::ReversedRange { .. })
        }),
        ("[[year]]\nyear = 2027\n[[year.holiday]]\nname = \"x\"\noff = [\"2028-01-03\"]\n", |e| {
            matches!(e, CalendarError::OutsideYear { .. })
        }),
    ];
    for (text, check) in cases {
        let err = national().with_year_file(text).unwrap_err();
        assert!(check(&err), "{text:?} gave {err:?}");
    }
}

#[test]
fn range_helpers() {
    let cal = Calendar::national().unwrap();
    // National Day week 2024: 09-29 (Sun) works, 10-01..07 off, 10-12 (Sat) works.
    assert_eq!(cal.working_days_between(d(2024, 9, 27), d(2024, 10, 12)).unwrap(), 7);
    assert_eq!(cal.working_days_between(d(2024, 9, 27), d(2024, 9, 27)).unwrap(), 0);
    assert!(cal.working_days_between(d(2024, 10, 12), d(2024, 9, 27)).is_err());
    assert_eq!(
        cal.last_working_days_of(d(2025, 7, 1)..=d(2025, 9, 30), 5).unwrap(),
        vec![d(2025, 9, 25), d(2025, 9, 26), d(2025, 9, 28), d(2025, 9, 29), d(2025, 9, 30)]
    );
    assert_eq!(
        cal.last_working_days_of(d(2024, 2, 10)..=d(2024, 2, 19), 5).unwrap(),
        vec![d(2024, 2, 18), d(2024, 2, 19)],
        "fewer than n when the range holds fewer"
    );
    assert_eq!(cal.working_day_on_or_after(d(2023, 9, 29)).unwrap(), d(2023, 10, 7));
}

/// A built-in document's deadline counted from `event`.
fn rule(document: &str, event: Event) -> &'static rules::DeadlineRule {
    let file = rules::document_file(document).unwrap();
    file.deadlines.iter().find(|r| r.after == event).unwrap_or_else(|| panic!("{document} sets no {event:?} deadline"))
}

/// `document`'s deadline counted from `event` on `day`.
fn after(document: &str, event: Event, day: NaiveDate) -> Deadline {
    event_deadline(&Calendar::national().unwrap(), rule(document, event), day).unwrap()
}

/// The instances in `quarter` of `document`'s duty whose wording holds `what`.
fn duty(document: &str, what: &str, quarter: Quarter) -> Result<Vec<Deadline>, DeadlineError> {
    let file = rules::document_file(document).unwrap();
    let duty = file.duties.iter().find(|d| d.what.contains(what)).unwrap_or_else(|| panic!("{document}: {what}"));
    duty_deadlines(&Calendar::national().unwrap(), duty, quarter)
}

/// The one instance in `quarter`, as (window start, due).
fn window(document: &str, what: &str, quarter: Quarter) -> (Option<NaiveDate>, NaiveDate) {
    let instances = duty(document, what, quarter).unwrap();
    assert_eq!(instances.len(), 1, "{document}: {what} in {quarter}: {instances:?}");
    (instances[0].window_start, instances[0].due)
}

fn q(year: i32, n: u8) -> Quarter {
    Quarter::new(year, n).unwrap()
}

#[test]
fn golden_working_day_deadlines() {
    let cal = Calendar::national().unwrap();
    // Spring Festival 2024: visit Thu 02-08; 02-09 (1), 02-18 Sun 调休 (2), 02-19..23 (3–7).
    let e = after("Fengdu 2024", Event::Visit, d(2024, 2, 8));
    assert_eq!(e.due, d(2024, 2, 23));
    assert_eq!(e.window_start, Some(d(2024, 2, 8)));
    assert_eq!(e.source, "Fengdu 2024 §五（三）");
    // National Day 2023: 20 working days from Wed 09-20 → Tue 10-24
    // (09-21..28 = 6, 10-07 Sat and 10-08 Sun = 8, 10-09..24 = 20).
    for document in ["Changji 2023", "Fengdu 2024", "Changji Hi-tech Zone 2023"] {
        assert_eq!(after(document, Event::TaskCompleted, d(2023, 9, 20)).due, d(2023, 10, 24), "{document}");
    }
    // Working Sunday 2024-02-04 counts, and the 7th day lands on Sunday 02-18.
    assert_eq!(after("Fengdu 2024", Event::Visit, d(2024, 2, 2)).due, d(2024, 2, 18));
    // 2023-10-07 (Sat) and 10-08 (Sun) count: Thu 09-28 + 7 → Fri 10-13.
    assert_eq!(after("Fengdu 2024", Event::Visit, d(2023, 9, 28)).due, d(2023, 10, 13));
    // The first working day after the 2023 holiday is a Saturday.
    assert_eq!(cal.add_working_days(d(2023, 10, 6), 1).unwrap(), d(2023, 10, 7));
    // Penalty decision Fri 2025-01-24: 01-26 Sun (1), 01-27 (2), 02-05..07 (3–5),
    // 02-08 Sat (6), 02-10 Mon (7).
    let p = after("Wangcheng 2021", Event::PenaltyDecision, d(2025, 1, 24));
    assert_eq!(p.due, d(2025, 2, 10));
    assert_eq!(p.source, "Wangcheng 2021 四（四）12(2)");
    // 2026 autumn: 09-20 Sun and 10-10 Sat are working days, 09-25 and 10-01..07 off.
    assert_eq!(after("Changji 2023", Event::TaskCompleted, d(2026, 9, 10)).due, d(2026, 10, 14));
    // 2020 COVID extension: Thu 01-23 + 7 → 02-03..02-11 (the 02-01 调休 no longer counts).
    assert_eq!(after("Fengdu 2024", Event::Visit, d(2020, 1, 23)).due, d(2020, 2, 11));
}

#[test]
fn a_deadline_a_document_does_not_set_is_absent_never_borrowed() {
    let set =
        |document: &str, event| rules::document_file(document).unwrap().deadlines.iter().any(|r| r.after == event);
    // Only Fengdu sets one for entering results, only Wangcheng for a penalty decision.
    assert!(set("Fengdu 2024", Event::Visit));
    for document in ["Changji 2023", "Changji Hi-tech Zone 2023", "Wangcheng 2021", "Zhongwei 2020"] {
        assert!(!set(document, Event::Visit), "{document}");
    }
    assert!(set("Wangcheng 2021", Event::PenaltyDecision));
    assert!(!set("Changji 2023", Event::PenaltyDecision));
}

#[test]
fn golden_quarter_deadlines() {
    let cal = Calendar::national().unwrap();
    let list = "确定下一季度随机抽查对象及数量";
    // The list for 2025Q4 is fixed in the last 5 working days of 2025Q3, Sunday 09-28 (调休) included.
    assert_eq!(window("Changji Hi-tech Zone 2023", list, q(2025, 3)), (Some(d(2025, 9, 25)), d(2025, 9, 30)));
    // In 2023Q3, 2023-09-29 is already the holiday.
    assert_eq!(window("Changji Hi-tech Zone 2023", list, q(2023, 3)), (Some(d(2023, 9, 22)), d(2023, 9, 28)));
    // The list for 2024Q1 is fixed at the end of 2023Q4.
    assert_eq!(window("Changji Hi-tech Zone 2023", list, q(2023, 4)), (Some(d(2023, 12, 25)), d(2023, 12, 29)));
    assert_eq!(
        duty("Changji Hi-tech Zone 2023", list, q(2023, 4)).unwrap()[0].source,
        "Changji Hi-tech Zone 2023 二（四）"
    );
    // Fengdu "last week of the quarter" = last 7 calendar days.
    assert_eq!(window("Fengdu 2024", "下一季度被抽查对象名单", q(2023, 4)), (Some(d(2023, 12, 25)), d(2023, 12, 31)));
    // Statistics form: last 5 calendar days; 2023-09-30 is a Saturday, kept.
    let s = &duty("Changji 2023", "统计表", q(2023, 3)).unwrap()[0];
    assert_eq!((s.window_start, s.due), (Some(d(2023, 9, 26)), d(2023, 9, 30)));
    assert!(!s.due_is_working_day(&cal).unwrap());
    assert!(s.what.ends_with("（县市、园区）"), "a county and park duty says so: {}", s.what);
    // A working-day window in a year the calendar lacks is an error naming it.
    assert!(duty("Changji Hi-tech Zone 2023", list, q(2020, 4)).is_ok());
    assert_eq!(
        duty("Changji Hi-tech Zone 2023", list, q(2019, 4)),
        Err(DeadlineError::Calendar(CalendarError::UnknownYear { year: 2019 }))
    );
}

#[test]
fn golden_calendar_date_deadlines() {
    let cal = Calendar::national().unwrap();
    let dues = |document, what, quarter| -> Vec<NaiveDate> {
        duty(document, what, quarter).unwrap().iter().map(|x| x.due).collect()
    };
    // Yearly summaries fall in the fourth quarter only, each at its level.
    assert_eq!(dues("Changji 2023", "上报年度工作总结", q(2023, 4)), [d(2023, 11, 30)]);
    assert!(dues("Changji 2023", "上报年度工作总结", q(2023, 3)).is_empty());
    assert_eq!(dues("Changji 2023", "自治区执法局", q(2023, 4)), [d(2023, 12, 5)]);
    // Wangcheng: next month's plan by the 27th, last month's completion by the 4th.
    assert_eq!(dues("Wangcheng 2021", "下月检查计划", q(2024, 1)), [d(2024, 1, 27), d(2024, 2, 27), d(2024, 3, 27)]);
    let c = duty("Wangcheng 2021", "上月检查计划落实情况", q(2024, 4)).unwrap();
    // The report on September 2024 is due 10-04, inside National Day: kept.
    assert_eq!(c[0].due, d(2024, 10, 4));
    assert!(!c[0].due_is_working_day(&cal).unwrap());
    assert_eq!(dues("Zhongwei 2020", "亮点", q(2020, 2)), [d(2020, 4, 25), d(2020, 5, 25), d(2020, 6, 25)]);
    assert_eq!(dues("Zhongwei 2020", "总结", q(2020, 4)), [d(2020, 10, 5)]);
}

#[test]
fn overdue_lists_what_is_late_on_a_date() {
    let visit = after("Fengdu 2024", Event::Visit, d(2024, 2, 8)); // due 02-23
    let publish = after("Fengdu 2024", Event::TaskCompleted, d(2024, 2, 8));
    let stats = duty("Changji 2023", "统计表", q(2024, 1)).unwrap().remove(0); // due 03-31
    let items = vec![
        ("entry A".to_owned(), visit.clone(), None),
        ("entry B".to_owned(), visit.clone(), Some(d(2024, 2, 23))),
        ("entry C".to_owned(), visit, Some(d(2024, 2, 26))),
        ("publish A".to_owned(), publish, None),
        ("stats".to_owned(), stats, None),
    ];
    assert!(deadline::overdue(&items, d(2024, 2, 23)).is_empty());
    let late = deadline::overdue(&items, d(2024, 2, 29));
    let got: Vec<(&str, Option<NaiveDate>, i64)> =
        late.iter().map(|o| (o.name.as_str(), o.done, o.days_late)).collect();
    assert_eq!(got, vec![("entry A", None, 6), ("entry C", Some(d(2024, 2, 26)), 3)]);
    let late = deadline::overdue(&items, d(2024, 4, 2));
    let names: Vec<&str> = late.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, vec!["entry A", "entry C", "publish A", "stats"]);
}
