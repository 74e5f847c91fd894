//! The languages replies are written in. Records keep the language their
//! source used; only the bot's own words are translated.

use serde::{Deserialize, Serialize};

/// A reply language. Anything unknown falls back to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Es,
}

impl Locale {
    /// Reads `en`, `es`, and platform tags such as `en-US`, `es-ES`, `es-419`.
    pub fn from_tag(tag: &str) -> Self {
        let lang = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match lang.as_str() {
            "es" => Locale::Es,
            _ => Locale::En,
        }
    }

    /// Picks the text for this locale.
    pub fn pick<T>(self, en: T, es: T) -> T {
        match self {
            Locale::En => en,
            Locale::Es => es,
        }
    }

    /// The language's code, as stored with a digest subscription.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_tags_map_to_reply_languages() {
        assert_eq!(Locale::from_tag("es-419"), Locale::Es);
        assert_eq!(Locale::from_tag("es-ES"), Locale::Es);
        assert_eq!(Locale::from_tag("en-US"), Locale::En);
        assert_eq!(Locale::from_tag("fr"), Locale::En);
    }
}
