//! Temporal expressions: event dates from the text itself.
//!
//! Explicit dates (`on April 7, 2018`, `in May 2020`, `since August 2023`,
//! `in early 2023`) are read as they stand. Relative ones (`earlier this
//! month`, `in mid-May`, `last week`, `in March`, `on Monday`, `that year`)
//! are resolved against the document date, or against the last explicit date
//! of the document for anaphoric ones (`that year`).

use dyad_types::{DateBasis, PartialDate};

/// A temporal expression found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TimeExpr {
    /// First token.
    pub(crate) start: usize,
    /// One past the last token.
    pub(crate) end: usize,
    pub(crate) date: PartialDate,
    pub(crate) basis: DateBasis,
}

/// What relative expressions are resolved against.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DateContext {
    /// The document's date.
    pub(crate) doc: Option<PartialDate>,
    /// The last explicit date seen earlier in the document (for `that year`).
    pub(crate) last_explicit: Option<PartialDate>,
}

pub(crate) fn month_number(w: &str) -> Option<u8> {
    Some(match w.trim_end_matches('.') {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

pub(crate) fn weekday_number(w: &str) -> Option<u8> {
    Some(match w {
        "monday" => 0,
        "tuesday" => 1,
        "wednesday" => 2,
        "thursday" => 3,
        "friday" => 4,
        "saturday" => 5,
        "sunday" => 6,
        _ => return None,
    })
}

fn year_of(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        return (1900..=2100).contains(&y).then_some(y);
    }
    None
}

fn day_of(w: &str) -> Option<u8> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let d: u8 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn shift_months(d: PartialDate, delta: i32) -> PartialDate {
    let m0 = d.year * 12 + i32::from(d.month.max(1)) - 1 + delta;
    PartialDate { year: m0.div_euclid(12), month: (m0.rem_euclid(12) + 1) as u8, day: 0 }
}

fn shift_days(d: PartialDate, delta: i64) -> PartialDate {
    PartialDate::from_days(d.to_days() + delta)
}

/// A date read as past (`in May`, `on Monday`) for an event the text puts
/// ahead (`will visit in May`, written in June 2020): the next such month or
/// weekday after the document date. A date with its year, or not before the
/// document date, stays.
pub(crate) fn forward(d: PartialDate, doc: PartialDate, words: &str) -> PartialDate {
    let words: Vec<String> = words.split_whitespace().map(str::to_lowercase).collect();
    if d.to_last_day() >= doc.to_days() || words.iter().any(|w| year_of(w).is_some()) {
        return d;
    }
    if d.day != 0 && words.iter().any(|w| weekday_number(w).is_some()) {
        return shift_days(d, 7);
    }
    if words.iter().any(|w| month_number(w).is_some()) {
        return PartialDate { year: d.year + 1, ..d };
    }
    d
}

/// The most recent `month` at or before the document date (`in March`
/// written in June 2020 is March 2020; written in January 2021, March 2020).
fn month_near(doc: PartialDate, month: u8, future: bool) -> PartialDate {
    let mut year = doc.year;
    if doc.month != 0 {
        if !future && month > doc.month {
            year -= 1;
        } else if future && month < doc.month {
            year += 1;
        }
    }
    PartialDate { year, month, day: 0 }
}

/// Finds the temporal expressions of a sentence, given its normalized tokens.
pub(crate) fn find(tokens: &[&str], ctx: &DateContext) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let n = tokens.len();
    let t = |i: usize| -> &str { tokens.get(i).copied().unwrap_or("") };
    let mut i = 0;
    while i < n {
        if !may_start_date(tokens[i]) {
            i += 1;
            continue;
        }
        if let Some(e) = at(i, ctx, &t) {
            i = e.end.max(i + 1);
            out.push(e);
        } else {
            i += 1;
        }
    }
    out
}

fn at<'a>(i: usize, ctx: &DateContext, t: &impl Fn(usize) -> &'a str) -> Option<TimeExpr> {
    let w = t(i);
    let explicit = |start, end, date| Some(TimeExpr { start, end, date, basis: DateBasis::Explicit });
    let relative = |start, end, date| Some(TimeExpr { start, end, date, basis: DateBasis::Relative });

    // Qualifiers: `early 2023`, `mid-May`, `late March`.
    let (qual_len, _) = match (w, t(i + 1)) {
        ("mid", "-") => (2, ()),
        ("early" | "late" | "mid" | "end" | "beginning" | "middle", _) => (1, ()),
        _ => (0, ()),
    };
    // `the end of May`, `the beginning of 2023`.
    let of_len = if matches!(w, "end" | "beginning" | "middle" | "start") && t(i + 1) == "of" { 2 } else { 0 };
    let j = i + if of_len > 0 { of_len } else { qual_len };
    if j > i {
        if let Some(e) = at(j, ctx, t) {
            if matches!(e.basis, DateBasis::Explicit | DateBasis::Relative) && e.start == j {
                return Some(TimeExpr { start: i, ..e });
            }
        }
        return None;
    }

    // Month [day][,] [year] | Month year | Month alone.
    if let Some(m) = month_number(w) {
        // `may` is a modal verb far more often than a month.
        let is_may = w == "may";
        let mut k = i + 1;
        let mut day = None;
        if let Some(d) = day_of(t(k)) {
            day = Some(d);
            k += 1;
        }
        let comma = t(k) == ",";
        let year = year_of(t(k + usize::from(comma)));
        if let Some(y) = year {
            let end = k + usize::from(comma) + 1;
            return match day {
                Some(d) => explicit(i, end, PartialDate::day(y, m, d)?),
                None => explicit(i, end, PartialDate::month(y, m)?),
            };
        }
        // `7 April 2018` is handled at the day; here the month has no year.
        let prev = if i > 0 { t(i - 1) } else { "" };
        if is_may
            && day.is_none()
            && !matches!(
                prev,
                "in" | "since"
                    | "mid"
                    | "-"
                    | "early"
                    | "late"
                    | "until"
                    | "of"
                    | "during"
                    | "by"
                    | "this"
                    | "last"
                    | "next"
            )
        {
            return None;
        }
        let doc = ctx.doc?;
        // `in April this year`, `in May last year`.
        let (year, extra) = match (t(k), t(k + 1)) {
            ("this", "year") => (Some(doc.year), 2),
            ("last", "year") => (Some(doc.year - 1), 2),
            ("next", "year") => (Some(doc.year + 1), 2),
            _ => (None, 0),
        };
        let future = prev == "next" || matches!(t(i.wrapping_sub(2)), "will" | "next");
        let base = match year {
            Some(y) => PartialDate { year: y, month: m, day: 0 },
            None => month_near(doc, m, future),
        };
        let end = k + extra;
        return match day {
            Some(d) => relative(i, end, PartialDate::day(base.year, m, d)?),
            None => relative(i, end, base),
        };
    }

    // Day Month [year]: `7 April 2018`.
    if let (Some(d), Some(m)) = (day_of(w), month_number(t(i + 1))) {
        if let Some(y) = year_of(t(i + 2)) {
            return explicit(i, i + 3, PartialDate::day(y, m, d)?);
        }
        let doc = ctx.doc?;
        let base = month_near(doc, m, false);
        return relative(i, i + 2, PartialDate::day(base.year, m, d)?);
    }

    // A year after a preposition or qualifier: `in 2014`, `since 2019`.
    if let Some(y) = year_of(w) {
        let prev = if i > 0 { t(i - 1) } else { "" };
        let next = t(i + 1);
        let dated = matches!(
            prev,
            "in" | "since"
                | "during"
                | "until"
                | "by"
                | "early"
                | "late"
                | "mid"
                | "of"
                | "from"
                | "throughout"
                | "-"
                | "before"
                | "after"
                | "year"
                | ","
        ) || i == 0;
        let after_prefix = prev == "-" && matches!(t(i.wrapping_sub(2)), "post" | "pre");
        if dated && !after_prefix && !matches!(next, "-" | "percent" | "%") {
            return explicit(i, i + 1, PartialDate::year(y));
        }
        return None;
    }

    let doc = ctx.doc;
    match (w, t(i + 1), t(i + 2)) {
        ("yesterday", ..) => return relative(i, i + 1, shift_days(doc.filter(|d| d.day != 0)?, -1)),
        ("today", ..) | ("tonight", ..) => return relative(i, i + 1, doc?),
        ("tomorrow", ..) => return relative(i, i + 1, shift_days(doc.filter(|d| d.day != 0)?, 1)),
        ("that", "year" | "month", _) | ("that" | "the", "same", "year" | "month") => {
            let last = ctx.last_explicit?;
            let (len, unit) = if t(i + 1) == "same" { (3, t(i + 2)) } else { (2, t(i + 1)) };
            return match unit {
                "year" => relative(i, i + len, PartialDate::year(last.year)),
                "month" if last.month != 0 => relative(i, i + len, last.truncate(dyad_types::DatePrecision::Month)),
                _ => None,
            };
        }
        ("recent" | "coming" | "past" | "last", "days" | "weeks", _) => {
            return relative(i, i + 2, doc?.truncate(dyad_types::DatePrecision::Month));
        }
        ("this" | "last" | "next" | "earlier" | "later" | "past", _, _) => {
            let doc = doc?;
            // `earlier this month` / `later this year`
            let (skip, which) =
                if matches!(w, "earlier" | "later") && t(i + 1) == "this" { (1, "this") } else { (0, w) };
            let unit = t(i + 1 + skip);
            let len = 2 + skip;
            let d = match (which, unit) {
                ("this", "week") => doc,
                ("this", "month") => doc.truncate(dyad_types::DatePrecision::Month),
                ("this", "year") => PartialDate::year(doc.year),
                ("last" | "past", "week") => match doc.day {
                    0 => doc.truncate(dyad_types::DatePrecision::Month),
                    _ => shift_days(doc, -7).truncate(dyad_types::DatePrecision::Month),
                },
                ("last" | "past", "month") => shift_months(doc, -1),
                ("last" | "past", "year") => PartialDate::year(doc.year - 1),
                ("next", "week") => match doc.day {
                    0 => doc.truncate(dyad_types::DatePrecision::Month),
                    _ => shift_days(doc, 7).truncate(dyad_types::DatePrecision::Month),
                },
                ("next", "month") => shift_months(doc, 1),
                // `last night`: the evening before the day of the report.
                ("last", "night" | "evening") if doc.day != 0 => shift_days(doc, -1),
                ("this", "morning" | "afternoon" | "evening") if doc.day != 0 => doc,
                ("next", "year") => PartialDate::year(doc.year + 1),
                ("last", day) if weekday_number(day).is_some() && doc.day != 0 => {
                    let wd = weekday_number(day)?;
                    let back = i64::from((doc.weekday() + 7 - wd) % 7);
                    shift_days(doc, -(if back == 0 { 7 } else { back }))
                }
                _ => return None,
            };
            // `this week`/`last week` at month precision keep the day off.
            let d = if unit == "week" { d.truncate(dyad_types::DatePrecision::Month) } else { d };
            return relative(i, i + len, d);
        }
        _ => {}
    }
    // `on Monday`: the most recent such day at or before the document date.
    if let Some(wd) = weekday_number(w) {
        let doc = doc.filter(|d| d.day != 0)?;
        let back = i64::from((doc.weekday() + 7 - wd) % 7);
        return relative(i, i + 1, shift_days(doc, -back));
    }
    // `two weeks ago`, `three days ago`.
    if let (Some(k), unit, "ago") = (small_number(w), t(i + 1), t(i + 2)) {
        let doc = doc.filter(|d| d.day != 0)?;
        let d = match unit.trim_end_matches('s') {
            "day" => shift_days(doc, -k),
            "week" => shift_days(doc, -7 * k).truncate(dyad_types::DatePrecision::Month),
            "month" => shift_months(doc, -(k as i32)),
            "year" => PartialDate::year(doc.year - k as i32),
            _ => return None,
        };
        return relative(i, i + 3, d);
    }
    None
}

