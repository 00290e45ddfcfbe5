//! Which part of the course teaches each mistake: the one table to edit when
//! chapters land and exercises get their final names.

/// Where a note's mistake is taught.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    /// Topic folder under `exercises/`.
    pub topic: &'static str,
    /// The exercise that teaches it, once the chapter names one.
    pub exercise: Option<&'static str>,
}

const fn topic(topic: &'static str) -> Lesson {
    Lesson {
        topic,
        exercise: None,
    }
}

/// Note name → lesson. Exercises are being written: replace `topic(..)` with
/// `Lesson { topic, exercise: Some("name") }` as they land.
pub static LESSONS: &[(&str, Lesson)] = &[
    ("future-as-value", topic("01_futures")),
    ("method-on-future", topic("01_futures")),
    ("await-outside-async", topic("01_futures")),
    ("unused-future", topic("01_futures")),
    ("async-main", topic("02_runtimes")),
    ("tokio-feature", topic("02_runtimes")),
    ("no-reactor", topic("02_runtimes")),
    ("runtime-in-runtime", topic("02_runtimes")),
    ("runtime-dropped-in-async", topic("02_runtimes")),
    ("timers-disabled", topic("02_runtimes")),
    ("io-disabled", topic("02_runtimes")),
    ("borrow-outlives-task", topic("04_tasks")),
    ("borrow-escapes-spawn", topic("04_tasks")),
    ("not-send-rc", topic("04_tasks")),
    ("not-send", topic("04_tasks")),
    ("spawn-local-outside-localset", topic("04_tasks")),
    ("join-panicked", topic("04_tasks")),
    ("blocking-in-async", topic("05_blocking")),
    ("hang-thread-sleep", topic("05_blocking")),
    ("not-send-refcell", topic("06_shared_state")),
    ("not-send-mutex-guard", topic("06_shared_state")),
    ("hang-std-lock", topic("06_shared_state")),
    ("hang-recv-loop", topic("07_channels")),
    ("select-all-disabled", topic("08_select_time")),
    ("pause-multi-thread", topic("08_select_time")),
    ("join-cancelled", topic("09_cancellation")),
    ("async-fn-resumed", topic("12_futures_by_hand")),
    ("cannot-unpin", topic("13_pin")),
    ("distinct-async-blocks", topic("13_pin")),
    ("async-recursion", topic("14_async_fns")),
    ("question-mark-async-block", topic("14_async_fns")),
    ("break-in-async-block", topic("14_async_fns")),
    ("async-trait-dyn", topic("14_async_fns")),
    ("async-closure-not-send", topic("14_async_fns")),
];

/// The lesson for note `name`, if the course teaches it.
pub fn for_note(name: &str) -> Option<Lesson> {
    LESSONS.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::notes::NOTES;

    #[test]
    fn every_note_has_exactly_one_lesson() {
        for note in NOTES {
            let count = LESSONS.iter().filter(|(n, _)| *n == note.name).count();
            assert_eq!(count, 1, "{} has {count} lessons", note.name);
        }
        for (name, _) in LESSONS {
            assert!(crate::doctor::notes::find(name).is_some(), "no note {name}");
        }
    }
}
