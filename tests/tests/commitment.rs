#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! A draw no insider can steer (docs/draw-protocol.md): the commitment
//! freezes everything but the seed, seeds have one normal form, teams are
//! drawn from their own seed strings, `verify` compares typed values, and
//! the amendment log is sealed by its published head.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use shuangsuiji::audit::amend::{
    check_head, entry_hash, verify_log, AmendmentKind, Entry, HeadError, LogHead, Note, PlanLog,
};
use shuangsuiji::audit::commitment::{check_checked_commitment, check_commitment, commit, Commitment, CommitmentError};
use shuangsuiji::audit::verify::{verify_checked, Difference};
use shuangsuiji::model::{Category, Inspection, Pool, Status};
use shuangsuiji::plan::{plan_checked, plan_quarter, CheckedRequest, QuarterPlan, Visit};
use shuangsuiji::request::{
    commitment_digest, Campaign, PlanRequest, Scope, SeedError, SeedRule, SeedSource, TargetedReason, TargetedRequest,
};
use shuangsuiji::rules::{self, Percent};
use shuangsuiji::{verify_plan, PlanError, VerifyError};

fn rule() -> SeedRule {
    SeedRule {
        source: SeedSource::Lottery,
        digits: 20,
        announced: "体彩排列5 2023003、福彩3D 2023003 and 12 dice at the meeting of 2023-01-03, in that order".into(),
        weak: false,
    }
}

/// The seed the rule gives, as it was written down.
const SEED: &str = "58142 903 7182-0493-7561";

/// The demo prefecture under the county rules, committed with a 20-digit
/// rule, and one campaign.
fn committed() -> (PlanRequest, Commitment) {
    let mut request =
        shuangsuiji_tests::demo_request(rules::preset("changji-county").unwrap(), "2023Q1".parse().unwrap(), "");
    request.seed_rule = Some(rule());
    request.campaigns = vec![Campaign {
        id: "chem".into(),
        scope: Scope { industry: Some("化工".into()), ..Scope::default() },
        percent: Percent::whole(20),
        expertise: None,
    }];
    let commitment = commit(&mut request, "昌吉州生态环境局", NaiveDate::from_ymd_opt(2022, 12, 28).unwrap()).unwrap();
    request.seed = SEED.into();
    (request, commitment)
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/commitment").join(name)
}

fn read<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&std::fs::read_to_string(data(name)).unwrap()).unwrap()
}

// ---------------------------------------------------------------- the commitment

#[test]
fn the_seed_is_the_one_input_the_commitment_leaves_out() {
    let (request, commitment) = committed();
    assert_eq!(commitment.digest, commitment_digest(&request));
    for seed in [SEED, "58142903718204937561", "99999999999999999999", ""] {
        let r = PlanRequest { seed: seed.into(), ..request.clone() };
        assert_eq!(check_commitment(&commitment, &r), Ok(()), "seed {seed:?}");
    }
}

/// A change to a request.
type Edit = Box<dyn Fn(&mut PlanRequest)>;

#[test]
fn any_other_change_after_the_commitment_is_refused_naming_what_differs() {
    let (request, commitment) = committed();
    let edits: Vec<(&str, &str, Edit)> = vec![
        ("object category", "list `objects`", Box::new(|r| r.registry.objects[0].category = Category::Special)),
        ("object removed", "list `objects`", Box::new(|r| drop(r.registry.objects.pop()))),
        (
            "object added",
            "list `objects`",
            Box::new(|r| {
                let mut o = r.registry.objects[0].clone();
                o.id = "NEW-0001".into();
                r.registry.objects.push(o);
            }),
        ),
        ("inspector capacity", "list `inspectors`", Box::new(|r| r.registry.inspectors[3].quarterly_capacity += 1)),
        (
            "recusal",
            "list `inspectors`",
            Box::new(|r| {
                let id = r.registry.objects[5].id.clone();
                r.registry.inspectors[0].recusals.insert(id);
            }),
        ),
        ("jurisdiction name", "list `jurisdictions`", Box::new(|r| r.registry.jurisdictions[1].name.push('县'))),
        (
            "history",
            "list `history`",
            Box::new(|r| {
                let o = &r.registry.objects[0];
                r.history.push(Inspection::random(o.id.clone(), o.jurisdiction.clone(), "2023-01-02".parse().unwrap()));
            }),
        ),
        ("campaign id", "list `campaigns`", Box::new(|r| r.campaigns[0].id = "chem2".into())),
        (
            "targeted visit",
            "list `targeted`",
            Box::new(|r| {
                let object = r.registry.objects[0].id.clone();
                r.targeted.push(TargetedRequest { object, reason: TargetedReason::Complaint, month: None });
            }),
        ),
        ("policy", "`policy`", Box::new(|r| r.policy.rules[0].source.clause.push('*'))),
        ("units", "`units`", Box::new(|r| drop(r.units.pop()))),
        ("quarter", "`quarter`", Box::new(|r| r.quarter = "2023Q2".parse().unwrap())),
        ("seed rule", "`seed_rule`", Box::new(|r| r.seed_rule.as_mut().unwrap().digits = 21)),
    ];
    for (what, part, edit) in edits {
        let mut r = request.clone();
        edit(&mut r);
        match check_commitment(&commitment, &r) {
            Err(CommitmentError::Mismatch { differences, .. }) => {
                assert!(differences.iter().any(|d| d.starts_with(part)), "{what}: {differences:?}");
                assert_eq!(differences.len(), 1, "{what}: only {part} differs: {differences:?}");
            }
            other => panic!("{what}: expected a mismatch, got {other:?}"),
        }
    }
}

