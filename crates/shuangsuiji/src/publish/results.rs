//! Inspection results: what a team records after a visit, how it is
//! worded for the public, and the checks a record must pass before it is
//! published.
//!
//! * Each record is entered on one of two forms (000 §五):
//!   《污染源现场检查记录表》 or 《非现场检查记录表》 ([`Form`]).
//! * The outcome is worded in one of the fixed phrases of the bureau's
//!   document ([`Outcome`]): seven for Changji (000 §六), three for Fengdu
//!   (001 §三（六）).
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

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::deadline::{working_days_after, DeadlineError};
use crate::calendar::Calendar;
use crate::model::Id;
use crate::plan::{QuarterPlan, Visit};
use crate::rules::DeadlineRule;

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

/// The seven public wordings of Changji 2023 §六 (二是).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangjiOutcome {
    /// 未发现问题.
    NoProblem,
    /// 发现问题作出责令改正等行政命令.
    CorrectiveOrder,
    /// 发现问题做出行政指导 (the document writes 做出 here).
    AdministrativeGuidance,
    /// 发现问题作出行政处罚决定.
    PenaltyDecision,
    /// 发现问题作出行政强制决定.
    CoerciveMeasure,
    /// 发现问题作出其他具体行政行为.
    OtherAdministrativeAct,
    /// 发现问题,但是属于其他部门监管,需要移送或通报 (half-width commas, as
    /// in the document).
    ReferredToOtherDepartment,
}

impl ChangjiOutcome {
    /// All seven, in the document's order.
    pub const ALL: [ChangjiOutcome; 7] = [
        ChangjiOutcome::NoProblem,
        ChangjiOutcome::CorrectiveOrder,
        ChangjiOutcome::AdministrativeGuidance,
        ChangjiOutcome::PenaltyDecision,
        ChangjiOutcome::CoerciveMeasure,
        ChangjiOutcome::OtherAdministrativeAct,
        ChangjiOutcome::ReferredToOtherDepartment,
    ];

    /// The wording exactly as 000 §六 writes it.
    pub fn wording(self) -> &'static str {
        match self {
            ChangjiOutcome::NoProblem => "未发现问题",
            ChangjiOutcome::CorrectiveOrder => "发现问题作出责令改正等行政命令",
            ChangjiOutcome::AdministrativeGuidance => "发现问题做出行政指导",
            ChangjiOutcome::PenaltyDecision => "发现问题作出行政处罚决定",
            ChangjiOutcome::CoerciveMeasure => "发现问题作出行政强制决定",
            ChangjiOutcome::OtherAdministrativeAct => "发现问题作出其他具体行政行为",
            ChangjiOutcome::ReferredToOtherDepartment => "发现问题,但是属于其他部门监管,需要移送或通报",
        }
    }

    /// The English (snake-case) name used in JSON as an alternative to
    /// the wording.
    pub fn en(self) -> &'static str {
        match self {
            ChangjiOutcome::NoProblem => "no_problem",
            ChangjiOutcome::CorrectiveOrder => "corrective_order",
            ChangjiOutcome::AdministrativeGuidance => "administrative_guidance",
            ChangjiOutcome::PenaltyDecision => "penalty_decision",
            ChangjiOutcome::CoerciveMeasure => "coercive_measure",
            ChangjiOutcome::OtherAdministrativeAct => "other_administrative_act",
            ChangjiOutcome::ReferredToOtherDepartment => "referred_to_other_department",
        }
    }
}

/// The three public wordings of Fengdu 2024 §三（六）.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FengduOutcome {
    /// 未发现问题.
    NoProblem,
    /// 发现问题已责令整改.
    OrderedToRectify,
    /// 发现违法行为已立案调查.
    CaseOpened,
}

impl FengduOutcome {
    /// All three, in the document's order.
    pub const ALL: [FengduOutcome; 3] =
        [FengduOutcome::NoProblem, FengduOutcome::OrderedToRectify, FengduOutcome::CaseOpened];

    /// The wording exactly as 001 §三（六） writes it.
    pub fn wording(self) -> &'static str {
        match self {
            FengduOutcome::NoProblem => "未发现问题",
            FengduOutcome::OrderedToRectify => "发现问题已责令整改",
            FengduOutcome::CaseOpened => "发现违法行为已立案调查",
        }
    }

    /// The English (snake-case) name.
    pub fn en(self) -> &'static str {
        match self {
            FengduOutcome::NoProblem => "no_problem",
            FengduOutcome::OrderedToRectify => "ordered_to_rectify",
            FengduOutcome::CaseOpened => "case_opened",
        }
    }
}

