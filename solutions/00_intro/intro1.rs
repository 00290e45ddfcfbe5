//! intro1: how the course works.
//!
//! Every exercise is a small program that is broken on purpose. The checker
//! compiles it each time you save and runs its tests; when they pass, you
//! move on to the next one. The tests at the bottom of each file are part of
//! the lesson: read a failing test's name and message first, it says which
//! behaviour is missing.
//!
//! This one passes when `greeting` greets whoever it is given by name.

fn greeting(name: &str) -> String {
    format!("Hello, {name}! Ready to await?")
}

fn main() {
    println!("{}", greeting("learner"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets_whoever_it_is_given_by_name() {
        assert_eq!(greeting("learner"), "Hello, learner! Ready to await?");
        assert_eq!(greeting("Ferris"), "Hello, Ferris! Ready to await?");
    }
}
