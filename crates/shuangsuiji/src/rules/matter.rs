//! Matters (抽查事项): the rows of a document's table, each a pool of its
//! own whose objects a filter picks from the one object library.
//!
//! Jianghan's plan lists construction projects approved since 2020, VOCs
//! firms with single low-efficiency treatment, auto-repair shops: one
//! library, several matters. A [`Matter`] names its pool (its id is what
//! the rules write as `pool`), says which objects are its own
//! ([`ObjectFilter`]), and may carry its own months and the expertise its
//! visits need. An object two matters draw in one quarter is one visit
//! covering both, as for the national pools.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::source::{check_check_items, check_source, check_window, CheckItems, MonthWindow, Source};
use crate::model::RegulatedObject;

/// One matter of a document: its own pool of the library's objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    /// The pool's name, as the rules, strata and seed strings write it
    /// (`construction`): 1–64 ASCII letters, digits, `-` or `_`, and not a
    /// national pool's.
    pub id: String,
    /// The document's name for it (建设项目“三同时”).
    pub name: String,
    /// Which objects of the library are its own.
    #[serde(default)]
    pub objects: ObjectFilter,
    /// The months its objects may be inspected in; `None`: the policy's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<MonthWindow>,
    /// Expertise a visit for it needs on the team (`marine`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expertise: Option<String>,
    /// Its own check items, shared over the visits covering it as the
    /// policy's are over all (each year the whole list, where the document
    /// asks); `None`: only the policy's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_items: Option<CheckItems>,
    /// How its objects are inspected where the document says other than on
    /// site (书面检查, 非现场检查); `None`: on site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<MatterForm>,
    /// Where the document names it.
    pub source: Source,
}

/// How a matter's objects are inspected, where not on site: a visit for
/// matters of such forms only is off-site (recorded on
/// 《非现场检查记录表》), unless a complaint must be verified on site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatterForm {
    /// The form.
    pub kind: FormKind,
    /// Where the document sets it.
    pub source: Source,
}

/// An inspection form other than on site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// Off-site supervision (非现场检查): monitoring data, records, video.
    OffSite,
    /// Paper review (书面检查): the object sends its documents.
    PaperReview,
}

impl FormKind {
    /// The form's name as the documents write it.
    pub fn zh(self) -> &'static str {
        match self {
            FormKind::OffSite => "非现场检查",
            FormKind::PaperReview => "书面检查",
        }
    }
}

/// Which objects of the library a matter takes: those meeting every test
/// given (an empty filter takes every object). A list of words is met by
/// any one of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectFilter {
    /// The object's type (对象类型) is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub object_type: Vec<String>,
    /// The object's industry (行业) is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub industry: Vec<String>,
    /// The object carries every one of these free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Each named attribute of the object meets its test.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeTest>,
}

/// A test of one attribute: present, and meeting each bound given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttributeTest {
    /// The value is one of these words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<String>,
    /// The value is a whole number at least this (an approval year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<i64>,
    /// The value is a whole number at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<i64>,
}

impl ObjectFilter {
    /// Whether `object` is one of the matter's objects.
    ///
    /// ```
    /// use shuangsuiji::model::{Category, RegulatedObject};
    /// use shuangsuiji::rules::ObjectFilter;
    /// let filter: ObjectFilter = toml::from_str(
    ///     "object_type = ['construction_project']\nattributes = { approved_year = { at_least = 2020 } }",
    /// ).unwrap();
    /// let mut project = RegulatedObject::new("p1", "county", Category::General);
    /// project.tags_mut().object_type = Some("construction_project".into());
    /// project.tags_mut().attributes.insert("approved_year".into(), "2021".into());
    /// assert!(filter.matches(&project));
    /// project.tags_mut().attributes.insert("approved_year".into(), "2019".into());
    /// assert!(!filter.matches(&project));
    /// ```
    pub fn matches(&self, object: &RegulatedObject) -> bool {
        let tags = object.tags();
        let word = |wanted: &[String], value: &Option<String>| {
            wanted.is_empty() || value.as_ref().is_some_and(|v| wanted.contains(v))
        };
        word(&self.object_type, &tags.object_type)
            && word(&self.industry, &tags.industry)
            && self.tags.iter().all(|t| tags.free.contains(t))
            && self.attributes.iter().all(|(name, test)| tags.attributes.get(name).is_some_and(|v| test.passes(v)))
    }

    /// Whether the filter takes every object.
    pub fn is_empty(&self) -> bool {
        *self == ObjectFilter::default()
    }
}

impl AttributeTest {
    /// Whether `value` passes: a bound needs a whole number.
    pub fn passes(&self, value: &str) -> bool {
        let number = value.trim().parse::<i64>().ok();
        let bound =
            |limit: Option<i64>, holds: fn(i64, i64) -> bool| limit.is_none_or(|l| number.is_some_and(|n| holds(n, l)));
        (self.one_of.is_empty() || self.one_of.iter().any(|w| w == value.trim()))
            && bound(self.at_least, |n, l| n >= l)
            && bound(self.at_most, |n, l| n <= l)
    }
}

/// The faults of the policy's matters, each with its field's path.
pub(super) fn check_matters(matters: &[Matter], bad: &mut impl FnMut(String, &str)) {
    for (i, m) in matters.iter().enumerate() {
        let field = |name: &str| format!("matters[{i}].{name}");
        let national =
            crate::model::Pool::NATIONAL.iter().any(|p| p.en() == m.id.to_ascii_lowercase().replace('-', "_"));
        match m.id.parse::<crate::model::Pool>() {
            _ if national => bad(field("id"), "is a national pool's name: choose the matter's own"),
            // `unit/campaign/<id>` names a campaign's stratum.
            Ok(_) if m.id == "campaign" => {
                bad(field("id"), "is the word campaigns' strata are named by: choose another")
            }
            Ok(_) => {}
            Err(_) => bad(
                field("id"),
                "must be 1–64 letters, digits, `-` or `_` (a machine name; the matter's `name` is free)",
            ),
        }
        if matters.iter().take(i).any(|earlier| earlier.id == m.id) {
            bad(field("id"), "repeats the id of an earlier matter");
        }
        if m.name.trim().is_empty() {
            bad(field("name"), "must not be blank");
        }
        check_source(&m.source, &field("source"), bad);
        if let Some(window) = &m.months {
            check_window(window, &field("months"), bad);
        }
        if let Some(list) = &m.check_items {
            check_check_items(list, &field("check_items"), bad);
        }
        if let Some(form) = &m.form {
            check_source(&form.source, &field("form.source"), bad);
        }
        if m.expertise.as_ref().is_some_and(|e| e.trim().is_empty()) {
            bad(field("expertise"), "must not be blank (leave it out where no expertise is needed)");
        }
        let lists =
            [("object_type", &m.objects.object_type), ("industry", &m.objects.industry), ("tags", &m.objects.tags)];
        for (name, words) in lists {
            if words.iter().any(|w| w.trim().is_empty()) {
                bad(field(&format!("objects.{name}")), "must not hold a blank word");
            }
        }
        for (name, test) in &m.objects.attributes {
            let at = field(&format!("objects.attributes.{name}"));
            if *test == AttributeTest::default() {
                bad(at.clone(), "tests nothing: give one_of, at_least or at_most");
            }
            if let (Some(low), Some(high)) = (test.at_least, test.at_most) {
                if low > high {
                    bad(at, "at_least is above at_most, so no object passes");
                }
            }
        }
    }
}
