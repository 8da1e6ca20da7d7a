//! The registry written back as the three CSV files the readers take:
//! English headers, every column, values quoted where they must be — for
//! exporting a JSON registry to a clerk's spreadsheet, and for tests that
//! read the same registry through every route.

use std::collections::BTreeSet;

use serde::Serialize;
use shuangsuiji::model::Registry;

/// `(file name, CSV text)` for `jurisdictions.csv`, `objects.csv` and
/// `inspectors.csv`, in that order, UTF-8 without a BOM, `\n` line ends.
pub fn registry_csv(registry: &Registry) -> [(&'static str, String); 3] {
    let j = sheet(
        &["id", "name", "level", "parent"],
        registry
            .jurisdictions
            .iter()
            .map(|r| vec![r.id.clone(), r.name.clone(), label(&r.level), r.parent.clone().unwrap_or_default()]),
    );
    let o = sheet(
        &[
            "id",
            "name",
            "jurisdiction",
            "category",
            "status",
            "radiation",
            "hazardous_waste",
            "industry",
            "emission_type",
            "scale",
            "monitoring",
            "weather_grade",
            "tags",
            "positive_list_from",
            "positive_list_until",
            "credit",
            "last_violation",
            "online_monitoring_stable",
            "complaints",
        ],
        registry.objects.iter().map(|r| {
            vec![
                r.id.clone(),
                r.name.clone(),
                r.jurisdiction.to_string(),
                label(&r.category),
                label(&r.status),
                r.radiation.as_ref().map(label).unwrap_or_default(),
                r.hazardous_waste.as_ref().map(label).unwrap_or_default(),
                r.tags().industry.clone().unwrap_or_default(),
                r.tags().emission_type.clone().unwrap_or_default(),
                r.tags().scale.clone().unwrap_or_default(),
                r.tags().monitoring.clone().unwrap_or_default(),
                r.tags().weather_grade.clone().unwrap_or_default(),
                join(&r.tags().free),
                r.positive_list.map(|p| p.from.to_string()).unwrap_or_default(),
                r.positive_list.and_then(|p| p.until).map(|d| d.to_string()).unwrap_or_default(),
                r.credit.as_ref().map(label).unwrap_or_default(),
                r.last_violation.map(|d| d.to_string()).unwrap_or_default(),
                r.online_monitoring_stable.to_string(),
                r.complaints.to_string(),
            ]
        }),
    );
    let i = sheet(
        &[
            "id",
            "name",
            "jurisdiction",
            "role",
            "on_post",
            "expertise",
            "department",
            "years_of_service",
            "recusals",
            "quarterly_capacity",
        ],
        registry.inspectors.iter().map(|r| {
            vec![
                r.id.clone(),
                r.name.clone(),
                r.jurisdiction.clone(),
                label(&r.role),
                r.on_post.to_string(),
                join(&r.expertise),
                r.department.clone().unwrap_or_default(),
                r.years_of_service.to_string(),
                join(&r.recusals),
                r.quarterly_capacity.to_string(),
            ]
        }),
    );
    [("jurisdictions.csv", j), ("objects.csv", o), ("inspectors.csv", i)]
}

fn sheet(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to memory cannot fail; a failed row would only be lost, never garbled.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A label as the JSON form spells it (`key`, `county`, `officer`).
fn label<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn join(items: &BTreeSet<String>) -> String {
    items.iter().map(String::as_str).collect::<Vec<_>>().join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_registry_reads_back_as_it_was_written() {
        let registry = crate::synth::demo_prefecture();
        let [(_, j), (_, o), (_, i)] = registry_csv(&registry);
        let back = crate::read::parse_registry_csv(
            ("jurisdictions.csv", j.as_bytes()),
            ("objects.csv", o.as_bytes()),
            ("inspectors.csv", i.as_bytes()),
        )
        .unwrap();
        // Record by record: a whole-registry diff is unreadable.
        assert_eq!(back.jurisdictions, registry.jurisdictions);
        for (a, b) in back.objects.iter().zip(&registry.objects) {
            assert_eq!(a, b);
        }
        for (a, b) in back.inspectors.iter().zip(&registry.inspectors) {
            assert_eq!(a, b);
        }
        assert_eq!(back, registry);
    }
}
