//! Panels: event counts and Goldstein sums per unit and period, with a row
//! for every unit, every period in range and every category, zeros
//! included — the country-month or dyad-year table analyses start from.
//!
//! - `country-month`: a country counts every event it is on either side of
//!   (once when it is on both), one-sided events included.
//! - `dyad-month`, `dyad-year`: two-sided events between two countries, the
//!   pair ordered alphabetically unless `directed` (source → target).
//!
//! The units are those that have at least one event (a panel of every
//! pair of ~250 countries would be mostly zeros); the periods run from the
//! first to the last period with an event, without gaps; the categories
//! are the four quad classes (`by quad`) or the PLOVER categories seen
//! (`by plover`). Events dated more coarsely than the period (a year for a
//! month panel) or undated are left out and counted in [`Panel::undated`].

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use dyad_types::{DatePrecision, Event, PartialDate};

/// The unit of observation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// One country, per month.
    CountryMonth,
    /// A pair of countries, per month.
    DyadMonth,
    /// A pair of countries, per year.
    DyadYear,
}

impl Unit {
    /// Parses `country-month`, `dyad-month` or `dyad-year`.
    pub fn parse(s: &str) -> Option<Unit> {
        match s {
            "country-month" => Some(Unit::CountryMonth),
            "dyad-month" => Some(Unit::DyadMonth),
            "dyad-year" => Some(Unit::DyadYear),
            _ => None,
        }
    }

    fn monthly(self) -> bool {
        self != Unit::DyadYear
    }
}

/// How counts are split within a unit and period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum By {
    /// One row per unit and period.
    #[default]
    Total,
    /// One row per quad class (1 verbal cooperation … 4 material conflict).
    Quad,
    /// One row per PLOVER category.
    Plover,
}

impl By {
    /// Parses `total`, `quad` or `plover`.
    pub fn parse(s: &str) -> Option<By> {
        match s {
            "total" => Some(By::Total),
            "quad" => Some(By::Quad),
            "plover" => Some(By::Plover),
            _ => None,
        }
    }
}

/// What panel to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PanelSpec {
    /// The unit of observation.
    pub unit: Unit,
    /// The split within a unit and period.
    pub by: By,
    /// Dyads keep their direction (source → target).
    pub directed: bool,
}

/// One row: a unit, a period, a category, and its counts.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelRow {
    /// The country, or the first country of the pair (the source if directed).
    pub a: String,
    /// The second country of the pair (none for a country panel).
    pub b: Option<String>,
    /// `2020-05` or `2020`.
    pub period: String,
    /// The quad class or PLOVER category (none when not split).
    pub category: Option<String>,
    /// Events.
    pub events: u64,
    /// Sum of their Goldstein scores.
    pub goldstein: f64,
}

/// A cell's key: unit (two countries, the second empty for a country),
/// period (year, month; month 0 for a year), category.
type CellKey = (String, String, (i32, u8), String);

/// Accumulates events into a panel.
#[derive(Debug)]
pub struct Panel {
    spec: PanelSpec,
    cells: BTreeMap<CellKey, (u64, f64)>,
    units: BTreeSet<(String, String)>,
    categories: BTreeSet<String>,
    span: Option<((i32, u8), (i32, u8))>,
    /// Events left out: undated, or dated more coarsely than the period.
    pub undated: u64,
}

impl Panel {
    /// An empty panel.
    pub fn new(spec: PanelSpec) -> Panel {
        let categories = match spec.by {
            By::Quad => (1..=4).map(|q| q.to_string()).collect(),
            By::Total | By::Plover => BTreeSet::new(),
        };
        Panel { spec, cells: BTreeMap::new(), units: BTreeSet::new(), categories, span: None, undated: 0 }
    }

    fn period(&self, d: Option<PartialDate>) -> Option<(i32, u8)> {
        let d = d?;
        match (self.spec.unit.monthly(), d.precision()) {
            (true, DatePrecision::Year) => None,
            (true, _) => Some((d.year, d.month)),
            (false, _) => Some((d.year, 0)),
        }
    }

