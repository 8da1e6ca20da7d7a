//! Working days under China's national public-holiday schedule.
//!
//! Every year the General Office of the State Council publishes the year's
//! holiday arrangement (国务院办公厅关于××年部分节假日安排的通知): the days off
//! (放假) and the weekend days made working days to compensate (调休上班).
//! Deadlines "within N working days" (N个工作日内) in the inspection documents
//! count days under that schedule.
//!
//! [`Calendar::national`] holds the schedules for 2020 through 2026, embedded
//! from `data/holidays.toml`. A user can add or replace a year from their own
//! file with [`Calendar::with_year_file`]. A date in a year the calendar does
//! not know is an error ([`CalendarError::UnknownYear`]), never a guess: a
//! plain Monday–Friday rule would be wrong around every Spring Festival.
//!
//! Rule for a known year: a date listed as a make-up working day is a working
//! day; otherwise a date listed as a holiday is not; otherwise Monday–Friday
//! are working days and Saturday/Sunday are not.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

/// The embedded national schedule (2020–2026).
const NATIONAL_TOML: &str = include_str!("../../data/holidays.toml");

/// Errors from building or querying a [`Calendar`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date lies in a year for which the calendar has no schedule.
    #[error("the calendar has no holiday schedule for {year}; add the year's notice with a year file")]
    UnknownYear {
        /// The year asked for.
        year: i32,
    },
    /// The year file is not valid TOML or does not have the expected shape.
    #[error("holiday file is not valid: {0}")]
    Parse(String),
    /// A date or range in the year file could not be read.
    #[error("year {year}: `{text}` is not a date (YYYY-MM-DD) or an inclusive range (YYYY-MM-DD..YYYY-MM-DD)")]
    BadDate {
        /// The section's year.
        year: i32,
        /// The text that was rejected.
        text: String,
    },
    /// A date listed under a year lies in another year.
    #[error("year {year}: {date} lies outside the year; list it under its own year")]
    OutsideYear {
        /// The section's year.
        year: i32,
        /// The offending date.
        date: NaiveDate,
    },
    /// A make-up working day (调休上班) that is not a Saturday or Sunday.
    #[error("year {year}: {date} is listed as a make-up working day but is a {weekday}, not a weekend day")]
    WorkdayNotWeekend {
        /// The section's year.
        year: i32,
        /// The offending date.
        date: NaiveDate,
        /// Its day of the week.
        weekday: Weekday,
    },
    /// A date listed both as a holiday and as a make-up working day.
    #[error("year {year}: {date} is listed both as a holiday and as a working day")]
    OffAndWork {
        /// The section's year.
        year: i32,
        /// The offending date.
        date: NaiveDate,
    },
    /// The same year appears twice in one file.
    #[error("year {year} appears more than once in the same file")]
    DuplicateYear {
        /// The repeated year.
        year: i32,
    },
    /// The file contains no year section.
    #[error("holiday file contains no [[year]] section")]
    Empty,
    /// A range whose end comes before its start.
    #[error("range ends ({end}) before it starts ({start})")]
    ReversedRange {
        /// Start of the range.
        start: NaiveDate,
        /// End of the range.
        end: NaiveDate,
    },
    /// Date arithmetic left chrono's representable range.
    #[error("date arithmetic left the representable range")]
    DateOutOfRange,
}

/// One holiday of a year's notice, as listed in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// Name as written in the file, e.g. "春节".
    pub name: String,
    /// Days off (放假), sorted.
    pub off: Vec<NaiveDate>,
    /// Weekend days made working days (调休上班), sorted.
    pub work: Vec<NaiveDate>,
}

/// The schedule of one calendar year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSchedule {
    /// The year.
    pub year: i32,
    /// Where the dates come from (free text from the file).
    pub notice: String,
    /// The holidays, in file order.
    pub holidays: Vec<Holiday>,
    off: BTreeSet<NaiveDate>,
    work: BTreeSet<NaiveDate>,
}

impl YearSchedule {
    /// Whether `date` (which must lie in this year) is a working day.
    fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.work.contains(&date) {
            return true;
        }
        if self.off.contains(&date) {
            return false;
        }
        !is_weekend(date)
    }

    /// All days off of the year's notice, sorted.
    pub fn off_days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.off.iter().copied()
    }

    /// All make-up working days (调休上班) of the year, sorted.
    pub fn make_up_working_days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.work.iter().copied()
    }

    /// Working days in each month of the year (January first): what a
    /// bureau compares with the notice before using a year file.
    pub fn working_days_per_month(&self) -> [u32; 12] {
        let mut out = [0u32; 12];
        let days = NaiveDate::from_ymd_opt(self.year, 1, 1).into_iter().flat_map(|d| d.iter_days());
        for d in days.take_while(|d| d.year() == self.year) {
            if self.is_working_day(d) {
                if let Some(n) = out.get_mut(d.month0() as usize) {
                    *n += 1;
                }
            }
        }
        out
    }
}

