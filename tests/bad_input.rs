//! Bad input gets a sentence a person understands, and changes nothing.
//! Each case runs against a real seeded SQLite file and compares every
//! table before and after.

mod common;

use casewatch::core::reply::ReplyKind;
use casewatch::core::Role;
use common::{text_of, Seeded};
use rstest::rstest;

#[rstest]
#[case::unknown_command(
    Role::Moderator,
    "/timelnie",
    "There is no command “/timelnie”. Did you mean /timeline?"
)]
#[case::unknown_option(
    Role::Moderator,
    "/quote speker:takano",
    "/quote has no option “speker”. Did you mean speaker?"
)]
#[case::missing_option(Role::Moderator, "/person", "/person needs name:")]
#[case::missing_write_option(
    Role::Moderator,
    "/update add text:\"x\" source:1",
    "/update add needs date:"
)]
#[case::too_long(Role::Moderator, &format!("/update add date:2025-10-01 text:\"{}\" source:1", "a".repeat(1001)), "is 1001 characters long; the limit is 1000")]
#[case::invalid_date(
    Role::Moderator,
    "/update add date:2025-02-30 text:x source:1",
    "that day does not exist in that month"
)]
#[case::malformed_date(Role::Moderator, "/timeline from:last-week", "is not valid")]
#[case::javascript_url(
    Role::Moderator,
    "/source add url:javascript:alert(1) title:t publication:p published:2025",
    "only http:// and https:// addresses are accepted"
)]
#[case::data_url(
    Role::Moderator,
    "/update add date:2025 text:x url:data:text/html,hi title:t publication:p published:2025",
    "only http:// and https://"
)]
#[case::unknown_record(Role::Moderator, "/cite E9999", "There is no event E9999")]
#[case::unknown_record_write(
    Role::Moderator,
    "/retract id:Q9999 reason:\"test\"",
    "There is no quote Q9999"
)]
#[case::unknown_source(
    Role::Moderator,
    "/update add date:2025 text:x source:999",
    "There is no source S999"
)]
#[case::no_source(
    Role::Moderator,
    "/update add date:2025-10-01 text:\"Something happened\"",
    "Every record needs a source"
)]
#[case::partial_source(
    Role::Moderator,
    "/update add date:2025 text:x url:https://example.org/a",
    "A new source also needs title: and publication: and published:"
)]
#[case::both_sources(
    Role::Moderator,
    "/update add date:2025 text:x source:1 url:https://example.org/a",
    "Give either source:"
)]
#[case::member_writes(
    Role::Member,
    "/update add date:2025-10-01 text:x source:1",
    "/update add changes the record, and this console speaks for a member (--as member); nothing was changed."
)]
#[case::member_retracts(
    Role::Member,
    "/retract id:E1 reason:x",
    "/retract changes the record, and this console speaks for a member"
)]
#[case::member_reviews(
    Role::Member,
    "/review",
    "/review changes the record, and this console speaks for a member"
)]
#[case::unclosed_quote(
    Role::Moderator,
    "/update add date:2025 text:\"unfinished source:1",
    "is not closed"
)]
#[case::unknown_case(
    Role::Moderator,
    "/timeline case:someone-else",
    "There is no case “someone-else”. Cases on record: andry-hernandez-romero."
)]
#[case::bad_tag(
    Role::Moderator,
    "/update add date:2025 text:x tags:\"Bad Tag\" source:1",
    "may only hold lowercase letters"
)]
#[case::unknown_speaker(
    Role::Moderator,
    "/quote add speaker:nobody text:x source:1",
    "To add a new speaker, also give role:"
)]
#[case::reject_without_reason(
    Role::Moderator,
    "/review id:1 decision:reject",
    "There is no suggestion #1"
)]
#[case::bare_id_for_write(
    Role::Moderator,
    "/correct id:3 text:x reason:y",
    "is not a full record id"
)]
#[case::correct_without_source(
    Role::Moderator,
    "/correct id:E1 text:\"New words\" reason:\"The source says so\"",
    "Every record needs a source"
)]
#[case::correct_with_unknown_source(
    Role::Moderator,
    "/correct id:E1 text:\"New words\" reason:y source:S999",
    "There is no source S999"
)]
#[case::correct_source_with_another(
    Role::Moderator,
    "/correct id:S1 text:\"New title\" reason:y source:S2",
    "give source:S1, not S2"
)]
#[case::history_of_nothing(Role::Member, "/history Q9999", "There is no quote Q9999")]
#[case::history_bare_number(Role::Member, "/history 3", "is not a full record id")]
#[case::status_on_event(
    Role::Moderator,
    "/action status id:E1 status:passed reason:x source:1",
    "E1 is not an action"
)]
#[case::duplicate_source(Role::Moderator, "/source add url:https://www.advocate.com/politics/andry-hernandez-romero-mark-takano title:t publication:p published:2025", "That address is already source S1")]
#[case::past_last_page(Role::Moderator, "/quote takano page:50", "There are only 1 page(s)")]
#[case::empty_search(Role::Moderator, "/search \"()\"", "has no words to search for")]
fn bad_input_is_refused_politely_and_changes_nothing(
    #[case] role: Role,
    #[case] line: &str,
    #[case] expected: &str,
) {
    let mut bot = Seeded::new();
    let before = bot.fingerprint();
    let reply = bot.ask_as(role, casewatch::core::i18n::Locale::En, line);
    let text = text_of(&reply);
    assert_eq!(
        reply.kind,
        ReplyKind::Error,
        "{line} was not refused:\n{text}"
    );
    assert!(
        reply.ephemeral,
        "errors are shown only to the user who made them"
    );
    assert!(
        text.contains(expected),
        "{line}: expected {expected:?} in:\n{text}"
    );
    assert!(
        !text.contains("database error") && !text.contains("rusqlite"),
        "internal detail leaked: {text}"
    );
    assert_eq!(bot.fingerprint(), before, "{line} changed the store");
}

#[test]
fn a_second_retraction_is_refused_and_changes_nothing() {
    let mut bot = Seeded::new();
    assert_eq!(
        bot.ask("/retract id:E2 reason:\"duplicate entry\"").kind,
        ReplyKind::Confirmation
    );
    let before = bot.fingerprint();
    let again = bot.ask("/retract id:E2 reason:\"again\"");
    assert_eq!(again.kind, ReplyKind::Error);
    assert!(
        text_of(&again).contains("was retracted on"),
        "{}",
        text_of(&again)
    );
    assert_eq!(bot.fingerprint(), before);
}
