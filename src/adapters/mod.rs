//! Thin shells around the core: each turns platform input into an
//! invocation and renders the reply. No SQL and no business rule here.

pub mod console;
#[cfg(feature = "discord")]
pub mod discord;
#[cfg(feature = "matrix")]
pub mod matrix;
