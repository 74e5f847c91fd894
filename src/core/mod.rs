//! The product: commands in, cited reply documents out. Nothing here knows
//! about Discord, Matrix or a terminal.

pub mod answers;
pub mod command;
pub mod complete;
pub mod date;
pub mod digest;
pub mod help;
pub mod i18n;
pub mod messages;
pub mod model;
pub mod moderation;
pub mod people;
pub mod reply;
pub mod trust;

use chrono::NaiveDate;

use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::store::StoreMsg;
use crate::core::messages::trust::TrustMsg;
use crate::core::reply::Reply;
use crate::store::{CaseRow, Store, StoreError};

/// Why a command could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// Bad input, an unknown record, a refused write: a sentence written
    /// for the user, in their language. Nothing changed.
    #[error("{0}")]
    Invalid(String),
    /// The store failed. Logged in full; the user gets a general sentence.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a read-only command needs: the store, the language, the case.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub loc: Locale,
    pub requested_case: Option<&'a str>,
    pub default_case: &'a str,
    pub today: NaiveDate,
}

impl Ctx<'_> {
    /// The case this command is about (its `case:` option or the default).
    pub fn case(&self) -> Result<CaseRow, CoreError> {
        answers::resolve_case(self.store, self.requested_case, self.default_case, self.loc)
    }
}

/// What the invoking user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Moderator,
}

/// Who is asking. `id` is stable per platform (`discord:1234`,
/// `matrix:@a:b.org`, `console:local`) and goes into the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub display: String,
    pub role: Role,
}

/// One command invocation: who, where, in which language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub actor: Actor,
    /// Where it was asked (`discord:guild/channel`, `matrix:!room`, `console`).
    pub place: String,
    pub locale: Locale,
}

/// How many suggestions a person may have waiting, and a place may send
/// in an hour (`CASEWATCH_SUGGEST_PENDING_PER_USER`,
/// `CASEWATCH_SUGGEST_PER_PLACE_PER_HOUR`). The first counts a person's
/// pending suggestions everywhere, so switching channels does not help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestLimits {
    pub pending_per_user: u32,
    pub per_place_per_hour: u32,
}

impl Default for SuggestLimits {
    fn default() -> Self {
        SuggestLimits {
            pending_per_user: 5,
            per_place_per_hour: 20,
        }
    }
}

/// The product's entry point: owns the store, answers invocations.
pub struct Core {
    store: Store,
    default_case: String,
    suggest_limits: SuggestLimits,
    /// The clock, injectable so day counts and digests are testable.
    clock: std::sync::Arc<dyn digest::schedule::Clock>,
}

impl Core {
    pub fn new(store: Store, default_case: impl Into<String>) -> Self {
        Core {
            store,
            default_case: default_case.into(),
            suggest_limits: SuggestLimits::default(),
            clock: std::sync::Arc::new(digest::schedule::SystemClock),
        }
    }

    /// Replaces the limits on `/suggest`.
    pub fn with_suggest_limits(mut self, limits: SuggestLimits) -> Self {
        self.suggest_limits = limits;
        self
    }

    /// The limits on `/suggest`.
    pub fn suggest_limits(&self) -> SuggestLimits {
        self.suggest_limits
    }

