//! The quarter's plan as a page for the analyst and the bureau: how far
//! each stratum's draw goes beyond its legal minimum, how loaded each
//! officer is against capacity, how much of the year's key-unit coverage
//! is done, and the tasks — aggregated when the plan is national.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use shuangsuiji::model::{Category, Class, InspectionKind, Pool, Registry};
use shuangsuiji::plan::{Mode, QuarterPlan, StratumLine, Visit};
use shuangsuiji::request::PlanRequest;
use shuangsuiji::rules::{Minimum, Policy};

use super::chart::{hbars, Axis, Bar, Titles};
use super::{class_name, csv_cell, esc, pct, stratum_named, Lang, Page, MAX_ROWS, MAX_TABLE};

const DRAWN: &str = "#2f7ed8";
const LOAD: &str = "#6f5bb5";
const DONE: &str = "#2e9e5b";

/// Facts the page shows, computed once.
struct Facts<'a> {
    plan: &'a QuarterPlan,
    lang: Lang,
    unit_names: BTreeMap<&'a str, &'a str>,
    inspector_names: BTreeMap<&'a str, &'a str>,
    /// The policy's matters by id, with the document's names for them
    /// (empty where the page is made from the plan alone).
    matter_names: BTreeMap<&'a str, &'a str>,
}

impl<'a> Facts<'a> {
    fn new(plan: &'a QuarterPlan, registry: &'a Registry, lang: Lang) -> Self {
        Facts {
            plan,
            lang,
            unit_names: registry.jurisdictions.iter().map(|j| (j.id.as_str(), j.name.as_str())).collect(),
            inspector_names: registry.inspectors.iter().map(|i| (i.id.as_str(), i.name.as_str())).collect(),
            matter_names: BTreeMap::new(),
        }
    }

    /// These facts with the names of `policy`'s matters.
    fn with_matters(mut self, policy: &'a Policy) -> Self {
        self.matter_names = policy.matters.iter().map(|m| (m.id.as_str(), m.name.as_str())).collect();
        self
    }

    /// A pool as a reader names it: a matter by the document's name for it.
    fn pool(&self, pool: &Pool) -> String {
        match self.matter_names.get(pool.en()).filter(|_| pool.is_matter()) {
            Some(name) => (*name).to_owned(),
            None => super::pool_name(pool, self.lang).to_owned(),
        }
    }

    /// The matters a task covers, by name; empty for a task of national
    /// pools only.
    fn matters_of(&self, t: &shuangsuiji::plan::Task) -> String {
        t.pools.iter().filter(|p| p.is_matter()).map(|p| self.pool(p)).collect::<Vec<_>>().join("、")
    }

    fn unit(&self, id: &str) -> String {
        self.unit_names.get(id).map_or_else(|| id.to_owned(), |n| (*n).to_owned())
    }

    fn l(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }

    fn line_name(&self, st: &StratumLine) -> String {
        match &st.campaign {
            Some(c) => format!("{} · {} {c}", self.unit(&st.stratum.unit), self.l("专项", "campaign")),
            None => stratum_named(&st.stratum, &self.unit(&st.stratum.unit), &self.pool(&st.stratum.pool), self.lang),
        }
    }
}

/// The document a plan's policy encodes, as its title cites it.
fn document_title(plan: &QuarterPlan, lang: Lang) -> String {
    let document = plan.strata.iter().flat_map(|s| &s.demands).next().map(|d| &d.source);
    match (lang, document) {
        (Lang::Zh, Some(source)) => format!("《{}》", source.document_zh()),
        _ => plan.policy.clone(),
    }
}

