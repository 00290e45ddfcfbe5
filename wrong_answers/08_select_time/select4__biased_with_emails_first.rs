//! Wrong answer to select4: adds `biased;` but leaves the emails branch on
//! top. `biased;` polls the branches in the order they are written, so this
//! gives routine emails priority over urgent pages.
//!
//! Rejected by: tests::waiting_pages_go_before_waiting_emails, tests::an_email_waits_as_long_as_pages_keep_coming

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

/// Sending one message takes this long.
const SEND_TIME: Duration = Duration::from_millis(10);

/// Sends pages and emails until both queues are closed and empty; returns
/// what was sent, in order.
async fn dispatch(
    mut pages: mpsc::Receiver<String>,
    mut emails: mpsc::Receiver<String>,
) -> Vec<String> {
    let mut sent = Vec::new();
    loop {
        let message = tokio::select! {
            biased;
            Some(email) = emails.recv() => format!("email: {email}"),
            Some(page) = pages.recv() => format!("page: {page}"),
            else => break,
        };
        sleep(SEND_TIME).await;
        sent.push(message);
    }
    sent
}

#[tokio::main]
async fn main() {
    let (page_tx, pages) = mpsc::channel(4);
    let (email_tx, emails) = mpsc::channel(4);
    email_tx.send("weekly report".to_string()).await.unwrap();
    page_tx.send("disk full".to_string()).await.unwrap();
    drop((page_tx, email_tx));
    println!("{:?}", dispatch(pages, emails).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, sleep_until, timeout};

    fn pages_then_emails(pages: &[String], emails: &[String]) -> Vec<String> {
        let pages = pages.iter().map(|page| format!("page: {page}"));
        let emails = emails.iter().map(|email| format!("email: {email}"));
        pages.chain(emails).collect()
    }

    /// The order of a dispatch at a glance: `p` for a page, `e` for an email.
    fn kinds(sent: &[String]) -> String {
        sent.iter()
            .map(|message| {
                if message.starts_with("page") {
                    'p'
                } else {
                    'e'
                }
            })
            .collect()
    }

    async fn run(pages: mpsc::Receiver<String>, emails: mpsc::Receiver<String>) -> Vec<String> {
        timeout(Duration::from_secs(60), dispatch(pages, emails))
            .await
            .expect("the dispatcher never returned")
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_pages_go_before_waiting_emails() {
        let (page_tx, pages) = mpsc::channel(32);
        let (email_tx, emails) = mpsc::channel(32);
        let page_texts: Vec<String> = (0..24).map(|n| format!("server {n} down")).collect();
        let email_texts: Vec<String> = (0..24).map(|n| format!("report {n}")).collect();
        for (page, email) in page_texts.iter().zip(&email_texts) {
            email_tx.send(email.clone()).await.unwrap();
            page_tx.send(page.clone()).await.unwrap();
        }
        drop((page_tx, email_tx));
        let sent = run(pages, emails).await;
        let expected = pages_then_emails(&page_texts, &email_texts);
        assert_eq!(
            kinds(&sent),
            kinds(&expected),
            "every waiting page (p) should be sent before any waiting email (e)"
        );
        assert_eq!(sent, expected);
    }

    #[tokio::test(start_paused = true)]
    async fn an_email_waits_as_long_as_pages_keep_coming() {
        let (page_tx, pages) = mpsc::channel(4);
        let (email_tx, emails) = mpsc::channel(4);
        email_tx.send("weekly report".to_string()).await.unwrap();
        drop(email_tx);
        page_tx.send("page 0".to_string()).await.unwrap();
        let start = Instant::now();
        // A new page lands 5 ms before each send finishes, for 300 ms.
        tokio::spawn(async move {
            for n in 1..=30 {
                sleep_until(start + SEND_TIME * n - Duration::from_millis(5)).await;
                page_tx.send(format!("page {n}")).await.unwrap();
            }
        });
        let sent = run(pages, emails).await;
        let page_texts: Vec<String> = (0..=30).map(|n| format!("page {n}")).collect();
        let expected = pages_then_emails(&page_texts, &["weekly report".to_string()]);
        assert_eq!(
            kinds(&sent),
            kinds(&expected),
            "with priority, the email (e) waits until the pages (p) stop"
        );
        assert_eq!(sent, expected);
        assert_eq!(start.elapsed(), SEND_TIME * 32);
    }
}
