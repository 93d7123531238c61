//! `dyad export`: the store's events in the field's formats.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dyad_engine::Store;
use dyad_export::{
    csv::CsvWriter, gdelt::GdeltWriter, graphml::GraphmlWriter, jsonl::JsonlWriter, parquet, plover::PloverWriter,
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
}

pub(crate) fn run(args: ExportArgs) -> anyhow::Result<Status> {
    let store = Store::open_read_only(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let create = || File::create(&args.out).with_context(|| format!("creating {}", args.out.display()));
    let mut n = 0usize;
    let export_err = |e: dyad_export::Error| dyad_engine::store::Error::Schema(format!("export: {e}"));
    match args.format {
        Format::Gdelt => {
            let mut w = GdeltWriter::new(BufWriter::new(create()?)).full_names(dyad_engine::geo::full_name);
            store.all_events(|e| {
                n += 1;
                w.write(&e).map_err(export_err)
            })?;
            w.finish()?;
        }
        Format::Plover => {
            let mut w = PloverWriter::new(BufWriter::new(create()?));
            store.all_events(|e| {
                n += 1;
                w.write(&e).map_err(export_err)
            })?;
            w.finish()?;
        }
        Format::Jsonl => {
            let mut w = JsonlWriter::new(BufWriter::new(create()?));
            store.all_events(|e| {
                n += 1;
                w.write(&e).map_err(export_err)
            })?;
            w.finish()?;
        }
        Format::Csv => {
            let mut w = CsvWriter::new(BufWriter::new(create()?))?;
            store.all_events(|e| {
                n += 1;
                w.write(&e).map_err(export_err)
            })?;
            w.finish()?;
        }
        Format::Graphml => {
            let mut g = GraphmlWriter::new();
            store.all_events(|e| {
                n += 1;
                g.add(&e);
                Ok(())
            })?;
            g.finish(BufWriter::new(create()?))?;
        }
        Format::Parquet => {
            let mut w = parquet::EventsParquet::create(&args.out)?;
            store.all_events(|e| {
                n += 1;
                w.write(&e).map_err(export_err)
            })?;
            w.finish()?;
            let mpath = parquet::mentions_path(&args.out);
            let mut m = parquet::MentionsParquet::create(&mpath)?;
            let mut k = 0usize;
            store.all_mentions(|sm| {
                k += 1;
                m.write(sm.id, &sm.mention).map_err(export_err)
            })?;
            m.finish()?;
            messages::info(&format!("{k} mentions written to {}", mpath.display()));
        }
    }
    messages::info(&format!("{n} events written to {}", args.out.display()));
    Ok(Status::Ok)
}
