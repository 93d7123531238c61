//! Fuzz target: the coder entry point (Pipeline::code on one article). The target itself is `dyad_fuzz::TARGETS` "code".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("code", data));
