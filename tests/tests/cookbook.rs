#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! `docs/cookbook.md` never drifts from compiled, tested code: every
//! ```rust block of the cookbook must be, character for character, the
//! body of the test in `tests/cookbook_recipes.rs` that carries the same
//! `// recipe: <name>` marker (from the marker to the end of the function,
//! de-indented by four spaces), and every recipe test must be in the
//! cookbook.

use std::collections::BTreeMap;
use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn marker(line: &str) -> Option<&str> {
    line.trim().strip_prefix("// recipe: ").map(str::trim)
}

/// The ```rust blocks of the cookbook, by recipe name, in order.
fn cookbook_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() != "```rust" {
            continue;
        }
        let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim_end() != "```").collect();
        let name = body.first().and_then(|l| marker(l)).unwrap_or_else(|| {
            panic!("a ```rust block of docs/cookbook.md does not start with `// recipe: <name>`: {body:?}")
        });
        blocks.push((name.to_owned(), body.join("\n")));
    }
    blocks
}

/// The recipe bodies of the tests, by name.
fn recipe_bodies(source: &str) -> BTreeMap<String, String> {
    let lines: Vec<&str> = source.lines().collect();
    let mut recipes = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = marker(line) else { continue };
        assert!(line.starts_with("    // recipe: "), "marker not at the top level of a function: {line}");
        let header = lines[..i].iter().rev().take(2).copied().collect::<Vec<_>>();
        assert!(
            header.len() == 2 && header[0].starts_with("fn ") && header[1] == "#[test]",
            "the marker of {name} must be the first line of a #[test] fn"
        );
        let end = lines[i..].iter().position(|l| *l == "}").expect("function end") + i;
        let body: Vec<&str> = lines[i..end].iter().map(|l| l.strip_prefix("    ").unwrap_or(l)).collect();
        let previous = recipes.insert(name.to_owned(), body.join("\n"));
        assert!(previous.is_none(), "recipe {name} defined twice");
    }
    recipes
}

#[test]
fn every_cookbook_block_is_a_tested_recipe_verbatim() {
    let blocks = cookbook_blocks(&read("../docs/cookbook.md"));
    let recipes = recipe_bodies(&read("tests/cookbook_recipes.rs"));
    assert!(blocks.len() >= 5, "the cookbook has {} recipes", blocks.len());
    for (name, block) in &blocks {
        let body = recipes.get(name).unwrap_or_else(|| panic!("docs/cookbook.md recipe {name} has no test"));
        if block != body {
            let line = block.lines().zip(body.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "docs/cookbook.md recipe {name} differs from its test at line {}:\n  doc:  {:?}\n  test: {:?}",
                line + 1,
                block.lines().nth(line),
                body.lines().nth(line)
            );
        }
    }
    let documented: Vec<&String> = blocks.iter().map(|(n, _)| n).collect();
    for name in recipes.keys() {
        assert!(documented.contains(&name), "recipe test {name} is not in docs/cookbook.md");
    }
    assert_eq!(documented.len(), recipes.len(), "a recipe appears twice in docs/cookbook.md");
}

#[test]
fn the_drift_check_notices_a_changed_character() {
    let recipes = "#[test]\nfn a() -> R {\n    // recipe: a\n    let x = 1;\n    Ok(())\n}\n";
    let good = "```rust\n// recipe: a\nlet x = 1;\nOk(())\n```\n";
    let bodies = recipe_bodies(recipes);
    let blocks = cookbook_blocks(good);
    assert_eq!(blocks, [("a".to_owned(), bodies["a"].clone())]);
    let bad = cookbook_blocks(&good.replace("x = 1", "x = 2"));
    assert_ne!(bad[0].1, bodies["a"]);
}
