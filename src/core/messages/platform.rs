//! What the adapters themselves say (adapters/: console, Discord, Matrix),
//! and the Spanish labels of option choices.

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum PlatformMsg {
        /// The console's greeting.
        ConsoleWelcome =>
            "casewatch console — every answer cites its sources. Type /help for commands, /case for a summary, quit to leave.",
            "Consola de casewatch — cada respuesta cita sus fuentes. Escribe /help para ver las órdenes, /case para un resumen, quit para salir.",
        /// Discord: a modal submission (the bot opens none).
        NoForms =>
            "This bot does not use forms.",
            "Este bot no usa formularios.",
        /// Discord: a paging button whose target cannot be read.
        StaleButton =>
            "This button no longer works; run the command again.",
            "Este botón ya no funciona; vuelve a usar la orden.",
        /// Discord: a command that panicked or could not be joined.
        SomethingWentWrong =>
            "Sorry, something went wrong on our side while answering. Please try again later.",
            "Lo siento, algo falló de nuestro lado al responder. Inténtalo de nuevo más tarde.",
        /// Discord: a command name the core does not know.
        UnknownCommand { name: String } =>
            "I don't know the command /{name}. The server may have an outdated command list; /help lists the current ones.",
            "No conozco la orden /{name}. Puede que el servidor tenga una lista de órdenes antigua; /help muestra las actuales.",
        /// Discord: an option given as a user, role, channel or file.
        NotText { option: String, name: String } =>
            "The option “{option}:” of /{name} takes text, not a user, role, channel or file.",
            "La opción «{option}:» de /{name} admite texto, no un usuario, rol, canal o archivo.",
        /// Discord: how to go on when the options are too long for a button.
        MorePage { page: u32 } =>
            "More: add page:{page} to the command",
            "Más: añade page:{page} a la orden",
        /// Discord: description of the `update` group.
        GroupUpdate =>
            "Timeline updates (moderators)",
            "Novedades de la cronología (moderadores)",
        /// Discord: description of the `action` group.
        GroupAction =>
            "Congressional actions (moderators)",
            "Acciones del Congreso (moderadores)",
        /// Discord: description of the `source` group.
        GroupSource =>
            "Sources (moderators)",
            "Fuentes (moderadores)",
        /// Discord: description of the `digest` group.
        GroupDigest =>
            "Daily digests of what changed in the case",
            "Resúmenes diarios de lo que cambió en el caso",
        /// Discord: description of the `watch` group.
        GroupWatch =>
            "Watched feeds whose new articles become suggestions",
            "Canales vigilados cuyos artículos nuevos se convierten en propuestas",
        /// Discord: description of any other group.
        GroupModerators =>
            "Moderator commands",
            "Órdenes de moderación",
    }
}

catalogue! {
    /// The label of each choice of an option with fixed choices. The
    /// English label is the value itself (what the core parses); the
    /// Spanish one is what Spanish-speaking users see on Discord.
    pub enum ChoiceMsg {
        /// `language:en`.
        En => "en", "en (inglés)",
        /// `language:es`.
        Es => "es", "es (español)",
        /// `relay:direct`.
        Direct => "direct", "directa",
        /// `relay:second-hand`.
        SecondHand => "second-hand", "de segunda mano",
        /// Action kind.
        Bill => "bill", "proyecto de ley",
        /// Action kind.
        Letter => "letter", "carta",
        /// Action kind.
        Resolution => "resolution", "resolución",
        /// Action kind.
        Hearing => "hearing", "audiencia",
        /// Action kind.
        FloorSpeech => "floor-speech", "discurso en el pleno",
        /// Action kind.
        OversightVisit => "oversight-visit", "visita de supervisión",
        /// Action kind.
        Other => "other", "otra",
        /// Action status.
        Proposed => "proposed", "propuesta",
        /// Action status.
        Introduced => "introduced", "presentada",
        /// Action status.
        Sent => "sent", "enviada",
        /// Action status.
        Held => "held", "celebrada",
        /// Action status.
        Denied => "denied", "denegada",
        /// Action status.
        Passed => "passed", "aprobada",
        /// Action status.
        Failed => "failed", "rechazada",
        /// Action status.
        Unknown => "unknown", "desconocido",
        /// `daily:yes`.
        Yes => "yes", "sí, también sin novedades",
        /// `daily:no`.
        No => "no", "no, solo con novedades",
        /// `decision:approve`.
        Approve => "approve", "aprobar",
        /// `decision:reject`.
        Reject => "reject", "rechazar",
        /// `/sources status:gone`.
        Gone => "gone", "desaparecida",
        /// `/sources status:moved`.
        Moved => "moved", "trasladada",
        /// `/sources status:flaky`.
        Flaky => "flaky", "inestable",
    }
}

impl ChoiceMsg {
    /// The label of a choice value, if the catalogue has one.
    pub fn for_value(value: &str) -> Option<ChoiceMsg> {
        use crate::core::i18n::Locale;
        ChoiceMsg::samples()
            .into_iter()
            .find(|c| c.say(Locale::En) == value)
    }
}
