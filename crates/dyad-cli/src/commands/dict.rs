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
