//! Wrong answer to futures4: polls each reminder once with `now_or_never` and
//! drops it, which starts the mail server's wait and then abandons it: no
//! reminder is ever delivered.
//!
//! Rejected by: tests::every_member_gets_a_reminder

use futures::FutureExt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Every message sent so far, shared by whoever holds a clone.
type Outbox = Arc<Mutex<Vec<String>>>;

async fn send_reminder(outbox: &Outbox, member: &str) {
    // Pretend this talks to a mail server.
    tokio::time::sleep(Duration::from_millis(50)).await;
    outbox
        .lock()
        .unwrap()
        .push(format!("reminder for {member}"));
}

/// Sends every member a reminder and returns how many were sent.
async fn remind_everyone(outbox: &Outbox, members: &[&str]) -> usize {
    let reminders: Vec<_> = members
        .iter()
        .map(|member| send_reminder(outbox, member))
        .collect();
    let sent = reminders.len();
    for reminder in reminders {
        let _ = reminder.now_or_never();
    }
    sent
}

#[tokio::main]
async fn main() {
    let outbox = Outbox::default();
    let sent = remind_everyone(&outbox, &["ana", "bo"]).await;
    println!("sent {sent}: {:?}", outbox.lock().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn every_member_gets_a_reminder() {
        let outbox = Outbox::default();
        let sent = remind_everyone(&outbox, &["ana", "bo", "cy"]).await;
        assert_eq!(sent, 3);
        assert_eq!(
            *outbox.lock().unwrap(),
            ["reminder for ana", "reminder for bo", "reminder for cy"],
            "the outbox should hold every reminder, in member order"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn no_members_means_no_mail() {
        let outbox = Outbox::default();
        assert_eq!(remind_everyone(&outbox, &[]).await, 0);
        assert!(outbox.lock().unwrap().is_empty());
    }
}
