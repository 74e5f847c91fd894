//! The right to change a record is the record's own case's: an editor of
//! one case cannot change another case's record by naming its id, from
//! any command that takes one (`/correct`, `/retract`, `/action status`,
//! `/action bill`, `/source archive`).

mod common;

use casewatch::core::date::PartialDate;
use casewatch::core::i18n::Locale;
use casewatch::core::reply::ReplyKind;
use casewatch::core::trust::{self, Grantee};
use casewatch::core::{Actor, Invocation, Role};
use casewatch::store::{CaseRow, NewAction, NewEvent, NewSource};
use common::{text_of, Seeded, CASE};

const OTHER: &str = "other-case";

fn moderator_in(guild: &str) -> Invocation {
    Invocation {
        actor: Actor {
            id: "discord:5".into(),
            display: "mod".into(),
            role: Role::Moderator,
        },
        place: format!("discord:{guild}/555"),
        locale: Locale::En,
    }
}

fn grant(bot: &mut Seeded, case: &str, grantee: &str) {
    let grantee: Grantee = grantee.parse().unwrap();
    trust::grant(&mut bot.core.store_mut(), case, &grantee, "console:local").unwrap();
}

/// A second case with one event, one bill action and their source.
fn second_case(bot: &mut Seeded) -> (i64, i64, i64) {
    bot.core
        .store_mut()
        .write("test", |w| {
            let case_id = w.insert_case(&CaseRow {
                id: 0,
                key: OTHER.into(),
                title: "Another case".into(),
                subject_key: "someone".into(),
                summary: "A case.".into(),
                status: "Open.".into(),
                detained_from_key: None,
                detained_until_key: None,
            })?;
            let source = w.insert_source(
                case_id,
                &NewSource {
                    key: "s".into(),
                    publication: "Example Daily".into(),
                    title: "A report".into(),
                    author: None,
                    published: "2025-05-01".parse().unwrap(),
                    url: "https://example.org/report".into(),
                    url_exact: true,
                    archive_url: None,
                    note: None,
                },
            )?;
            w.cite("case_summary", case_id, &[source])?;
            w.cite("case_status", case_id, &[source])?;
            let event = w.insert_event(
                case_id,
                &NewEvent {
                    key: "e".into(),
                    date: "2025-03".parse::<PartialDate>().unwrap(),
                    text: "Something happened".into(),
                    tags: Vec::new(),
                    people: Vec::new(),
                    sources: vec![source],
                },
            )?;
            let action = w.insert_action(
                case_id,
                &NewAction {
                    key: "a".into(),
                    kind: "bill".into(),
                    title: "A bill".into(),
                    led_by: Vec::new(),
                    co_led_by: Vec::new(),
                    date: None,
                    reference: None,
                    summary: "It asks".into(),
                    sources: vec![source],
                    statuses: Vec::new(),
                },
            )?;
            Ok((event, action, source))
        })
        .unwrap()
}

#[test]
fn an_editor_of_one_case_cannot_change_another_case_s_record_by_its_id() {
    let mut bot = Seeded::new();
    let (event, action, source) = second_case(&mut bot);
    // This server edits the seeded case, not the other one.
    grant(&mut bot, CASE, "discord:111");
    let inv = moderator_in("111");
    let before = bot.fingerprint();
    for line in [
        format!("/retract id:E{event} reason:\"x\""),
        format!("/correct id:E{event} text:\"Other words\" reason:\"x\" source:S{source}"),
        format!("/action status id:A{action} status:passed reason:\"x\" source:S{source}"),
        format!("/action bill id:A{action} bill:\"H.R. 4001\" reason:\"x\" source:S{source}"),
        format!("/source archive id:S{source} url:https://web.archive.org/web/2025/x"),
        format!("/source archive id:{source} url:https://web.archive.org/web/2025/x"),
    ] {
        let reply = bot.core.handle_line(&inv, &line);
        assert_eq!(reply.kind, ReplyKind::Error, "{line}: {}", text_of(&reply));
        let said = text_of(&reply);
        assert!(
            said.contains("“Another case”")
                && said.contains("casewatch editors add discord:111 --case other-case"),
            "{line}: {said}"
        );
    }
    assert_eq!(bot.fingerprint(), before, "nothing changed");

    // Naming the seeded case does not help: the record is not in it.
    let reply = bot.core.handle_line(
        &inv,
        &format!("/source archive id:S{source} url:https://web.archive.org/web/2025/x case:{CASE}"),
    );
    assert_eq!(reply.kind, ReplyKind::Error);
    assert!(
        text_of(&reply).contains(&format!("S{source}")),
        "{}",
        text_of(&reply)
    );
    assert_eq!(bot.fingerprint(), before);

    // Granted for the other case, the same server may.
    grant(&mut bot, OTHER, "discord:111");
    let reply = bot.core.handle_line(
        &inv,
        &format!("/retract id:E{event} reason:\"A duplicate\""),
    );
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));

    // Its links lead to the record's own case, though `case:` was not given.
    let site =
        casewatch::core::Core::new(casewatch::store::Store::open(&bot.db_path()).unwrap(), CASE)
            .with_public_url(Some("https://casewatch.example.org".into()));
    let reply = site.handle_line(
        &inv,
        &format!("/source archive id:S{source} url:https://web.archive.org/web/2025/y"),
    );
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    assert_eq!(
        reply.permalinks.as_deref(),
        Some("https://casewatch.example.org/other-case/r/")
    );
}
