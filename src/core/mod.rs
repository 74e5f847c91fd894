//! The product: commands in, cited reply documents out. Nothing here knows
//! about Discord, Matrix or a terminal.

pub mod answers;
pub mod bills;
// The record's vocabulary lives in `crate::domain`; these paths stay for
// the code that names them through the core.
pub use crate::domain::{date, model};
pub mod command;
pub mod complete;
pub mod digest;
pub mod edits;
pub mod help;
pub mod i18n;
pub mod kept_answers;
pub mod messages;
pub mod moderation;
pub mod people;
pub mod public;
pub mod reply;
pub mod trust;
pub mod watch;

use chrono::NaiveDate;

use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::kept_answers::KeptAnswer;
use crate::core::messages::store::StoreMsg;
use crate::core::messages::trust::TrustMsg;
use crate::core::reply::Reply;
use crate::store::{CaseRow, Database, ReadGuard, Store, StoreError};

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

/// The product's entry point: owns the database, answers invocations.
/// Shared by every task (`Arc<Core>`): answers read from a pool of
/// connections in parallel, writes take the one writer for the length of
/// one command (see `store::pool`).
pub struct Core {
    db: Database,
    default_case: String,
    suggest_limits: SuggestLimits,
    /// The clock, injectable so day counts and digests are testable.
    clock: std::sync::Arc<dyn digest::schedule::Clock>,
    /// `CASEWATCH_PUBLIC_URL`: answers link record ids to the site.
    public_url: Option<String>,
    /// Autocomplete's choice lists, kept a few seconds between keystrokes.
    completions: complete::Kept,
    /// Community answers, kept while the database's version is unchanged.
    answers: kept_answers::KeptAnswers,
    /// Whether answers are kept (on; the endpoint bench turns it off to
    /// measure a command's whole path).
    keep_answers: std::sync::atomic::AtomicBool,
    /// `CONGRESS_API_KEY` is set: bills are polled on congress.gov.
    bill_tracking: bool,
}

impl Core {
    pub fn new(store: Store, default_case: impl Into<String>) -> Self {
        Core {
            db: Database::new(store),
            default_case: default_case.into(),
            suggest_limits: SuggestLimits::default(),
            clock: std::sync::Arc::new(digest::schedule::SystemClock),
            public_url: None,
            completions: complete::Kept::default(),
            answers: kept_answers::KeptAnswers::default(),
            keep_answers: std::sync::atomic::AtomicBool::new(true),
            bill_tracking: false,
        }
    }

    /// Whether bills are polled on congress.gov (`CONGRESS_API_KEY` set);
    /// without it, `/actions` says so where an action names a bill.
    pub fn with_bill_tracking(mut self, on: bool) -> Self {
        self.bill_tracking = on;
        self
    }

    /// Whether bills are polled on congress.gov.
    pub fn bill_tracking(&self) -> bool {
        self.bill_tracking
    }

