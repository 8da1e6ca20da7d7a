//! Inspection results: what a team records after a visit, how it is
//! worded for the public, and the checks a record must pass before it is
//! published.
//!
//! * Each record is entered on one of two forms (000 §五):
//!   《污染源现场检查记录表》 or 《非现场检查记录表》 ([`Form`]).
//! * The outcome is worded in one of the fixed phrases of the bureau's
//!   document ([`Outcome`]): seven for Changji (000 §六), three for Fengdu
//!   (001 §三（六））, each the document file's data with what it means
//!   ([`Wordings`]).
//! * A result touching state secrets, national security or public security
//!   may be withheld ([`ConfidentialGround`]; 000 §六, 001 §三（六）,
//!   004 二（五）).
//! * A penalty goes into the credit information system and is published
//!   within 7 working days of the decision ([`CreditEvent`]; 000 §六 三是,
//!   001 §五（二）, 003 四（四）12(2)).
//! * Records must have no blank, invalid or duplicate entries (000 §五:
//!   严防空白数据、无效数据和重复数据): [`validate_results`].

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::deadline::{working_days_after, DeadlineError};
use crate::calendar::Calendar;
use crate::model::Id;
use crate::plan::{Mode, QuarterPlan, Visit};
use crate::rules::{DeadlineRule, DocumentFile, Meaning, ResultWordings};

/// The record form a result is entered on (000 §五).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// On-site inspection, 《污染源现场检查记录表》.
    #[serde(alias = "现场", alias = "污染源现场检查记录表", alias = "《污染源现场检查记录表》")]
    OnSite,
    /// Off-site inspection, 《非现场检查记录表》.
    #[serde(alias = "非现场", alias = "非现场检查记录表", alias = "《非现场检查记录表》")]
    OffSite,
}

impl Form {
    /// The form's title as 000 §五 writes it, with the book-title marks.
    pub fn title_zh(self) -> &'static str {
        match self {
            Form::OnSite => "《污染源现场检查记录表》",
            Form::OffSite => "《非现场检查记录表》",
        }
    }
}

/// A result's outcome as recorded: one of the phrases the document
/// prescribes (Changji 2023 §六's seven, Fengdu 2024 §三（六）'s three), or
/// its `key.name` (`fengdu.case_opened`). Which phrases are allowed, and
/// what each means, are the document's data ([`Wordings`]); the outcome
/// is checked against them when the results are ([`validate_results`]).
/// Serialized as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Outcome(String);

