//! Text or structured input → a validated command (pure, no store).
//!
//! [`COMMANDS`] is the one list of commands every adapter exposes: the
//! console parses lines against it, the Discord adapter registers slash
//! commands from it, `/help` prints it. Every limit a user can hit is
//! checked here, before anything reaches the store.

use std::collections::BTreeMap;

use crate::core::date::PartialDate;

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

/// Why a command could not be understood. Each variant's message is a
/// sentence for the user: what was wrong, the value, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    /// Nothing was typed.
    #[error("Type a command, for example /timeline. /help lists them all.")]
    Empty,
    /// A double quote was opened and never closed.
    #[error("A double quote (\") is not closed. Put quotes around values with spaces: text:\"two words\".")]
    UnclosedQuote,
    /// No command has that name.
    #[error("There is no command “/{name}”.{hint} /help lists them all.")]
    UnknownCommand { name: String, hint: String },
    /// The command has no option of that name.
    #[error("/{command} has no option “{option}”.{hint} Its options: {known}.")]
    UnknownOption {
        command: &'static str,
        option: String,
        hint: String,
        known: String,
    },
    /// The same option twice.
    #[error("/{command} got “{option}:” twice; give it once.")]
    DuplicateOption {
        command: &'static str,
        option: &'static str,
    },
    /// More bare words than the command takes.
    #[error("/{command} does not take “{word}” without a name. Write it as option:value, for example {example}.")]
    UnexpectedWord {
        command: &'static str,
        word: String,
        example: &'static str,
    },
    /// A required option is missing.
    #[error("/{command} needs {missing}. Usage: {usage}")]
    MissingOption {
        command: &'static str,
        missing: String,
        usage: String,
    },
    /// A value is over its length limit.
    #[error("“{option}:” is {len} characters long; the limit is {max}. Shorten it and try again.")]
    TooLong {
        option: &'static str,
        len: usize,
        max: usize,
    },
    /// A value is empty.
    #[error("“{option}:” is empty; give it a value.")]
    EmptyValue { option: &'static str },
    /// A value has the wrong shape.
    #[error("“{option}:{value}” is not valid: {why}")]
    InvalidValue {
        option: &'static str,
        value: String,
        why: String,
    },
}

fn find_spec(path: &str) -> Result<&'static CommandSpec, UsageError> {
    spec(path).ok_or_else(|| {
        let root = path.split_whitespace().next().unwrap_or(path);
        let names: Vec<&str> = COMMANDS.iter().map(|c| c.path).collect();
        UsageError::UnknownCommand {
            name: path.to_string(),
            hint: did_you_mean(root, &names, "/"),
        }
    })
}

fn option_hint(spec: &CommandSpec, name: &str) -> String {
    let names: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
    did_you_mean(name, &names, "")
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

/// " Did you mean /quote?" when one name is close, else "".
pub fn did_you_mean(word: &str, candidates: &[&str], prefix: &str) -> String {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!(" Did you mean {prefix}{c}?"))
        .unwrap_or_default()
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
                hint: format!(
                    " /{root} takes {}.",
                    subs.iter()
                        .map(|s| format!("“{s}”"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
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
                if spec.positional.is_empty() || !option_hint(spec, &name).is_empty() =>
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
    let missing: Vec<String> = spec
        .options
        .iter()
        .filter(|o| o.required && !options.contains_key(o.name))
        .map(|o| format!("{}:", o.name))
        .collect();
    if !missing.is_empty() {
        return Err(UsageError::MissingOption {
            command: spec.path,
            missing: missing.join(" and "),
            usage: spec.usage(),
        });
    }
    Ok(ParsedCommand { spec, options })
}

fn check_value(option: &'static OptionSpec, value: &mut String) -> Result<(), UsageError> {
    let invalid = |why: String| UsageError::InvalidValue {
        option: option.name,
        value: value.clone(),
        why,
    };
    match option.kind {
        OptionKind::Text => {
            if value.chars().any(|c| c.is_control() && c != '\n') {
                return Err(invalid("it contains control characters".into()));
            }
        }
        OptionKind::Integer { min, max } => match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => {}
            _ => return Err(invalid(format!("give a whole number from {min} to {max}"))),
        },
        OptionKind::Date => {
            if let Err(e) = value.parse::<PartialDate>() {
                return Err(invalid(format!(
                    "{}; write YYYY, YYYY-MM, YYYY-MM-DD or FROM/TO",
                    e.why
                )));
            }
        }
        OptionKind::Url => check_url(value).map_err(|why| invalid(why.to_string()))?,
        OptionKind::Id => {
            let ok = value.parse::<crate::core::model::RecordId>().is_ok()
                || (value.len() <= 15 && value.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return Err(invalid(
                    "give a record id such as E12, Q3, A2, F1 or S4".into(),
                ));
            }
        }
        OptionKind::Slug => {
            if !is_key(value) {
                return Err(invalid("a case is named by its slug: lowercase letters, digits and “-”, such as andry-hernandez-romero".into()));
            }
        }
        OptionKind::Choice(choices) => {
            let lower = value.to_lowercase();
            if !choices.contains(&lower.as_str()) {
                return Err(invalid(format!("choose one of {}", choices.join(", "))));
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
pub fn check_url(url: &str) -> Result<(), &'static str> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or("only http:// and https:// addresses are accepted")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err("the address has no host name");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
    {
        return Err("addresses cannot contain spaces, quotes, < or >");
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
