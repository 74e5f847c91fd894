//! Inputs the fuzz targets (`fuzz/`, `scripts/fuzz`) found crashing, kept
//! as tests: each must now be answered or politely refused, never crash,
//! and change nothing it should not.
#![cfg(feature = "discord")]

mod discord_support;

use std::net::SocketAddr;
use std::sync::Arc;

use casewatch::adapters::discord::config::{verifier, EndpointConfig, Secret};
use casewatch::adapters::discord::endpoint::serve_on;
use casewatch::adapters::discord::endpoint_for;
use casewatch::adapters::discord::interaction::ModeratorRule;
use casewatch::adapters::discord::payload::Interaction;
use discord_support::{
    command, ping, public_key_hex, seeded_core, shared, test_key, Client, From, MEMBER_PERMISSIONS,
};
use rstest::rstest;
use serde_json::{json, Value};
use tokio::net::TcpListener;

const MEMBER: From<'static> = From::Guild {
    permissions: MEMBER_PERMISSIONS,
    roles: &[],
};

/// `discord_interaction` crash-9bc694ed: an animated avatar hash (`a_…`)
/// whose next character is not ASCII. serenity 0.12.5's `ImageHash`
/// slices it at byte 2 and panicked inside `serde_json::from_slice`. The
/// endpoint now reads interactions through its own types, which do not
/// read avatars at all.
fn odd_avatar(from: From<'static>) -> Value {
    let mut payload = command("timeline", json!([]), from, "en-US");
    let user = match from {
        From::Guild { .. } => &mut payload["member"]["user"],
        From::Dm => &mut payload["user"],
    };
    user["avatar"] = json!("a_d\u{2d7}fa99b3eeaa7dd43acca82f5692432");
    payload
}

#[rstest]
#[case::guild_member(MEMBER)]
#[case::direct_message(From::Dm)]
fn a_non_ascii_avatar_hash_reads_without_a_panic(#[case] from: From<'static>) {
    let body = serde_json::to_vec(&odd_avatar(from)).unwrap();
    let read = std::panic::catch_unwind(|| Interaction::read(&body).map(|(id, _)| id));
    let read = read.expect("reading never panics");
    assert!(read.is_ok(), "{read:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_endpoint_answers_a_non_ascii_avatar_hash_and_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let core = tokio::task::spawn_blocking(move || shared(seeded_core(&path)))
        .await
        .unwrap();
    let before = core.store().fingerprint().unwrap();
    let key = test_key(9);
    let hex = public_key_hex(&key);
    let config = EndpointConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        verifier: verifier(&hex).unwrap(),
        public_key: Secret::new(hex),
        token: None,
        guild_id: None,
        moderators: ModeratorRule::default(),
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let endpoint = Arc::new(endpoint_for(core.clone(), &config));
    tokio::spawn(serve_on(listener, endpoint, std::future::pending()));
    let mut client = Client::connect(addr).await;

    let (status, body) = client.signed(&key, &odd_avatar(MEMBER)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["type"], 4, "{answer}");
    // The connection survived: when the panic happened it dropped it.
    let (status, _) = client.signed(&key, &ping()).await;
    assert_eq!(status, 200);
    assert_eq!(core.store().fingerprint().unwrap(), before);
}
