//! Text or structured input → a validated command (pure, no store).
//!
//! [`COMMANDS`] is the one list of commands every adapter exposes: the
//! console parses lines against it, the Discord adapter registers slash
//! commands from it, `/help` prints it. Every limit a user can hit is
//! checked here, before anything reaches the store.

use std::collections::BTreeMap;

use crate::core::date::{DateProblem, PartialDate};
use crate::core::i18n::Locale;
use crate::core::messages::usage::UsageMsg;

mod spec;

pub use spec::{spec, CommandSpec, OptionKind, OptionSpec, COMMANDS};

/// A command whose options passed every check of its spec.
#[derive(Debug, Clone)]
pub struct ParsedCommand {
    pub spec: &'static CommandSpec,
    pub options: BTreeMap<&'static str, String>,
}

impl ParsedCommand {
    /// The value of an option, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.options.get(name).map(String::as_str)
    }

    /// The value of an option the spec marks required (checked by parsing).
    pub fn required(&self, name: &str) -> &str {
        self.get(name).unwrap_or_default()
    }

    /// A page number, 1 when not given.
    pub fn page(&self) -> u32 {
        self.get("page").and_then(|p| p.parse().ok()).unwrap_or(1)
    }

    /// A date option, already validated.
    pub fn date(&self, name: &str) -> Option<PartialDate> {
        self.get(name).and_then(|d| d.parse().ok())
    }

    /// Builds a command from named values (the Discord adapter's path),
    /// running the same checks as text parsing.
    pub fn from_options(
        path: &str,
        values: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, UsageError> {
        let spec = find_spec(path)?;
        let mut options = BTreeMap::new();
        for (name, value) in values {
            let option = spec
                .option(&name)
                .ok_or_else(|| unknown_option(spec, &name))?;
            if options.insert(option.name, value).is_some() {
                return Err(UsageError::DuplicateOption {
                    command: spec.path,
                    option: option.name,
                });
            }
        }
        finish(spec, options)
    }
}

/// The hint that follows an unknown command or option.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Hint {
    /// Nothing close enough to suggest.
    #[default]
    None,
    /// One known name is close (`/quote`, `speaker`).
    DidYouMean(String),
    /// The root takes these subcommands.
    Takes {
        root: String,
        subs: Vec<&'static str>,
    },
}

impl Hint {
    /// The hint in `loc`, with its leading space; empty for [`Hint::None`].
    pub fn say(&self, loc: Locale) -> String {
        match self {
            Hint::None => String::new(),
            Hint::DidYouMean(name) => UsageMsg::DidYouMean { name: name.clone() }.say(loc),
            Hint::Takes { root, subs } => UsageMsg::Takes {
                root: root.clone(),
                list: subs
                    .iter()
                    .map(|s| {
                        UsageMsg::Quoted {
                            text: s.to_string(),
                        }
                        .say(loc)
                    })
                    .collect::<Vec<_>>()
                    .join(&UsageMsg::Or.say(loc)),
            }
            .say(loc),
        }
    }
}

/// Why a command could not be understood. [`UsageError::message`] is a
/// sentence for the user in their language: what was wrong, the value, how
/// to fix it. `Display` gives the English one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// Nothing was typed.
    Empty,
    /// A double quote was opened and never closed.
    UnclosedQuote,
    /// No command has that name; `hint` suggests one.
    UnknownCommand { name: String, hint: Hint },
    /// The command has no option of that name.
    UnknownOption {
        command: &'static str,
        option: String,
        hint: Hint,
        known: String,
    },
    /// The same option twice.
    DuplicateOption {
        command: &'static str,
        option: &'static str,
    },
    /// More bare words than the command takes.
    UnexpectedWord {
        command: &'static str,
        word: String,
        example: &'static str,
    },
    /// A required option is missing.
    MissingOption {
        command: &'static str,
        missing: Vec<&'static str>,
        usage: String,
    },
    /// A value is over its length limit.
    TooLong {
        option: &'static str,
        len: usize,
        max: usize,
    },
    /// A value is empty.
    EmptyValue { option: &'static str },
    /// A value has the wrong shape; `why` is the reason, from the catalogue
    /// (boxed: a message is large, and errors travel by value).
    InvalidValue {
        option: &'static str,
        value: String,
        why: Box<UsageMsg>,
    },
    /// A date option is not a date.
    InvalidDate {
        option: &'static str,
        value: String,
        why: DateProblem,
    },
}

