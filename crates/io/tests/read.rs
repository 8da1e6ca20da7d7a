//! Reading registries and histories from the files under `tests/data/registry`.

// Helpers outside `#[test]` functions are not covered by clippy.toml's allow-*-in-tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use shuangsuiji::model::{Category, Credit, InspectionKind, Level, Pool, Registry, Role, Status};
use shuangsuiji_io::read::{
    parse_history_csv, parse_inspectors_csv, parse_jurisdictions_csv, parse_objects_csv, parse_registry_json,
    read_history_csv, read_history_json, read_objects_csv, read_registry_dir, read_registry_json, ReadErrors,
};

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/registry").join(path)
}

/// The one helper: the messages of a failed read, with the data directory
/// stripped from file names so they read `objects.csv:4 …`.
fn messages<T: std::fmt::Debug>(result: Result<T, ReadErrors>, dir: &str) -> Vec<String> {
    let prefix = format!("{}/", data(dir).display());
    let errors = result.expect_err("the read should fail");
    // Display lists them one per line, in the same order.
    assert_eq!(errors.to_string().lines().count(), errors.len());
    errors.errors().iter().map(|e| e.to_string().replace(&prefix, "")).collect()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn valid_csv_dir_loads_with_chinese_labels_and_equals_the_json() {
    let csv = read_registry_dir(data("valid")).unwrap();
    let json = read_registry_json(data("valid/registry.json")).unwrap();
    assert_eq!(csv, json);

    let levels: Vec<Level> = csv.jurisdictions.iter().map(|j| j.level).collect();
    assert_eq!(levels, [Level::Prefecture, Level::County, Level::Park]);
    assert_eq!(csv.jurisdictions[1].parent.as_deref(), Some("changji"));

    let a = &csv.objects[0];
    assert_eq!(a.name, "昌吉热电有限公司");
    assert_eq!(a.category, Category::Key);
    assert_eq!(a.hazardous_waste, Some(Category::Key));
    assert_eq!(a.tags().industry.as_deref(), Some("电力"));
    assert_eq!(a.tags().free, BTreeSet::from(["国控".to_owned(), "涉气".to_owned()]));
    let range = a.positive_list.unwrap();
    assert_eq!((range.from, range.until), (date(2024, 1, 1), Some(date(2024, 12, 31))));
    assert_eq!(a.credit, Some(Credit::Good));
    assert_eq!(a.last_violation, Some(date(2023, 5, 6)));
    assert!(a.online_monitoring_stable);
    assert_eq!(a.complaints, 2);

    let statuses: Vec<Status> = csv.objects.iter().map(|o| o.status).collect();
    assert_eq!(statuses, [Status::Active, Status::NewConstruction, Status::Active, Status::LongTermStopped]);
    assert_eq!(csv.objects[1].radiation, Some(Category::General));
    assert_eq!(csv.objects[3].name, "老旧砖厂, 二分厂");
    assert_eq!(csv.objects[3].category, Category::General);

    let zhang = &csv.inspectors[0];
    assert_eq!(zhang.role, Role::Officer);
    assert!(zhang.on_post);
    assert_eq!(zhang.expertise, BTreeSet::from(["radiation".to_owned(), "hazardous_waste".to_owned()]));
    assert_eq!(zhang.quarterly_capacity, 8);
    let wang = &csv.inspectors[2];
    assert_eq!(wang.role, Role::Expert);
    assert!(!wang.on_post);
    assert_eq!(wang.recusals.len(), 2);
}

#[test]
fn history_loads_from_csv_and_json_alike() {
    let registry = read_registry_dir(data("valid")).unwrap();
    let csv = read_history_csv(data("valid/history.csv"), &registry).unwrap();
    let json = read_history_json(data("valid/history.json"), &registry).unwrap();
    assert_eq!(csv, json);
    assert_eq!(csv[0].kind, InspectionKind::Random);
    assert_eq!(csv[0].pools, BTreeSet::from([Pool::Pollution, Pool::HazardousWaste]));
    assert_eq!(csv[1].kind, InspectionKind::Targeted);
    assert_eq!(csv[1].date, date(2024, 3, 15));
    assert_eq!(csv[1].pools, BTreeSet::from([Pool::Pollution]));
}

#[test]
fn ten_faults_are_all_reported_in_one_run() {
    let got = messages(read_registry_dir(data("malformed")), "malformed");
    let expected = [
        "objects.csv:3 (id \"O2\"), column `所属区域` (jurisdiction): unknown jurisdiction `changji/nowhere`: neither the id nor the name of one in the jurisdiction tree (it has `changji` 昌吉州, `changji/hutubi` 呼图壁县, `changji/hitech` 昌吉高新区)",
        "objects.csv:4 (id \"O3\"), column `监管类别` (category): `重要` is not a valid category; expected one of: key/重点, special/特殊, general/一般",
        "objects.csv:5 (id \"O4\"), column `最近违法日期` (last_violation): `2023-13-01` is not a valid date; expected YYYY-MM-DD (or YYYY/MM/DD, YYYY年MM月DD日)",
        "objects.csv:6 (id \"O1\"), column `统一社会信用代码` (id): duplicate id; already used on line 2",
        "objects.csv:7 (id \"O5\"), column `名称` (name): missing value; `name` is required",
        "objects.csv:8 (id \"O6\"), column `在线监控稳定` (online_monitoring_stable): `也许` is not a valid yes/no value; expected true/false, 1/0 or 是/否",
        "objects.csv:9 (id \"O7\"), column `状态` (status): `倒闭` is not a valid status; expected one of: active/正常, new_construction/新建项目, relocated/搬迁, long_term_stopped/长期停产, bankrupt_deregistered/破产注销, opted_out/不参与双随机",
        "objects.csv:10 (id \"O8\"), column `投诉次数` (complaints): `-3` is not a valid count; expected a whole number 0 or more",
        "inspectors.csv:2 (id \"P1\"), column `quarterly_capacity`: quarterly capacity is 0; it must be at least 1 (remove the inspector or mark them not on post instead)",
        "inspectors.csv:3 (id \"P2\"), column `recusals`: recusal names unknown object \"O99\"",
    ];
    assert_eq!(got, expected);
}

#[test]
fn a_bom_file_loads() {
    let path = data("bom/objects.csv");
    assert!(std::fs::read(&path).unwrap().starts_with(b"\xEF\xBB\xBF"));
    let objects = read_objects_csv(&path).unwrap();
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0].id, "91652300A");
    assert_eq!(objects[0].category, Category::Key);
}

