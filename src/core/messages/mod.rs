//! The message catalogue: every sentence casewatch says to a user, in
//! English and Spanish, under a typed id.
//!
//! Why a typed enum and not fluent or rust-i18n: the texts are short, the
//! languages are two, and the compiler then checks what a catalogue file
//! cannot: that every message exists in both languages, that each
//! placeholder is a field the caller must fill (a missing or misspelt
//! argument is a build error, not a blank in chat), and that no caller
//! names a message that does not exist. Each area of the product keeps its
//! messages in a module here, written with [`catalogue!`]; the test at the
//! bottom walks every id in both languages.
//!
//! Records keep the language their source used; only the bot's own words
//! are here. The command table (`core/command/spec.rs`) carries its own
//! help texts in both languages, and the same test walks it, and checks
//! that every fixed choice of an option has a [`platform::ChoiceMsg`] label.

use crate::core::i18n::Locale;

pub mod answers;
pub mod bills;
pub mod digest;
pub mod edits;
pub mod export;
pub mod links;
pub mod moderation;
pub mod platform;
pub mod records;
pub mod render;
pub mod review;
pub mod site;
pub mod store;
pub mod trust;
pub mod usage;
pub mod watch;

/// One message of the catalogue.
pub trait Message {
    /// The stable id: `Area.Name`.
    fn id(&self) -> &'static str;
    /// The sentence in `loc`.
    fn text(&self, loc: Locale) -> String;
}

/// A value to fill a placeholder with when the tests walk the catalogue.
pub trait Sample {
    fn sample() -> Self;
}

impl Sample for String {
    fn sample() -> Self {
        "x1".into()
    }
}

macro_rules! sample_number {
    ($($t:ty),*) => { $(impl Sample for $t { fn sample() -> Self { 7 } })* };
}
sample_number!(i64, u64, u32, usize);

