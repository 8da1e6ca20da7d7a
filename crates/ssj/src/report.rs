//! Reports of a plan: a self-contained HTML page (inline SVG charts, no
//! network) and the same facts as Markdown.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use shuangsuiji::model::Registry;
use shuangsuiji::plan::{Mode, QuarterPlan, Visit};

/// Labels in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese labels (English in brackets where useful).
    Zh,
    /// English labels (Chinese domain terms beside them).
    En,
}

impl Lang {
    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Facts the reports show, computed once from the plan.
struct Facts<'a> {
    plan: &'a QuarterPlan,
    unit_names: BTreeMap<&'a str, &'a str>,
    per_month: BTreeMap<u32, (usize, usize)>,
    per_officer: BTreeMap<&'a str, usize>,
    per_unit: BTreeMap<&'a str, (usize, usize, usize)>,
}

impl<'a> Facts<'a> {
    fn new(plan: &'a QuarterPlan, registry: &'a Registry) -> Self {
        let unit_names = registry.jurisdictions.iter().map(|j| (j.id.as_str(), j.name.as_str())).collect();
        let mut per_month: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
        let mut per_officer: BTreeMap<&str, usize> = BTreeMap::new();
        let mut per_unit: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
        for t in &plan.tasks {
            let m = per_month.entry(t.month).or_default();
            let u = per_unit.entry(t.unit.as_str()).or_default();
            u.0 += 1;
            match t.mode {
                Mode::OnSite => m.0 += 1,
                Mode::OffSite => {
                    m.1 += 1;
                    u.1 += 1;
                }
            }
            if let Visit::JointWithOtherLevel { .. } = t.visit {
                u.2 += 1;
            }
            for o in t.officers() {
                *per_officer.entry(o.as_str()).or_default() += 1;
            }
        }
        Facts { plan, unit_names, per_month, per_officer, per_unit }
    }

