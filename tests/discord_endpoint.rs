//! The HTTP interactions endpoint on a loopback port: requests signed with
//! a throwaway Ed25519 key are answered; anything not signed by that key,
//! for that body, at about this time, gets 401. Also the deferred path:
//! a slow answer is deferred and then edits the original response through
//! serenity's HTTP client, here pointed at a loopback recorder.
#![cfg(feature = "discord")]

mod discord_support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use casewatch::adapters::discord::config::{verifier, EndpointConfig, Secret};
use casewatch::adapters::discord::endpoint::{serve_on, Endpoint, Limits};
use casewatch::adapters::discord::interaction::ModeratorRule;
use casewatch::adapters::discord::{endpoint_for, Handler, HandlerSettings, SharedCore};
use discord_support::{
    autocomplete, button, command, now_seconds, older_shape, ping, public_key_hex, seeded_core,
    shared, sign, test_key, Client, From, MEMBER_PERMISSIONS,
};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// What is wrong with a request, its headers and its body.
type Refusal = (&'static str, Vec<(&'static str, String)>, Vec<u8>);

const MEMBER: From<'static> = From::Guild {
    permissions: MEMBER_PERMISSIONS,
    roles: &[],
};

/// Starts the endpoint on 127.0.0.1:0; dropping the sender stops it.
async fn start(endpoint: Endpoint) -> (SocketAddr, oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(serve_on(listener, Arc::new(endpoint), async move {
        let _ = stopped.await;
    }));
    (addr, stop)
}

fn config(key: &ed25519_dalek::SigningKey) -> EndpointConfig {
    let hex = public_key_hex(key);
    EndpointConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        verifier: verifier(&hex).unwrap(),
        public_key: Secret::new(hex),
        token: None,
        guild_id: None,
        moderators: ModeratorRule::default(),
    }
}

