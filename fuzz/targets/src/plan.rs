//! Structured fuzzing of `plan_quarter`: a small request (up to 40 objects,
//! 10 inspectors, 1–3 units) built from arbitrary data, with random
//! statuses, categories, pools, recusals, capacities (0 and huge), history,
//! targeted visits, campaigns, and a preset or a random policy.
//!
//! Properties: no panic; `Ok` plans pass `check_compliance` with no breach,
//! pass `verify_plan`, are reproduced byte for byte by a second call and by
//! the same request with its records in reverse order.

use std::collections::BTreeSet;

use arbitrary::{Result, Unstructured};
use chrono::NaiveDate;
use shuangsuiji::model::{
    Category, Credit, DateRange, Id, Inspection, InspectionKind, Inspector, Jurisdiction, Level, ObjectTags, Pool,
    Quarter, Registry, RegulatedObject, Role, Status,
};
use shuangsuiji::request::{Campaign, PlanRequest, Scope, TargetedReason, TargetedRequest};
use shuangsuiji::rules::{
    self, CountedInspectors, DrawWindow, Matter, Minimum, Modifier, OtherLevelVisits, PerInspector, Percent, Policy,
    PolicyLevel, Readings, RiskCriteria, Rounding, Rule, Source, Spread,
};

const JURISDICTIONS: [(&str, Level, Option<&str>); 5] = [
    ("p", Level::Prefecture, None),
    ("p/c0", Level::County, Some("p")),
    ("p/c1", Level::County, Some("p")),
    ("p/k0", Level::Park, Some("p")),
    ("q", Level::Prefecture, None),
];
const INDUSTRIES: [&str; 3] = ["化工", "电力", "医疗"];
const TAGS: [&str; 3] = ["国控", "涉气", "涉水"];
const EXPERTISE: [&str; 3] = ["radiation", "hazardous_waste", "化工"];

fn pick<'a, T>(u: &mut Unstructured<'_>, items: &'a [T]) -> Result<&'a T> {
    u.choose(items)
}

fn jurisdiction_id(u: &mut Unstructured<'_>) -> Result<Id> {
    // Mostly a real one; sometimes an unknown id (a dangling reference).
    if u.ratio(1u8, 40u8)? {
        return Ok("nowhere".into());
    }
    Ok(pick(u, &JURISDICTIONS)?.0.to_owned())
}

fn category(u: &mut Unstructured<'_>) -> Result<Category> {
    Ok(*pick(u, &Category::ALL)?)
}

fn date(u: &mut Unstructured<'_>) -> Result<NaiveDate> {
    let y = u.int_in_range(2019..=2025)?;
    let m = u.int_in_range(1..=12)?;
    let d = u.int_in_range(1..=28)?;
    Ok(NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN))
}

fn range(u: &mut Unstructured<'_>) -> Result<DateRange> {
    let from = date(u)?;
    let until = if u.arbitrary()? { Some(date(u)?) } else { None };
    Ok(DateRange { from, until })
}

fn percent(u: &mut Unstructured<'_>) -> Result<Percent> {
    Ok(match u.int_in_range(0u8..=5)? {
        0 => Percent::whole(0),
        1 => Percent::FULL,
        2 => Percent::from_basis_points(u.int_in_range(10_001..=20_000)?),
        _ => Percent::from_basis_points(u.int_in_range(0..=10_000)?),
    })
}

fn capacity(u: &mut Unstructured<'_>) -> Result<u32> {
    // Mostly valid, so most requests reach the planner; sometimes 0 or absurd.
    Ok(match u.int_in_range(0u8..=63)? {
        0 => 0,
        1 => u32::MAX,
        2 => 1_000_000_000,
        3 => 10_000,
        _ => u.int_in_range(1..=20)?,
    })
}

/// An index below `n`, or (rarely) `n` itself: a reference to a record
/// that does not exist.
fn reference(u: &mut Unstructured<'_>, n: usize) -> Result<usize> {
    if n == 0 || u.ratio(1u8, 40u8)? {
        return Ok(n);
    }
    u.int_in_range(0..=n - 1)
}

