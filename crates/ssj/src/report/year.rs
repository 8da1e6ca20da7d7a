//! Where the year stands, as a page: per stratum the year's total against
//! what is done, and the key units still owed their yearly visit.

use std::collections::HashMap;

use shuangsuiji::model::Registry;
use shuangsuiji::publish::year::YearStatus;

use super::chart::{hbars, Axis, Bar, Titles};
use super::{stratum_name, Lang, Page, MAX_ROWS, MAX_TABLE};

/// The year's status as a self-contained HTML page.
pub fn html(status: &YearStatus, registry: &Registry, policy: &str, lang: Lang) -> String {
    let l = |zh, en| lang.pick(zh, en);
    let units: HashMap<&str, &str> = registry.jurisdictions.iter().map(|j| (j.id.as_str(), j.name.as_str())).collect();
    let objects: HashMap<&str, &str> = registry.objects.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();
    let unit = |id: &str| units.get(id).map_or_else(|| id.to_owned(), |n| (*n).to_owned());
    let title = match lang {
        Lang::Zh => format!("{} 年度抽查进度（截至 {}）", status.through.year(), status.through),
        Lang::En => format!("The year {} through {} — {policy}", status.through.year(), status.through),
    };
    let mut page = Page::new(lang, &title, &[super::esc(policy)]);
    page.section(
        l("年度比例完成情况", "The year's totals against what is done"),
        l(
            "条形为本年已随机检查的对象占可抽对象的比例，竖线为年度比例要求的比例（无年度要求的层不画竖线）。",
            "Each bar is the share of eligible objects inspected at random this year; the tick is the share the yearly rules ask for (no tick where no yearly rule applies).",
        ),
    );
    let share = |n: u64, of: u64| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    let bars: Vec<Bar> = status
        .strata
        .iter()
        .take(MAX_ROWS)
        .map(|s| Bar {
            label: stratum_name(&s.key, &unit(&s.key.unit), lang),
            value: share(s.done, s.eligible),
            marker: s.yearly_total.map(|t| share(t, s.eligible)),
            text: match s.yearly_total {
                Some(t) => format!("{} / {t}", s.done),
                None => format!("{} / {}", s.done, s.eligible),
            },
            color: "#2e9e5b",
            ..Bar::default()
        })
        .collect();
    let titles = Titles {
        x: l("本年已随机检查的对象占可抽对象的比例", "Share of the eligible objects inspected at random this year"),
        y: l("抽查层", "Stratum"),
    };
    page.raw(&hbars(&bars, Axis::Percent, &[], titles));
    if status.strata.len() > MAX_ROWS {
        page.note(&match lang {
            Lang::Zh => format!(
                "共 {} 个层，图中列出前 {MAX_ROWS} 个；全部见 `ssj status --format json`。",
                status.strata.len()
            ),
            Lang::En => format!(
                "{} strata; the first {MAX_ROWS} shown, all in `ssj status --format json`.",
                status.strata.len()
            ),
        });
    }
    let opt = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |n| n.to_string());
    let rows: Vec<Vec<String>> = status
        .strata
        .iter()
        .take(MAX_TABLE.min(3 * MAX_ROWS))
        .map(|s| {
            vec![
                stratum_name(&s.key, &unit(&s.key.unit), lang),
                s.eligible.to_string(),
                s.done.to_string(),
                opt(s.yearly_total),
                opt(s.still_owed),
            ]
        })
        .collect();
    page.table(
        &[
            l("层", "Stratum"),
            l("可抽", "Eligible"),
            l("已检查", "Done"),
            l("年度要求", "Yearly total"),
            l("尚欠", "Still owed"),
        ],
        &[false, true, true, true, true],
        &rows,
    );
    page.section(
        l("尚未检查的重点排污单位", "Key units not yet inspected this year"),
        l("每年对辖区所有重点排污单位检查一遍（000 §四.1）。", "Every key unit once a year (000 §四.1)."),
    );
    // National: the units most behind first, a few names each.
    let mut owed: Vec<(&String, &Vec<String>)> = status.key_not_yet_inspected.iter().collect();
    let many = owed.len() > MAX_ROWS;
    if many {
        owed.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        page.note(&match lang {
            Lang::Zh => {
                format!("共 {} 个单位，列出尚欠最多的 {MAX_ROWS} 个；全部见 `ssj status --format json`。", owed.len())
            }
            Lang::En => {
                format!("{} units; the {MAX_ROWS} owing most shown, all in `ssj status --format json`.", owed.len())
            }
        });
        owed.truncate(MAX_ROWS);
    }
    let rows: Vec<Vec<String>> = owed
        .into_iter()
        .map(|(u, ids)| {
            let names: Vec<String> = ids
                .iter()
                .take(if many { 8 } else { 30 })
                .map(|id| objects.get(id.as_str()).map_or_else(|| id.clone(), |name| format!("{name} {id}")))
                .collect();
            let more =
                if ids.len() > names.len() { format!(" …（+{}）", ids.len() - names.len()) } else { String::new() };
            vec![unit(u), ids.len().to_string(), format!("{}{more}", names.join("、"))]
        })
        .collect();
    page.table(&[l("单位", "Unit"), l("数量", "Count"), l("对象", "Objects")], &[false, true, false], &rows);
    page.finish()
}