/// Declares one area's messages: an enum whose variants carry the
/// placeholders, with an English and a Spanish `format!` string each.
///
/// ```text
/// catalogue! {
///     pub enum TrustMsg {
///         /// A write from a place that may not edit.
///         NotEditor { case: String } =>
///             "This place cannot edit {case}.",
///             "Este lugar no puede editar {case}.",
///     }
/// }
/// ```
macro_rules! catalogue {
    (
        $(#[$enum_meta:meta])*
        pub enum $enum:ident {
            $(
                $(#[$meta:meta])*
                $name:ident $({ $($field:ident : $ty:ty),* $(,)? })? => $en:literal, $es:literal
            ),* $(,)?
        }
    ) => {
        $(#[$enum_meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $enum {
            $( $(#[$meta])* $name $({ $($field: $ty),* })?, )*
        }

        impl $crate::core::messages::Message for $enum {
            fn id(&self) -> &'static str {
                match *self {
                    $( Self::$name { .. } => concat!(stringify!($enum), ".", stringify!($name)), )*
                }
            }

            #[allow(unused_variables)]
            fn text(&self, loc: $crate::core::i18n::Locale) -> String {
                match *self {
                    $( Self::$name $({ $(ref $field),* })? => match loc {
                        $crate::core::i18n::Locale::En => format!($en),
                        $crate::core::i18n::Locale::Es => format!($es),
                    }, )*
                }
            }
        }

        impl $enum {
            /// Every message of this area, its placeholders filled with
            /// samples (for the catalogue test).
            #[allow(dead_code)]
            pub fn samples() -> Vec<Self> {
                vec![ $( Self::$name $({ $($field: <$ty as $crate::core::messages::Sample>::sample()),* })?, )* ]
            }

            /// The sentence in `loc`.
            pub fn say(&self, loc: $crate::core::i18n::Locale) -> String {
                $crate::core::messages::Message::text(self, loc)
            }
        }
    };
}
pub(crate) use catalogue;

/// Every message of every area, with sample placeholders.
pub fn all() -> Vec<Box<dyn Message>> {
    fn boxed<M: Message + 'static>(list: Vec<M>) -> Vec<Box<dyn Message>> {
        list.into_iter()
            .map(|m| Box::new(m) as Box<dyn Message>)
            .collect()
    }
    let mut out = Vec::new();
    out.extend(boxed(answers::AnswersMsg::samples()));
    out.extend(boxed(bills::BillsMsg::samples()));
    out.extend(boxed(digest::DigestMsg::samples()));
    out.extend(boxed(edits::EditMsg::samples()));
    out.extend(boxed(export::ExportMsg::samples()));
    out.extend(boxed(links::LinksMsg::samples()));
    out.extend(boxed(moderation::ModerationMsg::samples()));
    out.extend(boxed(platform::PlatformMsg::samples()));
    out.extend(boxed(platform::ChoiceMsg::samples()));
    out.extend(boxed(records::RecordsMsg::samples()));
    out.extend(boxed(render::RenderMsg::samples()));
    out.extend(boxed(review::ReviewMsg::samples()));
    out.extend(boxed(site::SiteMsg::samples()));
    out.extend(boxed(store::StoreMsg::samples()));
    out.extend(boxed(trust::TrustMsg::samples()));
    out.extend(boxed(usage::UsageMsg::samples()));
    out.extend(boxed(watch::WatchMsg::samples()));
    out
}

/// Words that mark a sentence as English; none of them is a Spanish word.
const ENGLISH_MARKERS: &[&str] = &[
    "the", "is", "was", "were", "and", "with", "this", "that", "nothing", "you", "your", "has",
    "have", "for", "which", "cannot", "can't", "isn't", "won't",
];

/// Why a message's Spanish text is not Spanish, if it is not.
pub fn not_spanish(en: &str, es: &str) -> Option<String> {
    if es.trim().is_empty() {
        return Some("the Spanish text is empty".into());
    }
    if es == en {
        return Some("the Spanish text is the English one".into());
    }
    let words: Vec<String> = es
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(str::to_lowercase)
        .collect();
    ENGLISH_MARKERS
        .iter()
        .find(|marker| words.iter().any(|w| w == *marker))
        .map(|marker| format!("the Spanish text has the English word “{marker}”"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_message_has_an_english_and_a_spanish_text() {
        let mut ids = HashSet::new();
        let mut problems = Vec::new();
        for message in all() {
            assert!(ids.insert(message.id()), "{} is listed twice", message.id());
            let en = message.text(Locale::En);
            let es = message.text(Locale::Es);
            if en.trim().is_empty() {
                problems.push(format!("{}: the English text is empty", message.id()));
            }
            if let Some(why) = not_spanish(&en, &es) {
                problems.push(format!("{}: {why}: {es:?}", message.id()));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_command_and_option_help_is_spanish_in_spanish() {
        use crate::core::command::COMMANDS;
        let mut problems = Vec::new();
        for spec in COMMANDS {
            if let Some(why) = not_spanish(spec.help_en, spec.help_es) {
                problems.push(format!("/{}: {why}: {:?}", spec.path, spec.help_es));
            }
            for option in spec.options {
                if let Some(why) = not_spanish(option.help_en, option.help_es) {
                    problems.push(format!(
                        "/{} {}: {why}: {:?}",
                        spec.path, option.name, option.help_es
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_choice_has_a_label_whose_english_is_its_value() {
        use crate::core::command::{OptionKind, COMMANDS};
        use platform::ChoiceMsg;
        let mut problems = Vec::new();
        for spec in COMMANDS {
            for option in spec.options {
                let OptionKind::Choice(choices) = option.kind else {
                    continue;
                };
                for value in choices {
                    match ChoiceMsg::for_value(value) {
                        Some(label) => assert_eq!(label.say(Locale::En), *value),
                        None => problems.push(format!(
                            "/{} {}:{value} has no label in ChoiceMsg",
                            spec.path, option.name
                        )),
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_check_catches_english_left_in_spanish() {
        assert!(not_spanish("Nothing was saved.", "").is_some());
        assert!(not_spanish("Nothing was saved.", "Nothing was saved.").is_some());
        assert!(not_spanish("Saved.", "Nothing was saved, lo siento.").is_some());
        assert!(not_spanish("Nothing was saved.", "No se guardó nada.").is_none());
    }
}
