//! `/history`: a record's life, every line cited to the evidence of that
//! change, with who made it and where, in both languages.

mod common;

use casewatch::adapters::console;
use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Block, ReplyKind};
use casewatch::core::{Invocation, Role};
use casewatch::render::text::render;
use common::Seeded;
use rstest::rstest;

/// Change times come from the real clock; snapshots show them as `[at]`.
fn without_times(text: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let candidate: String = chars[i..(i + 20).min(chars.len())].iter().collect();
        let is_time = candidate.len() == 20
            && candidate.char_indices().all(|(n, c)| match n {
                4 | 7 => c == '-',
                10 => c == 'T',
                13 | 16 => c == ':',
                19 => c == 'Z',
                _ => c.is_ascii_digit(),
            });
        if is_time {
            out.push_str("[at]");
            i += 20;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// E1 corrected from a Discord channel with a new source.
fn corrected() -> Seeded {
    let mut bot = Seeded::new();
    bot.grant("discord:111");
    let invocation = Invocation {
        place: "discord:111/222".into(),
        ..console::invocation(Role::Moderator, Locale::En)
    };
    let reply = bot.core.handle_line(&invocation, "/correct id:E1 text:\"Hernández Romero left Venezuela in May 2024.\" reason:\"The court filing gives the month\" url:https://example.org/filing title:\"Court filing\" publication:\"Example Court News\" published:2025-10-05");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{reply:?}");
    bot
}

#[rstest]
#[case::english(
    Locale::En,
    "Corrected [at] by console:local in discord:111/222: ",
    " became ",
    "Why: The court filing gives the month"
)]
#[case::spanish(
    Locale::Es,
    "Corregido el [at] por console:local en discord:111/222: ",
    " pasó a ",
    "Motivo: The court filing gives the month"
)]
fn a_corrections_history_shows_old_and_new_text_reason_who_where_and_source(
    #[case] locale: Locale,
    #[case] who_where: &str,
    #[case] became: &str,
    #[case] why: &str,
) {
    let mut bot = corrected();
    let old = "Hernández Romero left Venezuela for the U.S., citing his political views and his homosexuality as reasons to seek asylum. His hometown is Capacho, Venezuela, which is known for its celebration of Epiphany, the Catholic holy day when three wise men visited Jesus Christ.";
    let reply = bot.ask_as(Role::Member, locale, "/history E1");
    assert_eq!(reply.kind, ReplyKind::Answer);
    let text = without_times(&render(&reply, locale));
    assert!(text.contains(who_where), "{text}");
    assert!(
        text.contains(&format!(
            "“{old}”{became}“Hernández Romero left Venezuela in May 2024.”"
        )),
        "{text}"
    );
    assert!(text.contains(why), "{text}");
    // The correction's line cites the source it brought, and only that one.
    let line = reply
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Fact { spans, cites, .. }
                if spans.iter().any(|s| s.text.contains("discord:111/222")) =>
            {
                Some(cites.clone())
            }
            _ => None,
        })
        .expect("a correction line");
    let cited: Vec<&str> = line
        .iter()
        .map(|n| reply.sources[n - 1].title.as_str())
        .collect();
    assert_eq!(cited, ["Court filing"]);
}

#[test]
fn the_history_of_a_corrected_record() {
    let mut bot = corrected();
    let reply = bot.ask_member("/history E1");
    insta::assert_snapshot!(without_times(&render(&reply, Locale::En)));
}

#[test]
fn an_actions_history_shows_each_status_change_cited_to_its_source() {
    let mut bot = Seeded::new();
    bot.ask("/action status id:A1 status:passed date:2026-01 reason:\"Floor vote\" url:https://example.org/vote title:\"House passes bill\" publication:\"Example Wire\" published:2026-01-15");
    bot.ask("/retract id:A1 reason:\"Duplicate of another action\"");
    let reply = bot.ask_member("/history A1");
    let text = without_times(&render(&reply, Locale::En));
    assert!(
        text.contains("Status introduced → passed, recorded [at] by console:local in console. Why: Floor vote"),
        "{text}"
    );
    assert!(
        text.contains(
            "Retracted [at] by console:local in console. Why: Duplicate of another action"
        ),
        "{text}"
    );
    let status_line = text
        .lines()
        .find(|l| l.contains("introduced → passed"))
        .unwrap();
    let wire = text
        .lines()
        .find(|l| l.contains("Example Wire, “House passes bill”"))
        .and_then(|l| l.split(']').next())
        .map(|n| format!("{n}]"))
        .unwrap();
    assert!(status_line.contains(&wire), "{status_line} cites {wire}");
}

#[test]
fn history_is_for_everyone_and_its_id_autocompletes_like_cite() {
    let mut bot = Seeded::new();
    let spec = casewatch::core::command::spec("history").unwrap();
    assert!(!spec.moderator);
    assert!(spec.option("id").unwrap().autocomplete);
    let choices = bot.core.complete("history", "id", "E1");
    assert!(
        choices.iter().any(|(_, value)| value == "E1"),
        "{choices:?}"
    );
    let help = render(&bot.ask_member("/help"), Locale::En);
    assert!(help.contains("/history id:…"), "{help}");
}

/// An import records the file's path in the audit log; answers (and the
/// public site, which shows them) name the file alone, never where it
/// lies on the server.
#[test]
fn an_import_is_shown_by_file_name_not_by_server_path() {
    use casewatch::dataset;
    use casewatch::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("casewatch.sqlite3")).unwrap();
    let file = common::data_dir().join("andry-hernandez-romero.toml");
    let case = dataset::load(&file).unwrap();
    dataset::import(
        &mut store,
        &case,
        "/srv/private/casewatch/data/andry-hernandez-romero.toml",
    )
    .unwrap();
    let core = casewatch::core::Core::new(store, common::CASE);
    let reply = core.handle_line(
        &console::invocation(Role::Member, Locale::En),
        "/history id:E1",
    );
    assert_eq!(reply.kind, ReplyKind::Answer, "{reply:?}");
    let text = render(&reply, Locale::En);
    assert!(
        text.contains("by import:andry-hernandez-romero.toml"),
        "{text}"
    );
    assert!(!text.contains("/srv/private"), "{text}");
}
