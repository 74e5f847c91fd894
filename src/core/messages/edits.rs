//! Corrections carried to posted messages (core/edits): the lines an
//! edited message gains.

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum EditMsg {
        /// The visible line an edited message gains for a correction; the
        /// correction's source is its citation mark.
        CorrectedOn { date: String, reason: String } =>
            "Corrected on {date}: {reason}",
            "Corregido el {date}: {reason}",
        /// The line that replaces a retracted statement in an edited message.
        RetractedOn { date: String, reason: String } =>
            "Retracted on {date}: {reason}",
            "Retirado el {date}: {reason}",
        /// An edited message that no longer fits the platform's limits
        /// keeps only what changed.
        Shortened =>
            "This message was shortened when it was corrected, to fit: it now shows only what changed.",
            "Este mensaje se acortó al corregirlo, para que quepa: ahora muestra solo lo que cambió.",
        /// A later part of a message whose corrected whole now fits in the
        /// parts above it.
        MovedAbove =>
            "Corrected: what this message showed is now in the message above.",
            "Corregido: lo que mostraba este mensaje está ahora en el mensaje de arriba.",
        /// A later part of a message too long once corrected, whose parts
        /// above now show only what changed.
        ChangeAbove =>
            "Corrected: the message above tells what changed in what this message showed.",
            "Corregido: el mensaje de arriba dice qué cambió en lo que mostraba este mensaje.",
    }
}
