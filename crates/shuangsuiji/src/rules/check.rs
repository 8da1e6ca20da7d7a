//! Checking a document or policy file as a bureau's engineer writes it:
//! every fault at once, each with the file, the line and the field.

use std::fmt;

use toml_edit::{ImDocument, Item, Value};

use super::document::DocumentFile;
use super::policy::{Policy, PolicyError};

/// A file that passed [`check_file`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// A document file: the document, its presets, deadlines and duties.
    Document(Box<DocumentFile>),
    /// A policy file: one policy.
    Policy(Box<Policy>),
}

/// One fault of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The file's name as given.
    pub file: String,
    /// The line (from 1), where the field or the fault can be placed.
    pub line: Option<usize>,
    /// The field's path, e.g. `presets[0].rules[2].minimum.percent`; empty
    /// for a fault of the text itself.
    pub field: String,
    /// What is wrong, in the domain's words.
    pub problem: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl Fault {
    /// The fault in Chinese: the file, line and field as they are, the
    /// problem in Chinese ([`problem_zh`]).
    ///
    /// ```
    /// use shuangsuiji::rules::check_file;
    /// let text = "id = \"x\"\nname = \"x\"\nlevel = \"county_or_park\"\nvalidity = { from = \"2025-01-01\" }\n\
    ///             [[rules]]\npool = \"pollution\"\ncategory = \"key\"\nminimum = { kind = \"percent_per_quarter\", percent = 120 }\n\
    ///             source = { document = \"X 2025\", clause = \"三\", quote = \"……\" }\n";
    /// let faults = check_file("x.toml", text).unwrap_err();
    /// assert_eq!(faults[0].zh(), "x.toml:8: rules[0].minimum.percent: 超过 100%");
    /// ```
    pub fn zh(&self) -> String {
        let mut out = self.file.clone();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
        }
        if !self.field.is_empty() {
            out.push_str(&format!(": {}", self.field));
        }
        out.push_str(&format!(": {}", problem_zh(&self.problem)));
        out
    }
}

/// The Chinese of a problem the checks of a document or policy file
/// report; a problem without one (the TOML reader's own words about the
/// text) is given as it is, after 文件格式有误.
pub fn problem_zh(problem: &str) -> String {
    if let Some(zh) = PROBLEMS_ZH.iter().find(|(en, _)| *en == problem).map(|(_, zh)| *zh) {
        return zh.to_owned();
    }
    // The one problem with names in it: a source citing another document.
    if let Some((cited, own)) =
        problem.strip_prefix("cites `").and_then(|rest| rest.split_once("`, not this file's document `"))
    {
        return format!("引用了《{cited}》，不是本文件的文件（{}）", own.trim_end_matches('`'));
    }
    format!("文件格式有误：{problem}")
}