#[test]
fn reordering_records_and_reformatting_json_leave_the_commitment_unchanged() {
    let (request, commitment) = committed();
    let shuffled = shuangsuiji_tests::shuffled(&request, 7);
    assert_eq!(commitment_digest(&shuffled), commitment.digest);
    // Pretty or compact JSON, members in another order: the same request.
    let mut value = serde_json::to_value(&shuffled).unwrap();
    reverse_members(&mut value);
    for text in [serde_json::to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap()] {
        let back: PlanRequest = serde_json::from_str(&text).unwrap();
        assert_eq!(commitment_digest(&back), commitment.digest);
    }
}

/// Rewrites every object with its members in reverse order.
fn reverse_members(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            let mut pairs: Vec<(String, serde_json::Value)> = std::mem::take(map).into_iter().collect();
            pairs.reverse();
            for (k, mut inner) in pairs {
                reverse_members(&mut inner);
                map.insert(k, inner);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(reverse_members),
        _ => {}
    }
}

#[test]
fn a_hand_written_request_and_its_rewritten_form_have_one_commitment() {
    // The fixture is written as an integrator might: another member order,
    // defaults spelled out in some records and left out in others, sets
    // unsorted with repeats, `2023q1`, `25.0`, `2023-1-5`.
    let commitment: Commitment = read("hand-written.commitment.json");
    for name in ["hand-written.request.json", "hand-written.seeded.request.json"] {
        let request: PlanRequest = read(name);
        assert_eq!(check_commitment(&commitment, &request), Ok(()), "{name}");
    }
    assert_eq!(commitment.digest, "5583e75b71b57d958767bd2c7383474bb10290805d2748f92fcfce77e23f9faa");
}

#[test]
fn an_edited_commitment_file_is_tampered() {
    let (request, mut commitment) = committed();
    commitment.frozen["lists"]["objects"]["count"] = 1.into();
    assert!(matches!(check_commitment(&commitment, &request), Err(CommitmentError::Tampered { .. })));
}

#[test]
fn a_commitment_needs_a_seed_rule() {
    let (mut request, _) = committed();
    request.seed_rule = None;
    request.committed = None;
    let err = commit(&mut request, "x", NaiveDate::from_ymd_opt(2022, 12, 28).unwrap()).unwrap_err();
    assert!(matches!(err, CommitmentError::NoSeedRule), "{err}");
    assert!(err.to_string().contains("seed_rule"), "{err}");
}

// ---------------------------------------------------------------- the insider (issue 32, findings 2 and 3)

