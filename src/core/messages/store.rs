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
        /// A store failure of ours (logged in full): the general sentence.
        Failure =>
            "Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell an operator.",
            "Algo falló de nuestro lado y no se cambió nada. Inténtalo de nuevo; si sigue pasando, avisa a un operador.",
    }
}

impl StoreMsg {
    /// The sentence for a store error a user caused, or `None` for a
    /// failure of ours (logged in full, answered with [`StoreMsg::Failure`]).
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
