//! Publishing, "one public" (一公开): results, their disclosure and the
//! statistics.
//!
//! * [`results`]: inspection results with each document's published wording
//!   (Changji's seven, Fengdu's three), credit events, and the 000 §五 check
//!   for blank, invalid and duplicate records;
//! * [`disclosure`]: the public records, confidential results withheld;
//! * [`stats`]: the quarterly 统计表, yearly counts per object and inspector,
//!   and coverage of the twelve check items;
//! * [`deadlines`]: each task's deadlines and what is overdue;
//! * [`agenda`]: the year's duties, done, due or overdue;
//! * [`year`]: earlier plans, logs and results as the next draw's history,
//!   and what the year still owes.

pub mod agenda;
pub mod deadlines;
pub mod disclosure;
pub mod results;
pub mod stats;
pub mod year;