fn source(u: &mut Unstructured<'_>) -> Result<Source> {
    let blank = u.ratio(1u8, 30u8)?;
    Ok(Source {
        document: if blank { String::new() } else { "fuzz".into() },
        clause: "§1".into(),
        quote: "至少".into(),
        reading: None,
    })
}

fn minimum(u: &mut Unstructured<'_>) -> Result<Minimum> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => Minimum::PercentPerQuarter { percent: percent(u)? },
        1 => Minimum::PercentPerYear { percent: percent(u)? },
        2 => Minimum::InspectorRatioPerYear {
            objects_per_inspector: PerInspector::whole(if u.ratio(1u8, 10u8)? { 0 } else { u.int_in_range(1..=50)? }),
            counted: match u.int_in_range(0u8..=2)? {
                0 => CountedInspectors::CertifiedOfficers {},
                1 => CountedInspectors::OnPostOfficers {},
                _ => CountedInspectors::Given { count: u.int_in_range(0..=20)? },
            },
        },
        _ => Minimum::EveryObjectOncePerYear {},
    })
}

fn policy(u: &mut Unstructured<'_>) -> Result<Policy> {
    if u.arbitrary()? {
        let name = *pick(u, &rules::preset_names())?;
        if let Ok(mut p) = rules::preset(name) {
            if u.ratio(1u8, 4u8)? {
                p.readings.other_levels = OtherLevelVisits::SetAside;
            }
            if u.ratio(1u8, 4u8)? {
                p.readings.rounding = *pick(u, &[Rounding::Up, Rounding::Nearest, Rounding::Down])?;
            }
            return Ok(p);
        }
    }
    // The document's own matters (抽查事项), some with ids the policy must
    // refuse (a national pool's, a blank, a repeat).
    let mut matters = Vec::new();
    for _ in 0..u.int_in_range(0..=2)? {
        let id = *pick(u, &["construction", "marine", "pollution", "bad id", "construction"])?;
        let expertise = if u.arbitrary()? { Some(pick(u, &EXPERTISE)?.to_string()) } else { None };
        matters.push(Matter {
            id: id.into(),
            name: id.into(),
            objects: Default::default(),
            months: None,
            expertise,
            check_items: None,
            form: None,
            source: source(u)?,
        });
    }
    let pools: Vec<Pool> = Pool::NATIONAL.into_iter().chain(matters.iter().map(|m| Pool::matter(&m.id))).collect();
    let mut rules_ = Vec::new();
    for _ in 0..u.int_in_range(0..=5)? {
        rules_.push(Rule {
            pool: pick(u, &pools)?.clone(),
            category: category(u)?.into(),
            minimum: minimum(u)?,
            no_repeat: false,
            source: source(u)?,
        });
    }
    let mut modifiers = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        modifiers.push(match u.int_in_range(0u8..=2)? {
            0 => Modifier::PositiveListOffSite { in_force: range(u)?, source: source(u)? },
            1 => Modifier::CreditDowngrade {
                in_force: range(u)?,
                violation_free_days: u.int_in_range(0..=800)?,
                source: source(u)?,
            },
            _ => Modifier::RiskTier {
                name: pick(u, &["high", "medium", "", "h|i"])?.to_string(),
                label: None,
                criteria: RiskCriteria {
                    min_complaints: if u.arbitrary()? { Some(u.int_in_range(0..=5)?) } else { None },
                    credit_at_or_below: if u.arbitrary()? {
                        Some(*pick(u, &[Credit::Good, Credit::Ordinary, Credit::Poor])?)
                    } else {
                        None
                    },
                    violation_within_days: if u.arbitrary()? { Some(u.int_in_range(0..=800)?) } else { None },
                },
                categories: {
                    let mut c = Vec::new();
                    for _ in 0..u.int_in_range(0..=3)? {
                        c.push(category(u)?);
                    }
                    c
                },
                percent_per_quarter: percent(u)?,
                source: source(u)?,
            },
        });
    }
    Ok(Policy {
        id: pick(u, &["fuzz", " ", "f/z"])?.to_string(),
        name: "fuzz policy".into(),
        level: if u.arbitrary()? { PolicyLevel::Prefecture } else { PolicyLevel::CountyOrPark },
        validity: range(u)?,
        rules: rules_,
        modifiers,
        readings: Readings {
            rounding: *pick(u, &[Rounding::Up, Rounding::Nearest, Rounding::Down])?,
            spread: Spread::EvenOverRemainingQuarters,
            other_levels: if u.arbitrary()? { OtherLevelVisits::JointAndCount } else { OtherLevelVisits::SetAside },
        },
        cadence: Default::default(),
        matters,
        draw_window: if u.ratio(1u8, 4u8)? {
            Some(DrawWindow { by_day: u.int_in_range(0..=40)?, source: source(u)? })
        } else {
            None
        },
        months: None,
        classes: None,
        check_items: None,
        assumptions: Vec::new(),
    })
}

