//! The subcommands, one file each.

mod bench;
pub(crate) mod code;
mod demo;
mod dict;
mod docs;
mod dyads;
mod eval;
mod events;
mod export;
mod geo;
mod import;
mod ingest;
mod read;
mod sample;
mod serve;
mod syntax;
mod timeline;
mod validate;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use dyad_engine::compat::PetrFile;
use dyad_engine::{Pipeline, Settings};

use crate::Status;

/// dyad turns news text into political event data: who did what to whom,
/// when, where, how much, and who says so.
#[derive(Debug, Parser)]
#[command(name = "dyad", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Code documents into event mentions (JSONL, CSV or TSV on stdout).
    Code(code::CodeArgs),
    /// Code documents into the store (near-duplicates, fused events).
    Ingest(ingest::IngestArgs),
    /// Load a dyad.spark run's Parquet (documents, mentions, events) into a new store.
    Import(import::ImportArgs),
    /// List fused events from the store, filtered.
    Events(events::EventsArgs),
    /// Chart a dyad's cooperation and conflict over time.
    Timeline(timeline::TimelineArgs),
    /// The most active actor pairs.
    Dyads(dyads::DyadsArgs),
    /// Stored documents and near-duplicate clusters.
    Docs(docs::DocsArgs),
    /// Export events: GDELT 2.0 TSV, PLOVER JSON, Parquet, GraphML, JSONL, CSV.
    Export(export::ExportArgs),
    /// Serve the HTTP API and the dashboard over a store.
    Serve(serve::ServeArgs),
    /// Ingest the bundled sample corpus into a fresh store and serve the dashboard.
    Demo(demo::DemoArgs),
    /// Score dyad against labelled documents (--gold), or read a judged
    /// sample's verdicts (--judged).
    Eval(eval::EvalArgs),
    /// Code documents and draw mentions at random into a file for judging.
    Sample(sample::SampleArgs),
    /// Run a PETRARCH-style validation suite (records XML) and report PASS/FAIL.
    Validate(validate::ValidateArgs),
    /// Measure coding throughput and memory on a JSONL corpus.
    Bench(bench::BenchArgs),
    /// Inspect and check dictionaries.
    #[command(subcommand)]
    Dict(dict::DictCommand),
    /// Show what dyad reads in each sentence: tags, lemmas and dependency
    /// trees as CoNLL-U, or scores against gold trees (--eval).
    Parse(syntax::ParseArgs),
    /// Train the tagger and parser on the UD treebanks (writes the weights
    /// that dyad ships).
    TrainSyntax(syntax::TrainArgs),
    /// Rebuild the gazetteer that dyad ships from GeoNames tables.
    BuildGazetteer(geo::GazetteerArgs),
    /// Rebuild the tone word list that dyad ships from the VADER lexicon.
    BuildTone(geo::ToneArgs),
}

/// Options shared by commands that code text.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct DictOptions {
    /// A directory of dictionary files layered over the built-in ones
    /// (countries*.txt, igos*.txt, actors*.txt, agents*.txt, verbs*.txt, cameo*.tsv).
    #[arg(long = "dict", value_name = "DIR", env = "DYAD_DICT")]
    pub(crate) dict: Vec<PathBuf>,
    /// Use only the dictionaries given with --dict.
    #[arg(long)]
    pub(crate) no_builtin_dict: bool,
    /// The format of the --dict directories: dyad's own, or PETRARCH/TABARI
    /// files (`*.actors.txt`, `*.agents.txt`, `*.discards.txt`, verbs) coded
    /// with PETRARCH's semantics.
    #[arg(long, value_enum, default_value_t = DictFormat::Dyad)]
    pub(crate) dict_format: DictFormat,
    /// A PETRARCH config file (`PETR_config.ini`) whose `[Options]`
    /// switches (`require_dyad`, `comma_*`) apply with --dict-format petrarch.
    #[arg(long, value_name = "INI")]
    pub(crate) petrarch_config: Option<PathBuf>,
    /// Code without the tagger and parser: the shallow rules alone (faster,
    /// less accurate; for comparison).
    #[arg(long)]
    pub(crate) no_parse: bool,
    /// Leave mentions without a location (no gazetteer look-ups; for
    /// comparison).
    #[arg(long)]
    pub(crate) no_locations: bool,
    /// Keep mentions of events the text says did not happen, only might, or
    /// that are no one occurrence (modality `negated`, `hypothetical` or
    /// `generic`), left out by default.
    #[arg(long)]
    pub(crate) all_modalities: bool,
}

