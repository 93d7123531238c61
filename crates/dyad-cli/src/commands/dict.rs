//! `dyad dict`: what the dictionaries hold, and whether they are sound.

use std::io::Write;

use clap::Subcommand;
use dyad_engine::{compat, Pipeline};

use super::DictOptions;
use crate::{messages, Status};

#[derive(Debug, Subcommand)]
pub(crate) enum DictCommand {
    /// Count states, organisations, people, roles, role nouns and patterns.
    Stats(DictOptions),
    /// Report malformed, duplicate or conflicting entries; exit 1 if any.
    Check(DictOptions),
    /// What an actor phrase resolves to on a date, and why.
    Lookup(LookupArgs),
    /// Every actor and pattern that fires on a sentence, and the mentions coded.
    Explain(LookupArgs),
    /// Convert dictionaries from another format into dyad's own (for --dict).
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The format to read (PETRARCH/TABARI actors, agents, discards and
    /// PETRARCH-1 verbs files), written whole under `convention: petrarch`.
    #[arg(long = "from", value_parser = ["petrarch"])]
    from: String,
    /// The directory holding the dictionaries (`*actors*.txt`, `*agents*.txt`, `*discards*.txt`, `*verb*.txt`).
    dir: std::path::PathBuf,
    /// Where to write dyad dictionary files (created if absent).
    #[arg(long)]
    out: std::path::PathBuf,
    /// Print every skipped line, not only a summary by kind.
    #[arg(long, short = 'v')]
    verbose: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct LookupArgs {
    /// The phrase or sentence.
    text: String,
    /// The date (YYYY, YYYY-MM or YYYY-MM-DD) people's roles are read on.
    #[arg(long, value_parser = crate::commands::code::parse_date)]
    date: Option<dyad_types::PartialDate>,
    #[command(flatten)]
    dict: DictOptions,
}

#[allow(clippy::print_stdout, reason = "the report is the command's output")]
pub(crate) fn run(cmd: DictCommand) -> anyhow::Result<Status> {
    match cmd {
        DictCommand::Import(args) => import(&args),
        DictCommand::Stats(opts) if opts.dict_format == super::DictFormat::Petrarch || opts.declares_petrarch()? => {
            let started = std::time::Instant::now();
            let files = if opts.dict_format == super::DictFormat::Petrarch {
                opts.petrarch_files()?
            } else {
                // `--dict` files under `convention: petrarch` (what `dict import` writes).
                opts.settings()?.user_dictionaries.into_iter().filter(|(_, t)| compat::declares_petrarch(t)).collect()
            };
            let read = started.elapsed();
            let (d, problems) = compat::PetrDict::load(&files);
            let loaded = started.elapsed() - read;
            let s = d.stats();
            let mut out = std::io::stdout().lock();
            writeln!(out, "files            {}", files.len())?;
            writeln!(out, "actors           {}", s.actors)?;
            writeln!(out, "agent phrases    {}", s.agents)?;
            writeln!(out, "verb families    {}", s.families)?;
            writeln!(out, "verb forms       {}", s.verb_forms)?;
            writeln!(out, "verb patterns    {}", s.patterns)?;
            writeln!(out, "discards         {}", s.discards)?;
            writeln!(out, "problems         {}", problems.len())?;
            writeln!(out, "read ms          {:.1}", read.as_secs_f64() * 1e3)?;
            writeln!(out, "load ms          {:.1}", loaded.as_secs_f64() * 1e3)?;
            Ok(Status::Ok)
        }
        DictCommand::Stats(opts) => {
            let (p, problems) = Pipeline::new(&opts.settings()?);
            let s = p.dictionary().stats();
            let mut out = std::io::stdout().lock();
            writeln!(out, "cameo codes      {}", s.cameo_codes)?;
            writeln!(out, "states           {}", s.countries)?;
            writeln!(out, "igos             {}", s.igos)?;
            writeln!(out, "organisations    {}", s.organisations)?;
            writeln!(out, "people           {}", s.people)?;
            writeln!(out, "dated roles      {}", s.roles)?;
            writeln!(out, "role nouns       {}", s.agent_nouns)?;
            writeln!(out, "actor phrases    {}", s.actor_phrases)?;
            writeln!(out, "verb patterns    {}", s.verb_patterns)?;
            writeln!(out, "codes covered    {}", s.coded_codes)?;
            writeln!(out, "discards         {}", s.discards)?;
            writeln!(out, "problems         {}", problems.len())?;
            Ok(Status::Ok)
        }
        DictCommand::Lookup(args) => explain(args, false),
        DictCommand::Explain(args) => explain(args, true),
        DictCommand::Check(opts) => {
            let (_, problems) = Pipeline::new(&opts.settings()?);
            for p in &problems {
                messages::warning(&p.to_string());
            }
            messages::info(&format!("{} problem(s)", problems.len()));
            Ok(if problems.is_empty() { Status::Ok } else { Status::Rejected })
        }
    }
}

#[allow(clippy::print_stdout, reason = "the report is the command's output")]
fn explain(args: LookupArgs, everything: bool) -> anyhow::Result<Status> {
    let (p, problems) = Pipeline::new(&args.dict.settings()?);
    for pr in &problems {
        messages::warning(&format!("dictionary {pr}"));
    }
    let article =
        dyad_types::Article { id: "explain".into(), text: args.text.clone(), date: args.date, ..Default::default() };
    let mut out = std::io::stdout().lock();
    let mut actors = 0;
    for (text, trace, mentions) in p.explain(&article) {
        if everything {
            writeln!(out, "sentence: {text}")?;
        }
        for line in trace.iter().filter(|l| everything || l.starts_with("name") || l.starts_with("actor")) {
            writeln!(out, "  {line}")?;
            actors += usize::from(line.starts_with("actor"));
        }
        if everything {
            for m in &mentions {
                let side = |v: &[dyad_types::ActorRef]| v.iter().map(|a| a.code.as_str()).collect::<Vec<_>>().join("+");
                writeln!(
                    out,
                    "  event  {} {} {} ({} {}) date {} ({}) {}",
                    side(&m.source),
                    m.cameo,
                    side(&m.target),
                    m.plover,
                    m.goldstein,
                    m.date.map_or("-".to_string(), |d| d.to_string()),
                    m.date_basis.as_str(),
                    m.modality.as_str()
                )?;
            }
        }
    }
    if !everything && actors == 0 {
        writeln!(out, "  no actor: `{}` is not in the dictionaries", args.text)?;
    }
    Ok(Status::Ok)
}

/// `dyad dict import --from petrarch DIR --out DIR`: the PETRARCH
/// dictionaries of DIR loaded, then written in dyad's block syntax under
/// `convention: petrarch`, which `--dict` reads back without loss.
fn import(args: &ImportArgs) -> anyhow::Result<Status> {
    use anyhow::Context;
    use dyad_engine::compat::{PetrDict, PetrFile};
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&args.dir)
        .with_context(|| format!("reading {}", args.dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| PetrFile::of(n).is_some()))
        .collect();
    files.sort();
    if files.is_empty() {
        anyhow::bail!("no *actors*.txt, *agents*.txt, *discards*.txt or *verb*.txt files in {}", args.dir.display());
    }
    let sources = files.iter().map(|f| super::read_petrarch_file(f)).collect::<anyhow::Result<Vec<_>>>()?;
    let mut warnings = crate::report::Warnings::new(args.verbose);
    let (dict, problems) = PetrDict::load(&sources);
    for p in &problems {
        warnings.add(&format!("{}:{}", p.file, p.line), &p.message);
    }
    std::fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    for (name, text) in dict.to_files() {
        let target = args.out.join(name);
        std::fs::write(&target, text).with_context(|| format!("writing {}", target.display()))?;
    }
    let s = dict.stats();
    messages::info(&format!(
        "{}: {} actors, {} agent phrases, {} verb forms, {} patterns, {} discards from {} file(s), for --dict",
        args.out.display(),
        s.actors,
        s.agents,
        s.verb_forms,
        s.patterns,
        s.discards,
        files.len()
    ));
    // Lines PETRARCH's own loader would skip are expected in an import: the
    // import did its job, so they are a summary, not a failure.
    warnings.summarise("line(s) skipped");
    Ok(Status::Ok)
}
