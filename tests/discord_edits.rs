//! Corrections reach Discord: digests are posted through serenity's HTTP
//! client to a loopback stand-in for Discord's REST API, which gives each
//! message an id; a correction then PATCHes the messages that showed the
//! record, with the new text, the correction line and `allowed_mentions`
//! sent again; a message Discord says is unknown (404) is remembered as
//! gone and never edited again.
#![cfg(feature = "discord")]

mod discord_support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use casewatch::adapters::console;
use casewatch::adapters::discord::digest::DiscordDigestSink;
use casewatch::adapters::discord::SharedCore;
use casewatch::core::digest::run::{run_due, DigestSettings};
use casewatch::core::digest::schedule::ManualClock;
use casewatch::core::edits::{send_due_edits, EditReport, EditSettings};
use casewatch::core::i18n::Locale;
use casewatch::core::reply::ReplyKind;
use casewatch::core::Role;
use casewatch::render::text::render;
use casewatch::store::digest::NewSubscription;
use chrono::{TimeZone, Utc};
use discord_support::{check_message, message_object, seeded_core, shared, CHANNEL, GUILD};
use serde_json::{json, Value};

/// Messages posted from this number on are deleted in the stand-in.
static DELETED_FROM: AtomicU64 = AtomicU64::new(u64::MAX);
/// How many messages the stand-in has posted.
static POSTED: AtomicU64 = AtomicU64::new(0);

const FIRST_ID: u64 = 1_000_000_000_000_000_000;

/// Each posted message gets the next id; an edit of a deleted one gets
/// Discord's 404 "Unknown Message".
fn discord(method: &str, path: &str, _: u64) -> Option<(u16, Value)> {
    let messages = format!("/api/v10/channels/{CHANNEL}/messages");
    if method == "POST" && path == messages {
        let n = POSTED.fetch_add(1, Ordering::SeqCst) + 1;
        return Some((200, message_object(&(FIRST_ID + n).to_string())));
    }
    let id: u64 = path.strip_prefix(&format!("{messages}/"))?.parse().ok()?;
    if method == "PATCH" && id - FIRST_ID >= DELETED_FROM.load(Ordering::SeqCst) {
        return Some((404, json!({ "message": "Unknown Message", "code": 10008 })));
    }
    Some((200, message_object(&id.to_string())))
}

fn ask(core: &SharedCore, line: &str) {
    let invocation = console::invocation(Role::Moderator, Locale::En);
    let reply = core.handle_line(&invocation, line);
    assert_eq!(
        reply.kind,
        ReplyKind::Confirmation,
        "{}",
        render(&reply, Locale::En)
    );
}

/// Every request the stand-in received since the last call.
async fn received(
    recorded: &mut tokio::sync::mpsc::UnboundedReceiver<(String, String, Value)>,
) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    while let Ok(Some(request)) =
        tokio::time::timeout(Duration::from_millis(400), recorded.recv()).await
    {
        out.push(request);
    }
    out
}

