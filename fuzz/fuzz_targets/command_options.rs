//! Fuzzes `ParsedCommand::from_options` with arbitrary paths, option names and values.
#![no_main]

libfuzzer_sys::fuzz_target!(|input: &str| casewatch_fuzz::command_options(input));
