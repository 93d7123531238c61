//! Fuzz target: dyad's own dictionary files, built and used to code a sentence. The target itself is `dyad_fuzz::TARGETS` "dyad_dictionaries".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("dyad_dictionaries", data));
