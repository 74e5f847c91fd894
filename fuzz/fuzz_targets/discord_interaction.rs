//! Fuzzes the Discord interaction reader with arbitrary JSON bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: casewatch_fuzz::only_uncaught_panics_crash(),
    |bytes: &[u8]| casewatch_fuzz::interaction(bytes)
);
