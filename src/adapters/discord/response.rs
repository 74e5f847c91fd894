//! Interaction response JSON for the handler: a rendered reply with the
//! paging buttons that fit it, polite refusals, and autocomplete choices.

use serde_json::{json, Value};

use crate::core::command::CommandSpec;
use crate::core::i18n::Locale;
use crate::core::messages::platform::PlatformMsg;
use crate::core::reply::{Reply, ReplyKind};
use crate::render::discord::{self as render, paging_row};

use super::paging::{PageTarget, Part};

/// Interaction response types.
pub(super) mod callback {
    pub const PONG: u8 = 1;
    pub const MESSAGE: u8 = 4;
    pub const DEFERRED_MESSAGE: u8 = 5;
    pub const DEFERRED_UPDATE: u8 = 6;
    pub const UPDATE_MESSAGE: u8 = 7;
    pub const AUTOCOMPLETE: u8 = 8;
}

/// Discord allows at most 25 autocomplete choices, names and values 1–100.
const MAX_CHOICES: usize = 25;

/// What rendering needs besides the reply.
#[derive(Clone)]
pub(super) struct Context {
    pub(super) locale: Locale,
    /// Set for pageable commands: how to build the paging buttons.
    pub(super) nav: Option<Nav>,
}

#[derive(Clone)]
pub(super) struct Nav {
    pub(super) command: &'static CommandSpec,
    pub(super) options: Vec<(String, String)>,
    pub(super) part: Part,
}

/// A polite error, shown only to the user (type 4, ephemeral).
pub(super) fn refusal(sentence: &str) -> Value {
    message_response(callback::MESSAGE, &Reply::error(sentence))
}

/// A message response (type 4 or 7) carrying a rendered reply.
pub(super) fn message_response(kind: u8, reply: &Reply) -> Value {
    // Errors render the same in every language: their sentence is the text.
    let parts = render::render(reply, Locale::En);
    let message = message(
        reply,
        parts,
        &Context {
            locale: Locale::En,
            nav: None,
        },
    );
    json!({ "type": kind, "data": message })
}

/// Picks the part of a rendered reply (`parts`, from
/// [`render::render`]) to show and adds paging buttons.
pub(super) fn message(reply: &Reply, parts: Vec<Value>, context: &Context) -> Value {
    let last = parts.len() - 1;
    let index = match context.nav.as_ref().map(|n| n.part) {
        Some(Part::Index(n)) => n.min(last),
        Some(Part::Last) => last,
        None => 0,
    };
    let mut message = parts
        .into_iter()
        .nth(index)
        .expect("render returns at least one part");
    let mut components = Vec::new();
    if let (Some(nav), true) = (&context.nav, reply.kind == ReplyKind::Answer) {
        let (page, pages) = reply.paging.map(|p| (p.page, p.pages)).unwrap_or((1, 1));
        let target = |page: u32, part: Part| {
            PageTarget {
                command: nav.command,
                options: nav.options.clone(),
                page,
                part,
            }
            .encode()
        };
        let previous = if index > 0 {
            target(page, Part::Index(index - 1))
        } else if page > 1 {
            target(page - 1, Part::Last)
        } else {
            None
        };
        let next = if index < last {
            target(page, Part::Index(index + 1))
        } else if page < pages {
            target(page + 1, Part::Index(0))
        } else {
            None
        };
        if previous.is_some() || next.is_some() {
            components.push(paging_row(previous, next, context.locale));
        } else if page < pages {
            // The options are too long for a custom_id: say how to go on.
            let hint = PlatformMsg::MorePage { page: page + 1 }.say(context.locale);
            render::append_footer(&mut message, &hint);
        }
    }
    message["components"] = json!(components);
    message
}

pub(super) fn choices_response(choices: Vec<(String, String)>) -> Value {
    let choices: Vec<Value> = choices
        .into_iter()
        .filter(|(_, value)| !value.is_empty() && value.chars().count() <= 100)
        .map(|(label, value)| {
            let name = if label.trim().is_empty() {
                value.clone()
            } else {
                label
            };
            let name: String = if name.chars().count() > 100 {
                name.chars().take(99).chain(['…']).collect()
            } else {
                name
            };
            json!({ "name": name, "value": value })
        })
        .take(MAX_CHOICES)
        .collect();
    json!({ "type": callback::AUTOCOMPLETE, "data": { "choices": choices } })
}
