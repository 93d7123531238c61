//! Fuzz target: the date finder and PartialDate::parse. The target itself is `dyad_fuzz::TARGETS` "dates".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("dates", data));
