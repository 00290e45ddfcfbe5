//! Wrong answer to intro1: greets the one name the program uses instead of
//! the name it is given.
//!
//! Rejected by: tests::greets_whoever_it_is_given_by_name

fn greeting(_name: &str) -> String {
    String::from("Hello, learner! Ready to await?")
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
