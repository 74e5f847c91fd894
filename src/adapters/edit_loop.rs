//! The edit pass the chat adapters run every 30 seconds beside the digest
//! pass: corrections and retractions carried to the messages that showed
//! the record, on the blocking pool (the store is synchronous), with the
//! outcome logged. The queue and its rules live in the core
//! (`core::edits`), which takes the database only between edits.

use std::sync::Arc;

use crate::core::digest::schedule::SystemClock;
use crate::core::edits::{send_due_edits as pass, EditSettings, EditSink};
use crate::core::Core;

use super::digest_loop::TICK;

/// Sends due edits through the sink `make_sink` builds, every
/// [`TICK`], until the task is dropped.
pub async fn send_due_edits<S, F>(core: Arc<Core>, platform: &'static str, make_sink: F)
where
    S: EditSink,
    F: Fn(tokio::runtime::Handle) -> S + Clone + Send + 'static,
{
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let core = Arc::clone(&core);
        let make_sink = make_sink.clone();
        let runtime = tokio::runtime::Handle::current();
        let result = tokio::task::spawn_blocking(move || {
            let mut sink = make_sink(runtime);
            pass(
                core.database(),
                &SystemClock,
                &mut sink,
                EditSettings::default(),
            )
        })
        .await;
        match result {
            Ok(Ok(report)) => {
                for (message, corrections) in &report.edited {
                    tracing::info!(message, corrections, "posted {platform} message edited");
                }
                for (message, why) in &report.failed {
                    tracing::warn!(message, "{platform} message edit given up: {why}");
                }
            }
            Ok(Err(err)) => tracing::error!("the {platform} edit pass failed: {err:#}"),
            Err(err) => tracing::error!("the {platform} edit pass stopped: {err:#}"),
        }
    }
}
