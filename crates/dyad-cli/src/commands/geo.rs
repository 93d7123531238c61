//! `dyad build-gazetteer` and `dyad build-tone`: rebuild the data files
//! dyad ships from the raw tables (GeoNames, VADER), byte for byte.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use dyad_engine::geo;

use crate::{messages, Status};

#[derive(Debug, Args)]
pub(crate) struct GazetteerArgs {
    /// Directory holding GeoNames' `countries.tsv`, `admin1.tsv` and
    /// `cities15000.tsv`.
    #[arg(long, value_name = "DIR", default_value = "../shared/reference/geonames")]
    geonames: PathBuf,
    /// Where to write the gazetteer.
    #[arg(long, value_name = "FILE", default_value = "crates/dyad-geo/data/gazetteer.tsv")]
    out: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ToneArgs {
    /// VADER's `vader_lexicon.txt`.
    #[arg(long, value_name = "FILE", default_value = "../shared/reference/vader/vader_lexicon.txt")]
    vader: PathBuf,
    /// Where to write the word list.
    #[arg(long, value_name = "FILE", default_value = "crates/dyad-geo/data/tone.tsv")]
    out: PathBuf,
}

fn read(path: PathBuf) -> anyhow::Result<String> {
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

fn write(out: &PathBuf, data: &str) -> anyhow::Result<Status> {
    std::fs::write(out, data).with_context(|| format!("writing {}", out.display()))?;
    messages::info(&format!("wrote {} ({} lines, {} bytes)", out.display(), data.lines().count(), data.len()));
    Ok(Status::Ok)
}

pub(crate) fn run_gazetteer(args: GazetteerArgs) -> anyhow::Result<Status> {
    let countries = read(args.geonames.join("countries.tsv"))?;
    let admin1 = read(args.geonames.join("admin1.tsv"))?;
    let cities = read(args.geonames.join("cities15000.tsv"))?;
    write(&args.out, &geo::build_gazetteer(&countries, &admin1, &cities))
}

pub(crate) fn run_tone(args: ToneArgs) -> anyhow::Result<Status> {
    let vader = read(args.vader)?;
    write(&args.out, &geo::build_tone_lexicon(&vader))
}
