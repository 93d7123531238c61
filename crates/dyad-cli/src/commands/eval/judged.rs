//! `dyad eval --judged`: precision from a verdict file, a sample drawn by
//! `dyad sample` whose verdict columns a judge has filled.
//!
//! The file is TSV (or CSV) with a header, or JSONL. Only the id columns
//! and the verdict columns are read; a `text` column, if any, is ignored,
//! so files stored in the project can leave the text out (`--no-text`).
//!
//! A verdict is `y` or `n` (also `yes`/`no`, `true`/`false`, `1`/`0`,
//! `right`/`wrong`) or empty. A row whose `event_ok` is empty is not judged
//! yet and is skipped. A mention is *right* when `event_ok`, `category_ok`,
//! `source_ok` and `target_ok` are all yes; a row with `event_ok` yes and
//! one of the other three empty cannot say, and is an error. Each column is
//! also reported on its own, over the rows where it is filled.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use dyad_types::{wilson, Z95};

use super::score::Share;

/// The verdict columns, in report order (after "right").
pub(crate) const VERDICTS: [&str; 5] = ["event_ok", "category_ok", "source_ok", "target_ok", "date_ok"];
/// The first columns of [`VERDICTS`], which must all be yes for a mention
/// to be right.
const RIGHT: usize = 4;
/// One measure: how many rows were judged on it, how many yes, the share
/// and its 95 % Wilson interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Measure {
    pub(crate) measure: String,
    #[serde(flatten)]
    pub(crate) share: Share,
    pub(crate) low: f64,
    pub(crate) high: f64,
}

impl Measure {
    fn new(measure: &str, k: usize, n: usize) -> Measure {
        let (low, high) = wilson(k, n, Z95);
        Measure { measure: measure.to_string(), share: Share::new(k, n), low, high }
    }
}

/// What a verdict file says.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Judged {
    pub(crate) file: String,
    /// Rows with a verdict on `event_ok`.
    pub(crate) judged: usize,
    /// Rows not judged yet.
    pub(crate) unjudged: usize,
    /// Rows rejected (reported as errors).
    pub(crate) rejected: usize,
    /// `right`, then each verdict column.
    pub(crate) measures: Vec<Measure>,
    /// When the file has a `confidence` column: the share right per tenth
    /// of confidence, to see whether the scores are calibrated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) calibration: Vec<Bin>,
    #[serde(skip)]
    pub(crate) errors: Vec<String>,
}

/// One tenth of confidence in a calibration table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Bin {
    /// The tenth's lower bound (`0.3` for 0.3–0.4).
    pub(crate) from: f64,
    /// Mean confidence of its rows.
    pub(crate) mean: f64,
    /// The share right, with its interval.
    pub(crate) right: Measure,
}

/// One row's verdicts, in [`VERDICTS`] order.
type Row = [Option<bool>; 5];
/// A row as read: its line, and its verdicts with its confidence (if the
/// file gives one), or what is wrong with it.
type ReadRow = (usize, Result<(Row, Option<f64>), String>);

