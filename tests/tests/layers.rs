#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The layer rule of `ARCHITECTURE.md`, checked on the sources.
//!
//! Each crate's modules are grouped into layers (the folders of the core:
//! `model`, `rules`, …). A module may use modules of its own layer and of
//! the layers listed before it, never one listed after it, and no chain of
//! uses may come back to where it started. The check reads the `use` paths
//! and qualified paths of library code (everything before a file's
//! `#[cfg(test)]`; comments skipped):
//!
//! * `crate::a::b::…` and `super::…` resolve to the longest module prefix;
//! * inside a folder, a sibling is named (`super::quota::QuotaLine`), not
//!   reached through the folder's façade (`crate::plan::QuotaLine`), so a
//!   circle between siblings cannot hide behind a re-export;
//! * a folder's `mod.rs` re-exporting its own children (`pub use`) is its
//!   public face, not a dependency; any other use of a child is.
//!
//! `forbidden_uses_are_caught` shows that the check fails where it should.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers of each checked crate, lowest first, and the folders whose
/// modules may not use each other (one command never calls another).
const CRATES: &[(&str, &[&str], &[&str])] = &[
    (
        "crates/shuangsuiji/src",
        &["model", "rules", "calendar", "request", "plan", "audit", "publish", "analysis", "sample"],
        &[],
    ),
    ("crates/io/src", &["read", "messages", "template", "synth", "write"], &[]),
    ("crates/ssj/src", &["output", "report", "table", "input", "commands", "cli"], &["commands"]),
];

#[test]
fn every_crate_keeps_its_layers_and_has_no_import_circles() {
    for (dir, layers, isolated) in CRATES {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
        let files = read_tree(&root);
        assert!(files.len() >= 3, "{dir}: no sources found under {}", root.display());
        let problems = check(&files, layers, isolated);
        assert!(problems.is_empty(), "{dir}: the layer rule of ARCHITECTURE.md is broken:\n{}", problems.join("\n"));
    }
}

#[test]
fn forbidden_uses_are_caught() {
    let tree = |extra: &[(&str, &str)]| -> BTreeMap<String, String> {
        let mut files: BTreeMap<String, String> = [
            ("lib.rs", "pub mod model; pub mod plan; pub mod audit;"),
            ("model/mod.rs", "mod records;\npub use records::*;"),
            ("model/records.rs", "pub struct Id;"),
            ("plan/mod.rs", "pub mod draw;\npub mod quota;\npub use quota::Line;"),
            ("plan/draw.rs", "use crate::model::Id;"),
            ("plan/quota.rs", "use super::draw::Ticket;\npub struct Line;"),
            ("audit/mod.rs", "pub mod verify;"),
            ("audit/verify.rs", "use crate::plan::Line;\nuse crate::model::{Id, records::Id as I};"),
        ]
        .into_iter()
        .map(|(p, s)| (p.to_owned(), s.to_owned()))
        .collect();
        for (path, text) in extra {
            files.insert((*path).to_owned(), (*text).to_owned());
        }
        files
    };
    let layers = ["model", "plan", "audit"];
    assert_eq!(check(&tree(&[]), &layers, &[]), Vec::<String>::new(), "the clean tree passes");

    let upward = tree(&[("plan/draw.rs", "use crate::model::Id;\nuse crate::audit::verify::check;")]);
    let problems = check(&upward, &layers, &[]);
    assert!(problems.iter().any(|p| p.contains("plan::draw uses audit::verify")), "{problems:?}");

    let grouped = tree(&[("model/records.rs", "use crate::{plan::{draw, quota::Line}};")]);
    assert_eq!(check(&grouped, &layers, &[]).len(), 2, "both paths of a nested group are seen");

    let circle = tree(&[("plan/draw.rs", "use super::quota::Line;\npub struct Ticket;")]);
    let problems = check(&circle, &layers, &[]);
    assert!(problems.iter().any(|p| p.contains("circle") && p.contains("plan::draw")), "{problems:?}");

    let facade = tree(&[("plan/draw.rs", "fn f() -> crate::plan::Line { todo() }")]);
    let problems = check(&facade, &layers, &[]);
    assert!(problems.iter().any(|p| p.contains("name the sibling")), "{problems:?}");

    let child_use = tree(&[("plan/mod.rs", "pub mod draw;\npub mod quota;\nfn f() { quota::g() }")]);
    let with_back = {
        let mut t = child_use.clone();
        t.insert("plan/quota.rs".into(), "use super::f;".into());
        t
    };
    assert!(check(&child_use, &layers, &[]).is_empty(), "a parent may call its child");
    assert!(check(&with_back, &layers, &[]).iter().any(|p| p.contains("circle")), "…but not when the child calls back");

    let in_tests =
        tree(&[("plan/draw.rs", "use crate::model::Id;\n#[cfg(test)]\nmod tests { use crate::audit::verify; }")]);
    assert!(check(&in_tests, &layers, &[]).is_empty(), "test code may use any layer");

    let sibling = tree(&[("plan/draw.rs", "use crate::model::Id;")]);
    assert!(
        check(&sibling, &layers, &["plan"]).iter().any(|p| p.contains("plan::quota uses plan::draw")),
        "isolated siblings"
    );

    let unknown = tree(&[("extra/mod.rs", "")]);
    assert!(check(&unknown, &layers, &[]).iter().any(|p| p.contains("not in the layer table")));
}

