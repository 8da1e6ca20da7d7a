//! The two libraries (两库) and the year's history.
//!
//! * the **object library** (检查对象名录库 / 污染源库): [`RegulatedObject`];
//! * the **inspector library** (执法检查人员名录库 / 人员信息库): [`Inspector`];
//! * the **jurisdiction tree** (州/市 → 县/区/市, 园区): [`Jurisdiction`];
//! * the **history** of inspections already done this year: [`Inspection`].
//!
//! Everything here is plain data. Nothing in this module alters a record:
//! validation ([`crate::model::validate`]) only reports.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::shared_id::{SharedId, SharedIds};

/// Identifier of a jurisdiction, object or inspector. Compared byte-wise.
pub type Id = String;

/// Level of a jurisdiction in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Prefecture or city (州/市). Its own bureau is "州本级".
    Prefecture,
    /// County, district or county-level city (县/区/市).
    County,
    /// Industrial or high-tech park (园区), a sibling of the counties.
    Park,
}

impl Level {
    /// Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            Level::Prefecture => "州/市",
            Level::County => "县/区/市",
            Level::Park => "园区",
        }
    }
}

/// A node of the jurisdiction tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    /// Unique id, e.g. `changji` or `changji/hutubi`.
    #[schemars(length(min = 1, max = 128), pattern(r"\S"))]
    pub id: Id,
    /// Name as written, e.g. 昌吉州.
    #[schemars(length(min = 1, max = 256), pattern(r"\S"))]
    pub name: String,
    /// Level in the tree.
    pub level: Level,
    /// Parent jurisdiction; `None` only for a root.
    #[serde(default)]
    pub parent: Option<Id>,
}

/// Supervision category (监管类别): exactly one per object per year (000 §四).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Key unit (重点排污单位 / 重点监管对象).
    Key,
    /// Special supervision object (特殊监管对象).
    Special,
    /// General unit (一般排污单位 / 一般监管对象): neither key nor special.
    General,
}

impl Category {
    /// All three, in the documents' order of importance.
    pub const ALL: [Category; 3] = [Category::Key, Category::Special, Category::General];

    /// Chinese label as the documents write it.
    pub fn zh(self) -> &'static str {
        match self {
            Category::Key => "重点",
            Category::Special => "特殊",
            Category::General => "一般",
        }
    }

    /// English label (the serde name).
    pub fn en(self) -> &'static str {
        match self {
            Category::Key => "key",
            Category::Special => "special",
            Category::General => "general",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}

impl FromStr for Category {
    type Err = ParseLabelError;
    /// Accepts English names and the Chinese labels (重点, 特殊, 一般, and the
    /// longer forms 重点排污单位, 重点监管对象, 特殊监管对象, 一般排污单位, 一般监管对象).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "key" | "Key" | "KEY" | "重点" | "重点排污单位" | "重点监管对象" | "重点监管单位" => {
                Ok(Category::Key)
            }
            "special" | "Special" | "SPECIAL" | "特殊" | "特殊监管对象" | "特殊监管单位" => {
                Ok(Category::Special)
            }
            "general" | "General" | "GENERAL" | "一般" | "一般排污单位" | "一般监管对象" | "一般监管单位" => {
                Ok(Category::General)
            }
            other => Err(ParseLabelError::new("category", other, "key/重点, special/特殊, general/一般")),
        }
    }
}

/// A class of objects as a document names it: one of the national
/// supervision categories (重点/特殊/一般), or a class the document names
/// itself (Jiangxi's a, b, c), which an object carries as one of its tags.
///
/// Written as its name: `"key"`, `"a"`. National categories order first,
/// in their order of importance, then named classes by name, so a policy of
/// national categories lists its strata as it always has.
///
/// ```
/// use shuangsuiji::model::{Category, Class};
/// let a: Class = serde_json::from_str("\"a\"").unwrap();
/// assert_eq!(a, Class::named("a"));
/// let key: Class = serde_json::from_str("\"重点\"").unwrap();
/// assert_eq!(key, Class::Category(Category::Key));
/// assert_eq!(serde_json::to_string(&key).unwrap(), "\"key\"");
/// assert!(key < a);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// A national supervision category.
    Category(Category),
    /// A class the document names.
    Named(SharedId),
}

