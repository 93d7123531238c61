//! Fuzz target: the plain-text reader and its metadata header. The target itself is `dyad_fuzz::TARGETS` "text".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("text", data));
