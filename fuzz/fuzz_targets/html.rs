//! Fuzz target: the HTML extractor. The target itself is `dyad_fuzz::TARGETS` "html".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("html", data));
