//! Fuzz target: the quantity finder. The target itself is `dyad_fuzz::TARGETS` "quantities".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("quantities", data));
