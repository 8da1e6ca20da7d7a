//! `ssj staffing`: the least number of officers per unit for which the
//! year plans, and today's shortfall — found by planning.

use clap::Args;
use shuangsuiji::analysis::staffing::{staffing, Staffing};

use crate::input::{build_inputs, refuse, refuse_draw_date, InputArgs};
use crate::output::{emit, input_err, to_json, write_all_atomic, CliError, Format};
use crate::report::{self, Lang};
use crate::table::Table;

/// `ssj staffing`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj staffing --demo --capacity 5
  ssj staffing --registry libs/ --policy changji-county --quarter 2023Q1 --capacity 12 --report staffing.html

Each number of officers is tried by planning every quarter from --quarter to the year's end, each fed the earlier ones as history: under a 1:N rule every officer counted raises the general minimum, so no division finds the answer. Hypothetical officers have --capacity, no expertise and no recusals.")]
pub struct StaffingArgs {
    /// Inputs (registry, policy, units, quarter, history, seed).
    #[command(flatten)]
    pub input: InputArgs,
    /// Most visits one officer makes in a quarter.
    #[arg(long, value_name = "VISITS")]
    pub capacity: u32,
    /// Also write the staffing chart as HTML.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
}

/// Runs `ssj staffing`.
///
/// # Errors
/// [`CliError::Input`] for bad inputs, a zero capacity, or flags that do
/// not apply.
pub fn run(args: StaffingArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    refuse_draw_date(&args.input)?;
    refuse(args.input.month.is_some(), "--month", "staffing plans whole quarters")?;
    let request = build_inputs(&args.input)?;
    request.policy.check_has_rules().map_err(input_err)?;
    let answer = staffing(&request, args.capacity).map_err(input_err)?;
    let lang: Lang = args.input.lang.into();
    if let Some(path) = &args.report {
        write_all_atomic(&[(path.clone(), report::staffing::html(&answer, &request, lang))])?;
    }
    let text = match args.input.format {
        Format::Json => to_json(&answer)?,
        Format::Table => table(&answer, &request.policy.id, lang),
    };
    emit(out, &text)
}

/// The answer as a table, headed by what it assumed: the policy, the
/// capacity, the quarters and the seed the trial plans were drawn with
/// (which matters only where recusals or expertise bind, and is then said).
fn table(a: &Staffing, policy: &str, lang: Lang) -> String {
    let seed = &a.seed;
    let l = |zh, en| lang.pick(zh, en);
    let first = a.quarters.first().map(ToString::to_string).unwrap_or_default();
    let last = a.quarters.last().map(ToString::to_string).unwrap_or_default();
    let mut head = match lang {
        Lang::Zh => {
            format!("{policy}：每名执法人员每季度最多 {} 次检查，{first}–{last}，试抽种子 {seed}\n\n", a.capacity)
        }
        Lang::En => {
            format!(
                "{policy}: at most {} visits per officer per quarter, {first}–{last}, trial draws with seed {seed}\n\n",
                a.capacity
            )
        }
    };
    let mut headers =
        vec![l("抽查单位", "unit"), l("现有执法人员", "officers now"), l("所需", "needed"), l("缺口", "shortfall")];
    let quarters: Vec<String> = a.quarters.iter().map(ToString::to_string).collect();
    headers.extend(quarters.iter().map(String::as_str));
    headers.push(l("现有人员（按各自容量）", "today's staff (own capacities)"));
    let mut right = vec![false, true, true, true];
    right.extend(quarters.iter().map(|_| true));
    right.push(false);
    let mut t = Table::new(&headers, &right);
    let opt = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |n| n.to_string());
    for u in &a.units {
        let mut row = vec![u.unit.clone(), u.officers_now.to_string(), opt(u.officers_needed), opt(u.shortfall)];
        row.extend(u.quarters.iter().map(|q| opt(q.officers_needed)));
        row.push(match &u.current_fails {
            None => l("全年可完成", "plans the year").to_owned(),
            Some(f) => match lang {
                Lang::Zh => format!("{} 无法完成", f.quarter),
                Lang::En => format!("fails in {}", f.quarter),
            },
        });
        t.row(row);
    }
    head.push_str(&t.render());
    for u in &a.units {
        if let Some(why) = &u.blocked {
            head.push_str(&format!(
                "\n{}: {} {why}\n",
                u.unit,
                l("任何人数都无法完成：", "no number of officers plans it:")
            ));
        }
    }
    head.push_str(l(
        "\n各季度一栏为完成截至该季度的全部计划所需的最少人数（持证在岗执法人员，每人按上述容量）；末栏按现有人员各自的季度容量判断。\n",
        "\nEach quarter's column is the least number of certified, on-post officers (each of the capacity above) for which every quarter up to it plans; the last column judges today's officers at their own quarterly capacities.\n",
    ));
    head
}