impl Outcome {
    /// The outcome as written.
    pub fn wording(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A blank outcome.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the outcome is blank; write one of the phrases the document prescribes")]
pub struct OutcomeParseError;

impl FromStr for Outcome {
    type Err = OutcomeParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.is_empty() {
            return Err(OutcomeParseError);
        }
        Ok(Outcome(t.to_owned()))
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The phrases a plan's results may be published in: those of the
/// documents the plan cites ([`crate::rules::result_wordings`]); where
/// none prescribes any (Wangcheng, Zhongwei), any built-in document's.
#[derive(Debug, Clone)]
pub struct Wordings<'d> {
    lists: Vec<&'d ResultWordings>,
    /// Whether the lists are the plan's documents' own.
    prescribed: bool,
}

impl<'d> Wordings<'d> {
    /// The phrases of `documents` (the files of the documents a plan
    /// cites), else every built-in document's.
    ///
    /// ```
    /// use shuangsuiji::publish::results::Wordings;
    /// use shuangsuiji::rules;
    /// let hitech = rules::document_file("Changji Hi-tech Zone 2023").unwrap();
    /// let wordings = Wordings::of(&[hitech]);
    /// assert!(wordings.is_penalty(&"发现问题作出行政处罚决定".parse().unwrap()));
    /// assert!(wordings.meaning(&"发现违法行为已立案调查".parse().unwrap()).is_none());
    /// ```
    pub fn of(documents: &[&'d DocumentFile]) -> Wordings<'d> {
        let mut lists: Vec<&ResultWordings> = Vec::new();
        for file in documents {
            if let Some(list) = crate::rules::result_wordings(file, documents) {
                if !lists.iter().any(|l| std::ptr::eq(*l, list)) {
                    lists.push(list);
                }
            }
        }
        if lists.is_empty() {
            return Wordings::built_in();
        }
        Wordings { lists, prescribed: true }
    }

    /// Every built-in document's phrases: for results whose document is
    /// not known.
    pub fn built_in() -> Wordings<'static> {
        let files = crate::rules::documents().unwrap_or_default();
        Wordings { lists: files.iter().filter_map(|f| f.results.as_ref()).collect(), prescribed: false }
    }

    /// What `outcome` means, if it is one of the phrases.
    pub fn meaning(&self, outcome: &Outcome) -> Option<Meaning> {
        self.lists.iter().find_map(|l| l.find(outcome.wording())).map(|w| w.meaning)
    }

    /// The phrase `outcome` is, exactly as the document writes it (a
    /// record may write `changji.no_problem`, or full-width commas); the
    /// outcome as written where it is none of them.
    pub fn phrase<'o>(&'o self, outcome: &'o Outcome) -> &'o str {
        self.lists.iter().find_map(|l| l.find(outcome.wording())).map_or(outcome.wording(), |w| w.text.as_str())
    }

    /// Whether `outcome` is a phrase meaning nothing was found.
    pub fn is_no_problem(&self, outcome: &Outcome) -> bool {
        self.meaning(outcome) == Some(Meaning::NoProblem)
    }

    /// Whether `outcome` is a phrase meaning an administrative penalty,
    /// which goes into the credit information system (000 §六 三是;
    /// 001 §五（二）).
    pub fn is_penalty(&self, outcome: &Outcome) -> bool {
        self.meaning(outcome) == Some(Meaning::Penalty)
    }

    /// The document's phrase meaning nothing was found (what a withheld
    /// result keeps in public).
    pub fn no_problem(&self) -> Option<Outcome> {
        let phrase = self.lists.iter().flat_map(|l| &l.wordings).find(|w| w.meaning == Meaning::NoProblem)?;
        Some(Outcome(phrase.text.clone()))
    }

    /// Every phrase, each list once, for a message.
    pub fn list(&self) -> String {
        self.lists.iter().map(|l| format!("{} ({})", l.list(), l.source)).collect::<Vec<_>>().join("; ")
    }

    /// Whether the phrases are the plan's documents' own (else any
    /// built-in document's are accepted).
    pub fn prescribed(&self) -> bool {
        self.prescribed
    }

    /// Every phrase of every list, as outcomes.
    pub fn outcomes(&self) -> impl Iterator<Item = Outcome> + '_ {
        self.lists.iter().flat_map(|l| &l.wordings).map(|w| Outcome(w.text.clone()))
    }
}

/// Why a result may be withheld from publication (000 §六 四是; 001
/// §三（六）; 004 二（五）: 涉及保密、国家安全、公共安全的，可不予公开).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfidentialGround {
    /// 保密 (state secrets).
    #[serde(alias = "保密")]
    StateSecret,
    /// 国家安全.
    #[serde(alias = "国家安全")]
    NationalSecurity,
    /// 公共安全.
    #[serde(alias = "公共安全")]
    PublicSecurity,
}

impl ConfidentialGround {
    /// Chinese label as the documents write it.
    pub fn zh(self) -> &'static str {
        match self {
            ConfidentialGround::StateSecret => "保密",
            ConfidentialGround::NationalSecurity => "国家安全",
            ConfidentialGround::PublicSecurity => "公共安全",
        }
    }
}

/// An administrative-penalty decision (行政处罚决定书).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltyDecision {
    /// The decision's document number (文号), e.g. 昌州环罚〔2024〕12号.
    pub number: String,
    /// The date the decision was made (作出之日).
    pub date: NaiveDate,
}

