//! The record's vocabulary: records, their ids and kinds, partial dates and
//! citations. Depends on nothing else of ours, so the store and the core
//! both build on it without importing each other's types for it.

pub mod bill;
pub mod date;
pub mod link;
pub mod model;
