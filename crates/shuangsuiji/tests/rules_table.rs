//! docs/rules.md and the presets must agree, and every preset must carry its
//! sources: a clause and a quote found verbatim in the source document.

// Test code: the workspace allows these in tests (clippy.toml), but clippy only
// knows #[test] functions, not the helpers of an integration test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use shuangsuiji::model::{Category, Class, Pool};
use shuangsuiji::rules::{self, Minimum, PerInspector, Percent, Policy, PolicyError, Source};

/// A row of a `preset | pool | category | minimum | clause` table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    preset: String,
    pool: String,
    category: String,
    minimum: String,
    clause: String,
}

const HEADER: [&str; 5] = ["preset", "pool", "category", "minimum", "clause"];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rules_md() -> String {
    let path = manifest_dir().join("../../docs/rules.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(|c| c.trim().to_owned()).collect())
}

fn is_separator(cells: &[String]) -> bool {
    !cells.is_empty() && cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Every table whose header is exactly [`HEADER`], as one `Vec<Row>` each.
fn preset_tables(md: &str) -> Vec<Vec<Row>> {
    let lines: Vec<&str> = md.lines().collect();
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let header = cells(lines[i]);
        if header.as_deref().is_some_and(|h| h.iter().map(String::as_str).eq(HEADER)) {
            let sep = lines.get(i + 1).and_then(|l| cells(l));
            assert!(
                sep.as_deref().is_some_and(|s| s.len() == HEADER.len() && is_separator(s)),
                "docs/rules.md line {}: a preset table header must be followed by a |---| separator row",
                i + 2
            );
            let mut rows = Vec::new();
            i += 2;
            while let Some(c) = lines.get(i).and_then(|l| cells(l)) {
                assert_eq!(c.len(), HEADER.len(), "docs/rules.md line {}: expected 5 cells, got {c:?}", i + 1);
                rows.push(Row {
                    preset: c[0].clone(),
                    pool: c[1].clone(),
                    category: c[2].clone(),
                    minimum: c[3].clone(),
                    clause: c[4].clone(),
                });
                i += 1;
            }
            tables.push(rows);
        } else {
            i += 1;
        }
    }
    tables
}

fn pool_name(pool: &Pool) -> String {
    serde_json::to_value(pool).unwrap().as_str().unwrap().to_owned()
}

fn category_name(category: Class) -> String {
    serde_json::to_value(category).unwrap().as_str().unwrap().to_owned()
}

fn preset_rows(name: &str, policy: &Policy) -> Vec<Row> {
    policy
        .rules
        .iter()
        .map(|r| Row {
            preset: name.to_owned(),
            pool: pool_name(&r.pool),
            category: category_name(r.category.clone()),
            minimum: r.minimum.to_string(),
            clause: r.source.clause.clone(),
        })
        .collect()
}

fn presets() -> Vec<(&'static str, Policy)> {
    rules::preset_names()
        .into_iter()
        .filter(|n| *n != "fengdu")
        .map(|n| (n, rules::preset(n).unwrap_or_else(|e| panic!("preset {n}: {e}"))))
        .collect()
}

#[test]
fn docs_tables_agree_with_the_presets_both_ways() {
    let tables = preset_tables(&rules_md());
    assert!(!tables.is_empty(), "docs/rules.md has no `preset | pool | category | minimum | clause` table");

    let mut by_preset: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for table in &tables {
        let names: std::collections::BTreeSet<&str> = table.iter().map(|r| r.preset.as_str()).collect();
        assert!(names.len() <= 1, "a preset table mixes presets: {names:?}");
        for row in table {
            by_preset.entry(row.preset.clone()).or_default().push(row.clone());
        }
    }
    let known: Vec<&str> = rules::preset_names().into_iter().filter(|n| *n != "fengdu").collect();
    for name in by_preset.keys() {
        assert!(known.contains(&name.as_str()), "docs/rules.md has a table for `{name}`, which is not a preset");
    }
    // One table per preset: a preset with rules has exactly one table naming it.
    for (name, policy) in presets() {
        let tables_naming = tables.iter().filter(|t| t.first().is_some_and(|r| r.preset == name)).count();
        if policy.rules.is_empty() {
            assert_eq!(tables_naming, 0, "`{name}` has no rules, so its table must have no rows");
        } else {
            assert_eq!(tables_naming, 1, "`{name}` must have exactly one table in docs/rules.md");
        }
    }
    // The rule-less presets still get a table (header only): count them.
    let rule_less = presets().iter().filter(|(_, p)| p.rules.is_empty()).count();
    let empty_tables = tables.iter().filter(|t| t.is_empty()).count();
    assert_eq!(empty_tables, rule_less, "one empty table per preset without rules");

    let mut problems = Vec::new();
    for (name, policy) in presets() {
        let mut want = preset_rows(name, &policy);
        let mut have = by_preset.remove(name).unwrap_or_default();
        want.sort();
        have.sort();
        for row in &have {
            if !want.contains(row) {
                problems.push(format!("docs row is not a rule of `{name}`: {row:?}"));
            }
        }
        for row in &want {
            if !have.contains(row) {
                problems.push(format!("rule of `{name}` has no docs row: {row:?}"));
            }
        }
        if problems.is_empty() {
            assert_eq!(have, want, "`{name}`: same rows but different multiplicities");
        }
    }
    assert!(problems.is_empty(), "docs/rules.md and the presets disagree:\n{}", problems.join("\n"));
}

#[test]
fn fengdu_without_a_general_frequency_is_an_error_naming_the_field() {
    match rules::preset("fengdu") {
        Err(PolicyError::Invalid { policy, field, problem }) => {
            assert_eq!(policy, "fengdu");
            assert_eq!(field, "general");
            assert!(problem.contains("fengdu-example"), "{problem}");
        }
        other => panic!("expected PolicyError::Invalid for `fengdu`, got {other:?}"),
    }
    // With the county's own frequency it is a valid policy.
    fengdu_with(Minimum::PercentPerYear { percent: Percent::whole(10) }).validate().unwrap();
}

/// Fengdu's preset with the county's own minimum for general objects in
/// place of the example's.
fn fengdu_with(general: Minimum) -> Policy {
    let mut policy = rules::preset("fengdu-example").unwrap();
    let rule = policy.rules.iter_mut().find(|r| r.category == Category::General).unwrap();
    rule.minimum = general;
    policy
}

#[test]
fn every_preset_round_trips_through_json_and_toml() {
    for (name, policy) in presets() {
        let json = serde_json::to_string_pretty(&policy).unwrap();
        let back = Policy::from_json(&json).unwrap_or_else(|e| panic!("{name} from JSON: {e:?}\n{json}"));
        assert_eq!(back, policy, "{name}: JSON round trip");

        let toml_text = toml::to_string(&policy).unwrap_or_else(|e| panic!("{name} to TOML: {e}"));
        let back = Policy::from_toml(&toml_text).unwrap_or_else(|e| panic!("{name} from TOML: {e:?}\n{toml_text}"));
        assert_eq!(back, policy, "{name}: TOML round trip");
    }
}

/// The seed file for a `Source::document`.
fn seed_for(document: &str) -> String {
    let file = match document {
        "Changji 2023" => "000_dee8995bf29b44ae.txt",
        "Fengdu 2024" => "001_42f563e21ea9172b.txt",
        "Zhongwei 2020" => "002_bb45851f8b9074af.txt",
        "Wangcheng 2021" => "003_0751c3fc9fe97b76.txt",
        "Changji Hi-tech Zone 2023" => "004_50e46133a1052c83.txt",
        other => panic!("no seed file known for document `{other}`"),
    };
    let path = manifest_dir().join("tests/data/seeds").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn all_seeds() -> String {
    let dir = manifest_dir().join("tests/data/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect::<Vec<_>>().join("\n")
}

fn check_source(what: &str, source: &Source, problems: &mut Vec<String>) {
    if source.clause.trim().is_empty() {
        problems.push(format!("{what}: blank clause"));
    }
    if source.quote.trim().is_empty() {
        problems.push(format!("{what}: blank quote"));
        return;
    }
    if !seed_for(&source.document).contains(&source.quote) {
        problems.push(format!(
            "{what}: quote does not occur verbatim in the `{}` seed file: {}",
            source.document, source.quote
        ));
    }
}

#[test]
fn every_source_has_a_clause_and_a_verbatim_quote() {
    let mut policies = presets();
    policies.push(("fengdu, every general object", fengdu_with(Minimum::EveryObjectOncePerYear {})));
    let mut problems = Vec::new();
    for (name, policy) in &policies {
        for (i, rule) in policy.rules.iter().enumerate() {
            check_source(&format!("{name} rules[{i}] ({})", rule.source), &rule.source, &mut problems);
        }
        for (i, modifier) in policy.modifiers.iter().enumerate() {
            let source = modifier.source();
            check_source(&format!("{name} modifiers[{i}] ({source})"), source, &mut problems);
        }
    }
    // The documents' deadlines and duties, too.
    for file in rules::documents().unwrap() {
        for (field, source) in file.sources() {
            check_source(&format!("{} {field}", file.document.short), source, &mut problems);
        }
    }
    assert!(problems.is_empty(), "{} source problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_quote_in_the_docs_is_verbatim() {
    let seeds = all_seeds();
    let md = rules_md();
    let bad: Vec<String> = md
        .lines()
        .enumerate()
        .filter_map(|(n, l)| l.trim_start().strip_prefix("> ").map(|q| (n + 1, q.trim_end())))
        .filter(|(_, q)| !seeds.contains(q))
        .map(|(n, q)| format!("docs/rules.md line {n}: {q}"))
        .collect();
    assert!(bad.is_empty(), "quotes not found verbatim in any seed file:\n{}", bad.join("\n"));
}

#[test]
fn the_seed_copies_match_the_shared_originals_when_present() {
    let shared = manifest_dir().join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&shared) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        let copy = manifest_dir().join("tests/data/seeds").join(&name);
        assert_eq!(
            std::fs::read_to_string(&copy).unwrap_or_default(),
            std::fs::read_to_string(&path).unwrap(),
            "tests/data/seeds/{} differs from {}",
            name.to_string_lossy(),
            path.display()
        );
    }
}

fn invalid_fields(result: Result<Policy, Vec<PolicyError>>) -> Vec<String> {
    result
        .unwrap_err()
        .into_iter()
        .map(|e| match e {
            PolicyError::Invalid { field, .. } => field,
            other => panic!("expected PolicyError::Invalid, got {other:?}"),
        })
        .collect()
}

#[test]
fn a_percent_above_100_is_invalid_and_names_the_field() {
    let mut policy = rules::preset("changji-county").unwrap();
    policy.rules[0].minimum = Minimum::PercentPerQuarter { percent: Percent::whole(150) };
    let fields: Vec<String> = policy
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| match e {
            PolicyError::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(fields, ["rules[0].minimum.percent"]);

    // The same through JSON and TOML text.
    let json = serde_json::to_string(&policy).unwrap();
    assert_eq!(invalid_fields(Policy::from_json(&json)), ["rules[0].minimum.percent"]);
    let toml_text = toml::to_string(&policy).unwrap();
    assert_eq!(invalid_fields(Policy::from_toml(&toml_text)), ["rules[0].minimum.percent"]);
    let err = Policy::from_json(&json).unwrap_err()[0].to_string();
    assert!(err.contains("changji-county") && err.contains("rules[0].minimum.percent"), "{err}");
}

#[test]
fn a_one_to_zero_ratio_is_invalid_and_names_the_field() {
    let mut policy = rules::preset("changji-county").unwrap();
    let i = policy.rules.iter().position(|r| matches!(r.minimum, Minimum::InspectorRatioPerYear { .. })).unwrap();
    if let Minimum::InspectorRatioPerYear { objects_per_inspector, .. } = &mut policy.rules[i].minimum {
        *objects_per_inspector = PerInspector::whole(0);
    }
    let json = serde_json::to_string(&policy).unwrap();
    assert_eq!(invalid_fields(Policy::from_json(&json)), [format!("rules[{i}].minimum.objects_per_inspector")]);
}

#[test]
fn a_quarter_outside_validity_is_an_error() {
    let policy = rules::preset("changji-county").unwrap();
    let q = "2024Q1".parse().unwrap();
    match policy.check_validity(q) {
        Err(PolicyError::OutOfValidity { policy, quarter, .. }) => {
            assert_eq!(policy, "changji-county");
            assert_eq!(quarter, q);
        }
        other => panic!("expected OutOfValidity, got {other:?}"),
    }
    policy.check_validity("2023Q4".parse().unwrap()).unwrap();
    // Wangcheng starts on 2021-06-29: 2021Q1 is outside, 2021Q2 overlaps.
    let wangcheng = rules::preset("wangcheng").unwrap();
    assert!(matches!(wangcheng.check_validity("2021Q1".parse().unwrap()), Err(PolicyError::OutOfValidity { .. })));
    wangcheng.check_validity("2021Q2".parse().unwrap()).unwrap();
    // Zhongwei's list ends 2020-09-30.
    let zhongwei = rules::preset("zhongwei-positive-list").unwrap();
    assert!(matches!(zhongwei.check_validity("2020Q4".parse().unwrap()), Err(PolicyError::OutOfValidity { .. })));
}
