//! One module per subcommand: its arguments and its `run`.

pub mod agenda;
pub mod amend;
pub mod calendar;
pub mod check;
pub mod commit;
pub mod compare;
pub mod deadlines;
pub mod draw_record;
pub mod plan;
pub mod publish;
pub mod quotas;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod simulate;
pub mod staffing;
pub mod stats;
pub mod status;
pub mod template;
pub mod verify;