/// One inspection's recorded result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectionResult {
    /// The object inspected.
    pub object: Id,
    /// The drawing unit whose task this answers.
    pub unit: Id,
    /// Date of the inspection.
    pub date: NaiveDate,
    /// The record form.
    pub form: Form,
    /// The check items (随机抽查事项) examined.
    #[serde(default)]
    pub items_checked: Vec<String>,
    /// What was found (internal; never published).
    #[serde(default)]
    pub findings: String,
    /// The outcome, in the regime's wording.
    pub outcome: Outcome,
    /// Ground for withholding the result, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidential: Option<ConfidentialGround>,
    /// The penalty decision, when one was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty_decision: Option<PenaltyDecision>,
    /// The inspectors who made the visit.
    #[serde(default)]
    pub inspectors: Vec<Id>,
    /// Why the visit was made after its task's month: a late visit is
    /// accepted only with a reason, which is published beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_reason: Option<String>,
}

/// A penalty to enter into the national credit information system
/// (000 §六 三是; 001 §五（二）) and to publish by `due`, where the
/// document sets a deadline for it (Wangcheng: 7 working days after the
/// decision, 003 四（四）12(2)).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CreditEvent {
    /// The object penalized.
    pub object: Id,
    /// The decision's number.
    pub decision: String,
    /// The decision's date.
    pub date: NaiveDate,
    /// Last day to publish it (inclusive); `None` where the document sets
    /// no deadline for it.
    pub due: Option<NaiveDate>,
}

/// The credit event a result gives rise to: `Some` when the outcome is a
/// penalty ([`Wordings::is_penalty`]) and the decision is recorded; `None`
/// otherwise (a penalty outcome with no decision is caught by
/// [`validate_results`]). `rule` is the document's deadline for
/// publishing a penalty decision, if it sets one.
///
/// # Errors
/// [`DeadlineError::Calendar`] when the working days reach a year the
/// calendar does not know.
pub fn credit_event(
    result: &InspectionResult,
    wordings: &Wordings<'_>,
    rule: Option<&DeadlineRule>,
    calendar: &Calendar,
) -> Result<Option<CreditEvent>, DeadlineError> {
    let Some(decision) = result.penalty_decision.as_ref().filter(|_| wordings.is_penalty(&result.outcome)) else {
        return Ok(None);
    };
    let due = match rule {
        Some(rule) => Some(working_days_after(calendar, decision.date, rule.working_days)?),
        None => None,
    };
    Ok(Some(CreditEvent { object: result.object.clone(), decision: decision.number.clone(), date: decision.date, due }))
}

/// The credit events of all `results`, in their order.
///
/// # Errors
/// As [`credit_event`].
pub fn credit_events(
    results: &[InspectionResult],
    wordings: &Wordings<'_>,
    rule: Option<&DeadlineRule>,
    calendar: &Calendar,
) -> Result<Vec<CreditEvent>, DeadlineError> {
    let mut out = Vec::new();
    for r in results {
        if let Some(e) = credit_event(r, wordings, rule, calendar)? {
            out.push(e);
        }
    }
    Ok(out)
}

/// Which of 000 §五's three faults a record has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// 空白数据: a required field is empty.
    Blank,
    /// 无效数据: a field contradicts the plan or the rules.
    Invalid,
    /// 重复数据: the same object and date recorded twice.
    Duplicate,
}

impl Fault {
    /// Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            Fault::Blank => "空白数据",
            Fault::Invalid => "无效数据",
            Fault::Duplicate => "重复数据",
        }
    }
}

/// One fault of one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("results[{index}].{field}: {} ({}): {reason}", fault.zh(), fault_en(*fault))]
pub struct ResultError {
    /// Index of the record in the list given.
    pub index: usize,
    /// The field, e.g. `inspectors[1]`.
    pub field: String,
    /// Blank, invalid or duplicate.
    pub fault: Fault,
    /// What is wrong.
    pub reason: String,
}

fn fault_en(f: Fault) -> &'static str {
    match f {
        Fault::Blank => "blank",
        Fault::Invalid => "invalid",
        Fault::Duplicate => "duplicate",
    }
}

