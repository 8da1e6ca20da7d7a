//! The `ssj` command: argument parsing, output and one module per
//! subcommand. Reading files is [`shuangsuiji_io`]'s job, planning and
//! checking the core's ([`shuangsuiji`]).

pub mod cli;
pub mod commands;
pub mod input;
pub mod output;
pub mod report;
pub mod table;
