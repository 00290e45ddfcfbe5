//! pin2: a list of different futures, each run as a task.
//!
//! Every `async` block and every call of an `async fn` has its own anonymous
//! type, even when two of them look identical. A `Vec` holds one type, so two
//! different async blocks cannot share it as they are. Give them a common
//! type: box each one as a `Pin<Box<dyn Future<Output = T>>>`, one trait
//! object type for all of them. Here each lookup is then spawned as its own
//! task, so the trait object must also promise what `tokio::spawn` needs:
//! `+ Send` (and owning its data, which makes it `'static`).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// Where a value can be found.
enum Source {
    /// Already known.
    Cache(u32),
    /// Must be asked for: the answer is ten times the id, after a round trip
    /// that takes longer for larger ids.
    Network(u32),
}

fn round_trip(id: u32) -> Duration {
    Duration::from_millis(100 * u64::from(id))
}

async fn look_up_all(sources: &[Source]) -> Vec<u32> {
    let mut lookups: Vec<Pin<Box<dyn Future<Output = u32> + Send>>> = Vec::new();
    for source in sources {
        match *source {
            Source::Cache(value) => lookups.push(Box::pin(async move { value })),
            Source::Network(id) => lookups.push(Box::pin(async move {
                tokio::time::sleep(round_trip(id)).await;
                id * 10
            })),
        }
    }
    // Each lookup runs as its own task (on any worker thread); the handles
    // keep the order of the sources.
    let tasks: Vec<_> = lookups.into_iter().map(tokio::spawn).collect();
    let mut values = Vec::with_capacity(tasks.len());
    for task in tasks {
        values.push(task.await.expect("a lookup panicked"));
    }
    values
}

#[tokio::main]
async fn main() {
    let values = look_up_all(&[Source::Cache(1), Source::Network(2)]).await;
    println!("{values:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::Handle;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn results_keep_the_order_of_the_sources() {
        let sources = [Source::Network(4), Source::Cache(7), Source::Network(1)];
        assert_eq!(look_up_all(&sources).await, [40, 7, 10]);
    }

    #[tokio::test(start_paused = true)]
    async fn network_lookups_overlap() {
        let start = Instant::now();
        let sources = [Source::Network(1), Source::Network(3), Source::Network(2)];
        assert_eq!(look_up_all(&sources).await, [10, 30, 20]);
        assert_eq!(
            start.elapsed(),
            round_trip(3),
            "the lookups should wait at the same time: as long as the slowest one"
        );
    }

    // The test body is not a task itself, so the runtime's count of live
    // tasks is exactly the lookups still running.
    #[tokio::test(start_paused = true)]
    async fn each_lookup_runs_as_its_own_task() {
        let sources = [Source::Network(2), Source::Cache(5), Source::Network(3)];
        let count_tasks_midway = async {
            tokio::time::sleep(Duration::from_millis(150)).await;
            Handle::current().metrics().num_alive_tasks()
        };
        let (values, alive) = tokio::join!(look_up_all(&sources), count_tasks_midway);
        assert_eq!(values, [20, 5, 30]);
        assert_eq!(
            alive, 2,
            "150 ms in, both network lookups should be running as tasks"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn no_sources_give_no_values() {
        assert!(look_up_all(&[]).await.is_empty());
    }
}
