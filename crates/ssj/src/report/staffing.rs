//! The staffing answer as a page: per unit, the least number of officers
//! for which the year plans against the officers on post today. Every
//! number tried (the evidence) is in `ssj staffing --format json`.

use std::collections::HashMap;

use shuangsuiji::analysis::staffing::{Staffing, UnitStaffing};
use shuangsuiji::request::PlanRequest;

use super::chart::{hbars, Axis, Bar, Titles};
use super::{esc, Lang, Page, MAX_ROWS};

const NEEDED: &str = "#6f5bb5";
const FAIL: &str = "#c62828";

/// The staffing answer as a self-contained HTML page.
pub fn html(answer: &Staffing, request: &PlanRequest, lang: Lang) -> String {
    let l = |zh, en| lang.pick(zh, en);
    let names: HashMap<&str, &str> =
        request.registry.jurisdictions.iter().map(|j| (j.id.as_str(), j.name.as_str())).collect();
    let name = |id: &str| names.get(id).map_or_else(|| id.to_owned(), |n| (*n).to_owned());
    let span = match (answer.quarters.first(), answer.quarters.last()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    };
    let title = match lang {
        Lang::Zh => format!("执法人员配置测算（每人每季度 {} 次检查，{span}）", answer.capacity),
        Lang::En => format!("Officers needed at {} visits per officer per quarter, {span}", answer.capacity),
    };
    // Teams, hence who reaches capacity, depend on the seed: say which.
    let seed = match lang {
        Lang::Zh => format!("试抽种子：{}", esc(&request.seed)),
        Lang::En => format!("Trial draws with seed {}", esc(&request.seed)),
    };
    let policy = esc(&lang.pick_owned(&request.policy.title_zh(), &request.policy.name));
    let mut page = Page::new(lang, &title, &[policy, seed]);
    page.section(l("所需执法人员与现有人员", "Officers needed against officers now"), "");
    // The flag is one token: it never breaks across lines.
    let intro = esc(l(
        "条形为全年各季度均可编制计划所需的最少人数（每人按标题所列的季度检查次数），竖线为现有持证在岗执法人员数；现有人员按各自能力能否完成见下表末栏。按 1:N 比例，每增加一名执法人员，一般排污单位的年度抽查数也随之增加，因此所需人数须逐一试算，不能用除法估计；试算过的每个人数见 --format json 的 tried。",
        "Each bar is the least number of officers (each of the capacity in the title) for which every quarter of the year plans; the tick is today's certified, on-post officers; whether today's officers, at their own capacities, plan the year is the table's last column. Under a 1:N rule each officer counted raises the general minimum, so the number is found by planning, not by division; every number tried is in --format json (tried).",
    ))
    .replace("--format json", "<span class=\"nw\">--format json</span>");
    page.raw(&format!("<p class=\"intro\">{intro}</p>"));
    let mut units: Vec<&UnitStaffing> = answer.units.iter().collect();
    if units.len() > MAX_ROWS {
        units.sort_by(|a, b| {
            b.shortfall.unwrap_or(u64::MAX).cmp(&a.shortfall.unwrap_or(u64::MAX)).then(a.unit.cmp(&b.unit))
        });
        page.note(&match lang {
            Lang::Zh => format!("共 {} 个单位，列出缺口最大的 {MAX_ROWS} 个；全部见 --format json。", units.len()),
            Lang::En => {
                format!("{} units; the {MAX_ROWS} with the largest shortfall shown, all in --format json.", units.len())
            }
        });
        units.truncate(MAX_ROWS);
    }
    page.raw(&answer_chart(&units, lang, &name));
    let opt = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |n| n.to_string());
    let mut headers = vec![
        l("单位", "Unit"),
        l("现有人员", "Officers now"),
        l("现有季度能力", "Capacity now"),
        l("所需人员", "Needed"),
        l("缺口", "Shortfall"),
    ];
    let quarters: Vec<String> = answer.quarters.iter().map(|q| format!("{}{q}", l("至", "to "))).collect();
    headers.extend(quarters.iter().map(String::as_str));
    headers.push(l("现有人员能否完成", "Today's staff"));
    let mut numeric = vec![false, true, true, true, true];
    numeric.extend(quarters.iter().map(|_| true));
    numeric.push(false);
    let rows: Vec<Vec<String>> = units
        .iter()
        .map(|u| {
            let mut row = vec![
                name(&u.unit),
                u.officers_now.to_string(),
                u.capacity_now.to_string(),
                opt(u.officers_needed),
                opt(u.shortfall),
            ];
            row.extend(u.quarters.iter().map(|q| opt(q.officers_needed)));
            row.push(match &u.current_fails {
                None => l("全年可完成", "plans the year").to_owned(),
                Some(f) => format!("{} {}：{}", f.quarter, l("无法完成", "fails"), f.why),
            });
            row
        })
        .collect();
    page.table(&headers, &numeric, &rows);
    for u in units.iter().filter(|u| u.blocked.is_some()) {
        page.note(&format!(
            "{}：{}{}",
            name(&u.unit),
            l("任何人数都无法完成：", "no number of officers plans it: "),
            u.blocked.as_deref().unwrap_or_default()
        ));
    }
    page.finish()
}

/// The answer, one bar per unit: the officers needed, today's officers a
/// black tick across it (red where no number of officers plans the year). The numbers tried are the answer's evidence, not the
/// answer: they stay in `--format json` (`tried`).
fn answer_chart(units: &[&UnitStaffing], lang: Lang, name: &dyn Fn(&str) -> String) -> String {
    let l = |zh, en| lang.pick(zh, en);
    let bars: Vec<Bar> = units
        .iter()
        .map(|u| Bar {
            label: name(&u.unit),
            value: u.officers_needed.unwrap_or(0) as f64,
            marker: Some(u.officers_now as f64),
            text: match (u.officers_needed, lang) {
                (Some(n), Lang::Zh) => format!("所需 {n}（现有 {}）", u.officers_now),
                (Some(n), Lang::En) => format!("{n} needed ({} now)", u.officers_now),
                (None, _) => l("任何人数都无法完成", "no number of officers plans it").to_owned(),
            },
            color: if u.officers_needed.is_some() { NEEDED } else { FAIL },
            title: format!("{}: {}", name(&u.unit), u.unit),
            ..Bar::default()
        })
        .collect();
    let titles = Titles { x: l("执法人员数", "Officers"), y: l("抽查单位", "Drawing unit") };
    hbars(&bars, Axis::Count, &[], titles)
}
