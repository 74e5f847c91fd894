//! Thin shells that turn platform input into core invocations and render
//! the core's replies back.

#[cfg(feature = "discord")]
pub mod discord;
