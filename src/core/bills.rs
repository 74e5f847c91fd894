//! Bills as users read them: the label of a bill with its Congress, in
//! the reader's language.

use crate::core::i18n::Locale;
use crate::core::messages::bills::BillsMsg;
use crate::core::reply::{Reply, Span};
use crate::domain::bill::{ordinal_en, BillRef};
use crate::domain::model::ActionBill;

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
}
