//! What each fuzz target checks, one function per input strangers control.
//!
//! The targets in `fuzz_targets/` only hand bytes to these functions, and
//! the seed writer (`src/bin/seeds.rs`) uses the same encodings, so a seed
//! always reaches the code it was written for. Each check panics on a
//! broken promise: a panic in our code, an error with no sentence for the
//! user, an import that leaves an uncited record, or a refused write that
//! changed the store.

use casewatch::adapters::discord::interaction::{command_input, invocation, ModeratorRule};
use casewatch::adapters::discord::payload::Interaction;
use casewatch::adapters::discord::paging::PageTarget;
use casewatch::core::command::{parse, OptionKind, ParsedCommand, UsageError};
use casewatch::core::i18n::Locale;
use casewatch::core::Invocation;
use casewatch::dataset::{self, CaseFile};
use casewatch::store::Store;

/// For the targets whose reader catches a dependency's panic: libFuzzer's
/// panic hook aborts on every panic, even a caught one. The default hook
/// only prints, and a panic that escapes still aborts the run (libfuzzer-sys
/// catches it around each input and aborts), so real crashes still count.
pub fn only_uncaught_panics_crash() {
    drop(std::panic::take_hook());
}

/// Separates the fields of a `command_options` input: the command path,
/// then option names and values in turn. A control character no command
/// name contains, so the fuzzer can still put newlines in values.
pub const FIELD: char = '\u{1f}';

/// Every usage error has a sentence in both languages.
fn polite(error: &UsageError) {
    for locale in [Locale::En, Locale::Es] {
        let sentence = error.message(locale);
        assert!(
            !sentence.trim().is_empty(),
            "{error:?} has no sentence in {locale:?}"
        );
    }
}

/// The limits every accepted command keeps, whichever way it was built.
fn within_spec(parsed: &ParsedCommand) {
    for option in parsed.spec.options {
        match parsed.get(option.name) {
            None => assert!(
                !option.required,
                "{} accepted without {}",
                parsed.spec.path, option.name
            ),
            Some(value) => {
                let len = value.chars().count();
                assert!(
                    len > 0 && len <= option.max_len,
                    "{}: {len} characters accepted",
                    option.name
                );
                if matches!(option.kind, OptionKind::Text) {
                    assert!(
                        !value.chars().any(|c| c.is_control() && c != '\n'),
                        "{}: a control character accepted",
                        option.name
                    );
                }
            }
        }
    }
}

/// A console or chat line through the tokenizer and parser. A line the
/// parser accepts must be accepted with the same values by the Discord
/// path, which builds the command from named options.
pub fn command_line(line: &str) {
    match parse(line) {
        Ok(parsed) => {
            within_spec(&parsed);
            let named = parsed
                .options
                .iter()
                .map(|(name, value)| (name.to_string(), value.clone()));
            let again = ParsedCommand::from_options(parsed.spec.path, named)
                .unwrap_or_else(|e| panic!("{line:?} parses but its options are refused: {e}"));
            assert_eq!(again.options, parsed.options, "{line:?}");
        }
        Err(error) => polite(&error),
    }
}

/// `path`, then names and values, joined by [`FIELD`].
pub fn encode_options<'a>(
    path: &str,
    values: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let mut out = path.to_string();
    for (name, value) in values {
        out.push(FIELD);
        out.push_str(name);
        out.push(FIELD);
        out.push_str(value);
    }
    out
}

/// A command path and arbitrary option names and values, as a Discord
/// interaction (or a paging button) hands them to the core.
pub fn command_options(input: &str) {
    let mut fields = input.split(FIELD);
    let path = fields.next().unwrap_or_default();
    let mut values = Vec::new();
    while let Some(name) = fields.next() {
        values.push((
            name.to_string(),
            fields.next().unwrap_or_default().to_string(),
        ));
    }
    match ParsedCommand::from_options(path, values) {
        Ok(parsed) => within_spec(&parsed),
        Err(error) => polite(&error),
    }
}