// Finding 2: with a 1- or 3-digit rule, an insider who tries campaign ids
// before the commitment can put a company out of most outcomes. A rule
// needs 20 digits (about 66 bits) unless marked weak, and the mark is
// committed and carried by the plan.
#[test]
fn a_seed_rule_of_fewer_than_20_digits_is_refused_unless_marked_weak() {
    let (mut request, _) = committed();
    request.committed = None;
    let date = NaiveDate::from_ymd_opt(2022, 12, 28).unwrap();
    for digits in [1, 3, 19] {
        request.seed_rule = Some(SeedRule { digits, ..rule() });
        let err = commit(&mut request, "x", date).unwrap_err();
        assert!(matches!(err, CommitmentError::SeedRule(SeedError::TooFewDigits { .. })), "{digits}: {err}");
        assert!(request.committed.is_none(), "a refused commitment changes nothing");
    }
    // A plan refuses the weak rule too, whoever wrote the request.
    request.seed = "581".into();
    request.seed_rule = Some(SeedRule { digits: 3, ..rule() });
    assert!(matches!(plan_quarter(&request), Err(PlanError::Seed(SeedError::TooFewDigits { .. }))));

    request.seed_rule = Some(SeedRule { digits: 3, weak: true, ..rule() });
    let weak = commit(&mut request, "x", date).unwrap();
    assert_eq!(weak.frozen["seed_rule"]["weak"], true);
    let plan = plan_quarter(&request).unwrap();
    assert!(plan.seed_rule.as_ref().unwrap().weak);
    // `weak` on a rule that is not weak is refused, not ignored.
    request.seed_rule = Some(SeedRule { weak: true, ..rule() });
    request.committed = None;
    assert!(matches!(commit(&mut request, "x", date), Err(CommitmentError::SeedRule(SeedError::NotWeak { .. }))));
    // And 20 digits plan.
    let (request, commitment) = committed();
    assert_eq!(plan_quarter(&request).unwrap().commitment, commitment.digest);
}

// Finding 3: the date and authority were outside the digest; edited, the
// commitment still verified and printed the edited values.
#[test]
fn a_commitment_whose_date_or_authority_was_edited_fails() {
    let (request, commitment) = committed();
    assert_eq!(commitment.frozen["committed"]["authority"], "昌吉州生态环境局");
    assert_eq!(commitment.frozen["committed"]["date"], "2022-12-28");
    assert_eq!(request.committed.as_ref().unwrap().authority, "昌吉州生态环境局");
    check_commitment(&commitment, &request).unwrap();

    let shown = |edit: &dyn Fn(&mut Commitment)| {
        let mut c = commitment.clone();
        edit(&mut c);
        check_commitment(&c, &request).unwrap_err()
    };
    // The shown authority or date edited: it no longer reads as the digest's.
    let e = shown(&|c| c.authority = "另一机关".into());
    assert!(matches!(e, CommitmentError::Relabelled { member: "authority", .. }), "{e}");
    let e = shown(&|c| c.date = NaiveDate::from_ymd_opt(2022, 12, 20).unwrap());
    assert!(matches!(e, CommitmentError::Relabelled { member: "date", .. }), "{e}");
    // Edited inside the frozen header too: the digest no longer matches.
    let e = shown(&|c| {
        c.date = NaiveDate::from_ymd_opt(2022, 12, 20).unwrap();
        c.frozen["committed"]["date"] = "2022-12-20".into();
    });
    assert!(matches!(e, CommitmentError::Tampered { .. }), "{e}");
    // And with the digest recomputed, it is another commitment: the
    // request (which says who committed it and when) does not match.
    let e = shown(&|c| {
        c.date = NaiveDate::from_ymd_opt(2022, 12, 20).unwrap();
        c.frozen["committed"]["date"] = "2022-12-20".into();
        c.digest = shuangsuiji::request::canonical::header_digest(&c.frozen);
    });
    assert!(
        matches!(&e, CommitmentError::Mismatch { differences, .. } if differences.iter().any(|d| d.contains("committed"))),
        "{e}"
    );
    // A request committed once is not committed again by another.
    let mut again = request.clone();
    let e = commit(&mut again, "另一机关", NaiveDate::from_ymd_opt(2022, 12, 29).unwrap()).unwrap_err();
    assert!(matches!(e, CommitmentError::CommittedAlready { .. }), "{e}");
}

// ---------------------------------------------------------------- seeds

#[test]
fn every_spelling_of_one_result_is_one_seed_and_other_results_are_refused() {
    let (request, commitment) = committed();
    let plan = plan_quarter(&request).unwrap();
    assert_eq!(plan.seed, "58142903718204937561");
    assert_eq!(plan.commitment, commitment.digest);
    assert_eq!(plan.seed_rule, Some(rule()));
    for spelling in [
        "58142903718204937561",
        "5814-2903-7182-0493-7561",
        "５８１４２９０３７１８２０４９３７５６１",
        "58142，903，718204937561",
    ] {
        let r = PlanRequest { seed: spelling.into(), ..request.clone() };
        assert_eq!(plan_quarter(&r).unwrap(), plan, "{spelling}");
    }
    for bad in ["5814290371820493756", "581429037182049375612", "58142903718204937561a", ""] {
        let r = PlanRequest { seed: bad.into(), ..request.clone() };
        assert!(matches!(plan_quarter(&r), Err(PlanError::Seed(_))), "{bad:?}");
    }
}

