//! Wrong answer to threads1: runs the pings together with `join_all` inside
//! the one task instead of giving each its own task: concurrent, but nothing
//! like a thread per ping.
//!
//! Rejected by: tests::each_ping_is_its_own_task

use std::time::Duration;

/// Pings `host` and reports its round-trip time.
async fn ping(host: String) -> String {
    let millis = match host.as_str() {
        "alpha" => 300,
        "beta" => 100,
        _ => 200,
    };
    tokio::time::sleep(Duration::from_millis(millis)).await;
    format!("{host}: {millis} ms")
}

/// Pings every host and returns their replies in the order given.
async fn ping_all(hosts: Vec<String>) -> Vec<String> {
    futures::future::join_all(hosts.into_iter().map(ping)).await
}

#[tokio::main]
async fn main() {
    let hosts = ["alpha", "beta", "gamma"].map(String::from).to_vec();
    for reply in ping_all(hosts).await {
        println!("{reply}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::Handle;
    use tokio::time::Instant;

    fn hosts() -> Vec<String> {
        ["alpha", "beta", "gamma"].map(String::from).to_vec()
    }

    #[tokio::test(start_paused = true)]
    async fn replies_keep_the_host_order() {
        let replies = ping_all(hosts()).await;
        assert_eq!(replies, ["alpha: 300 ms", "beta: 100 ms", "gamma: 200 ms"]);
    }

    #[tokio::test(start_paused = true)]
    async fn pings_run_at_the_same_time() {
        let start = Instant::now();
        ping_all(hosts()).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(300),
            "all pings should take as long as the slowest one"
        );
        let start = Instant::now();
        let replies = ping_all(["gamma", "beta"].map(String::from).to_vec()).await;
        assert_eq!(replies, ["gamma: 200 ms", "beta: 100 ms"]);
        assert_eq!(start.elapsed(), Duration::from_millis(200));
    }

    // The test body is not a task itself, so the runtime's count of live
    // tasks is exactly the tasks `ping_all` spawned.
    #[tokio::test(start_paused = true)]
    async fn each_ping_is_its_own_task() {
        let count_tasks_midway = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Handle::current().metrics().num_alive_tasks()
        };
        let (_, alive) = tokio::join!(ping_all(hosts()), count_tasks_midway);
        assert_eq!(alive, 3, "50 ms in, one task per host should be running");
    }
}
