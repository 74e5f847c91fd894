//! The one interaction handler both transports use: an interaction in,
//! the interaction response JSON out (plus, when the answer was slow, a
//! follow-up that edits the original response). Only the transport
//! differs: the gateway POSTs the response, the HTTP endpoint returns it.
//!
//! Deadlines (<https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction>):
//! the first response must arrive within 3 s. Every command runs on the
//! blocking pool and races a short timer: an answer ready in time is sent
//! at once (type 4, or 7 for a button); otherwise the handler defers
//! (type 5, or 6 for a button) and the follow-up edits the original
//! message when the answer is ready. Always deferring would cost two more
//! REST calls per command and make a stateless endpoint depend on
//! reaching Discord for every answer.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use serenity::http::Http;
use tokio::task::JoinHandle;

use crate::adapters::shutdown::{InFlight, InFlightGuard};
use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::platform::PlatformMsg;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{Core, Invocation};
use crate::render::discord::{no_mentions, render, EPHEMERAL};

use super::interaction::{command_input, invocation, ModeratorRule};
use super::paging::{pageable, PageTarget, Part};
use super::payload::{CommandData, Interaction, Origin};
use super::remember::{candidate, AnswerToRemember, Answered};
use super::response::{
    callback, choices_response, message, message_response, refusal, Context, Nav,
};

/// The core, shared: its answers run on the blocking pool (the store is
/// synchronous), reading in parallel from a pool of connections; no lock
/// or connection is held across an `.await`.
pub type SharedCore = Arc<Core>;

/// What the handler needs besides the core.
#[derive(Debug, Clone, Copy)]
pub struct HandlerSettings {
    pub moderators: ModeratorRule,
    /// How long to wait for an answer before deferring.
    pub defer_after: Duration,
    /// How long autocomplete may take before answering with no choices.
    pub autocomplete_within: Duration,
}

impl Default for HandlerSettings {
    fn default() -> Self {
        HandlerSettings {
            moderators: ModeratorRule::default(),
            defer_after: Duration::from_millis(1500),
            autocomplete_within: Duration::from_millis(2000),
        }
    }
}

/// The shared handler.
#[derive(Clone)]
pub struct Handler {
    core: SharedCore,
    settings: HandlerSettings,
    /// Answers being worked on, so a stop waits for them.
    in_flight: InFlight,
}

/// The response to send now and, when the answer was slow, what to send
/// once it is ready.
pub struct Response {
    /// The interaction response body (`{"type": …, "data": …}`).
    pub initial: Value,
    pub later: Option<FollowUp>,
    /// A public answer to remember once Discord confirmed it, so a
    /// correction within the token's lifetime edits it (`remember.rs`).
    pub remember: Option<AnswerToRemember>,
}

impl Response {
    fn now(initial: Value) -> Self {
        Response {
            initial,
            later: None,
            remember: None,
        }
    }
}

/// An answer still being computed after the handler deferred.
pub struct FollowUp {
    /// The interaction token: good for 15 minutes of follow-ups.
    pub token: String,
    pub application_id: u64,
    answer: JoinHandle<Answered>,
    context: Context,
    /// Where it was asked (`discord:guild/channel`).
    place: String,
    /// A button click: the original is the paged message itself.
    update: bool,
    deferred_ephemeral: bool,
    /// Held until the edit has gone out, so a stop waits for it.
    in_flight: Option<InFlightGuard>,
}

impl Handler {
    pub fn new(core: SharedCore, settings: HandlerSettings) -> Self {
        Handler {
            core,
            settings,
            in_flight: InFlight::default(),
        }
    }

    /// The answers in flight (including deferred edits not yet sent).
    pub fn in_flight(&self) -> &InFlight {
        &self.in_flight
    }

    pub fn core(&self) -> &SharedCore {
        &self.core
    }

    /// Answers any interaction, read by either transport. Counted in
    /// flight until its response (and a deferred answer's edit) is done.
    pub async fn handle(&self, interaction: Interaction) -> Response {
        let guard = self.in_flight.enter();
        let mut response = self.dispatch(interaction).await;
        if let Some(later) = &mut response.later {
            later.in_flight = Some(guard);
        }
        response
    }

