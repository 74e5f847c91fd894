//! Community answers kept in memory (`src/core/kept_answers.rs`): the same
//! question is answered again without the store only while nothing was
//! committed since, by this process or another one on the same file, and
//! only on the same day and in the same language.

mod common;

use casewatch::adapters::console;
use casewatch::core::command::parse;
use casewatch::core::i18n::Locale;
use casewatch::core::reply::ReplyKind;
use casewatch::core::{Core, Invocation, Role};
use casewatch::store::Store;
use common::{text_of, Seeded, CASE};

const NEW_TEXT: &str = "Hernández Romero left Venezuela in May 2024.";

fn member_in(place: &str, locale: Locale) -> Invocation {
    Invocation {
        place: place.into(),
        ..console::invocation(Role::Member, locale)
    }
}

fn kept_text(core: &Core, invocation: &Invocation, line: &str) -> Option<String> {
    core.handle_kept(invocation, &parse(line).unwrap())
        .map(|kept| text_of(&kept.reply))
}

fn correct_e1(core: &Core) {
    let reply = core.handle_line(
        &console::invocation(Role::Moderator, Locale::En),
        &format!("/correct id:E1 text:\"{NEW_TEXT}\" reason:\"The court filing gives the month\" url:https://example.org/filing title:\"Court filing\" publication:\"Example Court News\" published:2025-10-05"),
    );
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{reply:?}");
}

#[test]
fn a_repeated_question_is_answered_from_memory_until_the_record_changes() {
    let bot = Seeded::new();
    let asker = member_in("discord:111/222", Locale::En);
    assert_eq!(
        kept_text(&bot.core, &asker, "/timeline"),
        None,
        "nothing is kept before the first answer"
    );
    let first = text_of(&bot.core.handle_line(&asker, "/timeline"));
    assert!(!first.contains(NEW_TEXT));
    assert_eq!(
        kept_text(&bot.core, &asker, "/timeline").as_deref(),
        Some(first.as_str())
    );

    correct_e1(&bot.core);
    assert_eq!(
        kept_text(&bot.core, &asker, "/timeline"),
        None,
        "a correction makes the kept answer stale"
    );
    let after = text_of(&bot.core.handle_line(&asker, "/timeline"));
    assert!(after.contains(NEW_TEXT), "{after}");
    assert_eq!(
        kept_text(&bot.core, &asker, "/timeline").as_deref(),
        Some(after.as_str())
    );
}

#[test]
fn a_write_by_another_process_on_the_same_file_makes_kept_answers_stale() {
    let bot = Seeded::new();
    let asker = member_in("matrix:!room:example.org", Locale::En);
    bot.core.handle_line(&asker, "/timeline");
    assert!(kept_text(&bot.core, &asker, "/timeline").is_some());

    // A second core on the same file, with connections of its own, as
    // `casewatch ask` or a second `serve` would have.
    let other = Core::new(Store::open(&bot.db_path()).unwrap(), CASE);
    correct_e1(&other);
    assert_eq!(kept_text(&bot.core, &asker, "/timeline"), None);
    let after = text_of(&bot.core.handle_line(&asker, "/timeline"));
    assert!(after.contains(NEW_TEXT), "{after}");
}

#[test]
fn a_kept_answer_serves_every_place_and_role_in_its_language_on_its_day() {
    let bot = Seeded::new();
    let asked = text_of(
        &bot.core
            .handle_line(&member_in("discord:111/222", Locale::En), "/case"),
    );
    let elsewhere = Invocation {
        place: "matrix:!other:example.org".into(),
        ..console::invocation(Role::Moderator, Locale::En)
    };
    assert_eq!(
        kept_text(&bot.core, &elsewhere, "/case").as_deref(),
        Some(asked.as_str())
    );
    assert_eq!(
        kept_text(
            &bot.core,
            &member_in("discord:111/222", Locale::Es),
            "/case"
        ),
        None,
        "Spanish is answered in Spanish"
    );
    assert_eq!(
        kept_text(&bot.core, &elsewhere, "/case case:andry-hernandez-romero"),
        None,
        "other options, another answer"
    );
    // `/case` counts the days of detention: a new day, a new answer.
    bot.clock.advance(chrono::Duration::days(1));
    assert_eq!(kept_text(&bot.core, &elsewhere, "/case"), None);
}

#[test]
fn editor_only_and_failed_answers_are_never_kept() {
    let bot = Seeded::new();
    let moderator = console::invocation(Role::Moderator, Locale::En);
    for line in ["/sources status:gone", "/help", "/timeline page:99"] {
        bot.core.handle_line(&moderator, line);
        assert_eq!(kept_text(&bot.core, &moderator, line), None, "{line}");
    }
}

#[test]
fn a_private_database_in_memory_keeps_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    for file in casewatch::dataset::case_files(&common::data_dir()).unwrap() {
        let case = casewatch::dataset::load(&file).unwrap();
        casewatch::dataset::import(&mut store, &case, "test").unwrap();
    }
    let core = Core::new(store, CASE);
    let asker = member_in("console", Locale::En);
    assert_eq!(
        core.handle_line(&asker, "/timeline").kind,
        ReplyKind::Answer
    );
    assert_eq!(kept_text(&core, &asker, "/timeline"), None);
}