    /// Adds an event.
    pub fn add(&mut self, e: &Event) {
        let Some(period) = self.period(e.date) else {
            self.undated += 1;
            return;
        };
        let (s, t) = (e.source_country.as_str(), e.target_country.as_str());
        let mut units: Vec<(String, String)> = Vec::new();
        match self.spec.unit {
            Unit::CountryMonth => {
                for c in [s, t] {
                    if !c.is_empty() && !units.iter().any(|(u, _)| u == c) {
                        units.push((c.to_string(), String::new()));
                    }
                }
            }
            Unit::DyadMonth | Unit::DyadYear => {
                if s.is_empty() || t.is_empty() {
                    return;
                }
                let (a, b) = if self.spec.directed || s <= t { (s, t) } else { (t, s) };
                units.push((a.to_string(), b.to_string()));
            }
        }
        let category = match self.spec.by {
            By::Total => String::new(),
            By::Quad => e.quad_class.to_string(),
            By::Plover => e.plover.clone(),
        };
        if self.spec.by == By::Plover {
            self.categories.insert(category.clone());
        }
        self.span = Some(match self.span {
            None => (period, period),
            Some((lo, hi)) => (lo.min(period), hi.max(period)),
        });
        for (a, b) in units {
            let cell = self.cells.entry((a.clone(), b.clone(), period, category.clone())).or_insert((0, 0.0));
            cell.0 += 1;
            cell.1 += f64::from(e.goldstein);
            self.units.insert((a, b));
        }
    }

    /// The rows, zeros filled, ordered by unit, period and category.
    pub fn rows(&self) -> Vec<PanelRow> {
        let Some((lo, hi)) = self.span else { return Vec::new() };
        let mut periods = Vec::new();
        let mut p = lo;
        while p <= hi {
            periods.push(p);
            p = match p {
                (y, 0) => (y + 1, 0),
                (y, 12) => (y + 1, 1),
                (y, m) => (y, m + 1),
            };
        }
        let categories: Vec<String> =
            if self.spec.by == By::Total { vec![String::new()] } else { self.categories.iter().cloned().collect() };
        let mut out = Vec::with_capacity(self.units.len() * periods.len() * categories.len());
        for (a, b) in &self.units {
            for &period in &periods {
                for c in &categories {
                    let key = (a.clone(), b.clone(), period, c.clone());
                    let (events, goldstein) = self.cells.get(&key).copied().unwrap_or((0, 0.0));
                    out.push(PanelRow {
                        a: a.clone(),
                        b: (self.spec.unit != Unit::CountryMonth).then(|| b.clone()),
                        period: match period {
                            (y, 0) => format!("{y:04}"),
                            (y, m) => format!("{y:04}-{m:02}"),
                        },
                        category: (self.spec.by != By::Total).then(|| c.clone()),
                        events,
                        goldstein,
                    });
                }
            }
        }
        out
    }

