//! Corrections, retractions and record histories (/correct, /retract, /history).

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum RecordsMsg {}
}
