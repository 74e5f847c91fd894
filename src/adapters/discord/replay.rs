//! Recent interaction ids and the response each got, so that a replay of
//! a signed request (a retry by Discord, or someone resending a captured
//! one within the timestamp window) gets the same response without
//! running the command again: a write lands once, a follow-up goes out
//! once. Bounded: the oldest ids are forgotten first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use hyper::body::Bytes;
use tokio::sync::OnceCell;

/// The response body sent for an interaction id.
type Slot = Arc<OnceCell<Bytes>>;

/// A bounded map from interaction id to its response.
pub struct ReplayCache {
    capacity: usize,
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    slots: HashMap<u64, Slot>,
    /// Ids in arrival order, to forget the oldest.
    order: VecDeque<u64>,
}

impl ReplayCache {
    pub fn new(capacity: usize) -> Self {
        ReplayCache {
            capacity: capacity.max(1),
            inner: Mutex::new(Entries::default()),
        }
    }

    /// The response for `id`: computed by `answer` the first time, the
    /// stored one afterwards. A replay arriving while the first is still
    /// being answered waits for that answer instead of running its own.
    /// If `answer` is cancelled (the client went away), the next request
    /// with that id runs it again.
    pub async fn answer<F>(&self, id: u64, answer: F) -> Bytes
    where
        F: std::future::Future<Output = Bytes>,
    {
        let slot = {
            let mut entries = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            match entries.slots.get(&id) {
                Some(slot) => Arc::clone(slot),
                None => {
                    if entries.order.len() >= self.capacity {
                        if let Some(oldest) = entries.order.pop_front() {
                            entries.slots.remove(&oldest);
                        }
                    }
                    let slot = Slot::default();
                    entries.slots.insert(id, Arc::clone(&slot));
                    entries.order.push_back(id);
                    slot
                }
            }
        };
        slot.get_or_init(|| answer).await.clone()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .slots
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_replay_is_answered_from_the_cache_and_the_oldest_id_is_forgotten() {
        let cache = ReplayCache::new(2);
        let runs = AtomicUsize::new(0);
        let run = |text: &'static str| {
            let runs = &runs;
            async move {
                runs.fetch_add(1, Ordering::SeqCst);
                Bytes::from(text)
            }
        };
        assert_eq!(cache.answer(1, run("first")).await, "first");
        assert_eq!(
            cache.answer(1, run("again")).await,
            "first",
            "not run again"
        );
        cache.answer(2, run("second")).await;
        cache.answer(3, run("third")).await;
        assert_eq!(cache.len(), 2, "bounded");
        assert_eq!(
            cache.answer(1, run("new")).await,
            "new",
            "id 1 was forgotten"
        );
        assert_eq!(runs.load(Ordering::SeqCst), 4);
    }
}
