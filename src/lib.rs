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

/// mimalloc's `mi_option_purge_delay` (`mi_option_e` in its `mimalloc.h`;
/// the Rust bindings name the options around it but not this one).
#[cfg(not(fuzzing))]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Has the allocator give freed memory back to the system at once rather
/// than a second later (mimalloc's default). Held for that second, the
/// memory of a poll of 100 watched feeds of 1 MiB each doubled the
/// process's peak; the answers' throughput did not change (BENCHMARKS.md).
/// `main` and the benches call it first thing.
pub fn tune_allocator() {
    // SAFETY: sets one integer option, which mimalloc reads each time it
    // decides when to purge; any value is valid.
    #[cfg(not(fuzzing))]
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0)
    }
}

#[cfg(all(test, not(fuzzing)))]
mod allocator_tests {
    /// The option set is the purge delay: its default is mimalloc's
    /// 1,000 ms, and it is 0 once tuned.
    #[test]
    fn the_purge_delay_is_the_option_tuned() {
        let read = || unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(read(), 1000, "mimalloc's default purge delay");
        super::tune_allocator();
        assert_eq!(read(), 0);
    }
}

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
