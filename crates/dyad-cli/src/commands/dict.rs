//! `dyad dict`: what the dictionaries hold, and whether they are sound.

use std::io::Write;

use clap::Subcommand;
use dyad_engine::Pipeline;

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