    /// The column names, in order.
    pub fn columns(&self) -> Vec<&'static str> {
        let mut cols = match (self.spec.unit, self.spec.directed) {
            (Unit::CountryMonth, _) => vec!["country"],
            (_, true) => vec!["source", "target"],
            (_, false) => vec!["country_a", "country_b"],
        };
        cols.push("period");
        match self.spec.by {
            By::Total => {}
            By::Quad => cols.push("quad_class"),
            By::Plover => cols.push("plover"),
        }
        cols.extend(["events", "goldstein"]);
        cols
    }

    /// Writes the panel as CSV.
    pub fn write_csv(&self, w: impl Write) -> crate::Result<usize> {
        let mut w = ::csv::Writer::from_writer(w);
        w.write_record(self.columns())?;
        let rows = self.rows();
        for r in &rows {
            let mut rec: Vec<String> = vec![r.a.clone()];
            rec.extend(r.b.clone());
            rec.push(r.period.clone());
            rec.extend(r.category.clone());
            rec.push(r.events.to_string());
            rec.push(format!("{}", (r.goldstein * 1e6).round() / 1e6));
            w.write_record(&rec)?;
        }
        w.flush()?;
        Ok(rows.len())
    }

    /// The panel as an Arrow batch (the same columns as the CSV).
    pub fn batch(&self) -> Result<RecordBatch, ArrowError> {
        let rows = self.rows();
        let names = self.columns();
        let mut fields = Vec::new();
        let mut columns: Vec<ArrayRef> = Vec::new();
        let mut text = |name: &str, values: &mut dyn Iterator<Item = &str>| {
            let mut b = StringBuilder::new();
            values.for_each(|v| b.append_value(v));
            fields.push(Field::new(name, DataType::Utf8, false));
            columns.push(Arc::new(b.finish()));
        };
        let mut i = 0;
        text(names[i], &mut rows.iter().map(|r| r.a.as_str()));
        i += 1;
        if self.spec.unit != Unit::CountryMonth {
            text(names[i], &mut rows.iter().map(|r| r.b.as_deref().unwrap_or("")));
            i += 1;
        }
        text(names[i], &mut rows.iter().map(|r| r.period.as_str()));
        i += 1;
        if self.spec.by != By::Total {
            text(names[i], &mut rows.iter().map(|r| r.category.as_deref().unwrap_or("")));
        }
        let (mut n, mut g) = (Int64Builder::new(), Float64Builder::new());
        for r in &rows {
            n.append_value(i64::try_from(r.events).unwrap_or(i64::MAX));
            g.append_value(r.goldstein);
        }
        fields.push(Field::new("events", DataType::Int64, false));
        fields.push(Field::new("goldstein", DataType::Float64, false));
        columns.push(Arc::new(n.finish()));
        columns.push(Arc::new(g.finish()));
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(source: &str, target: &str, date: &str, quad: u8, goldstein: f32) -> Event {
        let mut e = crate::testdata::event(1);
        (e.source_country, e.target_country) = (source.into(), target.into());
        e.date = PartialDate::parse(date);
        (e.quad_class, e.goldstein) = (quad, goldstein);
        e
    }

    fn check(spec: PanelSpec, events: &[Event], expected: &str) {
        let mut p = Panel::new(spec);
        events.iter().for_each(|e| p.add(e));
        let mut out = Vec::new();
        p.write_csv(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        assert_eq!(p.batch().unwrap().num_rows(), p.rows().len());
    }

    fn events() -> Vec<Event> {
        vec![
            ev("USA", "IRN", "2020-01-05", 4, -9.0),
            ev("IRN", "USA", "2020-03", 1, 2.0),
            ev("IRN", "", "2020-03-02", 3, -5.0),
            ev("USA", "IRN", "2020", 4, -9.0),
            ev("IRQ", "IRQ", "2021-02-01", 2, 1.0),
        ]
    }

    #[test]
    fn a_country_month_panel_fills_every_month_with_zeros() {
        let spec = PanelSpec { unit: Unit::CountryMonth, by: By::Total, directed: false };
        check(
            spec,
            &events()[..3],
            "country,period,events,goldstein\n\
             IRN,2020-01,1,-9\nIRN,2020-02,0,0\nIRN,2020-03,2,-3\n\
             USA,2020-01,1,-9\nUSA,2020-02,0,0\nUSA,2020-03,1,2\n",
        );
    }

    #[test]
    fn a_dyad_year_panel_orders_pairs_unless_directed_and_splits_by_quad() {
        let spec = PanelSpec { unit: Unit::DyadYear, by: By::Total, directed: false };
        check(
            spec,
            &events(),
            "country_a,country_b,period,events,goldstein\n\
             IRN,USA,2020,3,-16\nIRN,USA,2021,0,0\nIRQ,IRQ,2020,0,0\nIRQ,IRQ,2021,1,1\n",
        );
        let spec = PanelSpec { unit: Unit::DyadYear, by: By::Quad, directed: true };
        check(
            spec,
            &events()[..2],
            "source,target,period,quad_class,events,goldstein\n\
             IRN,USA,2020,1,1,2\nIRN,USA,2020,2,0,0\nIRN,USA,2020,3,0,0\nIRN,USA,2020,4,0,0\n\
             USA,IRN,2020,1,0,0\nUSA,IRN,2020,2,0,0\nUSA,IRN,2020,3,0,0\nUSA,IRN,2020,4,1,-9\n",
        );
    }

    #[test]
    fn an_empty_store_gives_a_header_only() {
        let spec = PanelSpec { unit: Unit::DyadMonth, by: By::Plover, directed: false };
        check(spec, &[], "country_a,country_b,period,plover,events,goldstein\n");
    }
}
