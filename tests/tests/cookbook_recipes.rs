#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The recipes of `docs/cookbook.md`, compiled and run. Each test's body,
//! from its `// recipe: <name>` marker to the end of the function, is
//! copied verbatim into the cookbook; `tests/cookbook.rs` checks that the
//! two never drift apart. Edit a recipe here, then paste it there.

use std::error::Error;

type Result = std::result::Result<(), Box<dyn Error>>;

#[test]
fn quotas_of_a_preset_on_my_registry() -> Result {
    // recipe: quotas_of_a_preset_on_my_registry
    use shuangsuiji::plan::quota::quarter_quotas;
    use shuangsuiji::request::QuotaInput;
    use shuangsuiji::rules;

    // The three sheets as exported from the bureau's system (UTF-8 CSV,
    // Chinese headers and labels). In practice: shuangsuiji_io::read::read_registry_dir("registry/").
    let jurisdictions = "编号,名称,级别,上级\nchangji,昌吉州,州,\nhutubi,呼图壁县,县,changji\n";
    let mut objects = String::from("统一社会信用代码,单位名称,所属区域,监管类别,状态\n");
    for i in 0..30 {
        let category = match i % 10 {
            0 => "重点",
            1 => "特殊监管对象",
            _ => "一般",
        };
        let status = if i == 29 { "长期停产" } else { "正常" };
        objects.push_str(&format!("91652323{i:04},企业{i},hutubi,{category},{status}\n"));
    }
    let inspectors = "编号,姓名,所属区域,角色,季度检查上限\nH1,张伟,hutubi,执法人员,20\nH2,王芳,hutubi,执法人员,20\n";
    let registry = shuangsuiji_io::read::parse_registry_csv(
        ("jurisdictions.csv", jurisdictions.as_bytes()),
        ("objects.csv", objects.as_bytes()),
        ("inspectors.csv", inspectors.as_bytes()),
    )?;

    let policy = rules::preset("changji-county")?;
    let units = ["hutubi".to_owned()];
    let input = QuotaInput::new(&policy, &registry, "2023Q1".parse()?, &[], &units);
    for line in quarter_quotas(&input)? {
        let rule = line.binding().map(|d| d.source.to_string()).unwrap_or_default();
        println!(
            "{:<28} eligible {:>3}  minimum {:>3}  ({rule})",
            line.stratum.to_string(),
            line.eligible,
            line.required
        );
    }
    // key: 3 eligible, 25 % → 1; special: 3, 50 % → 2; general: 23 eligible
    // (the stopped one is out), 1:10 × 2 officers = 20 a year → 5 this quarter.
    let required: Vec<u64> = quarter_quotas(&input)?.iter().map(|l| l.required).collect();
    assert_eq!(required, [1, 2, 5]);
    Ok(())
}

#[test]
fn compare_two_regimes() -> Result {
    // recipe: compare_two_regimes
    use shuangsuiji::analysis::compare::{compare, CompareSpec};
    use shuangsuiji::analysis::simulate::SimulationSpec;
    use shuangsuiji::rules;
    use shuangsuiji::sample;
    use shuangsuiji::PlanRequest;

    // One county, 40 key, 14 special, 600 general units, 9 officers.
    let registry = sample::county(40, 14, 600, 9);
    let requests: Vec<PlanRequest> = ["changji-county", "fengdu-example"]
        .into_iter()
        .map(|name| {
            let policy = rules::preset(name)?;
            Ok(PlanRequest {
                format: Default::default(),
                registry: registry.clone(),
                quarter: shuangsuiji::model::Quarter::containing(policy.validity.from),
                policy,
                units: vec![sample::COUNTY.into()],
                history: vec![],
                targeted: vec![],
                campaigns: vec![],
                seed_rule: None,
                committed: None,
                draw_date: None,
                late_reason: None,
                month: None,
                seed: "2023".into(),
            })
        })
        .collect::<std::result::Result<_, Box<dyn Error>>>()?;
    // Each policy planned for real: a year of quarters, each fed the ones
    // before; officers needed at 12 visits a quarter; 3 years × 4 seeds.
    let spec = CompareSpec { capacity: 12, simulation: SimulationSpec { years: 3, seeds: 4, ..Default::default() } };
    for c in compare(&requests, &spec)? {
        let draws = |k: &str| c.draws.get(k).map_or(0.0, |i| i.mean);
        println!(
            "{:<16} key {:>3.0}  special {:>3.0}  general {:>3.0}  officers needed {:?}  general never visited in 3 years {:.0}%",
            c.policy,
            draws("key"),
            draws("special"),
            draws("general"),
            c.officers_needed,
            100.0 * c.simulation.never_visited["general"].mean,
        );
        // Changji wants every key unit once a year (000 §四.1): all 40.
        if c.policy == "changji-county" {
            assert_eq!(draws("key"), 40.0);
        }
    }
    Ok(())
}

