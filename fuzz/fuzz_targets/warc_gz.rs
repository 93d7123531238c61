//! Fuzz target: the WARC.gz reader (gzip members). The target itself is `dyad_fuzz::TARGETS` "warc_gz".
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::run("warc_gz", data));