/// Dictionary formats `--dict-format` accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DictFormat {
    /// dyad's own dictionaries (`docs/dictionaries.md`).
    #[default]
    Dyad,
    /// PETRARCH-1/TABARI dictionaries, coded as PETRARCH codes them.
    Petrarch,
}

impl DictOptions {
    /// Reads the PETRARCH dictionary files of the --dict directories
    /// (files of no PETRARCH kind, such as a README, are left out).
    pub(crate) fn petrarch_files(&self) -> anyhow::Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for dir in &self.dict {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .with_context(|| format!("reading dictionary directory {}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| PetrFile::of(n).is_some()))
                .collect();
            files.sort();
            for f in files {
                out.push(read_petrarch_file(&f)?);
            }
        }
        Ok(out)
    }

    /// Whether some --dict file declares `convention: petrarch`.
    pub(crate) fn declares_petrarch(&self) -> anyhow::Result<bool> {
        Ok(self.settings()?.user_dictionaries.iter().any(|(_, t)| dyad_engine::compat::declares_petrarch(t)))
    }

    /// Builds the coding pipeline from these options; dictionary problems
    /// are reported as warnings.
    pub(crate) fn pipeline(&self) -> anyhow::Result<Pipeline> {
        let (pipeline, problems) = Pipeline::new(&self.settings()?);
        for p in &problems {
            crate::messages::warning(&format!("dictionary {p}"));
        }
        Ok(pipeline)
    }

    /// Reads the user's dictionary files into settings.
    pub(crate) fn settings(&self) -> anyhow::Result<Settings> {
        let mut s = Settings {
            no_builtin_dictionaries: self.no_builtin_dict,
            no_syntax: self.no_parse,
            no_locations: self.no_locations,
            all_modalities: self.all_modalities,
            ..Settings::default()
        };
        if self.dict_format == DictFormat::Petrarch {
            if self.dict.is_empty() {
                anyhow::bail!("--dict-format petrarch needs --dict DIR with PETRARCH dictionary files");
            }
            let files = self.petrarch_files()?;
            if files.is_empty() {
                anyhow::bail!(
                    "no PETRARCH dictionary files (*.actors.txt, *.agents.txt, *.discards.txt, *verb*.txt) in --dict"
                );
            }
            s.petrarch_dictionaries = Some(files);
            if let Some(ini) = &self.petrarch_config {
                let text = std::fs::read_to_string(ini).with_context(|| format!("reading {}", ini.display()))?;
                read_petrarch_ini(&mut s.petrarch_options, &text)
                    .map_err(|(line, e)| anyhow::anyhow!("{}:{line}: {e}", ini.display()))?;
            }
            return Ok(s);
        }
        for dir in &self.dict {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .with_context(|| format!("reading dictionary directory {}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            for f in files {
                let text = std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
                s.user_dictionaries.push((f.display().to_string(), text));
            }
        }
        Ok(s)
    }
}

/// Reads one PETRARCH dictionary file; bytes that are not UTF-8 (older
/// files are Latin-1) are replaced, not refused.
pub(crate) fn read_petrarch_file(path: &std::path::Path) -> anyhow::Result<(String, String)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok((path.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()))
}

pub(crate) fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Code(args) => code::run(args),
        Command::BuildGazetteer(args) => geo::run_gazetteer(args),
        Command::BuildTone(args) => geo::run_tone(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Import(args) => import::run(args),
        Command::Events(args) => events::run(args),
        Command::Timeline(args) => timeline::run(args),
        Command::Dyads(args) => dyads::run(args),
        Command::Docs(args) => docs::run(args),
        Command::Export(args) => export::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Sample(args) => sample::run(args),
        Command::Dict(cmd) => dict::run(cmd),
        Command::Parse(args) => syntax::run_parse(args),
        Command::TrainSyntax(args) => syntax::run_train(args),
    }
}

/// Sets PETRARCH's switches from a `PETR_config.ini`'s `[Options]` section;
/// the other sections are PETRARCH's file lists. A bad value is an error
/// with its 1-based line.
fn read_petrarch_ini(options: &mut dyad_engine::compat::PetrOptions, text: &str) -> Result<(), (usize, String)> {
    let mut section = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split(['#', ';']).next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_ascii_lowercase();
        } else if let (Some((k, v)), "options") = (line.split_once('='), section.as_str()) {
            options.set(k, v).map_err(|e| (i + 1, e))?;
        }
    }
    Ok(())
}
