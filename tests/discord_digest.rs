//! Digests on Discord: a moderator subscribes a channel with the slash
//! command, the core's runner finds the digest due, and the Discord sink
//! posts it through serenity's HTTP client (pointed at a loopback
//! recorder) with an idempotency nonce, within every limit, and once.
#![cfg(feature = "discord")]

mod discord_support;

use std::sync::Arc;
use std::time::Duration;

use casewatch::adapters::discord::digest::{split_for_discord, DiscordDigestSink};
use casewatch::adapters::discord::payload::Interaction;
use casewatch::core::digest::run::{run_due, DigestSettings};
use casewatch::core::digest::schedule::ManualClock;
use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Block, Reply, ReplyKind};
use casewatch::render::discord::render;
use chrono::{TimeZone, Utc};
use discord_support::{
    check_message, command, handler, seeded_core, shared, From, CHANNEL, MODERATOR_PERMISSIONS,
};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscribed_channel_gets_its_digest_once_with_a_nonce() {
    let dir = tempfile::tempdir().unwrap();
    let core = shared(seeded_core(dir.path()));
    let handler = handler(Arc::clone(&core));
    let options = json!([{ "name": "subscribe", "type": 1, "options": [
        { "name": "time", "type": 3, "value": "08:00" },
        { "name": "timezone", "type": 3, "value": "Europe/Madrid" },
        { "name": "daily", "type": 3, "value": "yes" },
    ]}]);
    let moderator = From::Guild {
        permissions: MODERATOR_PERMISSIONS,
        roles: &[],
    };
    let interaction =
        Interaction::from_value(command("digest", options, moderator, "es-ES")).unwrap();
    let response = handler.handle(interaction).await;
    assert_eq!(
        response.initial["data"]["flags"], 64,
        "{}",
        response.initial
    );
    assert!(
        !response.initial["data"]["content"]
            .as_str()
            .unwrap_or("")
            .contains("moderadores"),
        "{}",
        response.initial
    );

    let (api, mut recorded) = discord_support::recorder().await;
    let http = Arc::new(
        serenity::http::HttpBuilder::new("")
            .proxy(api)
            .ratelimiter_disabled(true)
            .build(),
    );
    // 08:30 in Madrid, some day after the subscription.
    let at = Utc.with_ymd_and_hms(2030, 1, 15, 7, 30, 0).unwrap();
    let runtime = tokio::runtime::Handle::current();
    let pass = |core: casewatch::adapters::discord::SharedCore| {
        let (http, runtime) = (Arc::clone(&http), runtime.clone());
        tokio::task::spawn_blocking(move || {
            let mut sink = DiscordDigestSink::new(http, runtime);
            run_due(
                core.database(),
                &ManualClock::new(at),
                &mut sink,
                DigestSettings::default(),
            )
            .unwrap()
        })
    };
    let report = pass(Arc::clone(&core)).await.unwrap();
    assert_eq!(report.posted.len(), 1, "{report:?}");
    let mut messages = 0;
    while let Ok(Some((method, path, body))) =
        tokio::time::timeout(Duration::from_millis(500), recorded.recv()).await
    {
        assert_eq!(method, "POST");
        assert_eq!(path, format!("/api/v10/channels/{CHANNEL}/messages"));
        check_message(&body);
        assert_eq!(body["enforce_nonce"], true);
        assert!(body["nonce"].as_str().unwrap().len() <= 25);
        messages += 1;
    }
    assert_eq!(messages, report.posted[0].2);
    // The same day again: nothing more is posted.
    let again = pass(Arc::clone(&core)).await.unwrap();
    assert!(again.posted.is_empty(), "{again:?}");
    assert!(
        tokio::time::timeout(Duration::from_millis(300), recorded.recv())
            .await
            .is_err()
    );
}

#[test]
fn a_long_digest_is_split_into_messages_that_each_fit() {
    let dir = tempfile::tempdir().unwrap();
    let core = seeded_core(dir.path());
    // A real answer with many cited statements, used as a long digest body.
    let invocation =
        casewatch::adapters::console::invocation(casewatch::core::Role::Member, Locale::En);
    let mut digest = Reply::new(ReplyKind::Answer, "Digest");
    let lines = (1..=6)
        .map(|page| format!("/quote page:{page}"))
        .chain((1..=3).map(|page| format!("/timeline page:{page}")));
    for line in lines {
        let reply = core.handle_line(&invocation, &line);
        let offset = digest.sources.len();
        for mut source in reply.sources.clone() {
            source.number += offset;
            digest.sources.push(source);
        }
        for block in reply.blocks {
            digest.blocks.push(match block {
                Block::Fact {
                    date,
                    record,
                    spans,
                    cites,
                } => Block::Fact {
                    date,
                    record,
                    spans,
                    cites: cites.into_iter().map(|n| n + offset).collect(),
                },
                other => other,
            });
        }
    }
    digest.check_citations().unwrap();
    let parts = split_for_discord(&digest, Locale::En);
    assert!(parts.len() > 1, "the test digest is long enough to split");
    let blocks: usize = parts.iter().map(|p| p.blocks.len()).sum();
    assert_eq!(blocks, digest.blocks.len(), "no block lost or repeated");
    for part in &parts {
        part.check_citations().unwrap();
        let messages: Vec<Value> = render(part, Locale::En);
        assert_eq!(messages.len(), 1);
        check_message(&messages[0]);
    }
}
