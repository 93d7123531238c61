//! Fuzz target: the PETRARCH dictionary loader and the import it writes. The target itself is `dyad_fuzz::TARGETS` "petrarch_dictionaries".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("petrarch_dictionaries", data));
