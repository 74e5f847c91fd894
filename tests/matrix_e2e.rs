//! The Matrix adapter end to end against a real Synapse (installed and
//! started by `matrix_support`): the real adapter runs in-process on a
//! seeded SQLite file, and other accounts, real matrix-sdk clients with
//! encryption on, act as the room's members.
//!
//! Every scenario registers its own accounts and room, so the scenarios
//! share one homeserver and can run in parallel.
#![cfg(feature = "matrix")]
// matrix-sdk's futures are deep; proving them `Send` for `tokio::spawn` needs more.
#![recursion_limit = "256"]

mod common;
mod matrix_support;

use std::sync::Arc;
use std::time::Duration;

use casewatch::adapters::matrix::config::Inviter;
use casewatch::adapters::matrix::digest::MatrixDigestSink;
use casewatch::adapters::matrix::{connect, start, MatrixError};
use casewatch::core::digest::run::{DigestSink as _, SendError};
use casewatch::core::reply::{Reply, ReplyKind};
use casewatch::core::Core;
use casewatch::store::digest::Subscription;
use casewatch::store::Store;
use matrix_sdk::ruma::events::relation::Thread;
use matrix_sdk::ruma::events::room::message::{Relation, RoomMessageEventContent};
use matrix_sdk::ruma::Int;
use serde_json::Value;

use matrix_support::room::{
    answer, assert_well_formed, body, bot_config, create_room, html, join, log_in, path_id,
    register, replies, room_with_bot, say, seeded_db, send, start_bot, wait_joined,
};
use matrix_support::synapse;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_quotes_and_gets_a_cited_notice_in_reply() {
    let (bot, alice, bob) = (
        register("s1", "bot"),
        register("s1", "alice"),
        register("s1", "bob"),
    );
    let (_db_dir, db) = seeded_db();
    let store = tempfile::tempdir().unwrap();
    let running = start_bot(&db, bot_config(&bot, store.path())).await;
    let (alice, bob) = (log_in(&alice).await, log_in(&bob).await);
    let room = room_with_bot(&alice, &[&bob], &bot, false).await;

    let command = say(&bob, &room, "!quote takano").await;
    let reply = answer(&bob, &room, &bot.user_id, &command).await;
    assert_well_formed(&reply, &command);
    let (body, html) = (body(&reply), html(&reply));
    assert!(body.contains("Takano") && body.contains("[1]"), "{body}");
    assert!(html.contains("Takano") && html.contains(" [1]"), "{html}");
    assert!(
        html.contains("<a href=\"https://"),
        "the source is linked: {html}"
    );

    // Addressed by display name instead of the prefix.
    let command = say(&bob, &room, "casewatch: sources").await;
    let reply = answer(&bob, &room, &bot.user_id, &command).await;
    assert_well_formed(&reply, &command);
    assert!(
        body_of_first(&reply).contains("[1]"),
        "{}",
        body_of_first(&reply)
    );

    // Notices are never answered (that is how bots avoid loops).
    let notice = send(
        &bob,
        &room,
        RoomMessageEventContent::notice_plain("!sources"),
    )
    .await;
    // In a thread, the answer stays in the thread.
    let root = say(&bob, &room, "a thread about sources").await;
    let mut threaded = RoomMessageEventContent::text_plain("!sources");
    threaded.relates_to = Some(Relation::Thread(Thread::plain(root.clone(), root.clone())));
    let command = send(&bob, &room, threaded).await;
    let reply = answer(&bob, &room, &bot.user_id, &command).await;
    assert_well_formed(&reply, &command);
    let relates = &reply[0]["content"]["m.relates_to"];
    assert_eq!(relates["rel_type"], "m.thread", "{relates:#}");
    assert_eq!(relates["event_id"], root.as_str(), "{relates:#}");
    assert!(replies(&bob, &room, &bot.user_id, &notice).await.is_empty());
    running.stop().await;
}