#[test]
fn without_a_rule_a_seed_is_bounded_text() {
    let (mut request, _) = committed();
    request.seed_rule = None;
    for bad in ["a|b", &"9".repeat(129), "tab\there"] {
        request.seed = bad.to_owned();
        assert!(matches!(plan_quarter(&request), Err(PlanError::Seed(_))), "{bad:?}");
    }
}

// ---------------------------------------------------------------- teams

#[test]
fn adding_or_removing_a_targeted_visit_moves_no_other_team() {
    let (request, _) = committed();
    let plan = plan_quarter(&request).unwrap();
    let team = |p: &QuarterPlan, unit: &str, object: &str| {
        p.tasks.iter().find(|t| t.unit == unit && t.object == object).map(|t| t.visit.clone())
    };
    let mut tried = 0;
    for (i, o) in request.registry.objects.iter().enumerate().filter(|(_, o)| o.status.is_eligible()).step_by(97) {
        if plan.tasks.iter().any(|t| t.object == o.id) {
            continue;
        }
        let mut r = request.clone();
        r.targeted.push(TargetedRequest { object: o.id.clone(), reason: TargetedReason::Complaint, month: None });
        let with = plan_quarter(&r).unwrap();
        for t in &plan.tasks {
            assert_eq!(
                team(&with, &t.unit, &t.object).as_ref(),
                Some(&t.visit),
                "object #{i}: {}'s team moved",
                t.object
            );
        }
        tried += 1;
    }
    assert!(tried >= 10, "only {tried} targeted visits tried");
}

// ---------------------------------------------------------------- verify

#[test]
fn verify_compares_typed_values_never_joined_text() {
    let (request, _) = committed();
    let plan = plan_quarter(&request).unwrap();
    let fails = |p: &QuarterPlan, what: &str| match verify_plan(p, &request) {
        Err(VerifyError::Differs(d)) => d,
        other => panic!("{what}: expected differences, got {other:?}"),
    };

    let mut p = plan.clone();
    let i = p.tasks.iter().position(|t| matches!(t.visit, Visit::Own { .. })).unwrap();
    if let Visit::Own { officers, .. } = &mut p.tasks[i].visit {
        *officers = vec![officers.join(",")];
    }
    let d = fails(&p, "joined team");
    assert!(matches!(&d[..], [Difference::Task { field: "officers", .. }]), "{d:?}");

    let mut p = plan.clone();
    p.units = vec![p.units.join(",")];
    let d = fails(&p, "joined units");
    assert!(d.iter().any(|d| matches!(d, Difference::Header { field: "units", .. })), "{d:?}");

    // Under a policy whose tasks check a whole list (Fengdu's, each visit).
    let mut listed = request.clone();
    let mut list = rules::preset("fengdu-example").unwrap().check_items.unwrap();
    list.each_year = None;
    listed.policy.check_items = Some(list);
    let mut p = plan_quarter(&listed).unwrap();
    let i = p.tasks.iter().position(|t| t.check_items.len() >= 2).unwrap();
    let merged = p.tasks[i].check_items.join("; ");
    p.tasks[i].check_items = vec![merged.into()];
    let d = match verify_plan(&p, &listed) {
        Err(VerifyError::Differs(d)) => d,
        other => panic!("merged check items: expected differences, got {other:?}"),
    };
    assert!(matches!(&d[..], [Difference::Task { field: "check_items", .. }]), "{d:?}");

    for edit in 0..3 {
        let mut p = plan.clone();
        let line = p.strata.iter_mut().find(|l| l.campaign.is_some()).unwrap();
        match edit {
            0 => line.stratum.pool = Pool::Radiation,
            1 => line.stratum.category = Category::Key.into(),
            _ => line.stratum.tier = Some("t1".into()),
        }
        let d = fails(&p, "campaign stratum key");
        assert!(matches!(&d[..], [Difference::Stratum { field: "stratum", .. }]), "edit {edit}: {d:?}");
    }
}

#[test]
fn every_reader_refuses_a_plan_format_it_does_not_know() {
    let (request, _) = committed();
    let plan = plan_quarter(&request).unwrap();
    let mut json = serde_json::to_value(&plan).unwrap();
    json["format"] = "shuangsuiji.plan/9".into();
    let err = serde_json::from_value::<QuarterPlan>(json).unwrap_err().to_string();
    assert!(err.contains("shuangsuiji.plan/9") && err.contains("shuangsuiji.plan/4"), "{err}");
}

