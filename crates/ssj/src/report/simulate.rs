//! A simulation as a page: coverage over the years with its spread over
//! the seeds, how often a company is disturbed, who is never visited, how
//! loaded the officers are.

use shuangsuiji::analysis::simulate::{Interval, NeverReached, Simulation};

use super::chart::{hbars, lines, Axis, Bar, Line, Titles};
use super::{csv_cell, esc, pct, Lang, Page};

const COLORS: [&str; 4] = ["#c62828", "#e0a800", "#2f7ed8", "#2e9e5b"];

fn category(c: &str, lang: Lang) -> &'static str {
    match (c, lang) {
        ("key", Lang::Zh) => "重点排污单位",
        ("special", Lang::Zh) => "特殊监管对象",
        ("general", Lang::Zh) => "一般排污单位",
        ("key", Lang::En) => "key (重点)",
        ("special", Lang::En) => "special (特殊)",
        _ => lang.pick("一般排污单位", "general (一般)"),
    }
}

/// A share bar with its min–max whisker.
pub fn share_bar(label: String, i: &Interval, color: &'static str) -> Bar {
    Bar {
        label,
        value: i.mean,
        range: Some((i.min, i.max)),
        text: if pct(i.min) == pct(i.max) {
            pct(i.mean)
        } else {
            format!("{} [{}–{}]", pct(i.mean), pct(i.min), pct(i.max))
        },
        color,
        ..Bar::default()
    }
}

