//! Fuzzes the command tokenizer and parser with arbitrary lines.
#![no_main]

libfuzzer_sys::fuzz_target!(|line: &str| casewatch_fuzz::command_line(line));