async fn seeded(dir: &std::path::Path) -> SharedCore {
    let path = dir.to_path_buf();
    tokio::task::spawn_blocking(move || shared(seeded_core(&path)))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_requests_are_answered_and_everything_else_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let key = test_key(7);
    let (addr, _stop) = start(endpoint_for(seeded(dir.path()).await, &config(&key))).await;
    let mut client = Client::connect(addr).await;

    // PING → PONG, exactly.
    let (status, body) = client.signed(&key, &ping()).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        json!({ "type": 1 })
    );

    // A signed command is answered with the same JSON the gateway would send.
    let (status, body) = client
        .signed(&key, &command("timeline", json!([]), MEMBER, "en-US"))
        .await;
    assert_eq!(status, 200);
    let response: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(response["type"], 4);
    discord_support::check_message(&response["data"]);

    let body = serde_json::to_vec(&ping()).unwrap();
    let timestamp = now_seconds();
    let good = sign(&key, &timestamp, &body);
    let refusals: Vec<Refusal> = vec![
        (
            "tampered body",
            vec![
                ("x-signature-ed25519", good.clone()),
                ("x-signature-timestamp", timestamp.clone()),
            ],
            br#"{"type":1,"id":"2"}"#.to_vec(),
        ),
        (
            "wrong key",
            vec![
                ("x-signature-ed25519", sign(&test_key(8), &timestamp, &body)),
                ("x-signature-timestamp", timestamp.clone()),
            ],
            body.clone(),
        ),
        (
            "missing signature",
            vec![("x-signature-timestamp", timestamp.clone())],
            body.clone(),
        ),
        (
            "missing timestamp",
            vec![("x-signature-ed25519", good.clone())],
            body.clone(),
        ),
        (
            "malformed signature",
            vec![
                ("x-signature-ed25519", "zz".repeat(64)),
                ("x-signature-timestamp", timestamp.clone()),
            ],
            body.clone(),
        ),
        (
            "short signature",
            vec![
                ("x-signature-ed25519", good[..64].to_string()),
                ("x-signature-timestamp", timestamp.clone()),
            ],
            body.clone(),
        ),
        (
            "garbage timestamp",
            vec![
                ("x-signature-ed25519", sign(&key, "yesterday", &body)),
                ("x-signature-timestamp", "yesterday".into()),
            ],
            body.clone(),
        ),
        (
            "stale timestamp",
            vec![
                ("x-signature-ed25519", sign(&key, "1700000000", &body)),
                ("x-signature-timestamp", "1700000000".into()),
            ],
            body.clone(),
        ),
        (
            "timestamp changed",
            vec![
                ("x-signature-ed25519", good.clone()),
                (
                    "x-signature-timestamp",
                    (timestamp.parse::<u64>().unwrap() + 1).to_string(),
                ),
            ],
            body.clone(),
        ),
    ];
    for (what, headers, body) in refusals {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let (status, _) = client.post("/interactions", &headers, body).await;
        assert_eq!(status, 401, "{what} must be refused");
    }

    // Other paths are not the endpoint.
    let (status, _) = client.post("/", &[], b"{}".to_vec()).await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_answer_is_deferred_then_edits_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let key = test_key(9);
    let core = seeded(dir.path()).await;
    let (api, mut recorded) = discord_support::recorder().await;
    let http = serenity::http::HttpBuilder::new("")
        .proxy(api)
        .ratelimiter_disabled(true)
        .build();
    let settings = HandlerSettings {
        defer_after: Duration::from_millis(200),
        ..HandlerSettings::default()
    };
    let endpoint = Endpoint::new(
        Handler::new(Arc::clone(&core), settings),
        config(&key).verifier,
        Arc::new(http),
    );
    let (addr, _stop) = start(endpoint).await;
    let mut client = Client::connect(addr).await;

    // Hold every read connection while the command arrives, so its answer
    // waits for one and is slow.
    let (release, released) = std::sync::mpsc::channel::<()>();
    let (held, is_held) = oneshot::channel::<()>();
    let blocker = Arc::clone(&core);
    let holder = tokio::task::spawn_blocking(move || {
        let _held: Vec<_> = (0..casewatch::store::READERS)
            .map(|_| blocker.store())
            .collect();
        held.send(()).unwrap();
        released.recv().unwrap();
    });
    is_held.await.unwrap();
    let (status, body) = client
        .signed(
            &key,
            &command(
                "search",
                json!([{ "name": "query", "type": 3, "value": "CECOT" }]),
                MEMBER,
                "en-US",
            ),
        )
        .await;
    assert_eq!(status, 200);
    let response: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        response["type"], 5,
        "deferred while the store was busy: {response}"
    );
    assert_eq!(response["data"]["allowed_mentions"], json!({ "parse": [] }));
    release.send(()).unwrap();
    holder.await.unwrap();

    let (method, path, edit) = tokio::time::timeout(Duration::from_secs(10), recorded.recv())
        .await
        .expect("the follow-up arrives")
        .unwrap();
    assert_eq!(method, "PATCH");
    assert_eq!(
        path,
        format!(
            "/api/v10/webhooks/{}/A_UNIQUE_TOKEN/messages/@original",
            discord_support::APPLICATION
        )
    );
    discord_support::check_message(&edit);
    assert!(
        discord_support::visible_text(&edit).contains("CECOT"),
        "{edit}"
    );
}

/// The report that started the trust model: a signed `/retract id:E19`
/// from a server the bot had never seen, by a member with Manage Messages
/// there, made the release disappear from every community's timeline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_write_from_a_server_that_is_no_editor_changes_nothing_until_it_is_granted() {
    use discord_support::{granted_core, MODERATOR_PERMISSIONS};
    const MODERATOR: From<'static> = From::Guild {
        permissions: MODERATOR_PERMISSIONS,
        roles: &[],
    };
    let retract = || {
        command(
            "retract",
            json!([
                { "name": "id", "type": 3, "value": "E19" },
                { "name": "reason", "type": 3, "value": "I say so" },
            ]),
            MODERATOR,
            "en-US",
        )
    };
    let key = test_key(9);
    for granted in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let core = tokio::task::spawn_blocking(move || {
            shared(if granted {
                granted_core(&path)
            } else {
                seeded_core(&path)
            })
        })
        .await
        .unwrap();
        let fingerprint = |core: &SharedCore| core.store().fingerprint().unwrap();
        let before = fingerprint(&core);
        let (addr, _stop) = start(endpoint_for(core.clone(), &config(&key))).await;
        let mut client = Client::connect(addr).await;
        let (status, body) = client.signed(&key, &retract()).await;
        assert_eq!(status, 200);
        let response: Value = serde_json::from_slice(&body).unwrap();
        let content = response["data"]["content"]
            .as_str()
            .unwrap_or("")
            .to_string();
        if granted {
            assert_ne!(
                fingerprint(&core),
                before,
                "a granted server's moderator retracts"
            );
            let guard = &core;
            let log = guard.store().audit_since(0, u64::MAX >> 1).unwrap();
            let last = log.last().unwrap();
            assert_eq!(
                (last.action.as_str(), last.record_id),
                ("retract", Some(19))
            );
            assert_eq!(last.actor, "discord:53908232506183680");
        } else {
            assert!(
                content.contains("cannot change it, so /retract changed nothing")
                    && content.contains("casewatch editors add discord:290926798626357250"),
                "{content}"
            );
            assert_eq!(response["data"]["flags"], 64);
            assert_eq!(
                fingerprint(&core),
                before,
                "the refused write changed the store"
            );
        }
    }
}

