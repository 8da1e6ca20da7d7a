//! `PlanLog::from_json` + `verify_log` against a fixed small request.
//!
//! Two modes, by the first byte:
//! * raw: the rest is read as log JSON; `verify_log` must not panic;
//! * structured: a valid log is built through the amendment API from
//!   arbitrary choices (it must verify), then optionally edited — an entry
//!   dropped, swapped, duplicated or truncated, a task or a date changed —
//!   and re-chained or not; `verify_log` must not panic, and an edit that
//!   changes the log without re-chaining must be rejected.

use arbitrary::Unstructured;
use chrono::NaiveDate;
use shuangsuiji::audit::amend::{entry_hash, verify_log, Entry, Note, PlanLog};
use shuangsuiji::model::Status;
use shuangsuiji::request::{SeedRule, SeedSource};

fn rechain(log: &mut PlanLog) {
    let mut prev = String::new();
    for e in &mut log.entries {
        e.prev_hash = prev.clone();
        e.hash = entry_hash(&e.prev_hash, &e.entry);
        prev = e.hash.clone();
    }
}

fn structured(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let (request, plan) = crate::fixed_plan();
    let mut log = PlanLog::new(plan.clone());
    let d0 = NaiveDate::from_ymd_opt(2023, 4, 1).unwrap_or(NaiveDate::MIN);
    let mut day = 0u32;
    for _ in 0..u.int_in_range(0..=4)? {
        let tasks = log.current_plan().map(|p| p.tasks).unwrap_or_default();
        if tasks.is_empty() {
            break;
        }
        let task = u.choose(&tasks)?.clone();
        day += u.int_in_range(0..=10)?;
        let date = d0 + chrono::Days::new(u64::from(day));
        let reason: &str = u.choose(&["病假", "", "回避"])?;
        let note = if u.arbitrary()? {
            Note::new(reason, "科长", date).with_evidence("证明 2023-017")
        } else {
            Note::new(reason, "科长", date)
        };
        let rule = SeedRule {
            source: SeedSource::Dice,
            digits: 20,
            announced: "20 dice at the weekly meeting".into(),
            weak: false,
        };
        let _ = match u.int_in_range(0u8..=3)? {
            0 => {
                let officers = task.officers().to_vec();
                let out = if officers.is_empty() { "nobody".to_owned() } else { u.choose(&officers)?.clone() };
                log.replace_inspector(request, (&task.unit, &task.object, &out), rule, note).map(drop)
            }
            1 => {
                let status = *u.choose(&[Status::Relocated, Status::BankruptDeregistered, Status::Active])?;
                log.close_object(request, (&task.unit, &task.object, status), rule, note).map(drop)
            }
            2 => {
                // The public draw of a pending claim's replacements.
                let seed: String = (0..20).map(|i| char::from(b'0' + ((day as usize + i * 7) % 10) as u8)).collect();
                let seed =
                    if u.arbitrary()? { seed } else { u.choose(&["", "123", "2023 0401 3141 5926 5358"])?.to_string() };
                log.draw_replacements(request, &seed, note).map(drop)
            }
            _ => log.move_task((&task.unit, &task.object, u.int_in_range(0..=13)?), note),
        };
    }
    // A log built through the API verifies.
    if let Err(e) = verify_log(&log, request) {
        panic!("a log built by the amendment API does not verify: {e}");
    }
    let json = log.to_json().expect("serializes");
    assert_eq!(PlanLog::from_json(&json).as_ref().ok(), Some(&log), "JSON round trip altered the log");

    let before = log.clone();
    let n = log.entries.len();
    match u.int_in_range(0u8..=7)? {
        0 => {
            let i = u.choose_index(n)?;
            log.entries.remove(i);
        }
        1 if n >= 2 => {
            let i = u.choose_index(n)?;
            let j = u.choose_index(n)?;
            log.entries.swap(i, j);
        }
        2 => {
            let i = u.choose_index(n)?;
            let e = log.entries[i].clone();
            log.entries.push(e);
        }
        3 => {
            let keep = u.choose_index(n + 1)?;
            log.entries.truncate(keep);
        }
        4 => {
            if let Some(Entry::Original { plan }) = log.entries.first_mut().map(|e| &mut e.entry) {
                if let Some(t) = plan.tasks.first_mut() {
                    t.month = u.int_in_range(0..=13)?;
                }
            }
        }
        5 => {
            if let Some(Entry::Original { plan }) = log.entries.first_mut().map(|e| &mut e.entry) {
                plan.seed = u.choose(&["", "1", "31415926535897932384"])?.to_string();
            }
        }
        6 => {
            let i = u.choose_index(n)?;
            if let Entry::Amendment(a) = &mut log.entries[i].entry {
                a.date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
                a.author = String::new();
            }
        }
        _ => {
            let i = u.choose_index(n)?;
            let h = u.choose(&["", "00", "zz"])?;
            log.entries[i].hash = h.to_string();
        }
    }
    let rechained = u.arbitrary::<bool>()?;
    if rechained {
        rechain(&mut log);
    }
    let result = verify_log(&log, request);
    // Dropping the newest entries leaves a valid, shorter chain: only the
    // published head hash (`LogReport::head`) tells it from the full log.
    let a_prefix = before.entries.starts_with(&log.entries);
    if !rechained && log != before && !a_prefix {
        assert!(result.is_err(), "an edited, unchained log verifies");
    }
    if let (true, Ok(report)) = (a_prefix && !log.entries.is_empty(), &result) {
        assert_eq!(Some(&report.head.hash), log.entries.last().map(|e| &e.hash), "the head is not the last hash");
        assert_eq!(report.head.entries, log.entries.len(), "the head does not count the entries");
    }
    if log.entries.is_empty() {
        assert!(result.is_err(), "an empty log verifies");
    }
    Ok(())
}

/// One input of the target.
pub fn run(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else { return };
    if selector % 2 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else { return };
        if let Ok(log) = PlanLog::from_json(text) {
            let _ = verify_log(&log, &crate::fixed_plan().0).map(|r| r.to_string()).map_err(|e| e.to_string());
        }
    } else {
        let _ = structured(&mut Unstructured::new(rest));
    }
}
