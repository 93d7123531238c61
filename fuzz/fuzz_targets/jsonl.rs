//! Fuzz target: the JSONL reader. The target itself is `dyad_fuzz::TARGETS` "jsonl".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("jsonl", data));