/// Each problem of the checks, in English and in Chinese.
const PROBLEMS_ZH: &[(&str, &str)] = &[
    ("a document with its own `results` takes no other's", "已有自己的 `results`，不能再沿用其他文件的表述"),
    ("at_least is above at_most, so no object passes", "at_least 大于 at_most，没有对象能满足"),
    ("ends before validity.from", "早于 validity.from"),
    (
        "is a national category: leave `classes` out to use those",
        "是国家规定的监管类别：使用这些类别时请删去 `classes`",
    ),
    ("is a national pool's name: choose the matter's own", "与国家抽查库同名：请为抽查事项另取名称"),
    ("is the word campaigns' strata are named by: choose another", "与定向抽查分层的名称（campaign）相同：请另取名称"),
    ("is above 100 %", "超过 100%"),
    (
        "is neither pollution, radiation nor hazardous_waste, nor the id of one of `matters`",
        "既不是 pollution、radiation、hazardous_waste，也不是 `matters` 中某一抽查事项的 id",
    ),
    (
        "is not key, special or general: name the document's own classes in `classes`",
        "不是 key、special 或 general：请在 `classes` 中列出文件自己的分类",
    ),
    ("is not one of `classes.names`", "不在 `classes.names` 中"),
    (
        "moves objects between national categories, which a policy of its own classes does not use",
        "会在国家监管类别之间调整对象，而使用自有分类的规则不用这些类别",
    ),
    (
        "must be 1–64 letters, digits, `-` or `_` (a machine name; the matter's `name` is free)",
        "须为 1–64 个字母、数字、`-` 或 `_`（机器名称；抽查事项的 `name` 可任意填写）",
    ),
    (
        "must be 2 or more (a cycle of one year is `every_object_once_per_year`)",
        "须为 2 或以上（一年一轮即 `every_object_once_per_year`）",
    ),
    ("must be a day of the month, 1 to 31", "须为当月的某一日，1 至 31"),
    ("must be a month from 1 to 12", "须为 1 至 12 月"),
    ("must be above 0 (a 1:0 ratio means nothing)", "须大于 0（1:0 的比例没有意义）"),
    ("must be at least 1", "须至少为 1"),
    ("must be letters, digits, `-` or `_`", "须为字母、数字、`-` 或 `_`"),
    ("must be lowercase letters, digits or `_`", "须为小写字母、数字或 `_`"),
    ("must be the place of one of the options, from 0", "须为某一选项的序号（从 0 起）"),
    ("must have a phrase meaning no_problem (未发现问题)", "须有一条表示未发现问题（no_problem）的表述"),
    (
        "must list at least one item (leave check_items out where the document gives none)",
        "须至少列出一项（文件未列抽查事项时请删去 check_items）",
    ),
    ("must list at least two minimums to choose from", "须至少列出两种可供选择的最低要求"),
    ("must name at least one category", "须至少列出一个类别"),
    ("must name at least one class", "须至少列出一个分类"),
    (
        "must name at least one month (leave `months` out for every month)",
        "须至少列出一个月份（全年均可检查时请删去 `months`）",
    ),
    ("must name the clause", "须注明条款"),
    ("must name the expertise", "须注明专长"),
    ("must name the source document", "须注明出处文件"),
    ("must not be blank (leave it out where no expertise is needed)", "不能为空（不需要专长时请删去）"),
    ("must not be blank or hold `|` or `/`", "不能为空，也不能含 `|` 或 `/`"),
    ("must not be blank", "不能为空"),
    ("must not be blank, longer than 32 bytes, or hold `|` or `/`", "不能为空、不能超过 32 字节，也不能含 `|` 或 `/`"),
    ("must not hold a blank word", "不能含空白词"),
    ("must not itself be a choice", "本身不能再是一个选择"),
    ("names no criterion, so every object would be in the tier", "未列任何条件，所有对象都会落入该风险层级"),
    (
        "orders the draw of a minimum over a year or a cycle; this rule's minimum is per quarter",
        "只用于按年或按轮次计算的最低要求；本规则的最低要求按季度计算",
    ),
    ("repeats an earlier class", "与前面的分类重复"),
    ("repeats an earlier item", "与前面的事项重复"),
    ("repeats an earlier month", "与前面的月份重复"),
    ("repeats an earlier name", "与前面的名称重复"),
    ("repeats an earlier phrase", "与前面的表述重复"),
    ("repeats the event of an earlier deadline", "与前面某一时限的起算事件重复"),
    ("repeats the id of an earlier matter", "与前面抽查事项的 id 重复"),
    (
        "repeats the kind of minimum of an earlier rule for the same pool and category",
        "与同一抽查库、同一类别的前一条规则的最低要求种类重复",
    ),
    ("repeats the name of an earlier risk tier", "与前面风险层级的名称重复"),
    ("tests nothing: give one_of, at_least or at_most", "没有任何条件：请给出 one_of、at_least 或 at_most"),
    ("must be from 1 to 60 days", "须为 1 至 60 天"),
    ("must be a day from 1 to 28, which every month has", "须为 1 至 28 日（每个月都有的日子）"),
    ("is not a day of the year", "不是一年中的某一天"),
];