// ---------------------------------------------------------------- the sealed log

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 2, d).unwrap()
}

/// The rule a claim announces for its replacements' seed.
fn claim_rule() -> SeedRule {
    SeedRule { digits: 20, ..rule() }
}

fn claim(reason: &str, d: u32) -> Note {
    Note::new(reason, "王科长", day(d)).with_evidence("证明 2023-02")
}

/// Draws the pending claim's replacements under 20 dice digits.
fn draw(log: &mut PlanLog, request: &PlanRequest, dice: &str, d: u32) -> AmendmentKind {
    log.draw_replacements(request, dice, Note::new("公开摇号", "王科长", day(d))).unwrap()
}

/// A log of two claims with their draws and a move, and its head as
/// published after each.
fn sealed() -> (PlanRequest, PlanLog, Vec<LogHead>) {
    let (request, _) = committed();
    let plan = plan_quarter(&request).unwrap();
    let own: Vec<_> =
        plan.tasks.iter().filter(|t| t.is_random() && matches!(t.visit, Visit::Own { .. })).cloned().collect();
    let (a, b, c) = (&own[0], &own[5], &own[9]);
    let mut log = PlanLog::new(plan.clone());
    let mut heads = vec![log.head()];
    heads.push(
        log.replace_inspector(&request, (&a.unit, &a.object, &a.officers()[0]), claim_rule(), claim("回避", 1))
            .unwrap(),
    );
    draw(&mut log, &request, "11111 22222 33333 44444", 2);
    heads.push(log.head());
    heads.push(
        log.close_object(&request, (&b.unit, &b.object, Status::Relocated), claim_rule(), claim("已搬迁", 3)).unwrap(),
    );
    draw(&mut log, &request, "55555 66666 77777 88888", 3);
    heads.push(log.head());
    let to = if c.month == 3 { 1 } else { c.month + 1 };
    log.move_task((&c.unit, &c.object, to), Note::new("企业检修", "李股长", day(4))).unwrap();
    heads.push(log.head());
    (request, log, heads)
}

/// Recomputes every hash from `from` on, as whoever holds the file can.
fn rechain(log: &mut PlanLog, from: usize) {
    for i in from..log.entries.len() {
        let prev = if i == 0 { String::new() } else { log.entries[i - 1].hash.clone() };
        log.entries[i].prev_hash = prev.clone();
        log.entries[i].hash = entry_hash(&prev, &log.entries[i].entry);
    }
}

fn amendment(log: &mut PlanLog, i: usize) -> &mut shuangsuiji::audit::amend::Amendment {
    match &mut log.entries[i].entry {
        Entry::Amendment(a) => a,
        Entry::Original { .. } => panic!("entry {i} is the original"),
    }
}

#[test]
fn every_re_chained_attack_on_the_log_shows_against_the_published_head() {
    let (request, log, heads) = sealed();
    let head = heads.last().unwrap();
    assert_eq!(verify_log(&log, &request).unwrap().head, *head);
    assert_eq!(check_head(&log, head), Ok(0));
    // Earlier heads still hold: the log only grew after them.
    assert_eq!(check_head(&log, &heads[1]), Ok(4));

    let rewritten = |l: &PlanLog, what: &str| match check_head(l, head) {
        Err(HeadError::Rewritten { .. }) => {}
        other => panic!("{what}: expected a rewrite against the head, got {other:?}"),
    };

    // Deleting the middle amendment, re-chained: every choice still holds,
    // only the head shows it.
    let mut l = log.clone();
    l.entries.remove(2);
    rechain(&mut l, 2);
    match check_head(&l, head) {
        Err(HeadError::Truncated { .. } | HeadError::Rewritten { .. }) => {}
        other => panic!("deletion: {other:?}"),
    }

    let mut l = log.clone();
    amendment(&mut l, 5).reason = "illness".into();
    rechain(&mut l, 5);
    assert!(verify_log(&l, &request).is_ok(), "a reworded reason is a valid log on its own");
    rewritten(&l, "reason");

    let mut l = log.clone();
    amendment(&mut l, 2).author = "someone else".into();
    rechain(&mut l, 2);
    rewritten(&l, "author");

    let mut l = log.clone();
    amendment(&mut l, 3).date = NaiveDate::from_ymd_opt(1999, 1, 1).unwrap();
    rechain(&mut l, 3);
    let err = verify_log(&l, &request).unwrap_err().to_string();
    assert!(err.contains("outside 2023Q1"), "{err}");
    rewritten(&l, "back-dated");

    let mut l = log.clone();
    if let AmendmentKind::MoveTask { to_month, from_month, .. } = &mut amendment(&mut l, 5).kind {
        *to_month = if *from_month == 3 { 2 } else { 3 };
        if to_month == from_month {
            *to_month = 1;
        }
    }
    rechain(&mut l, 5);
    rewritten(&l, "moved elsewhere");

    // A well-formed move fabricated before the head.
    let mut l = log.clone();
    let fabricated = l.entries[5].clone();
    l.entries.insert(1, fabricated);
    rechain(&mut l, 1);
    rewritten(&l, "fabricated");

    // Cutting the last amendment off.
    let mut l = log.clone();
    l.entries.pop();
    assert!(matches!(check_head(&l, head), Err(HeadError::Truncated { .. })));
}

