//! What a blank registry a clerk fills in holds (`ssj template`): each
//! library's columns under the Chinese headers the readers take, what each
//! means, the values a cell may hold, and which columns hold codes (to be
//! formatted as text, 文本, so the spreadsheet never turns a credit code
//! into a number) or dates. Built from the readers' own column lists, so
//! a template always reads back.

use crate::read::{library_columns, Library};

/// One column of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateColumn {
    /// The English name the readers know it by (`category`).
    pub name: &'static str,
    /// The Chinese header written (`监管类别`).
    pub header: &'static str,
    /// Whether a value is required on every row.
    pub required: bool,
    /// What the column holds, in Chinese, for the sheet that explains it.
    pub meaning: &'static str,
    /// The values a cell may take, where they are few (a drop-down list);
    /// empty where any text goes.
    pub choices: &'static [&'static str],
    /// How the cell is kept.
    pub kind: CellKind,
}

/// How a template keeps a column's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Text (文本): codes and ids, never turned into numbers.
    Code,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A whole number.
    Count,
    /// Any other text.
    Text,
}

/// Each column: its meaning, its choices and its kind. Every column of the
/// readers has a row (a unit test checks it).
const ABOUT: &[(Library, &str, &str, &[&str], CellKind)] = &[
    (
        Library::Jurisdictions,
        "id",
        "区域的编号，库内唯一，如 changji/hutubi；两库的“所属区域”可填它或区域名称",
        &[],
        CellKind::Code,
    ),
    (Library::Jurisdictions, "name", "区域名称，如 呼图壁县", &[], CellKind::Text),
    (Library::Jurisdictions, "level", "层级：州市、县区或园区", &["州市", "县区", "园区"], CellKind::Text),
    (Library::Jurisdictions, "parent", "上级区域的编号；州市不填，县区、园区填所属州市的编号", &[], CellKind::Code),
    (
        Library::Objects,
        "id",
        "统一社会信用代码（或排污许可证编号），库内唯一；本列为文本格式，勿改为数值",
        &[],
        CellKind::Code,
    ),
    (Library::Objects, "name", "单位名称", &[], CellKind::Text),
    (Library::Objects, "jurisdiction", "所属区域：区域的编号或名称（如 呼图壁县）", &[], CellKind::Code),
    (
        Library::Objects,
        "category",
        "监管类别：重点、特殊或一般（文件另设的类别照文件填写）",
        &["重点", "特殊", "一般"],
        CellKind::Text,
    ),
    (
        Library::Objects,
        "status",
        "状态；不填为正常",
        &["正常", "新建项目", "搬迁", "长期停产", "破产注销", "不参与双随机"],
        CellKind::Text,
    ),
    (Library::Objects, "radiation", "辐射安全监管类别（辐射单位填写）", &["重点", "特殊", "一般"], CellKind::Text),
    (
        Library::Objects,
        "hazardous_waste",
        "危险废物监管类别（危废单位填写）",
        &["重点", "特殊", "一般"],
        CellKind::Text,
    ),
    (Library::Objects, "industry", "行业，如 电力、化工", &[], CellKind::Text),
    (Library::Objects, "emission_type", "排污类型，如 废气、废水", &[], CellKind::Text),
    (Library::Objects, "scale", "生产规模", &[], CellKind::Text),
    (Library::Objects, "monitoring", "监控类型，如 国控、省控", &[], CellKind::Text),
    (Library::Objects, "weather_grade", "重污染天气绩效分级，如 A、B、C", &[], CellKind::Text),
    (Library::Objects, "tags", "其他标签，多个用“；”或“、”分隔", &[], CellKind::Text),
    (Library::Objects, "object_type", "检查对象类型（文件按事项筛选对象时用）", &[], CellKind::Text),
    (Library::Objects, "positive_list_from", "纳入正面清单的日期", &[], CellKind::Date),
    (Library::Objects, "positive_list_until", "移出正面清单的日期；仍在清单内不填", &[], CellKind::Date),
    (Library::Objects, "credit", "环境信用等级", &["良好", "一般", "不良"], CellKind::Text),
    (Library::Objects, "last_violation", "最近一次违法的日期", &[], CellKind::Date),
    (Library::Objects, "online_monitoring_stable", "在线监控是否稳定达标；不填为否", &["是", "否"], CellKind::Text),
    (Library::Objects, "complaints", "投诉举报次数；不填为 0", &[], CellKind::Count),
    (Library::Inspectors, "id", "执法证号（或人员编号），库内唯一；本列为文本格式", &[], CellKind::Code),
    (Library::Inspectors, "name", "姓名", &[], CellKind::Text),
    (Library::Inspectors, "jurisdiction", "所属区域：区域的编号或名称", &[], CellKind::Code),
    (Library::Inspectors, "role", "人员类别：执法人员或专家", &["执法人员", "专家"], CellKind::Text),
    (Library::Inspectors, "on_post", "是否在编在岗；不填为是", &["是", "否"], CellKind::Text),
    (Library::Inspectors, "expertise", "业务专长，如 辐射、危废；多个用“、”分隔", &[], CellKind::Text),
    (Library::Inspectors, "department", "部门岗位", &[], CellKind::Text),
    (Library::Inspectors, "years_of_service", "工作年限；不填为 0", &[], CellKind::Count),
    (Library::Inspectors, "recusals", "须回避的检查对象的统一社会信用代码，多个用“、”分隔", &[], CellKind::Code),
    (Library::Inspectors, "quarterly_capacity", "每季度最多承担的检查次数", &[], CellKind::Count),
];

/// The columns of `library`'s template, in the readers' order.
pub fn template_columns(library: Library) -> Vec<TemplateColumn> {
    library_columns(library)
        .into_iter()
        .filter_map(|(name, header, required)| {
            let (_, _, meaning, choices, kind) = ABOUT.iter().find(|(l, n, ..)| *l == library && *n == name)?;
            Some(TemplateColumn { name, header, required, meaning, choices, kind: *kind })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_the_readers_is_in_the_template() {
        for library in [Library::Jurisdictions, Library::Objects, Library::Inspectors] {
            let names: Vec<&str> = library_columns(library).into_iter().map(|(name, ..)| name).collect();
            let template: Vec<&str> = template_columns(library).into_iter().map(|c| c.name).collect();
            assert_eq!(template, names, "{library:?}");
        }
    }
}
