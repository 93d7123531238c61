//! User-facing messages on stderr, kept apart from data on stdout.
#![allow(clippy::print_stderr, reason = "this module is where user messages are printed")]

/// An error that stopped the command.
pub(crate) fn error(msg: &str) {
    eprintln!("dyad: error: {msg}");
}

/// A problem with one input that did not stop the command.
pub(crate) fn warning(msg: &str) {
    eprintln!("dyad: warning: {msg}");
}

/// A summary or status line.
pub(crate) fn info(msg: &str) {
    eprintln!("dyad: {msg}");
}
