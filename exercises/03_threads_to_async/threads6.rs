//! threads6: a plain thread that async tasks talk to: `blocking_recv`.
//!
//! Some libraries are synchronous and keep state that must stay on one
//! thread: a database connection, a hardware handle, a GUI toolkit. Give such
//! a resource a plain thread of its own, and let tasks send it requests
//! through a channel. Tokio's channels have blocking methods for exactly this:
//! on the plain thread, `Receiver::blocking_recv` waits for the next request
//! (blocking is what a plain thread is for; in async code it panics). The
//! answer goes back on a `oneshot` channel, whose `send` never waits, and the
//! task awaits it. What the plain thread cannot do is `.await`: it is not
//! async code, and no runtime runs on it for `Handle::current()` to find.

use std::thread;
use tokio::sync::{mpsc, oneshot};

/// A bookkeeping library that is not thread-safe: a `Ledger` must stay on
/// the thread that made it (the `Rc` inside makes it `!Send`).
mod books {
    use std::collections::HashMap;
    use std::rc::Rc;

    #[derive(Default)]
    pub struct Ledger {
        balances: HashMap<String, i64>,
        _this_thread_only: Rc<()>,
    }

    impl Ledger {
        /// Adds `amount` to `account` and returns the account's new balance.
        pub fn post(&mut self, account: &str, amount: i64) -> i64 {
            let balance = self.balances.entry(account.to_string()).or_default();
            *balance += amount;
            *balance
        }
    }
}

use books::Ledger;

/// A request to the ledger's thread, with the channel for its answer.
struct Posting {
    account: String,
    amount: i64,
    reply: oneshot::Sender<i64>,
}

/// Starts the thread that owns the ledger. Tasks reach it through the
/// returned sender; the thread ends once every sender is gone.
fn start_ledger() -> (mpsc::Sender<Posting>, thread::JoinHandle<()>) {
    let (postings, mut inbox) = mpsc::channel::<Posting>(16);
    let thread = thread::spawn(move || {
        let mut ledger = Ledger::default();
        // TODO: this closure is plain code on a plain thread: it cannot
        // `.await`. Wait for each posting the blocking way.
        while let Some(posting) = inbox.recv().await {
            let balance = ledger.post(&posting.account, posting.amount);
            // The task may have stopped waiting: then nobody needs the answer.
            let _ = posting.reply.send(balance);
        }
    });
    (postings, thread)
}

/// From async code: posts `amount` to `account`, returns the new balance.
async fn post(ledger: &mpsc::Sender<Posting>, account: &str, amount: i64) -> i64 {
    let (reply, balance) = oneshot::channel();
    let posting = Posting {
        account: account.to_string(),
        amount,
        reply,
    };
    ledger
        .send(posting)
        .await
        .expect("the ledger's thread has stopped");
    balance
        .await
        .expect("the ledger's thread dropped the posting")
}

#[tokio::main]
async fn main() {
    let (ledger, thread) = start_ledger();
    println!("ann: {}", post(&ledger, "ann", 50).await);
    println!("ann: {}", post(&ledger, "ann", -20).await);
    drop(ledger);
    // Joining blocks, so it goes to a thread meant for blocking.
    let joined = tokio::task::spawn_blocking(move || thread.join()).await;
    joined
        .expect("the joining task failed")
        .expect("the ledger's thread panicked");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::RecvTimeoutError;
    use std::time::Duration;

    #[tokio::test]
    async fn postings_come_back_with_the_new_balance() {
        let (ledger, _thread) = start_ledger();
        assert_eq!(post(&ledger, "ann", 50).await, 50);
        assert_eq!(post(&ledger, "bob", 20).await, 20);
        assert_eq!(post(&ledger, "ann", -15).await, 35);
    }

    #[tokio::test]
    async fn many_tasks_share_the_one_ledger() {
        let (ledger, _thread) = start_ledger();
        let tasks: Vec<_> = (1..=20)
            .map(|amount| {
                let ledger = ledger.clone();
                tokio::spawn(async move { post(&ledger, "pot", amount).await })
            })
            .collect();
        let mut balances = Vec::new();
        for task in tasks {
            balances.push(task.await.unwrap());
        }
        balances.sort();
        balances.dedup();
        assert_eq!(balances.len(), 20, "each posting gets the balance after it");
        assert_eq!(balances.last(), Some(&210), "1 + 2 + ... + 20");
    }

    // A plain `#[test]`: dropping the senders needs no runtime, and the
    // thread is joined from another plain thread, so that one which never
    // ends fails the test instead of hanging it.
    #[test]
    fn the_ledger_thread_ends_once_every_sender_is_gone() {
        let (ledger, thread) = start_ledger();
        let clone = ledger.clone();
        drop((ledger, clone));
        let (done, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(thread.join().is_ok());
        });
        match outcome.recv_timeout(Duration::from_secs(1)) {
            Ok(ended_well) => assert!(ended_well, "the ledger's thread panicked"),
            Err(RecvTimeoutError::Timeout) => {
                panic!("the ledger's thread still runs with no sender left")
            }
            Err(RecvTimeoutError::Disconnected) => {
                unreachable!("the joining thread always reports")
            }
        }
    }
}