/// The plan as a self-contained HTML page. `csv` names the file beside it
/// holding every task when the page is too large to list them.
pub fn html(plan: &QuarterPlan, request: &PlanRequest, lang: Lang, csv: Option<&str>) -> String {
    let f = Facts::new(plan, &request.registry, lang).with_matters(&request.policy);
    let period =
        plan.month.map_or_else(|| plan.quarter.to_string(), |m| format!("{} {m}{}", plan.quarter, f.l("月", "")));
    let title = match lang {
        Lang::Zh => format!("{}{}“双随机”抽查计划", document_title(plan, lang), period),
        Lang::En => format!("Double-random inspection plan {period} — {}", plan.policy),
    };
    let units: Vec<String> = plan.units.iter().map(|u| f.unit(u)).collect();
    let shown_units = if units.len() > 12 {
        format!("{} {}", units.len(), f.l("个抽查单位", "drawing units"))
    } else {
        units.join("、")
    };
    let officers: HashSet<&str> = plan.tasks.iter().flat_map(|t| t.officers()).map(String::as_str).collect();
    let mut page = Page::new(
        lang,
        &title,
        &[
            esc(&shown_units),
            match lang {
                Lang::Zh => format!("{} 项任务，{} 名执法人员", plan.tasks.len(), officers.len()),
                Lang::En => format!("{} tasks, {} officers", plan.tasks.len(), officers.len()),
            },
            format!("{}: <code>{}</code>", f.l("随机种子", "Seed (随机种子)"), esc(&plan.seed)),
            format!("{}: <code>{}</code>", f.l("承诺摘要", "Commitment (承诺摘要)"), esc(&plan.commitment)),
        ],
    );
    for a in &plan.assumptions {
        page.note(&format!("{}{}", f.l("假设：", "Assumption: "), lang.assumption(a)));
    }
    if let Some(line) = weak_seed_line(plan, lang) {
        page.note(&esc(&line));
    }
    if let Some(line) = draw_date_line(plan, lang) {
        page.note(&esc(&line));
    }
    if let Some(line) = outside_window_line(plan, lang) {
        page.note(&line);
    }
    strata_section(&mut page, &f);
    load_section(&mut page, &f, request);
    coverage_section(&mut page, &f, request);
    months_section(&mut page, &f);
    tasks_section(&mut page, &f, csv);
    page.finish()
}

/// One row of the strata chart and table: a stratum, or at national scale
/// a pool and category summed over the units.
struct StrataRow {
    name: String,
    eligible: u64,
    inspected: u64,
    required: u64,
    drawn: u64,
    rule: String,
}

