//! Reply documents rendered for each platform.

#[cfg(feature = "discord")]
pub mod discord;
