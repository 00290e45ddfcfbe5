//! Wrong answer to intro1: writes the word `name` into the template without
//! braces, so `format!` prints it as text instead of the variable's value.
//!
//! Rejected by: tests::greets_whoever_it_is_given_by_name

fn greeting(name: &str) -> String {
    format!("Hello, name! Ready to await?")
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
