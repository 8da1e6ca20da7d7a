#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The demo registry saved as an office keeps it: one workbook per library,
//! a merged title row above the header, 序号 and 备注 columns, Chinese
//! headers, counties and parks by name. `ssj quotas` must give the same
//! minimums as from the clean CSV files, and say what it skipped.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use shuangsuiji_io::synth::demo_prefecture;
use shuangsuiji_io::write::registry_csv;

/// The Chinese header an office writes for each column the CSV files have.
const CHINESE: &[(&str, &str)] = &[
    ("id", "统一社会信用代码"),
    ("name", "单位名称"),
    ("jurisdiction", "所属区域"),
    ("category", "监管类别"),
    ("status", "状态"),
    ("radiation", "辐射类别"),
    ("hazardous_waste", "危废类别"),
    ("industry", "行业"),
    ("emission_type", "排污类型"),
    ("scale", "生产规模"),
    ("monitoring", "监控类型"),
    ("weather_grade", "绩效分级"),
    ("tags", "标签"),
    ("positive_list_from", "正面清单起"),
    ("positive_list_until", "正面清单止"),
    ("credit", "信用等级"),
    ("last_violation", "最近违法日期"),
    ("online_monitoring_stable", "在线监控稳定"),
    ("complaints", "投诉次数"),
    ("role", "角色"),
    ("on_post", "在编在岗"),
    ("expertise", "专长"),
    ("department", "部门"),
    ("years_of_service", "工作年限"),
    ("recusals", "回避"),
    ("quarterly_capacity", "季度检查上限"),
    ("level", "级别"),
    ("parent", "上级"),
];

/// One library's CSV text saved as an office's workbook.
fn office_workbook(path: &Path, title: &str, csv_text: &str, names: &HashMap<String, String>) {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let width = header.len() as u16 + 2;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    sheet.merge_range(0, 0, 0, width - 1, title, &bold).unwrap();
    sheet.write_string(1, 0, "序号").unwrap();
    for (c, h) in header.iter().enumerate() {
        let chinese = CHINESE.iter().find(|(en, _)| en == h).map_or(h.as_str(), |(_, zh)| zh);
        // The tree's own ids stay ids; the libraries name their units.
        let chinese = if title.contains("区域") && h == "id" { "区域代码" } else { chinese };
        let chinese = if title.contains("区域") && h == "name" { "区域名称" } else { chinese };
        let chinese = if title.contains("人员") && h == "id" { "执法证号" } else { chinese };
        let chinese = if title.contains("人员") && h == "name" { "姓名" } else { chinese };
        sheet.write_string(1, c as u16 + 1, chinese).unwrap();
    }
    sheet.write_string(1, width - 1, "备注").unwrap();
    for (r, row) in reader.records().enumerate() {
        let row = row.unwrap();
        let line = r as u32 + 2;
        sheet.write_number(line, 0, r as f64 + 1.0).unwrap();
        for (c, (value, h)) in row.iter().zip(&header).enumerate() {
            let value = if h == "jurisdiction" { names.get(value).map_or(value, String::as_str) } else { value };
            sheet.write_string(line, c as u16 + 1, value).unwrap();
        }
        if r % 7 == 0 {
            sheet.write_string(line, width - 1, "2023年复查").unwrap();
        }
    }
    book.save(path).unwrap();
}

fn quotas(registry: &Path) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ssj"))
        .args(["quotas", "--policy", "changji-county", "--quarter", "2023Q3", "--registry"])
        .arg(registry)
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    assert!(out.status.success(), "{}: {stderr}", registry.display());
    (stdout, stderr)
}

