//! Wrong answer to cancel4: makes both changes first, with no `.await` in
//! between, and asks for the audit afterwards. No money is lost, but a
//! transfer that was cancelled (its caller gave up waiting for the approval)
//! has still moved the money.
//!
//! Rejected by: tests::cancelled_transfer_changes_nothing

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::sleep;

struct Bank {
    balances: Mutex<HashMap<&'static str, u64>>,
}

impl Bank {
    fn new(accounts: &[(&'static str, u64)]) -> Self {
        Bank {
            balances: Mutex::new(accounts.iter().copied().collect()),
        }
    }

    fn balance(&self, account: &str) -> u64 {
        self.balances.lock().unwrap()[account]
    }
}

/// The audit service approves every transfer, after a round trip.
async fn audit_approval() {
    sleep(Duration::from_millis(100)).await;
}

/// Moves `amount` from `from` to `to` (the caller checked the balance).
async fn transfer(bank: &Bank, from: &'static str, to: &'static str, amount: u64) {
    {
        let mut balances = bank.balances.lock().unwrap();
        *balances.get_mut(from).unwrap() -= amount;
        *balances.get_mut(to).unwrap() += amount;
    }
    audit_approval().await;
}

#[tokio::main]
async fn main() {
    let bank = Bank::new(&[("alice", 100), ("bob", 0)]);
    transfer(&bank, "alice", "bob", 30).await;
    println!(
        "alice {}, bob {}",
        bank.balance("alice"),
        bank.balance("bob")
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::timeout;

    #[tokio::test(start_paused = true)]
    async fn completed_transfer_moves_the_money() {
        let bank = Bank::new(&[("alice", 100), ("bob", 0)]);
        transfer(&bank, "alice", "bob", 30).await;
        assert_eq!((bank.balance("alice"), bank.balance("bob")), (70, 30));
    }

    #[tokio::test(start_paused = true)]
    async fn cancelled_transfer_changes_nothing() {
        let bank = Bank::new(&[("alice", 100), ("bob", 0)]);
        let outcome = timeout(
            Duration::from_millis(50),
            transfer(&bank, "alice", "bob", 30),
        )
        .await;
        assert!(outcome.is_err(), "the audit takes longer than 50 ms");
        sleep(Duration::from_secs(1)).await;
        assert_eq!(
            (bank.balance("alice"), bank.balance("bob")),
            (100, 0),
            "a cancelled transfer must leave both accounts as they were"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn no_money_is_lost_or_made_wherever_the_transfer_is_cancelled() {
        for cancel_after_ms in [0, 1, 50, 99, 100, 101, 200] {
            let bank = Bank::new(&[("alice", 100), ("bob", 0)]);
            let cancel_after = Duration::from_millis(cancel_after_ms);
            let _ = timeout(cancel_after, transfer(&bank, "alice", "bob", 30)).await;
            let total = bank.balance("alice") + bank.balance("bob");
            assert_eq!(total, 100, "cancelled after {cancel_after_ms} ms");
        }
    }
}
