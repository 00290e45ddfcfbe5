//! Wrong answer to detach1: awaits the audit entry, so it is written, but the
//! caller waits the whole 500 ms for it.
//!
//! Rejected by: tests::the_answer_does_not_wait_for_the_audit, tests::the_audit_entry_is_written_after_the_answer

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An audit trail on slow storage: writing one entry takes 500 ms.
#[derive(Clone, Default)]
struct AuditLog {
    entries: Arc<Mutex<Vec<String>>>,
}

impl AuditLog {
    async fn record(self, entry: String) {
        tokio::time::sleep(Duration::from_millis(500)).await;
        self.entries.lock().unwrap().push(entry);
    }

    fn entries(&self) -> Vec<String> {
        self.entries.lock().unwrap().clone()
    }
}

/// Answers at once; the audit entry is written in the background.
async fn delete_file(path: &str, audit: &AuditLog) -> String {
    audit.clone().record(format!("deleted {path}")).await;
    format!("{path} deleted")
}

#[tokio::main]
async fn main() {
    let audit = AuditLog::default();
    println!("{}", delete_file("notes.txt", &audit).await);
    tokio::time::sleep(Duration::from_secs(1)).await;
    println!("audit: {:?}", audit.entries());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_answer_does_not_wait_for_the_audit() {
        let audit = AuditLog::default();
        let start = Instant::now();
        assert_eq!(delete_file("a.txt", &audit).await, "a.txt deleted");
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn the_audit_entry_is_written_after_the_answer() {
        let audit = AuditLog::default();
        delete_file("a.txt", &audit).await;
        delete_file("b.txt", &audit).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert!(audit.entries().is_empty(), "written before 500 ms passed?");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(audit.entries(), ["deleted a.txt", "deleted b.txt"]);
    }
}