/// Drawn as a share of the eligible, with the minimum's share marked.
fn strata_section(page: &mut Page, f: &Facts<'_>) {
    page.section(
        f.l("抽中与最低比例", "Drawn against the minimum"),
        f.l(
            "条形为抽中对象占可抽对象的比例，竖线为文件规定的最低比例；条形越过竖线即满足要求。",
            "Each bar is the share of the eligible objects drawn; the black tick is the document's minimum. A bar past its tick meets the rule.",
        ),
    );
    let lines = &f.plan.strata;
    let national = lines.len() > MAX_ROWS;
    let row = |name: String, st: &StratumLine| StrataRow {
        name,
        eligible: st.eligible,
        inspected: st.inspected_this_year,
        required: st.required,
        drawn: st.drawn,
        rule: rule_text(f, st),
    };
    let rows: Vec<StrataRow> = if !national {
        lines.iter().map(|st| row(f.line_name(st), st)).collect()
    } else {
        // National: one row per pool and category (campaign), summed.
        let mut sums: BTreeMap<(&Pool, &Class, Option<&str>), StrataRow> = BTreeMap::new();
        for st in lines {
            let key = (&st.stratum.pool, &st.stratum.category, st.campaign.as_deref());
            let name = match &st.campaign {
                Some(c) => format!("{} {c}", f.l("专项", "campaign")),
                None => format!("{} · {}", f.pool(&st.stratum.pool), class_name(&st.stratum.category, f.lang)),
            };
            let e = sums.entry(key).or_insert_with(|| StrataRow {
                eligible: 0,
                inspected: 0,
                required: 0,
                drawn: 0,
                ..row(name, st)
            });
            e.eligible += st.eligible;
            e.inspected += st.inspected_this_year;
            e.required += st.required;
            e.drawn += st.drawn;
        }
        page.raw(&match f.lang {
            Lang::Zh => format!(
                "<p class=\"intro\">共 {} 个抽查单位、{} 个层，按类别汇总；各层明细见计划 JSON 的 strata。</p>",
                f.plan.units.len(),
                lines.len()
            ),
            Lang::En => format!(
                "<p class=\"intro\">{} drawing units, {} strata, summed by category; every stratum is in the plan JSON's strata.</p>",
                f.plan.units.len(),
                lines.len()
            ),
        });
        sums.into_values().collect()
    };
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| {
            let share = |n: u64| if r.eligible == 0 { 0.0 } else { n as f64 / r.eligible as f64 };
            Bar {
                text: format!(
                    "{} / {} ({}) · {} {}",
                    r.drawn,
                    r.eligible,
                    pct(share(r.drawn)),
                    f.l("最低", "min"),
                    r.required
                ),
                label: r.name.clone(),
                value: share(r.drawn),
                marker: Some(share(r.required)),
                color: DRAWN,
                ..Bar::default()
            }
        })
        .collect();
    let titles = Titles {
        x: f.l("抽中对象占可抽对象的比例", "Share of the eligible objects drawn"),
        y: if national {
            f.l("类型 · 类别（各单位合计）", "Pool · category (all units)")
        } else {
            f.l("抽查层", "Stratum")
        },
    };
    page.raw(&hbars(&bars, Axis::Percent, &[], titles));
    let table: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.name,
                r.eligible.to_string(),
                r.inspected.to_string(),
                r.required.to_string(),
                r.drawn.to_string(),
                r.rule,
            ]
        })
        .collect();
    page.table(
        &[
            f.l("层", "Stratum"),
            f.l("可抽", "Eligible"),
            f.l("本年已查", "Inspected this year"),
            f.l("最低", "Minimum"),
            f.l("抽中", "Drawn"),
            f.l("依据", "Rule and clause"),
        ],
        &[false, true, true, true, true, false],
        &table,
    );
}

/// The rules behind a stratum's minimum, with their clauses.
fn rule_text(f: &Facts<'_>, st: &StratumLine) -> String {
    let main = f.plan.strata.first().and_then(|s| s.demands.first()).map(|d| d.source.document.as_str());
    st.demands
        .iter()
        .map(|d| match f.lang {
            // The title names the document; a clause of it needs no title again.
            Lang::Zh if main == Some(d.source.document.as_str()) => {
                format!("{}（{}）", d.minimum.zh(), d.source.clause)
            }
            Lang::Zh => format!("{}（{}）", d.minimum.zh(), d.source.cite_zh()),
            Lang::En => format!("{} ({})", d.minimum, d.source),
        })
        .collect::<Vec<_>>()
        .join(f.l("；", "; "))
}