    /// Replaces the clock (tests, previews at a chosen time).
    pub fn with_clock(mut self, clock: std::sync::Arc<dyn digest::schedule::Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The clock every time-dependent answer uses.
    pub fn clock(&self) -> &dyn digest::schedule::Clock {
        self.clock.as_ref()
    }

    /// Today's date (UTC) by that clock.
    pub fn today(&self) -> NaiveDate {
        self.clock.now().date_naive()
    }

    /// What a read needs, for the case a command names (`case:`) or the default.
    pub(crate) fn ctx<'a>(&'a self, cmd: &'a ParsedCommand, loc: Locale) -> Ctx<'a> {
        Ctx {
            store: &self.store,
            loc,
            requested_case: cmd.get("case"),
            default_case: &self.default_case,
            today: self.today(),
        }
    }

    /// Answers a parsed command. Never fails: bad input and refusals become
    /// a polite error reply, and store failures are logged in full and
    /// reported to the user in a general sentence.
    pub fn handle(&mut self, invocation: &Invocation, cmd: &ParsedCommand) -> Reply {
        let loc = invocation.locale;
        if cmd.spec.edits_record() {
            let allowed = self.ctx(cmd, loc).case().and_then(|case| {
                trust::check_editor(&self.store, &case, invocation, cmd.spec.path)
            });
            if let Err(err) = allowed {
                return self.error_reply(invocation, cmd, err);
            }
        } else if cmd.spec.moderator && invocation.actor.role != Role::Moderator {
            return Reply::error(
                TrustMsg::ModeratorsOnly {
                    command: cmd.spec.path.to_string(),
                }
                .say(loc),
            );
        }
        let result = match cmd.spec.path {
            "case" => self.ctx(cmd, loc).case_card(),
            "timeline" => self.ctx(cmd, loc).timeline(cmd),
            "quote" => self.ctx(cmd, loc).quotes(cmd),
            "actions" => self.ctx(cmd, loc).actions(cmd),
            "person" => self.ctx(cmd, loc).person(cmd),
            "search" => self.ctx(cmd, loc).search(cmd),
            "sources" => self.ctx(cmd, loc).sources(cmd),
            "cite" => self.ctx(cmd, loc).cite(cmd),
            "history" => self.ctx(cmd, loc).history(cmd),
            "help" => help::help(cmd.get("command"), invocation.actor.role, loc),
            path if path.starts_with("digest ") => digest::command(self, invocation, cmd),
            _ => moderation::run(self, invocation, cmd),
        };
        match result {
            Ok(reply) => {
                debug_assert!(
                    reply.check_citations().is_ok(),
                    "{:?}",
                    reply.check_citations()
                );
                reply
            }
            Err(err) => self.error_reply(invocation, cmd, err),
        }
    }

    /// The reply to a command that failed: the sentence for bad input and
    /// refusals; for a store failure, the full error in the log and a
    /// general sentence for the user.
    fn error_reply(&self, invocation: &Invocation, cmd: &ParsedCommand, err: CoreError) -> Reply {
        let loc = invocation.locale;
        match err {
            CoreError::Invalid(sentence) => Reply::error(sentence),
            CoreError::Store(err) if StoreMsg::refusal(&err).is_some() => Reply::error(
                StoreMsg::refusal(&err)
                    .expect("checked by the guard")
                    .say(loc),
            ),
            CoreError::Store(err) => {
                tracing::error!(command = cmd.spec.path, actor = %invocation.actor.id, "store failure: {err:#}");
                Reply::error(StoreMsg::Failure.say(loc))
            }
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn default_case(&self) -> &str {
        &self.default_case
    }

    /// Parses a line (`/quote takano`) and answers it. Never fails: bad
    /// input becomes a polite error reply and changes nothing.
    pub fn handle_line(&mut self, invocation: &Invocation, line: &str) -> Reply {
        match command::parse(line) {
            Ok(parsed) => self.handle(invocation, &parsed),
            Err(usage) => Reply::error(usage.message(invocation.locale)),
        }
    }

    /// Autocomplete choices for an option: `(label, value)`, at most 25.
    pub fn complete(
        &self,
        command_path: &str,
        option: &str,
        partial: &str,
    ) -> Vec<(String, String)> {
        match complete::complete(
            &self.store,
            &self.default_case,
            command_path,
            option,
            partial,
        ) {
            Ok(choices) => choices,
            Err(err) => {
                tracing::error!(
                    command = command_path,
                    option,
                    "autocomplete failed: {err:#}"
                );
                Vec::new()
            }
        }
    }
}
