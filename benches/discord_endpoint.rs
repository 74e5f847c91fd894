//! Load test of `casewatch serve` on loopback: signed PINGs, `/timeline`
//! commands and `/quote speaker:` autocompletes from concurrent keep-alive
//! connections, in one run, reporting requests per second, p50/p99
//! latency and each scenario's rate as a share of PING's. `/timeline` runs
//! twice: as served (a community answer is kept while the record does not
//! change, `src/core/kept_answers.rs`) and with nothing kept, each request
//! read from the store and rendered. Every request
//! carries a fresh interaction id, so none is answered from the replay
//! cache. Bounded: at most `REQUESTS` per scenario and `BUDGET` of wall time.
//!
//! Run with `cargo bench --bench discord_endpoint`.

#[path = "../tests/discord_support/mod.rs"]
mod discord_support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use casewatch::adapters::discord::config::{verifier, EndpointConfig, Secret};
use casewatch::adapters::discord::endpoint::serve_on;
use casewatch::adapters::discord::endpoint_for;
use casewatch::adapters::discord::interaction::ModeratorRule;
use discord_support::{
    autocomplete, command, next_id, ping, public_key_hex, seeded_core, shared, test_key, Client,
    From, MEMBER_PERMISSIONS,
};
use serde_json::{json, Value};

const REQUESTS: usize = 20_000;
const CONNECTIONS: usize = 8;
const BUDGET: Duration = Duration::from_secs(30);

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

async fn scenario(
    name: &str,
    addr: std::net::SocketAddr,
    key: &ed25519_dalek::SigningKey,
    payload: Value,
) -> f64 {
    let per_connection = REQUESTS / CONNECTIONS;
    let started = Instant::now();
    let deadline = started + BUDGET;
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let key = key.clone();
        let payload = payload.clone();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            let mut latencies = Vec::with_capacity(per_connection);
            for _ in 0..per_connection {
                if Instant::now() > deadline {
                    break;
                }
                let mut payload = payload.clone();
                payload["id"] = json!(next_id());
                let sent = Instant::now();
                let (status, _) = client.signed(&key, &payload).await;
                latencies.push(sent.elapsed());
                assert_eq!(status, 200, "the endpoint answers signed requests");
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("a load task finished"));
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let rate = latencies.len() as f64 / elapsed.as_secs_f64();
    println!(
        "{name:<28} {:>5} requests in {:>6.2} s: {:>8.0} req/s, p50 {:>7.2} ms, p99 {:>7.2} ms",
        latencies.len(),
        elapsed.as_secs_f64(),
        rate,
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
    );
    rate
}

fn main() {
    casewatch::tune_allocator();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let core = shared(seeded_core(dir.path()));
        let core_handle = std::sync::Arc::clone(&core);
        let key = test_key(42);
        let hex = public_key_hex(&key);
        let config = EndpointConfig {
            addr: "127.0.0.1:0".parse().unwrap(),
            verifier: verifier(&hex).unwrap(),
            public_key: Secret::new(hex),
            token: None,
            guild_id: None,
            moderators: ModeratorRule::default(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve_on(listener, Arc::new(endpoint_for(core, &config)), async move {
            let _ = stopped.await;
        }));
        println!("casewatch serve on {addr}: {cores} cores, {CONNECTIONS} connections, signed Ed25519 requests, seed data store");
        let member = From::Guild { permissions: MEMBER_PERMISSIONS, roles: &[] };
        let pong = scenario("PING", addr, &key, ping()).await;
        let timeline = scenario("/timeline (command)", addr, &key, command("timeline", json!([]), member, "en-US")).await;
        // The same command with no answer kept: every request reads the
        // store on the blocking pool and renders, as after each change.
        core_handle.set_keep_answers(false);
        let unkept = scenario("/timeline, nothing kept", addr, &key, command("timeline", json!([]), member, "en-US")).await;
        core_handle.set_keep_answers(true);
        let focused = json!([{ "name": "speaker", "type": 3, "value": "tak", "focused": true }]);
        let complete = scenario("/quote speaker: (autocomplete)", addr, &key, autocomplete("quote", focused, member, "en-US")).await;
        println!("/timeline / PING = {:.2} (goal ≥ 0.33); autocomplete / PING = {:.2} (goal ≥ 0.50)", timeline / pong, complete / pong);
        println!("/timeline with nothing kept / PING = {:.2}", unkept / pong);
        let _ = stop.send(());
        let _ = server.await;
    });
}