/// Officers' tasks against their quarterly capacity, grouped by unit.
fn load_section(page: &mut Page, f: &Facts<'_>, request: &PlanRequest) {
    page.section(
        f.l("执法人员任务量与能力", "Officers' load against capacity"),
        f.l(
            "深色为本季度任务数，浅色为该执法人员的季度能力上限。",
            "Dark: the officer's tasks this quarter; pale: the officer's quarterly capacity.",
        ),
    );
    let mut load: BTreeMap<&str, u64> = BTreeMap::new();
    for t in &f.plan.tasks {
        for o in t.officers() {
            *load.entry(o.as_str()).or_default() += 1;
        }
    }
    let units: HashSet<&str> = f.plan.units.iter().map(String::as_str).collect();
    let mut by_unit: BTreeMap<&str, Vec<(&str, u64, u32)>> = BTreeMap::new();
    for i in request
        .registry
        .inspectors
        .iter()
        .filter(|i| i.is_certified_officer() && units.contains(i.jurisdiction.as_str()))
    {
        let n = load.get(i.id.as_str()).copied().unwrap_or(0);
        by_unit.entry(i.jurisdiction.as_str()).or_default().push((i.id.as_str(), n, i.quarterly_capacity));
    }
    let officers: usize = by_unit.values().map(Vec::len).sum();
    if officers <= 150 {
        for (unit, mut people) in by_unit {
            people.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            page.raw(&format!("<h3>{}</h3>", esc(&f.unit(unit))));
            let bars: Vec<Bar> = people
                .iter()
                .map(|(id, n, cap)| {
                    let name = f.inspector_names.get(id).copied().unwrap_or(id);
                    Bar {
                        label: format!("{name} {id}"),
                        value: *n as f64,
                        background: Some(f64::from(*cap)),
                        text: format!("{n} / {cap}"),
                        color: LOAD,
                        ..Bar::default()
                    }
                })
                .collect();
            let titles =
                Titles { x: f.l("本季度任务数", "Tasks this quarter"), y: f.l("执法人员", "Officer") };
            page.raw(&hbars(&bars, Axis::Count, &[], titles));
        }
        return;
    }
    // Many officers: per unit the lowest, middle and highest share of capacity.
    let mut rows: Vec<(String, f64, f64, f64, usize)> = by_unit
        .iter()
        .map(|(unit, people)| {
            let mut shares: Vec<f64> = people.iter().map(|(_, n, c)| *n as f64 / f64::from((*c).max(1))).collect();
            shares.sort_by(f64::total_cmp);
            let at = |i: usize| shares.get(i).copied().unwrap_or(0.0);
            (f.unit(unit), at(0), at(shares.len() / 2), at(shares.len().saturating_sub(1)), shares.len())
        })
        .collect();
    rows.sort_by(|a, b| b.3.total_cmp(&a.3).then(a.0.cmp(&b.0)));
    page.raw(&match f.lang {
        Lang::Zh => format!("<p class=\"intro\">{officers} 名执法人员、{} 个单位：每单位条形为任务量占能力的中位数，须线为最低到最高；列出最满的 {MAX_ROWS} 个单位。</p>", rows.len()),
        Lang::En => format!("<p class=\"intro\">{officers} officers in {} units: each bar is a unit's median share of capacity used, the whisker its lowest to highest officer; the {MAX_ROWS} fullest units shown.</p>", rows.len()),
    });
    let bars: Vec<Bar> = rows
        .iter()
        .take(MAX_ROWS)
        .map(|(unit, lo, mid, hi, n)| Bar {
            label: unit.clone(),
            value: *mid,
            range: Some((*lo, *hi)),
            text: format!("{} ({n} {})", pct(*mid), f.l("人", "officers")),
            color: LOAD,
            ..Bar::default()
        })
        .collect();
    let titles = Titles {
        x: f.l("任务量占季度能力的比例", "Share of quarterly capacity used"),
        y: f.l("抽查单位", "Drawing unit"),
    };
    page.raw(&hbars(&bars, Axis::Percent, &[], titles));
}

