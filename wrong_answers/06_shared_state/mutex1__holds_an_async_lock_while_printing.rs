//! Wrong answer to mutex1: switches to `tokio::sync::Mutex` and holds its
//! guard from the check through the printing. No seat is sold twice, but the
//! buyers now print one after the other.
//!
//! Rejected by: tests::tickets_are_printed_side_by_side

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

pub struct BoxOffice {
    seats_left: Mutex<u32>,
}

/// Prints `count` tickets: 10 ms a ticket.
async fn print_tickets(count: u32) {
    tokio::time::sleep(Duration::from_millis(10 * u64::from(count))).await;
}

impl BoxOffice {
    pub fn new(seats: u32) -> BoxOffice {
        BoxOffice {
            seats_left: Mutex::new(seats),
        }
    }

    pub fn seats_left(&self) -> u32 {
        *self.seats_left.try_lock().expect("someone is buying")
    }

    /// Sells `wanted` tickets if that many seats are left and prints them;
    /// tells whether the sale was made.
    pub async fn buy(&self, wanted: u32) -> bool {
        let mut left = self.seats_left.lock().await;
        if *left < wanted {
            return false;
        }
        print_tickets(wanted).await;
        *left -= wanted;
        true
    }
}

#[tokio::main]
async fn main() {
    let office = Arc::new(BoxOffice::new(5));
    let mut buyers = Vec::new();
    for wanted in [2, 2, 2] {
        let office = office.clone();
        buyers.push(tokio::spawn(async move { office.buy(wanted).await }));
    }
    for buyer in buyers {
        println!("sold: {}", buyer.await.unwrap());
    }
    println!("seats left: {}", office.seats_left());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    /// One buyer task per entry of `wanted`, all at once; whether each bought.
    async fn buyers(office: &Arc<BoxOffice>, wanted: &[u32]) -> Vec<bool> {
        let mut tasks = Vec::new();
        for &seats in wanted {
            let office = office.clone();
            tasks.push(tokio::spawn(async move { office.buy(seats).await }));
        }
        let mut sold = Vec::new();
        for task in tasks {
            sold.push(task.await.expect("a buyer's task panicked"));
        }
        sold
    }

    #[tokio::test(start_paused = true)]
    async fn never_sells_more_seats_than_there_are() {
        for (seats, wanted) in [(10, vec![4, 3, 5, 2, 1]), (7, vec![3, 3, 3, 3])] {
            let office = Arc::new(BoxOffice::new(seats));
            let sold = buyers(&office, &wanted).await;
            let left = office.seats_left();
            let sold_seats: u32 = wanted.iter().zip(&sold).filter(|s| *s.1).map(|s| s.0).sum();
            assert_eq!(
                sold_seats + left,
                seats,
                "{seats} seats, buyers wanting {wanted:?}: {sold_seats} seats sold \
                 ({sold:?}), yet {left} still free"
            );
            for (want, bought) in wanted.iter().zip(&sold) {
                assert!(
                    *bought || *want > left,
                    "a buyer of {want} was refused, yet {left} seats are left"
                );
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn tickets_are_printed_side_by_side() {
        let office = Arc::new(BoxOffice::new(100));
        let start = Instant::now();
        let sold = buyers(&office, &[3, 7, 2, 5]).await;
        assert_eq!(sold, [true; 4]);
        assert_eq!(office.seats_left(), 83, "100 seats, 17 sold");
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(70),
            "the longest printing takes 70 ms; the others should print meanwhile, not wait for the lock"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_sold_out_office_refuses_at_once() {
        let office = Arc::new(BoxOffice::new(1));
        let start = Instant::now();
        assert!(!office.buy(2).await);
        assert!(office.buy(1).await);
        assert!(!office.buy(1).await);
        assert_eq!(start.elapsed(), Duration::from_millis(10));
    }
}
