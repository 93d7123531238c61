//! `dyad export`: the store's events in the field's formats.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dyad_engine::Store;
use dyad_export::{
    csv::CsvWriter, gdelt::GdeltWriter, graphml::GraphmlWriter, jsonl::JsonlWriter, panel, parquet,
    plover::PloverWriter,
};

use crate::{messages, Status};

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum)]
    format: Format,
    /// Output file. For parquet, the mentions table goes beside it
    /// (`events.parquet` → `events.mentions.parquet`).
    #[arg(long, short = 'o')]
    out: PathBuf,
    /// The store file.
    #[arg(long, default_value = "dyad.db", env = "DYAD_DB")]
    db: PathBuf,
    /// Only events with a mention of at least this confidence (0–1); for
    /// parquet, only those events' mentions.
    #[arg(long, value_name = "P", value_parser = super::code::parse_probability)]
    min_confidence: Option<f32>,
    /// For panel: the unit of observation.
    #[arg(long, value_enum, default_value_t = UnitArg::CountryMonth)]
    unit: UnitArg,
    /// For panel: one row per quad class or PLOVER category (default: totals).
    #[arg(long, value_enum)]
    by: Option<ByArg>,
    /// For panel: dyads keep their direction (source → target).
    #[arg(long)]
    directed: bool,
}

/// A panel's unit, as a command-line value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum UnitArg {
    /// One country per month.
    CountryMonth,
    /// A pair of countries per month.
    DyadMonth,
    /// A pair of countries per year.
    DyadYear,
}

/// A panel's split, as a command-line value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ByArg {
    /// Per quad class.
    Quad,
    /// Per PLOVER category.
    Plover,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// GDELT 2.0 Events TSV (61 columns).
    Gdelt,
    /// PLOVER JSON, one event per line.
    Plover,
    /// Parquet: events and mentions tables.
    Parquet,
    /// GraphML actor network.
    Graphml,
    /// JSON lines, every field.
    Jsonl,
    /// CSV, every field.
    Csv,
    /// CSV panel: events and Goldstein sums per unit and period, zeros
    /// filled (`--unit`, `--by`, `--directed`).
    Panel,
}

pub(crate) fn run(args: ExportArgs) -> anyhow::Result<Status> {
    let store = Store::open_read_only(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    // One snapshot for the whole export: an ingest committing meanwhile
    // (between the events and the mentions of a Parquet export) is not seen.
    let n = store.snapshot(|store| export(store, &args))?;
    messages::info(&format!("{n} events written to {}", args.out.display()));
    Ok(Status::Ok)
}

/// Writes the export; returns the number of events.
fn export(store: &Store, args: &ExportArgs) -> anyhow::Result<usize> {
    let create = || File::create(&args.out).with_context(|| format!("creating {}", args.out.display()));
    let mut n = 0usize;
    let export_err = |e: dyad_export::Error| dyad_engine::store::Error::Schema(format!("export: {e}"));
    let keep = args.min_confidence.map(|p| store.confident_events(p)).transpose()?;
    let kept = |id: i64| keep.as_ref().is_none_or(|k| k.contains(&id));
    // Every event the filter keeps, in date order.
    let each_event = |f: &mut dyn FnMut(dyad_types::Event) -> dyad_engine::store::Result<()>| {
        store.all_events(|e| if kept(e.id) { f(e) } else { Ok(()) })
    };
    match args.format {
        Format::Gdelt => {
            let mut w = GdeltWriter::new(BufWriter::new(create()?)).full_names(dyad_engine::geo::full_name);
            each_event(&mut |e| {
                n += 1;
                w.write(&e).map_err(export_err)
            })?;
            w.finish()?;
        }
        Format::Plover => {
            let mut w = PloverWriter::new(BufWriter::new(create()?));
            each_event(&mut |e| {
                n += 1;
                w.write(&e).map_err(export_err)
            })?;
            w.finish()?;
        }
        Format::Jsonl => {
            let mut w = JsonlWriter::new(BufWriter::new(create()?));
            each_event(&mut |e| {
                n += 1;
                w.write(&e).map_err(export_err)
            })?;
            w.finish()?;
        }
        Format::Csv => {
            let mut w = CsvWriter::new(BufWriter::new(create()?))?;
            each_event(&mut |e| {
                n += 1;
                w.write(&e).map_err(export_err)
            })?;
            w.finish()?;
        }
        Format::Panel => {
            let unit = match args.unit {
                UnitArg::CountryMonth => panel::Unit::CountryMonth,
                UnitArg::DyadMonth => panel::Unit::DyadMonth,
                UnitArg::DyadYear => panel::Unit::DyadYear,
            };
            let by = match args.by {
                None => panel::By::Total,
                Some(ByArg::Quad) => panel::By::Quad,
                Some(ByArg::Plover) => panel::By::Plover,
            };
            let mut p = panel::Panel::new(panel::PanelSpec { unit, by, directed: args.directed });
            each_event(&mut |e| {
                n += 1;
                p.add(&e);
                Ok(())
            })?;
            let rows = p.write_csv(BufWriter::new(create()?))?;
            messages::info(&format!(
                "{rows} panel rows; {} events left out (undated, or dated too coarsely)",
                p.undated
            ));
        }
        Format::Graphml => {
            let mut g = GraphmlWriter::new();
            each_event(&mut |e| {
                n += 1;
                g.add(&e);
                Ok(())
            })?;
            g.finish(BufWriter::new(create()?))?;
        }
        Format::Parquet => {
            let mut w = parquet::EventsParquet::create(&args.out)?;
            each_event(&mut |e| {
                n += 1;
                w.write(&e).map_err(export_err)
            })?;
            w.finish()?;
            let mpath = parquet::mentions_path(&args.out);
            let mut m = parquet::MentionsParquet::create(&mpath)?;
            let mut k = 0usize;
            let min = args.min_confidence.unwrap_or(0.0);
            store.all_mentions(|sm| {
                if sm.mention.confidence < min {
                    return Ok(());
                }
                k += 1;
                m.write(sm.id, &sm.mention).map_err(export_err)
            })?;
            m.finish()?;
            messages::info(&format!("{k} mentions written to {}", mpath.display()));
        }
    }
    Ok(n)
}