impl Class {
    /// A class the document names.
    pub fn named(name: &str) -> Class {
        Class::Named(SharedId::from(name))
    }

    /// The name, as written in files and seed strings.
    pub fn as_str(&self) -> &str {
        match self {
            Class::Category(c) => c.en(),
            Class::Named(name) => name.as_str(),
        }
    }

    /// The Chinese label: a national category's, else the document's name.
    pub fn zh(&self) -> &str {
        match self {
            Class::Category(c) => c.zh(),
            Class::Named(name) => name.as_str(),
        }
    }

    /// The national category, if this is one.
    pub fn category(&self) -> Option<Category> {
        match self {
            Class::Category(c) => Some(*c),
            Class::Named(_) => None,
        }
    }
}

impl From<Category> for Class {
    fn from(c: Category) -> Self {
        Class::Category(c)
    }
}

impl PartialEq<Category> for Class {
    fn eq(&self, other: &Category) -> bool {
        self.category() == Some(*other)
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Class {
    type Err = ParseLabelError;
    /// A national category's English or Chinese name (see [`Category`]),
    /// else a name of the document's own: not blank, at most 32 bytes,
    /// without `|` or `/` (a class's name is part of a stratum's name and
    /// seed string).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(c) = s.parse::<Category>() {
            return Ok(Class::Category(c));
        }
        let name = s.trim();
        if name.is_empty() || name.len() > 32 || name.contains(['|', '/']) {
            return Err(ParseLabelError::new(
                "class",
                s,
                "key/重点, special/特殊, general/一般, or a name of the document's own (at most 32 bytes, no `|` or `/`)",
            ));
        }
        Ok(Class::named(name))
    }
}

impl Serialize for Class {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Class {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Class {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Class".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A class: a national category (`key`, `special`, `general`, or 重点, 特殊, 一般) or a name the document gives its own classes (`a`).",
            "minLength": 1,
            "maxLength": 32
        })
    }
}

/// A label that is not one of the accepted words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {what}; expected one of: {expected}")]
pub struct ParseLabelError {
    /// What was being parsed (category, status, …).
    pub what: &'static str,
    /// The text given.
    pub value: String,
    /// The accepted words.
    pub expected: &'static str,
}

impl ParseLabelError {
    fn new(what: &'static str, value: &str, expected: &'static str) -> Self {
        ParseLabelError { what, value: value.to_owned(), expected }
    }
}

/// Operating status of an object. Only [`Status::Active`] and
/// [`Status::NewConstruction`] take part in the draw (000 §三; 004 二（二）).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Operating (正常生产).
    Active,
    /// New construction project (新增建设项目): eligible (004 二（二）).
    NewConstruction,
    /// Relocated (已搬迁): out of the draw (000 §三 注1).
    Relocated,
    /// Long-term production stop (长期停产): out of the draw (000 §三 注2).
    LongTermStopped,
    /// Bankrupt or deregistered (破产、注销): out of the draw (000 §三 注3).
    BankruptDeregistered,
    /// Marked "does not take part in double-random" (不参与双随机).
    OptedOut,
}

impl Status {
    /// Whether an object with this status may be drawn.
    pub fn is_eligible(self) -> bool {
        matches!(self, Status::Active | Status::NewConstruction)
    }

    /// English label, as in JSON.
    pub fn en(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::NewConstruction => "new_construction",
            Status::Relocated => "relocated",
            Status::LongTermStopped => "long_term_stopped",
            Status::BankruptDeregistered => "bankrupt_deregistered",
            Status::OptedOut => "opted_out",
        }
    }

    /// Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            Status::Active => "正常",
            Status::NewConstruction => "新建项目",
            Status::Relocated => "搬迁",
            Status::LongTermStopped => "长期停产",
            Status::BankruptDeregistered => "破产注销",
            Status::OptedOut => "不参与双随机",
        }
    }
}

impl FromStr for Status {
    type Err = ParseLabelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "active" | "正常" | "在产" | "正常生产" | "" => Ok(Status::Active),
            "new_construction" | "新建项目" | "新增建设项目" | "建设项目" => Ok(Status::NewConstruction),
            "relocated" | "搬迁" | "已搬迁" => Ok(Status::Relocated),
            "long_term_stopped" | "长期停产" | "停产" => Ok(Status::LongTermStopped),
            "bankrupt_deregistered" | "破产注销" | "破产" | "注销" | "破产、注销" => {
                Ok(Status::BankruptDeregistered)
            }
            "opted_out" | "不参与双随机" => Ok(Status::OptedOut),
            other => Err(ParseLabelError::new(
                "status",
                other,
                "active/正常, new_construction/新建项目, relocated/搬迁, long_term_stopped/长期停产, bankrupt_deregistered/破产注销, opted_out/不参与双随机",
            )),
        }
    }
}