#[test]
fn a_gbk_file_is_read_as_gb18030_with_a_notice_and_refused_when_utf8_is_asked() {
    // "名称,编号" and a row, as a Chinese Excel would save them (GBK).
    let mut bytes = b"\xc3\xfb\xb3\xc6,id,jurisdiction,category\n".to_vec();
    bytes.extend_from_slice(b"\xbc\xd7,O1,changji,key\n");
    let dir = std::env::temp_dir().join(format!("ssj-gbk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("objects.csv");
    std::fs::write(&path, &bytes).unwrap();
    let objects = read_objects_csv(&path).unwrap();
    assert_eq!(objects[0].name, "甲");
    let utf8 =
        shuangsuiji_io::read::ReadOptions { encoding: shuangsuiji_io::read::TextEncoding::Utf8, ..Default::default() };
    let history = shuangsuiji_io::read::read_history_with(&path, &shuangsuiji::model::Registry::default(), &utf8);
    std::fs::remove_dir_all(&dir).unwrap();
    let message = history.unwrap_err().to_string();
    assert!(message.contains("not UTF-8") && message.contains("--encoding gbk"), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");
}

/// Content-only checks: each case is (what is read, the expected messages).
#[test]
fn content_readers_report_header_and_row_problems() {
    let registry = read_registry_dir(data("valid")).unwrap();
    let cases: Vec<(Result<usize, ReadErrors>, Vec<&str>)> = vec![
        (
            parse_objects_csv("o.csv", "id,name,category,colour,颜色\nA,a,key,red,红\n").map(|v| v.len()),
            vec![
                "o.csv:1: missing required column `jurisdiction` (or 所属区域, 区域, 所属辖区, 辖区); the header's other columns, not read: `colour`, `颜色`",
            ],
        ),
        (
            parse_objects_csv("o.csv", "id,名称,name,jurisdiction,category\nA,a,a,x,key\nB,b,b,x\n").map(|v| v.len()),
            vec![
                "o.csv:1: columns `名称` and `name` both mean `name`; keep one",
                "o.csv:3: the row has 4 fields but the header has 5; check for a missing or extra comma, or quote values that contain commas",
            ],
        ),
        (
            parse_objects_csv(
                "o.csv",
                "id,name,jurisdiction,category,positive_list_from,positive_list_until\n\
                 A,a,x,key,2024-05-01,2024-04-01\nB,b,x,key,,2024-04-01\n,c,x,key,,\n",
            )
            .map(|v| v.len()),
            vec![
                "o.csv:2 (id \"A\"), column `positive_list_until`: positive-list range ends (2024-04-01) before it starts (2024-05-01)",
                "o.csv:3 (id \"B\"), column `positive_list_from`: missing value; a positive-list end date needs a start date",
                "o.csv:4, column `id`: missing value; `id` is required",
            ],
        ),
        (
            parse_inspectors_csv("p.csv", "id,name,jurisdiction,role,quarterly_capacity\nP,p,x,boss,20000\n")
                .map(|v| v.len()),
            vec![
                "p.csv:2 (id \"P\"), column `role`: `boss` is not a valid role; expected one of: officer/执法人员, supervisor/日常监管人员, expert/专家",
                "p.csv:2 (id \"P\"), column `quarterly_capacity`: quarterly capacity 20000 is absurd (more than 10000 tasks a quarter)",
            ],
        ),
        (
            parse_jurisdictions_csv("j.csv", "id,name,level,parent\na,A,州,\nb,B,county,b\nc,C,村,a\n").map(|v| v.len()),
            vec![
                "j.csv:3 (id \"b\"), column `parent`: the parent of a county must be a prefecture, but \"b\" is a county",
                "j.csv:3 (id \"b\"), column `parent`: parent chain forms a cycle: b → b",
                "j.csv:4 (id \"c\"), column `level`: `村` is not a valid level; expected one of: prefecture/州/市, county/县/区/市, park/园区",
            ],
        ),
        (
            parse_objects_csv("empty.csv", "").map(|v| v.len()),
            vec!["empty.csv:1: no header row; the first line must name the columns, e.g. id,name,jurisdiction,category"],
        ),
        (
            parse_history_csv(
                "h.csv",
                "object,by,date,kind,pools,inspectors\n91652300A,mars,2024-02-30,random,水,652300001;X\n",
                &registry,
            )
            .map(|v| v.len()),
            vec![
                "h.csv:2 (id \"91652300A\"), column `date`: `2024-02-30` is not a valid date; expected YYYY-MM-DD (or YYYY/MM/DD, YYYY年MM月DD日)",
                "h.csv:2 (id \"91652300A\"), column `pools`: `水` is not a valid pool; expected pollution/污染源, radiation/辐射单位, hazardous_waste/危险废物单位, or a matter's id (letters, digits, `-`, `_`)",
                "h.csv:2 (id \"91652300A\"), column `by`: unknown jurisdiction \"mars\"",
                "h.csv:2 (id \"91652300A\"), column `inspectors`: unknown inspector \"X\"",
            ],
        ),
        (
            parse_registry_json(
                "r.json",
                r#"{"jurisdictions":[],"objects":[{"id":"A","name":"a","jurisdiction":"x","category":"key"}],"inspectors":[]}"#,
            )
            .map(|r| r.objects.len()),
            vec!["r.json, objects[0] (id \"A\"), field `jurisdiction`: unknown jurisdiction \"x\""],
        ),
        (
            parse_registry_json("r.json", "{\n  \"objects\": [1]\n}").map(|r| r.objects.len()),
            vec!["r.json:2, objects[0]: invalid type: integer `1`, expected struct RegulatedObject (line 2, column 15)"],
        ),
    ];
    for (result, expected) in cases {
        let got: Vec<String> = match result {
            Ok(n) => panic!("expected errors {expected:?}, read {n} records"),
            Err(e) => e.errors().iter().map(ToString::to_string).collect(),
        };
        assert_eq!(got, expected);
    }
}

// A matter's filter reads what an object is and the bureau's own fields:
// `object_type` (对象类型) and `attr:NAME` (属性:名称) columns, blank cells
// left out, read as the JSON's `tags.object_type` and `tags.attributes`.
#[test]
fn object_types_and_attributes_read_from_csv_as_from_json() {
    let csv = parse_objects_csv(
        "o.csv",
        "id,name,jurisdiction,category,对象类型,attr:approved_year,属性：处理工艺\n\
         P1,p,x,general,construction_project,2021,\n\
         F1,f,x,general,polluter,,单一低效\n",
    )
    .unwrap();
    let json = parse_registry_json(
        "r.json",
        r#"{"jurisdictions": [{"id": "x", "name": "x", "level": "county"}], "inspectors": [], "objects": [
            {"id": "P1", "name": "p", "jurisdiction": "x", "category": "general",
             "tags": {"object_type": "construction_project", "attributes": {"approved_year": "2021"}}},
            {"id": "F1", "name": "f", "jurisdiction": "x", "category": "general",
             "tags": {"object_type": "polluter", "attributes": {"处理工艺": "单一低效"}}}]}"#,
    )
    .unwrap();
    assert_eq!(csv, json.objects);
    assert_eq!(csv[0].tags().attributes.get("approved_year").map(String::as_str), Some("2021"));
    // Two columns for one attribute are refused, naming it.
    let twice = parse_objects_csv("o.csv", "id,name,jurisdiction,category,attr:year,属性:year\nA,a,x,key,1,2\n");
    assert_eq!(messages(twice, ""), ["o.csv:1: two columns name the attribute `year`; keep one"]);
}

#[test]
fn blank_rows_and_trailing_unnamed_columns_are_tolerated() {
    let objects =
        parse_objects_csv("o.csv", "id,name,jurisdiction,category,,\r\nA,a,x,一般,,\r\n,,,,,\r\n\r\n").unwrap();
    assert_eq!(objects.len(), 1);
    let err = parse_objects_csv("o.csv", "id,name,jurisdiction,category,\nA,a,x,一般,oops\n").unwrap_err();
    assert_eq!(err.to_string(), "o.csv:2: value `oops` in column 5 which has no header; name the column or clear it");
}

#[test]
fn no_input_panics() {
    let registry = Registry::default();
    let inputs: [&[u8]; 8] = [
        b"",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE\x00a",
        b"\"unterminated",
        b"id\n\"a\"\"b\n",
        b",,,\n,,,\n",
        b"id,name,jurisdiction,category\n\xe4\xb8",
        b"{\"jurisdictions\":",
    ];
    for input in inputs {
        let _ = parse_objects_csv("x", input);
        let _ = parse_inspectors_csv("x", input);
        let _ = parse_jurisdictions_csv("x", input);
        let _ = parse_history_csv("x", input, &registry);
        let _ = parse_registry_json("x", input);
    }
}

#[test]
fn objects_of_one_unit_share_its_id_and_read_as_before() {
    let csv = "id,name,jurisdiction,category\nA,甲,c/x,key\nB,乙,c/y,general\nC,丙,c/x,special\n";
    let objects = parse_objects_csv("objects.csv", csv).unwrap();
    let units: Vec<&str> = objects.iter().map(|o| o.jurisdiction.as_str()).collect();
    assert_eq!(units, ["c/x", "c/y", "c/x"]);
    assert!(objects[0].jurisdiction.is_shared_with(&objects[2].jurisdiction), "one allocation per unit");
    assert!(!objects[0].jurisdiction.is_shared_with(&objects[1].jurisdiction));
}

#[test]
fn a_json_registry_shares_its_jurisdiction_ids_too() {
    let json = r#"{"inspectors": [],
        "jurisdictions": [{"id": "c", "name": "州", "level": "prefecture"},
                          {"id": "c/x", "name": "县", "level": "county", "parent": "c"}],
        "objects": [{"id": "A", "name": "甲", "jurisdiction": "c/x", "category": "key"},
                    {"id": "B", "name": "乙", "jurisdiction": "c/x", "category": "key"}]}"#;
    let registry = parse_registry_json("registry.json", json).unwrap();
    assert!(registry.objects[0].jurisdiction.is_shared_with(&registry.objects[1].jurisdiction));
    let plain: Registry = serde_json::from_str(json).unwrap();
    assert!(!plain.objects[0].jurisdiction.is_shared_with(&plain.objects[1].jurisdiction), "serde alone copies");
    assert_eq!(registry, plain, "sharing changes no value");
}

