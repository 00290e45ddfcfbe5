//! spawn3: many tasks sharing one value (`Arc` + a clone per task).
//!
//! `async move` moves what the block uses into the task. In a loop that is a
//! problem: the first iteration moves the value away, and the second has
//! nothing left to move. To share one read-only value between tasks, put it in
//! an `Arc` and give every task its own clone of the `Arc` (a pointer copy and
//! a counter bump, not a copy of the data).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// A big read-only table; deliberately not `Clone`, so nobody copies it.
struct Directory {
    names: HashMap<u32, String>,
}

impl Directory {
    async fn lookup(&self, id: u32) -> String {
        // Each lookup waits on a slow backend.
        tokio::time::sleep(Duration::from_millis(50)).await;
        self.names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "unknown".into())
    }
}

/// Looks up every id in its own task and returns the names in id order.
async fn display_names(directory: Arc<Directory>, ids: Vec<u32>) -> Vec<String> {
    let mut handles = Vec::new();
    for id in ids {
        // TODO: every task needs its own handle on the directory.
        handles.push(tokio::spawn(async move { directory.lookup(id).await }));
    }
    let mut names = Vec::new();
    for handle in handles {
        names.push(handle.await.unwrap());
    }
    names
}

#[tokio::main]
async fn main() {
    let names = HashMap::from([(1, "ada".to_string()), (2, "grace".to_string())]);
    let directory = Arc::new(Directory { names });
    println!("{:?}", display_names(directory, vec![1, 2, 3]).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::Handle;
    use tokio::time::Instant;

    fn directory() -> Arc<Directory> {
        let names = (1..=4).map(|id| (id, format!("user{id}"))).collect();
        Arc::new(Directory { names })
    }

    #[tokio::test(start_paused = true)]
    async fn every_id_is_looked_up_concurrently() {
        let start = Instant::now();
        let names = display_names(directory(), vec![3, 1, 9, 4]).await;
        assert_eq!(names, ["user3", "user1", "unknown", "user4"]);
        assert_eq!(start.elapsed(), Duration::from_millis(50));
    }

    // The test body is not a task itself, so the runtime's count of live
    // tasks is exactly the tasks `display_names` spawned.
    #[tokio::test(start_paused = true)]
    async fn each_lookup_is_a_task_of_its_own() {
        let count_tasks_midway = async {
            tokio::time::sleep(Duration::from_millis(25)).await;
            Handle::current().metrics().num_alive_tasks()
        };
        let ids = vec![2, 4, 6, 1, 3];
        let (names, alive) = tokio::join!(display_names(directory(), ids), count_tasks_midway);
        assert_eq!(names, ["user2", "user4", "unknown", "user1", "user3"]);
        assert_eq!(alive, 5, "25 ms in, one task per id should be running");
    }

    #[tokio::test(start_paused = true)]
    async fn tasks_let_go_of_the_directory_when_done() {
        let directory = directory();
        display_names(Arc::clone(&directory), vec![1, 2]).await;
        assert_eq!(Arc::strong_count(&directory), 1);
    }
}
