//! Who may change a case's record: the refusals users see (`core/trust.rs`).

use super::catalogue;

catalogue! {
    /// Messages of the trust model.
    pub enum TrustMsg {
        /// A member where only moderators (of a granted place) may write.
        ModeratorsOnly { command: String } =>
            "/{command} is for moderators, and nothing was changed.",
            "/{command} es solo para moderadores; no se cambió nada.",
        /// Added after [`TrustMsg::ModeratorsOnly`] for `/update add`.
        MembersMaySuggest =>
            "Members can propose one with /suggest; an editor of the case will review it.",
            "Los miembros pueden proponerla con /suggest; un editor del caso la revisará.",
        /// The console was started `--as member`.
        ConsoleMember { command: String } =>
            "/{command} changes the record, and this console speaks for a member (--as member); nothing was changed. Start it without --as member to edit.",
            "/{command} cambia el registro, y esta consola habla por un miembro (--as member); no se cambió nada. Iníciala sin --as member para editar.",
        /// A write from a Discord server that holds no grant for the case.
        ServerNotEditor { command: String, case: String, grant: String } =>
            "This server can read the record of “{case}” and /suggest updates, but it cannot change it, so /{command} changed nothing. The bot's operator can grant this server's moderators the right to edit with: {grant}",
            "Este servidor puede leer el registro de «{case}» y proponer novedades con /suggest, pero no cambiarlo, así que /{command} no cambió nada. El operador del bot puede dar a los moderadores de este servidor el derecho a editar con: {grant}",
        /// A write from a Matrix room that holds no grant for the case.
        RoomNotEditor { command: String, case: String, grant: String } =>
            "This room can read the record of “{case}” and /suggest updates, but it cannot change it, so /{command} changed nothing. The bot's operator can grant this room's moderators the right to edit with: {grant}",
            "Esta sala puede leer el registro de «{case}» y proponer novedades con /suggest, pero no cambiarlo, así que /{command} no cambió nada. El operador del bot puede dar a los moderadores de esta sala el derecho a editar con: {grant}",
        /// A write from a direct message by someone who holds no grant.
        PersonNotEditor { command: String, case: String, grant: String } =>
            "Here you can read the record of “{case}” and /suggest updates, but not change it, so /{command} changed nothing. The bot's operator can grant you the right to edit with: {grant}",
            "Aquí puedes leer el registro de «{case}» y proponer novedades con /suggest, pero no cambiarlo, así que /{command} no cambió nada. El operador del bot puede darte el derecho a editar con: {grant}",
    }
}