/// Reads a TOML document file (one with a `[document]` table) or policy
/// file and checks it, reporting every fault of its values at once.
///
/// ```
/// use shuangsuiji::rules::{check_file, Checked};
/// let text = "id = \"x\"\nname = \"x\"\nlevel = \"county_or_park\"\nvalidity = { from = \"2025-01-01\" }\n\
///             [[rules]]\npool = \"pollution\"\ncategory = \"key\"\nminimum = { kind = \"percent_per_quarter\", percent = 120 }\n\
///             source = { document = \"X 2025\", clause = \"三\", quote = \"……\" }\n";
/// let faults = check_file("x.toml", text).unwrap_err();
/// assert_eq!(faults[0].to_string(), "x.toml:8: rules[0].minimum.percent: is above 100 %");
/// ```
///
/// # Errors
/// The faults: one for text that is not TOML or not of the file's shape
/// (the reader stops at the first), else one per impossible value.
pub fn check_file(name: &str, text: &str) -> Result<Checked, Vec<Fault>> {
    let syntax = |line: Option<usize>, problem: String| {
        vec![Fault { file: name.to_owned(), line, field: String::new(), problem }]
    };
    let tree = ImDocument::parse(text)
        .map_err(|e| syntax(e.span().map(|s| line_of(text, s.start)), e.message().to_owned()))?;
    let shape = |e: toml::de::Error| syntax(e.span().map(|s| line_of(text, s.start)), e.message().to_owned());
    let faults = |errors: Vec<PolicyError>, prefix: &str| -> Vec<Fault> {
        errors.into_iter().map(|e| fault(name, text, &tree, prefix, e)).collect()
    };
    if tree.as_table().contains_key("document") {
        let file: DocumentFile = toml::from_str(text).map_err(shape)?;
        file.validate().map_err(|e| faults(e, ""))?;
        Ok(Checked::Document(Box::new(file)))
    } else {
        let policy: Policy = toml::from_str(text).map_err(shape)?;
        policy.validate().map_err(|e| faults(e, ""))?;
        Ok(Checked::Policy(Box::new(policy)))
    }
}

/// A validation error placed on its line.
fn fault(name: &str, text: &str, tree: &ImDocument<&str>, prefix: &str, error: PolicyError) -> Fault {
    match error {
        PolicyError::Invalid { field, problem, .. } => {
            let path = format!("{prefix}{field}");
            let line = span_of(tree, &path).map(|start| line_of(text, start));
            Fault { file: name.to_owned(), line, field: path, problem }
        }
        other => Fault { file: name.to_owned(), line: None, field: String::new(), problem: other.to_string() },
    }
}

/// The line (from 1) of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |before| before.matches('\n').count()) + 1
}

/// Where a field's value starts: where its path's deepest part found
/// starts (a field left out is placed on the table that lacks it).
fn span_of(tree: &ImDocument<&str>, path: &str) -> Option<usize> {
    let mut at = Node::Table(tree.as_table());
    let mut found = None;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let Some(next) = at.get(key) else { break };
        found = next.start().or(found);
        at = next;
        if let Some(i) = index {
            let Some(next) = at.index(i) else { break };
            found = next.start().or(found);
            at = next;
        }
    }
    found
}

/// A place in a parsed TOML tree: a table, an item of one, or a value.
#[derive(Clone, Copy)]
enum Node<'a> {
    Table(&'a toml_edit::Table),
    Item(&'a Item),
    Value(&'a Value),
}

impl<'a> Node<'a> {
    fn get(self, key: &str) -> Option<Node<'a>> {
        match self {
            Node::Table(t) => t.get(key).map(Node::Item),
            Node::Item(Item::Table(t)) => t.get(key).map(Node::Item),
            Node::Item(Item::Value(Value::InlineTable(t))) | Node::Value(Value::InlineTable(t)) => {
                t.get(key).map(Node::Value)
            }
            _ => None,
        }
    }

    fn index(self, i: usize) -> Option<Node<'a>> {
        match self {
            Node::Item(Item::ArrayOfTables(a)) => a.get(i).map(Node::Table),
            Node::Item(Item::Value(Value::Array(a))) | Node::Value(Value::Array(a)) => a.get(i).map(Node::Value),
            _ => None,
        }
    }

    fn start(self) -> Option<usize> {
        match self {
            Node::Table(t) => t.span(),
            Node::Item(i) => i.span(),
            Node::Value(v) => v.span(),
        }
        .map(|s| s.start)
    }
}