impl UsageError {
    /// The sentence for the user, in `loc`.
    pub fn message(&self, loc: Locale) -> String {
        use UsageError::*;
        let msg = match self {
            Empty => UsageMsg::Empty,
            UnclosedQuote => UsageMsg::UnclosedQuote,
            UnknownCommand { name, hint } => UsageMsg::UnknownCommand {
                name: name.clone(),
                hint: hint.say(loc),
            },
            UnknownOption {
                command,
                option,
                hint,
                known,
            } => UsageMsg::UnknownOption {
                command: command.to_string(),
                option: option.clone(),
                hint: hint.say(loc),
                known: known.clone(),
            },
            DuplicateOption { command, option } => UsageMsg::DuplicateOption {
                command: command.to_string(),
                option: option.to_string(),
            },
            UnexpectedWord {
                command,
                word,
                example,
            } => UsageMsg::UnexpectedWord {
                command: command.to_string(),
                word: word.clone(),
                example: example.to_string(),
            },
            MissingOption {
                command,
                missing,
                usage,
            } => UsageMsg::MissingOption {
                command: command.to_string(),
                list: missing
                    .iter()
                    .map(|m| format!("{m}:"))
                    .collect::<Vec<_>>()
                    .join(&UsageMsg::And.say(loc)),
                usage: usage.clone(),
            },
            TooLong { option, len, max } => UsageMsg::TooLong {
                option: option.to_string(),
                len: *len,
                max: *max,
            },
            EmptyValue { option } => UsageMsg::EmptyValue {
                option: option.to_string(),
            },
            InvalidValue { option, value, why } => UsageMsg::InvalidValue {
                option: option.to_string(),
                value: value.clone(),
                why: why.say(loc),
            },
            InvalidDate { option, value, why } => UsageMsg::InvalidValue {
                option: option.to_string(),
                value: value.clone(),
                why: UsageMsg::BadDate {
                    why: date_problem(*why).say(loc),
                }
                .say(loc),
            },
        };
        msg.say(loc)
    }
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

impl std::error::Error for UsageError {}

/// Why an address is refused. `Display` is the English reason (operators
/// read it in start-up and import errors); users get
/// [`UrlError::message`] in their language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// Not an `http://` or `https://` address.
    #[error("only http:// and https:// addresses are accepted")]
    Scheme,
    /// Nothing between the scheme and the path.
    #[error("the address has no host name")]
    NoHost,
    /// A space, quote, angle bracket or control character.
    #[error("addresses cannot contain spaces, quotes, < or >")]
    Characters,
}

impl UrlError {
    /// The reason as a catalogue message.
    pub fn message(self) -> UsageMsg {
        match self {
            UrlError::Scheme => UsageMsg::UrlScheme,
            UrlError::NoHost => UsageMsg::UrlNoHost,
            UrlError::Characters => UsageMsg::UrlCharacters,
        }
    }
}

/// The reason a date was refused, as a catalogue message.
pub fn date_problem(why: DateProblem) -> UsageMsg {
    match why {
        DateProblem::Empty => UsageMsg::DateEmpty,
        DateProblem::Backwards => UsageMsg::DateBackwards,
        DateProblem::Digits => UsageMsg::DateDigits,
        DateProblem::NotNumber => UsageMsg::DateNotNumber,
        DateProblem::Month => UsageMsg::DateMonth,
        DateProblem::NoSuchDay => UsageMsg::DateNoSuchDay,
        DateProblem::TooManyParts => UsageMsg::DateTooManyParts,
    }
}

fn find_spec(path: &str) -> Result<&'static CommandSpec, UsageError> {
    spec(path).ok_or_else(|| {
        let root = path.split_whitespace().next().unwrap_or(path);
        let names: Vec<&str> = COMMANDS.iter().map(|c| c.path).collect();
        UsageError::UnknownCommand {
            name: path.to_string(),
            hint: suggestion(root, &names, "/"),
        }
    })
}

fn option_hint(spec: &CommandSpec, name: &str) -> Hint {
    let names: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
    suggestion(name, &names, "")
}