/// Reads a verdict file's text; `name` is its name for messages. A file
/// whose header lacks a verdict column is an error as a whole.
pub(crate) fn read(name: &str, text: &str) -> Result<Judged, String> {
    let rows = if text.trim_start().starts_with('{') { read_jsonl(text) } else { read_delimited(name, text)? };
    let mut j = Judged {
        file: name.to_string(),
        judged: 0,
        unjudged: 0,
        rejected: 0,
        measures: Vec::new(),
        calibration: Vec::new(),
        errors: Vec::new(),
    };
    let mut yes = [0usize; 6];
    let mut filled = [0usize; 6];
    // Per tenth of confidence: rows, right, sum of confidence.
    let mut tenths = [(0usize, 0usize, 0.0f64); 10];
    for (line, row) in rows {
        let (row, confidence) = match row.and_then(|(r, c)| check(&r).map(|()| (r, c))) {
            Ok(r) => r,
            Err(e) => {
                j.rejected += 1;
                j.errors.push(format!("{name}:{line}: {e}"));
                continue;
            }
        };
        if row[0].is_none() {
            j.unjudged += 1;
            continue;
        }
        j.judged += 1;
        let right = row[..RIGHT].iter().all(|v| *v == Some(true));
        filled[0] += 1;
        yes[0] += usize::from(right);
        if let Some(c) = confidence {
            let t = &mut tenths[((c * 10.0) as usize).min(9)];
            t.0 += 1;
            t.1 += usize::from(right);
            t.2 += c;
        }
        for (i, v) in row.iter().enumerate() {
            if let Some(v) = v {
                filled[i + 1] += 1;
                yes[i + 1] += usize::from(*v);
            }
        }
    }
    j.measures.push(Measure::new("right", yes[0], filled[0]));
    for (i, col) in VERDICTS.iter().enumerate() {
        j.measures.push(Measure::new(col, yes[i + 1], filled[i + 1]));
    }
    for (i, &(n, k, sum)) in tenths.iter().enumerate().filter(|(_, t)| t.0 > 0) {
        j.calibration.push(Bin { from: i as f64 / 10.0, mean: sum / n as f64, right: Measure::new("right", k, n) });
    }
    Ok(j)
}

/// A row with `event_ok` yes must say yes or no on the other three of
/// [`RIGHT`]; a row not judged must not carry other verdicts.
fn check(row: &Row) -> Result<(), String> {
    match row[0] {
        Some(true) => match (1..RIGHT).find(|&i| row[i].is_none()) {
            Some(i) => {
                Err(format!("event_ok is yes but {} is empty: cannot tell whether the mention is right", VERDICTS[i]))
            }
            None => Ok(()),
        },
        Some(false) => Ok(()),
        None => match (1..VERDICTS.len()).find(|&i| row[i].is_some()) {
            Some(i) => Err(format!("{} is filled but event_ok is empty", VERDICTS[i])),
            None => Ok(()),
        },
    }
}

/// Rows of a TSV (or, when the header has commas and no tab, CSV) file
/// with a header naming the columns.
fn read_delimited(name: &str, text: &str) -> Result<Vec<ReadRow>, String> {
    let header = text.lines().next().unwrap_or("");
    let delimiter = if !header.contains('\t') && header.contains(',') { b',' } else { b'\t' };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| format!("{name}:1: {e}"))?.clone();
    let mut columns = [0usize; 5];
    for (i, col) in VERDICTS.iter().enumerate() {
        columns[i] = match headers.iter().position(|h| h.trim() == *col) {
            Some(p) => p,
            None if *col == "date_ok" => usize::MAX,
            None => return Err(format!("{name}:1: no `{col}` column (want {} in the header)", VERDICTS.join(", "))),
        };
    }
    let confidence_column = headers.iter().position(|h| h.trim() == "confidence");
    let width = headers.len();
    let mut rows = Vec::new();
    for rec in reader.records() {
        let (line, row) = match rec {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                if r.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                let row = if r.len() != width {
                    Err(format!("{} fields where the header has {width}", r.len()))
                } else {
                    parse_row(|i| Ok(r.get(columns[i]).unwrap_or("").to_string())).and_then(|row| {
                        let c = confidence_column.map(|c| r.get(c).unwrap_or(""));
                        Ok((row, c.map(confidence).transpose()?.flatten()))
                    })
                };
                (line, row)
            }
            Err(e) => (e.position().map_or(0, |p| p.line() as usize), Err(e.to_string())),
        };
        rows.push((line, row));
    }
    Ok(rows)
}

