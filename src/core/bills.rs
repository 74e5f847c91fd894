//! Bills as users read them: the label of a bill with its Congress, its
//! title, cosponsors and history, in the reader's language, every line
//! cited.

use crate::core::i18n::Locale;
use crate::core::messages::bills::BillsMsg;
use crate::core::reply::{Reply, Span};
use crate::core::{CoreError, Ctx};
use crate::domain::bill::{ordinal_en, BillRef};
use crate::domain::model::{ActionBill, CongressionalAction, Cosponsorship};
use crate::store::{AuditEntry, Store, StoreError};

/// `H.R. 4001 (119th)`, `H.R. 4001 (119.º Congreso)`.
pub fn label(bill: &BillRef, loc: Locale) -> String {
    BillsMsg::Label {
        bill: bill.citation(),
        ordinal: ordinal_en(bill.congress),
        congress: bill.congress,
    }
    .say(loc)
}

/// The line of an action's bill, `Bill: H.R. 4001 (119th), Prohibition on
/// …`, cited to what says so. The title is the one the bill's own
/// congress.gov page gives (the source the poller files), so it is shown
/// only once that source is among the line's citations.
pub fn push_bill(reply: &mut Reply, bill: &ActionBill, loc: Locale) {
    let mut spans = vec![
        Span::plain(BillsMsg::Bill.say(loc)),
        Span::strong(label(&bill.bill, loc)),
    ];
    let page = bill.bill.public_url();
    if let Some(own) = bill.sources.iter().find(|s| s.url == page) {
        spans.push(Span::plain(format!(", {}", own.title)));
    }
    reply.fact(None, None, spans, &bill.sources);
    let (now, original, withdrew) = cosponsor_counts(bill);
    if now + withdrew > 0 {
        let sources: Vec<_> = bill
            .cosponsors
            .iter()
            .flat_map(|c| c.sources.iter().cloned())
            .fold(Vec::new(), |mut all, s| {
                if !all
                    .iter()
                    .any(|k: &crate::domain::model::Source| k.id == s.id)
                {
                    all.push(s);
                }
                all
            });
        reply.fact(
            None,
            None,
            vec![Span::plain(
                BillsMsg::Cosponsors {
                    now,
                    original,
                    withdrew,
                }
                .say(loc),
            )],
            &sources,
        );
    }
}

/// Says once, under `/actions`, that bills are not followed on
/// congress.gov and how to change that, when an action of the case names
/// a bill and `CONGRESS_API_KEY` is not set.
pub(crate) fn tracking_note(
    mut reply: Reply,
    ctx: &Ctx<'_>,
    tracking: bool,
) -> Result<Reply, CoreError> {
    if !tracking && !ctx.store.bill_targets(Some(ctx.case()?.id))?.is_empty() {
        reply.note(BillsMsg::TrackingOff.say(ctx.loc));
    }
    Ok(reply)
}

/// The lines `/cite` adds for an action with a bill: every earlier status
/// (the current one is already shown), each dated and cited and marked
/// when congress.gov stopped listing it, and every cosponsorship.
pub fn push_history(reply: &mut Reply, action: &CongressionalAction, loc: Locale) {
    let Some(bill) = &action.bill else {
        return;
    };
    let earlier = action.statuses.len().saturating_sub(1);
    let mut heading = false;
    for status in action.statuses[..earlier].iter().rev() {
        if status.sources.is_empty() {
            continue;
        }
        if !heading {
            reply.heading(BillsMsg::HistoryHeading.say(loc));
            heading = true;
        }
        let mut spans = vec![Span::strong(&status.status)];
        if let Some(note) = &status.note {
            spans.push(Span::plain(format!(" — {note}")));
        }
        spans.extend(vanished_mark(status.vanished.as_deref(), loc));
        reply.fact(
            status.date.map(|d| d.to_string()),
            None,
            spans,
            &status.sources,
        );
    }
    if !bill.cosponsors.is_empty() {
        reply.heading(BillsMsg::CosponsorsHeading.say(loc));
        for c in &bill.cosponsors {
            let said = cosponsor_words(c);
            reply.fact(
                Some(c.date.to_string()),
                None,
                vec![Span::plain(said.say(loc))],
                &c.sources,
            );
        }
    }
}