fn unknown_option(spec: &'static CommandSpec, name: &str) -> UsageError {
    let names: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
    UsageError::UnknownOption {
        command: spec.path,
        option: name.to_string(),
        hint: option_hint(spec, name),
        known: names
            .iter()
            .map(|n| format!("{n}:"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The candidate closest to `word`, if one is close enough.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// " Did you mean /quote?" when one name is close.
fn suggestion(word: &str, candidates: &[&str], prefix: &str) -> Hint {
    match closest(word, candidates) {
        Some(c) => Hint::DidYouMean(format!("{prefix}{c}")),
        None => Hint::None,
    }
}

/// " Did you mean /quote?" when one name is close, else "".
pub fn did_you_mean(word: &str, candidates: &[&str], prefix: &str, loc: Locale) -> String {
    suggestion(word, candidates, prefix).say(loc)
}

/// Splits a line into words; double quotes group words and `\"` is a
/// literal quote. A word records whether any part of it was quoted, so a
/// quoted word is never mistaken for `option:value`.
fn tokenize(line: &str) -> Result<Vec<(String, bool)>, UsageError> {
    let mut words = Vec::new();
    let mut current = String::new();
    let (mut in_word, mut in_quotes, mut starts_quoted) = (false, false, false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_quotes && matches!(chars.peek(), Some('"') | Some('\\')) => {
                current.push(chars.next().expect("peeked"));
            }
            '"' => {
                if !in_word {
                    starts_quoted = true;
                }
                in_quotes = !in_quotes;
                in_word = true;
            }
            c if c.is_whitespace() && !in_quotes => {
                if in_word {
                    words.push((std::mem::take(&mut current), starts_quoted));
                    in_word = false;
                    starts_quoted = false;
                }
            }
            c => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if in_quotes {
        return Err(UsageError::UnclosedQuote);
    }
    if in_word {
        words.push((current, starts_quoted));
    }
    Ok(words)
}

/// Parses `/quote speaker:takano`, `/quote takano` or `quote takano`.
pub fn parse(line: &str) -> Result<ParsedCommand, UsageError> {
    let words = tokenize(line.trim())?;
    let mut words = words.into_iter().peekable();
    let (first, _) = words.next().ok_or(UsageError::Empty)?;
    let root = first.trim_start_matches('/').to_lowercase();
    if root.is_empty() {
        return Err(UsageError::Empty);
    }
    // A subcommand is the second word when `root word` names a command.
    let mut path = root.clone();
    if let Some((next, false)) = words.peek() {
        let candidate = format!("{root} {}", next.to_lowercase());
        if spec(&candidate).is_some() {
            path = candidate;
            words.next();
        }
    }
    let spec = match spec(&path) {
        Some(spec) => spec,
        None if COMMANDS
            .iter()
            .any(|c| c.path.starts_with(&format!("{root} "))) =>
        {
            let subs: Vec<&str> = COMMANDS
                .iter()
                .filter_map(|c| c.path.strip_prefix(&format!("{root} ")))
                .collect();
            return Err(UsageError::UnknownCommand {
                name: path,
                hint: Hint::Takes { root, subs },
            });
        }
        None => return Err(find_spec(&path).expect_err("no such spec")),
    };

    let mut options: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut positional = spec.positional.iter().peekable();
    let mut rest: Vec<String> = Vec::new();
    for (word, quoted) in words {
        let named = if quoted { None } else { split_named(&word) };
        match named {
            Some((name, value)) if spec.option(&name).is_some() => {
                let option = spec.option(&name).expect("checked");
                if options.insert(option.name, value).is_some() {
                    return Err(UsageError::DuplicateOption {
                        command: spec.path,
                        option: option.name,
                    });
                }
            }
            // An unknown name is an error when nothing bare is expected, or
            // when it is a near miss of a real option (`speker:`).
            Some((name, _))
                if spec.positional.is_empty() || option_hint(spec, &name) != Hint::None =>
            {
                return Err(unknown_option(spec, &name))
            }
            _ => {
                // Bare words fill positional options; the last one takes the rest.
                if positional.peek().is_none() && rest.is_empty() {
                    return Err(UsageError::UnexpectedWord {
                        command: spec.path,
                        word,
                        example: spec.example,
                    });
                }
                if positional.len() > 1 {
                    let name = positional.next().expect("peeked");
                    if options.insert(name, word).is_some() {
                        return Err(UsageError::DuplicateOption {
                            command: spec.path,
                            option: name,
                        });
                    }
                } else {
                    rest.push(word);
                }
            }
        }
    }
    if !rest.is_empty() {
        let name = positional.next().expect("a last positional option");
        if options.insert(name, rest.join(" ")).is_some() {
            return Err(UsageError::DuplicateOption {
                command: spec.path,
                option: name,
            });
        }
    }
    finish(spec, options)
}

/// `name:value` when the word starts with an option-like name.
fn split_named(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once(':')?;
    let looks_named = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-');
    looks_named.then(|| (name.replace('-', "_"), value.to_string()))
}

/// Checks required options, lengths and value shapes.
fn finish(
    spec: &'static CommandSpec,
    mut options: BTreeMap<&'static str, String>,
) -> Result<ParsedCommand, UsageError> {
    for option in spec.options {
        let Some(value) = options.get_mut(option.name) else {
            continue;
        };
        *value = value.trim().to_string();
        let len = value.chars().count();
        if len == 0 {
            return Err(UsageError::EmptyValue {
                option: option.name,
            });
        }
        if len > option.max_len {
            return Err(UsageError::TooLong {
                option: option.name,
                len,
                max: option.max_len,
            });
        }
        check_value(option, value)?;
    }
    let missing: Vec<&'static str> = spec
        .options
        .iter()
        .filter(|o| o.required && !options.contains_key(o.name))
        .map(|o| o.name)
        .collect();
    if !missing.is_empty() {
        return Err(UsageError::MissingOption {
            command: spec.path,
            missing,
            usage: spec.usage(),
        });
    }
    Ok(ParsedCommand { spec, options })
}

fn check_value(option: &'static OptionSpec, value: &mut String) -> Result<(), UsageError> {
    let invalid = |why: UsageMsg| UsageError::InvalidValue {
        option: option.name,
        value: value.clone(),
        why: Box::new(why),
    };
    match option.kind {
        OptionKind::Text => {
            if value.chars().any(|c| c.is_control() && c != '\n') {
                return Err(invalid(UsageMsg::ControlCharacters));
            }
        }
        OptionKind::Integer { min, max } => match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => {}
            _ => return Err(invalid(UsageMsg::WholeNumber { min, max })),
        },
        OptionKind::Date => {
            if let Err(e) = value.parse::<PartialDate>() {
                return Err(UsageError::InvalidDate {
                    option: option.name,
                    value: value.clone(),
                    why: e.why,
                });
            }
        }
        OptionKind::Url => check_url(value).map_err(|why| invalid(why.message()))?,
        OptionKind::Id => {
            let ok = value.parse::<crate::core::model::RecordId>().is_ok()
                || (value.len() <= 15 && value.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return Err(invalid(UsageMsg::BadRecordId));
            }
        }
        OptionKind::Slug => {
            if !is_key(value) {
                return Err(invalid(UsageMsg::BadSlug));
            }
        }
        OptionKind::Choice(choices) => {
            let lower = value.to_lowercase();
            if !choices.contains(&lower.as_str()) {
                return Err(invalid(UsageMsg::Choose {
                    list: choices.join(", "),
                }));
            }
            *value = lower;
        }
    }
    Ok(())
}

/// A record or case key: lowercase ASCII letters, digits and `-`.
pub fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Accepts only `http://` and `https://` addresses with a host, and no
/// spaces or control characters.
pub fn check_url(url: &str) -> Result<(), UrlError> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or(UrlError::Scheme)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
    {
        return Err(UrlError::Characters);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_positional_forms_agree() {
        let a = parse("/quote speaker:takano").unwrap();
        let b = parse("/quote takano").unwrap();
        let c = parse("quote   takano").unwrap();
        assert_eq!(a.options, b.options);
        assert_eq!(b.options, c.options);
        assert_eq!(a.get("speaker"), Some("takano"));
    }

    #[test]
    fn last_positional_takes_the_rest_and_quotes_group() {
        assert_eq!(
            parse("/search crown tattoo").unwrap().get("query"),
            Some("crown tattoo")
        );
        let p = parse(r#"/update add date:2025-10-01 text:"Rep. X said \"no\"" source:7"#).unwrap();
        assert_eq!(p.spec.path, "update add");
        assert_eq!(p.get("text"), Some("Rep. X said \"no\""));
        assert_eq!(
            parse("/search \"note:x\"").unwrap().get("query"),
            Some("note:x")
        );
        assert_eq!(
            parse("/timeline 2025-03 2025-04").unwrap().get("to"),
            Some("2025-04")
        );
    }

    #[test]
    fn bad_input_is_named() {
        let cases: &[(&str, &str)] = &[
            ("", "Type a command"),
            ("/timelne", "Did you mean /timeline?"),
            ("/quote speker:x text:y", "has no option"),
            ("/person", "needs name:"),
            ("/timeline from:2025-02-30", "that day does not exist"),
            (
                "/source add url:javascript:alert(1) title:t publication:p published:2025",
                "only http:// and https://",
            ),
            ("/update add date:2025 text:\"open", "not closed"),
            ("/cite id:banana", "record id"),
            ("/quote takano page:0", "from 1 to"),
            ("/action frobnicate", "takes “add” or “status”"),
            ("/cite E1 E2", "is not valid"),
            ("/case x y z extra", "is not valid"),
            ("/quote speaker:a speaker:b", "twice"),
        ];
        for (line, expected) in cases {
            let err = parse(line).unwrap_err().to_string();
            assert!(err.contains(expected), "{line:?} gave {err:?}");
        }
        let long = format!("/search {}", "x".repeat(201));
        assert!(parse(&long)
            .unwrap_err()
            .to_string()
            .contains("limit is 200"));
    }

    #[test]
    fn usage_errors_speak_the_users_language() {
        let cases: &[(&str, &str)] = &[
            ("", "Escribe una orden"),
            ("/timelne", "¿Quisiste decir /timeline?"),
            (
                "/quote speker:x",
                "no tiene la opción «speker». ¿Quisiste decir speaker?",
            ),
            ("/person", "necesita name:"),
            ("/timeline from:2025-02-30", "ese día no existe en ese mes"),
            (
                "/source add url:ftp://x title:t publication:p published:2025",
                "solo se aceptan direcciones http:// y https://",
            ),
            ("/action frobnicate", "/action admite «add» o «status»"),
            ("/update add date:2025 text:\"x", "Falta cerrar"),
        ];
        for (line, expected) in cases {
            let message = parse(line).unwrap_err().message(Locale::Es);
            assert!(message.contains(expected), "{line:?} gave {message:?}");
            assert!(!parse(line).unwrap_err().to_string().is_empty());
        }
    }

    #[test]
    fn date_and_address_reasons_read_as_the_catalogue_says() {
        // The store and the data checks log the English reasons through
        // `Display`; users read the catalogue's. The two must agree.
        let problems = [
            DateProblem::Empty,
            DateProblem::Backwards,
            DateProblem::Digits,
            DateProblem::NotNumber,
            DateProblem::Month,
            DateProblem::NoSuchDay,
            DateProblem::TooManyParts,
        ];
        for why in problems {
            assert_eq!(why.to_string(), date_problem(why).say(Locale::En));
        }
        for why in [UrlError::Scheme, UrlError::NoHost, UrlError::Characters] {
            assert_eq!(why.to_string(), why.message().say(Locale::En));
        }
        assert_eq!(
            parse("/timeline from:2025-13").unwrap_err().message(Locale::Es),
            "«from:2025-13» no es válido: el mes debe ir de 01 a 12; escribe AAAA, AAAA-MM, AAAA-MM-DD o DESDE/HASTA"
        );
    }

    #[test]
    fn every_spec_is_well_formed() {
        for spec in COMMANDS {
            for name in spec.positional {
                assert!(
                    spec.option(name).is_some(),
                    "{} positional {name}",
                    spec.path
                );
            }
            let mut names: Vec<_> = spec.options.iter().map(|o| o.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(
                names.len(),
                spec.options.len(),
                "{} repeats an option",
                spec.path
            );
        }
    }
}
