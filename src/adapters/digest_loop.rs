//! The digest pass the chat adapters run every 30 seconds, on the blocking
//! pool (the store is synchronous), with the platform's sink built inside
//! it, and the outcome logged. Exactly-once lives in the core's runner
//! (`core::digest::run`), which takes the database only between sends, so
//! commands are answered while a digest goes out.

use std::sync::Arc;
use std::time::Duration;

use crate::core::digest::run::{run_due, DigestSettings, DigestSink};
use crate::core::digest::schedule::SystemClock;
use crate::core::Core;

/// How often due digests are looked for.
pub const TICK: Duration = Duration::from_secs(30);

/// Posts due digests through the sink `make_sink` builds, every [`TICK`],
/// until the task is dropped.
pub async fn post_due_digests<S, F>(
    core: Arc<Core>,
    platform: &'static str,
    settings: DigestSettings,
    make_sink: F,
) where
    S: DigestSink,
    F: Fn(tokio::runtime::Handle) -> S + Clone + Send + 'static,
{
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let core = Arc::clone(&core);
        let make_sink = make_sink.clone();
        let runtime = tokio::runtime::Handle::current();
        let pass = tokio::task::spawn_blocking(move || {
            let mut sink = make_sink(runtime);
            run_due(core.database(), &SystemClock, &mut sink, settings)
        })
        .await;
        match pass {
            Ok(Ok(report)) => {
                for (subscription, date, parts) in &report.posted {
                    tracing::info!(subscription, %date, parts, "digest posted to {platform}");
                }
                for (subscription, why) in &report.failed {
                    tracing::error!(
                        subscription,
                        "{platform} digest turn failed; it is tried again next pass: {why}"
                    );
                }
                for (subscription, why) in &report.disabled {
                    tracing::warn!(
                        subscription,
                        "{platform} digest subscription disabled: {why}"
                    );
                }
            }
            Ok(Err(err)) => tracing::error!("the {platform} digest pass failed: {err:#}"),
            Err(err) => tracing::error!("the {platform} digest pass stopped: {err:#}"),
        }
    }
}