#[test]
fn an_absent_officer_leaves_every_task_of_those_months_and_is_never_drawn_back() {
    let (request, _) = committed();
    let plan = plan_quarter(&request).unwrap();
    // The officer with the most tasks in February.
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for t in plan.tasks.iter().filter(|t| t.month == 2) {
        for o in t.officers() {
            *counts.entry(o.as_str()).or_default() += 1;
        }
    }
    let (absent, n) = counts.iter().max_by_key(|(_, n)| **n).map(|(a, n)| ((*a).to_owned(), *n)).unwrap();
    assert!(n >= 2, "the officer has {n} February tasks");
    let mut log = PlanLog::new(plan.clone());
    log.inspector_absent(&request, (&absent, day(1), day(20)), claim_rule(), claim("病假", 1)).unwrap();
    let AmendmentKind::ReplacementsDrawn { officers: changes, .. } =
        draw(&mut log, &request, "31415926535897932384", 2)
    else {
        panic!("a draw")
    };
    assert_eq!(changes.len(), n);
    let current = log.current_plan().unwrap();
    assert!(current.tasks.iter().filter(|t| t.month == 2).all(|t| !t.officers().contains(&absent)));
    assert!(current.tasks.iter().filter(|t| t.month == 2).all(|t| t.officers().len() >= 2));

    // Two days later another February officer is replaced: never by them.
    let unit = changes[0].unit.clone();
    let other = current
        .tasks
        .iter()
        .filter(|t| t.month == 2 && t.unit == unit)
        .flat_map(|t| t.officers().iter().map(move |o| (t, o)))
        .find(|(_, o)| **o != absent)
        .map(|(t, o)| (t.object.clone(), o.clone()))
        .unwrap();
    log.replace_inspector(&request, (&unit, &other.0, &other.1), claim_rule(), claim("回避", 3)).unwrap();
    let AmendmentKind::ReplacementsDrawn { officers, .. } = draw(&mut log, &request, "27182818284590452353", 3) else {
        panic!("a draw")
    };
    assert_ne!(officers[0].replacement, absent);
    assert!(verify_log(&log, &request).is_ok());
}

// ---------------------------------------------------------------- the Python checkers