/// Whose list of wordings applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// Changji 2023 §六: seven wordings.
    Changji,
    /// Fengdu 2024 §三（六）: three wordings.
    Fengdu,
}

impl Regime {
    /// The regime a policy's results are worded in, from the policy id:
    /// `changji-*` (the prefecture, its counties and parks, including the
    /// Hi-tech Zone, which 000 §五 covers as a 园区) use Changji's seven
    /// wordings; `fengdu*` Fengdu's three. Other documents (Wangcheng,
    /// Zhongwei) prescribe no wording: `None`, and either list is accepted.
    pub fn for_policy(policy_id: &str) -> Option<Regime> {
        if policy_id.starts_with("changji") {
            Some(Regime::Changji)
        } else if policy_id.starts_with("fengdu") {
            Some(Regime::Fengdu)
        } else {
            None
        }
    }

    /// English name.
    pub fn en(self) -> &'static str {
        match self {
            Regime::Changji => "changji",
            Regime::Fengdu => "fengdu",
        }
    }
}

/// An outcome in one regime's wording.
///
/// In JSON an outcome is a string: the exact Chinese wording (the
/// Changji list's seventh may also be written with full-width commas), or
/// `<regime>.<english>` such as `fengdu.case_opened`. The plain wording
/// 未发现问题, shared by both lists, reads as Changji's; it
/// [fits](Outcome::fits) either regime. Serialized as the exact wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// A Changji wording.
    Changji(ChangjiOutcome),
    /// A Fengdu wording.
    Fengdu(FengduOutcome),
}

impl Outcome {
    /// The public wording.
    pub fn wording(self) -> &'static str {
        match self {
            Outcome::Changji(o) => o.wording(),
            Outcome::Fengdu(o) => o.wording(),
        }
    }

    /// The regime whose list the variant comes from.
    pub fn regime(self) -> Regime {
        match self {
            Outcome::Changji(_) => Regime::Changji,
            Outcome::Fengdu(_) => Regime::Fengdu,
        }
    }

    /// Whether the wording appears in `regime`'s list (未发现问题 appears in
    /// both).
    pub fn fits(self, regime: Regime) -> bool {
        self.is_no_problem() || self.regime() == regime
    }

    /// 未发现问题.
    pub fn is_no_problem(self) -> bool {
        matches!(self, Outcome::Changji(ChangjiOutcome::NoProblem) | Outcome::Fengdu(FengduOutcome::NoProblem))
    }

    /// Whether the outcome is an administrative penalty, which goes into the
    /// credit information system (000 §六 三是; 001 §五（二）).
    ///
    /// Changji: 发现问题作出行政处罚决定. Fengdu has no penalty wording; its
    /// 发现违法行为已立案调查 (a case opened) is read as the penalty outcome,
    /// because opening a case (立案) is the step of the administrative-penalty
    /// procedure, and the only one of the three wordings that leads to a
    /// penalty decision. A Fengdu record so worded must therefore carry its
    /// penalty decision before [`validate_results`] passes it.
    pub fn is_penalty(self) -> bool {
        matches!(self, Outcome::Changji(ChangjiOutcome::PenaltyDecision) | Outcome::Fengdu(FengduOutcome::CaseOpened))
    }

    /// Every outcome of both lists (未发现问题 twice).
    pub fn all() -> impl Iterator<Item = Outcome> {
        ChangjiOutcome::ALL.into_iter().map(Outcome::Changji).chain(FengduOutcome::ALL.into_iter().map(Outcome::Fengdu))
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wording())
    }
}

/// A string that is none of the wordings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an outcome wording; write one of Changji's seven (000 §六) or Fengdu's three (001 §三（六）) exactly, or `changji.<name>` / `fengdu.<name>`")]
pub struct OutcomeParseError(pub String);

impl FromStr for Outcome {
    type Err = OutcomeParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let half = t.replace('，', ",");
        if let Some(o) = ChangjiOutcome::ALL.into_iter().find(|o| o.wording() == half) {
            return Ok(Outcome::Changji(o));
        }
        if let Some(o) = FengduOutcome::ALL.into_iter().find(|o| o.wording() == t) {
            return Ok(Outcome::Fengdu(o));
        }
        if let Some((regime, name)) = t.split_once('.') {
            let found = match regime {
                "changji" => ChangjiOutcome::ALL.into_iter().find(|o| o.en() == name).map(Outcome::Changji),
                "fengdu" => FengduOutcome::ALL.into_iter().find(|o| o.en() == name).map(Outcome::Fengdu),
                _ => None,
            };
            if let Some(o) = found {
                return Ok(o);
            }
        }
        Err(OutcomeParseError(s.to_owned()))
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.wording())
    }
}

impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
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
/// penalty ([`Outcome::is_penalty`]) and the decision is recorded; `None`
/// otherwise (a penalty outcome with no decision is caught by
/// [`validate_results`]). `rule` is the document's deadline for
/// publishing a penalty decision, if it sets one.
///
/// # Errors
/// [`DeadlineError::Calendar`] when the working days reach a year the
/// calendar does not know.
pub fn credit_event(
    result: &InspectionResult,
    rule: Option<&DeadlineRule>,
    calendar: &Calendar,
) -> Result<Option<CreditEvent>, DeadlineError> {
    let Some(decision) = result.penalty_decision.as_ref().filter(|_| result.outcome.is_penalty()) else {
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
    rule: Option<&DeadlineRule>,
    calendar: &Calendar,
) -> Result<Vec<CreditEvent>, DeadlineError> {
    let mut out = Vec::new();
    for r in results {
        if let Some(e) = credit_event(r, rule, calendar)? {
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
///   task's; a date outside the plan's quarter; an inspector not on the
///   task's team (own visits only: a joint visit's team is the other
///   level's); an outcome worded in the other regime's list
///   ([`Regime::for_policy`]); a penalty outcome without its decision; a
///   decision dated before the inspection;
/// * duplicate: the same object and date as an earlier record.
///
/// # Errors
/// [`ResultErrors`] listing each fault with the record's index, the field
/// and the reason.
pub fn validate_results(records: &[InspectionResult], plan: &QuarterPlan) -> Result<(), ResultErrors> {
    let tasks: HashMap<&str, &crate::plan::Task> = plan.tasks.iter().map(|t| (t.object.as_str(), t)).collect();
    let regime = Regime::for_policy(&plan.policy);
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
        if !r.outcome.is_no_problem() && r.findings.trim().is_empty() {
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
            if let Visit::Own { officers, joining } = &t.visit {
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
        if let Some(reg) = regime {
            if !r.outcome.fits(reg) {
                err(
                    "outcome",
                    Fault::Invalid,
                    format!(
                        "「{}」 is {}'s wording; policy `{}` uses {}'s list ({})",
                        r.outcome.wording(),
                        r.outcome.regime().en(),
                        plan.policy,
                        reg.en(),
                        wordings(reg)
                    ),
                );
            }
        }
        match &r.penalty_decision {
            None if r.outcome.is_penalty() => err(
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

fn team(officers: &[Id], joining: &[Id]) -> String {
    let all: BTreeSet<&str> = officers.iter().chain(joining).map(String::as_str).collect();
    all.into_iter().collect::<Vec<_>>().join(", ")
}

fn wordings(regime: Regime) -> String {
    let list: Vec<&str> = match regime {
        Regime::Changji => ChangjiOutcome::ALL.iter().map(|o| o.wording()).collect(),
        Regime::Fengdu => FengduOutcome::ALL.iter().map(|o| o.wording()).collect(),
    };
    list.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordings_round_trip() {
        for o in Outcome::all() {
            let parsed: Outcome = o.wording().parse().unwrap();
            assert_eq!(parsed.wording(), o.wording());
            let json = serde_json::to_string(&o).unwrap();
            let back: Outcome = serde_json::from_str(&json).unwrap();
            assert_eq!(back.wording(), o.wording());
        }
        assert_eq!(
            "发现问题，但是属于其他部门监管，需要移送或通报".parse::<Outcome>().unwrap(),
            Outcome::Changji(ChangjiOutcome::ReferredToOtherDepartment)
        );
        assert_eq!("fengdu.case_opened".parse::<Outcome>().unwrap(), Outcome::Fengdu(FengduOutcome::CaseOpened));
        assert!("发现问题".parse::<Outcome>().is_err());
    }

    #[test]
    fn penalties_and_regimes() {
        let penalties: Vec<_> = Outcome::all().filter(|o| o.is_penalty()).map(Outcome::wording).collect();
        assert_eq!(penalties, ["发现问题作出行政处罚决定", "发现违法行为已立案调查"]);
        assert!(Outcome::Fengdu(FengduOutcome::NoProblem).fits(Regime::Changji));
        assert!(!Outcome::Fengdu(FengduOutcome::OrderedToRectify).fits(Regime::Changji));
        assert_eq!(Regime::for_policy("changji-hitech"), Some(Regime::Changji));
        assert_eq!(Regime::for_policy("fengdu-example"), Some(Regime::Fengdu));
        assert_eq!(Regime::for_policy("wangcheng"), None);
    }
}
