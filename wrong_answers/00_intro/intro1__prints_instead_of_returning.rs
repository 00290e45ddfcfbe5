//! Wrong answer to intro1: prints the greeting instead of returning it, so the
//! caller gets an empty string.
//!
//! Rejected by: tests::greets_whoever_it_is_given_by_name

fn greeting(name: &str) -> String {
    println!("Hello, {name}! Ready to await?");
    String::new()
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