/// Every `.rs` file under `root`, by path relative to it (`/`-separated).
fn read_tree(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(relative, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

/// The module path of a file: `plan/mod.rs` → `plan`, `plan/draw.rs` →
/// `plan::draw`, `lib.rs` → `` (the root); `None` for a binary's `main.rs`.
fn module_of(file: &str) -> Option<String> {
    let stem = file.strip_suffix(".rs")?;
    match stem {
        "lib" => Some(String::new()),
        "main" => None,
        _ => Some(stem.strip_suffix("/mod").unwrap_or(stem).replace('/', "::")),
    }
}

fn parent(module: &str) -> &str {
    module.rfind("::").map_or("", |i| &module[..i])
}

fn layer(module: &str) -> &str {
    module.split("::").next().unwrap_or("")
}

/// Library code of a file: before `#[cfg(test)]`, with `//` comments cut.
fn library_code(text: &str) -> String {
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths starting at `text` (which follows a `crate::`/`super::`):
/// `a::b::C` → [[a, b, C]]; `a::{b, c::{d, self}}` → [[a, b], [a, c, d], [a, c]].
fn paths(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        return split_group(group).into_iter().flat_map(paths).collect();
    }
    let ident: String = text.chars().take_while(|c| is_ident(*c)).collect();
    if ident.is_empty() {
        return vec![Vec::new()];
    }
    let rest = &text[ident.len()..];
    let tail = match rest.trim_start().strip_prefix("::") {
        Some(after) => paths(after),
        None => vec![Vec::new()],
    };
    tail.into_iter()
        .map(|t| if ident == "self" { t } else { std::iter::once(ident.clone()).chain(t).collect() })
        .collect()
}

/// The top-level comma-separated parts of a `{…}` group (the text after
/// its `{`), up to its closing brace.
fn split_group(text: &str) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0, 0, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                parts.push(&text[start..i]);
                return parts;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// One use of another module: the target, and the first segment of the
/// path that is not a module (the item used, if any).
struct Use {
    target: String,
    item: Option<String>,
}

/// The longest known module prefix of `base::path`.
fn resolve(modules: &BTreeSet<String>, base: &str, path: &[String]) -> Use {
    let mut target = base.to_owned();
    let mut consumed = 0;
    for (i, segment) in path.iter().enumerate() {
        let candidate = if target.is_empty() { segment.clone() } else { format!("{target}::{segment}") };
        if !modules.contains(&candidate) {
            break;
        }
        target = candidate;
        consumed = i + 1;
    }
    Use { item: path.get(consumed).cloned(), target }
}

/// Every module `module`'s code uses, by `crate::`, `super::` and (for a
/// parent) its children's names.
fn uses(modules: &BTreeSet<String>, module: &str, code: &str) -> Vec<Use> {
    let mut out = Vec::new();
    for (start, _) in code.char_indices() {
        let rest = &code[start..];
        if code[..start].chars().next_back().is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        let (mut base, mut after) = if let Some(a) = rest.strip_prefix("crate::") {
            (String::new(), a)
        } else if let Some(a) = rest.strip_prefix("super::") {
            (parent(module).to_owned(), a)
        } else {
            continue;
        };
        while let Some(a) = after.strip_prefix("super::") {
            base = parent(&base).to_owned();
            after = a;
        }
        out.extend(paths(after).iter().map(|p| resolve(modules, &base, p)));
    }
    // A parent's own uses of its children (`quota::lines(…)`), but not its
    // re-exports (`pub use quota::Line;`) nor its declarations.
    let children: Vec<&String> = modules.iter().filter(|m| parent(m) == module && *m != module).collect();
    for statement in code.split(';') {
        let statement = statement.trim();
        if statement.starts_with("pub use") || statement.starts_with("pub(crate) use") || statement.contains(" mod ") {
            continue;
        }
        for child in &children {
            let name = child.rsplit("::").next().unwrap_or(child);
            let called = statement
                .match_indices(&format!("{name}::"))
                .any(|(i, _)| !statement[..i].chars().next_back().is_some_and(|c| is_ident(c) || c == ':'));
            if called {
                out.push(Use { target: (*child).clone(), item: None });
            }
        }
    }
    out
}

/// Every breach of the layer rule in `files`, as sentences.
fn check(files: &BTreeMap<String, String>, layers: &[&str], isolated: &[&str]) -> Vec<String> {
    let modules: BTreeSet<String> = files.keys().filter_map(|f| module_of(f)).collect();
    let rank = |m: &str| layers.iter().position(|l| *l == layer(m));
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in files {
        let Some(module) = module_of(file) else { continue };
        if module.is_empty() {
            continue; // the crate root declares the layers and re-exports
        }
        let Some(own) = rank(&module) else {
            problems.push(format!(
                "{file}: `{}` is not in the layer table; add it to ARCHITECTURE.md and this test",
                layer(&module)
            ));
            continue;
        };
        for u in uses(&modules, &module, &library_code(text)) {
            if u.target == module {
                continue;
            }
            if u.target.is_empty() {
                problems.push(format!("{module} uses the crate root; name the module that defines the item"));
                continue;
            }
            match rank(&u.target) {
                Some(theirs) if theirs > own => {
                    problems.push(format!(
                        "{module} uses {} (layer `{}` is above `{}`)",
                        u.target,
                        layer(&u.target),
                        layer(&module)
                    ));
                }
                Some(_) if isolated.contains(&layer(&module)) && layer(&u.target) == layer(&module) => {
                    problems.push(format!(
                        "{module} uses {}: the modules of `{}` stand alone",
                        u.target,
                        layer(&module)
                    ));
                }
                Some(_) if u.target == layer(&module) && !defines(files, &u.target, u.item.as_deref()) => {
                    let item = u.item.as_deref().unwrap_or("");
                    problems.push(format!(
                        "{module} takes `{item}` from its own folder's façade `{}`: name the sibling module that defines it",
                        u.target
                    ));
                }
                _ => {}
            }
            graph.entry(module.clone()).or_default().insert(u.target);
        }
    }
    problems.extend(circles(&graph));
    problems
}

/// Whether the file of `module` itself defines `item` (rather than
/// re-exporting it from a child).
fn defines(files: &BTreeMap<String, String>, module: &str, item: Option<&str>) -> bool {
    let Some(item) = item else { return true };
    let file = format!("{}/mod.rs", module.replace("::", "/"));
    let code = files.get(&file).map(|t| library_code(t)).unwrap_or_default();
    ["struct", "enum", "fn", "type", "const", "static", "trait"]
        .iter()
        .any(|kind| code.contains(&format!("{kind} {item}")))
}

/// One sentence per import circle found by a depth-first search.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        out: &mut Vec<String>,
    ) {
        if let Some(i) = stack.iter().position(|n| *n == node) {
            let mut circle: Vec<&str> = stack[i..].to_vec();
            circle.push(node);
            out.push(format!("import circle: {}", circle.join(" → ")));
            return;
        }
        if !done.insert(node) {
            return;
        }
        stack.push(node);
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, stack, done, out);
        }
        stack.pop();
    }
    let (mut done, mut out) = (BTreeSet::new(), Vec::new());
    for node in graph.keys() {
        visit(node, graph, &mut Vec::new(), &mut done, &mut out);
    }
    out
}
