//! Fuzz target: the WARC reader. The target itself is `dyad_fuzz::TARGETS` "warc".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("warc", data));
