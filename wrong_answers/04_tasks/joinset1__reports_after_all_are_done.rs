//! Wrong answer to joinset1: uses a `JoinSet`, but `join_all` waits for every
//! probe before reporting any, so the fast mirrors are reported late.
//!
//! Rejected by: tests::each_answer_is_reported_when_it_arrives

use std::time::Duration;

struct Mirror {
    name: &'static str,
    latency: Duration,
}

/// Stands in for a network round trip to `mirror`.
async fn probe(mirror: Mirror) -> &'static str {
    tokio::time::sleep(mirror.latency).await;
    mirror.name
}

/// Probes every mirror at once and calls `on_answer` with each mirror's name
/// as soon as that mirror answers.
async fn probe_all(mirrors: Vec<Mirror>, mut on_answer: impl FnMut(&'static str)) {
    let mut probes = tokio::task::JoinSet::new();
    for mirror in mirrors {
        probes.spawn(probe(mirror));
    }
    for name in probes.join_all().await {
        on_answer(name);
    }
}

#[tokio::main]
async fn main() {
    let mirrors = vec![
        Mirror {
            name: "slow",
            latency: Duration::from_millis(30),
        },
        Mirror {
            name: "fast",
            latency: Duration::from_millis(10),
        },
    ];
    probe_all(mirrors, |name| println!("{name} answered")).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[tokio::test(start_paused = true)]
    async fn each_answer_is_reported_when_it_arrives() {
        let mirrors = vec![
            Mirror {
                name: "asia",
                latency: ms(120),
            },
            Mirror {
                name: "eu",
                latency: ms(20),
            },
            Mirror {
                name: "us",
                latency: ms(50),
            },
        ];
        let start = Instant::now();
        let mut answers = Vec::new();
        probe_all(mirrors, |name| answers.push((name, start.elapsed()))).await;
        assert_eq!(answers, [("eu", ms(20)), ("us", ms(50)), ("asia", ms(120))]);
    }

    #[tokio::test(start_paused = true)]
    async fn many_mirrors_take_as_long_as_the_slowest() {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let mirrors = names
            .iter()
            .zip(1..)
            .map(|(&name, i)| Mirror {
                name,
                latency: ms(10 * i),
            })
            .collect();
        let start = Instant::now();
        let mut answered = 0;
        probe_all(mirrors, |_| answered += 1).await;
        assert_eq!(answered, 8);
        assert_eq!(start.elapsed(), ms(80));
    }
}