fn request(u: &mut Unstructured<'_>) -> Result<PlanRequest> {
    let jurisdictions: Vec<Jurisdiction> = JURISDICTIONS
        .iter()
        .map(|(id, level, parent)| Jurisdiction {
            id: (*id).into(),
            name: (*id).into(),
            level: *level,
            parent: parent.map(Into::into),
        })
        .collect();

    let n_objects = u.int_in_range(0..=40)?;
    let mut objects = Vec::with_capacity(n_objects);
    for i in 0..n_objects {
        let id = if i > 0 && u.ratio(1u8, 50u8)? { format!("O{}", i - 1) } else { format!("O{i}") };
        let mut o = RegulatedObject::new(id, jurisdiction_id(u)?, category(u)?);
        o.status = *pick(
            u,
            &[
                Status::Active,
                Status::Active,
                Status::Active,
                Status::NewConstruction,
                Status::Relocated,
                Status::LongTermStopped,
                Status::BankruptDeregistered,
                Status::OptedOut,
            ],
        )?;
        if u.ratio(1u8, 4u8)? {
            o.radiation = Some(category(u)?);
        }
        if u.ratio(1u8, 4u8)? {
            o.hazardous_waste = Some(category(u)?);
        }
        let mut tags = ObjectTags::default();
        if u.arbitrary()? {
            tags.industry = Some(pick(u, &INDUSTRIES)?.to_string());
        }
        if u.arbitrary()? {
            tags.free = BTreeSet::from([pick(u, &TAGS)?.to_string()]);
        }
        o.tags = tags.boxed();
        if u.ratio(1u8, 5u8)? {
            o.positive_list = Some(range(u)?);
        }
        if u.ratio(1u8, 3u8)? {
            o.credit = Some(*pick(u, &[Credit::Good, Credit::Ordinary, Credit::Poor])?);
        }
        if u.ratio(1u8, 4u8)? {
            o.last_violation = Some(date(u)?);
        }
        o.online_monitoring_stable = u.arbitrary()?;
        o.complaints = u.int_in_range(0..=6)?;
        objects.push(o);
    }

    let n_inspectors = u.int_in_range(0..=10)?;
    let mut inspectors = Vec::with_capacity(n_inspectors);
    for i in 0..n_inspectors {
        let mut p = Inspector::officer(format!("I{i}"), jurisdiction_id(u)?, capacity(u)?);
        p.role = *pick(u, &[Role::Officer, Role::Officer, Role::Officer, Role::Supervisor, Role::Expert])?;
        p.on_post = !u.ratio(1u8, 6u8)?;
        for e in EXPERTISE {
            if u.ratio(1u8, 3u8)? {
                p.expertise.insert(e.into());
            }
        }
        for _ in 0..u.int_in_range(0..=3)? {
            // O{n_objects} does not exist.
            p.recusals.insert(format!("O{}", reference(u, n_objects)?));
        }
        inspectors.push(p);
    }

    let mut history = Vec::new();
    for _ in 0..u.int_in_range(0..=20)? {
        let object = format!("O{}", reference(u, n_objects)?);
        let mut pools = BTreeSet::new();
        for pool in Pool::NATIONAL {
            if u.ratio(1u8, 3u8)? {
                pools.insert(pool);
            }
        }
        let mut who = Vec::new();
        for _ in 0..u.int_in_range(0..=2)? {
            who.push(format!("I{}", reference(u, n_inspectors)?));
        }
        history.push(Inspection {
            object,
            by: jurisdiction_id(u)?,
            date: date(u)?,
            kind: if u.ratio(3u8, 4u8)? { InspectionKind::Random } else { InspectionKind::Targeted },
            pools,
            inspectors: who,
        });
    }

    let mut targeted = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        targeted.push(TargetedRequest {
            object: format!("O{}", reference(u, n_objects)?),
            reason: *pick(
                u,
                &[
                    TargetedReason::Complaint,
                    TargetedReason::Referral,
                    TargetedReason::Transfer,
                    TargetedReason::Incident,
                    TargetedReason::NuclearSafety,
                    TargetedReason::MonitoringClue,
                ],
            )?,
            month: if u.arbitrary()? { Some(u.int_in_range(0..=13)?) } else { None },
        });
    }

    let mut campaigns = Vec::new();
    for _ in 0..u.int_in_range(0..=2)? {
        let scope = Scope {
            industry: if u.arbitrary()? { Some(pick(u, &INDUSTRIES)?.to_string()) } else { None },
            tag: if u.arbitrary()? { Some(pick(u, &TAGS)?.to_string()) } else { None },
            ..Scope::default()
        };
        campaigns.push(Campaign {
            id: pick(u, &["a", "b", "a", "", "x|y"])?.to_string(),
            scope,
            percent: percent(u)?,
            expertise: if u.arbitrary()? { Some(pick(u, &EXPERTISE)?.to_string()) } else { None },
        });
    }

    let mut units = Vec::new();
    for _ in 0..u.int_in_range(1..=3)? {
        units.push(jurisdiction_id(u)?);
    }
    let year = u.int_in_range(2019..=2025)?;
    let quarter = Quarter::new(year, u.int_in_range(1..=4)?).unwrap_or_else(|_| "2023Q1".parse().unwrap());
    let seed = pick(u, &["31415926535897932384", "1", "", "  ", "种子|x"])?.to_string();
    Ok(PlanRequest {
        format: Default::default(),
        registry: Registry { jurisdictions, objects, inspectors },
        policy: policy(u)?,
        units,
        quarter,
        history,
        targeted,
        campaigns,
        seed_rule: None,
        committed: None,
        draw_date: None,
        late_reason: None,
        month: None,
        seed,
    })
}

fn reversed(request: &PlanRequest) -> PlanRequest {
    let mut r = request.clone();
    r.registry.jurisdictions.reverse();
    r.registry.objects.reverse();
    r.registry.inspectors.reverse();
    r.history.reverse();
    r
}

/// One input of the target.
pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(request) = request(&mut u) else { return };
    match shuangsuiji::plan_quarter(&request) {
        Ok(plan) => {
            let report = shuangsuiji::check_compliance(&plan, &request);
            assert!(
                report.is_compliant(),
                "plan_quarter returned a plan with breaches: {:?}\n{request:?}",
                report.breaches
            );
            assert_eq!(shuangsuiji::plan_quarter(&request).as_ref(), Ok(&plan), "not reproducible");
            // Duplicate ids make order matter only in invalid requests, which never reach here.
            assert_eq!(shuangsuiji::plan_quarter(&reversed(&request)).as_ref(), Ok(&plan), "depends on record order");
            if let Err(e) = shuangsuiji::verify_plan(&plan, &request) {
                panic!("verify_plan rejects a fresh plan: {e}\n{request:?}");
            }
        }
        Err(e) => {
            // Any PlanError; its message must render.
            let _ = e.to_string();
        }
    }
}
