//! Shared test setup: a real SQLite file in a temporary folder, seeded
//! from the curated `data/` folder through the public import path.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use casewatch::adapters::console;
use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Reply, ReplyKind};
use casewatch::core::{Core, Invocation, Role};
use casewatch::dataset;
use casewatch::store::Store;
use std::sync::Arc;

use casewatch::core::digest::schedule::ManualClock;
use chrono::{TimeZone, Utc};

pub const CASE: &str = "andry-hernandez-romero";

pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A fixed "now" so day counts and snapshots never drift.
pub fn fixed_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap(),
    ))
}

/// A seeded store in a real file, kept alive with its folder.
pub struct Seeded {
    pub dir: tempfile::TempDir,
    pub core: Core,
    pub clock: Arc<ManualClock>,
}

impl Seeded {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("casewatch.sqlite3")).unwrap();
        for file in dataset::case_files(&data_dir()).unwrap() {
            let case = dataset::load(&file).unwrap();
            dataset::import(&mut store, &case, "test").unwrap();
        }
        let clock = fixed_clock();
        Seeded {
            dir,
            core: Core::new(store, CASE).with_clock(clock.clone()),
            clock,
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("casewatch.sqlite3")
    }

    pub fn ask(&mut self, line: &str) -> Reply {
        self.ask_as(Role::Moderator, Locale::En, line)
    }

    pub fn ask_member(&mut self, line: &str) -> Reply {
        self.ask_as(Role::Member, Locale::En, line)
    }

    pub fn ask_as(&mut self, role: Role, locale: Locale, line: &str) -> Reply {
        let invocation: Invocation = console::invocation(role, locale);
        let reply = self.core.handle_line(&invocation, line);
        reply
            .check_citations()
            .unwrap_or_else(|e| panic!("{line}: {e}"));
        reply
    }

    /// The operator grants `grantee` (`discord:111`, `matrix-user:@a:b`…)
    /// the right to edit the seeded case.
    pub fn grant(&mut self, grantee: &str) {
        let grantee: casewatch::core::trust::Grantee = grantee.parse().unwrap();
        casewatch::core::trust::grant(&mut self.core.store_mut(), CASE, &grantee, "console:local")
            .unwrap();
    }

    pub fn fingerprint(&self) -> String {
        self.core.store().fingerprint().unwrap()
    }
}

/// All the text of a reply's facts and notes, for `contains` checks.
pub fn text_of(reply: &Reply) -> String {
    casewatch::render::text::render(reply, Locale::En)
}

pub fn assert_answered(reply: &Reply, line: &str) {
    assert!(
        matches!(
            reply.kind,
            ReplyKind::Answer | ReplyKind::Confirmation | ReplyKind::Help
        ),
        "{line} was not answered:\n{}",
        text_of(reply)
    );
}