/// Payloads as Discord sends them today and as its older documentation
/// shows them (without the fields added since, which serenity's typed
/// structs require) are answered alike: a PING, a command, an
/// autocomplete and a button, signed, over loopback.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn older_and_current_payload_shapes_are_answered_alike() {
    let dir = tempfile::tempdir().unwrap();
    let key = test_key(11);
    let (addr, _stop) = start(endpoint_for(seeded(dir.path()).await, &config(&key))).await;
    let mut client = Client::connect(addr).await;
    let focused = json!([{ "name": "speaker", "type": 3, "value": "tak", "focused": true }]);
    let cases: Vec<(&str, Value, u64)> = vec![
        ("ping", ping(), 1),
        (
            "command",
            command("timeline", json!([]), MEMBER, "en-US"),
            4,
        ),
        (
            "command from a DM",
            command("timeline", json!([]), From::Dm, "es-419"),
            4,
        ),
        (
            "autocomplete",
            autocomplete("quote", focused, MEMBER, "en-US"),
            8,
        ),
        ("button", button("pg|timeline|2|0", MEMBER, "en-US"), 7),
    ];
    for (what, today, kind) in cases {
        let older = older_shape(today.clone());
        let (status, current) = client.signed(&key, &today).await;
        assert_eq!(status, 200, "{what}, today's shape");
        let current: Value = serde_json::from_slice(&current).unwrap();
        assert_eq!(current["type"], kind, "{what}: {current}");
        let (status, earlier) = client.signed(&key, &older).await;
        assert_eq!(status, 200, "{what}, the older shape");
        let earlier: Value = serde_json::from_slice(&earlier).unwrap();
        assert_eq!(earlier, current, "{what}: both shapes get the same answer");
        if kind == 8 {
            assert!(
                !current["data"]["choices"].as_array().unwrap().is_empty(),
                "{what}: {current}"
            );
        }
        if what != "ping" {
            // Why the endpoint has its own reader.
            assert!(
                serde_json::from_value::<serenity::model::application::Interaction>(older).is_err(),
                "{what}: serenity refuses the older shape"
            );
        }
    }
}

/// An endpoint on the seed data with these limits.
async fn limited(
    dir: &std::path::Path,
    key: &ed25519_dalek::SigningKey,
    limits: Limits,
) -> (SharedCore, SocketAddr, oneshot::Sender<()>) {
    let core = seeded(dir).await;
    let endpoint = Endpoint::with_limits(
        Handler::new(Arc::clone(&core), HandlerSettings::default()),
        config(key).verifier,
        Arc::new(serenity::http::HttpBuilder::new("").build()),
        limits,
    );
    let (addr, stop) = start(endpoint).await;
    (core, addr, stop)
}

