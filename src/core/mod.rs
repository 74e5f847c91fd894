//! The product: commands in, cited reply documents out. Nothing here knows
//! about Discord, Matrix or a terminal.

pub mod command;
pub mod date;
pub mod i18n;
pub mod model;
pub mod reply;