/// A sampling pool: the population a rule draws from. Three are national
/// (the whole object library, and its radiation and hazardous-waste units);
/// any other is a matter (抽查事项) a document names, whose objects are the
/// ones its filter picks from the library ([`crate::rules::Matter`]).
///
/// Written as its name: `pollution`, `radiation`, `hazardous_waste`, or the
/// matter's id. National pools sort first, in that order.
///
/// ```
/// use shuangsuiji::model::Pool;
/// let outfalls: Pool = "river-outfalls".parse().unwrap();
/// assert_eq!(outfalls, Pool::matter("river-outfalls"));
/// assert_eq!(serde_json::to_string(&Pool::HazardousWaste).unwrap(), "\"hazardous_waste\"");
/// assert!(Pool::Radiation < outfalls);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pool {
    /// Pollution sources (污染源), every object of the library.
    Pollution,
    /// Radiation units (辐射单位), 003 四（二）3(2).
    Radiation,
    /// Hazardous-waste units (危险废物单位), 003 四（二）3(3).
    HazardousWaste,
    /// A matter a document names: its id.
    Matter(SharedId),
}

impl Pool {
    /// The national pools.
    pub const NATIONAL: [Pool; 3] = [Pool::Pollution, Pool::Radiation, Pool::HazardousWaste];

    /// A matter's pool.
    pub fn matter(id: &str) -> Pool {
        Pool::Matter(SharedId::from(id))
    }

    /// English label (the serde name): a matter's id for a matter.
    pub fn en(&self) -> &str {
        match self {
            Pool::Pollution => "pollution",
            Pool::Radiation => "radiation",
            Pool::HazardousWaste => "hazardous_waste",
            Pool::Matter(id) => id.as_str(),
        }
    }

    /// Chinese label: a matter's id for a matter (its name is the policy's).
    pub fn zh(&self) -> &str {
        match self {
            Pool::Pollution => "污染源",
            Pool::Radiation => "辐射单位",
            Pool::HazardousWaste => "危险废物单位",
            Pool::Matter(id) => id.as_str(),
        }
    }

    /// Whether this is a matter's pool.
    pub fn is_matter(&self) -> bool {
        matches!(self, Pool::Matter(_))
    }

    /// The expertise an inspection in a national pool needs on the team,
    /// if any (a matter's is the policy's: `Policy::expertise_for`).
    pub fn required_expertise(&self) -> Option<&'static str> {
        match self {
            Pool::Pollution | Pool::Matter(_) => None,
            Pool::Radiation => Some("radiation"),
            Pool::HazardousWaste => Some("hazardous_waste"),
        }
    }
}

/// Whether `id` may name a matter: 1–64 ASCII letters, digits, `-` or
/// `_` (a machine name, as seed strings and stratum names carry it).
pub fn is_matter_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl FromStr for Pool {
    type Err = ParseLabelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "pollution" | "污染源" => Ok(Pool::Pollution),
            "radiation" | "辐射单位" => Ok(Pool::Radiation),
            "hazardous_waste" | "危险废物单位" => Ok(Pool::HazardousWaste),
            // A national pool's name in other letters (`Pollution`,
            // `Hazardous-Waste`) is a slip, not a matter.
            id if Pool::NATIONAL.iter().any(|p| p.en() == id.to_ascii_lowercase().replace('-', "_")) => {
                Err(ParseLabelError::new("pool", s, "pollution, radiation, hazardous_waste (in these letters)"))
            }
            id if is_matter_id(id) => Ok(Pool::matter(id)),
            _ => Err(ParseLabelError::new(
                "pool",
                s,
                "pollution/污染源, radiation/辐射单位, hazardous_waste/危险废物单位, or a matter's id (letters, digits, `-`, `_`)",
            )),
        }
    }
}

impl fmt::Display for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}

impl Serialize for Pool {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.en())
    }
}

