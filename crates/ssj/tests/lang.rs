#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! `--lang zh` is Chinese throughout: an input error, a note, `check`'s
//! breaches and `verify`'s differences hold no English sentence; without
//! it the same words are English.

use std::path::Path;
use std::process::{Command, Output};

use shuangsuiji_io::messages::has_english_sentence;

fn ssj(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ssj")).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn folder(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ssj-lang-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, body: &str) {
    std::fs::write(dir.join(name), body).unwrap();
}

/// A clerk's workbook export with every common fault: a mangled code, a
/// category of its own, a county's name misspelt, a role misspelt.
#[test]
fn an_input_error_under_lang_zh_has_no_english_sentence() {
    let dir = folder("input");
    write(&dir, "jurisdictions.csv", "id,name,level,parent\nhj,昌吉州,prefecture,\nhj/htb,呼图壁县,county,hj\n");
    write(
        &dir,
        "objects.csv",
        "对象库,,,,,\n序号,统一社会信用代码,单位名称,所属区域,监管类别,备注\n\
         1,9.16523E+17,甲厂,呼图壁,重点监控企业,\n2,O2,乙厂,hj/htb,特殊,\n",
    );
    write(
        &dir,
        "inspectors.csv",
        "编号,姓名,所属区域,角色,季度检查上限\nP1,张三,hj/htb,执法人,8\nP2,李四,hj/htb,执法人员,0\n",
    );
    let registry = dir.to_str().unwrap();
    let args = ["quotas", "--registry", registry, "--policy", "changji-county", "--quarter", "2023Q2"];
    let zh = ssj(&[&args[..], &["--lang", "zh"]].concat());
    assert_eq!(zh.status.code(), Some(2));
    let said = text(&zh.stderr);
    for line in said.lines() {
        assert!(!has_english_sentence(line), "English in\n  {line}\nof\n{said}");
    }
    for words in
        ["科学计数法", "文本", "不是有效的类别", "未知区域 `呼图壁`", "不是有效的人员类型", "每季度检查能力为 0"]
    {
        assert!(said.contains(words), "no {words} in\n{said}");
    }
    let en = text(&ssj(&args).stderr);
    assert!(en.contains("is a number in scientific notation") && en.contains("unknown jurisdiction"), "{en}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A plan with a company swapped and a team cut: `check` and `verify`
/// name each finding in Chinese.
#[test]
fn findings_under_lang_zh_are_chinese() {
    let dir = folder("findings");
    let (plan, request) = (dir.join("plan.json"), dir.join("request.json"));
    let out = ssj(&[
        "plan",
        "--demo",
        "--out",
        plan.to_str().unwrap(),
        "--save-request",
        request.to_str().unwrap(),
        "--report",
        dir.join("r.html").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut edited: serde_json::Value = serde_json::from_slice(&std::fs::read(&plan).unwrap()).unwrap();
    edited["tasks"][0]["object"] = "CJ-CJS-99999".into();
    let officers = edited["tasks"][2]["visit"]["officers"].as_array_mut().unwrap();
    officers.truncate(1);
    let bad = dir.join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&edited).unwrap()).unwrap();
    let (bad, request) = (bad.to_str().unwrap(), request.to_str().unwrap());
    let check = ssj(&["check", "--plan", bad, "--request", request, "--lang", "zh"]);
    let verify = ssj(&["verify", "--plan", bad, "--request", request, "--lang", "zh"]);
    for (what, out) in [("check", &check), ("verify", &verify)] {
        assert_eq!(out.status.code(), Some(1), "{what}");
        let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
        // The rule's own wording is the policy's (its document cited in it).
        for line in said.lines().filter(|l| !l.contains("per quarter")) {
            assert!(!has_english_sentence(line), "{what}: English in\n  {line}\nof\n{said}");
        }
        assert!(said.contains("CJ-CJS-99999"), "{what}: {said}");
    }
    assert!(text(&check.stdout).contains("至少需要 2 名"));
    assert!(text(&verify.stderr).contains("计划中有该任务，请求却没有抽出"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `rules` for people in Chinese: every line but the documents' own
/// sentences (「…」) and the project's readings (written in English,
/// docs/rules.md) is Chinese.
#[test]
fn rules_under_lang_zh_are_chinese() {
    for args in [
        &["rules", "--lang", "zh"][..],
        &["rules", "changji-county", "--lang", "zh"],
        &["rules", "fengdu", "--lang", "zh"],
    ] {
        let out = ssj(args);
        let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(!said.trim().is_empty(), "{args:?}");
        for line in said.lines().filter(|l| !l.contains('「') && !l.contains("解读（项目说明）")) {
            assert!(!has_english_sentence(line), "{args:?}: English in\n  {line}\nof\n{said}");
        }
    }
    let en = text(&ssj(&["rules", "changji-county"]).stdout);
    assert!(en.contains("valid 2023-01-01 to 2023-12-31") && en.contains("pollution/key"), "{en}");
}

/// `ssj plan --help --lang zh` and the other main commands: every flag's
/// help is Chinese, from the catalogue.
#[test]
fn the_main_commands_help_in_chinese() {
    let cmd = ssj::cli::command_in(shuangsuiji_io::messages::Lang::Zh);
    let mut missing = Vec::new();
    for text in cmd.get_arguments().filter_map(|a| a.get_help()).map(ToString::to_string) {
        if has_english_sentence(&text) {
            missing.push(text);
        }
    }
    for name in ssj::cli::HELP_IN_CHINESE {
        let sub = cmd.find_subcommand(name).unwrap();
        let texts = sub.get_about().into_iter().chain(sub.get_arguments().filter_map(|a| a.get_help()));
        for text in texts.map(ToString::to_string) {
            if has_english_sentence(&text) && !missing.contains(&text) {
                missing.push(text);
            }
        }
    }
    assert!(missing.is_empty(), "help with no Chinese in the catalogue:\n{}", missing.join("\n"));
    let out = ssj(&["plan", "--help", "--lang", "zh"]);
    assert!(text(&out.stdout).contains("--registry"), "{}", text(&out.stdout));
}
