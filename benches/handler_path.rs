//! What one Discord command costs casewatch itself, without HTTP,
//! signatures or a load generator: the interaction read from its JSON
//! body, the handler (the core's answer on the blocking pool, then the
//! embed), and the response written back to JSON, one request after
//! another on the seed case with no answer kept. Prints the wall time a
//! request and the response's size.
//!
//! `cargo bench --bench handler_path -- timeline` (or `ping`); `N` sets
//! the requests (default 2,000). Wall time on a shared machine drifts, so
//! for figures that must not, count instructions: run the bench binary
//! under `valgrind --tool=callgrind` with `N=300` and with `N=1`, and
//! divide the difference by 299 (BENCHMARKS.md, "An answer's own cost").

#[path = "../tests/discord_support/mod.rs"]
mod discord_support;

use casewatch::adapters::discord::payload::Interaction;
use discord_support::{command, handler, ping, seeded_core, shared, From, MEMBER_PERMISSIONS};
use serde_json::json;

fn main() {
    casewatch::tune_allocator();
    let which = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_else(|| "timeline".to_string());
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let core = shared(seeded_core(dir.path()));
        core.set_keep_answers(false);
        let handler = handler(core);
        let member = From::Guild {
            permissions: MEMBER_PERMISSIONS,
            roles: &[],
        };
        let payload = match which.as_str() {
            "ping" => ping(),
            "timeline" => command("timeline", json!([]), member, "en-US"),
            other => panic!("unknown request {other:?}: timeline or ping"),
        };
        let body = serde_json::to_vec(&payload).expect("a body");
        let started = std::time::Instant::now();
        let mut bytes = 0;
        for _ in 0..n {
            let (_, interaction) = Interaction::read(&body).expect("a readable interaction");
            let response = handler.handle(interaction).await;
            bytes += serde_json::to_vec(&response.initial)
                .expect("an encodable response")
                .len();
        }
        let each = started.elapsed().as_secs_f64() * 1e6 / n.max(1) as f64;
        println!(
            "{which}: {n} requests, {each:.1} µs each, {} bytes a response",
            bytes / n.max(1)
        );
    });
}
