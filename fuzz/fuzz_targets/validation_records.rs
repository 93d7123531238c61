//! Fuzz target: the PETRARCH validation records reader. The target itself is `dyad_fuzz::TARGETS` "validation_records".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("validation_records", data));
