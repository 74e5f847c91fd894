//! Command parsing and option errors (core/command).

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum UsageMsg {}
}
