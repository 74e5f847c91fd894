//! casewatch keeps a community's cited record of a human-rights case and
//! answers questions about it on Discord, Matrix and a local console.
//!
//! Layers, from the inside out:
//! - [`domain`]: records, ids, partial dates and citations; imports nothing of ours.
//! - [`core`]: the product. Parses commands, answers them from the store and
//!   returns a neutral [`core::reply::Reply`] whose every statement carries a
//!   citation. It never imports a platform crate.
//! - [`store`]: synchronous SQLite (rusqlite). Migrations, reads, writes, the
//!   audit log and full-text search; refuses to commit an uncited record.
//! - [`dataset`]: the reviewable TOML files in `data/`: validate, import, export.
//! - [`export`]: the record for others to reuse: TimelineJS, Atom, iCalendar
//!   and CSV files, every item with its sources, for the CLI and the site.
//! - `net` (feature `net`): outgoing HTTP with casewatch's User-Agent, a
//!   timeout, counted redirects and a per-host pace.
//! - `congress` (feature `net`): the congress.gov poller that keeps the
//!   bills actions name up to date, as cited statuses and cosponsors.
//! - `watch` (feature `net`): polls the watched feeds; new items that
//!   mention the case become suggestions for the case's editors.
//! - `links` (feature `net`): `casewatch sources check`, whether each
//!   source's address still answers, and archived copies of those gone.
//! - [`render`]: reply documents as terminal text, Discord embeds, Matrix HTML
//!   and the public site's HTML.
//! - [`adapters`]: thin shells that turn platform input into core invocations,
//!   and the web server of `casewatch serve` (the public site, Discord's endpoint).

/// The allocator of every binary built on this crate: `casewatch`, its
/// tests and its benches, so the benches measure what runs. Rust's
/// allocations go to mimalloc (SQLite keeps C's malloc). Not under
/// cargo-fuzz, whose sanitizer must see every allocation.
#[cfg(not(fuzzing))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod adapters;
pub mod config;
#[cfg(feature = "net")]
pub mod congress;
pub mod core;
pub mod dataset;
pub mod domain;
pub mod export;
#[cfg(feature = "net")]
pub mod links;
#[cfg(feature = "net")]
pub mod net;
pub mod render;
pub mod store;
#[cfg(feature = "net")]
pub mod watch;
