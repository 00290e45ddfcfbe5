//! Wrong answer to asyncfn4: returns `Pin<Box<dyn Future<Output = T> + 'a>>`
//! without `+ Send`, so a lookup through `dyn NameStore` can no longer run in a
//! spawned task.
//!
//! Rejected by: compile

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A boxed future that may borrow from the call it came from.
type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Somewhere to look up a user's name.
trait NameStore: Send + Sync {
    fn name_of(&self, id: u32) -> BoxFuture<'_, Option<String>>;
}

/// Names held in memory.
struct MemoryStore(HashMap<u32, String>);

impl NameStore for MemoryStore {
    fn name_of(&self, id: u32) -> BoxFuture<'_, Option<String>> {
        Box::pin(async move { self.0.get(&id).cloned() })
    }
}

/// Names behind a slow service that knows every id.
struct SlowService;

impl NameStore for SlowService {
    fn name_of(&self, id: u32) -> BoxFuture<'_, Option<String>> {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            Some(format!("user{id}"))
        })
    }
}

/// Asks each store in turn and returns the first name found.
async fn find_name(stores: &[Box<dyn NameStore>], id: u32) -> Option<String> {
    for store in stores {
        if let Some(name) = store.name_of(id).await {
            return Some(name);
        }
    }
    None
}

#[tokio::main]
async fn main() {
    let cache = MemoryStore(HashMap::from([(1, "ada".to_string())]));
    let stores: Vec<Box<dyn NameStore>> = vec![Box::new(cache), Box::new(SlowService)];
    println!("{:?}", find_name(&stores, 2).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn stores() -> Vec<Box<dyn NameStore>> {
        let cache = MemoryStore(HashMap::from([(1, "ada".to_string())]));
        vec![Box::new(cache), Box::new(SlowService)]
    }

    #[tokio::test(start_paused = true)]
    async fn the_cache_answers_without_asking_the_service() {
        let start = Instant::now();
        assert_eq!(find_name(&stores(), 1).await.as_deref(), Some("ada"));
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_cache_miss_falls_through_to_the_service() {
        assert_eq!(find_name(&stores(), 7).await.as_deref(), Some("user7"));
    }

    #[tokio::test(start_paused = true)]
    async fn lookups_can_run_in_spawned_tasks() {
        let stores = std::sync::Arc::new(stores());
        let task = tokio::spawn(async move { find_name(&stores, 3).await });
        assert_eq!(task.await.unwrap().as_deref(), Some("user3"));
    }
}
