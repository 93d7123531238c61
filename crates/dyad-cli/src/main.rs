//! `dyad`: news text in, political event data out.
//!
//! `main` parses the arguments, runs the command and maps the result to an
//! exit code: 0 ok, 1 finished but some input was rejected, 2 fatal.

mod commands;
mod messages;
mod output;
mod report;

use std::process::ExitCode;

use clap::Parser;

// The coder allocates small vectors per sentence and the dictionary loader
// many small strings; mimalloc is markedly faster than the system allocator
// for both (start-up and throughput are measured by `dyad bench`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match commands::run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`dyad code … | head`) is not an error.
            if err
                .chain()
                .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
            {
                return ExitCode::SUCCESS;
            }
            messages::error(&format!("{err:#}"));
            ExitCode::from(2)
        }
    }
}

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Everything was processed.
    Ok,
    /// The run finished, but some input was rejected.
    Rejected,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        match s {
            Status::Ok => ExitCode::SUCCESS,
            Status::Rejected => ExitCode::from(1),
        }
    }
}