/// The simulation as a self-contained HTML page.
/// `csv` names the never-reached list written beside the page.
pub fn html(sim: &Simulation, units: &UnitNames, lang: Lang, csv: Option<&str>) -> String {
    let l = |zh, en| lang.pick(zh, en);
    let title = match lang {
        Lang::Zh => {
            format!("抽查制度模拟：{}，{} 年 × {} 个随机种子", sim.policy_title_zh, sim.spec.years, sim.spec.seeds)
        }
        Lang::En => format!("{} simulated: {} years × {} seeds", sim.policy, sim.spec.years, sim.spec.seeds),
    };
    let churn = sim.spec.churn;
    let sub = match lang {
        Lang::Zh => format!(
            "自 {} 年起；每年新增 {}、注销 {}、调整类别 {}；图中为各种子的均值，阴影与须线为最小到最大。",
            sim.first_year, pct(churn.new), pct(churn.closed), pct(churn.recategorised)
        ),
        Lang::En => format!(
            "From {}; each year {} new, {} closed, {} re-categorised; figures are the mean over the seeds, bands and whiskers the lowest to highest.",
            sim.first_year, pct(churn.new), pct(churn.closed), pct(churn.recategorised)
        ),
    };
    let mut page = Page::new(lang, &title, &[esc(&sub)]);
    for a in &sim.assumptions {
        page.note(&format!("{}{}", l("假设：", "Assumption: "), lang.assumption(a)));
    }
    page.section(
        l("每年被随机抽查到的比例", "Share inspected each year"),
        l("每类对象中当年至少被随机抽查一次的比例；红线为重点排污单位（文件要求每年全覆盖）。", "The share of each category visited at random at least once in the year; red is key units, which the documents want covered every year."),
    );
    let xs: Vec<String> = sim.years.iter().map(|y| y.year.to_string()).collect();
    let series: Vec<Line> = ["key", "special", "general"]
        .iter()
        .zip(COLORS)
        .map(|(c, color)| Line {
            name: category(c, lang).to_owned(),
            color,
            points: sim
                .years
                .iter()
                .map(|y| y.inspected.get(*c).map_or((0.0, 0.0, 0.0), |i| (i.mean, i.min, i.max)))
                .collect(),
        })
        .collect();
    let titles = Titles {
        x: l("年度", "Year"),
        y: l("当年至少被随机抽查一次的比例", "Share visited at least once in the year"),
    };
    page.raw(&lines(&xs, &series, titles));

    page.section(
        l("企业打扰：每家企业每年被随机抽查的次数", "Disturbance: random visits per company per year"),
        l("企业-年中被抽查 0、1、2、3、4 次及以上的比例（001 §一：切实减少对企业正常生产经营活动的干扰）。", "The share of company-years with 0, 1, 2, 3 and 4 or more random visits (001 §一 asks to reduce disturbance to companies)."),
    );
    let bars: Vec<Bar> = sim
        .visits_per_year
        .iter()
        .enumerate()
        .map(|(b, i)| {
            let label = match (b, lang) {
                (4, Lang::Zh) => "4 次及以上".to_owned(),
                (4, Lang::En) => "4 or more".to_owned(),
                (n, Lang::Zh) => format!("{n} 次"),
                (1, Lang::En) => "1 visit".to_owned(),
                (n, Lang::En) => format!("{n} visits"),
            };
            share_bar(label, i, "#6f5bb5")
        })
        .collect();
    let titles = Titles {
        x: l("企业-年占比", "Share of company-years"),
        y: l("每年被随机抽查次数", "Random visits in a year"),
    };
    page.raw(&hbars(&bars, Axis::Percent, &[], titles));

    page.section(
        &match lang {
            Lang::Zh => format!("{} 年内从未被抽中的企业", sim.spec.years),
            Lang::En => format!("Companies never visited in {} years", sim.spec.years),
        },
        l(
            "每年都在名录中且可抽的企业里，所有年份都未被随机抽中的比例。",
            "Of the companies eligible in every year, the share no random visit reached.",
        ),
    );
    let bars: Vec<Bar> = ["key", "special", "general"]
        .iter()
        .zip(COLORS)
        .filter_map(|(c, color)| Some(share_bar(category(c, lang).to_owned(), sim.never_visited.get(*c)?, color)))
        .collect();
    let titles = Titles {
        x: l("从未被随机抽中的企业占比", "Share of companies never visited"),
        y: l("类别", "Category"),
    };
    page.raw(&hbars(&bars, Axis::Percent, &[], titles));
    never_reached_table(&mut page, sim, units, csv);

    page.section(
        l("执法人员任务量", "Officers' load"),
        l(
            "各执法人员每季度任务量占其能力上限的比例，按区间统计。",
            "Each officer's tasks per quarter as a share of capacity, counted by band.",
        ),
    );
    let labels = ["≤ 25%", "25–50%", "50–75%", "75–100%"];
    let bars: Vec<Bar> =
        sim.officer_load.buckets.iter().zip(labels).map(|(i, b)| share_bar(b.to_owned(), i, "#2f7ed8")).collect();
    let titles = Titles {
        x: l("执法人员-季度占比", "Share of officer-quarters"),
        y: l("任务量占能力上限", "Tasks as a share of capacity"),
    };
    page.raw(&hbars(&bars, Axis::Percent, &[], titles));
    page.raw(&format!(
        "<p class=\"intro\">{} {}{} {} {}</p>",
        l("平均占用能力", "Mean share of capacity used:"),
        esc(&pct(sim.officer_load.mean_share.mean)),
        l("；", ";"),
        l("单人单季最高", "the highest for one officer in one quarter:"),
        esc(&pct(sim.officer_load.max_share.max))
    ));

    page.section(l("逐年数字", "Year by year"), "");
    let c = |i: &Interval| format!("{:.0}", i.mean);
    let rows: Vec<Vec<String>> = sim
        .years
        .iter()
        .map(|y| {
            let d = |k: &str| y.draws.get(k).map(c).unwrap_or_default();
            vec![
                y.year.to_string(),
                c(&y.eligible),
                d("key"),
                d("special"),
                d("general"),
                c(&y.officer_visits),
                pct(y.key_units_covered.mean),
            ]
        })
        .collect();
    page.table(
        &[
            l("年度", "Year"),
            l("可抽企业", "Eligible"),
            l("重点抽查", "Key draws"),
            l("特殊抽查", "Special draws"),
            l("一般抽查", "General draws"),
            l("执法人次", "Officer-visits"),
            l("重点全覆盖", "Key units covered"),
        ],
        &[false, true, true, true, true, true, true],
        &rows,
    );
    if sim.failed_years > 0 {
        page.note(&match lang {
            Lang::Zh => format!(
                "{} 个种子-年度在某季度无法编制计划而中止，例如：{}",
                sim.failed_years,
                sim.failures.first().map(|f| format!("{} {}", f.quarter, f.why)).unwrap_or_default()
            ),
            Lang::En => format!(
                "{} seed-years stopped at a quarter that could not be planned, e.g. {}",
                sim.failed_years,
                sim.failures.first().map(|f| format!("{} {}", f.quarter, f.why)).unwrap_or_default()
            ),
        });
    }
    page.finish()
}

