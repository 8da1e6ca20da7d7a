#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Office files as clerks keep them (docs/registry-format.md, "Files as
//! offices keep them"): a title above the header, columns of their own,
//! counties by name, codes a spreadsheet turned into numbers. Each case
//! writes a registry folder and reads it the way `ssj` does.

use std::path::{Path, PathBuf};

use shuangsuiji_io::read::{read_registry_with, Loaded, ReadErrors, ReadOptions};

const JURISDICTIONS: &str = "id,name,level,parent\n\
                             hj,昌吉州,prefecture,\n\
                             hj/htb,呼图壁县,county,hj\n\
                             hj/gx,高新区,park,hj\n\
                             hj/gx2,高新区,park,hj\n";

const INSPECTORS: &str = "编号,姓名,所属区域,角色,季度检查上限\nP1,张三,hj/htb,执法人员,8\nP2,李四,hj/htb,执法人员,8\n";

/// The one helper: a folder of the three files (`objects` as given, the
/// others as above unless given), read as `ssj --registry DIR` reads it.
fn read(
    tag: &str,
    objects: &str,
    inspectors: Option<&str>,
) -> Result<Loaded<shuangsuiji::model::Registry>, ReadErrors> {
    let dir = std::env::temp_dir().join(format!("ssj-office-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    write(&dir, "jurisdictions.csv", JURISDICTIONS);
    write(&dir, "objects.csv", objects);
    write(&dir, "inspectors.csv", inspectors.unwrap_or(INSPECTORS));
    let read = read_registry_with(&dir, &ReadOptions::default());
    std::fs::remove_dir_all(&dir).unwrap();
    read
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_title_block_extra_columns_and_county_names_read_as_the_clean_file() {
    let clean =
        read("clean", "id,name,jurisdiction,category\nO1,甲厂,hj/htb,重点\nO2,乙厂,hj/htb,一般\n", None).unwrap();
    let office = read(
        "office",
        "呼图壁县2023年污染源监管对象库,,,,,\n\
         制表日期：2023年3月1日,,,,,\n\
         序号,统一社会信用代码,单位名称,所属区域,监管类别,备注\n\
         1,O1,甲厂,呼图壁县,重点,新增\n\
         2,O2,乙厂,呼图壁县,一般,\n",
        None,
    )
    .unwrap();
    assert_eq!(office.value, clean.value);
    let notices: Vec<String> = office.notices.iter().map(|n| n.message.clone()).collect();
    let expected = [
        "rows 1–2 above the header taken for a title and skipped: `呼图壁县2023年污染源监管对象库 制表日期：2023年3月1日`",
        "ignored the columns `序号`, `备注`: not among the library's (see docs/registry-format.md; an attribute of the bureau's own is read from a column `attr:NAME` (属性:名称))",
        "jurisdictions given by name in the libraries, read as their ids: 呼图壁县 → `hj/htb` (2 rows)",
    ];
    assert_eq!(notices, expected);
}

/// Each case: the objects file, and the start of every error it gives.
#[test]
fn office_faults_are_named_with_their_fix() {
    let header = "统一社会信用代码,单位名称,所属区域,监管类别\n";
    let cases: &[(&str, String, &[&str])] = &[
        (
            "a name two jurisdictions have",
            format!("{header}O1,甲厂,高新区,重点\n"),
            &["objects.csv:2 (id \"O1\"), column `所属区域` (jurisdiction): `高新区` is the name of 2 jurisdictions (`hj/gx`, `hj/gx2`); give the id of the one meant"],
        ),
        (
            "a name no jurisdiction has",
            format!("{header}O1,甲厂,玛纳斯县,重点\n"),
            &["objects.csv:2 (id \"O1\"), column `所属区域` (jurisdiction): unknown jurisdiction `玛纳斯县`: neither the id nor the name of one in the jurisdiction tree (it has `hj` 昌吉州, `hj/htb` 呼图壁县, `hj/gx` 高新区, `hj/gx2` 高新区)"],
        ),
        (
            "a code in scientific notation",
            format!("{header}9.16523E+17,甲厂,hj/htb,重点\nO2,乙厂,hj/htb,一般\n"),
            &["objects.csv:2 (id \"9.16523E+17\"), column `统一社会信用代码` (id): `9.16523E+17` is a number in scientific notation: a spreadsheet turned the code into a number; set the column's format to 文本 (Text)"],
        ),
        (
            "a column of codes rounded to 15 digits",
            format!("{header}916523230000000000,甲厂,hj/htb,重点\n916523231234570000,乙厂,hj/htb,一般\n"),
            &[
                "objects.csv:2 (id \"916523230000000000\"), column `统一社会信用代码` (id): `916523230000000000` has only its first 15 digits",
                "objects.csv:3 (id \"916523231234570000\"), column `统一社会信用代码` (id): `916523231234570000` has only its first 15 digits",
            ],
        ),
    ];
    for (what, objects, expected) in cases {
        let errors = read(what, objects, None).expect_err(what);
        let got: Vec<String> = errors.errors().iter().map(|e| e.to_string()).collect();
        assert_eq!(got.len(), expected.len(), "{what}: {got:#?}");
        for (got, expected) in got.iter().zip(expected.iter()) {
            let got = &got[got.find("objects.csv").unwrap()..];
            assert!(got.starts_with(expected), "{what}:\n got {got}\nwant {expected}");
        }
    }
}

#[test]
fn a_whole_column_of_mangled_codes_is_one_line_not_two_hundred() {
    let mut objects = "统一社会信用代码,单位名称,所属区域,监管类别\n".to_owned();
    for i in 0..200 {
        objects.push_str(&format!("9.16523E+17,厂{i},hj/htb,一般\n"));
    }
    let shown = read("column", &objects, None).unwrap_err().to_string();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 1, "{shown}");
    assert!(lines[0].contains("column `统一社会信用代码` (id): 200 lines, first lines 2, 3, 4"), "{shown}");
    assert!(lines[0].contains("文本"), "{shown}");
}

#[test]
fn dates_as_offices_export_them_are_read() {
    let header = "统一社会信用代码,单位名称,所属区域,监管类别,最近违法日期\n";
    for (cell, date) in [
        ("2023-05-06", "2023-05-06"),
        ("2023/5/6", "2023-05-06"),
        ("2023年5月6日", "2023-05-06"),
        ("2023-05-06 00:00:00", "2023-05-06"),
        ("45052", "2023-05-06"),
    ] {
        let registry = read("dates", &format!("{header}O1,甲厂,hj/htb,重点,{cell}\n"), None).unwrap().value;
        assert_eq!(registry.objects[0].last_violation.unwrap().to_string(), date, "{cell}");
    }
}

/// Two libraries and the bureau's name read as the three tables would:
/// the tree made is the bureau (a county under a placeholder prefecture)
/// and the areas the libraries name, a park's name read as a park.
#[test]
fn two_libraries_and_the_bureau_read_as_three_tables() {
    let dir = std::env::temp_dir().join(format!("ssj-office-two-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    write(
        &dir,
        "objects.csv",
        "统一社会信用代码,单位名称,所属区域,监管类别\nO1,甲厂,呼图壁县,重点\nO2,乙厂,呼图壁工业园区,特殊\n",
    );
    write(
        &dir,
        "inspectors.csv",
        "编号,姓名,所属区域,角色,季度检查上限\nP1,张三,呼图壁县,执法人员,8\nP2,李四,呼图壁县,执法人员,8\n",
    );
    let without = read_registry_with(&dir, &ReadOptions::default()).unwrap_err().to_string();
    assert!(without.contains("jurisdictions.csv: cannot read the file") && without.contains("--bureau"), "{without}");
    let bureau: shuangsuiji_io::read::Bureau = "呼图壁县".parse().unwrap();
    let options = ReadOptions { bureau: Some(bureau), ..ReadOptions::default() };
    let two = read_registry_with(&dir, &options).unwrap();
    write(
        &dir,
        "jurisdictions.csv",
        "id,name,level,parent\n上级,上级,prefecture,\n呼图壁县,呼图壁县,county,上级\n呼图壁工业园区,呼图壁工业园区,park,上级\n",
    );
    let three = read_registry_with(&dir, &ReadOptions::default()).unwrap();
    // With a table, the table is read and the bureau not needed.
    let both = read_registry_with(&dir, &options).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(two.value, three.value);
    assert_eq!(both.value, three.value);
    let said: Vec<String> = two.notices.iter().map(|n| n.message.clone()).collect();
    assert!(said.iter().any(|n| n.contains("`呼图壁工业园区` (park)")), "{said:?}");
    assert!(
        "昌吉州:prefecture".parse::<shuangsuiji_io::read::Bureau>().unwrap().level
            == shuangsuiji::model::Level::Prefecture
    );
    assert!(":county".parse::<shuangsuiji_io::read::Bureau>().is_err());
    assert!("某地:省".parse::<shuangsuiji_io::read::Bureau>().is_err());
}
