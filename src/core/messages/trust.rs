//! Who may change a case's record: the refusals and limits users see.

use super::catalogue;

catalogue! {
    /// Messages of the trust model (`core/trust.rs`) and of `/suggest`'s limits.
    pub enum TrustMsg {
        /// A write from a member where only moderators may write.
        ModeratorsOnly { command: String } =>
            "/{command} is for moderators, and nothing was changed.",
            "/{command} es solo para moderadores; no se cambió nada.",
        /// Added after [`TrustMsg::ModeratorsOnly`] for `/update add`.
        MembersMaySuggest =>
            "Members can propose one with /suggest; a moderator will review it.",
            "Los miembros pueden proponerla con /suggest; un moderador la revisará.",
    }
}