/// The text of a message body: its embeds' titles, descriptions and fields.
fn text(body: &Value) -> String {
    let mut out = String::new();
    for embed in body["embeds"].as_array().into_iter().flatten() {
        for key in ["title", "description"] {
            out.push_str(embed[key].as_str().unwrap_or_default());
            out.push('\n');
        }
        for field in embed["fields"].as_array().into_iter().flatten() {
            out.push_str(field["name"].as_str().unwrap_or_default());
            out.push('\n');
            out.push_str(field["value"].as_str().unwrap_or_default());
            out.push('\n');
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_patches_the_posted_digests_and_a_deleted_one_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let core = shared(seeded_core(dir.path()));
    let case_id = {
        let store = core.store();
        store.cases().unwrap()[0].id
    };
    core.store_mut()
        .subscribe(
            "discord:111",
            &NewSubscription {
                platform: "discord",
                place: &format!("{GUILD}/{CHANNEL}"),
                case_id,
                time_of_day: "08:00",
                timezone: "Europe/Madrid",
                locale: "en",
                post_when_empty: true,
            },
        )
        .unwrap();
    let action = core.store().actions(case_id, false).unwrap().remove(0);

    let (api, mut recorded) = discord_support::recorder_answering(discord).await;
    let http = Arc::new(
        serenity::http::HttpBuilder::new("")
            .proxy(api)
            .ratelimiter_disabled(true)
            .build(),
    );
    let runtime = tokio::runtime::Handle::current();
    let digest_on = |day: u32| {
        let (core, http, runtime) = (Arc::clone(&core), Arc::clone(&http), runtime.clone());
        tokio::task::spawn_blocking(move || {
            let mut sink = DiscordDigestSink::new(http, runtime);
            let clock = ManualClock::new(Utc.with_ymd_and_hms(2030, 1, day, 7, 30, 0).unwrap());
            run_due(
                core.database(),
                &clock,
                &mut sink,
                DigestSettings::default(),
            )
            .unwrap()
        })
    };
    let edits = || {
        let (core, http, runtime) = (Arc::clone(&core), Arc::clone(&http), runtime.clone());
        tokio::task::spawn_blocking(move || {
            let mut sink = DiscordDigestSink::new(http, runtime);
            let clock = ManualClock::new(Utc.with_ymd_and_hms(2030, 1, 17, 9, 0, 0).unwrap());
            send_due_edits(core.database(), &clock, &mut sink, EditSettings::default()).unwrap()
        })
    };

    // Two days of digests, each showing the open action; the second day's
    // messages are then deleted in the channel.
    assert_eq!(digest_on(15).await.unwrap().posted.len(), 1);
    let first_day = POSTED.load(Ordering::SeqCst);
    assert_eq!(digest_on(16).await.unwrap().posted.len(), 1);
    DELETED_FROM.store(first_day + 1, Ordering::SeqCst);
    let posts = received(&mut recorded).await;
    assert!(posts.iter().all(|(method, _, _)| method == "POST"));
    assert!(posts
        .iter()
        .any(|(_, _, body)| text(body).contains(&format!("A{}", action.id))));
    // Nothing is edited before a correction.
    assert_eq!(edits().await.unwrap(), EditReport::default());
    assert!(received(&mut recorded).await.is_empty());

    ask(
        &core,
        &format!(
            "/correct id:A{} text:\"Corrected summary of the action.\" reason:\"The source words it so\" source:S4",
            action.id
        ),
    );
    let report = edits().await.unwrap();
    let requests = received(&mut recorded).await;
    let showing: Vec<_> = core
        .store()
        .posted_messages("discord")
        .unwrap()
        .into_iter()
        .filter(|m| m.document.contains(&format!("\"A{}\"", action.id)))
        .collect();
    assert!(!showing.is_empty());
    assert_eq!(
        requests.len(),
        showing.len(),
        "one PATCH per message showing it"
    );
    let mut edited = 0;
    for (method, path, body) in &requests {
        assert_eq!(method, "PATCH");
        let id: u64 = path.rsplit('/').next().unwrap().parse().unwrap();
        assert_eq!(path, &format!("/api/v10/channels/{CHANNEL}/messages/{id}"));
        // An edit resets allowed_mentions unless it is sent again.
        assert_eq!(body["allowed_mentions"], json!({ "parse": [] }), "{body}");
        check_message(body);
        let text = text(body);
        assert!(text.contains("Corrected summary of the action."), "{text}");
        assert!(
            text.contains(&format!("**A{}** Corrected on ", action.id)),
            "{text}"
        );
        assert!(text.contains("The source words it so"), "{text}");
        // The action's status lines are re-rendered with it, not repeated.
        let posted = self::text(&posts[(id - FIRST_ID - 1) as usize].2);
        assert_eq!(
            text.matches("Status:").count(),
            posted.matches("Status:").count(),
            "{text}"
        );
        if id - FIRST_ID <= first_day {
            edited += 1;
        }
    }
    assert_eq!(report.edited.len(), edited, "{report:?}");
    assert_eq!(report.gone.len(), requests.len() - edited, "{report:?}");
    assert!(
        !report.gone.is_empty(),
        "the deleted messages are found gone"
    );
    let gone: Vec<_> = core
        .store()
        .posted_messages("discord")
        .unwrap()
        .into_iter()
        .filter(|m| m.gone_reason.is_some())
        .collect();
    assert_eq!(gone.len(), report.gone.len());
    assert!(
        gone[0].gone_reason.as_deref().unwrap().contains("10008"),
        "{gone:?}"
    );

    // Sent once: nothing more goes out, and a later correction skips the
    // deleted messages.
    assert_eq!(edits().await.unwrap(), EditReport::default());
    assert!(received(&mut recorded).await.is_empty());
    ask(
        &core,
        &format!(
            "/correct id:A{} text:\"Corrected again.\" reason:\"A second source\" source:S3",
            action.id
        ),
    );
    let report = edits().await.unwrap();
    assert_eq!(report.gone, []);
    assert_eq!(report.edited.len(), edited);
    assert_eq!(received(&mut recorded).await.len(), edited);
}

/// A public command answer can be edited only through its interaction's
/// token, for 15 minutes: a correction within that time edits it through
/// the webhook; after it, the answer is closed, the token dropped, and
/// nothing is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_answer_is_edited_through_its_token_while_discord_allows_it() {
    use casewatch::adapters::discord::payload::Interaction;
    use casewatch::adapters::discord::remember::remember;
    use casewatch::core::digest::schedule::SystemClock;
    use discord_support::{command, handler, From, APPLICATION, MEMBER_PERMISSIONS};

    let dir = tempfile::tempdir().unwrap();
    let core = shared(seeded_core(dir.path()));
    let handler = handler(Arc::clone(&core));
    let member = From::Guild {
        permissions: MEMBER_PERMISSIONS,
        roles: &[],
    };
    let options = json!([{ "name": "id", "type": 3, "value": "E1" }]);
    let interaction = Interaction::from_value(command("cite", options, member, "es-ES")).unwrap();
    let response = handler.handle(interaction).await;
    assert!(response.later.is_none(), "answered at once");
    let answer = response
        .remember
        .expect("a public answer naming E1 is one to remember");
    // What the gateway does once Discord confirmed the response.
    remember(&core, answer, "A_UNIQUE_TOKEN").await;
    // An error, or a moderator's private confirmation, is not remembered.
    let refused = Interaction::from_value(command(
        "cite",
        json!([{ "name": "id", "type": 3, "value": "E99999" }]),
        member,
        "en-US",
    ))
    .unwrap();
    assert!(handler.handle(refused).await.remember.is_none());

    let (api, mut recorded) = discord_support::recorder().await;
    let http = Arc::new(
        serenity::http::HttpBuilder::new("")
            .proxy(api)
            .application_id(APPLICATION.parse::<u64>().unwrap().into())
            .ratelimiter_disabled(true)
            .build(),
    );
    let runtime = tokio::runtime::Handle::current();
    let pass = |clock: Box<dyn casewatch::core::digest::schedule::Clock>| {
        let (core, http, runtime) = (Arc::clone(&core), Arc::clone(&http), runtime.clone());
        tokio::task::spawn_blocking(move || {
            let mut sink = DiscordDigestSink::new(http, runtime);
            send_due_edits(
                core.database(),
                clock.as_ref(),
                &mut sink,
                EditSettings::default(),
            )
            .unwrap()
        })
    };
    ask(
        &core,
        "/correct id:E1 text:\"Corrected first event.\" reason:\"The source says so\" source:S4",
    );
    let report = pass(Box::new(SystemClock)).await.unwrap();
    assert_eq!(report.edited.len(), 1, "{report:?}");
    let requests = received(&mut recorded).await;
    assert_eq!(requests.len(), 1, "{requests:?}");
    let (method, path, body) = &requests[0];
    assert_eq!(method, "PATCH");
    assert_eq!(
        path,
        &format!("/api/v10/webhooks/{APPLICATION}/A_UNIQUE_TOKEN/messages/@original")
    );
    assert_eq!(body["allowed_mentions"], json!({ "parse": [] }), "{body}");
    check_message(body);
    let text = text(body);
    // In the language the answer was given in.
    assert!(text.contains("Corrected first event."), "{text}");
    assert!(text.contains("**E1** Corregido el "), "{text}");

    // Fifteen minutes later the token no longer edits anything: the answer
    // is closed and its token dropped, and a new correction sends nothing.
    ask(
        &core,
        "/correct id:E1 text:\"Corrected first event, again.\" reason:\"A second source\" source:S3",
    );
    let later = Utc::now() + chrono::Duration::minutes(15);
    let report = pass(Box::new(ManualClock::new(later))).await.unwrap();
    assert_eq!(report, EditReport::default());
    assert!(received(&mut recorded).await.is_empty());
    let answers = core.store().posted_messages("discord").unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].message_ref, None, "the token is not kept");
    assert_eq!(
        answers[0].gone_reason.as_deref(),
        Some("the time to edit it has passed")
    );
}
