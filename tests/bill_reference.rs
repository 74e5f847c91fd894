//! `/action bill`: an editor names the bill an action is about, in any of
//! the usual spellings, with a source; the reply says which Congress was
//! understood; bad input is refused in the user's language and changes
//! nothing.

mod common;

use casewatch::core::i18n::Locale;
use casewatch::core::reply::ReplyKind;
use casewatch::core::Role;
use common::{text_of, Seeded};
use rstest::rstest;

/// A1 in the seeded case: Rep. Takano's CECOT funding bill, undated.
const TAKANO_BILL: &str = "A1";

#[rstest]
#[case("H.R. 4001", "H.R. 4001 (119th)")]
#[case("HR 4001", "H.R. 4001 (119th)")]
#[case("hr4001", "H.R. 4001 (119th)")]
#[case("H.R. 4001 (118th)", "H.R. 4001 (118th)")]
#[case("119-hr-4001", "H.R. 4001 (119th)")]
#[case("S. 12", "S. 12 (119th)")]
#[case("H.J.Res. 3", "H.J.Res. 3 (119th)")]
#[case("S.J.Res. 3", "S.J.Res. 3 (119th)")]
#[case("H.Con.Res. 3", "H.Con.Res. 3 (119th)")]
#[case("S.Con.Res. 3", "S.Con.Res. 3 (119th)")]
#[case("H.Res. 3", "H.Res. 3 (119th)")]
#[case("S.Res. 3", "S.Res. 3 (119th)")]
fn an_editor_names_the_bill_in_any_usual_spelling(#[case] typed: &str, #[case] shown: &str) {
    let mut bot = Seeded::new();
    let reply = bot.ask(&format!(
        "/action bill id:{TAKANO_BILL} bill:\"{typed}\" reason:\"The release gives it\" source:2"
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let confirmation = text_of(&reply);
    assert!(
        confirmation.contains(&format!("Understood as {shown}")),
        "{confirmation}"
    );
    let actions = text_of(&bot.ask_member("/actions"));
    let line = actions
        .lines()
        .find(|l| l.contains(&format!("Bill: {shown}")))
        .unwrap_or_else(|| panic!("no bill line in\n{actions}"));
    // Cited to the source the editor gave (S2, the member's release).
    let mark = line
        .rsplit('[')
        .next()
        .unwrap()
        .trim_end_matches(']')
        .trim();
    assert!(
        actions.contains(&format!("[{mark}] Office of Rep. Mark Takano")),
        "{actions}"
    );
}

#[test]
fn without_a_congress_the_one_in_session_on_the_actions_date_is_used_and_said() {
    let mut bot = Seeded::new();
    let added = bot.ask("/action add kind:bill name:\"An older bill\" summary:\"A bill of 2024\" date:2024-06 source:2");
    assert_eq!(added.kind, ReplyKind::Confirmation, "{}", text_of(&added));
    let id = text_of(&added)
        .split("(A")
        .nth(1)
        .and_then(|t| t.split(')').next())
        .map(|n| format!("A{n}"))
        .expect("the new action's id");
    let reply = text_of(&bot.ask(&format!(
        "/action bill id:{id} bill:hr12 reason:\"From the release\" source:2"
    )));
    assert!(
        reply.contains("Understood as H.R. 12 (118th): no Congress was given, so the one in session on the action's date (2024-06) is used"),
        "{reply}"
    );
    // An undated action: today's Congress (the tests' clock says 2026-11-22).
    let undated = text_of(&bot.ask_as(
        Role::Moderator,
        Locale::Es,
        &format!("/action bill id:{TAKANO_BILL} bill:\"S. 5\" reason:\"x\" source:2"),
    ));
    assert!(
        undated.contains("Entendido como S. 5 (119.º Congreso): no se indicó el Congreso y la acción no tiene fecha, así que se usa el que sesiona hoy (2026-11-22)"),
        "{undated}"
    );
}

#[test]
fn naming_another_bill_later_keeps_the_first_in_the_audit_log() {
    let mut bot = Seeded::new();
    for bill in ["H.R. 4001", "H.R. 4002 (119th)"] {
        let reply = bot.ask(&format!(
            "/action bill id:{TAKANO_BILL} bill:\"{bill}\" reason:\"r\" source:2"
        ));
        assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    }
    let actions = text_of(&bot.ask_member("/actions"));
    assert!(actions.contains("Bill: H.R. 4002 (119th)"), "{actions}");
    assert!(!actions.contains("H.R. 4001"), "{actions}");
    let store = bot.core.store();
    let entries: Vec<_> = store
        .audit_since(0, u64::MAX >> 1)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "bill")
        .collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        entries[1].before.as_deref(),
        Some(r#"{"bill":"119-hr-4001"}"#)
    );
    assert!(entries[1].after.as_deref().unwrap().contains("119-hr-4002"));
    assert_eq!(entries[1].actor, "console:local");
    drop(store);
    // `/history` tells both, each with its reason and source.
    let history = text_of(&bot.ask_member("/history id:A1"));
    for label in ["H.R. 4001 (119th)", "H.R. 4002 (119th)"] {
        assert!(
            history.contains(&format!("Bill named: {label}, recorded ")),
            "{history}"
        );
    }
}

#[rstest]
#[case::bad_reference(
    Locale::En,
    "/action bill id:A1 bill:\"HB 4001\" reason:r source:2",
    "“HB 4001” is not a bill reference. Write it as H.R. 4001, HR 4001, hr4001, H.R. 4001 (119th) or 119-hr-4001"
)]
#[case::bad_reference_es(
    Locale::Es,
    "/action bill id:A1 bill:\"4001\" reason:r source:2",
    "«4001» no es una referencia de proyecto de ley. Escríbela como H.R. 4001"
)]
#[case::bad_congress(
    Locale::En,
    "/action bill id:A1 bill:\"H.R. 4001 (999th)\" reason:r source:2",
    "is not a bill reference"
)]
#[case::not_a_bill(
    Locale::En,
    "/action bill id:A2 bill:hr1 reason:r source:2",
    "A2 is a letter; only a bill or resolution can name a bill. Nothing was saved."
)]
#[case::not_an_action(
    Locale::En,
    "/action bill id:E1 bill:hr1 reason:r source:2",
    "E1 is not an action"
)]
#[case::unknown_action(Locale::Es, "/action bill id:A999 bill:hr1 reason:r source:2", "A999")]
#[case::no_source(
    Locale::En,
    "/action bill id:A1 bill:hr1 reason:r",
    "Every record needs a source"
)]
#[case::no_source_es(
    Locale::Es,
    "/action bill id:A1 bill:hr1 reason:r",
    "Todo registro necesita una fuente"
)]
#[case::no_reason(Locale::En, "/action bill id:A1 bill:hr1 source:2", "reason:")]
fn bad_input_is_refused_politely_and_changes_nothing(
    #[case] locale: Locale,
    #[case] line: &str,
    #[case] expected: &str,
) {
    let mut bot = Seeded::new();
    let before = bot.fingerprint();
    let reply = bot.ask_as(Role::Moderator, locale, line);
    let text = casewatch::render::text::render(&reply, locale);
    assert_eq!(reply.kind, ReplyKind::Error, "{line}: {text}");
    assert!(text.contains(expected), "{line}: {text}");
    assert_eq!(bot.fingerprint(), before, "{line} changed the store");
}

