//! Thin shells around the core: each turns platform input into an
//! invocation and renders the reply. No SQL and no business rule here.

pub mod console;
#[cfg(any(feature = "discord", feature = "matrix"))]
pub mod digest_loop;
#[cfg(feature = "discord")]
pub mod discord;
#[cfg(any(feature = "discord", feature = "matrix"))]
pub mod edit_loop;
#[cfg(all(feature = "net", any(feature = "discord", feature = "matrix")))]
pub mod links_loop;
#[cfg(feature = "matrix")]
pub mod matrix;
#[cfg(any(feature = "web", feature = "matrix"))]
pub mod shutdown;
#[cfg(any(feature = "web", feature = "matrix", feature = "net"))]
pub mod supervise;
#[cfg(feature = "web")]
pub mod web;
