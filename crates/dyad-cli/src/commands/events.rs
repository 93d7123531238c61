//! `dyad events`: fused events from the store, filtered.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dyad_engine::store::EventQuery;
use dyad_engine::Store;
use dyad_export::figures;
use dyad_types::{Modality, PartialDate};

use super::code::parse_date;
use crate::Status;

#[derive(Debug, Args)]
pub(crate) struct EventsArgs {
    /// The store file.
    #[arg(long, default_value = "dyad.db", env = "DYAD_DB")]
    db: PathBuf,
    /// Source state or actor code (IRN, IRNGOV).
    #[arg(long)]
    source: Option<String>,
    /// Target state or actor code.
    #[arg(long)]
    target: Option<String>,
    /// Either side.
    #[arg(long)]
    actor: Option<String>,
    /// Events on or after this date (YYYY, YYYY-MM, YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<PartialDate>,
    /// Events on or before this date.
    #[arg(long, value_parser = parse_date)]
    to: Option<PartialDate>,
    /// PLOVER category (AID, CONSULT, COERCE, …).
    #[arg(long)]
    plover: Option<String>,
    /// CAMEO code or prefix (07, 071).
    #[arg(long)]
    cameo: Option<String>,
    /// Quad class (1 verbal cooperation … 4 material conflict).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    quad: Option<u8>,
    /// Modality across sources.
    #[arg(long, value_parser = parse_modality)]
    modality: Option<Modality>,
    /// Only events whose sources give conflicting figures or dispute them.
    #[arg(long)]
    conflicts: bool,
    /// Only events one source reports and another denies.
    #[arg(long)]
    disputed: bool,
    /// Only events reported by at least this many sources.
    #[arg(long, value_name = "N")]
    min_sources: Option<u32>,
    /// Only events with a mention of at least this confidence (0–1).
    #[arg(long, value_name = "P", value_parser = super::code::parse_probability)]
    min_confidence: Option<f32>,
    /// Events that happened in this country (ISO3 of the place, e.g. VEN).
    #[arg(long, value_name = "ISO3")]
    country: Option<String>,
    /// Events that happened near a point (`--near 10.5,-66.9`), within --km.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_point, allow_hyphen_values = true)]
    near: Option<(f64, f64)>,
    /// The radius of --near, in kilometres.
    #[arg(long, default_value_t = 50.0, requires = "near")]
    km: f64,
    /// Maximum number of events.
    #[arg(long, default_value_t = 1000)]
    limit: usize,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Jsonl,
    Csv,
}

/// `LAT,LON` in degrees.
fn parse_point(s: &str) -> Result<(f64, f64), String> {
    let bad = || format!("`{s}` is not LAT,LON in degrees (e.g. 10.5,-66.9)");
    let (a, b) = s.split_once(',').ok_or_else(bad)?;
    let (lat, lon) = (a.trim().parse::<f64>().map_err(|_| bad())?, b.trim().parse::<f64>().map_err(|_| bad())?);
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(bad());
    }
    Ok((lat, lon))
}

fn parse_modality(s: &str) -> Result<Modality, String> {
    Modality::parse(s).ok_or_else(|| {
        format!("`{s}` is not a modality (asserted, reported, denied, negated, planned, threatened, hypothetical)")
    })
}

#[allow(clippy::print_stdout, reason = "the events are the command's output")]
pub(crate) fn run(args: EventsArgs) -> anyhow::Result<Status> {
    let store = Store::open_read_only(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let q = EventQuery {
        source: args.source.map(|s| s.to_ascii_uppercase()),
        target: args.target.map(|s| s.to_ascii_uppercase()),
        actor: args.actor.map(|s| s.to_ascii_uppercase()),
        pair: None,
        from: args.from,
        to: args.to,
        plover: args.plover,
        cameo: args.cameo,
        quad_class: args.quad,
        modality: args.modality,
        conflicts: args.conflicts,
        min_confidence: args.min_confidence,
        min_sources: args.min_sources,
        disputed: args.disputed,
        place_country: args.country.map(|c| c.to_ascii_uppercase()),
        near: args.near.map(|(lat, lon)| (lat, lon, args.km)),
        located: false,
        limit: args.limit,
        after: None,
    };
    let events = store.events(&q)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Jsonl => {
            for e in &events {
                serde_json::to_writer(&mut out, e)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv => {
            let mut w = dyad_export::csv::CsvWriter::new(&mut out)?;
            for e in &events {
                w.write(e)?;
            }
            w.finish()?;
        }
        Format::Table => {
            writeln!(
                out,
                "{:<20} {:<10} {:<10} {:<5} {:<10} {:<9} {:>4} {:>4} {:>4}  {:<12} {:<24} figures",
                "id", "date", "source", "cameo", "target", "plover", "ment", "src", "art", "modality", "place"
            )?;
            for e in &events {
                let flag = match (e.disputed, e.conflict) {
                    (true, _) => "disputed",
                    (false, true) => "conflict",
                    _ => e.modality.as_str(),
                };
                writeln!(
                    out,
                    "{:<20} {:<10} {:<10} {:<5} {:<10} {:<9} {:>4} {:>4} {:>4}  {:<12} {:<24} {}",
                    e.id,
                    e.date.map_or("-".to_string(), |d| d.to_string()),
                    side(&e.source),
                    e.cameo,
                    side(&e.target),
                    e.plover,
                    e.num_mentions,
                    e.num_sources,
                    e.num_articles,
                    flag,
                    e.location.as_ref().map_or("-".to_string(), |l| format!("{} ({})", l.name, l.country)),
                    figures(e)
                )?;
            }
            writeln!(out, "{} events", events.len())?;
        }
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// An actor column of the table: `-` for the side a one-sided event lacks.
fn side(code: &str) -> &str {
    if code.is_empty() {
        "-"
    } else {
        code
    }
}