/// Every fault found, in record order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultErrors(pub Vec<ResultError>);

impl fmt::Display for ResultErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ResultErrors {}

/// Checks `records` against the `plan` they answer, reporting every blank,
/// invalid and duplicate entry at once (000 §五). Never alters a record.
///
/// * blank: `object`, `unit`, `inspectors` (or one of them), `items_checked`
///   (or one of them), `findings` unless the outcome is 未发现问题, a penalty
///   decision's `number`;
/// * invalid: an object with no task in the plan; a unit other than the
///   task's; a form other than the task's mode (an off-site record for an
///   on-site task, or the reverse: the plan as amended decides); a date
///   outside the plan's quarter, before the task's month, or after it
///   without a `late_reason` (a reason given for a visit in its month is
///   invalid too); an inspector not on the task's team, or fewer than two
///   of its officers (own visits only: a joint visit's team is the other
///   level's); an outcome that is none of the `wordings` (the phrases of
///   the plan's documents, [`Wordings::of`]); a penalty outcome without
///   its decision; a decision dated before the inspection;
/// * duplicate: the same object and date as an earlier record.
///
/// # Errors
/// [`ResultErrors`] listing each fault with the record's index, the field
/// and the reason.
pub fn validate_results(
    records: &[InspectionResult],
    plan: &QuarterPlan,
    wordings: &Wordings<'_>,
) -> Result<(), ResultErrors> {
    let tasks: HashMap<&str, &crate::plan::Task> = plan.tasks.iter().map(|t| (t.object.as_str(), t)).collect();
    let mut seen: HashMap<(&str, NaiveDate), usize> = HashMap::new();
    let mut errors = Vec::new();
    for (index, r) in records.iter().enumerate() {
        let mut err = |field: &str, fault: Fault, reason: String| {
            errors.push(ResultError { index, field: field.to_owned(), fault, reason });
        };
        // Blank.
        if r.object.trim().is_empty() {
            err("object", Fault::Blank, "the object id is empty".into());
        }
        if r.unit.trim().is_empty() {
            err("unit", Fault::Blank, "the drawing unit is empty".into());
        }
        if r.inspectors.is_empty() {
            err("inspectors", Fault::Blank, "no inspector is recorded".into());
        }
        for (i, id) in r.inspectors.iter().enumerate() {
            if id.trim().is_empty() {
                err(&format!("inspectors[{i}]"), Fault::Blank, "the inspector id is empty".into());
            }
        }
        if r.items_checked.is_empty() {
            err("items_checked", Fault::Blank, "no check item is recorded".into());
        }
        for (i, item) in r.items_checked.iter().enumerate() {
            if item.trim().is_empty() {
                err(&format!("items_checked[{i}]"), Fault::Blank, "the check item is empty".into());
            }
        }
        if !wordings.is_no_problem(&r.outcome) && r.findings.trim().is_empty() {
            err(
                "findings",
                Fault::Blank,
                format!("the outcome is 「{}」 but no finding is recorded", r.outcome.wording()),
            );
        }
        // Invalid.
        let task = tasks.get(r.object.as_str()).copied();
        if task.is_none() && !r.object.trim().is_empty() {
            err(
                "object",
                Fault::Invalid,
                format!("object `{}` has no task in plan {} ({})", r.object, plan.quarter, plan.policy),
            );
        }
        if let Some(t) = task {
            if !r.unit.trim().is_empty() && t.unit != r.unit {
                err(
                    "unit",
                    Fault::Invalid,
                    format!("the task for `{}` belongs to unit `{}`, not `{}`", r.object, t.unit, r.unit),
                );
            }
            check_form_and_month(r, t, plan.quarter, &mut err);
            if let Visit::Own { officers, joining } = &t.visit {
                let of_team = officers.iter().filter(|o| r.inspectors.contains(o)).count();
                if !r.inspectors.is_empty() && of_team < 2 {
                    err(
                        "inspectors",
                        Fault::Invalid,
                        format!(
                            "{of_team} of the task's officers recorded; every visit needs 2 (执法人员不得少于两人; team {})",
                            team(officers, joining)
                        ),
                    );
                }
                for (i, id) in r.inspectors.iter().enumerate() {
                    if !id.trim().is_empty() && !officers.contains(id) && !joining.contains(id) {
                        err(
                            &format!("inspectors[{i}]"),
                            Fault::Invalid,
                            format!("inspector `{id}` is not on the task's team ({})", team(officers, joining)),
                        );
                    }
                }
            }
        }
        if r.date < plan.quarter.first_day() || r.date > plan.quarter.last_day() {
            err(
                "date",
                Fault::Invalid,
                format!(
                    "{} is outside the plan's quarter {} ({} to {})",
                    r.date,
                    plan.quarter,
                    plan.quarter.first_day(),
                    plan.quarter.last_day()
                ),
            );
        }
        if wordings.meaning(&r.outcome).is_none() {
            let whose = if wordings.prescribed() { "the plan's document prescribes" } else { "the documents give" };
            err(
                "outcome",
                Fault::Invalid,
                format!("「{}」 is none of the phrases {whose}: {}", r.outcome, wordings.list()),
            );
        }
        match &r.penalty_decision {
            None if wordings.is_penalty(&r.outcome) => err(
                "penalty_decision",
                Fault::Invalid,
                format!(
                    "the outcome 「{}」 is a penalty but no decision (number and date) is recorded",
                    r.outcome.wording()
                ),
            ),
            Some(d) => {
                if d.number.trim().is_empty() {
                    err("penalty_decision.number", Fault::Blank, "the decision number is empty".into());
                }
                if d.date < r.date {
                    err(
                        "penalty_decision.date",
                        Fault::Invalid,
                        format!("the decision ({}) predates the inspection ({})", d.date, r.date),
                    );
                }
            }
            None => {}
        }
        // Duplicate.
        if !r.object.trim().is_empty() {
            match seen.get(&(r.object.as_str(), r.date)) {
                Some(first) => err(
                    "object",
                    Fault::Duplicate,
                    format!("`{}` on {} is already recorded at results[{first}]", r.object, r.date),
                ),
                None => {
                    seen.insert((r.object.as_str(), r.date), index);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ResultErrors(errors))
    }
}

/// The result's form against the task's mode, and its date against the
/// task's month (a later date only with a reason).
fn check_form_and_month(
    r: &InspectionResult,
    t: &crate::plan::Task,
    quarter: crate::model::Quarter,
    err: &mut impl FnMut(&str, Fault, String),
) {
    let expected = match t.mode {
        Mode::OnSite => Form::OnSite,
        Mode::OffSite => Form::OffSite,
    };
    if r.form != expected {
        err(
            "form",
            Fault::Invalid,
            format!("the task is recorded on {} in the plan, not {}", expected.title_zh(), r.form.title_zh()),
        );
    }
    let month = (r.date.year(), r.date.month());
    let task_month = (quarter.year(), t.month);
    let reason = r.late_reason.as_deref().map(str::trim);
    if r.date < quarter.first_day() || r.date > quarter.last_day() {
        // Outside the quarter: said once, by the quarter's check.
    } else if month < task_month {
        err("date", Fault::Invalid, format!("{} is before the task's month ({})", r.date, t.month));
    } else if month > task_month && reason.is_none_or(str::is_empty) {
        err(
            "date",
            Fault::Invalid,
            format!("{} is after the task's month ({}): a late visit needs a `late_reason`", r.date, t.month),
        );
    } else if month == task_month && reason.is_some() {
        err("late_reason", Fault::Invalid, format!("{} is in the task's month ({}): it is not late", r.date, t.month));
    }
}

fn team(officers: &[Id], joining: &[Id]) -> String {
    let all: BTreeSet<&str> = officers.iter().chain(joining).map(String::as_str).collect();
    all.into_iter().collect::<Vec<_>>().join(", ")
}
