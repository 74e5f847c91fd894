//! Community commands against the curated dataset in a real SQLite file.

mod common;

use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Block, ReplyKind};
use casewatch::core::Role;
use common::{assert_answered, text_of, Seeded};
use rstest::rstest;

#[rstest]
#[case("/case", "Days detained: 323")]
#[case("/timeline", "2024-08-29")]
#[case("/timeline from:2025-07 to:2025-07", "prisoner swap")]
#[case("/timeline tag:court", "Alien Enemies Act")]
#[case("/quote takano", "stain on the moral fabric")]
#[case("/quote speaker:takano", "stain on the moral fabric")]
#[case("/quote garcía", "Robert Garcia")]
#[case("/quote hernandez", "Andry José Hernández Romero")]
#[case("/quote andry", "Andry José Hernández Romero")]
#[case("/quote text:crown", "The crown represents for me")]
#[case("/actions", "Special Order Hour")]
#[case("/actions status:denied", "El Salvador")]
#[case("/person garcia", "House Oversight")]
#[case("/person name:\"Mark Takano\"", "Bill to prohibit federal funding")]
#[case("/search crown tattoo", "crown")]
#[case("/search hernandez", "Hernández")]
#[case("/sources", "Bay Area Reporter")]
#[case("/sources S1", "Cited by")]
#[case("/cite E1", "To paste")]
#[case("/cite Q1", "Mark Takano")]
#[case("/help", "/timeline")]
#[case("/help quote", "speaker:")]
fn community_commands_answer_with_citations(#[case] line: &str, #[case] expected: &str) {
    let mut bot = Seeded::new();
    let reply = bot.ask_member(line);
    assert_answered(&reply, line);
    let text = text_of(&reply);
    assert!(
        text.contains(expected),
        "{line}: expected {expected:?} in\n{text}"
    );
    if reply.kind == ReplyKind::Answer {
        assert!(
            reply.facts().count() > 0,
            "{line} answered without a cited statement"
        );
        assert!(
            text.contains("\nSources\n[1] "),
            "{line}: no source list\n{text}"
        );
    }
}

#[test]
fn every_fact_in_every_answer_is_cited_and_sources_are_complete() {
    let mut bot = Seeded::new();
    for line in [
        "/case",
        "/timeline",
        "/timeline page:2",
        "/quote",
        "/quote page:3",
        "/actions",
        "/sources",
        "/search cecot",
        "/person andry",
    ] {
        let reply = bot.ask_member(line);
        for block in &reply.blocks {
            if let Block::Fact { cites, .. } = block {
                assert!(!cites.is_empty(), "{line}: an uncited fact");
            }
        }
        for source in &reply.sources {
            assert!(source.url.starts_with("http"), "{line}: {source:?}");
            assert!(
                !source.publication.is_empty()
                    && !source.title.is_empty()
                    && !source.published.is_empty()
            );
        }
    }
}