/// `text` with the first field of its first data row quoted: the same
/// values to a CSV reader, but a body that is no longer plain, so it is
/// read by the CSV state machine instead of being cut on every core.
fn quoted_first_field(text: &str) -> String {
    let (header, body) = text.split_once('\n').unwrap();
    let start = body.len() - body.trim_start_matches(['\r', '\n']).len();
    let (before, row) = body.split_at(start);
    let end = row.find([',', '\r', '\n']).unwrap_or(row.len());
    format!("{header}\n{before}\"{}\"{}", &row[..end], &row[end..])
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// A plain body (no quote) is cut into pieces read on every core; the
    /// same rows with one field quoted go through the CSV reader. Records,
    /// lines and every problem must come out the same.
    #[test]
    fn plain_and_quoted_bodies_read_alike(
        rows in proptest::collection::vec(
            proptest::collection::vec(
                proptest::sample::select(vec![
                    "", " ", "A1", " A2 ", "甲厂", "c/x", "key", "重点", "general", "nope", "active", "停产",
                    "3", "-1", "2024-01-05", "2024/13/01", "true", "否", "maybe", "国控；涉气",
                ]),
                0..9,
            ),
            1..40,
        ),
        // Each line's ending, CRLF or LF (mixed in one file), and whether
        // an empty line follows it.
        endings in proptest::collection::vec((proptest::bool::ANY, proptest::bool::ANY), 41),
        final_newline in proptest::bool::ANY,
    ) {
        let end = |i: usize| if endings[i].0 { "\r\n" } else { "\n" };
        let header = "id,name,jurisdiction,category,status,complaints,last_violation,online_monitoring_stable";
        let mut text = format!("{header}{}", end(40));
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                text.push_str(end(i));
                if endings[i].1 { text.push_str(end(i)); }
            }
            text.push_str(&row.join(","));
        }
        if final_newline { text.push_str(end(0)); }
        let quoted = quoted_first_field(&text);
        proptest::prop_assert!(quoted.contains('"'));
        proptest::prop_assert_eq!(parse_objects_csv("o.csv", &text), parse_objects_csv("o.csv", &quoted));
    }
}

