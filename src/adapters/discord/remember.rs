//! Discord command answers remembered for corrections, as far as Discord
//! allows. An answer is the interaction's response, which the bot can edit
//! only through the interaction's token, and only for 15 minutes
//! (<https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object>).
//! So a public answer that names records is remembered with its token for
//! 14 minutes (a minute's margin for a slow pass): a correction in that
//! time edits it; after it, the answer is closed and the token dropped. A
//! paged answer (with Previous/Next buttons) is not remembered: a page turn
//! shows another page in the same message, and each page turn reads the
//! store again, so it already shows the record as corrected.

use std::sync::Arc;

use crate::core::edits::answers::{remember_answer, worth_remembering, AnswerMessage};
use crate::core::i18n::Locale;
use crate::core::kept_answers::KeptAnswer;
use crate::core::reply::Reply;

use super::handler::{redact_token, SharedCore};

/// How long an answer is remembered for editing: Discord's 15 minutes,
/// less a minute's margin.
pub const EDITABLE_FOR_MINUTES: i64 = 14;

/// An answer, and the newest audit entry before it was built, when read.
pub struct Answered {
    pub reply: Reply,
    pub shown_audit_id: Option<i64>,
}

impl From<KeptAnswer> for Answered {
    fn from(answer: KeptAnswer) -> Self {
        Answered {
            reply: answer.reply,
            shown_audit_id: answer.audit_id,
        }
    }
}

/// A sent answer to remember once Discord confirmed it.
#[derive(Debug, Clone)]
pub struct AnswerToRemember {
    reply: Reply,
    locale: Locale,
    /// `guild/channel` or `dm/channel`, as digest subscriptions name it.
    place: String,
    shown_audit_id: i64,
}

/// The answer to remember, when it is one: public, naming records, one
/// message (`parts`, as rendered) with no paging buttons.
pub fn candidate(
    answered: &Answered,
    parts: usize,
    locale: Locale,
    place: &str,
) -> Option<AnswerToRemember> {
    let reply = &answered.reply;
    let single = reply.paging.is_none_or(|p| p.pages <= 1) && parts == 1;
    if !(single && worth_remembering(reply)) {
        return None;
    }
    Some(AnswerToRemember {
        reply: reply.clone(),
        locale,
        place: place.trim_start_matches("discord:").to_string(),
        shown_audit_id: answered.shown_audit_id?,
    })
}

/// Remembers an answer Discord confirmed, with the token that edits it. A
/// failure is logged (without the token): the answer itself went out.
pub async fn remember(core: &SharedCore, answer: AnswerToRemember, token: &str) {
    let core = Arc::clone(core);
    let message_ref = format!("interaction:{token}");
    let until = (chrono::Utc::now() + chrono::Duration::minutes(EDITABLE_FOR_MINUTES))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let remembered = tokio::task::spawn_blocking(move || {
        remember_answer(
            core.database(),
            &AnswerMessage {
                platform: "discord",
                place: &answer.place,
                locale: answer.locale,
                part: &answer.reply,
                piece: 0,
                pieces: 1,
                shown_audit_id: answer.shown_audit_id,
                message_ref: &message_ref,
                edit_until: Some(&until),
            },
        )
    })
    .await;
    let failed = match remembered {
        Ok(Ok(())) => return,
        Ok(Err(err)) => format!("{err:#}"),
        Err(err) => format!("{err:#}"),
    };
    tracing::warn!(
        "could not remember an answer for later corrections: {}",
        redact_token(&failed, token)
    );
}
