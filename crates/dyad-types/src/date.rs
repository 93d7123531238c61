//! Dates known to year, month or day precision.

use std::fmt;

/// How precisely a [`PartialDate`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "lowercase"))]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

impl DatePrecision {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
        }
    }
}

/// Where an event's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "lowercase"))]
pub enum DateBasis {
    /// Stated in the text (`on April 7, 2018`, `in May 2020`).
    Explicit,
    /// Stated relative to the document date (`last week`, `in March`).
    Relative,
    /// No date in the text: the document's date is used.
    Document,
    /// Neither the text nor the document gives a date.
    Unknown,
}

impl DateBasis {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Explicit => "explicit",
            DateBasis::Relative => "relative",
            DateBasis::Document => "document",
            DateBasis::Unknown => "unknown",
        }
    }
}

/// A calendar date known to year, month or day precision.
///
/// `month` and `day` are 0 when unknown; a known day implies a known month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year (e.g. 2020).
    pub year: i32,
    /// 1–12, or 0 when unknown.
    pub month: u8,
    /// 1–31, or 0 when unknown.
    pub day: u8,
}

impl PartialDate {
    /// A year-precision date.
    pub fn year(year: i32) -> PartialDate {
        PartialDate { year, month: 0, day: 0 }
    }

    /// A month-precision date; `None` if the month is out of range.
    pub fn month(year: i32, month: u8) -> Option<PartialDate> {
        (1..=12).contains(&month).then_some(PartialDate { year, month, day: 0 })
    }

    /// A day-precision date; `None` if it is not a real calendar day.
    pub fn day(year: i32, month: u8, day: u8) -> Option<PartialDate> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (also accepting a trailing
    /// time part such as `T12:00:00Z`, which is ignored).
    pub fn parse(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        let s = s.split(['T', ' ']).next().unwrap_or(s);
        let mut parts = s.split('-');
        let y = parts.next()?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let Some(m) = parts.next() else {
            return Some(PartialDate::year(year));
        };
        let month: u8 = parse_2(m)?;
        let Some(d) = parts.next() else {
            return PartialDate::month(year, month);
        };
        let day: u8 = parse_2(d)?;
        if parts.next().is_some() {
            return None;
        }
        PartialDate::day(year, month, day)
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> DatePrecision {
        if self.day != 0 {
            DatePrecision::Day
        } else if self.month != 0 {
            DatePrecision::Month
        } else {
            DatePrecision::Year
        }
    }

    /// True when `other` falls inside `self` (a month contains its days, a
    /// year its months); a date contains itself.
    pub fn contains(&self, other: &PartialDate) -> bool {
        self.year == other.year
            && (self.month == 0 || self.month == other.month)
            && (self.day == 0 || self.day == other.day)
    }

    /// True when one of the two contains the other.
    pub fn compatible(&self, other: &PartialDate) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// The same date cut to a coarser precision.
    pub fn truncate(&self, p: DatePrecision) -> PartialDate {
        match p {
            DatePrecision::Year => PartialDate::year(self.year),
            DatePrecision::Month => PartialDate { year: self.year, month: self.month, day: 0 },
            DatePrecision::Day => *self,
        }
    }

    /// Days since 1970-01-01 of the first day covered by this date.
    pub fn to_days(&self) -> i64 {
        days_from_civil(self.year, self.month.max(1), self.day.max(1))
    }

    /// Days since 1970-01-01 of the last day covered by this date (the
    /// 31st of a December for a year).
    pub fn to_last_day(&self) -> i64 {
        match self.precision() {
            DatePrecision::Day => self.to_days(),
            DatePrecision::Month => days_from_civil(self.year, self.month, days_in_month(self.year, self.month)),
            DatePrecision::Year => days_from_civil(self.year, 12, 31),
        }
    }

    /// The day-precision date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> PartialDate {
        let (y, m, d) = civil_from_days(days);
        PartialDate { year: y, month: m, day: d }
    }

    /// Day of the week of a day-precision date, 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> u8 {
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        ((self.to_days() + 3).rem_euclid(7)) as u8
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            DatePrecision::Year => write!(f, "{:04}", self.year),
            DatePrecision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            DatePrecision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        PartialDate::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s}")))
    }
}

fn parse_2(s: &str) -> Option<u8> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Number of days in a month of the proleptic Gregorian calendar.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil-calendar algorithms.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        for s in ["2020", "2020-05", "2020-05-14", "1999-12-31"] {
            assert_eq!(PartialDate::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(PartialDate::parse("2020-05-14T10:00:00Z").unwrap().to_string(), "2020-05-14");
        for bad in ["", "20", "2020-13", "2020-02-30", "2020-1-1x", "abcd"] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn containment_follows_precision() {
        let y = PartialDate::parse("2020").unwrap();
        let m = PartialDate::parse("2020-05").unwrap();
        let d = PartialDate::parse("2020-05-14").unwrap();
        assert!(y.contains(&m) && y.contains(&d) && m.contains(&d));
        assert!(!d.contains(&m));
        assert!(d.compatible(&y));
        assert!(!m.compatible(&PartialDate::parse("2020-06").unwrap()));
    }

    #[test]
    fn day_arithmetic() {
        let d = PartialDate::parse("2020-03-01").unwrap();
        assert_eq!(PartialDate::from_days(d.to_days() - 1).to_string(), "2020-02-29");
        assert_eq!(PartialDate::parse("1970-01-01").unwrap().to_days(), 0);
        assert_eq!(PartialDate::parse("2020-02").unwrap().to_last_day(), d.to_days() - 1);
        assert_eq!(
            PartialDate::parse("2020").unwrap().to_last_day(),
            PartialDate::parse("2020-12-31").unwrap().to_days()
        );
        assert_eq!(d.to_last_day(), d.to_days());
        // 2024-06-15 was a Saturday.
        assert_eq!(PartialDate::parse("2024-06-15").unwrap().weekday(), 5);
    }
}
