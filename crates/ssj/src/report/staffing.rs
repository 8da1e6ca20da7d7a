//! The staffing answer as a page: per unit, every number of officers
//! tried and whether the year planned with it, today's staff marked.

use std::collections::HashMap;
use std::fmt::Write as _;

use shuangsuiji::analysis::staffing::{Staffing, UnitStaffing};
use shuangsuiji::request::PlanRequest;

use super::{esc, Lang, Page, MAX_ROWS};

const OK: &str = "#2e9e5b";
const PART: &str = "#e0a800";
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
    page.section(
        l("人数与能否完成全年计划", "Officers against feasibility"),
        l(
            "每个点是试算过的一个人数：绿色为全年各季度均可编制计划，黄色为只能完成前几个季度，红色为第一个季度即无法完成。黑色竖线为现有持证在岗执法人员数，绿色竖线为所需最少人数。按 1:N 比例，每增加一名执法人员，一般排污单位的年度抽查数也随之增加，因此所需人数须逐一试算，不能用除法估计。",
            "Each dot is a number of officers tried: green, every quarter of the year plans; amber, only the first quarters; red, not even the first. The black tick is today's certified, on-post officers; the green tick is the least number that plans the year. Under a 1:N rule each officer counted raises the general minimum, so the number is found by planning, not by division.",
        ),
    );
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
    page.raw(&strips(&units, answer.quarters.len() as u64, &name));
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

/// One strip per unit: the officers tried on a common axis.
fn strips(units: &[&UnitStaffing], quarters: u64, name: &dyn Fn(&str) -> String) -> String {
    let max = units
        .iter()
        .flat_map(|u| u.tried.iter().map(|t| t.officers).chain([u.officers_now]).chain(u.officers_needed))
        .max()
        .unwrap_or(2)
        .max(2) as f64;
    // Round ticks, as every chart has them (they were 0, 2, 4, 7, 9, 11).
    let (max, step) = super::chart::nice_axis(max);
    let (left, plot, row) = (170.0, 560.0, 30.0);
    let height = 30.0 + row * units.len() as f64 + 10.0;
    let x = |n: u64| left + plot * n as f64 / max;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w:.0} {height:.0}" width="{w:.0}" height="{height:.0}" role="img" font-family="Noto Sans CJK SC, Microsoft YaHei, sans-serif" font-size="12">"#,
        w = left + plot + 60.0
    );
    for k in 0..=(max / step).round() as u64 {
        let n = k * step as u64;
        let _ = write!(
            s,
            r##"<line x1="{gx:.1}" y1="22" x2="{gx:.1}" y2="{:.0}" stroke="#e3e3e3"/><text x="{gx:.1}" y="14" text-anchor="middle" fill="#777" font-size="10">{n}</text>"##,
            height - 8.0,
            gx = x(n)
        );
    }
    for (i, u) in units.iter().enumerate() {
        let y = 30.0 + row * i as f64;
        let _ = write!(
            s,
            r##"<text x="{:.0}" y="{:.1}" text-anchor="end" fill="#333">{}</text>"##,
            left - 10.0,
            y + 14.0,
            esc(&super::chart::cut(&name(&u.unit), 22))
        );
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#ccc"/>"##,
            y + 10.0,
            left + plot,
            y + 10.0
        );
        for t in &u.tried {
            let color = if t.quarters_planned >= quarters {
                OK
            } else if t.quarters_planned > 0 {
                PART
            } else {
                FAIL
            };
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="4.5" fill="{color}"><title>{}</title></circle>"#,
                x(t.officers),
                y + 10.0,
                t.officers
            );
        }
        let now = x(u.officers_now);
        let _ = write!(
            s,
            r##"<line x1="{now:.1}" y1="{:.1}" x2="{now:.1}" y2="{:.1}" stroke="#111" stroke-width="2"><title>{}</title></line>"##,
            y,
            y + 20.0,
            u.officers_now
        );
        if let Some(n) = u.officers_needed {
            let nx = x(n);
            let _ = write!(
                s,
                r##"<line x1="{nx:.1}" y1="{:.1}" x2="{nx:.1}" y2="{:.1}" stroke="{OK}" stroke-width="3"/><text x="{:.1}" y="{:.1}" fill="{OK}" font-weight="bold">{n}</text>"##,
                y - 1.0,
                y + 21.0,
                nx + 5.0,
                y + 4.0
            );
        }
    }
    s.push_str("</svg>");
    s
}
