//! The year's agenda as a page (`ssj agenda --report`): what is overdue
//! first, then every duty by date, then which periods have their plan.

use shuangsuiji::publish::agenda::{Agenda, AgendaItem, State};

use super::{Lang, Page};

/// The agenda page.
pub fn html(a: &Agenda, lang: Lang) -> String {
    let l = |zh, en| lang.pick(zh, en);
    let title = match lang {
        Lang::Zh => format!("{} 年“双随机、一公开”工作日程（截至 {}）", a.year, a.today),
        Lang::En => format!("The {} agenda of {} on {}", a.year, a.policy, a.today),
    };
    let subtitle = match lang {
        Lang::Zh => format!("{}；依据：《{}》", a.policy, a.documents_zh),
        Lang::En => format!("{}; under {}", a.policy, a.documents.join(", ")),
    };
    let mut page = Page::new(lang, &title, &[super::esc(&subtitle)]);
    let overdue: Vec<&AgendaItem> = a.items.iter().filter(|i| i.state == State::Overdue).collect();
    let due: Vec<&AgendaItem> = a.items.iter().filter(|i| i.state == State::Due).collect();
    page.section(l("逾期与当前应办", "Overdue and due now"), "");
    if overdue.is_empty() && due.is_empty() {
        page.note(l("没有逾期或当前应办的事项。", "Nothing is overdue or due now."));
    } else {
        let rows: Vec<Vec<String>> = overdue.iter().chain(&due).map(|i| row(a, i, lang)).collect();
        page.table(&headers(lang), &[], &rows);
    }
    page.section(
        l("全年事项", "Every duty of the year"),
        l(
            "期限与窗口取自文件原文；“完成依据”为年度文件夹中表明已办的计划或结果，或本局在 duties-done.json 中的记录。",
            "Dates and windows are the documents' own; \"shown by\" is the plan or results in the year folder that show a duty done, or the bureau's record in duties-done.json.",
        ),
    );
    let rows: Vec<Vec<String>> = a.items.iter().map(|i| row(a, i, lang)).collect();
    page.table(&headers(lang), &[], &rows);
    page.section(l("抽查计划", "Plans of the year"), "");
    let rows: Vec<Vec<String>> = a
        .periods
        .iter()
        .map(|p| vec![p.period.clone(), if p.filed { l("已建", "filed") } else { l("尚无", "none yet") }.to_owned()])
        .collect();
    page.table(&[l("时段", "period"), l("计划", "plan")], &[], &rows);
    page.finish()
}

fn headers(lang: Lang) -> [&'static str; 5] {
    [
        lang.pick("期限", "due"),
        lang.pick("状态", "state"),
        lang.pick("事项", "duty"),
        lang.pick("依据", "source"),
        lang.pick("完成依据", "shown by"),
    ]
}

fn row(a: &Agenda, i: &AgendaItem, lang: Lang) -> Vec<String> {
    let when = match i.window_start {
        Some(w) => format!("{w} – {}", i.due),
        None => i.due.to_string(),
    };
    vec![when, lang.pick(i.state.zh(), i.state.en()).to_owned(), i.what.clone(), source(a, i, lang), evidence(i, lang)]
}

/// An item's source: its clause alone where the agenda has one document
/// (named above the table), else document and clause.
pub fn source(a: &Agenda, i: &AgendaItem, lang: Lang) -> String {
    if a.documents.len() == 1 {
        i.clause.clone()
    } else {
        lang.pick_owned(&i.source_zh, &i.source)
    }
}

/// What shows an item done, in the page's language.
pub fn evidence(i: &AgendaItem, lang: Lang) -> String {
    i.evidence.as_ref().map(|e| lang.pick_owned(&e.zh(), &e.en())).unwrap_or_default()
}
