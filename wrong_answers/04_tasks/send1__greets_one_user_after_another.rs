//! Wrong answer to send1: parses after the wait (right), but greets the users
//! one after the other, without tasks, so the lookups take turns.
//!
//! Rejected by: tests::users_are_greeted_concurrently, tests::each_user_is_greeted_by_a_task_of_its_own

use std::rc::Rc;
use std::time::Duration;

/// A template engine from a library we cannot change: it hands out `Rc`s.
mod template {
    use std::rc::Rc;

    pub struct Template(String);

    pub fn parse(source: &str) -> Rc<Template> {
        Rc::new(Template(source.to_string()))
    }

    impl Template {
        pub fn render(&self, name: &str) -> String {
            self.0.replace("{name}", name)
        }
    }
}

/// Stands in for a database lookup that takes 100 ms.
async fn fetch_name(user_id: u32) -> String {
    tokio::time::sleep(Duration::from_millis(100)).await;
    format!("user{user_id}")
}

/// Greets every user from its own task, in user order.
async fn greet_all(source: &str, user_ids: Vec<u32>) -> Vec<String> {
    let mut greetings = Vec::new();
    for user_id in user_ids {
        let name = fetch_name(user_id).await;
        let template: Rc<template::Template> = template::parse(source);
        greetings.push(template.render(&name));
    }
    greetings
}

#[tokio::main]
async fn main() {
    println!("{:?}", greet_all("Hello, {name}!", vec![1, 2]).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::Handle;
    use tokio::time::Instant;

    fn assert_send<T: Send>(_: &T) {}

    // Checked when the file compiles: if `greet_all`'s future keeps an `Rc`
    // across an `.await`, with or without `tokio::spawn`, this does not build.
    #[test]
    fn greeting_everyone_is_a_send_future() {
        assert_send(&greet_all("Hi {name}", vec![1]));
    }

    #[tokio::test(start_paused = true)]
    async fn every_user_is_greeted_in_order() {
        let greetings = greet_all("Hi {name}", vec![7, 3]).await;
        assert_eq!(greetings, ["Hi user7", "Hi user3"]);
    }

    #[tokio::test(start_paused = true)]
    async fn users_are_greeted_concurrently() {
        let start = Instant::now();
        let greetings = greet_all("{name}!", vec![1, 2, 3, 4]).await;
        assert_eq!(greetings, ["user1!", "user2!", "user3!", "user4!"]);
        assert_eq!(start.elapsed(), Duration::from_millis(100));
    }

    // The test body is not a task itself, so the runtime's count of live
    // tasks is exactly the tasks `greet_all` spawned.
    #[tokio::test(start_paused = true)]
    async fn each_user_is_greeted_by_a_task_of_its_own() {
        let count_tasks_midway = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Handle::current().metrics().num_alive_tasks()
        };
        let greeting = greet_all("Hey {name}", vec![5, 6, 9]);
        let (greetings, alive) = tokio::join!(greeting, count_tasks_midway);
        assert_eq!(greetings, ["Hey user5", "Hey user6", "Hey user9"]);
        assert_eq!(alive, 3, "50 ms in, one task per user should be running");
    }
}
