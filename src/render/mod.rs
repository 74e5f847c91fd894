//! Reply documents rendered for each place they are shown. Renderers only
//! format: they never drop a citation mark or the list of sources.

#[cfg(feature = "discord")]
pub mod discord;
#[cfg(feature = "web")]
pub mod html;
pub mod matrix;
pub mod text;
