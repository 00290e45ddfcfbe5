//! intro1: how the course works.
//!
//! Every exercise is a small program that is broken on purpose. The checker
//! compiles it each time you save and runs it (or its tests); when it passes,
//! you move on to the next one. Read the compiler's or the test's message
//! first: it usually says exactly what is wrong.
//!
//! This one passes when `main` runs to the end without panicking.

fn greeting(name: &str) -> String {
    format!("Hello, {name}! Ready to await?")
}

fn main() {
    let message = greeting("learner");
    println!("{message}");
    assert_eq!(message, "Hello, learner! Ready to await?");
}