/// Rows of a JSONL file: verdicts are strings, booleans, 0/1 or null.
fn read_jsonl(text: &str) -> Vec<ReadRow> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => parse_row(|i| match obj.get(VERDICTS[i]) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(s)) => Ok(s.clone()),
                Some(Value::Bool(b)) => Ok(if *b { "y" } else { "n" }.to_string()),
                Some(Value::Number(n)) => Ok(n.to_string()),
                Some(other) => Err(format!("`{}` must be y or n, not {other}", VERDICTS[i])),
            })
            .and_then(|row| match obj.get("confidence") {
                None | Some(Value::Null) => Ok((row, None)),
                Some(Value::Number(n)) => Ok((row, confidence(&n.to_string())?)),
                Some(other) => Err(format!("`confidence` must be a number between 0 and 1, not {other}")),
            }),
            Ok(_) => Err("not a JSON object".to_string()),
            Err(e) => Err(format!("malformed JSON: {e}")),
        };
        rows.push((i + 1, row));
    }
    rows
}

/// The five verdicts of a row from a cell getter.
fn parse_row(cell: impl Fn(usize) -> Result<String, String>) -> Result<Row, String> {
    let mut row: Row = [None; 5];
    for (i, col) in VERDICTS.iter().enumerate() {
        let v = cell(i)?;
        row[i] = verdict(&v).ok_or_else(|| format!("`{col}` is `{v}`: want y or n (or empty)"))?;
    }
    Ok(row)
}

/// A confidence cell: empty, or a number in `[0, 1]`.
fn confidence(s: &str) -> Result<Option<f64>, String> {
    match s.trim() {
        "" => Ok(None),
        t => match t.parse::<f64>() {
            Ok(c) if (0.0..=1.0).contains(&c) => Ok(Some(c)),
            _ => Err(format!("`confidence` is `{t}`: want a number between 0 and 1")),
        },
    }
}

/// `Some(Some(yes))` for a verdict, `Some(None)` for an empty cell, `None`
/// for anything else.
fn verdict(s: &str) -> Option<Option<bool>> {
    match s.trim().to_ascii_lowercase().as_str() {
        "" => Some(None),
        "y" | "yes" | "true" | "1" | "right" | "ok" => Some(Some(true)),
        "n" | "no" | "false" | "0" | "wrong" => Some(Some(false)),
        _ => None,
    }
}

