//! Store refusals: the typed store errors, worded for users.

use super::catalogue;
use crate::store::StoreError;

catalogue! {
    /// Messages of this area.
    pub enum StoreMsg {
        /// A write to a retracted record; `noun` is the English kind (“event”).
        Retracted { noun: String, record: String, at: String } =>
            "The {noun} {record} was retracted on {at}; it cannot be changed.",
            "El registro {record} se retiró el {at}; ya no se puede cambiar.",
    }
}

impl StoreMsg {
    /// The sentence for a store error a user caused, or `None` for a
    /// failure of ours (logged in full, answered with a general sentence).
    pub fn refusal(err: &StoreError) -> Option<StoreMsg> {
        match err {
            StoreError::Retracted { record, at } => Some(StoreMsg::Retracted {
                noun: record.kind.noun().to_string(),
                record: record.to_string(),
                at: at.clone(),
            }),
            _ => None,
        }
    }
}