#[test]
fn the_demo_saved_as_office_workbooks_gives_the_same_quotas_as_the_clean_csvs() {
    let dir = tempfile::tempdir().unwrap();
    let (clean, office) = (dir.path().join("clean"), dir.path().join("office"));
    std::fs::create_dir_all(&clean).unwrap();
    std::fs::create_dir_all(&office).unwrap();
    let registry = demo_prefecture();
    let names: HashMap<String, String> =
        registry.jurisdictions.iter().map(|j| (j.id.clone(), j.name.clone())).collect();
    let titles = [
        ("jurisdictions", "昌吉州行政区域（区域库）"),
        ("objects", "昌吉州2023年污染源监管对象库"),
        ("inspectors", "昌吉州生态环境执法人员名录库（人员库）"),
    ];
    for ((file, text), (stem, title)) in registry_csv(&registry).iter().zip(titles) {
        std::fs::write(clean.join(file), text).unwrap();
        office_workbook(&office.join(format!("{stem}.xlsx")), title, text, &names);
    }

    let (from_csv, _) = quotas(&clean);
    let (from_office, notices) = quotas(&office);
    assert_eq!(from_office, from_csv);
    assert!(from_csv.lines().count() > 10, "{from_csv}");
    for said in [
        "row 1 above the header taken for a title and skipped: `昌吉州2023年污染源监管对象库`",
        "ignored the columns `序号`, `备注`",
        "jurisdictions given by name in the libraries, read as their ids: ",
    ] {
        assert!(notices.contains(said), "{said}\n{notices}");
    }
}

fn ssj(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ssj")).args(args).output().unwrap()
}

/// The entry `name` of the zip `path`, as text.
fn zip_entry(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn the_template_reads_back_filled_and_keeps_codes_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("名录库");
    let done = ssj(&["template".as_ref(), out.as_os_str()]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    // Never over a registry: a second run is refused and changes nothing.
    let again = ssj(&["template".as_ref(), out.as_os_str()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwrites"));

    // The workbook: every header known (no notice), no record yet.
    let book = out.join("名录库模板.xlsx");
    let read = shuangsuiji_io::read::read_registry_with(&book, &Default::default()).unwrap();
    assert!(read.notices.is_empty(), "{:?}", read.notices);
    assert_eq!((read.value.objects.len(), read.value.inspectors.len()), (0, 0));
    // Its object sheet: a drop-down list of categories; codes as text (number format 49, "@").
    let objects = zip_entry(&book, "xl/worksheets/sheet1.xml");
    assert!(objects.contains("<dataValidation") && objects.contains("\"重点,特殊,一般\""), "{objects}");
    assert!(zip_entry(&book, "xl/styles.xml").contains("numFmtId=\"49\""));
    let about = zip_entry(&book, "xl/sharedStrings.xml");
    assert!(about.contains("名录库填写说明") && about.contains("每季度最多承担的检查次数"));

    // The CSV files, filled in as a clerk would (Chinese labels, names for units), read back.
    let append = |file: &str, rows: &str| {
        let path = out.join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with('\u{feff}'), "{file}: Excel needs the BOM");
        text.push_str(rows);
        std::fs::write(path, text).unwrap();
    };
    let header =
        |file: &str| std::fs::read_to_string(out.join(file)).unwrap().trim_start_matches('\u{feff}').trim().to_owned();
    assert!(
        header("objects.csv").starts_with("统一社会信用代码,单位名称,所属区域,监管类别,"),
        "{}",
        header("objects.csv")
    );
    // A row of `file` with these cells, by header; the rest blank.
    let row = |file: &str, cells: &[(&str, &str)]| {
        let fields: Vec<&str> = header(file)
            .split(',')
            .map(|h| cells.iter().find(|(name, _)| *name == h).map_or("", |(_, v)| *v))
            .collect();
        format!("{}\n", fields.join(","))
    };
    let unit = |id, name, level, parent| [("区域代码", id), ("区域名称", name), ("级别", level), ("上级", parent)];
    append(
        "jurisdictions.csv",
        &(row("jurisdictions.csv", &unit("hj", "昌吉州", "州市", ""))
            + &row("jurisdictions.csv", &unit("hj/htb", "呼图壁县", "县区", "hj"))),
    );
    let object = [
        ("统一社会信用代码", "91652300MA77XYZ12A"),
        ("单位名称", "甲厂"),
        ("所属区域", "呼图壁县"),
        ("监管类别", "重点"),
    ];
    append("objects.csv", &row("objects.csv", &object));
    let officer = [
        ("执法证号", "652300001"),
        ("姓名", "张三"),
        ("所属区域", "呼图壁县"),
        ("角色", "执法人员"),
        ("季度检查上限", "8"),
    ];
    append("inspectors.csv", &row("inspectors.csv", &officer));
    let registry = shuangsuiji_io::read::read_registry_with(&out, &Default::default()).unwrap().value;
    assert_eq!(registry.objects[0].jurisdiction.as_str(), "hj/htb");
    assert_eq!(registry.inspectors[0].quarterly_capacity, 8);
}