impl<'de> Deserialize<'de> for Pool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Pool {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Pool".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A sampling pool: `pollution`, `radiation`, `hazardous_waste`, or the id of a matter (抽查事项) the policy names.",
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^([A-Za-z0-9_-]+|污染源|辐射单位|危险废物单位)$"
        })
    }
}

/// Environmental credit rating (环境信用评价等级).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Credit {
    /// Good (环保诚信 / 良好).
    Good,
    /// Ordinary (一般 / 警示).
    Ordinary,
    /// Poor (不良 / 失信).
    Poor,
}

impl FromStr for Credit {
    type Err = ParseLabelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "good" | "良好" | "诚信" | "环保诚信" => Ok(Credit::Good),
            "ordinary" | "一般" | "警示" => Ok(Credit::Ordinary),
            "poor" | "不良" | "失信" | "差" => Ok(Credit::Poor),
            other => Err(ParseLabelError::new("credit rating", other, "good/良好, ordinary/一般, poor/不良")),
        }
    }
}

/// Tags for directed draws and matching (001 §三（二）).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectTags {
    /// Industry (行业产业类型).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Emission type (排污类型), e.g. water, air.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emission_type: Option<String>,
    /// Production scale (生产规模).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// Monitoring type (监控类型), e.g. online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<String>,
    /// Heavy-pollution-weather performance grade (重污染天气绩效分级), A–D.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weather_grade: Option<String>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub free: BTreeSet<String>,
    /// What the object is (对象类型): `construction_project`, `outfall`,
    /// `test_station`… — the word a matter's filter picks it by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_type: Option<String>,
    /// Any further fields of the bureau's library a matter's filter may
    /// read (属性): `approved_year = 2021`, `treatment = single_low_efficiency`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

impl ObjectTags {
    /// The tags as [`RegulatedObject::tags`] holds them: `None` if empty.
    pub fn boxed(self) -> Option<Box<ObjectTags>> {
        (self != NO_TAGS).then(|| Box::new(self))
    }
}

/// Tags of an object that has none.
static NO_TAGS: ObjectTags = ObjectTags {
    industry: None,
    emission_type: None,
    scale: None,
    monitoring: None,
    weather_grade: None,
    free: BTreeSet::new(),
    object_type: None,
    attributes: BTreeMap::new(),
};

/// Serializes [`RegulatedObject::tags`] as the same JSON as an unboxed
/// [`ObjectTags`] (so the input digest is unchanged).
fn serialize_tags<S: Serializer>(tags: &Option<Box<ObjectTags>>, s: S) -> Result<S::Ok, S::Error> {
    tags.as_deref().unwrap_or(&NO_TAGS).serialize(s)
}

/// Reads [`RegulatedObject::tags`]; empty tags read as `None`. Only an
/// object is tags: serde would also take a list of the fields in order
/// (`[null, null]`), which the schema (and a reader) rightly refuses.
fn deserialize_tags<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Box<ObjectTags>>, D::Error> {
    struct TagsObject;
    impl<'de> serde::de::Visitor<'de> for TagsObject {
        type Value = ObjectTags;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of tags (industry, emission_type, scale, monitoring, weather_grade, free, object_type, attributes)")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<ObjectTags, A::Error> {
            ObjectTags::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    Ok(d.deserialize_map(TagsObject)?.boxed())
}

/// An inclusive date range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First day.
    pub from: NaiveDate,
    /// Last day, inclusive. `None`: open-ended.
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

impl DateRange {
    /// Whether the range overlaps `[start, end]`.
    pub fn overlaps(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.from <= end && self.until.is_none_or(|u| u >= start)
    }
}

/// A regulated object (检查对象): one record of the object library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegulatedObject {
    /// Unique id (usually the unified social credit code or permit number).
    #[schemars(length(min = 1, max = 128), pattern(r"\S"))]
    pub id: Id,
    /// Name.
    #[schemars(length(min = 1, max = 256), pattern(r"\S"))]
    pub name: String,
    /// The leaf jurisdiction the object lies in.
    // Shared by the objects that name it (`SharedId`).
    pub jurisdiction: SharedId,
    /// Supervision category in the pollution-source pool this year.
    pub category: Category,
    /// Operating status.
    #[serde(default = "default_status")]
    pub status: Status,
    /// Category in the radiation pool (辐射单位), if a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radiation: Option<Category>,
    /// Category in the hazardous-waste pool (危险废物单位), if a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hazardous_waste: Option<Category>,
    /// Tags for directed draws; `None` when there are none. Read them with
    /// [`RegulatedObject::tags`]. Boxed because most objects have none and
    /// empty tags inline would cost 144 bytes an object (0.5 GB at national
    /// scale). Serialized as an object either way (`{}` when `None`).
    #[serde(default, serialize_with = "serialize_tags", deserialize_with = "deserialize_tags")]
    // In the files an object, never null: so the schema says (a nullable
    // member with an object default is what client generators refuse).
    #[schemars(with = "ObjectTags", description = "Tags for directed draws (`{}` when none).")]
    pub tags: Option<Box<ObjectTags>>,
    /// Positive-list (正面清单) membership period, if listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positive_list: Option<DateRange>,
    /// Environmental credit rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<Credit>,
    /// Date of the last recorded violation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_violation: Option<NaiveDate>,
    /// Online-monitoring data stably compliant (在线监控数据稳定达标).
    #[serde(default)]
    pub online_monitoring_stable: bool,
    /// Complaints received in the past year (投诉举报).
    #[serde(default)]
    pub complaints: u32,
}

