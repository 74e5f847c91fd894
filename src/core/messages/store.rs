//! Store refusals: the typed store errors, worded for users.

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum StoreMsg {}
}