#[test]
fn how_many_officers_do_i_need() -> Result {
    // recipe: how_many_officers_do_i_need
    use shuangsuiji::analysis::staffing::staffing;
    use shuangsuiji::rules;
    use shuangsuiji::sample;
    use shuangsuiji::PlanRequest;

    let request = PlanRequest::new(
        sample::county(40, 14, 600, 3),
        rules::preset("changji-county")?,
        vec![sample::COUNTY.into()],
        "2023Q1".parse()?,
        "2023",
    );
    // Each officer can make 12 visits a quarter. Every number of officers
    // is tried by planning the year: under 1:10 each officer counted adds
    // 10 general draws a year, so no division gives the answer.
    let answer = staffing(&request, 12)?;
    let county = &answer.units[0];
    println!(
        "{}: {} officers now, {:?} needed, short by {:?}; tried {:?}",
        county.unit,
        county.officers_now,
        county.officers_needed,
        county.shortfall,
        county.tried.iter().map(|t| t.officers).collect::<Vec<_>>()
    );
    let needed = county.officers_needed.ok_or("no number of officers staffs it")?;
    // The evidence: the answer plans all four quarters, one fewer does not.
    let plans = |n: u64| county.tried.iter().find(|t| t.officers == n).map(|t| t.quarters_planned);
    assert_eq!(plans(needed), Some(4));
    assert!(plans(needed - 1).is_some_and(|q| q < 4));
    Ok(())
}

#[test]
fn how_often_is_a_company_disturbed() -> Result {
    // recipe: how_often_is_a_company_disturbed
    use shuangsuiji::analysis::simulate::{simulate, Churn, SimulationSpec};
    use shuangsuiji::rules;
    use shuangsuiji::sample;
    use shuangsuiji::PlanRequest;

    let request = PlanRequest::new(
        sample::county(40, 14, 600, 12),
        rules::preset("changji-county")?,
        vec![sample::COUNTY.into()],
        "2023Q1".parse()?,
        "2023",
    );
    // Three years, ten seeds, 5 % new companies and 3 % closures a year.
    let churn = Churn { new: 0.05, closed: 0.03, recategorised: 0.0 };
    let sim = simulate(&request, &SimulationSpec { years: 3, seeds: 10, churn })?;
    for (visits, share) in sim.visits_per_year.iter().enumerate() {
        println!(
            "{visits} visits a year: {:.1}% of company-years [{:.1}–{:.1}]",
            100.0 * share.mean,
            100.0 * share.min,
            100.0 * share.max
        );
    }
    let never = &sim.never_visited["general"];
    println!("general units never visited in 3 years: {:.1}%", 100.0 * never.mean);
    // The 2023 document is re-dated for 2024 and 2025, and says so.
    assert_eq!(sim.assumptions.len(), 2);
    // Special objects, at 50 % a quarter, are the ones visited most often.
    assert!(sim.visits_per_year[2].mean > 0.0);
    Ok(())
}