/// A working-day calendar: one [`YearSchedule`] per known year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    years: BTreeMap<i32, YearSchedule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    year: Vec<FileYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileYear {
    year: i32,
    #[serde(default)]
    notice: String,
    #[serde(default)]
    holiday: Vec<FileHoliday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileHoliday {
    name: String,
    #[serde(default)]
    off: Vec<String>,
    #[serde(default)]
    work: Vec<String>,
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn parse_date(year: i32, text: &str) -> Result<NaiveDate, CalendarError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| CalendarError::BadDate { year, text: text.to_owned() })
}

/// Reads `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD` (inclusive) into its dates.
fn parse_dates(year: i32, text: &str) -> Result<Vec<NaiveDate>, CalendarError> {
    let (start, end) = match text.split_once("..") {
        Some((a, b)) => (parse_date(year, a)?, parse_date(year, b)?),
        None => {
            let d = parse_date(year, text)?;
            (d, d)
        }
    };
    if end < start {
        return Err(CalendarError::ReversedRange { start, end });
    }
    let mut out = Vec::new();
    let mut d = start;
    loop {
        if d.year() != year {
            return Err(CalendarError::OutsideYear { year, date: d });
        }
        out.push(d);
        if d == end {
            break;
        }
        d = d.succ_opt().ok_or(CalendarError::DateOutOfRange)?;
    }
    Ok(out)
}

fn build_year(file: FileYear) -> Result<YearSchedule, CalendarError> {
    let year = file.year;
    let mut off = BTreeSet::new();
    let mut work = BTreeSet::new();
    let mut holidays = Vec::with_capacity(file.holiday.len());
    for h in file.holiday {
        let mut h_off = BTreeSet::new();
        for text in &h.off {
            h_off.extend(parse_dates(year, text)?);
        }
        let mut h_work = BTreeSet::new();
        for text in &h.work {
            for date in parse_dates(year, text)? {
                if !is_weekend(date) {
                    return Err(CalendarError::WorkdayNotWeekend { year, date, weekday: date.weekday() });
                }
                h_work.insert(date);
            }
        }
        off.extend(h_off.iter().copied());
        work.extend(h_work.iter().copied());
        holidays.push(Holiday { name: h.name, off: h_off.into_iter().collect(), work: h_work.into_iter().collect() });
    }
    if let Some(&date) = off.intersection(&work).next() {
        return Err(CalendarError::OffAndWork { year, date });
    }
    Ok(YearSchedule { year, notice: file.notice, holidays, off, work })
}

