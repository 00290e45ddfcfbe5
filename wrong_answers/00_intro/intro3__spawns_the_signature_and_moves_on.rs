//! Wrong answer to intro3: hands the signing to a task of its own and greets
//! without waiting for it, so the guest is welcomed before the book is signed.
//!
//! Rejected by: tests::guests_sign_in_arrival_order_at_the_pens_pace, tests::welcome_signs_the_guest_book

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The names of everyone who signed, shared by whoever holds a clone.
type GuestBook = Arc<Mutex<Vec<String>>>;

/// Writes `name` into the book. The pen is slow: 10 ms per letter.
async fn sign(book: &GuestBook, name: &str) {
    let letters = name.chars().count() as u32;
    tokio::time::sleep(Duration::from_millis(10) * letters).await;
    book.lock().unwrap().push(name.to_string());
}

/// Signs the guest in, then greets them.
async fn welcome(book: &GuestBook, name: &str) -> String {
    let (book, guest) = (book.clone(), name.to_string());
    tokio::spawn(async move { sign(&book, &guest).await });
    format!("Welcome, {name}!")
}

#[tokio::main]
async fn main() {
    let book = GuestBook::default();
    println!("{}", welcome(&book, "Ferris").await);
    println!("signed: {:?}", book.lock().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::sync::mpsc::RecvTimeoutError;
    use tokio::time::Instant;

    /// Runs `work` on a current-thread runtime with a paused clock, in a
    /// thread of its own. An answer that blocks that thread instead of
    /// awaiting then fails here with a message instead of hanging the test.
    fn run_async<T: Send + 'static>(work: impl Future<Output = T> + Send + 'static) -> T {
        let (done, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .start_paused(true)
                .build()
                .unwrap();
            let _ = done.send(runtime.block_on(work));
        });
        match outcome.recv_timeout(Duration::from_secs(2)) {
            Ok(value) => value,
            Err(RecvTimeoutError::Timeout) => {
                panic!("still running after 2 s: something blocks the thread instead of awaiting")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the async code panicked (its message is above)")
            }
        }
    }

    #[test]
    fn welcome_signs_the_guest_book() {
        let book = GuestBook::default();
        let greeting = run_async({
            let book = book.clone();
            async move { welcome(&book, "Ada").await }
        });
        assert_eq!(greeting, "Welcome, Ada!");
        assert_eq!(
            *book.lock().unwrap(),
            ["Ada"],
            "the guest book was never signed"
        );
    }

    // On the paused clock the pen's 10 ms a letter is exact: three guests
    // with 3, 5 and 7 letters take 150 ms, one after the other.
    #[test]
    fn guests_sign_in_arrival_order_at_the_pens_pace() {
        let (book, took) = run_async(async {
            let book = GuestBook::default();
            let start = Instant::now();
            for name in ["Ada", "Grace", "Barbara"] {
                welcome(&book, name).await;
            }
            (book, start.elapsed())
        });
        assert_eq!(*book.lock().unwrap(), ["Ada", "Grace", "Barbara"]);
        assert_eq!(
            took,
            Duration::from_millis(150),
            "signing should wait for the pen: 10 ms a letter"
        );
    }
}