    /// The public site's address (no trailing `/`): every answer then
    /// carries where its record ids' permalinks are.
    pub fn with_public_url(mut self, url: Option<String>) -> Self {
        self.public_url = url;
        self
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

    /// What a read needs, on `store`, for the case a command names
    /// (`case:`) or the default.
    pub(crate) fn ctx<'a>(
        &'a self,
        store: &'a Store,
        cmd: &'a ParsedCommand,
        loc: Locale,
    ) -> Ctx<'a> {
        Ctx {
            store,
            loc,
            requested_case: cmd.get("case"),
            default_case: &self.default_case,
            today: self.today(),
        }
    }

    /// Answers a parsed command. Never fails: bad input and refusals become
    /// a polite error reply, and store failures are logged in full and
    /// reported to the user in a general sentence.
    ///
    /// Reads take a connection from the pool; a command that may write
    /// (moderator commands, `/suggest`, the digest commands) takes the
    /// writer for its whole length, so its checks (the editors rule
    /// included) and its write see the same state.
    pub fn handle(&self, invocation: &Invocation, cmd: &ParsedCommand) -> Reply {
        self.answer(invocation, cmd).reply
    }

    /// [`Core::handle`], with the newest audit entry: read in the same
    /// snapshot as the answer for a command that only reads, just before
    /// the write for one that writes. A community answer asked a moment
    /// ago with nothing committed since is given from memory, and a new
    /// one is kept (see [`Core::handle_kept`]).
    pub fn answer(&self, invocation: &Invocation, cmd: &ParsedCommand) -> KeptAnswer {
        let writes = cmd.spec.moderator
            || cmd.spec.path == "suggest"
            || cmd.spec.path.starts_with("digest ");
        let kept = kept_answers::key(cmd, invocation.locale)
            .filter(|_| !writes && self.keeps_answers())
            .and_then(|key| Some((key, self.db.version(true)?, self.today())));
        if let Some((key, version, day)) = &kept {
            if let Some(answer) = self.answers.get(key, *version, *day) {
                return answer;
            }
        }
        let mut audit_id = None;
        // The case a write changed, when it named a record by id: the
        // record's own, which `case:` need not name.
        let mut written_case = None;
        let result = if writes {
            // Read before the write: the answer may show what it changed,
            // and an edit of a remembered answer then adds the change.
            audit_id = self.db.read().last_audit_id().ok();
            let mut store = self.db.write();
            self.write_command(&mut store, invocation, cmd, &mut written_case)
        } else {
            let store = self.db.read();
            store.snapshot(|store| {
                audit_id = store.last_audit_id().ok();
                self.read_command(store, invocation, cmd)
            })
        };
        let reply = match result {
            Ok(mut reply) => {
                if let Some(url) = &self.public_url {
                    let case = written_case
                        .as_deref()
                        .or(cmd.get("case"))
                        .unwrap_or(&self.default_case);
                    reply.permalinks = Some([url.as_str(), "/", case, "/r/"].concat());
                }
                debug_assert!(
                    reply.check_citations().is_ok(),
                    "{:?}",
                    reply.check_citations()
                );
                reply
            }
            Err(err) => self.error_reply(invocation, cmd, err),
        };
        let answer = KeptAnswer { reply, audit_id };
        if let Some((key, version, day)) = kept {
            self.answers.put(key, version, day, answer.clone());
        }
        answer
    }

    /// Turns keeping community answers on or off (on by default). Off,
    /// every command reads the store: the endpoint bench measures both.
    pub fn set_keep_answers(&self, on: bool) {
        self.keep_answers
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    fn keeps_answers(&self) -> bool {
        self.keep_answers.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A community answer built a moment ago, when nothing was committed
    /// since: one `PRAGMA data_version` that never waits for another
    /// thread, and no thread hand-off, so an adapter may ask
    /// on its async thread before it hands the command to the blocking
    /// pool. `None` when there is none (then call [`Core::answer`]).
    pub fn handle_kept(&self, invocation: &Invocation, cmd: &ParsedCommand) -> Option<KeptAnswer> {
        if !self.keeps_answers() {
            return None;
        }
        let key = kept_answers::key(cmd, invocation.locale)?;
        let version = self.db.version(false)?;
        self.answers.get(&key, version, self.today())
    }

    fn read_command(
        &self,
        store: &Store,
        invocation: &Invocation,
        cmd: &ParsedCommand,
    ) -> Result<Reply, CoreError> {
        let loc = invocation.locale;
        let ctx = self.ctx(store, cmd, loc);
        match cmd.spec.path {
            "case" => ctx.case_card(),
            "timeline" => ctx.timeline(cmd),
            "quote" => ctx.quotes(cmd),
            "actions" => ctx
                .actions(cmd)
                .and_then(|reply| bills::tracking_note(reply, &ctx, self.bill_tracking)),
            "person" => ctx.person(cmd),
            "search" => ctx.search(cmd),
            // The link check's findings are for the case's editors, who can mend them.
            "sources" if cmd.get("status").is_some() => {
                // One source's card or the status list: never one silently dropped.
                if let (Some(id), Some(status)) = (cmd.get("id"), cmd.get("status")) {
                    return Err(CoreError::Invalid(
                        crate::core::messages::links::LinksMsg::StatusWithId {
                            id: id.to_string(),
                            status: status.to_string(),
                        }
                        .say(loc),
                    ));
                }
                trust::check_editor(store, &ctx.case()?, invocation, "sources status:")?;
                ctx.link_problems(cmd)
            }
            "sources" => ctx.sources(cmd),
            "cite" => ctx.cite(cmd),
            "history" => ctx.history(cmd),
            "help" => help::help(cmd.get("command"), invocation.actor.role, loc),
            "watch list" => watch::list(&ctx),
            other => Err(CoreError::Invalid(
                crate::core::messages::moderation::ModerationMsg::NotAnswered {
                    command: other.to_string(),
                }
                .say(loc),
            )),
        }
    }

    fn write_command(
        &self,
        store: &mut Store,
        invocation: &Invocation,
        cmd: &ParsedCommand,
        written_case: &mut Option<String>,
    ) -> Result<Reply, CoreError> {
        let loc = invocation.locale;
        // Decided once, for the editors check and for the write itself.
        let mut case = None;
        if cmd.spec.edits_record() {
            let edited = moderation::case_of(&self.ctx(store, cmd, loc), cmd)?;
            trust::check_editor(store, &edited, invocation, cmd.spec.path)?;
            *written_case = Some(edited.key.clone());
            case = Some(edited);
        } else if cmd.spec.moderator && invocation.actor.role != Role::Moderator {
            return Err(CoreError::Invalid(
                TrustMsg::ModeratorsOnly {
                    command: cmd.spec.path.to_string(),
                }
                .say(loc),
            ));
        }
        if cmd.spec.path.starts_with("digest ") {
            digest::command(self, store, invocation, cmd)
        } else if cmd.spec.path.starts_with("watch ") {
            watch::command(self, store, invocation, cmd)
        } else {
            moderation::run(self, store, invocation, cmd, case)
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

    /// A connection to read with (from the pool).
    pub fn store(&self) -> ReadGuard<'_> {
        self.db.read()
    }

    /// The writer (waits while another task writes).
    pub fn store_mut(&self) -> std::sync::MutexGuard<'_, Store> {
        self.db.write()
    }

    /// The database itself.
    pub fn database(&self) -> &Database {
        &self.db
    }

    pub fn default_case(&self) -> &str {
        &self.default_case
    }

    /// Parses a line (`/quote takano`) and answers it. Never fails: bad
    /// input becomes a polite error reply and changes nothing.
    pub fn handle_line(&self, invocation: &Invocation, line: &str) -> Reply {
        self.answer_line(invocation, line).reply
    }

    /// [`Core::handle_line`], with the newest audit entry as
    /// [`Core::answer`] reads it.
    pub fn answer_line(&self, invocation: &Invocation, line: &str) -> KeptAnswer {
        match command::parse(line) {
            Ok(parsed) => self.answer(invocation, &parsed),
            Err(usage) => KeptAnswer {
                reply: Reply::error(usage.message(invocation.locale)),
                audit_id: None,
            },
        }
    }

    /// Autocomplete choices from a list read a moment ago, without the
    /// store: `None` when there is no fresh list (then call [`Core::complete`]).
    pub fn complete_kept(
        &self,
        command_path: &str,
        option: &str,
        partial: &str,
    ) -> Option<Vec<(String, String)>> {
        self.completions
            .choices(&self.default_case, command_path, option, partial)
    }

    /// Autocomplete choices for an option: `(label, value)`, at most 25,
    /// read from the store now.
    pub fn complete(
        &self,
        command_path: &str,
        option: &str,
        partial: &str,
    ) -> Vec<(String, String)> {
        match complete::complete(
            &self.db.read(),
            &self.completions,
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
