//! Fuzzes reading, validating and importing a `data/` case file.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| casewatch_fuzz::case_file(bytes));