/// A `data/` case file from arbitrary bytes: read, validate and, when
/// valid, import into a fresh in-memory store.
pub fn case_file(bytes: &[u8]) {
    // `dataset::load` refuses a file that is not UTF-8 before parsing.
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let file = match CaseFile::from_toml("fuzz.toml", text) {
        Ok(file) => file,
        Err(error) => {
            assert!(
                !error.problem.trim().is_empty(),
                "a parse error without a reason"
            );
            return;
        }
    };
    let problems = file.validate("fuzz.toml");
    if !problems.is_empty() {
        for problem in &problems {
            assert!(
                !problem.problem.trim().is_empty(),
                "a problem without a reason"
            );
        }
        return;
    }
    let mut store = Store::open_in_memory().expect("an in-memory store opens");
    let empty = store.fingerprint().expect("a fingerprint");
    match dataset::import(&mut store, &file, "fuzz.toml") {
        Ok(report) => {
            let uncited = store.uncited().expect("the uncited view reads");
            assert!(
                uncited.is_empty(),
                "the import left uncited records: {uncited:?}"
            );
            // A file the checks passed comes back out as one they pass.
            let exported = dataset::export(&store, &report.case).expect("an imported case exports");
            let back = CaseFile::from_toml("exported.toml", &exported.to_toml())
                .expect("an export reads back");
            let problems = back.validate("exported.toml");
            assert!(
                problems.is_empty(),
                "the export of a valid file is invalid: {problems:?}"
            );
            // Importing the same file again adds nothing.
            let again = dataset::import(&mut store, &file, "fuzz.toml").expect("a second import");
            assert_eq!(again.added_total(), 0, "a second import added records");
        }
        Err(error) => {
            // The checks passed, so the store refused something they did
            // not see: the operator would get a store error instead of a
            // sentence naming the record. Each such case is a gap in
            // `CaseFile::validate`.
            let after = store.fingerprint().expect("a fingerprint");
            assert_eq!(after, empty, "a refused import changed the store");
            panic!("a file that passed the checks failed to import: {error:#}");
        }
    }
}

/// The command path and option values an interaction asks for, or the
/// sentence refusing it.
pub type Asked = Result<(&'static str, Vec<(String, String)>), String>;

/// What the Discord handler acts on, read from an interaction's bytes:
/// who asks and which command with which values. `None` for bytes that are
/// not an interaction with a command (the endpoint answers those with an
/// HTTP error or a pong). The one function to point at a new reader.
pub fn read_interaction(bytes: &[u8]) -> Option<(Invocation, Asked)> {
    // The endpoint's reader: a body it cannot read gets a 400.
    let (_, interaction) = Interaction::read(bytes).ok()?;
    let rule = ModeratorRule { role_id: Some(1) };
    match interaction {
        Interaction::Command(origin, data) | Interaction::Autocomplete(origin, data) => {
            let asker = invocation(&origin, rule);
            let input = command_input(&data, asker.locale)
                .map(|input| (input.command.path, input.values));
            Some((asker, input))
        }
        Interaction::Component {
            origin, custom_id, ..
        } => {
            let asker = invocation(&origin, rule);
            let input = PageTarget::decode(&custom_id)
                .map(|target| {
                    let mut values = target.options;
                    values.push(("page".to_string(), target.page.to_string()));
                    (target.command.path, values)
                })
                .ok_or_else(|| "a stale button".to_string());
            Some((asker, input))
        }
        _ => None,
    }
}

/// An interaction from arbitrary bytes, read and validated as the handler
/// does before it asks the core.
pub fn interaction(bytes: &[u8]) {
    let Some((asker, input)) = read_interaction(bytes) else {
        return;
    };
    assert!(
        asker.actor.id.starts_with("discord:"),
        "{:?}",
        asker.actor.id
    );
    assert!(asker.place.starts_with("discord:"), "{:?}", asker.place);
    match input {
        Ok((path, values)) => match ParsedCommand::from_options(path, values) {
            Ok(parsed) => within_spec(&parsed),
            Err(error) => polite(&error),
        },
        Err(sentence) => assert!(!sentence.trim().is_empty(), "a refusal without a sentence"),
    }
}
