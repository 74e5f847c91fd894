//! The exact text users see, reviewed as snapshots: a change to wording,
//! citation numbering or the source list shows up in review.

mod common;

use casewatch::core::i18n::Locale;
use casewatch::core::Role;
use casewatch::render::text::render;
use common::Seeded;

fn snapshot(line: &str, locale: Locale) -> String {
    let mut bot = Seeded::new();
    let reply = bot.ask_as(Role::Member, locale, line);
    format!("$ {line}\n{}", render(&reply, locale))
}

#[test]
fn case_card() {
    insta::assert_snapshot!(snapshot("/case", Locale::En));
}

#[test]
fn quote_takano() {
    insta::assert_snapshot!(snapshot("/quote takano", Locale::En));
}

#[test]
fn timeline_first_page() {
    insta::assert_snapshot!(snapshot("/timeline", Locale::En));
}

#[test]
fn search_crown_tattoo() {
    insta::assert_snapshot!(snapshot("/search crown tattoo", Locale::En));
}

#[test]
fn actions_in_spanish() {
    insta::assert_snapshot!(snapshot("/actions", Locale::Es));
}

#[test]
fn cite_a_second_hand_quote() {
    let bot = Seeded::new();
    let id = bot
        .core
        .store()
        .quotes(1, None, None, false, 0, 1000)
        .unwrap()
        .0
        .into_iter()
        .find(|q| q.relay == casewatch::core::model::Relay::SecondHand)
        .expect("a second-hand quote")
        .id;
    insta::assert_snapshot!(snapshot(&format!("/cite Q{id}"), Locale::En));
}

#[test]
fn help_for_quote() {
    insta::assert_snapshot!(snapshot("/help quote", Locale::En));
}

#[test]
fn reply_document_json() {
    let mut bot = Seeded::new();
    let reply = bot.ask_member("/quote takano");
    insta::assert_snapshot!(serde_json::to_string_pretty(&reply).unwrap());
}