/// The operator grants `grantee` the right to edit the seeded case, on the
/// bot's database, while the bot runs.
fn grant(db: &std::path::Path, grantee: &str) {
    let mut store = Store::open(db).unwrap();
    let grantee: casewatch::core::trust::Grantee = grantee.parse().unwrap();
    casewatch::core::trust::grant(&mut store, common::CASE, &grantee, "console:local").unwrap();
}

fn body_of_first(answer: &[Value]) -> String {
    answer[0]["content"]["body"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderator_commands_follow_the_room_power_levels() {
    let [bot, alice, bob, carol] = ["bot", "alice", "bob", "carol"].map(|w| register("s2", w));
    let (_db_dir, db) = seeded_db();
    let store = tempfile::tempdir().unwrap();
    let running = start_bot(&db, bot_config(&bot, store.path())).await;
    let (alice, bob, carol) = (
        log_in(&alice).await,
        log_in(&bob).await,
        log_in(&carol).await,
    );
    let room = room_with_bot(&alice, &[&bob, &carol], &bot, false).await;
    // The creator makes Carol a moderator (power level 50).
    alice
        .client
        .get_room(&room)
        .unwrap()
        .update_power_levels(vec![(&carol.id, Int::from(50))])
        .await
        .unwrap();

    let fingerprint = || Store::open(&db).unwrap().fingerprint().unwrap();
    let before = fingerprint();
    // A room nobody granted: even its moderators cannot change the record.
    let command = say(&carol, &room, "!retract id:E19 reason:\"I say so\"").await;
    let refusal = answer(&carol, &room, &bot.user_id, &command).await;
    assert_well_formed(&refusal, &command);
    let expected = format!("This room can read the record of “Andry José Hernández Romero” and /suggest updates, but it cannot change it, so /retract changed nothing. The bot's operator can grant this room's moderators the right to edit with: casewatch editors add matrix:{room} --case andry-hernandez-romero");
    assert!(body(&refusal).contains(&expected), "{}", body(&refusal));
    assert_eq!(
        fingerprint(),
        before,
        "a write from a room nobody granted changed the store"
    );

    grant(&db, &format!("matrix:{room}"));
    let before = fingerprint();
    let command = say(
        &bob,
        &room,
        "!update add date:2026-11-20 text:\"A member tries to add this\" url:https://example.org/member title:\"Nope\" publication:\"Example\" published:2026-11-20",
    )
    .await;
    let refusal = answer(&bob, &room, &bot.user_id, &command).await;
    assert_well_formed(&refusal, &command);
    assert!(
        body(&refusal).contains("is for moderators"),
        "{}",
        body(&refusal)
    );
    assert_eq!(
        fingerprint(),
        before,
        "a member's moderator command changed the store"
    );

    let command = say(
        &carol,
        &room,
        "!update add date:2026-11-21 text:\"A hearing on the CECOT removals was scheduled\" url:https://example.org/hearing title:\"Hearing scheduled\" publication:\"Example News\" published:2026-11-21",
    )
    .await;
    let confirmation = answer(&carol, &room, &bot.user_id, &command).await;
    assert_well_formed(&confirmation, &command);
    assert_ne!(fingerprint(), before, "{}", body(&confirmation));
    let log = Store::open(&db)
        .unwrap()
        .audit_since(0, u64::MAX >> 1)
        .unwrap();
    let last = log.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.kind.as_str()),
        ("insert", "events")
    );
    assert_eq!(last.actor, format!("matrix:{}", carol.id));

    let command = say(&bob, &room, "!timeline from:2026-11-21").await;
    let timeline = answer(&bob, &room, &bot.user_id, &command).await;
    assert_well_formed(&timeline, &command);
    let html = html(&timeline);
    assert!(
        html.contains("A hearing on the CECOT removals was scheduled [1]"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://example.org/hearing\">"),
        "{html}"
    );
    running.stop().await;
}

/// The chosen behaviour: a command sent while the bot is down is **not**
/// answered (the first sync after a start absorbs the backlog, and messages
/// older than the start are ignored), because an answer arriving hours
/// later, out of the conversation, is worse than none; the user can ask
/// again. Nothing from before the first start is answered, the restart
/// restores the same device, and each answered command is claimed once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_sent_while_the_bot_is_down_are_not_answered_and_none_twice() {
    let [bot, alice, bob] = ["bot", "alice", "bob"].map(|w| register("s3", w));
    let (_db_dir, db) = seeded_db();
    let store = tempfile::tempdir().unwrap();
    let (alice, bob) = (log_in(&alice).await, log_in(&bob).await);
    // The bot is invited before it ever ran, and a command is waiting.
    let room = create_room(&alice, &[bob.id.as_str(), &bot.user_id], false).await;
    join(&bob, &room).await;
    let before_first_start = say(&bob, &room, "!quote takano").await;

    let running = start_bot(&db, bot_config(&bot, store.path())).await;
    wait_joined(&alice, &room, &bot.user_id).await;
    let first = say(&bob, &room, "!sources").await;
    answer(&bob, &room, &bot.user_id, &first).await;
    let session = std::fs::read_to_string(store.path().join("session.json")).unwrap();
    running.stop().await;

    let while_down = say(&bob, &room, "!timeline").await;

    let running = start_bot(&db, bot_config(&bot, store.path())).await;
    let after_restart = say(&bob, &room, "!help").await;
    answer(&bob, &room, &bot.user_id, &after_restart).await;
    // Time for anything late to show up before counting.
    tokio::time::sleep(Duration::from_secs(3)).await;
    running.stop().await;

    assert_eq!(
        std::fs::read_to_string(store.path().join("session.json")).unwrap(),
        session,
        "the restart logged in again instead of restoring the same device"
    );
    for (event, expected, what) in [
        (&before_first_start, 0, "sent before the first start"),
        (&first, 1, "answered while running"),
        (&while_down, 0, "sent while the bot was down"),
        (&after_restart, 1, "sent after the restart"),
    ] {
        let found = replies(&bob, &room, &bot.user_id, event).await;
        assert_eq!(
            found.len(),
            expected,
            "the command {what} got {} answers",
            found.len()
        );
    }
    assert_eq!(
        Store::open(&db).unwrap().matrix_events_claimed().unwrap(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_joins_an_encrypted_room_it_is_invited_to_and_answers_there() {
    let [bot, alice] = ["bot", "alice"].map(|w| register("s4", w));
    let (_db_dir, db) = seeded_db();
    let store = tempfile::tempdir().unwrap();
    let running = start_bot(&db, bot_config(&bot, store.path())).await;
    let alice = log_in(&alice).await;
    let room = room_with_bot(&alice, &[], &bot, true).await;

    let command = say(&alice, &room, "!quote takano").await;
    let reply = answer(&alice, &room, &bot.user_id, &command).await;
    assert_well_formed(&reply, &command);
    assert!(body(&reply).contains("Takano"), "{}", body(&reply));
    // On the server, everything the bot sent there is encrypted.
    let (_, raw) = synapse()
        .http(
            "GET",
            &format!(
                "/_matrix/client/v3/rooms/{}/messages?dir=b&limit=100",
                path_id(room.as_str())
            ),
            None,
            Some(&alice.token),
        )
        .unwrap();
    let raw: Value = serde_json::from_str(&raw).unwrap();
    let from_bot: Vec<&Value> = raw["chunk"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["sender"] == bot.user_id.as_str() && e.get("state_key").is_none())
        .collect();
    assert!(!from_bot.is_empty());
    assert!(
        from_bot.iter().all(|e| e["type"] == "m.room.encrypted"),
        "{from_bot:#?}"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_and_mentions_in_a_stored_quote_are_escaped_and_ping_nobody() {
    let [bot, alice, dave] = ["bot", "alice", "dave"].map(|w| register("s5", w));
    let (_db_dir, db) = seeded_db();
    let store = tempfile::tempdir().unwrap();
    let running = start_bot(&db, bot_config(&bot, store.path())).await;
    let (alice, dave) = (log_in(&alice).await, log_in(&dave).await);
    let room = room_with_bot(&alice, &[&dave], &bot, false).await;
    grant(&db, &format!("matrix:{room}"));

    // Alice created the room: in room version 12 she has unlimited power
    // without being listed in power_levels.users.
    let hostile = format!(
        "<b>bold</b> <a href='https://matrix.to/#/{dave}'>dave</a> {dave} @room <script>alert(1)</script>",
        dave = dave.id
    );
    let command = say(
        &alice,
        &room,
        &format!(
            "!quote add speaker:\"Dana Example\" role:\"Witness\" text:\"{hostile}\" url:https://example.org/dana title:\"Dana speaks\" publication:\"Example News\" published:2026-11-20"
        ),
    )
    .await;
    let added = answer(&alice, &room, &bot.user_id, &command).await;
    assert_well_formed(&added, &command);
    assert!(!body(&added).contains("for moderators"), "{}", body(&added));

    let command = say(&dave, &room, "!quote dana").await;
    let reply = answer(&dave, &room, &bot.user_id, &command).await;
    assert_well_formed(&reply, &command);
    for text in [html(&added), html(&reply)] {
        assert!(text.contains("&lt;b&gt;bold&lt;/b&gt;"), "{text}");
        assert!(text.contains("&lt;script&gt;"), "{text}");
        assert!(!text.contains("<b>") && !text.contains("<script"), "{text}");
        assert!(!text.contains("<a href='https://matrix.to"), "{text}");
        assert!(!text.contains("href=\"https://matrix.to"), "{text}");
        assert!(!text.contains("@room"), "{text}");
    }
    let body = body(&reply);
    assert!(
        body.contains("<b>bold</b>"),
        "the plain body shows the text as written: {body}"
    );
    assert!(
        !body.contains("@room") && body.contains("@\u{2060}room"),
        "{body}"
    );
    running.stop().await;
}

fn subscription(id: i64, room: &str) -> Subscription {
    Subscription {
        id,
        platform: "matrix".into(),
        place: room.into(),
        case_id: 1,
        time_of_day: "08:00".into(),
        timezone: "UTC".into(),
        locale: "en".into(),
        post_when_empty: false,
        created_by: "matrix:@s6-alice:localhost".into(),
        active: true,
        disabled_reason: None,
        covered_audit_id: 0,
        last_local_date: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_part_sent_again_with_its_key_is_posted_once() {
    let [bot, alice] = ["bot", "alice"].map(|w| register("s6", w));
    let store = tempfile::tempdir().unwrap();
    let client = connect(&bot_config(&bot, store.path())).await.unwrap();
    let alice = log_in(&alice).await;
    let room = create_room(&alice, &[&bot.user_id], false).await;
    client.join_room_by_id(&room).await.unwrap();

    let mut digest = Reply::new(ReplyKind::Answer, "Daily digest");
    digest.note("Nothing else happened today (digest marker 6).");
    let sink_client = client.clone();
    let room_id = room.to_string();
    let results = tokio::task::spawn_blocking(move || {
        let mut sink = MatrixDigestSink::new(sink_client, tokio::runtime::Handle::current());
        let sub = subscription(1, &room_id);
        // The part as the runner stores it; the first confirmation "lost":
        // the runner sends the same stored payload again under its key.
        let payloads = sink.prepare(&digest, casewatch::core::i18n::Locale::En);
        assert_eq!(payloads.len(), 1, "{payloads:?}");
        let key = "casewatch-digest-1-2026-11-22-0";
        let first = sink.send(&sub, key, &payloads[0]);
        let again = sink.send(&sub, key, &payloads[0]);
        let elsewhere = sink.send(&subscription(2, "!nowhere:localhost"), key, &payloads[0]);
        (first, again, elsewhere)
    })
    .await
    .unwrap();
    assert_eq!(results.0, Ok(()));
    assert_eq!(results.1, Ok(()));
    assert!(
        matches!(results.2, Err(SendError::Permanent(_))),
        "{:?}",
        results.2
    );

    let (_, raw) = synapse()
        .http(
            "GET",
            &format!(
                "/_matrix/client/v3/rooms/{}/messages?dir=b&limit=100",
                path_id(room.as_str())
            ),
            None,
            Some(&alice.token),
        )
        .unwrap();
    let raw: Value = serde_json::from_str(&raw).unwrap();
    let posted: Vec<&Value> = raw["chunk"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["content"]["body"]
                .as_str()
                .is_some_and(|b| b.contains("digest marker 6"))
        })
        .collect();
    assert_eq!(posted.len(), 1, "{posted:#?}");
    assert_eq!(posted[0]["content"]["msgtype"], "m.notice");
    assert_eq!(posted[0]["content"]["m.mentions"], serde_json::json!({}));
}

/// The real binary, configured only through its environment, joins a room
/// it was invited to before it started and answers there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_runs_on_matrix_when_configured() {
    let [bot, alice] = ["bot", "alice"].map(|w| register("s7", w));
    let dir = tempfile::tempdir().unwrap();
    let alice = log_in(&alice).await;
    let room = create_room(&alice, &[&bot.user_id], false).await;
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_casewatch"))
        .current_dir(dir.path())
        .env_remove("DISCORD_TOKEN")
        .env_remove("MATRIX_ACCESS_TOKEN")
        .env("CASEWATCH_DB", dir.path().join("casewatch.sqlite3"))
        .env("CASEWATCH_DATA", common::data_dir())
        .env("MATRIX_HOMESERVER", &synapse().url)
        .env("MATRIX_USER", &bot.user_id)
        .env("MATRIX_PASSWORD", &bot.password)
        .env("MATRIX_STORE_DIR", dir.path().join("matrix-store"))
        .env("MATRIX_ALLOWED_INVITERS", ":localhost")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let running = Stopped(child);
    wait_joined(&alice, &room, &bot.user_id).await;
    let command = say(&alice, &room, "!quote takano").await;
    let reply = answer(&alice, &room, &bot.user_id, &command).await;
    drop(running);
    assert_well_formed(&reply, &command);
    assert!(body(&reply).contains("Takano"), "{}", body(&reply));
}

/// A child process killed when the test ends, pass or fail.
struct Stopped(std::process::Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A session logged out elsewhere stops the start-up with a sentence that
/// says how to recover, instead of a bare sync error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_session_is_reported_with_the_fix() {
    let bot = register("s8", "bot");
    let (_db_dir, db) = seeded_db();
    let store = tempfile::tempdir().unwrap();
    start_bot(&db, bot_config(&bot, store.path()))
        .await
        .stop()
        .await;
    let session: Value =
        serde_json::from_str(&std::fs::read_to_string(store.path().join("session.json")).unwrap())
            .unwrap();
    let (status, _) = synapse()
        .http(
            "POST",
            "/_matrix/client/v3/logout",
            Some("{}"),
            session["access_token"].as_str(),
        )
        .unwrap();
    assert_eq!(status, 200);
    let core = Core::new(Store::open(&db).unwrap(), common::CASE);
    let err = start(Arc::new(core), bot_config(&bot, store.path()))
        .await
        .err()
        .expect("a revoked session cannot start");
    assert!(matches!(err, MatrixError::SessionRevoked { .. }), "{err:?}");
    assert!(err.to_string().contains("delete"), "{err}");
}

/// With the homeserver answering `M_LIMIT_EXCEEDED` (the bot limited to one
/// message a second), a burst of commands is still answered, each once:
/// matrix-sdk waits out the `retry_after` and sends again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_answers_wait_and_arrive_once() {
    let [bot, alice] = ["bot", "alice"].map(|w| register("s9", w));
    let (_admin, admin_token) = synapse().register_admin("s9-admin");
    synapse().limit_messages(&admin_token, &bot.user_id, 1, 1);
    let (_db_dir, db) = seeded_db();
    let store = tempfile::tempdir().unwrap();
    let running = start_bot(&db, bot_config(&bot, store.path())).await;
    let alice = log_in(&alice).await;
    let room = room_with_bot(&alice, &[], &bot, false).await;

    let mut commands = Vec::new();
    for line in ["!sources", "!quote takano", "!help", "!case"] {
        commands.push(say(&alice, &room, line).await);
    }
    let mut sent_at = Vec::new();
    for command in &commands {
        let reply = answer(&alice, &room, &bot.user_id, command).await;
        assert_well_formed(&reply, command);
        sent_at.push(reply[0]["origin_server_ts"].as_u64().unwrap());
    }
    // The limit was in force: four answers at one a second span seconds.
    sent_at.sort_unstable();
    assert!(
        sent_at[3] - sent_at[0] >= 2_000,
        "the answers were not rate limited: {sent_at:?}"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    for command in &commands {
        assert_eq!(replies(&alice, &room, &bot.user_id, command).await.len(), 1);
    }
    running.stop().await;
}

/// With MATRIX_ALLOWED_INVITERS set, an invite from anyone else is declined
/// and one from an allowed user is accepted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invites_are_accepted_only_from_allowed_inviters() {
    let [bot, alice, mallory] = ["bot", "alice", "mallory"].map(|w| register("s10", w));
    let (_db_dir, db) = seeded_db();
    let store = tempfile::tempdir().unwrap();
    let mut config = bot_config(&bot, store.path());
    config.allowed_inviters = vec![Inviter::User(alice.user_id.clone())];
    let running = start_bot(&db, config).await;
    let (alice, mallory) = (log_in(&alice).await, log_in(&mallory).await);

    let refused = create_room(&mallory, &[&bot.user_id], false).await;
    let accepted = create_room(&alice, &[&bot.user_id], false).await;
    wait_joined(&alice, &accepted, &bot.user_id).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let (_, state) = synapse()
            .http(
                "GET",
                &format!(
                    "/_matrix/client/v3/rooms/{}/state/m.room.member/{}",
                    path_id(refused.as_str()),
                    path_id(&bot.user_id)
                ),
                None,
                Some(&mallory.token),
            )
            .unwrap();
        let member: Value = serde_json::from_str(&state).unwrap_or_default();
        if member["membership"] == "leave" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the invite from a stranger was not declined: {member}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    running.stop().await;
}

/// Corrections reach posted notices: a digest posted by the real sink, a
/// correction of a record it shows, and the edit queue sends an `m.replace`
/// of the original notice, which a second client sees with the new
/// content. After the bot leaves the room, the notice is remembered as gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_replaces_the_posted_digest_notice() {
    use casewatch::core::digest::run::{run_due, DigestSettings};
    use casewatch::core::digest::schedule::ManualClock;
    use casewatch::core::edits::{send_due_edits, EditSettings};
    use casewatch::store::digest::NewSubscription;
    use chrono::{TimeZone, Utc};

    let [bot, alice] = ["bot", "alice"].map(|w| register("s12", w));
    let store_dir = tempfile::tempdir().unwrap();
    let client = connect(&bot_config(&bot, store_dir.path())).await.unwrap();
    let alice = log_in(&alice).await;
    let room = create_room(&alice, &[&bot.user_id], false).await;
    client.join_room_by_id(&room).await.unwrap();
    let (_db_dir, db) = seeded_db();
    let core = Arc::new(Core::new(Store::open(&db).unwrap(), common::CASE));
    let case_id = core.store().cases().unwrap()[0].id;
    core.store_mut()
        .subscribe(
            "matrix:@s12-alice:localhost",
            &NewSubscription {
                platform: "matrix",
                place: room.as_str(),
                case_id,
                time_of_day: "08:00",
                timezone: "UTC",
                locale: "en",
                post_when_empty: true,
            },
        )
        .unwrap();
    let invocation = casewatch::adapters::console::invocation(
        casewatch::core::Role::Moderator,
        casewatch::core::i18n::Locale::En,
    );
    let added = core.handle_line(
        &invocation,
        "/update add date:2026-11-22 text:\"The family filed an appeal (edit marker 12).\" source:S1",
    );
    assert_eq!(added.kind, ReplyKind::Confirmation);
    // "Saved as E31 and logged."
    let saved = casewatch::render::text::render(&added, casewatch::core::i18n::Locale::En);
    let event: i64 = saved
        .split("Saved as E")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or_else(|| panic!("no event id in {saved}"));

    let pass = |edits: bool| {
        let (core, client) = (Arc::clone(&core), client.clone());
        tokio::task::spawn_blocking(move || {
            let runtime = tokio::runtime::Handle::current();
            let mut sink = MatrixDigestSink::new(client, runtime);
            let clock = ManualClock::new(Utc.with_ymd_and_hms(2030, 1, 15, 8, 30, 0).unwrap());
            if edits {
                let report =
                    send_due_edits(core.database(), &clock, &mut sink, EditSettings::default())
                        .unwrap();
                format!("{report:?}")
            } else {
                let report = run_due(
                    core.database(),
                    &clock,
                    &mut sink,
                    DigestSettings::default(),
                )
                .unwrap();
                format!("{report:?}")
            }
        })
    };
    let posted = pass(false).await.unwrap();
    assert!(posted.contains("posted: [("), "{posted}");
    let original = core.store().posted_messages("matrix").unwrap()[0]
        .message_ref
        .clone()
        .unwrap();

    let corrected = core.handle_line(
        &invocation,
        &format!("/correct id:E{event} text:\"The family filed a second appeal (edit marker 12).\" reason:\"It was the second\" source:S4"),
    );
    assert_eq!(corrected.kind, ReplyKind::Confirmation);
    let report = pass(true).await.unwrap();
    assert!(report.contains("edited: [("), "{report}");

    // Alice's client sees the edit of the original notice.
    let (_, raw) = synapse()
        .http(
            "GET",
            &format!(
                "/_matrix/client/v3/rooms/{}/messages?dir=b&limit=100",
                path_id(room.as_str())
            ),
            None,
            Some(&alice.token),
        )
        .unwrap();
    let raw: Value = serde_json::from_str(&raw).unwrap();
    let edits: Vec<&Value> = raw["chunk"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["content"]["m.relates_to"]["rel_type"] == "m.replace")
        .collect();
    assert_eq!(edits.len(), 1, "{raw:#}");
    let edit = edits[0];
    assert_eq!(edit["sender"], bot.user_id.as_str());
    assert_eq!(
        edit["content"]["m.relates_to"]["event_id"],
        original.as_str()
    );
    let new = &edit["content"]["m.new_content"];
    assert_eq!(new["msgtype"], "m.notice");
    assert_eq!(new["m.mentions"], serde_json::json!({}), "{edit:#}");
    assert_eq!(
        edit["content"]["m.mentions"],
        serde_json::json!({}),
        "{edit:#}"
    );
    let body = new["body"].as_str().unwrap();
    assert!(body.contains("a second appeal (edit marker 12)"), "{body}");
    assert!(!body.contains("filed an appeal"), "{body}");
    assert!(body.contains(&format!("E{event} Corrected on ")), "{body}");
    assert!(body.contains("It was the second ["), "{body}");
    assert!(new["formatted_body"]
        .as_str()
        .unwrap()
        .contains("Corrected on"));
    assert!(
        edit["content"]["body"].as_str().unwrap().starts_with("* "),
        "{edit:#}"
    );

    // A client shows the new content: the homeserver bundles the edit with
    // the original notice it replaces.
    let (_, raw) = synapse()
        .http(
            "GET",
            &format!(
                "/_matrix/client/v3/rooms/{}/event/{}",
                path_id(room.as_str()),
                path_id(&original)
            ),
            None,
            Some(&alice.token),
        )
        .unwrap();
    let shown: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(
        shown["unsigned"]["m.relations"]["m.replace"]["event_id"], edit["event_id"],
        "{shown:#}"
    );

    // The bot leaves the room: the notice can no longer be edited.
    client.get_room(&room).unwrap().leave().await.unwrap();
    let retracted = core.handle_line(
        &invocation,
        &format!("/retract id:E{event} reason:\"Duplicate\""),
    );
    assert_eq!(retracted.kind, ReplyKind::Confirmation);
    let report = pass(true).await.unwrap();
    assert!(report.contains("gone: [("), "{report}");
    assert!(core.store().posted_messages("matrix").unwrap()[0]
        .gone_reason
        .is_some());
}

/// A public answer is edited too: the running bot answers `!cite E1`, the
/// record is corrected (on the bot's database, as a console editor would),
/// and the bot's own edit loop replaces the answer's notice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_edits_a_public_answer_that_showed_the_record() {
    let (bot, alice) = (register("s13", "bot"), register("s13", "alice"));
    let (_db_dir, db) = seeded_db();
    let store = tempfile::tempdir().unwrap();
    let running = start_bot(&db, bot_config(&bot, store.path())).await;
    let alice = log_in(&alice).await;
    let room = room_with_bot(&alice, &[], &bot, false).await;
    let command = say(&alice, &room, "!cite E1").await;
    let reply = answer(&alice, &room, &bot.user_id, &command).await;
    assert_well_formed(&reply, &command);
    assert!(body(&reply).contains("E1"), "{}", body(&reply));
    let original = reply[0]["event_id"].as_str().unwrap().to_string();

    let editor = Core::new(Store::open(&db).unwrap(), common::CASE);
    let invocation = casewatch::adapters::console::invocation(
        casewatch::core::Role::Moderator,
        casewatch::core::i18n::Locale::En,
    );
    let corrected = editor.handle_line(
        &invocation,
        "/correct id:E1 text:\"Corrected first event (edit marker 13).\" reason:\"The source says so\" source:S4",
    );
    assert_eq!(corrected.kind, ReplyKind::Confirmation);

    // The edit loop runs every 30 s.
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    let edit = loop {
        let (_, raw) = synapse()
            .http(
                "GET",
                &format!(
                    "/_matrix/client/v3/rooms/{}/messages?dir=b&limit=100",
                    path_id(room.as_str())
                ),
                None,
                Some(&alice.token),
            )
            .unwrap();
        let raw: Value = serde_json::from_str(&raw).unwrap();
        let found = raw["chunk"].as_array().unwrap().iter().find(|e| {
            e["content"]["m.relates_to"]["rel_type"] == "m.replace"
                && e["content"]["m.relates_to"]["event_id"] == original.as_str()
        });
        if let Some(found) = found {
            break found.clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no edit of {original}: {raw:#}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let new = &edit["content"]["m.new_content"];
    let body = new["body"].as_str().unwrap();
    assert!(
        body.contains("Corrected first event (edit marker 13)."),
        "{body}"
    );
    assert!(body.contains("E1 Corrected on "), "{body}");
    assert_eq!(new["m.mentions"], serde_json::json!({}), "{edit:#}");
    running.stop().await;
}