/// Key units inspected this year so far (history and this plan), per unit,
/// with the share the year should have reached by this quarter marked —
/// where the policy asks for every key unit once a year, citing its rule.
fn coverage_section(page: &mut Page, f: &Facts<'_>, request: &PlanRequest) {
    let Some(rule) = request.policy.rules.iter().find(|r| {
        r.pool == Pool::Pollution
            && r.category == Category::Key
            && matches!(r.minimum.in_force(), Minimum::EveryObjectOncePerYear {})
    }) else {
        return;
    };
    let intro = match f.lang {
        Lang::Zh => format!(
            "每年对辖区所有重点排污单位检查一遍（{}）。条形为本年已检查（含本计划）的重点单位占比，竖线为按季度均匀推进应达到的比例。",
            rule.source.cite_zh()
        ),
        Lang::En => format!(
            "Every key unit once a year ({}). Each bar is the share of key units inspected this year, this plan included; the tick is where an even pace would be by this quarter.",
            rule.source
        ),
    };
    page.section(f.l("本年度重点排污单位覆盖进度", "The year's key-unit coverage so far"), &intro);
    let year_start = chrono::NaiveDate::from_ymd_opt(f.plan.quarter.year(), 1, 1).unwrap_or(f.plan.quarter.first_day());
    let mut seen: HashSet<&str> = request
        .history
        .iter()
        .filter(|i| i.kind == InspectionKind::Random && i.date >= year_start)
        .map(|i| i.object.as_str())
        .collect();
    seen.extend(f.plan.tasks.iter().map(|t| t.object.as_str()));
    let unit_of = shuangsuiji::plan::stratum::unit_of_jurisdiction(&request.registry, &f.plan.units);
    let mut per_unit: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for o in request.registry.objects.iter().filter(|o| o.status.is_eligible() && o.category == Category::Key) {
        if let Some(unit) = unit_of.get(o.jurisdiction.as_str()) {
            let e = per_unit.entry(unit).or_default();
            e.0 += 1;
            e.1 += u64::from(seen.contains(o.id.as_str()));
        }
    }
    let pace = f64::from(f.plan.quarter.number()) / 4.0;
    let bar = |label: String, (all, done): (u64, u64)| Bar {
        value: if all == 0 { 1.0 } else { done as f64 / all as f64 },
        marker: Some(pace),
        text: format!("{done} / {all}"),
        label,
        color: DONE,
        ..Bar::default()
    };
    let bars: Vec<Bar> = if per_unit.len() <= MAX_ROWS {
        per_unit.iter().map(|(u, c)| bar(f.unit(u), *c)).collect()
    } else {
        let total = per_unit.values().fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1));
        let behind = per_unit.values().filter(|(all, done)| *all > 0 && (*done as f64) < pace * *all as f64).count();
        page.raw(&match f.lang {
            Lang::Zh => format!("<p class=\"intro\">{} 个单位中 {behind} 个落后于均匀进度。</p>", per_unit.len()),
            Lang::En => format!("<p class=\"intro\">{behind} of {} units are behind an even pace.</p>", per_unit.len()),
        });
        vec![bar(f.l("全部单位", "All units").to_owned(), total)]
    };
    let titles = Titles {
        x: f.l("本年已检查的重点排污单位占比", "Share of key units inspected this year"),
        y: f.l("抽查单位", "Drawing unit"),
    };
    page.raw(&hbars(&bars, Axis::Percent, &[], titles));
}

/// Tasks per month: on-site, off-site and joint visits, one row a month.
fn months_section(page: &mut Page, f: &Facts<'_>) {
    page.section(f.l("各月任务", "Tasks per month"), "");
    let mut per_month: BTreeMap<u32, [u64; 3]> = BTreeMap::new();
    for t in &f.plan.tasks {
        let m = per_month.entry(t.month).or_default();
        match (&t.visit, t.mode) {
            (Visit::JointWithOtherLevel { .. }, _) => m[2] += 1,
            (_, Mode::OnSite) => m[0] += 1,
            (_, Mode::OffSite) => m[1] += 1,
        }
    }
    let rows: Vec<Vec<String>> = per_month
        .iter()
        .map(|(m, [on, off, joint])| {
            vec![format!("{m}{}", f.l("月", "")), on.to_string(), off.to_string(), joint.to_string()]
        })
        .collect();
    let headers = [
        f.l("月份", "Month"),
        f.l("现场", "On site"),
        f.l("非现场", "Off site"),
        f.l("与其他层级联合", "Joint with another level"),
    ];
    // Its own columns, not the task table's: the month is a label, the
    // three counts are numbers (right-aligned, header over its figures).
    page.table(&headers, &[false, true, true, true], &rows);
}

