//! Public command answers remembered so corrections reach them too, as
//! digests are: an answer that names records, shown to everyone in the
//! place, is remembered with its document once the platform confirmed it.
//! Adapters call [`remember_answer`] after each message they send.

use crate::core::i18n::Locale;
use crate::core::reply::{Block, Reply, ReplyKind};
use crate::store::posted::SentAnswer;
use crate::store::{Database, Result};

use super::render::shown_records;

/// Whether corrections should reach this answer: it is public and says
/// something about records (errors, help and confirmations are not).
pub fn worth_remembering(reply: &Reply) -> bool {
    !reply.ephemeral
        && reply.kind == ReplyKind::Answer
        && reply.blocks.iter().any(|b| {
            matches!(
                b,
                Block::Fact {
                    record: Some(_),
                    ..
                }
            )
        })
}

/// Where an answer message went and what it is.
#[derive(Debug, Clone)]
pub struct AnswerMessage<'a> {
    pub platform: &'a str,
    /// The channel or room, as subscriptions name it.
    pub place: &'a str,
    pub locale: Locale,
    /// The part of the answer this message renders.
    pub part: &'a Reply,
    pub piece: usize,
    pub pieces: usize,
    /// The newest audit entry before the answer was built: a correction
    /// after it may not be in the answer.
    pub shown_audit_id: i64,
    /// The platform's id of the message.
    pub message_ref: &'a str,
    /// When the platform stops letting the bot edit it, if it does.
    pub edit_until: Option<&'a str>,
}

/// Remembers one sent message of a public answer, when it shows records.
pub fn remember_answer(db: &Database, message: &AnswerMessage<'_>) -> Result<()> {
    let shown = shown_records(message.part, message.piece, message.pieces);
    let Some(first) = shown.records.first() else {
        return Ok(());
    };
    let Some(case_id) = db.read().records(&[*first])?.cases.get(first).copied() else {
        return Ok(());
    };
    db.write().remember_answer(&SentAnswer {
        platform: message.platform,
        place: message.place,
        case_id,
        locale: message.locale.code(),
        shown: &shown,
        shown_audit_id: message.shown_audit_id,
        message_ref: message.message_ref,
        edit_until: message.edit_until,
    })?;
    Ok(())
}
