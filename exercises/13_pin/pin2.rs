//! pin2: a list of different futures.
//!
//! Every `async` block and every call of an `async fn` has its own anonymous
//! type, even when two of them look identical. A `Vec` holds one type, so two
//! different async blocks cannot share it as they are. Give them a common type:
//! box each one as a `Pin<Box<dyn Future<Output = T>>>` (one trait object type
//! for all of them), or, for exactly two kinds, wrap them in
//! `futures::future::Either`.

use futures::future::join_all;
use std::time::Duration;

/// Where a value can be found.
enum Source {
    /// Already known.
    Cache(u32),
    /// Must be asked for; the answer is ten times the id, after a round trip.
    Network(u32),
}

async fn look_up_all(sources: &[Source]) -> Vec<u32> {
    // TODO: two different async blocks cannot go in one Vec as they are.
    let mut lookups = Vec::new();
    for source in sources {
        match *source {
            Source::Cache(value) => lookups.push(async move { value }),
            Source::Network(id) => lookups.push(async move {
                tokio::time::sleep(Duration::from_millis(100)).await;
                id * 10
            }),
        }
    }
    // `join_all` runs them concurrently and keeps their order.
    join_all(lookups).await
}

#[tokio::main]
async fn main() {
    let values = look_up_all(&[Source::Cache(1), Source::Network(2)]).await;
    println!("{values:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn results_keep_the_order_of_the_sources() {
        let sources = [Source::Network(4), Source::Cache(7), Source::Network(1)];
        assert_eq!(look_up_all(&sources).await, [40, 7, 10]);
    }

    #[tokio::test(start_paused = true)]
    async fn network_lookups_overlap() {
        let start = Instant::now();
        look_up_all(&[Source::Network(1), Source::Network(2), Source::Network(3)]).await;
        assert_eq!(start.elapsed(), Duration::from_millis(100));
    }

    #[tokio::test(start_paused = true)]
    async fn no_sources_give_no_values() {
        assert!(look_up_all(&[]).await.is_empty());
    }
}