fn default_status() -> Status {
    Status::Active
}

impl RegulatedObject {
    /// A minimal active object, for examples and tests.
    pub fn new(id: impl Into<Id>, jurisdiction: impl Into<SharedId>, category: Category) -> Self {
        let id = id.into();
        RegulatedObject {
            name: id.clone(),
            id,
            jurisdiction: jurisdiction.into(),
            category,
            status: Status::Active,
            radiation: None,
            hazardous_waste: None,
            tags: None,
            positive_list: None,
            credit: None,
            last_violation: None,
            online_monitoring_stable: false,
            complaints: 0,
        }
    }

    /// The object's tags (empty if it has none).
    pub fn tags(&self) -> &ObjectTags {
        self.tags.as_deref().unwrap_or(&NO_TAGS)
    }

    /// The object's tags, to change them.
    pub fn tags_mut(&mut self) -> &mut ObjectTags {
        self.tags.get_or_insert_with(Box::default)
    }

    /// The object's category in `pool`, or `None` if not a member of a
    /// national pool. In a matter's pool an object keeps its category;
    /// whether it is a member is the matter's filter
    /// ([`crate::rules::Policy::class_index`]).
    pub fn category_in(&self, pool: &Pool) -> Option<Category> {
        match pool {
            Pool::Pollution | Pool::Matter(_) => Some(self.category),
            Pool::Radiation => self.radiation,
            Pool::HazardousWaste => self.hazardous_waste,
        }
    }
}

/// Role of a member of the inspector library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Certified enforcement officer (持证执法人员): counts toward the two.
    Officer,
    /// Daily-supervision staff (日常监管人员): may join, never counts.
    Supervisor,
    /// Expert, monitoring body or researcher (专家): may join, never counts
    /// (004 二（二）).
    Expert,
}

impl FromStr for Role {
    type Err = ParseLabelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "officer" | "执法人员" | "执法" => Ok(Role::Officer),
            "supervisor" | "日常监管人员" | "日常监管" | "监管人员" => Ok(Role::Supervisor),
            "expert" | "专家" => Ok(Role::Expert),
            other => Err(ParseLabelError::new("role", other, "officer/执法人员, supervisor/日常监管人员, expert/专家")),
        }
    }
}

/// A member of the inspector library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inspector {
    /// Unique id (e.g. the enforcement certificate number).
    #[schemars(length(min = 1, max = 128), pattern(r"\S"))]
    pub id: Id,
    /// Name.
    #[schemars(length(min = 1, max = 256), pattern(r"\S"))]
    pub name: String,
    /// The jurisdiction whose bureau the inspector belongs to.
    pub jurisdiction: Id,
    /// Role.
    pub role: Role,
    /// On the establishment and on post (在编在岗), 003 四（二）3(1).
    #[serde(default = "yes")]
    pub on_post: bool,
    /// Expertise tags (业务专长), e.g. `radiation`, `hazardous_waste`.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub expertise: BTreeSet<String>,
    /// Department or post (部门岗位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Years of service (工作年限).
    #[serde(default)]
    pub years_of_service: u32,
    /// Objects this inspector must not inspect (回避).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub recusals: BTreeSet<Id>,
    /// Most tasks this inspector can take in one quarter. Must be ≥ 1.
    #[schemars(range(min = 1, max = 10_000))]
    pub quarterly_capacity: u32,
}

