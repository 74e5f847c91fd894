//! Read answers: case card, timeline, quotes, actions, people, search, sources, cite (core/answers, core/people, core/help).

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum AnswersMsg {
        /// Marks a quote whose English is the source's translation from Spanish.
        SpokenInSpanish => "Spoken in Spanish", "Dicho en español",
        /// Marks a quote translated from another language, named by its code.
        TranslatedFrom { language: String } =>
            "Translated from “{language}”", "Traducido del idioma “{language}”",
    }
}