/// Most companies the page names; the CSV beside it has them all.
const NAMED: usize = 50;

/// The companies never reached, those most seeds missed first.
fn never_reached_table(page: &mut Page, sim: &Simulation, units: &UnitNames, csv: Option<&str>) {
    let lang = page.lang();
    let mut list: Vec<&NeverReached> = sim.never_reached.iter().collect();
    list.sort_by(|a, b| b.seeds.cmp(&a.seeds).then_with(|| (&a.unit, &a.object).cmp(&(&b.unit, &b.object))));
    let intro = match (lang, csv) {
        (Lang::Zh, Some(f)) => format!(
            "共 {} 家在某些种子下从未被抽中；下表列出被最多种子遗漏的 {} 家，完整名单见 {f}。",
            list.len(),
            list.len().min(NAMED)
        ),
        (Lang::Zh, None) => format!(
            "共 {} 家在某些种子下从未被抽中；下表列出被最多种子遗漏的 {} 家。",
            list.len(),
            list.len().min(NAMED)
        ),
        (Lang::En, Some(f)) => format!(
            "{} companies were never reached under some seed; the {} most seeds missed are listed, all of them in {f}.",
            list.len(),
            list.len().min(NAMED)
        ),
        (Lang::En, None) => format!(
            "{} companies were never reached under some seed; the {} most seeds missed are listed.",
            list.len(),
            list.len().min(NAMED)
        ),
    };
    page.raw(&format!("<p class=\"intro\">{}</p>", esc(&intro)));
    let rows: Vec<Vec<String>> = list.iter().take(NAMED).map(|n| row(n, units, lang)).collect();
    if !rows.is_empty() {
        page.table(&headers(lang), &[false, false, false, false, true], &rows);
    }
}

fn headers(lang: Lang) -> [&'static str; 5] {
    [
        lang.pick("抽查单位", "unit"),
        lang.pick("类别", "category"),
        lang.pick("对象编号", "object"),
        lang.pick("企业名称", "company"),
        lang.pick("未被抽中的种子占比", "share of seeds never reaching it"),
    ]
}

fn row(n: &NeverReached, units: &UnitNames, lang: Lang) -> Vec<String> {
    // A unit by its name, as the plan page shows it (`昌吉市`); its id where
    // the registry gives none.
    let unit = units.get(&n.unit).cloned().unwrap_or_else(|| n.unit.clone());
    vec![unit, category(&n.category, lang).to_owned(), n.object.clone(), n.name.clone(), pct(n.share)]
}

/// Each drawing unit's name, by its id (from the registry's jurisdictions).
pub type UnitNames = std::collections::HashMap<String, String>;

/// Every never-reached company as CSV (UTF-8 with a BOM, for Excel), by
/// unit, category and id.
pub fn never_reached_csv(sim: &Simulation, lang: Lang) -> String {
    let mut s = String::from("\u{feff}");
    s.push_str(&headers(lang).join(","));
    s.push_str("\r\n");
    for n in &sim.never_reached {
        // By id, for a machine to join on (the page names them).
        let cells: Vec<String> = row(n, &UnitNames::new(), lang).iter().map(|c| csv_cell(c)).collect();
        s.push_str(&cells.join(","));
        s.push_str("\r\n");
    }
    s
}