fn yes() -> bool {
    true
}

impl Inspector {
    /// A minimal on-post officer, for examples and tests.
    pub fn officer(id: impl Into<Id>, jurisdiction: impl Into<Id>, quarterly_capacity: u32) -> Self {
        let id = id.into();
        Inspector {
            name: id.clone(),
            id,
            jurisdiction: jurisdiction.into(),
            role: Role::Officer,
            on_post: true,
            expertise: BTreeSet::new(),
            department: None,
            years_of_service: 0,
            recusals: BTreeSet::new(),
            quarterly_capacity,
        }
    }

    /// Whether this person counts toward the two officers a task needs, and
    /// toward a 1:N ratio: a certified officer on post (在编在岗). Someone
    /// not on post is never drawn onto a visit, in any role.
    pub fn is_certified_officer(&self) -> bool {
        self.role == Role::Officer && self.on_post
    }
}

/// The two libraries and the jurisdiction tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    /// The jurisdiction tree.
    pub jurisdictions: Vec<Jurisdiction>,
    /// The object library.
    pub objects: Vec<RegulatedObject>,
    /// The inspector library.
    pub inspectors: Vec<Inspector>,
}

impl Registry {
    /// Makes the objects that name the same jurisdiction share one
    /// allocation of its id ([`SharedId`]); no value changes. Serde gives
    /// every object read from JSON its own copy, so the JSON readers call
    /// this (the CSV and xlsx readers share as they read).
    pub fn share_jurisdictions(&mut self) {
        let mut seen = SharedIds::default();
        self.objects.iter_mut().for_each(|o| seen.share(&mut o.jurisdiction));
    }
}

/// A calendar quarter, e.g. 2024Q1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    q: u8,
}

impl Quarter {
    /// Builds a quarter.
    ///
    /// # Errors
    /// [`QuarterError`] when `q` is not 1–4 or the year is outside 1900–9999.
    pub fn new(year: i32, q: u8) -> Result<Self, QuarterError> {
        if !(1..=4).contains(&q) || !(1900..=9999).contains(&year) {
            return Err(QuarterError(format!("{year}Q{q}")));
        }
        Ok(Quarter { year, q })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The quarter's number, 1–4.
    pub fn number(self) -> u8 {
        self.q
    }

    /// Quarters left in the year, this one included (4 in Q1, 1 in Q4).
    pub fn remaining_in_year(self) -> u32 {
        u32::from(5 - self.q)
    }

    /// The quarter containing `date`.
    pub fn containing(date: NaiveDate) -> Self {
        let q = u8::try_from(date.month0() / 3 + 1).unwrap_or(4);
        Quarter { year: date.year(), q }
    }

    /// First day of the quarter.
    pub fn first_day(self) -> NaiveDate {
        let month = u32::from(self.q - 1) * 3 + 1;
        NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the quarter.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// The following quarter.
    pub fn next(self) -> Self {
        if self.q == 4 {
            Quarter { year: self.year + 1, q: 1 }
        } else {
            Quarter { year: self.year, q: self.q + 1 }
        }
    }

    /// The three calendar months of the quarter (1–12).
    pub fn months(self) -> [u32; 3] {
        let first = u32::from(self.q - 1) * 3 + 1;
        [first, first + 1, first + 2]
    }

    /// The first and last day of `month` (1–12) of the quarter's year;
    /// `None` for a month that is not one.
    pub fn month_days(self, month: u32) -> Option<(NaiveDate, NaiveDate)> {
        let first = NaiveDate::from_ymd_opt(self.year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, month + 1, 1)
        };
        Some((first, next?.pred_opt()?))
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

/// A string that is not a quarter like `2024Q1`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a quarter; write it like 2024Q1 (year 1900–9999, quarter 1–4)")]
pub struct QuarterError(pub String);

impl FromStr for Quarter {
    type Err = QuarterError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Exactly `YYYYQn` (or `YYYY-Qn`, either case), as the schema's
        // pattern says: no signs, no leading zeros.
        let err = || QuarterError(s.to_owned());
        let (y, q) = s.trim().split_once(['Q', 'q']).ok_or_else(err)?;
        let y = y.strip_suffix('-').unwrap_or(y);
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) || !matches!(q, "1" | "2" | "3" | "4") {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let q: u8 = q.parse().map_err(|_| err())?;
        Quarter::new(year, q).map_err(|_| err())
    }
}

impl schemars::JsonSchema for Quarter {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Quarter".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A quarter, `2023Q1` (or `2023q1`, `2023-Q1`); years 1900–9999.",
            "pattern": "^\\s*(19[0-9]{2}|[2-9][0-9]{3})-?[Qq][1-4]\\s*$"
        })
    }
}

