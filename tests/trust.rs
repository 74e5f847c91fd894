//! One record, many communities: reading is open everywhere, changing a
//! case's record is for its editors only (granted per case, never taken
//! from the place a command is typed in), and `/suggest` is open to all
//! within limits that switching channels does not get around. Invocations
//! are built as the Discord and Matrix adapters build them.

mod common;

use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Reply, ReplyKind};
use casewatch::core::trust::{self, GrantChange, Grantee};
use casewatch::core::{Actor, Invocation, Role, SuggestLimits};
use common::{text_of, Seeded, CASE};
use rstest::rstest;

const GUILD: &str = "123456789012345678";

fn discord(user: &str, guild: Option<&str>, role: Role, locale: Locale) -> Invocation {
    Invocation {
        actor: Actor {
            id: format!("discord:{user}"),
            display: user.into(),
            role,
        },
        place: match guild {
            Some(g) => format!("discord:{g}/555"),
            None => "discord:dm/556".into(),
        },
        locale,
    }
}

fn matrix(user: &str, room: &str, role: Role) -> Invocation {
    Invocation {
        actor: Actor {
            id: format!("matrix:{user}"),
            display: user.into(),
            role,
        },
        place: format!("matrix:{room}"),
        locale: Locale::En,
    }
}

fn grant(bot: &mut Seeded, grantee: &str) {
    let grantee: Grantee = grantee.parse().unwrap();
    let change = trust::grant(&mut bot.core.store_mut(), CASE, &grantee, "console:local").unwrap();
    assert_eq!(change, GrantChange::Done);
}

fn ask(bot: &mut Seeded, inv: &Invocation, line: &str) -> Reply {
    let reply = bot.core.handle_line(inv, line);
    reply.check_citations().unwrap();
    reply
}

fn render(reply: &Reply, loc: Locale) -> String {
    casewatch::render::text::render(reply, loc)
}

const RETRACT: &str = "/retract id:E19 reason:\"I say so\"";

#[rstest]
#[case::discord_server_moderator(
    discord("77", Some(GUILD), Role::Moderator, Locale::En),
    "This server can read the record of “Andry José Hernández Romero” and /suggest updates, but it cannot change it, so /retract changed nothing. The bot's operator can grant this server's moderators the right to edit with: casewatch editors add discord:123456789012345678 --case andry-hernandez-romero"
)]
#[case::discord_server_moderator_es(
    discord("77", Some(GUILD), Role::Moderator, Locale::Es),
    "Este servidor puede leer el registro de «Andry José Hernández Romero» y proponer novedades con /suggest, pero no cambiarlo, así que /retract no cambió nada. El operador del bot puede dar a los moderadores de este servidor el derecho a editar con: casewatch editors add discord:123456789012345678 --case andry-hernandez-romero"
)]
#[case::discord_dm(
    discord("77", None, Role::Member, Locale::En),
    "The bot's operator can grant you the right to edit with: casewatch editors add discord-user:77 --case andry-hernandez-romero"
)]
#[case::matrix_room_creator(
    matrix("@creator:example.org", "!new:example.org", Role::Moderator),
    "This room can read the record of “Andry José Hernández Romero” and /suggest updates, but it cannot change it, so /retract changed nothing. The bot's operator can grant this room's moderators the right to edit with: casewatch editors add matrix:!new:example.org --case andry-hernandez-romero"
)]
fn a_write_from_a_place_nobody_granted_is_refused_and_changes_nothing(
    #[case] inv: Invocation,
    #[case] expected: &str,
) {
    let mut bot = Seeded::new();
    let before = bot.fingerprint();
    let reply = ask(&mut bot, &inv, RETRACT);
    assert_eq!(reply.kind, ReplyKind::Error);
    assert!(reply.ephemeral);
    let text = render(&reply, inv.locale);
    assert!(text.contains(expected), "{text}");
    assert_eq!(
        bot.fingerprint(),
        before,
        "a refused write changed the store"
    );
    // The release is still in every community's timeline.
    let timeline = text_of(&ask(&mut bot, &inv, "/cite E19"));
    assert!(!timeline.contains("retracted"), "{timeline}");
}

#[rstest]
#[case::update("/update add date:2025-10-01 text:\"x happened\" source:S1")]
#[case::quote("/quote add speaker:takano text:\"words\" source:S2")]
#[case::action("/action add kind:letter name:\"A letter\" summary:\"It asks\" source:S2")]
#[case::status("/action status id:A1 status:passed reason:\"x\" source:S2")]
#[case::source("/source add url:https://example.org/n title:t publication:p published:2025")]
#[case::correct("/correct id:E1 text:\"other words\" reason:\"typo\" source:S1")]
#[case::retract("/retract id:E1 reason:\"x\"")]
#[case::review("/review")]
fn every_record_write_needs_a_grant(#[case] line: &str) {
    let mut bot = Seeded::new();
    let before = bot.fingerprint();
    let inv = discord("77", Some(GUILD), Role::Moderator, Locale::En);
    let reply = ask(&mut bot, &inv, line);
    assert_eq!(reply.kind, ReplyKind::Error, "{line}: {}", text_of(&reply));
    assert!(
        text_of(&reply).contains("casewatch editors add discord:"),
        "{line}"
    );
    assert_eq!(bot.fingerprint(), before, "{line} changed the store");
}