/// Prints the precision table.
pub(crate) fn write_table(j: &Judged, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "verdicts: {}: {} judged, {} not judged yet, {} rejected", j.file, j.judged, j.unjudged, j.rejected)?;
    writeln!(
        w,
        "right = event_ok, category_ok, source_ok and target_ok all yes; each column over the rows that fill it"
    )?;
    writeln!(w)?;
    writeln!(w, "{:<12} {:>5} {:>5} {:>7}  {:>15}", "measure", "n", "yes", "share", "95 % Wilson")?;
    for m in &j.measures {
        let s = &m.share;
        if s.n == 0 {
            writeln!(w, "{:<12} {:>5} {:>5} {:>7}  {:>15}", m.measure, 0, 0, "-", "-")?;
        } else {
            writeln!(w, "{:<12} {:>5} {:>5} {:>7.3}  [{:.3}, {:.3}]", m.measure, s.n, s.k, s.share, m.low, m.high)?;
        }
    }
    if !j.calibration.is_empty() {
        writeln!(w)?;
        writeln!(w, "calibration: the share right per tenth of confidence")?;
        writeln!(
            w,
            "{:<12} {:>5} {:>7} {:>5} {:>7}  {:>15}",
            "confidence", "n", "mean", "right", "share", "95 % Wilson"
        )?;
        for b in &j.calibration {
            let r = &b.right;
            writeln!(
                w,
                "{:<12} {:>5} {:>7.2} {:>5} {:>7.3}  [{:.3}, {:.3}]",
                format!("{:.1}-{:.1}", b.from, b.from + 0.1),
                r.share.n,
                b.mean,
                r.share.k,
                r.share.share,
                r.low,
                r.high
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measures(j: &Judged) -> String {
        j.measures.iter().map(|m| format!("{} {}/{}\n", m.measure, m.share.k, m.share.n)).collect()
    }

    #[test]
    fn a_confidence_column_gives_a_calibration_table() {
        let tsv = concat!(
            "id\tconfidence\tevent_ok\tcategory_ok\tsource_ok\ttarget_ok\n",
            "a\t0.12\ty\ty\ty\ty\n",
            "b\t0.18\tn\t\t\t\n",
            "c\t0.55\ty\ty\ty\ty\n",
            "d\t1\ty\tn\ty\ty\n",
            "e\t\tn\t\t\t\n",
            "f\t1.5\ty\ty\ty\ty\n",
        );
        let j = read("c.tsv", tsv).unwrap();
        assert_eq!((j.judged, j.rejected), (5, 1));
        assert_eq!(j.errors, ["c.tsv:7: `confidence` is `1.5`: want a number between 0 and 1"]);
        let bins: Vec<(f64, usize, usize)> =
            j.calibration.iter().map(|b| (b.from, b.right.share.n, b.right.share.k)).collect();
        // Confidence 1 falls in the last tenth; the row without one in none.
        assert_eq!(bins, [(0.1, 2, 1), (0.5, 1, 1), (0.9, 1, 0)]);
        assert!((j.calibration[0].mean - 0.15).abs() < 1e-9);
        let mut out = Vec::new();
        write_table(&j, &mut out).unwrap();
        assert!(String::from_utf8(out).unwrap().contains("0.1-0.2          2    0.15     1   0.500"));
    }

    #[test]
    fn tsv_verdicts_give_right_and_each_column() {
        let tsv = concat!(
            "doc_id\tsentence\ttext\tevent_ok\tcategory_ok\tsource_ok\ttarget_ok\tdate_ok\tnote\n",
            "a\t0\tIran [[sent]] fuel.\ty\ty\ty\ty\ty\t\n",
            "a\t1\t\"quoted\" text\tyes\tn\ty\ty\t\twrong code\n",
            "b\t0\t\tn\t\t\t\t\tno event\n",
            "c\t0\t\t\t\t\t\t\t\n",
            "d\t0\t\ty\t\ty\ty\t\t\n",
            "e\t0\t\tmaybe\t\t\t\t\t\n",
            "f\t0\t\ty\ty\t1\tRIGHT\tn\t\n",
            "g\t0\n",
            "h\t0\t\t\ty\t\t\t\t\n",
        );
        let j = read("v.tsv", tsv).unwrap();
        assert_eq!((j.judged, j.unjudged, j.rejected), (4, 1, 4));
        assert_eq!(
            j.errors,
            [
                "v.tsv:6: event_ok is yes but category_ok is empty: cannot tell whether the mention is right",
                "v.tsv:7: `event_ok` is `maybe`: want y or n (or empty)",
                "v.tsv:9: 2 fields where the header has 9",
                "v.tsv:10: category_ok is filled but event_ok is empty",
            ]
        );
        assert_eq!(
            measures(&j),
            "right 2/4\nevent_ok 3/4\ncategory_ok 2/3\nsource_ok 3/3\ntarget_ok 3/3\ndate_ok 1/2\n"
        );
    }

    #[test]
    fn jsonl_verdicts_and_a_header_without_verdicts() {
        let jsonl = concat!(
            "{\"doc_id\":\"a\",\"event_ok\":true,\"category_ok\":\"y\",\"source_ok\":1,\"target_ok\":\"n\"}\n",
            "{\"doc_id\":\"b\",\"event_ok\":\"\",\"category_ok\":null}\n",
            "{\"doc_id\":\"c\",\"event_ok\":[1]}\n",
            "oops\n",
        );
        let j = read("v.jsonl", jsonl).unwrap();
        assert_eq!((j.judged, j.unjudged, j.rejected), (1, 1, 2));
        assert!(j.errors[0].starts_with("v.jsonl:3: `event_ok` must be y or n"), "{:?}", j.errors);
        assert!(j.errors[1].starts_with("v.jsonl:4: malformed JSON"), "{:?}", j.errors);
        assert!(measures(&j).starts_with("right 0/1\nevent_ok 1/1\n"), "{}", measures(&j));
        let err = read("v.tsv", "doc_id\tevent_ok\n").unwrap_err();
        assert_eq!(err, "v.tsv:1: no `category_ok` column (want event_ok, category_ok, source_ok, target_ok, date_ok in the header)");
    }
}