impl Serialize for Quarter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quarter {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Why an inspection was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InspectionKind {
    /// Drawn at random (双随机抽查): counts toward minimums.
    Random,
    /// Targeted (针对性检查): complaints, referrals, incidents… never counts
    /// (001 §三（一）, 004 二（一）).
    Targeted,
}

/// An inspection already made this year (or planned by another level this
/// quarter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// The object inspected.
    pub object: Id,
    /// The jurisdiction whose bureau made the inspection (the drawing level).
    pub by: Id,
    /// Date of the visit.
    pub date: NaiveDate,
    /// Random or targeted.
    pub kind: InspectionKind,
    /// Pools the visit covered (default: pollution only).
    #[serde(default = "default_pools")]
    pub pools: BTreeSet<Pool>,
    /// Inspectors on the visit.
    #[serde(default)]
    pub inspectors: Vec<Id>,
}

fn default_pools() -> BTreeSet<Pool> {
    BTreeSet::from([Pool::Pollution])
}

impl Inspection {
    /// A random pollution-source inspection, for examples and tests.
    pub fn random(object: impl Into<Id>, by: impl Into<Id>, date: NaiveDate) -> Self {
        Inspection {
            object: object.into(),
            by: by.into(),
            date,
            kind: InspectionKind::Random,
            pools: default_pools(),
            inspectors: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_boxed_only_when_present_and_serialize_as_before() {
        let mut o = RegulatedObject::new("x", "c", Category::Key);
        let json = serde_json::to_string(&o).unwrap();
        assert!(json.contains(r#""tags":{}"#), "{json}");
        let back: RegulatedObject = serde_json::from_str(&json).unwrap();
        assert!(back.tags.is_none());
        assert_eq!(back, o);

        o.tags_mut().industry = Some("化工".into());
        let json = serde_json::to_string(&o).unwrap();
        assert!(json.contains(r#""tags":{"industry":"化工"}"#), "{json}");
        let back: RegulatedObject = serde_json::from_str(&json).unwrap();
        assert_eq!(back.tags().industry.as_deref(), Some("化工"));
        assert_eq!(ObjectTags::default().boxed(), None);
        assert!(size_of::<RegulatedObject>() < size_of::<ObjectTags>() + 100);
    }

    #[test]
    fn chinese_and_english_labels_parse_to_the_same_category() {
        for (zh, en) in [("重点", "key"), ("特殊监管对象", "special"), ("一般排污单位", "general")] {
            assert_eq!(zh.parse::<Category>(), en.parse::<Category>());
        }
        assert!("重要".parse::<Category>().is_err());
    }

    #[test]
    fn quarters_parse_and_know_their_days() {
        let q: Quarter = "2024Q1".parse().unwrap();
        assert_eq!(q.last_day(), NaiveDate::from_ymd_opt(2024, 3, 31).unwrap());
        assert_eq!(q.remaining_in_year(), 4);
        assert_eq!("2024Q4".parse::<Quarter>().unwrap().next().to_string(), "2025Q1");
        assert!("2024Q5".parse::<Quarter>().is_err());
        assert!("Q1".parse::<Quarter>().is_err());
    }

    #[test]
    fn only_active_and_new_construction_are_eligible() {
        let eligible: Vec<_> = [
            Status::Active,
            Status::NewConstruction,
            Status::Relocated,
            Status::LongTermStopped,
            Status::BankruptDeregistered,
            Status::OptedOut,
        ]
        .into_iter()
        .filter(|s| s.is_eligible())
        .collect();
        assert_eq!(eligible, [Status::Active, Status::NewConstruction]);
    }
}