#[test]
fn a_granted_server_s_moderators_write_cited_and_audited_and_its_members_do_not() {
    let mut bot = Seeded::new();
    grant(&mut bot, &format!("discord:{GUILD}"));
    let member = discord("78", Some(GUILD), Role::Member, Locale::En);
    let before = bot.fingerprint();
    let refused = ask(
        &mut bot,
        &member,
        "/update add date:2025-10-01 text:x source:S1",
    );
    assert_eq!(refused.kind, ReplyKind::Error);
    assert!(text_of(&refused).contains("/update add is for moderators, and nothing was changed. Members can propose one with /suggest"));
    assert_eq!(bot.fingerprint(), before);

    let moderator = discord("77", Some(GUILD), Role::Moderator, Locale::En);
    let landed = ask(
        &mut bot,
        &moderator,
        "/update add date:2025-10-01 text:\"A vigil was held\" source:S1",
    );
    assert_eq!(landed.kind, ReplyKind::Confirmation, "{}", text_of(&landed));
    let log = bot.core.store().audit_since(0, u64::MAX >> 1).unwrap();
    let entry = log.last().unwrap();
    assert_eq!(
        (entry.action.as_str(), entry.kind.as_str()),
        ("insert", "events")
    );
    assert_eq!(entry.actor, "discord:77");
    let id = entry.record_id.unwrap();
    let cite = text_of(&ask(&mut bot, &member, &format!("/cite E{id}")));
    assert!(
        cite.contains("A vigil was held") && cite.contains("[1]"),
        "{cite}"
    );

    // Another server gets nothing from this grant.
    let elsewhere = discord("77", Some("999"), Role::Moderator, Locale::En);
    assert_eq!(ask(&mut bot, &elsewhere, RETRACT).kind, ReplyKind::Error);
}

#[test]
fn a_granted_person_edits_from_anywhere_and_a_revoked_grant_stops_at_once() {
    let mut bot = Seeded::new();
    grant(&mut bot, "discord-user:77");
    let dm = discord("77", None, Role::Member, Locale::En);
    let reply = ask(&mut bot, &dm, "/retract id:E2 reason:\"duplicate\"");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));

    let grantee: Grantee = "discord-user:77".parse().unwrap();
    trust::revoke(&mut bot.core.store_mut(), CASE, &grantee, "console:local").unwrap();
    let before = bot.fingerprint();
    assert_eq!(
        ask(&mut bot, &dm, "/retract id:E3 reason:\"x\"").kind,
        ReplyKind::Error
    );
    assert_eq!(bot.fingerprint(), before);
}

#[test]
fn matrix_grants_cover_a_room_s_moderators_or_one_user() {
    let mut bot = Seeded::new();
    grant(&mut bot, "matrix:!ours:example.org");
    grant(&mut bot, "matrix-user:@ana:example.org");
    let moderator = matrix("@mod:example.org", "!ours:example.org", Role::Moderator);
    assert_eq!(
        ask(&mut bot, &moderator, "/retract id:E2 reason:\"x\"").kind,
        ReplyKind::Confirmation
    );
    let member = matrix("@bob:example.org", "!ours:example.org", Role::Member);
    assert_eq!(
        ask(&mut bot, &member, "/retract id:E3 reason:\"x\"").kind,
        ReplyKind::Error
    );
    let ana_elsewhere = matrix("@ana:example.org", "!theirs:example.org", Role::Member);
    assert_eq!(
        ask(&mut bot, &ana_elsewhere, "/retract id:E3 reason:\"x\"").kind,
        ReplyKind::Confirmation
    );
}

#[test]
fn reading_and_a_place_s_own_digest_need_no_grant() {
    let mut bot = Seeded::new();
    let moderator = discord("77", Some(GUILD), Role::Moderator, Locale::En);
    for line in [
        "/timeline",
        "/quote takano",
        "/case",
        "/sources",
        "/cite E19",
    ] {
        assert_ne!(
            ask(&mut bot, &moderator, line).kind,
            ReplyKind::Error,
            "{line}"
        );
    }
    let subscribed = ask(
        &mut bot,
        &moderator,
        "/digest subscribe time:08:00 timezone:Europe/Madrid",
    );
    assert_eq!(
        subscribed.kind,
        ReplyKind::Confirmation,
        "{}",
        text_of(&subscribed)
    );
    let member = discord("78", Some(GUILD), Role::Member, Locale::En);
    let refused = ask(&mut bot, &member, "/digest unsubscribe");
    assert!(text_of(&refused).contains("/digest unsubscribe is for moderators"));
}

