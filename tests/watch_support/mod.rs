//! Shared setup of the watched-feed tests: the feed documents of
//! `tests/feeds/` and one poll pass through a connection of its own.
#![allow(dead_code)]

use std::sync::Arc;

use casewatch::net::{FetchSettings, Fetcher};
use casewatch::store::{Database, Store};
use casewatch::watch::{poll, WatchPoll, WatchSettings, Which};

use crate::common::Seeded;
use crate::http_support::Answer;

pub fn feed(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/feeds/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

pub fn rss(name: &str) -> Answer {
    Answer::ok("application/rss+xml; charset=UTF-8", feed(name))
}

/// One pass over every watch, through a connection of its own, as the
/// poller and `casewatch watch poll` do.
pub fn poll_all(seeded: &Seeded) -> Vec<WatchPoll> {
    poll_which(seeded, Which::All(None))
}

pub fn poll_which(seeded: &Seeded, which: Which<'_>) -> Vec<WatchPoll> {
    let db = Arc::new(Database::new(Store::open(&seeded.db_path()).unwrap()));
    let fetcher = Arc::new(
        Fetcher::new(FetchSettings {
            per_host_per_minute: 0,
            ..FetchSettings::default()
        })
        .unwrap(),
    );
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(poll(db, fetcher, &WatchSettings::default(), which))
        .unwrap()
}

pub fn count(seeded: &Seeded, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(seeded.db_path()).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}
