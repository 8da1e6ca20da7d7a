#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The message catalogue (`crates/io/messages/zh.toml`): every entry said
//! in both languages, and every problem a corpus of bad files gives read
//! under Chinese with no English sentence left.

use std::path::Path;

use shuangsuiji_io::messages::{catalogue, fill, has_english_sentence, localize, matches, Catalogue, Lang, CATALOGUE};
use shuangsuiji_io::read::{read_registry_with, ReadOptions};

/// Every entry: its Chinese uses each value once at least and no other,
/// holds no English sentence, and is what its English, filled with
/// values, becomes.
#[test]
fn every_entry_says_its_english_in_chinese() {
    let parsed: Catalogue = toml::from_str(CATALOGUE).expect("the catalogue reads");
    assert!(parsed.messages.len() >= 100, "{} entries", parsed.messages.len());
    let mut seen = std::collections::BTreeSet::new();
    for entry in &catalogue().messages {
        assert!(seen.insert(&entry.en), "twice in the catalogue: {}", entry.en);
        let n = entry.en.matches("{}").count();
        for i in 1..=n {
            assert!(entry.zh.contains(&format!("{{{i}}}")), "{:?} lacks {{{i}}}", entry.zh);
        }
        assert!(!entry.zh.contains(&format!("{{{}}}", n + 1)), "{:?} has a value too many", entry.zh);
        assert!(!has_english_sentence(&entry.zh), "English left in {:?}", entry.zh);
        let values: Vec<String> = (1..=n).map(|i| format!("甲{i}")).collect();
        let mut en = entry.en.clone();
        for v in &values {
            en = en.replacen("{}", v, 1);
        }
        assert!(matches(&entry.en, &en).is_some(), "{:?} does not match itself", entry.en);
        assert_eq!(localize(Lang::Zh, &en), fill(&entry.zh, &values), "for {en:?}");
        assert_eq!(localize(Lang::En, &en), en);
    }
    for (en, zh) in &catalogue().words {
        assert!(!has_english_sentence(zh), "{en} → {zh}");
    }
}

#[test]
fn the_sentence_test_finds_english_and_spares_values() {
    assert!(has_english_sentence("unknown jurisdiction `x`"));
    assert!(has_english_sentence("未知区域：not found"));
    assert!(!has_english_sentence("objects.csv 第 3 行，列 `所属区域`（jurisdiction）：未知区域 `Hutubi county`"));
    assert!(!has_english_sentence("请给出 --registry（JSON 文件或 CSV 目录）"));
}

const JURISDICTIONS: &str = "id,name,level,parent\nhj,昌吉州,prefecture,\nhj/htb,呼图壁县,county,hj\n";
const INSPECTORS: &str = "编号,姓名,所属区域,角色,季度检查上限\nP1,张三,hj/htb,执法人员,8\nP2,李四,hj/htb,执法人员,8\n";

/// Bad registries a clerk makes, each a folder of files (those not given
/// as above): a name, the objects file, and the inspectors file.
const CORPUS: &[(&str, &str, Option<&str>)] = &[
    ("unknown county", "id,name,jurisdiction,category\nO1,甲厂,呼图壁,重点\n", None),
    ("a county's name on many rows", "id,name,jurisdiction,category\nO1,甲,呼图,重点\nO2,乙,呼图,重点\nO3,丙,呼图,重点\nO4,丁,呼图,重点\nO5,戊,呼图,重点\n", None),
    ("a category of its own", "id,name,jurisdiction,category\nO1,甲厂,hj/htb,重点监控企业\n", None),
    ("no category column", "统一社会信用代码,单位名称,所属区域,备注\nO1,甲厂,hj/htb,\n", None),
    ("a duplicate id", "id,name,jurisdiction,category\nO1,甲厂,hj/htb,重点\nO1,乙厂,hj/htb,一般\n", None),
    ("scientific notation", "id,name,jurisdiction,category\n9.16523E+17,甲厂,hj/htb,重点\n", None),
    ("a bad date", "id,name,jurisdiction,category,positive_list_from\nO1,甲厂,hj/htb,重点,2023-13-45\n", None),
    ("a blank name", "id,name,jurisdiction,category\nO1,,hj/htb,重点\n", None),
    ("a title, columns of its own", "对象库,,,,\n序号,id,name,jurisdiction,category,备注\n1,O1,甲厂,hj/htb,重点,\n1,O2,乙厂,hj/htb,特殊,\n", Some("编号,姓名,所属区域,角色,季度检查上限\nP1,张三,hj/htb,执法人,8\nP2,李四,hj/htb,执法人员,0\n")),
    ("semicolons", "id;name;jurisdiction;category\nO1;甲厂;hj/htb;重点\n", None),
    ("a bad yes/no", "id,name,jurisdiction,category,on_post\nO1,甲厂,hj/htb,重点,也许\n", Some("编号,姓名,所属区域,角色,季度检查上限,在岗\nP1,张三,hj/htb,执法人员,8,也许\n")),
];

/// Every problem and notice of the corpus, read under Chinese: no English
/// sentence is left in any line.
#[test]
fn every_problem_of_the_corpus_reads_in_chinese() {
    let mut lines = 0;
    for (name, objects, inspectors) in CORPUS {
        let dir = std::env::temp_dir().join(format!("ssj-messages-{}-{}", name.replace(' ', "-"), std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        write(&dir, "jurisdictions.csv", JURISDICTIONS);
        write(&dir, "objects.csv", objects);
        write(&dir, "inspectors.csv", inspectors.unwrap_or(INSPECTORS));
        let text = match read_registry_with(&dir, &ReadOptions::default()) {
            Ok(loaded) => loaded.notices.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
            Err(e) => e.to_string(),
        };
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!text.is_empty(), "{name}: nothing said");
        let zh = localize(Lang::Zh, &text);
        for line in zh.lines() {
            lines += 1;
            assert!(!has_english_sentence(line), "{name}: English left in\n  {line}\nfrom\n  {text}");
        }
    }
    assert!(lines >= CORPUS.len());
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// What the matching must not do: take a message's head for the whole of
/// it, translate a value the file holds, fill a value into another, hear
/// `zh;q=0` as asking for Chinese.
#[test]
fn the_catalogue_keeps_what_it_must_keep() {
    // A constant entry matches the whole message only.
    assert!(matches("trailing characters", "trailing characters (line 3, column 2)").is_none());
    let zh = localize(Lang::Zh, "x.json:3: trailing characters (line 3, column 2)");
    assert!(zh.contains("（第 3 行，第 2 列）"), "{zh}");
    // A value in backticks is what the file holds: not a word to translate.
    assert_eq!(localize(Lang::Zh, "missing field `level`"), "缺少字段 `level`");
    // One pass: a value holding `{1}` stays as it is.
    assert_eq!(fill("甲{1}乙{2}", &["{2}".to_owned(), "丙".to_owned()]), "甲{2}乙丙");
    assert_eq!(fill("{3}{", &["a".to_owned()]), "{3}{");
    assert_eq!(Lang::from_tag("zh;q=0, en"), Lang::En);
    assert_eq!(Lang::from_tag("fr, zh-CN;q=0.8"), Lang::Zh);
    assert_eq!(Lang::from_tag(""), Lang::En);
}