    async fn dispatch(&self, interaction: Interaction) -> Response {
        match interaction {
            Interaction::Ping => Response::now(json!({ "type": callback::PONG })),
            Interaction::Command(origin, data) => self.command(origin, data).await,
            Interaction::Autocomplete(origin, data) => {
                Response::now(self.autocomplete(origin, data).await)
            }
            Interaction::Component {
                origin, custom_id, ..
            } => self.component(origin, &custom_id).await,
            Interaction::Modal { locale } => {
                let locale = Locale::from_tag(&locale);
                Response::now(refusal(&PlatformMsg::NoForms.say(locale)))
            }
            Interaction::Other { .. } => Response::now(json!({ "type": callback::PONG })),
        }
    }

    async fn command(&self, origin: Origin, data: CommandData) -> Response {
        let invocation = invocation(&origin, self.settings.moderators);
        let locale = invocation.locale;
        let input = match command_input(&data, locale) {
            Ok(input) => input,
            Err(sentence) => return Response::now(refusal(&sentence)),
        };
        let parsed = match ParsedCommand::from_options(input.command.path, input.values) {
            Ok(parsed) => parsed,
            Err(usage) => return Response::now(refusal(&usage.message(locale))),
        };
        let nav = pageable(parsed.spec).then(|| Nav {
            command: parsed.spec,
            options: parsed
                .options
                .iter()
                .filter(|(k, _)| **k != "page")
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            part: Part::Index(0),
        });
        let context = Context { locale, nav };
        let ephemeral = parsed.spec.moderator;
        self.answer(
            invocation,
            parsed,
            context,
            &origin.token,
            origin.application_id,
            false,
            ephemeral,
        )
        .await
    }

    async fn component(&self, origin: Origin, custom_id: &str) -> Response {
        let invocation = invocation(&origin, self.settings.moderators);
        let locale = invocation.locale;
        let Some(target) = PageTarget::decode(custom_id) else {
            return Response::now(refusal(&PlatformMsg::StaleButton.say(locale)));
        };
        let mut values = target.options.clone();
        values.push(("page".to_string(), target.page.to_string()));
        let parsed = match ParsedCommand::from_options(target.command.path, values) {
            Ok(parsed) => parsed,
            Err(usage) => return Response::now(refusal(&usage.message(locale))),
        };
        let context = Context {
            locale,
            nav: Some(Nav {
                command: target.command,
                options: target.options,
                part: target.part,
            }),
        };
        self.answer(
            invocation,
            parsed,
            context,
            &origin.token,
            origin.application_id,
            true,
            false,
        )
        .await
    }

    /// Runs the command on the blocking pool; answers now if it is done in
    /// time, else defers and returns the follow-up.
    #[allow(clippy::too_many_arguments)]
    async fn answer(
        &self,
        invocation: Invocation,
        parsed: ParsedCommand,
        context: Context,
        token: &str,
        application_id: u64,
        update: bool,
        deferred_ephemeral: bool,
    ) -> Response {
        let place = invocation.place.clone();
        // The same question asked a moment ago, with nothing committed
        // since, is answered from memory on this thread.
        let kept = self
            .core
            .handle_kept(&invocation, &parsed)
            .map(|kept| Ok(Answered::from(kept)));
        let mut task = None;
        let ready = match kept {
            Some(answered) => Ok(answered),
            None => {
                let core = Arc::clone(&self.core);
                let mut spawned = tokio::task::spawn_blocking(move || {
                    Answered::from(core.answer(&invocation, &parsed))
                });
                let ready = tokio::time::timeout(self.settings.defer_after, &mut spawned).await;
                task = Some(spawned);
                ready
            }
        };
        match ready {
            Ok(joined) => {
                let answered = finished(joined, context.locale);
                let reply = &answered.reply;
                if update && reply.kind == ReplyKind::Error {
                    // Keep the paged message; tell only the clicker.
                    return Response::now(message_response(callback::MESSAGE, reply));
                }
                let parts = render(reply, context.locale);
                let remember = (!update)
                    .then(|| candidate(&answered, parts.len(), context.locale, &place))
                    .flatten();
                let kind = if update {
                    callback::UPDATE_MESSAGE
                } else {
                    callback::MESSAGE
                };
                let mut message = message(reply, parts, &context);
                if update {
                    // An update cannot change who sees the message.
                    message.as_object_mut().expect("object").remove("flags");
                }
                Response {
                    remember,
                    ..Response::now(json!({ "type": kind, "data": message }))
                }
            }
            Err(_) => {
                let initial = if update {
                    json!({ "type": callback::DEFERRED_UPDATE })
                } else {
                    let mut data = json!({ "allowed_mentions": no_mentions() });
                    if deferred_ephemeral {
                        data["flags"] = json!(EPHEMERAL);
                    }
                    json!({ "type": callback::DEFERRED_MESSAGE, "data": data })
                };
                Response {
                    initial,
                    later: Some(FollowUp {
                        in_flight: None,
                        token: token.to_string(),
                        application_id,
                        answer: task.expect("only a command on the blocking pool is deferred"),
                        context,
                        place,
                        update,
                        deferred_ephemeral,
                    }),
                    remember: None,
                }
            }
        }
    }