#[test]
fn plan_a_county_with_a_directed_campaign() -> Result {
    // recipe: plan_a_county_with_a_directed_campaign
    use shuangsuiji::request::{Campaign, Scope};
    use shuangsuiji::rules::{self, Percent};
    use shuangsuiji::sample;
    use shuangsuiji::{plan_quarter, PlanRequest};

    let mut registry = sample::county(12, 4, 80, 6);
    // Tag the chemical plants (in practice: the 行业 column of objects.csv).
    for o in registry.objects.iter_mut().filter(|o| o.id.ends_with('3')) {
        o.tags_mut().industry = Some("化工".into());
    }
    let request = PlanRequest {
        format: Default::default(),
        registry,
        policy: rules::preset("changji-county")?,
        units: vec![sample::COUNTY.into()],
        quarter: "2023Q2".parse()?,
        history: vec![],
        targeted: vec![],
        // 定向抽查: 30 % of the chemical plants, on top of the minimums.
        campaigns: vec![Campaign {
            id: "chem-2023q2".into(),
            scope: Scope { industry: Some("化工".into()), ..Scope::default() },
            percent: Percent::whole(30),
            expertise: None,
        }],
        seed_rule: None,
        committed: None,
        draw_date: None,
        late_reason: None,
        month: None,
        seed: "20230401-4471".into(),
    };
    let plan = plan_quarter(&request)?;
    let campaign = plan.strata.iter().find(|s| s.campaign.as_deref() == Some("chem-2023q2")).ok_or("no campaign")?;
    println!("campaign: {} in scope, {} drawn ({})", campaign.eligible, campaign.drawn, campaign.seed_string);
    // A chemical plant drawn by both the minimum and the campaign is one
    // visit that answers both draws.
    let both = plan.tasks.iter().filter(|t| t.covers.len() > 1).count();
    println!("{} tasks, {both} answering two draws", plan.tasks.len());
    assert_eq!(campaign.drawn, campaign.required);
    Ok(())
}

#[test]
fn carry_targeted_inspections() -> Result {
    // recipe: carry_targeted_inspections
    use shuangsuiji::request::{TargetedReason, TargetedRequest};
    use shuangsuiji::rules;
    use shuangsuiji::sample;
    use shuangsuiji::{check_compliance, plan_quarter, PlanRequest};

    let request = PlanRequest {
        format: Default::default(),
        registry: sample::county(8, 4, 60, 4),
        policy: rules::preset("changji-county")?,
        units: vec![sample::COUNTY.into()],
        quarter: "2023Q3".parse()?,
        history: vec![],
        // 针对性检查: carried in the plan and staffed, never drawn, never
        // counted toward a minimum.
        targeted: vec![
            TargetedRequest { object: "G017".into(), reason: TargetedReason::Complaint, month: Some(8) },
            TargetedRequest { object: "K002".into(), reason: TargetedReason::Referral, month: None },
        ],
        campaigns: vec![],
        seed_rule: None,
        committed: None,
        draw_date: None,
        late_reason: None,
        month: None,
        seed: "20230701-0923".into(),
    };
    let plan = plan_quarter(&request)?;
    let g017 = plan.tasks.iter().find(|t| t.object == "G017").ok_or("G017 missing")?;
    println!("G017: month {}, reasons {:?}, drawn too: {}", g017.month, g017.targeted, g017.is_random());
    assert_eq!(g017.month, 8);
    assert!(g017.officers().len() >= 2);
    assert!(check_compliance(&plan, &request).is_compliant());
    Ok(())
}

