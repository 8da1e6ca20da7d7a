//! Several policies side by side, as a page.

use shuangsuiji::analysis::compare::{CompareSpec, Comparison};

use super::chart::{hbars, Axis, Bar, Titles};
use super::simulate::share_bar;
use super::{esc, pct, Lang, Page};

const CATEGORY_COLORS: [(&str, &str); 3] = [("key", "#c62828"), ("special", "#e0a800"), ("general", "#2f7ed8")];

/// The comparison as a self-contained HTML page.
pub fn html(rows: &[Comparison], spec: &CompareSpec, lang: Lang) -> String {
    let l = |zh, en| lang.pick(zh, en);
    let title = l("抽查制度比较", "Policies compared");
    let sub = match lang {
        Lang::Zh => format!("首年随机抽查数为 {} 个种子的均值；所需人员按每人每季度 {} 次检查试算；覆盖与打扰按 {} 年模拟。", spec.simulation.seeds, spec.capacity, spec.simulation.years),
        Lang::En => format!("First-year draws are the mean over {} seeds; officers needed found by planning at {} visits per officer per quarter; coverage and disturbance over {} simulated years.", spec.simulation.seeds, spec.capacity, spec.simulation.years),
    };
    let mut page = Page::new(lang, title, &[esc(&sub)]);
    for r in rows {
        if let Some(other) = &r.same_as {
            page.note(&match lang {
                Lang::Zh => format!("{} 与 {} 的结果完全相同：两份文件对本名录的要求一致。", r.policy, other),
                Lang::En => format!(
                    "{} repeats {} exactly: the two documents demand the same of this registry.",
                    r.policy, other
                ),
            });
        }
    }
    page.section(l("首年随机抽查数", "Random draws in the first year"), "");
    let legend: Vec<(&str, &str)> = CATEGORY_COLORS.iter().map(|(c, color)| (category(c, lang), *color)).collect();
    let mut bars = Vec::new();
    for r in rows {
        for (c, color) in CATEGORY_COLORS {
            let i = r.draws.get(c).copied();
            bars.push(Bar {
                label: format!("{} · {}", short(c, lang), r.policy),
                value: i.map_or(0.0, |i| i.mean),
                range: i.map(|i| (i.min, i.max)),
                text: i.map_or_else(String::new, |i| format!("{:.0}", i.mean)),
                color,
                ..Bar::default()
            });
        }
    }
    let titles = Titles {
        x: l("首年随机抽查数（各种子均值）", "Random draws in the first year (mean over seeds)"),
        y: l("类别 · 政策", "Category · policy"),
    };
    page.raw(&hbars(&bars, Axis::Count, &legend, titles));

    page.section(
        l("所需执法人员与现有人员", "Officers needed against officers now"),
        l("条形为全年各季度均可编制计划所需的最少人数，竖线为现有持证在岗执法人员数。", "Each bar is the least number of officers for which every quarter plans; the tick is today's certified, on-post officers."),
    );
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| Bar {
            label: r.policy.clone(),
            value: r.officers_needed.unwrap_or(0) as f64,
            marker: Some(r.officers_now as f64),
            text: match r.officers_needed {
                Some(n) => format!("{n} ({} {})", l("现有", "now"), r.officers_now),
                None => l("任何人数都无法完成", "no number suffices").to_owned(),
            },
            color: "#6f5bb5",
            ..Bar::default()
        })
        .collect();
    let titles = Titles { x: l("执法人员数", "Officers"), y: l("政策", "Policy") };
    page.raw(&hbars(&bars, Axis::Count, &[], titles));

    page.section(l("重点排污单位全覆盖（首年）", "Key units covered in the first year"), "");
    let bars: Vec<Bar> = rows
        .iter()
        .filter_map(|r| Some(share_bar(r.policy.clone(), &r.simulation.years.first()?.key_units_covered, "#c62828")))
        .collect();
    let titles = Titles {
        x: l("首年被检查的重点排污单位占比", "Share of key units inspected in the first year"),
        y: l("政策", "Policy"),
    };
    page.raw(&hbars(&bars, Axis::Percent, &[], titles));

    page.section(
        &match lang {
            Lang::Zh => format!("{} 年内从未被抽中的一般排污单位", spec.simulation.years),
            Lang::En => format!("General units never visited in {} years", spec.simulation.years),
        },
        "",
    );
    let bars: Vec<Bar> = rows
        .iter()
        .filter_map(|r| Some(share_bar(r.policy.clone(), r.simulation.never_visited.get("general")?, "#2f7ed8")))
        .collect();
    let titles = Titles {
        x: l("从未被随机抽中的一般排污单位占比", "Share of general units never visited"),
        y: l("政策", "Policy"),
    };
    page.raw(&hbars(&bars, Axis::Percent, &[], titles));

    page.section(l("企业打扰：一年内被抽查两次及以上", "Disturbance: companies visited twice or more in a year"), "");
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| {
            let v = &r.simulation.visits_per_year;
            let sum =
                |f: &dyn Fn(&shuangsuiji::analysis::simulate::Interval) -> f64| v.iter().skip(2).map(f).sum::<f64>();
            let i = shuangsuiji::analysis::simulate::Interval {
                mean: sum(&|i| i.mean),
                min: sum(&|i| i.min),
                median: sum(&|i| i.median),
                max: sum(&|i| i.max),
            };
            share_bar(r.policy.clone(), &i, "#6f5bb5")
        })
        .collect();
    let titles = Titles {
        x: l("被随机抽查两次及以上的企业-年占比", "Share of company-years with two or more visits"),
        y: l("政策", "Policy"),
    };
    page.raw(&hbars(&bars, Axis::Percent, &[], titles));

    let opt = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |n| n.to_string());
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let d = |c: &str| r.draws.get(c).map_or_else(String::new, |i| format!("{:.0}", i.mean));
            vec![
                r.policy.clone(),
                lang.pick_owned(&r.document_zh, &r.document),
                r.year.to_string(),
                d("key"),
                d("special"),
                d("general"),
                format!("{:.0}", r.officer_visits.mean),
                r.officers_now.to_string(),
                opt(r.officers_needed),
                r.simulation.years.first().map(|y| pct(y.key_units_covered.mean)).unwrap_or_default(),
            ]
        })
        .collect();
    page.section(l("汇总", "Summary"), "");
    page.table(
        &[
            l("政策", "Policy"),
            l("文件", "Document"),
            l("年度", "Year"),
            l("重点", "Key"),
            l("特殊", "Special"),
            l("一般", "General"),
            l("执法人次", "Officer-visits"),
            l("现有人员", "Officers now"),
            l("所需人员", "Needed"),
            l("重点全覆盖", "Key covered"),
        ],
        &[false, false, false, true, true, true, true, true, true, true],
        &table,
    );
    page.finish()
}

fn category(c: &str, lang: Lang) -> &'static str {
    match c {
        "key" => lang.pick("重点排污单位", "key (重点)"),
        "special" => lang.pick("特殊监管对象", "special (特殊)"),
        _ => lang.pick("一般排污单位", "general (一般)"),
    }
}

fn short(c: &str, lang: Lang) -> &'static str {
    match c {
        "key" => lang.pick("重点", "key"),
        "special" => lang.pick("特殊", "special"),
        _ => lang.pick("一般", "general"),
    }
}