    fn unit_name(&self, id: &str) -> String {
        match self.unit_names.get(id) {
            Some(name) => format!("{name} ({id})"),
            None => id.to_owned(),
        }
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A horizontal bar chart: one row per label, several series per row.
fn bar_chart(rows: &[(String, Vec<u64>)], series: &[(&str, &str)]) -> String {
    let max = rows.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(1).max(1);
    let label_w = 260;
    let bar_w = 420;
    let row_h = 8 + 12 * series.len();
    let height = rows.len() * row_h + 30;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{height}" role="img" font-family="Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif" font-size="11">"#,
        label_w + bar_w + 60
    );
    for (i, (name, color)) in series.iter().enumerate() {
        let x = label_w + i * 110;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="4" width="10" height="10" fill="{color}"/><text x="{}" y="13">{}</text>"#,
            x + 14,
            esc(name)
        );
    }
    for (r, (label, values)) in rows.iter().enumerate() {
        let y = 24 + r * row_h;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            label_w - 6,
            y + 6 * series.len(),
            esc(label)
        );
        for (k, v) in values.iter().enumerate() {
            let w = (*v as f64 / max as f64 * bar_w as f64).round() as u64;
            let color = series.get(k).map_or("#888", |s| s.1);
            let yy = y + k * 12;
            let _ = write!(
                s,
                r#"<rect x="{label_w}" y="{yy}" width="{w}" height="10" fill="{color}"><title>{v}</title></rect><text x="{}" y="{}">{v}</text>"#,
                label_w as u64 + w + 4,
                yy + 9
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// The plan as a self-contained HTML page.
pub fn html(plan: &QuarterPlan, registry: &Registry, lang: Lang) -> String {
    let f = Facts::new(plan, registry);
    let l = |zh, en| lang.pick(zh, en);
    let mut s = String::new();
    let title = format!("{} {} — {}", l("双随机抽查计划", "Double-random inspection plan"), plan.quarter, plan.policy);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>\
body{{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:2em;max-width:1100px;color:#222}}table{{border-collapse:collapse;margin:1em 0}}\
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}td:first-child,th:first-child{{text-align:left}}\
th{{background:#f2f2f2}}code{{font-size:90%}}.short{{color:#b00;font-weight:bold}}</style></head><body>\n",
        l("zh", "en"),
        esc(&title)
    );
    let _ = writeln!(s, "<h1>{}</h1>", esc(&title));
    for assumption in &plan.assumptions {
        let _ = writeln!(
            s,
            "<p class=\"assumption\"><strong>{}</strong> {}</p>",
            l("假设：", "Assumption:"),
            esc(assumption)
        );
    }
    let _ = writeln!(
        s,
        "<p>{}: <code>{}</code><br>{}: <code>{}</code><br>{}: {}<br>{}: {}</p>",
        l("种子", "Seed (种子)"),
        esc(&plan.seed),
        l("承诺摘要", "Commitment (SHA-256)"),
        esc(&plan.commitment),
        l("抽查单位", "Drawing units"),
        esc(&plan.units.iter().map(|u| f.unit_name(u)).collect::<Vec<_>>().join(", ")),
        l("任务数", "Tasks"),
        plan.tasks.len()
    );

    let _ = writeln!(s, "<h2>{}</h2>", l("各层级抽查比例", "Strata: eligible, minimum, drawn"));
    let rows: Vec<(String, Vec<u64>)> = plan
        .strata
        .iter()
        .map(|st| {
            let area = f.unit_names.get(st.stratum.unit.as_str()).copied().unwrap_or(st.stratum.unit.as_str());
            let name = match &st.campaign {
                Some(c) => format!("{area} · campaign {c}"),
                None => {
                    let (pool, category) = match lang {
                        Lang::Zh => (st.stratum.pool.zh(), st.stratum.category.zh()),
                        Lang::En => (st.stratum.pool.en(), st.stratum.category.en()),
                    };
                    format!("{area} · {pool} · {category}")
                }
            };
            (name, vec![st.eligible, st.required, st.drawn])
        })
        .collect();
    s.push_str(&bar_chart(
        &rows,
        &[(l("可抽", "eligible"), "#9ecae1"), (l("最低", "minimum"), "#fdae6b"), (l("抽中", "drawn"), "#31a354")],
    ));
    let _ = writeln!(
        s,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        l("层", "Stratum"),
        l("可抽", "Eligible"),
        l("本年已查", "Inspected this year"),
        l("最低", "Minimum"),
        l("抽中", "Drawn"),
        l("联合", "Joint"),
        l("规则与条款", "Rule and clause"),
    );
    for st in &plan.strata {
        let rule = st
            .demands
            .iter()
            .map(|d| format!("{} [{}: {}]", d.minimum, d.source, d.demand))
            .collect::<Vec<_>>()
            .join("; ");
        let class = if st.drawn < st.required { " class=\"short\"" } else { "" };
        let name = match &st.campaign {
            Some(c) => format!("{} / campaign {c}", st.stratum.unit),
            None => st.stratum.to_string(),
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td{class}>{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>",
            esc(&name),
            st.eligible,
            st.inspected_this_year,
            st.required,
            st.drawn,
            st.joint_with_other_level,
            esc(&rule)
        );
    }
    s.push_str("</table>\n");

    let _ = writeln!(s, "<h2>{}</h2>", l("每月任务", "Tasks per month"));
    let rows: Vec<(String, Vec<u64>)> =
        f.per_month.iter().map(|(m, (on, off))| (format!("{m}月"), vec![*on as u64, *off as u64])).collect();
    s.push_str(&bar_chart(&rows, &[(l("现场", "on-site"), "#3182bd"), (l("非现场", "off-site"), "#bdbdbd")]));

    let _ = writeln!(s, "<h2>{}</h2>", l("执法人员任务量", "Load per officer"));
    let mut loads: Vec<(String, Vec<u64>)> =
        f.per_officer.iter().map(|(id, n)| ((*id).to_owned(), vec![*n as u64])).collect();
    loads.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    s.push_str(&bar_chart(&loads, &[(l("任务", "tasks"), "#756bb1")]));

    let _ = writeln!(
        s,
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        l("各区域任务", "Tasks by area"),
        l("区域", "Area"),
        l("任务", "Tasks"),
        l("非现场", "Off-site"),
        l("联合检查", "Joint with other level")
    );
    for (unit, (n, off, joint)) in &f.per_unit {
        let _ = writeln!(s, "<tr><td>{}</td><td>{n}</td><td>{off}</td><td>{joint}</td></tr>", esc(&f.unit_name(unit)));
    }
    s.push_str("</table>\n");

    let _ = writeln!(
        s,
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        l("任务清单", "Tasks"),
        l("对象", "Object"),
        l("区域", "Area"),
        l("月份", "Month"),
        l("方式", "Mode"),
        l("执法人员", "Officers"),
        l("抽中层与签号", "Strata and tickets"),
    );
    for t in &f.plan.tasks {
        let mode = match t.mode {
            Mode::OnSite => l("现场", "on-site"),
            Mode::OffSite => l("非现场", "off-site"),
        };
        let team = match &t.visit {
            Visit::Own { officers, joining } => {
                let mut v = officers.join(", ");
                if !joining.is_empty() {
                    v.push_str(&format!(" + {}", joining.join(", ")));
                }
                v
            }
            Visit::JointWithOtherLevel { with } => format!("{} {}", l("联合", "joint with"), with.join(", ")),
        };
        let covers = t
            .covers
            .iter()
            .map(|c| format!("{} {}", c.stratum, &c.ticket[..c.ticket.len().min(12)]))
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            s,
            "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{mode}</td><td>{}</td><td style=\"text-align:left\"><code>{}</code></td></tr>",
            esc(&t.object),
            esc(&t.object_name),
            esc(&t.unit),
            t.month,
            esc(&team),
            esc(&covers)
        );
    }
    s.push_str("</table>\n</body></html>\n");
    s
}

/// The plan as Markdown: the same facts as [`html`], without charts.
pub fn markdown(plan: &QuarterPlan, registry: &Registry, lang: Lang) -> String {
    let f = Facts::new(plan, registry);
    let l = |zh, en| lang.pick(zh, en);
    let mut s = String::new();
    let _ =
        writeln!(s, "# {} {} — {}\n", l("双随机抽查计划", "Double-random inspection plan"), plan.quarter, plan.policy);
    let _ = writeln!(s, "- {}: `{}`", l("种子", "Seed (种子)"), plan.seed);
    let _ = writeln!(s, "- {}: `{}`", l("承诺摘要", "Commitment"), plan.commitment);
    for assumption in &plan.assumptions {
        let _ = writeln!(s, "- **{}** {assumption}", l("假设：", "Assumption:"));
    }
    let _ = writeln!(s, "- {}: {}\n", l("任务数", "Tasks"), plan.tasks.len());
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---|",
        l("层", "Stratum"),
        l("可抽", "Eligible"),
        l("最低", "Minimum"),
        l("抽中", "Drawn"),
        l("规则与条款", "Rule and clause")
    );
    for st in &plan.strata {
        let rule = st.demands.iter().map(|d| format!("{} ({})", d.minimum, d.source)).collect::<Vec<_>>().join("; ");
        let name = match &st.campaign {
            Some(c) => format!("{} / campaign {c}", st.stratum.unit),
            None => st.stratum.to_string(),
        };
        let _ = writeln!(s, "| {name} | {} | {} | {} | {rule} |", st.eligible, st.required, st.drawn);
    }
    let _ = writeln!(
        s,
        "\n## {}\n\n| {} | {} | {} |\n|---|---:|---:|",
        l("每月任务", "Tasks per month"),
        l("月份", "Month"),
        l("现场", "On-site"),
        l("非现场", "Off-site")
    );
    for (m, (on, off)) in &f.per_month {
        let _ = writeln!(s, "| {m} | {on} | {off} |");
    }
    let _ = writeln!(
        s,
        "\n## {}\n\n| {} | {} |\n|---|---:|",
        l("执法人员任务量", "Load per officer"),
        l("执法人员", "Officer"),
        l("任务", "Tasks")
    );
    for (id, n) in &f.per_officer {
        let _ = writeln!(s, "| {id} | {n} |");
    }
    let _ = writeln!(
        s,
        "\n## {}\n\n| {} | {} | {} | {} |\n|---|---:|---:|---:|",
        l("各区域任务", "Tasks by area"),
        l("区域", "Area"),
        l("任务", "Tasks"),
        l("非现场", "Off-site"),
        l("联合检查", "Joint")
    );
    for (unit, (n, off, joint)) in &f.per_unit {
        let _ = writeln!(s, "| {} | {n} | {off} | {joint} |", f.unit_name(unit));
    }
    s
}
