//! Words only a platform adapter says: Discord and Matrix specifics, the console (adapters/).

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum PlatformMsg {}
}