fn suggestion(n: usize) -> String {
    format!("/suggest date:2025-11 text:\"Proposal number {n}\" source:S1")
}

#[test]
fn suggestions_are_open_to_all_but_a_person_has_at_most_five_waiting_wherever_they_type() {
    let mut bot = Seeded::new();
    for (n, guild) in ["1", "2", "3", "4", "5"].into_iter().enumerate() {
        let inv = discord("77", Some(guild), Role::Member, Locale::En);
        let reply = ask(&mut bot, &inv, &suggestion(n));
        assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    }
    let before = bot.fingerprint();
    for loc in [Locale::En, Locale::Es] {
        let inv = discord("77", Some("6"), Role::Member, loc);
        let reply = ask(&mut bot, &inv, &suggestion(6));
        assert_eq!(reply.kind, ReplyKind::Error);
        let text = render(&reply, loc);
        assert!(
            text.contains(loc.pick(
                "You already have 5 suggestions waiting for review",
                "Ya tienes 5 propuestas esperando revisión",
            )),
            "{text}"
        );
    }
    assert_eq!(bot.fingerprint(), before);
    // Once an editor decides on one, the person may suggest again.
    let console = casewatch::adapters::console::invocation(Role::Moderator, Locale::En);
    let decided = ask(
        &mut bot,
        &console,
        "/review id:1 decision:reject reason:\"unsourced\"",
    );
    assert_eq!(
        decided.kind,
        ReplyKind::Confirmation,
        "{}",
        text_of(&decided)
    );
    let inv = discord("77", Some("6"), Role::Member, Locale::En);
    assert_eq!(
        ask(&mut bot, &inv, &suggestion(7)).kind,
        ReplyKind::Confirmation
    );
}

#[test]
fn a_place_sends_at_most_its_hourly_number_of_suggestions_and_is_told_when_to_try_again() {
    let mut bot = Seeded::new();
    // The seeded core, taken out (an empty one stands in for a moment) to
    // be given lower limits.
    bot.core = std::mem::replace(
        &mut bot.core,
        casewatch::core::Core::new(casewatch::store::Store::open_in_memory().unwrap(), CASE),
    )
    .with_suggest_limits(SuggestLimits {
        pending_per_user: 5,
        per_place_per_hour: 3,
    });
    for user in ["1", "2", "3"] {
        let inv = discord(user, Some(GUILD), Role::Member, Locale::En);
        assert_eq!(
            ask(&mut bot, &inv, &suggestion(1)).kind,
            ReplyKind::Confirmation
        );
    }
    let before = bot.fingerprint();
    let fourth = discord("4", Some(GUILD), Role::Member, Locale::En);
    let reply = ask(&mut bot, &fourth, &suggestion(4));
    assert_eq!(reply.kind, ReplyKind::Error);
    let text = text_of(&reply);
    assert!(
        text.contains(
            "This place has sent 3 suggestions in the last hour, the most it may; try again after"
        ),
        "{text}"
    );
    assert!(text.contains(" UTC. Nothing was saved."), "{text}");
    assert_eq!(bot.fingerprint(), before);
    // Another place is not held up by this one.
    let other = discord("4", Some("999"), Role::Member, Locale::En);
    assert_eq!(
        ask(&mut bot, &other, &suggestion(4)).kind,
        ReplyKind::Confirmation
    );
}

#[test]
fn review_says_where_each_suggestion_came_from_and_pages_its_list() {
    let mut bot = Seeded::new();
    for n in 0..12 {
        let inv = if n % 2 == 0 {
            discord(
                &format!("{}", 100 + n),
                Some(GUILD),
                Role::Member,
                Locale::En,
            )
        } else {
            matrix(
                &format!("@u{n}:example.org"),
                "!room:example.org",
                Role::Member,
            )
        };
        assert_eq!(
            ask(&mut bot, &inv, &suggestion(n)).kind,
            ReplyKind::Confirmation
        );
    }
    let console = casewatch::adapters::console::invocation(Role::Moderator, Locale::En);
    let first = text_of(&ask(&mut bot, &console, "/review"));
    assert!(
        first.contains(&format!(
            "#1 by discord:100 from Discord server {GUILD}, channel 555"
        )),
        "{first}"
    );
    assert!(
        first.contains("#2 by matrix:@u1:example.org from Matrix room !room:example.org"),
        "{first}"
    );
    assert!(first.contains("Page 1 of 2 (12 waiting)"), "{first}");
    assert!(!first.contains("#11 "), "{first}");
    let second = text_of(&ask(&mut bot, &console, "/review page:2"));
    assert!(
        second.contains("#11 ") && second.contains("#12 ") && !second.contains("#10 "),
        "{second}"
    );
    let past = ask(&mut bot, &console, "/review page:3");
    assert_eq!(past.kind, ReplyKind::Error);
    assert!(text_of(&past).contains("There is no page 3; the queue has 2."));
}
