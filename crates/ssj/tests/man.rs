#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! `ssj man`: every page ssj(1) points to exists, one page per subcommand.

use std::process::Command;

fn ssj(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ssj")).args(args).output().unwrap()
}

#[test]
fn every_page_ssj_1_names_is_written() {
    let dir = std::env::temp_dir().join(format!("ssj-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = ssj(&["man", "--dir", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let top = String::from_utf8(ssj(&["man"]).stdout).unwrap();
    // roff writes ssj\-plan(1) for ssj-plan(1).
    let named: Vec<String> = top
        .split_whitespace()
        .filter_map(|w| w.strip_suffix("(1)"))
        .map(|w| w.replace("\\-", "-"))
        .filter(|w| w.starts_with("ssj-"))
        .collect();
    assert!(named.len() >= 20, "{named:?}");
    for name in &named {
        let page =
            std::fs::read_to_string(dir.join(format!("{name}.1"))).unwrap_or_else(|_| panic!("{name}.1 missing"));
        assert!(page.contains(&format!(".TH {name} 1")), "{name}.1: {}", &page[..200.min(page.len())]);
    }
    let plan = String::from_utf8(ssj(&["man", "plan"]).stdout).unwrap();
    assert_eq!(plan, std::fs::read_to_string(dir.join("ssj-plan.1")).unwrap());
    assert_eq!(ssj(&["man", "nothing"]).status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