#[test]
fn a_sources_curator_note_is_cited_to_that_source() {
    let mut bot = Seeded::new();
    let text = text_of(&bot.ask_member("/sources S2"));
    let line = text
        .lines()
        .find(|l| l.contains("Exact address not captured"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.ends_with("[1]"), "{line}");
}

#[test]
fn disagreeing_figures_are_shown_side_by_side_each_cited() {
    let mut bot = Seeded::new();
    let text = text_of(&bot.ask_member("/case"));
    let at = text
        .find("Sources differ: venezuelans sent to cecot")
        .expect("a disagreement heading");
    let section = &text[at..];
    for stated in [
        "“252 Venezuelan men”",
        "“more than 250 Venezuelans”",
        "“over 200 men”",
    ] {
        let line = section
            .lines()
            .find(|l| l.contains(stated))
            .unwrap_or_else(|| panic!("{stated} missing"));
        assert!(
            line.contains(" [") && line.contains(']'),
            "{line} has no citation mark"
        );
    }
}

#[test]
fn an_ambiguous_surname_shows_each_person_and_an_unknown_one_suggests() {
    let mut bot = Seeded::new();
    let both = text_of(&bot.ask_member("/quote romero"));
    assert!(
        both.contains("matches Andry José Hernández Romero and Alexis Romero"),
        "{both}"
    );
    let unknown = bot.ask_member("/quote takana");
    assert_eq!(unknown.kind, ReplyKind::Error);
    assert!(text_of(&unknown).contains("Did you mean Mark Takano?"));
}

#[test]
fn pages_cover_every_entry_once_and_past_the_end_is_refused() {
    let mut bot = Seeded::new();
    let first = bot.ask_member("/timeline");
    let paging = first.paging.expect("the seed timeline spans pages");
    let mut seen = Vec::new();
    for page in 1..=paging.pages {
        let reply = bot.ask_member(&format!("/timeline page:{page}"));
        for block in &reply.blocks {
            if let Block::Fact {
                record: Some(r), ..
            } = block
            {
                assert!(!seen.contains(r), "{r} shown twice");
                seen.push(r.clone());
            }
        }
    }
    assert_eq!(seen.len() as u64, paging.total);
    let past = bot.ask_member(&format!("/timeline page:{}", paging.pages + 1));
    assert_eq!(past.kind, ReplyKind::Error);
    assert!(text_of(&past).contains(&format!("There are only {} page(s)", paging.pages)));
}

/// `/actions` answers ten a page, like the other lists: every action once
/// across the pages, the reply says how to see the next page, a status
/// filter pages over what it keeps, and a page past the end is refused in
/// the user's language without changing anything.
#[test]
fn actions_come_ten_a_page_and_past_the_end_is_refused() {
    let mut bot = Seeded::new();
    for n in 1..=7 {
        let added = bot.ask(&format!(
            "/action add kind:letter name:\"Letter {n} on the detention\" summary:\"Members wrote letter {n}.\" led_by:\"Mark Takano\" status:introduced source:1"
        ));
        assert_eq!(added.kind, ReplyKind::Confirmation, "{}", text_of(&added));
    }
    let first = bot.ask_member("/actions");
    let paging = first.paging.expect("thirteen actions span two pages");
    assert_eq!((paging.pages, paging.total), (2, 13));
    assert!(
        text_of(&first).contains("Add page:2 for more"),
        "{}",
        text_of(&first)
    );
    let mut seen = Vec::new();
    for page in 1..=paging.pages {
        let reply = bot.ask_member(&format!("/actions page:{page}"));
        assert_answered(&reply, "/actions");
        // An action's status lines carry its id too: count each id once
        // per page, and never on two pages.
        let mut on_page: Vec<String> = Vec::new();
        for block in &reply.blocks {
            if let Block::Fact {
                record: Some(r), ..
            } = block
            {
                if r.starts_with('A') && !on_page.contains(r) {
                    on_page.push(r.clone());
                }
            }
        }
        for r in on_page {
            assert!(!seen.contains(&r), "{r} on two pages");
            seen.push(r);
        }
    }
    assert_eq!(seen.len(), 13, "{seen:?}");
    // The filter is applied before paging: the seven new letters (current
    // status "introduced") fit one page, which holds all of them.
    let introduced = bot.ask_member("/actions status:introduced");
    assert!(introduced.paging.is_none());
    let text = text_of(&introduced);
    for n in 1..=7 {
        assert!(
            text.contains(&format!("Letter {n} on the detention")),
            "{text}"
        );
    }

    let before = bot.fingerprint();
    for (locale, expected) in [
        (Locale::En, "There are only 2 page(s)"),
        (Locale::Es, "Solo hay 2 página(s)"),
    ] {
        let past = bot.ask_as(Role::Member, locale, "/actions page:3");
        assert_eq!(past.kind, ReplyKind::Error);
        assert!(text_of(&past).contains(expected), "{}", text_of(&past));
    }
    assert_eq!(bot.fingerprint(), before);
}

#[test]
fn nothing_found_is_a_polite_empty_answer() {
    let mut bot = Seeded::new();
    for line in [
        "/search zzzyzx",
        "/timeline from:2030",
        "/timeline tag:nonexistent",
    ] {
        let reply = bot.ask_member(line);
        assert_eq!(reply.kind, ReplyKind::Empty, "{line}");
        assert!(reply.facts().count() == 0);
    }
    let tags = text_of(&bot.ask_member("/timeline tag:nonexistent"));
    assert!(tags.contains("tags in use:"), "{tags}");
}

#[test]
fn spanish_replies_translate_the_bot_and_keep_the_sources_words() {
    let mut bot = Seeded::new();
    let reply = bot.ask_as(Role::Member, Locale::Es, "/actions");
    let text = casewatch::render::text::render(&reply, Locale::Es);
    assert!(text.contains("Acciones del Congreso"), "{text}");
    assert!(text.contains("Fuentes\n[1]"), "{text}");
    assert!(
        text.contains("Special Order Hour"),
        "records keep their language: {text}"
    );
}

#[test]
fn the_case_card_computes_days_from_stored_dates_and_cites_both() {
    let mut bot = Seeded::new();
    let reply = bot.ask_member("/case");
    let days = reply
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Fact { spans, cites, .. }
                if spans.iter().any(|s| s.text.starts_with("Days detained")) =>
            {
                Some(cites.clone())
            }
            _ => None,
        })
        .expect("a days-detained line");
    assert!(
        days.len() >= 2,
        "cited to the sources of both dates: {days:?}"
    );
}

/// Autocomplete reads a choice list from the store once; the keystrokes
/// that follow are matched in memory and give what the store would give.
#[test]
fn later_keystrokes_are_matched_from_the_list_read_for_the_first() {
    let bot = Seeded::new();
    for (command, option, first, next) in [
        ("quote", "speaker", "t", "taka"),
        ("timeline", "tag", "", "rel"),
        ("sources", "id", "S", "ap"),
        ("cite", "id", "", "tattoo"),
    ] {
        assert_eq!(
            bot.core.complete_kept(command, option, next),
            None,
            "nothing read yet"
        );
        bot.core.complete(command, option, first);
        let kept = bot.core.complete_kept(command, option, next);
        assert_eq!(
            kept,
            Some(bot.core.complete(command, option, next)),
            "/{command} {option}:{next}"
        );
        assert!(
            !kept.unwrap().is_empty(),
            "/{command} {option}:{next} offers something"
        );
    }
    // A whole record id is the store's to check.
    bot.core.complete("cite", "id", "");
    assert_eq!(bot.core.complete_kept("cite", "id", "E1"), None);
}