/// Sends raw bytes and reads until the server closes; returns what came back.
async fn raw(addr: SocketAddr, bytes: &[u8], within: Duration) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(within, stream.read_to_end(&mut out))
        .await
        .ok()
        .map(|_| String::from_utf8_lossy(&out).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_write_is_answered_once_and_lands_once() {
    use discord_support::{granted_core, MODERATOR_PERMISSIONS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let core = tokio::task::spawn_blocking(move || shared(granted_core(&path)))
        .await
        .unwrap();
    let key = test_key(12);
    let (addr, _stop) = start(endpoint_for(core.clone(), &config(&key))).await;
    let moderator = From::Guild {
        permissions: MODERATOR_PERMISSIONS,
        roles: &[],
    };
    let retract = command(
        "retract",
        json!([
            { "name": "id", "type": 3, "value": "E19" },
            { "name": "reason", "type": 3, "value": "duplicate of E18" },
        ]),
        moderator,
        "en-US",
    );
    let audited = |core: &SharedCore| core.store().audit_since(0, u64::MAX >> 1).unwrap().len();
    let before = audited(&core);
    let mut client = Client::connect(addr).await;
    let (status, first) = client.signed(&key, &retract).await;
    assert_eq!(status, 200);
    let after_first = core.store().fingerprint().unwrap();
    // The same signed request again, on another connection too.
    let (status, again) = client.signed(&key, &retract).await;
    assert_eq!(status, 200);
    let (_, elsewhere) = Client::connect(addr).await.signed(&key, &retract).await;
    assert_eq!(again, first, "a replay gets the first response");
    assert_eq!(elsewhere, first);
    assert_eq!(audited(&core), before + 1, "the retraction ran once");
    assert_eq!(core.store().fingerprint().unwrap(), after_first);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_or_slow_body_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let key = test_key(13);
    let limits = Limits {
        max_body: 4096,
        body_read: Duration::from_millis(300),
        ..Limits::default()
    };
    let (core, addr, _stop) = limited(dir.path(), &key, limits).await;
    let before = core.store().fingerprint().unwrap();
    let mut big = command(
        "search",
        json!([{ "name": "query", "type": 3, "value": "x".repeat(5000) }]),
        MEMBER,
        "en-US",
    );
    big["padding"] = json!("y");
    let (status, _) = Client::connect(addr).await.signed(&key, &big).await;
    assert_eq!(status, 413);
    // Headers promise 100 bytes; 10 come, then nothing.
    let slow = "POST /interactions HTTP/1.1\r\nhost: x\r\nx-signature-ed25519: 00\r\nx-signature-timestamp: 1\r\ncontent-length: 100\r\n\r\n{\"type\":1,";
    let answer = raw(addr, slow.as_bytes(), Duration::from_secs(5))
        .await
        .expect("answered in time");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(core.store().fingerprint().unwrap(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_and_idle_connections_are_closed() {
    let dir = tempfile::tempdir().unwrap();
    let key = test_key(14);
    let limits = Limits {
        header_read: Duration::from_millis(300),
        ..Limits::default()
    };
    let (_core, addr, _stop) = limited(dir.path(), &key, limits).await;
    let closed = raw(
        addr,
        b"POST /interactions HTTP/1.1\r\nhost:",
        Duration::from_secs(5),
    )
    .await;
    assert!(
        closed.is_some(),
        "half-sent headers: the connection is closed"
    );
    let closed = raw(addr, b"", Duration::from_secs(5)).await;
    assert!(closed.is_some(), "an idle connection is closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_cap_get_503_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let key = test_key(15);
    let limits = Limits {
        max_connections: 1,
        connection_wait: Duration::from_millis(100),
        ..Limits::default()
    };
    let (_core, addr, _stop) = limited(dir.path(), &key, limits).await;
    let mut holder = Client::connect(addr).await;
    assert_eq!(holder.signed(&key, &ping()).await.0, 200);
    let (status, _) = Client::connect(addr).await.signed(&key, &ping()).await;
    assert_eq!(status, 503, "over the cap");
    drop(holder);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, _) = Client::connect(addr).await.signed(&key, &ping()).await;
    assert_eq!(status, 200, "a freed slot is used again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_says_whether_the_database_answers() {
    let dir = tempfile::tempdir().unwrap();
    let key = test_key(16);
    let limits = Limits {
        health: Duration::from_millis(300),
        ..Limits::default()
    };
    let (core, addr, _stop) = limited(dir.path(), &key, limits).await;
    let get = "GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n";
    let answer = raw(addr, get.as_bytes(), Duration::from_secs(5))
        .await
        .unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200") && answer.ends_with("ok\n"),
        "{answer}"
    );
    let post =
        "POST /healthz HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    let answer = raw(addr, post.as_bytes(), Duration::from_secs(5))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
    assert!(
        answer.to_lowercase().contains("\r\nallow: get, head\r\n"),
        "{answer}"
    );
    let wrong = "GET /interactions HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n";
    let answer = raw(addr, wrong.as_bytes(), Duration::from_secs(5))
        .await
        .unwrap();
    assert!(
        answer.to_lowercase().contains("\r\nallow: post\r\n"),
        "{answer}"
    );
    // Every read connection held: the database does not answer in time.
    let (release, released) = std::sync::mpsc::channel::<()>();
    let (held, is_held) = oneshot::channel::<()>();
    let blocker = Arc::clone(&core);
    let holder = tokio::task::spawn_blocking(move || {
        let _held: Vec<_> = (0..casewatch::store::READERS)
            .map(|_| blocker.store())
            .collect();
        held.send(()).unwrap();
        released.recv().unwrap();
    });
    is_held.await.unwrap();
    let answer = raw(addr, get.as_bytes(), Duration::from_secs(5))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    release.send(()).unwrap();
    holder.await.unwrap();
}
