//! What the public site asks the core besides the chat commands: which
//! cases exist, whether a record is live or retracted (a retracted one's
//! page answers 410), a person by the key in their page's address, the
//! store's last change (for cache validators), and a record's permalink
//! reply, which is its `/cite` and its `/history` on one page.

use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::answers::AnswersMsg;
use crate::core::model::{RecordId, RecordKind, Retraction};
use crate::core::reply::{Reply, ReplyKind, Span};
use crate::core::{Core, CoreError, Invocation};
use crate::store::{CaseRow, Store, StoreError};

/// Where a record stands, seen from one case's pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordState {
    /// No record has this id.
    Missing,
    /// The record belongs to another case.
    OtherCase,
    /// On record.
    Live,
    /// Retracted: kept, with its reason, and no longer part of the record.
    Retracted(Retraction),
}

/// The retraction of any record, if it was retracted.
fn retraction(store: &Store, record: RecordId) -> Result<Option<Retraction>, StoreError> {
    Ok(match record.kind {
        RecordKind::Event => store.event(record.id)?.and_then(|(_, r)| r.retracted),
        RecordKind::Quote => store.quote(record.id)?.and_then(|(_, r)| r.retracted),
        RecordKind::Action => store.action(record.id)?.and_then(|(_, r)| r.retracted),
        RecordKind::Figure => store.figure(record.id)?.and_then(|(_, r)| r.retracted),
        RecordKind::Person => store.person(record.id)?.and_then(|(_, r)| r.retracted),
        RecordKind::Source => store.source(record.id)?.and_then(|(_, r)| r.retracted),
    })
}

impl Core {
    /// Every case on record, in the store's order.
    pub fn cases(&self) -> Result<Vec<CaseRow>, CoreError> {
        Ok(self.store().cases()?)
    }

    /// The case whose key (slug) is `slug`.
    pub fn case_by_slug(&self, slug: &str) -> Result<Option<CaseRow>, CoreError> {
        Ok(self.store().case_by_key(slug)?)
    }

    /// The id of the newest audit log entry: every change to the record
    /// adds one, so a page built after it is the same until the next.
    pub fn last_change(&self) -> Result<i64, CoreError> {
        Ok(self.store().last_audit_id()?)
    }

    /// The newest change of any source's link status: not audited (it
    /// is no change to the record), yet pages say "address gone" by it.
    pub fn last_link_change(&self) -> Result<i64, CoreError> {
        Ok(self.store().last_link_status_change()?)
    }

    /// Whether `record` exists in `case`, and whether it was retracted.
    pub fn record_state(&self, case: &CaseRow, record: RecordId) -> Result<RecordState, CoreError> {
        let store = self.store();
        match store.record_case(record) {
            Err(StoreError::NotFound(_)) => return Ok(RecordState::Missing),
            Err(err) => return Err(err.into()),
            Ok(id) if id != case.id => return Ok(RecordState::OtherCase),
            Ok(_) => {}
        }
        Ok(match retraction(&store, record)? {
            Some(retraction) => RecordState::Retracted(retraction),
            None => RecordState::Live,
        })
    }

    /// The name of the person of `case` whose key is `key`, if on record.
    pub fn person_name(&self, case: &CaseRow, key: &str) -> Result<Option<String>, CoreError> {
        Ok(self
            .store()
            .people(case.id, false)?
            .into_iter()
            .find(|p| p.key == key)
            .map(|p| p.name))
    }

    /// The home page's reply: for each case, in the order of [`Core::cases`],
    /// a heading with its title and its summary, cited (or the note that it
    /// is hidden when its only source was retracted).
    pub fn case_index(&self, loc: Locale) -> Result<Reply, CoreError> {
        let store = self.store();
        let mut reply = Reply::new(
            ReplyKind::Answer,
            crate::core::messages::site::SiteMsg::Cases.say(loc),
        );
        for case in store.cases()? {
            reply.heading(&case.title);
            let sources = store
                .supporting("case_summary", &[case.id])?
                .remove(&case.id)
                .unwrap_or_default();
            crate::core::answers::push_supported(
                &mut reply,
                vec![Span::plain(&case.summary)],
                &sources,
                loc,
            );
        }
        Ok(reply)
    }

    /// A record's page: its `/cite` answer (the statement, its sources,
    /// the line to paste), then its `/history` (status, corrections,
    /// retraction), numbered as one document.
    pub fn permalink(&self, invocation: &Invocation, record: RecordId) -> Reply {
        let ask = |path: &str| {
            // `/cite` and `/history` take no `case:`: an id names one
            // record, and the caller checked it belongs to `case`.
            let options = [("id".to_string(), record.to_string())];
            match ParsedCommand::from_options(path, options) {
                Ok(cmd) => self.handle(invocation, &cmd),
                Err(usage) => Reply::error(usage.message(invocation.locale)),
            }
        };
        let mut reply = ask("cite");
        if reply.kind == ReplyKind::Error {
            return reply;
        }
        let history = ask("history");
        reply.append(&history);
        reply
    }
}

/// The sentence for a record id that is not on record.
pub fn no_such_record(record: RecordId, loc: Locale) -> String {
    AnswersMsg::NoSuchRecord {
        noun: record.kind.noun().to_string(),
        record: record.to_string(),
    }
    .say(loc)
}
