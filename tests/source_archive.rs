//! `/source archive id: url:`: an editor sets a source's archived copy by
//! hand, audited with who and where; bad input is refused in the user's
//! language and changes nothing; an ungranted place cannot use it.

mod common;

use casewatch::core::i18n::Locale;
use casewatch::core::reply::ReplyKind;
use casewatch::core::{Actor, Invocation, Role};
use common::{text_of, Seeded};
use rstest::rstest;

const COPY: &str = "https://web.archive.org/web/20250921000000/https://www.advocate.com/politics/andry-hernandez-romero-mark-takano";

fn archive_of(bot: &Seeded, id: i64) -> Option<String> {
    bot.core.store().source(id).unwrap().unwrap().1.archive_url
}

#[test]
fn an_editor_sets_and_then_replaces_an_archived_copy_both_audited() {
    let mut bot = Seeded::new();
    assert_eq!(archive_of(&bot, 1), None);
    let reply = bot.ask(&format!("/source archive id:S1 url:{COPY}"));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let text = text_of(&reply);
    assert!(text.contains("Archived copy set"), "{text}");
    assert!(text.contains(COPY), "{text}");
    assert_eq!(archive_of(&bot, 1).as_deref(), Some(COPY));

    let other = "https://archive.ph/abcde";
    let reply = bot.ask(&format!("/source archive S1 {other}"));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    assert!(
        text_of(&reply).contains(&format!("It replaces {COPY}")),
        "{}",
        text_of(&reply)
    );
    assert_eq!(archive_of(&bot, 1).as_deref(), Some(other));
    // `#S1`, as answers print ids, names the same source.
    let third = "https://archive.ph/fghij";
    let reply = bot.ask(&format!("/source archive id:#S1 url:{third}"));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    assert_eq!(archive_of(&bot, 1).as_deref(), Some(third));

    let audit = bot.core.store().audit_of("sources", 1).unwrap();
    let archives: Vec<_> = audit.iter().filter(|e| e.action == "archive").collect();
    assert_eq!(archives.len(), 3);
    for entry in &archives {
        assert_eq!(entry.actor, "console:local");
        assert_eq!(entry.place.as_deref(), Some("console"));
    }
    assert!(archives[1].before.as_deref().unwrap().contains(COPY));
    assert!(archives[1].after.as_deref().unwrap().contains(other));
    assert!(archives[2].after.as_deref().unwrap().contains(third));
}

#[rstest]
#[case::not_a_source(
    "/source archive id:E3 url:https://archive.ph/x",
    Locale::En,
    "id:E3 is not a source id"
)]
#[case::no_such_source(
    "/source archive id:S999 url:https://archive.ph/x",
    Locale::En,
    "There is no source S999 in this case"
)]
#[case::not_web(
    "/source archive id:S1 url:ftp://archive.example/x",
    Locale::En,
    "“url:ftp://archive.example/x” is not valid: only http:// and https:// addresses are accepted"
)]
#[case::not_web_es(
    "/source archive id:S1 url:ftp://archive.example/x",
    Locale::Es,
    "«url:ftp://archive.example/x» no es válido: solo se aceptan direcciones http:// y https://"
)]
#[case::no_url(
    "/source archive id:S1",
    Locale::En,
    "/source archive needs url:. Usage: /source archive id:… url:… [case:]"
)]
#[case::its_own_address(
    "/source archive id:S1 url:https://www.advocate.com/politics/andry-hernandez-romero-mark-takano",
    Locale::En,
    "That is the address of S1 itself"
)]
#[case::its_own_address_es(
    "/source archive id:S1 url:https://www.advocate.com/politics/andry-hernandez-romero-mark-takano",
    Locale::Es,
    "Esa es la dirección de S1"
)]
#[case::not_a_source_es(
    "/source archive id:E3 url:https://archive.ph/x",
    Locale::Es,
    "id:E3 no es un id de fuente"
)]
fn bad_input_is_refused_politely_and_changes_nothing(
    #[case] line: &str,
    #[case] locale: Locale,
    #[case] expected: &str,
) {
    let mut bot = Seeded::new();
    let before = bot.fingerprint();
    let reply = bot.ask_as(Role::Moderator, locale, line);
    assert_eq!(reply.kind, ReplyKind::Error, "{line}");
    let text = casewatch::render::text::render(&reply, locale);
    assert!(text.contains(expected), "{line}: {text}");
    assert_eq!(bot.fingerprint(), before, "{line} changed the store");
}

#[test]
fn the_same_copy_again_changes_nothing() {
    let mut bot = Seeded::new();
    bot.ask(&format!("/source archive id:S1 url:{COPY}"));
    let before = bot.fingerprint();
    let reply = bot.ask(&format!("/source archive id:S1 url:{COPY}"));
    assert_eq!(reply.kind, ReplyKind::Error);
    assert!(
        text_of(&reply).contains("already the archived copy of S1"),
        "{}",
        text_of(&reply)
    );
    assert_eq!(bot.fingerprint(), before);
}

#[test]
fn only_the_case_editors_may_set_one() {
    let mut bot = Seeded::new();
    let before = bot.fingerprint();
    let member = bot.ask_member(&format!("/source archive id:S1 url:{COPY}"));
    assert_eq!(member.kind, ReplyKind::Error);
    let moderator = Invocation {
        actor: Actor {
            id: "discord:77".into(),
            display: "77".into(),
            role: Role::Moderator,
        },
        place: "discord:123456789012345678/555".into(),
        locale: Locale::En,
    };
    let line = format!("/source archive id:S1 url:{COPY}");
    let reply = bot.core.handle_line(&moderator, &line);
    assert_eq!(reply.kind, ReplyKind::Error);
    assert!(
        text_of(&reply).contains("casewatch editors add discord:123456789012345678"),
        "{}",
        text_of(&reply)
    );
    assert_eq!(bot.fingerprint(), before);
    // Granted, the same moderator may.
    bot.grant("discord:123456789012345678");
    let reply = bot.core.handle_line(&moderator, &line);
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let audit = bot.core.store().audit_of("sources", 1).unwrap();
    let entry = audit.iter().rev().find(|e| e.action == "archive").unwrap();
    assert_eq!(entry.actor, "discord:77");
}

#[test]
fn its_id_option_completes_with_the_case_sources() {
    let bot = Seeded::new();
    let offered = bot.core.complete("source archive", "id", "advocate");
    assert!(
        offered
            .iter()
            .any(|(label, value)| value == "S1" && label.contains("The Advocate")),
        "{offered:?}"
    );
    assert!(
        offered.iter().all(|(_, value)| value.starts_with('S')),
        "{offered:?}"
    );
}