fn tasks_section(page: &mut Page, f: &Facts<'_>, csv: Option<&str>) {
    page.section(f.l("任务清单", "Tasks"), "");
    if f.plan.tasks.len() > MAX_TABLE {
        let where_ = csv.map_or_else(
            || f.l("见计划 JSON 的 tasks", "see the plan JSON's tasks").to_owned(),
            |c| format!("<a href=\"{}\">{}</a>", esc(c), esc(c)),
        );
        page.raw(&match f.lang {
            Lang::Zh => format!("<p class=\"intro\">共 {} 项任务，全部清单：{where_}。</p>", f.plan.tasks.len()),
            Lang::En => format!("<p class=\"intro\">{} tasks; the full list: {where_}.</p>", f.plan.tasks.len()),
        });
        return;
    }
    let mut rows: Vec<Vec<String>> = f.plan.tasks.iter().map(|t| task_row(f, t)).collect();
    let mut headers: Vec<&str> = TASK_COLUMNS.iter().map(|(zh, en)| f.l(zh, en)).collect();
    let mut numeric = vec![true, false, false, false, false, false];
    // Under a document of matters, which matters each visit is for.
    if f.plan.tasks.iter().any(|t| t.pools.iter().any(|p| p.is_matter())) {
        headers.push(f.l("抽查事项", "Matters"));
        numeric.push(false);
        for (row, t) in rows.iter_mut().zip(&f.plan.tasks) {
            row.push(f.matters_of(t));
        }
    }
    page.table(&headers, &numeric, &rows);
}

/// The columns of a task row, in Chinese and English.
const TASK_COLUMNS: [(&str, &str); 6] = [
    ("月份", "Month"),
    ("对象", "Object"),
    ("编号", "Id"),
    ("区域", "Area"),
    ("方式", "Mode"),
    ("执法人员", "Officers"),
];

fn task_row(f: &Facts<'_>, t: &shuangsuiji::plan::Task) -> Vec<String> {
    let mode = match t.mode {
        Mode::OnSite => f.l("现场", "on-site"),
        Mode::OffSite => f.l("非现场", "off-site"),
    };
    let name = |id: &String| f.inspector_names.get(id.as_str()).map_or_else(|| id.clone(), |n| (*n).to_owned());
    let team = match &t.visit {
        Visit::Own { officers, joining } => {
            let mut v: Vec<String> = officers.iter().map(name).collect();
            v.extend(joining.iter().map(|j| format!("+{}", name(j))));
            v.join("、")
        }
        Visit::JointWithOtherLevel { with } => format!("{} {}", f.l("联合", "joint with"), with.join("、")),
    };
    vec![t.month.to_string(), t.object_name.clone(), t.object.clone(), f.unit(&t.unit), mode.to_owned(), team]
}

/// Every task as CSV (UTF-8 with a BOM, for Excel): the list a national
/// page links to instead of showing.
pub fn tasks_csv(plan: &QuarterPlan, registry: &Registry, lang: Lang) -> String {
    let f = Facts::new(plan, registry, lang);
    let mut s = String::from("\u{feff}");
    let header: Vec<&str> = TASK_COLUMNS.iter().map(|(zh, en)| f.l(zh, en)).collect();
    s.push_str(&header.join(","));
    s.push_str("\r\n");
    for t in &plan.tasks {
        let row: Vec<String> = task_row(&f, t).into_iter().map(|c| csv_cell(&c)).collect();
        let _ = write!(s, "{}\r\n", row.join(","));
    }
    s
}

/// When the draw was made, and why after the document's window where it
/// was: `None` where the request gave no date.
/// The warning a plan drawn under a weak seed rule carries wherever it is
/// shown: its outcomes could be enumerated before the commitment.
pub fn weak_seed_line(plan: &QuarterPlan, lang: Lang) -> Option<String> {
    let rule = plan.seed_rule.as_ref().filter(|r| r.weak)?;
    Some(match lang {
        Lang::Zh => format!(
            "弱种子：种子规则只有 {} 位数字（少于 {} 位），其全部可能结果可在承诺前逐一试算；本机关承诺时已知悉并接受",
            rule.digits,
            shuangsuiji::request::seed::MIN_SEED_DIGITS
        ),
        Lang::En => format!(
            "Weak seed: the seed rule gives only {} digits (fewer than {}), so all its outcomes could be tried before the commitment; the bureau committed it knowing so",
            rule.digits,
            shuangsuiji::request::seed::MIN_SEED_DIGITS
        ),
    })
}

