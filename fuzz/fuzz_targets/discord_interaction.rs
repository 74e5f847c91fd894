//! Fuzzes the Discord interaction reader with arbitrary JSON bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| casewatch_fuzz::interaction(bytes));
