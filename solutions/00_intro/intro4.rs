//! intro4: an async fn does nothing until it is awaited.
//!
//! Calling an `async fn` does not run its body. It builds a *future*: a value
//! that describes the work, like a recipe not yet cooked. The body runs only
//! when the future is awaited (or handed to a runtime). A future that is
//! dropped without being awaited never runs at all; the compiler warns about
//! it ("unused implementer of `Future` that must be used"), but the program
//! still compiles.

use std::sync::{Arc, Mutex};

/// The names of everyone who signed, shared by whoever holds a clone.
type GuestBook = Arc<Mutex<Vec<String>>>;

async fn sign(book: &GuestBook, name: &str) {
    book.lock().unwrap().push(name.to_string());
}

/// Signs the guest in, then greets them.
async fn welcome(book: &GuestBook, name: &str) -> String {
    sign(book, name).await;
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

    #[tokio::test]
    async fn welcome_signs_the_guest_book() {
        let book = GuestBook::default();
        let greeting = welcome(&book, "Ada").await;
        assert_eq!(greeting, "Welcome, Ada!");
        assert_eq!(
            *book.lock().unwrap(),
            ["Ada"],
            "the guest book was never signed"
        );
    }

    #[tokio::test]
    async fn guests_are_recorded_in_arrival_order() {
        let book = GuestBook::default();
        for name in ["Ada", "Grace", "Barbara"] {
            welcome(&book, name).await;
        }
        assert_eq!(*book.lock().unwrap(), ["Ada", "Grace", "Barbara"]);
    }
}