    /// Autocomplete choices (type 8). Cannot be deferred, so a slow store
    /// answers with no choices rather than miss the deadline.
    async fn autocomplete(&self, origin: Origin, data: CommandData) -> Value {
        let locale = Locale::from_tag(&origin.locale);
        let input = match command_input(&data, locale) {
            Ok(input) => input,
            Err(_) => return choices_response(Vec::new()),
        };
        let Some((option, partial)) = input.focused else {
            return choices_response(Vec::new());
        };
        let path = input.command.path;
        // The next keystrokes of the same option are matched in memory.
        if let Some(choices) = self.core.complete_kept(path, &option, &partial) {
            return choices_response(choices);
        }
        let core = Arc::clone(&self.core);
        let task = tokio::task::spawn_blocking(move || core.complete(path, &option, &partial));
        match tokio::time::timeout(self.settings.autocomplete_within, task).await {
            Ok(Ok(choices)) => choices_response(choices),
            Ok(Err(err)) => {
                tracing::error!("autocomplete for /{path} failed: {err:#}");
                choices_response(Vec::new())
            }
            Err(_) => {
                tracing::warn!(
                    "autocomplete for /{path} took longer than {:?}; answered with no choices",
                    self.settings.autocomplete_within
                );
                choices_response(Vec::new())
            }
        }
    }
}

impl FollowUp {
    /// Waits for the answer and edits the deferred response with it. An
    /// ephemeral answer (an error) to a public deferral replaces the
    /// "thinking…" message with a follow-up only the user sees. Returns a
    /// public answer to remember, once it was edited in.
    pub async fn send(self, http: &Http) -> Option<AnswerToRemember> {
        let answered = finished(self.answer.await, self.context.locale);
        let parts = render(&answered.reply, self.context.locale);
        let remember = (!self.update)
            .then(|| candidate(&answered, parts.len(), self.context.locale, &self.place))
            .flatten();
        let reply = answered.reply;
        let mut message = message(&reply, parts, &self.context);
        let mut edited = false;
        let result = if reply.ephemeral && self.update {
            // A failed page turn leaves the paged message as it was.
            http.create_followup_message(&self.token, &message, Vec::new())
                .await
                .map(|_| ())
        } else if reply.ephemeral && !self.deferred_ephemeral {
            // The public "thinking…" cannot become private: replace it.
            match http.delete_original_interaction_response(&self.token).await {
                Ok(()) => http
                    .create_followup_message(&self.token, &message, Vec::new())
                    .await
                    .map(|_| ()),
                Err(err) => Err(err),
            }
        } else {
            message.as_object_mut().expect("object").remove("flags");
            edited = true;
            http.edit_original_interaction_response(&self.token, &message, Vec::new())
                .await
                .map(|_| ())
        };
        match result {
            Ok(()) if edited => remember,
            Ok(()) => None,
            Err(err) => {
                let err = redact_token(&format!("{err:#}"), &self.token);
                tracing::error!("could not send a deferred answer to Discord: {err}");
                None
            }
        }
    }
}

/// An error's text without the interaction token, which network errors
/// print as part of the request URL (it can edit the answer for 15 minutes).
pub fn redact_token(text: &str, token: &str) -> String {
    if token.is_empty() {
        text.to_string()
    } else {
        text.replace(token, "<interaction token>")
    }
}

/// The reply from a finished task; a panic in the core becomes an apology.
fn finished(joined: Result<Answered, tokio::task::JoinError>, locale: Locale) -> Answered {
    joined.unwrap_or_else(|err| {
        tracing::error!("a command failed inside the core: {err:#}");
        Answered {
            reply: Reply::error(PlatformMsg::SomethingWentWrong.say(locale)),
            shown_audit_id: None,
        }
    })
}