#[test]
fn a_plain_file_of_many_pieces_reads_as_the_csv_reader_reads_it() {
    // ~12 MB: several of the reader's 4 MB pieces, with a bad row in the
    // middle of one and another at the very end.
    let mut text = String::from("id,name,jurisdiction,category,complaints\r\n");
    for i in 0..160_000 {
        let category = match i {
            77_777 => "重要",
            _ if i % 3 == 0 => "重点",
            _ => "general",
        };
        text.push_str(&format!(
            "N{i:07},某某化工有限责任公司第{i}分厂,p{:03}/u{:02},{category},{}\r\n",
            i % 97,
            i % 13,
            i % 5
        ));
    }
    text.push_str("N9999999,末行,p001/u01,key,many");
    let expected = parse_objects_csv("o.csv", quoted_first_field(&text)).unwrap_err();
    let errors = parse_objects_csv("o.csv", &text).unwrap_err();
    assert_eq!(errors, expected);
    let lines: Vec<Option<u64>> = errors.errors().iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(77_779), Some(160_002)]);
    // Without the two bad rows, every record in the file's order.
    let good: String =
        text.lines().filter(|l| !l.contains("重要") && !l.contains("many")).map(|l| format!("{l}\n")).collect();
    let objects = parse_objects_csv("o.csv", &good).unwrap();
    assert_eq!(objects, parse_objects_csv("o.csv", quoted_first_field(&good)).unwrap());
    assert_eq!(objects.len(), 159_999);
    assert_eq!(objects[100_000].id, "N0100001");
}
