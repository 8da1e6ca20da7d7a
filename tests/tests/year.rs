#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! A bureau's year as the documents run it: modes decided by the task's
//! month, officers not on post never drawn or counted.

use shuangsuiji::audit::compliance::Breach;
use shuangsuiji::model::{Category, DateRange};
use shuangsuiji::plan::{plan_quarter, Mode, Visit};
use shuangsuiji::request::PlanRequest;
use shuangsuiji::rules::{self, Policy};
use shuangsuiji::{check_compliance, sample};

fn ymd(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Changji's county rules, valid in 2020, with the Zhongwei positive list.
fn county_with_positive_list() -> Policy {
    rules::combine(&[rules::preset("changji-county").unwrap(), rules::preset("zhongwei-positive-list").unwrap()])
        .unwrap()
        .assume_valid(2020)
}

fn request(registry: shuangsuiji::model::Registry, quarter: &str) -> PlanRequest {
    PlanRequest::new(
        registry,
        county_with_positive_list(),
        vec![sample::COUNTY.into()],
        quarter.parse().unwrap(),
        "20200413",
    )
}

/// Each task of a listed object, with its month and mode.
fn listed_modes(r: &PlanRequest) -> Vec<(u32, Mode)> {
    let plan = plan_quarter(r).unwrap();
    assert!(check_compliance(&plan, r).is_compliant(), "{:?}", check_compliance(&plan, r).breaches);
    let listed: Vec<&str> =
        r.registry.objects.iter().filter(|o| o.positive_list.is_some()).map(|o| o.id.as_str()).collect();
    plan.tasks.iter().filter(|t| listed.contains(&t.object.as_str())).map(|t| (t.month, t.mode)).collect()
}

#[test]
fn the_positive_list_starting_on_1_march_makes_february_on_site_and_march_off_site() {
    // The Zhongwei list is in force from 2020-03-01 (002 二); every general
    // object is listed for the whole year.
    let registry = sample::with_positive_list(
        sample::county(4, 2, 90, 8),
        Category::General,
        90,
        DateRange { from: ymd(2020, 1, 1), until: None },
    );
    let modes = listed_modes(&request(registry, "2020Q1"));
    let months: std::collections::BTreeSet<u32> = modes.iter().map(|(m, _)| *m).collect();
    assert!(months.len() >= 2, "the draw spans months: {modes:?}");
    for (month, mode) in &modes {
        let want = if *month == 3 { Mode::OffSite } else { Mode::OnSite };
        assert_eq!(*mode, want, "month {month}: {modes:?}");
    }
}

#[test]
fn a_listing_that_ends_on_15_july_is_off_site_in_july_only() {
    let registry = sample::with_positive_list(
        sample::county(4, 2, 90, 8),
        Category::General,
        90,
        DateRange { from: ymd(2020, 3, 1), until: Some(ymd(2020, 7, 15)) },
    );
    let modes = listed_modes(&request(registry, "2020Q3"));
    assert!(modes.iter().any(|(m, _)| *m != 7), "{modes:?}");
    for (month, mode) in &modes {
        let want = if *month == 7 { Mode::OffSite } else { Mode::OnSite };
        assert_eq!(*mode, want, "month {month}: {modes:?}");
    }
}

#[test]
fn officers_not_on_post_are_never_drawn_never_counted_and_flagged_by_check() {
    // Ten officers, five of them not on post.
    let mut registry = sample::county(6, 4, 300, 10);
    for p in registry.inspectors.iter_mut().take(5) {
        p.on_post = false;
    }
    let off: Vec<String> = registry.inspectors.iter().filter(|p| !p.on_post).map(|p| p.id.clone()).collect();
    let mut r = request(registry, "2020Q2");
    r.policy = rules::preset("changji-county").unwrap().assume_valid(2020);
    let plan = plan_quarter(&r).unwrap();
    for t in &plan.tasks {
        assert!(t.officers().iter().all(|o| !off.contains(o)), "{}: {:?}", t.object, t.officers());
    }
    // 1:10 counts the five on post: 50 a year, ⌈50 ÷ 3 quarters left⌉ = 17 this quarter.
    let general = plan.strata.iter().find(|s| s.stratum.category == Category::General).unwrap();
    assert_eq!(general.demands[0].yearly_total, Some(50));
    assert_eq!(general.required, 17);

    let mut edited = plan.clone();
    let task = edited.tasks.iter_mut().find(|t| matches!(t.visit, Visit::Own { .. })).unwrap();
    if let Visit::Own { officers, .. } = &mut task.visit {
        officers[0] = off[0].clone();
    }
    let report = check_compliance(&edited, &r);
    assert!(
        report.breaches.iter().any(|b| matches!(b, Breach::Team { why, .. } if why.contains("not on post"))),
        "{:?}",
        report.breaches
    );
}