/// The mark of a status congress.gov stopped listing, `at` being when
/// the poller noticed: every place that tells the status shows it, so no
/// reader takes a withdrawn listing for a live one.
pub fn vanished_mark(at: Option<&str>, loc: Locale) -> Option<Span> {
    let at = at?;
    Some(Span::emphasis(
        BillsMsg::Vanished {
            date: at.get(..10).unwrap_or(at).to_string(),
        }
        .say(loc),
    ))
}

/// How many members cosponsor the bill now, how many of them originally,
/// and how many withdrew and did not join again: each member (by their
/// Biographical Directory id, or their name when it is missing) counts by
/// their latest row, the rows being in date order.
pub fn cosponsor_counts(bill: &ActionBill) -> (usize, usize, usize) {
    let mut latest: std::collections::HashMap<&str, &Cosponsorship> =
        std::collections::HashMap::new();
    for c in &bill.cosponsors {
        let member = if c.bioguide_id.is_empty() {
            c.name.as_str()
        } else {
            c.bioguide_id.as_str()
        };
        latest.insert(member, c);
    }
    let now = latest.values().filter(|c| !c.withdrew).count();
    let original = latest
        .values()
        .filter(|c| !c.withdrew && c.original)
        .count();
    (now, original, latest.len() - now)
}

/// The digest's lines for the cosponsors who joined or withdrew among
/// `entries` (the audit range it covers); how many it added.
pub(crate) fn push_digest_cosponsors(
    store: &Store,
    reply: &mut Reply,
    entries: &[AuditEntry],
    case_id: i64,
    loc: Locale,
) -> Result<usize, StoreError> {
    let ids: Vec<i64> = entries
        .iter()
        .filter(|e| e.action == "cosponsor" && e.kind == "bill_cosponsors")
        .filter_map(|e| e.record_id)
        .collect();
    let rows = store.cosponsorships(&ids, case_id)?;
    if rows.is_empty() {
        return Ok(0);
    }
    reply.heading(BillsMsg::DigestCosponsors.say(loc));
    for (action, bill, c) in &rows {
        let said = cosponsor_words(c);
        let record = format!("A{action}");
        reply.fact(
            Some(c.date.to_string()),
            Some(record.clone()),
            vec![
                Span::strong(format!("{record} ")),
                Span::plain(format!("{}: ", label(bill, loc))),
                Span::plain(said.say(loc)),
            ],
            &c.sources,
        );
    }
    Ok(rows.len())
}

/// Adds to a digest, once, that bills are not followed on congress.gov,
/// when tracking is off and an action of the case names a bill.
pub fn digest_tracking_note(
    store: &Store,
    reply: &mut Reply,
    case_id: i64,
    tracking: bool,
    loc: Locale,
) -> Result<(), StoreError> {
    if !tracking && !store.bill_targets(Some(case_id))?.is_empty() {
        reply.note(BillsMsg::TrackingOff.say(loc));
    }
    Ok(())
}

/// How a cosponsor's joining or withdrawing is told.
fn cosponsor_words(c: &Cosponsorship) -> BillsMsg {
    let name = c.name.clone();
    match (c.withdrew, c.original) {
        (true, _) => BillsMsg::Withdrew { name },
        (false, true) => BillsMsg::JoinedOriginal { name },
        (false, false) => BillsMsg::Joined { name },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::bill::BillRef;

    fn row(member: &str, original: bool, withdrew: bool, date: &str) -> Cosponsorship {
        Cosponsorship {
            id: 0,
            bioguide_id: member.into(),
            name: format!("Rep. {member}"),
            party: "D".into(),
            state: "CA".into(),
            district: None,
            original,
            withdrew,
            date: date.parse().unwrap(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn each_member_counts_by_their_latest_row() {
        let bill = ActionBill {
            id: 1,
            bill: "H.R. 4001 (119th)".parse::<BillRef>().unwrap(),
            sources: Vec::new(),
            cosponsors: vec![
                row("A1", true, false, "2025-03-01"),
                row("B2", false, false, "2025-03-05"),
                row("C3", false, false, "2025-03-06"),
                row("B2", false, true, "2025-04-01"),
                // Withdrew, then joined again: a cosponsor now.
                row("C3", false, true, "2025-04-02"),
                row("C3", false, false, "2025-05-01"),
            ],
        };
        assert_eq!(cosponsor_counts(&bill), (2, 1, 1));
    }
}