#[test]
fn the_same_bill_twice_or_a_retracted_action_changes_nothing() {
    let mut bot = Seeded::new();
    bot.ask("/action bill id:A1 bill:hr4001 reason:r source:2");
    let before = bot.fingerprint();
    let again = bot.ask("/action bill id:A1 bill:\"H.R. 4001 (119th)\" reason:r source:2");
    assert_eq!(again.kind, ReplyKind::Error);
    assert!(text_of(&again).contains("A1 already names H.R. 4001 (119th). Nothing changed."));
    assert_eq!(bot.fingerprint(), before);

    bot.ask("/retract id:A1 reason:\"test\"");
    let before = bot.fingerprint();
    let retracted = bot.ask("/action bill id:A1 bill:hr5 reason:r source:2");
    assert!(
        text_of(&retracted).contains("A1 was retracted; it cannot name a bill."),
        "{}",
        text_of(&retracted)
    );
    assert_eq!(bot.fingerprint(), before);
}

#[test]
fn members_cannot_name_a_bill() {
    let mut bot = Seeded::new();
    let before = bot.fingerprint();
    let reply = bot.ask_member("/action bill id:A1 bill:hr4001 reason:r source:2");
    assert_eq!(reply.kind, ReplyKind::Error, "{}", text_of(&reply));
    assert_eq!(bot.fingerprint(), before);
}