/// Parses a year file into its schedules (not yet merged into a calendar).
fn parse_file(text: &str) -> Result<Vec<YearSchedule>, CalendarError> {
    let doc: FileDoc = toml::from_str(text).map_err(|e| CalendarError::Parse(e.to_string()))?;
    if doc.year.is_empty() {
        return Err(CalendarError::Empty);
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(doc.year.len());
    for y in doc.year {
        if !seen.insert(y.year) {
            return Err(CalendarError::DuplicateYear { year: y.year });
        }
        out.push(build_year(y)?);
    }
    Ok(out)
}

impl Calendar {
    /// A calendar that knows no year (every query is
    /// [`CalendarError::UnknownYear`] until years are added).
    pub fn empty() -> Self {
        Self::default()
    }

    /// The national schedule for 2020 through 2026, from the embedded
    /// `data/holidays.toml` (sources listed per year in the file and in
    /// `docs/calendar.md`).
    ///
    /// # Errors
    /// Only if the embedded file were invalid; a test guarantees it is not.
    pub fn national() -> Result<Self, CalendarError> {
        Self::empty().with_year_file(NATIONAL_TOML)
    }

    /// Adds the years of a user's file (same format as `data/holidays.toml`),
    /// replacing any year the calendar already has. Each year in the file
    /// replaces that year wholesale; years not in the file are kept.
    ///
    /// # Errors
    /// [`CalendarError`] when the file is not valid TOML of the expected
    /// shape, is empty, repeats a year, lists a date outside its year, a
    /// make-up working day that is not a weekend day, or a date both off and
    /// working. On error `self` is consumed and nothing is returned; build
    /// again from [`Calendar::national`] if needed.
    pub fn with_year_file(mut self, text: &str) -> Result<Self, CalendarError> {
        for y in parse_file(text)? {
            self.years.insert(y.year, y);
        }
        Ok(self)
    }

    /// The years this calendar knows, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// The schedule of `year`, if known.
    pub fn year(&self, year: i32) -> Option<&YearSchedule> {
        self.years.get(&year)
    }

    fn schedule(&self, year: i32) -> Result<&YearSchedule, CalendarError> {
        self.years.get(&year).ok_or(CalendarError::UnknownYear { year })
    }

    /// Whether `date` is a working day.
    ///
    /// # Errors
    /// [`CalendarError::UnknownYear`] when the calendar has no schedule for
    /// the date's year.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.schedule(date.year())?.is_working_day(date))
    }

    /// The `n`-th working day after `date` (`date` itself is not counted,
    /// following the rule that a period starts the day after the event). For
    /// `n == 0` returns `date` unchanged.
    ///
    /// # Errors
    /// [`CalendarError::UnknownYear`] when the count runs into a year the
    /// calendar does not know; [`CalendarError::DateOutOfRange`] at chrono's
    /// limits.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().ok_or(CalendarError::DateOutOfRange)?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The number of working days `d` with `a < d <= b`, so that
    /// `working_days_between(a, add_working_days(a, n)) == n`.
    /// Zero when `a == b`.
    ///
    /// # Errors
    /// [`CalendarError::ReversedRange`] when `b < a`;
    /// [`CalendarError::UnknownYear`] when a day in between lies in an
    /// unknown year.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<u32, CalendarError> {
        if b < a {
            return Err(CalendarError::ReversedRange { start: a, end: b });
        }
        let mut count: u32 = 0;
        let mut d = a;
        while d < b {
            d = d.succ_opt().ok_or(CalendarError::DateOutOfRange)?;
            if self.is_working_day(d)? {
                count = count.saturating_add(1);
            }
        }
        Ok(count)
    }

    /// The last `n` working days inside `range` (inclusive), ascending. Fewer
    /// than `n` when the range holds fewer working days; empty for `n == 0`.
    ///
    /// # Errors
    /// [`CalendarError::ReversedRange`] when the range is reversed;
    /// [`CalendarError::UnknownYear`] when the search reaches an unknown year.
    pub fn last_working_days_of(
        &self,
        range: RangeInclusive<NaiveDate>,
        n: usize,
    ) -> Result<Vec<NaiveDate>, CalendarError> {
        let (start, end) = range.into_inner();
        if end < start {
            return Err(CalendarError::ReversedRange { start, end });
        }
        let mut out = Vec::with_capacity(n);
        let mut d = end;
        while out.len() < n {
            if self.is_working_day(d)? {
                out.push(d);
            }
            if d == start {
                break;
            }
            d = d.pred_opt().ok_or(CalendarError::DateOutOfRange)?;
        }
        out.reverse();
        Ok(out)
    }

    /// The first working day on or after `date`.
    ///
    /// # Errors
    /// [`CalendarError::UnknownYear`] when the search reaches an unknown year.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut d = date;
        while !self.is_working_day(d)? {
            d = d.succ_opt().ok_or(CalendarError::DateOutOfRange)?;
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn national_parses_and_covers_2020_to_2026() {
        let cal = Calendar::national().unwrap();
        assert_eq!(cal.years().collect::<Vec<_>>(), (2020..=2026).collect::<Vec<_>>());
    }

    #[test]
    fn plain_rule_and_overrides() {
        let cal = Calendar::national().unwrap();
        assert!(cal.is_working_day(d(2024, 2, 4)).unwrap()); // 调休 Sunday
        assert!(!cal.is_working_day(d(2024, 2, 12)).unwrap()); // 春节 Monday
        assert!(!cal.is_working_day(d(2024, 3, 2)).unwrap()); // plain Saturday
        assert!(cal.is_working_day(d(2024, 3, 4)).unwrap()); // plain Monday
    }

    #[test]
    fn unknown_year_is_an_error() {
        let cal = Calendar::national().unwrap();
        assert_eq!(cal.is_working_day(d(2019, 12, 31)), Err(CalendarError::UnknownYear { year: 2019 }));
        assert_eq!(cal.add_working_days(d(2026, 12, 30), 5), Err(CalendarError::UnknownYear { year: 2027 }));
    }

    #[test]
    fn add_and_between_agree() {
        let cal = Calendar::national().unwrap();
        let a = d(2023, 9, 20);
        for n in 0..40 {
            let b = cal.add_working_days(a, n).unwrap();
            assert_eq!(cal.working_days_between(a, b).unwrap(), n);
        }
        assert!(cal.working_days_between(d(2023, 2, 1), d(2023, 1, 1)).is_err());
    }

    #[test]
    fn file_validation() {
        let bad_work = "[[year]]\nyear = 2027\n[[year.holiday]]\nname = \"x\"\nwork = [\"2027-01-04\"]\n";
        assert!(matches!(Calendar::empty().with_year_file(bad_work), Err(CalendarError::WorkdayNotWeekend { .. })));
        let outside = "[[year]]\nyear = 2027\n[[year.holiday]]\nname = \"x\"\noff = [\"2026-12-31..2027-01-01\"]\n";
        assert!(matches!(Calendar::empty().with_year_file(outside), Err(CalendarError::OutsideYear { .. })));
        let both =
            "[[year]]\nyear = 2027\n[[year.holiday]]\nname = \"x\"\noff = [\"2027-01-02\"]\nwork = [\"2027-01-02\"]\n";
        assert!(matches!(Calendar::empty().with_year_file(both), Err(CalendarError::OffAndWork { .. })));
        assert!(matches!(Calendar::empty().with_year_file(""), Err(CalendarError::Empty)));
        assert!(matches!(
            Calendar::empty().with_year_file("[[year]]\nyear = 2027\n[[year]]\nyear = 2027\n"),
            Err(CalendarError::DuplicateYear { year: 2027 })
        ));
        assert!(matches!(
            Calendar::empty()
                .with_year_file("[[year]]\nyear = 2027\n[[year.holiday]]\nname = \"x\"\noff = [\"2027-13-01\"]\n"),
            Err(CalendarError::BadDate { .. })
        ));
    }
}