/// The line a plan whose list was fixed outside its document's window
/// carries wherever it is shown, with the committed reason.
fn outside_window_line(plan: &QuarterPlan, lang: Lang) -> Option<String> {
    let reason = plan.outside_window.as_ref()?;
    Some(match lang {
        Lang::Zh => format!("抽查名单未在文件规定的时限内确定，原因：{reason}"),
        Lang::En => format!("The list was fixed outside the window its document sets; the reason committed: {reason}"),
    })
}

fn draw_date_line(plan: &QuarterPlan, lang: Lang) -> Option<String> {
    let date = plan.draw_date?;
    Some(match (&plan.late_reason, lang) {
        (None, Lang::Zh) => format!("抽取日期：{date}"),
        (None, Lang::En) => format!("Drawn on {date}"),
        (Some(reason), Lang::Zh) => format!("抽取日期：{date}（晚于文件规定的抽取时限，原因：{reason}）"),
        (Some(reason), Lang::En) => {
            format!("Drawn on {date}, after the document's draw window; the reason given: {reason}")
        }
    })
}

/// The plan as Markdown: the strata, months, loads and areas, without charts.
pub fn markdown(plan: &QuarterPlan, registry: &Registry, lang: Lang) -> String {
    let f = Facts::new(plan, registry, lang);
    let l = |zh, en| lang.pick(zh, en);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} {} — {}\n",
        l("双随机抽查计划", "Double-random inspection plan"),
        plan.quarter,
        document_title(plan, lang)
    );
    let _ = writeln!(s, "- {}: `{}`", l("随机种子", "Seed (随机种子)"), plan.seed);
    let _ = writeln!(s, "- {}: `{}`", l("承诺摘要", "Commitment"), plan.commitment);
    for assumption in &plan.assumptions {
        let _ = writeln!(s, "- **{}** {}", l("假设：", "Assumption:"), lang.assumption(assumption));
    }
    if let Some(line) = weak_seed_line(plan, lang) {
        let _ = writeln!(s, "- **{line}**");
    }
    if let Some(line) = draw_date_line(plan, lang) {
        let _ = writeln!(s, "- {line}");
    }
    if let Some(line) = outside_window_line(plan, lang) {
        let _ = writeln!(s, "- **{line}**");
    }
    let _ = writeln!(s, "- {}: {}\n", l("任务数", "Tasks"), plan.tasks.len());
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---|",
        l("层", "Stratum"),
        l("可抽", "Eligible"),
        l("最低", "Minimum"),
        l("抽中", "Drawn"),
        l("依据", "Rule and clause")
    );
    for st in &plan.strata {
        let rule = st
            .demands
            .iter()
            .map(|d| match lang {
                Lang::Zh => format!("{}（{}）", d.minimum.zh(), d.source.cite_zh()),
                Lang::En => format!("{} ({})", d.minimum, d.source),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(s, "| {} | {} | {} | {} | {rule} |", f.line_name(st), st.eligible, st.required, st.drawn);
    }
    let mut per_month: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    let mut per_officer: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &plan.tasks {
        let m = per_month.entry(t.month).or_default();
        match t.mode {
            Mode::OnSite => m.0 += 1,
            Mode::OffSite => m.1 += 1,
        }
        for o in t.officers() {
            *per_officer.entry(o.as_str()).or_default() += 1;
        }
    }
    let _ = writeln!(
        s,
        "\n## {}\n\n| {} | {} | {} |\n|---|---:|---:|",
        l("各月任务", "Tasks per month"),
        l("月份", "Month"),
        l("现场", "On-site"),
        l("非现场", "Off-site")
    );
    for (m, (on, off)) in &per_month {
        let _ = writeln!(s, "| {m} | {on} | {off} |");
    }
    let _ = writeln!(
        s,
        "\n## {}\n\n| {} | {} |\n|---|---:|",
        l("执法人员任务量", "Load per officer"),
        l("执法人员", "Officer"),
        l("任务", "Tasks")
    );
    for (id, n) in &per_officer {
        let _ = writeln!(s, "| {id} | {n} |");
    }
    s
}
