//! Fuzz target: the RSS/Atom reader. The target itself is `dyad_fuzz::TARGETS` "feed".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("feed", data));
