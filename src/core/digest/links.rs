//! The digest's "Sources no longer reachable" section: each source whose
//! address the link check found gone within the digest's audit range, once,
//! cited to that source and naming its archived copy when there is one.
//! A source whose address answers again by the time the digest is built is
//! left out: the digest tells what is true when it is posted.

use crate::core::i18n::Locale;
use crate::core::messages::links::LinksMsg;
use crate::core::model::{RecordId, RecordKind};
use crate::core::reply::{Reply, Span};
use crate::store::{AuditEntry, RecordSet, LINK_GONE};

/// The records this section names, for the digest's one read of them.
pub fn named(entries: &[AuditEntry]) -> impl Iterator<Item = RecordId> + '_ {
    entries
        .iter()
        .filter(|e| e.action == LINK_GONE)
        .filter_map(|e| {
            Some(RecordId {
                kind: RecordKind::Source,
                id: e.record_id?,
            })
        })
}

/// Adds the section when there is anything in it; returns how many lines.
pub fn push_gone_sources(
    reply: &mut Reply,
    entries: &[AuditEntry],
    set: &RecordSet,
    case_id: i64,
    loc: Locale,
) -> usize {
    let mut shown = Vec::new();
    for e in entries.iter().filter(|e| e.action == LINK_GONE) {
        let Some(id) = e.record_id else { continue };
        let record = RecordId {
            kind: RecordKind::Source,
            id,
        };
        if shown.contains(&id) || set.cases.get(&record) != Some(&case_id) {
            continue;
        }
        // A retracted source supports nothing, so its address is no news;
        // one the last check found answering again is no longer gone.
        let Some(source) = set
            .sources
            .get(&id)
            .filter(|s| s.retracted.is_none() && s.address_gone)
        else {
            continue;
        };
        if shown.is_empty() {
            reply.heading(LinksMsg::DigestGone.say(loc));
        }
        let day = e.at.get(..10).unwrap_or(&e.at).to_string();
        let line = match &source.archive_url {
            Some(archive) => LinksMsg::DigestGoneArchived {
                day,
                archive: archive.clone(),
            },
            None => LinksMsg::DigestGoneNoCopy { day },
        };
        reply.fact(
            None,
            Some(record.to_string()),
            vec![
                Span::strong(format!("{record} ")),
                Span::plain(format!("{}: ", source.publication)),
                Span::quoted(&source.title),
                Span::plain(" — "),
                Span::plain(line.say(loc)),
            ],
            std::slice::from_ref(source),
        );
        shown.push(id);
    }
    shown.len()
}
