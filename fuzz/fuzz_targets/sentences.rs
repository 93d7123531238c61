//! Fuzz target: the sentence splitter and tokenizer. The target itself is `dyad_fuzz::TARGETS` "sentences".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("sentences", data));