/// A cheap filter: only these words can open a temporal expression.
fn may_start_date(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || month_number(w).is_some()
        || weekday_number(w).is_some()
        || small_number(w).is_some()
        || matches!(
            w,
            "early"
                | "late"
                | "mid"
                | "end"
                | "beginning"
                | "middle"
                | "start"
                | "yesterday"
                | "today"
                | "tonight"
                | "tomorrow"
                | "that"
                | "the"
                | "this"
                | "last"
                | "next"
                | "earlier"
                | "later"
                | "past"
                | "recent"
                | "coming"
        )
}

fn small_number(w: &str) -> Option<i64> {
    Some(match w {
        "a" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "several" => 3,
        _ => return w.parse().ok().filter(|&n: &i64| (1..=60).contains(&n)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dates found in a sentence, as `text=date/basis`.
    fn check(sentence: &str, doc: Option<&str>, expected: &[&str]) {
        let tokens: Vec<String> =
            sentence.replace(',', " ,").replace("mid-", "mid - ").split_whitespace().map(str::to_lowercase).collect();
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let ctx = DateContext { doc: doc.and_then(PartialDate::parse), last_explicit: PartialDate::parse("2022-03") };
        let got: Vec<String> = find(&refs, &ctx)
            .into_iter()
            .map(|e| format!("{}={}/{}", refs[e.start..e.end].join(" "), e.date, e.basis.as_str()))
            .collect();
        assert_eq!(got, expected, "{sentence}");
    }

    #[test]
    fn explicit_dates() {
        check("In May 2020 , five tankers left", None, &["may 2020=2020-05/explicit"]);
        check("greeted in Tehran on April 7, 2018 .", None, &["april 7 , 2018=2018-04-07/explicit"]);
        check("Since August 2023 , flights", None, &["august 2023=2023-08/explicit"]);
        check("exports reached a record in early 2023", None, &["early 2023=2023/explicit"]);
        check("on 7 April 2018 they met", None, &["7 april 2018=2018-04-07/explicit"]);
        check("sanctions first imposed by Obama in 2014", None, &["2014=2014/explicit"]);
    }

    #[test]
    fn relative_dates() {
        check(
            "Earlier this month , Washington condemned Iran",
            Some("2020-05-28"),
            &["earlier this month=2020-05/relative"],
        );
        check("In mid-May , the news", Some("2020-06-10"), &["mid - may=2020-05/relative"]);
        check("a delegation visited in April this year", Some("2024-06-15"), &["april this year=2024-04/relative"]);
        check("they met in March", Some("2020-01-15"), &["march=2019-03/relative"]);
        check("they met last week", Some("2020-06-10"), &["last week=2020-06/relative"]);
        check("they met on Monday", Some("2024-06-15"), &["monday=2024-06-10/relative"]);
        check("That year , Israelis reported", Some("2024-06-15"), &["that year=2022/relative"]);
        check("they met yesterday", Some("2024-06-15"), &["yesterday=2024-06-14/relative"]);
        check("they met last night", Some("2024-06-15"), &["last night=2024-06-14/relative"]);
        check("they met this morning", Some("2024-06-15"), &["this morning=2024-06-15/relative"]);
    }

    #[test]
    fn not_dates() {
        check("Iran may send oil", Some("2020-06-10"), &[]);
        check("a 20-year pact and 2020 barrels", None, &[]);
        check("they met in March", None, &[]);
    }

    #[test]
    fn a_planned_event_in_a_past_month_or_weekday_moves_ahead() {
        let doc = PartialDate::parse("2020-06-10").unwrap();
        let p = |s: &str| PartialDate::parse(s).unwrap();
        assert_eq!(forward(p("2020-05"), doc, "May"), p("2021-05"));
        assert_eq!(forward(p("2020-06-08"), doc, "Monday"), p("2020-06-15"));
        // Its own year, or already ahead: unchanged.
        assert_eq!(forward(p("2020-05"), doc, "May 2020"), p("2020-05"));
        assert_eq!(forward(p("2020-07"), doc, "July"), p("2020-07"));
        assert_eq!(forward(p("2020-06"), doc, "June"), p("2020-06"));
    }
}