#[test]
fn load_my_own_policy_from_toml() -> Result {
    // recipe: load_my_own_policy_from_toml
    use shuangsuiji::plan::quota::quarter_quotas;
    use shuangsuiji::request::QuotaInput;
    use shuangsuiji::rules::Policy;
    use shuangsuiji::sample;

    // A county's own document, written as data. Every number names its
    // clause; `ssj rules <preset> --format json` shows the same shape.
    let toml = r#"
        id = "my-county-2024"
        name = "某县 2024 双随机抽查实施方案"
        level = "county_or_park"
        validity = { from = "2024-01-01", until = "2024-12-31" }

        [[rules]]
        pool = "pollution"
        category = "key"
        minimum = { kind = "percent_per_quarter", percent = 30 }
        source = { document = "某县 2024", clause = "三（一）", quote = "重点排污单位每季度抽查比例不低于30%" }

        [[rules]]
        pool = "pollution"
        category = "special"
        minimum = { kind = "percent_per_year", percent = 100 }
        source = { document = "某县 2024", clause = "三（二）", quote = "特殊监管对象每年全覆盖" }

        [[rules]]
        pool = "pollution"
        category = "general"
        minimum = { kind = "inspector_ratio_per_year", objects_per_inspector = 12, counted = { kind = "on_post_officers" } }
        source = { document = "某县 2024", clause = "三（三）", quote = "一般排污单位按照1:12的比例抽查", reading = "ratio of on-post officers to objects a year" }

        [readings]
        rounding = "up"
        spread = "even_over_remaining_quarters"
        other_levels = "joint_and_count"
    "#;
    let policy = Policy::from_toml(toml).map_err(|errors| format!("{errors:?}"))?;
    // In practice: `ssj plan --policy my-county.toml …` reads the same file.

    let registry = sample::county(10, 8, 300, 5);
    let units = [sample::COUNTY.to_owned()];
    let lines = quarter_quotas(&QuotaInput::new(&policy, &registry, "2024Q1".parse()?, &[], &units))?;
    let required: Vec<u64> = lines.iter().map(|l| l.required).collect();
    // key: 30 % of 10 = 3; special: 8 a year over 4 quarters = 2;
    // general: 1:12 × 5 officers = 60 a year → 15.
    assert_eq!(required, [3, 2, 15]);
    // A bad number is refused with the field named.
    let bad = toml.replace("percent = 30", "percent = 130");
    let errors = Policy::from_toml(&bad).err().ok_or("accepted 130 %")?;
    assert!(errors[0].to_string().contains("rules[0].minimum.percent"));
    Ok(())
}

#[test]
fn check_a_hand_edited_plan() -> Result {
    // recipe: check_a_hand_edited_plan
    use shuangsuiji::model::{Category, Inspector, Jurisdiction, Level, Registry, RegulatedObject};
    use shuangsuiji::plan::{QuarterPlan, Visit};
    use shuangsuiji::rules;
    use shuangsuiji::{check_compliance, plan_quarter, PlanRequest};

    let jurisdictions = vec![
        Jurisdiction { id: "changji".into(), name: "昌吉州".into(), level: Level::Prefecture, parent: None },
        Jurisdiction {
            id: "hutubi".into(),
            name: "呼图壁县".into(),
            level: Level::County,
            parent: Some("changji".into()),
        },
    ];
    let mut objects = Vec::new();
    for (prefix, n, category) in [("K", 8, Category::Key), ("S", 4, Category::Special), ("G", 60, Category::General)] {
        objects.extend((1..=n).map(|i| RegulatedObject::new(format!("{prefix}{i:03}"), "hutubi", category)));
    }
    let inspectors = (1..=4).map(|i| Inspector::officer(format!("H-{i}"), "hutubi", 20)).collect();
    let request = PlanRequest::new(
        Registry { jurisdictions, objects, inspectors },
        rules::preset("changji-county")?,
        vec!["hutubi".into()],
        "2023Q1".parse()?,
        "73059812460917733531",
    );
    let plan = plan_quarter(&request)?;

    // The plan went out as JSON and came back edited by hand: one key
    // visit dropped, one team cut to a single officer.
    let mut edited: QuarterPlan = serde_json::from_str(&serde_json::to_string(&plan)?)?;
    let key = edited.tasks.iter().position(|t| t.object.starts_with('K')).ok_or("no key task")?;
    edited.tasks.remove(key);
    if let Visit::Own { officers, .. } = &mut edited.tasks[0].visit {
        officers.truncate(1);
    }

    let report = check_compliance(&edited, &request);
    for breach in &report.breaches {
        println!("{breach}");
    }
    assert!(!report.is_compliant());
    assert_eq!(report.breaches.len(), 2);
    assert!(check_compliance(&plan, &request).is_compliant());
    Ok(())
}