fn python(script: &str, args: &[&Path]) -> (i32, String) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out =
        Command::new("python3").arg(manifest.join("reference").join(script)).args(args).output().expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn python_recomputes_the_commitment_of_a_hand_written_request() {
    for request in ["hand-written.request.json", "hand-written.seeded.request.json"] {
        let (code, text) = python("commitment_check.py", &[&data(request), &data("hand-written.commitment.json")]);
        assert_eq!(code, 0, "{request}: {text}");
        assert!(text.starts_with("OK"), "{text}");
    }
    // And notices a change the seed aside.
    let mut request: serde_json::Value = read("hand-written.request.json");
    request["campaigns"][0]["id"] = "chem2".into();
    let dir = std::env::temp_dir().join(format!("ssj-commitment-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let edited = dir.join("edited.json");
    std::fs::write(&edited, request.to_string()).unwrap();
    let (code, text) = python("commitment_check.py", &[&edited, &data("hand-written.commitment.json")]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("campaigns"), "{text}");
}

// A bureau's own attribute names are not the canonical form's: `status`,
// `date` or `complaints` inside `tags.attributes` keep their values as
// written (no default dropped, no date padded), and the Python checker,
// written from the spec, agrees with the commitment.
#[test]
fn python_agrees_on_attributes_named_like_the_canonical_form_s_members() {
    let mut request: serde_json::Value = read("hand-written.request.json");
    request["registry"]["objects"][0]["tags"] = serde_json::json!({
        "object_type": "construction_project",
        "attributes": {"status": "active", "date": "2021-3-5", "complaints": "0", "批复年份": "2021"}
    });
    let mut parsed: PlanRequest = serde_json::from_value(request.clone()).unwrap();
    let commitment = commit(&mut parsed, "某县生态环境局", NaiveDate::from_ymd_opt(2022, 12, 30).unwrap()).unwrap();
    request["committed"] = serde_json::to_value(&parsed.committed).unwrap();
    let dir = std::env::temp_dir().join(format!("ssj-attributes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (request_file, commitment_file) = (dir.join("request.json"), dir.join("commitment.json"));
    std::fs::write(&request_file, request.to_string()).unwrap();
    std::fs::write(&commitment_file, serde_json::to_string(&commitment).unwrap()).unwrap();
    let (code, text) = python("commitment_check.py", &[&request_file, &commitment_file]);
    assert_eq!(code, 0, "{text}");
    // And the attributes are committed: another value is another digest.
    request["registry"]["objects"][0]["tags"]["attributes"]["status"] = "closed".into();
    let mut other: PlanRequest = serde_json::from_value(request).unwrap();
    assert_ne!(
        commit(&mut other, "某县生态环境局", NaiveDate::from_ymd_opt(2022, 12, 30).unwrap()).unwrap().digest,
        commitment.digest
    );
}

#[test]
fn python_re_derives_companies_teams_and_months_of_a_draw_record() {
    let (code, text) = python("draw_record_check.py", &[&data("hand-written.draw-record.json")]);
    assert_eq!(code, 0, "{text}");
    // The fixture is the record of the fixture plan, drawn now.
    let request: PlanRequest = read("hand-written.seeded.request.json");
    let plan: QuarterPlan = read("hand-written.plan.json");
    assert_eq!(plan_quarter(&request).unwrap(), plan);
    let record = shuangsuiji::audit::draw_record::public_draw_record(&plan, &request, None);
    assert_eq!(serde_json::to_value(&record).unwrap(), read::<serde_json::Value>("hand-written.draw-record.json"));
}

#[test]
fn a_checked_request_hashes_once_and_afresh_when_its_seed_rule_changes() {
    let (mut request, commitment) = committed();
    request.seed = "58142903718204937561".into();
    let mut checked = CheckedRequest::new(request.clone()).unwrap();
    check_checked_commitment(&commitment, &checked).unwrap();
    assert_eq!(checked.commitment_digest(), commitment.digest);
    let plan = plan_checked(&checked).unwrap();
    assert_eq!(plan, plan_quarter(&request).unwrap());
    verify_checked(&plan, &checked).unwrap();

    // The seed is not committed; the seed rule is.
    checked.set_seed(SEED.into());
    assert_eq!(checked.commitment_digest(), commitment.digest);
    checked.set_seed_rule(Some(SeedRule { digits: 21, ..rule() }));
    let mut changed = request.clone();
    changed.seed_rule = Some(SeedRule { digits: 21, ..rule() });
    assert_eq!(checked.commitment_digest(), commitment_digest(&changed));
    assert_ne!(checked.commitment_digest(), commitment.digest);
    assert!(matches!(
        check_checked_commitment(&commitment, &checked),
        Err(CommitmentError::Mismatch { ref differences, .. }) if differences.iter().any(|d| d.contains("seed_rule"))
    ));
    assert!(matches!(verify_checked(&plan, &checked), Err(VerifyError::CommitmentMismatch { .. })));

    // Not yet hashed: the check hashes the header it also names the
    // differences from, and keeps its digest.
    let unhashed = CheckedRequest::new(changed.clone()).unwrap();
    assert!(matches!(
        check_checked_commitment(&commitment, &unhashed),
        Err(CommitmentError::Mismatch { ref request, .. }) if *request == commitment_digest(&changed)
    ));
    assert_eq!(unhashed.commitment_digest(), commitment_digest(&changed));

    // A plan asked for first keeps the digest it hashed beside the draw.
    let fresh = CheckedRequest::new(request).unwrap();
    let planned = plan_checked(&fresh).unwrap();
    assert_eq!(fresh.commitment_digest(), planned.commitment);
}

// ---------------------------------------------------------------- the record bound (issue 32, finding 6)

// A record with a company dropped from a population passed a strata check
// made from the record and the commitment alone. The commitment now holds
// the root of the strata (populations, those inspected or set aside,
// minimums), so the record alone is checked against it — in Rust and by
// the Python checker written from the docs.
#[test]
fn a_draw_record_with_a_company_dropped_fails_against_the_commitment_alone() {
    use shuangsuiji::audit::draw_record::{check_record, public_draw_record, RecordError};
    let (request, commitment) = committed();
    let plan = plan_quarter(&request).unwrap();
    let record = public_draw_record(&plan, &request, None);
    check_record(&record, &commitment).unwrap();

    let undrawn = |r: &shuangsuiji::audit::draw_record::StratumRecord| {
        r.population.iter().position(|id| !r.drawn.iter().any(|d| &d.id == id))
    };
    let mut forged = record.clone();
    let stratum = forged.strata.iter_mut().find(|s| undrawn(s).is_some()).unwrap();
    let at = undrawn(stratum).unwrap();
    let dropped = stratum.population.remove(at);
    assert!(matches!(check_record(&forged, &commitment), Err(RecordError::Strata { .. })), "{dropped} dropped");
    let mut lowered = record.clone();
    lowered.strata[0].required -= 1;
    assert!(matches!(check_record(&lowered, &commitment), Err(RecordError::Strata { .. })));
    // Another seed string redraws the stratum without the company: bound too.
    let mut redrawn = record.clone();
    redrawn.strata[0].seed_string.push_str("|x");
    assert!(matches!(check_record(&redrawn, &commitment), Err(RecordError::Strata { .. })));
    let mut reseeded = record.clone();
    reseeded.strata[0].seed_string = reseeded.strata[0].seed_string.replacen(&record.seed, "1", 1);
    assert!(matches!(check_record(&reseeded, &commitment), Err(RecordError::SeedString { .. })));
    let mut other_quarter = record.clone();
    other_quarter.quarter = "2023Q2".parse().unwrap();
    assert!(matches!(check_record(&other_quarter, &commitment), Err(RecordError::Header { member: "quarter", .. })));

    let dir = std::env::temp_dir().join(format!("ssj-record-bound-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (good, bad, c) = (dir.join("good.json"), dir.join("forged.json"), dir.join("commitment.json"));
    std::fs::write(&good, serde_json::to_string(&record).unwrap()).unwrap();
    std::fs::write(&bad, serde_json::to_string(&forged).unwrap()).unwrap();
    std::fs::write(&c, serde_json::to_string(&commitment).unwrap()).unwrap();
    let flag = Path::new("--commitment");
    let (code, text) = python("draw_record_check.py", &[&good, flag, &c]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = python("draw_record_check.py", &[&bad, flag, &c]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("not the ones committed"), "{text}");
}

// A request whose committed strata root was written by hand does not
// verify: the root must be the one its strata give.
#[test]
fn a_wrong_committed_strata_root_does_not_verify() {
    let (mut request, _) = committed();
    let plan = plan_quarter(&request).unwrap();
    verify_plan(&plan, &request).unwrap();
    request.committed.as_mut().unwrap().strata = "0".repeat(64);
    let mut plan = plan_quarter(&request).unwrap();
    plan.commitment = commitment_digest(&request);
    assert!(matches!(verify_plan(&plan, &request), Err(VerifyError::Strata { .. })));
}

// The campaigns' order is not part of a request (the commitment's list
// root does not see it), so no byte of the plan may depend on it; their
// lines followed the request's order before (found writing
// docs/draw-algorithm.md from the code).
#[test]
fn the_order_of_campaigns_changes_no_byte_of_the_plan() {
    let (mut request, _) = committed();
    for (id, industry) in [("a-first", "化工"), ("zz-last", "化工")] {
        request.campaigns.push(Campaign {
            id: id.into(),
            scope: Scope { industry: Some(industry.into()), ..Scope::default() },
            percent: Percent::whole(10),
            expertise: None,
        });
    }
    let mut reversed = request.clone();
    reversed.campaigns.reverse();
    assert_eq!(commitment_digest(&reversed), commitment_digest(&request));
    let (a, b) = (plan_quarter(&request).unwrap(), plan_quarter(&reversed).unwrap());
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    assert_eq!(a.strata.iter().filter(|l| l.campaign.is_some()).count(), 3 * a.units.len());
}
