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

/// Note name → lesson. Chapters without an exercise for the mistake yet
/// point at their folder; replace `topic(..)` with `exercise(..)` as they land.
pub static LESSONS: &[(&str, Lesson)] = &[
    ("future-as-value", exercise("01_futures", "futures1")),
    ("method-on-future", exercise("01_futures", "futures2")),
    ("await-outside-async", exercise("01_futures", "futures3")),
    ("unused-future", exercise("00_intro", "intro3")),
    (
        "await-not-future",
        exercise("03_threads_to_async", "threads3"),
    ),
    ("value-not-future", topic("01_futures")),
    (
        "async-without-runtime",
        exercise("02_runtimes", "runtimes1"),
    ),
    (
        "tokio-attribute-not-async",
        exercise("02_runtimes", "runtimes1"),
    ),
    ("tokio-feature", topic("02_runtimes")),
    ("no-reactor", exercise("02_runtimes", "runtimes2")),
    ("runtime-in-runtime", exercise("02_runtimes", "runtimes5")),
    ("runtime-dropped-in-async", topic("02_runtimes")),
    ("block-on-in-drop", exercise("15_shutdown", "drop1")),
    ("timers-disabled", exercise("02_runtimes", "runtimes2")),
    ("io-disabled", exercise("02_runtimes", "runtimes2")),
    ("borrow-outlives-task", exercise("04_tasks", "spawn2")),
    ("borrow-escapes-spawn", topic("04_tasks")),
    ("not-send-rc", exercise("04_tasks", "send1")),
    ("not-send", exercise("04_tasks", "send1")),
    ("not-send-local", exercise("02_runtimes", "runtimes4")),
    ("dyn-not-send", exercise("13_pin", "pin2")),
    (
        "span-entered-across-await",
        exercise("16_testing_tracing", "tracing1"),
    ),
    (
        "spawn-local-outside-localset",
        exercise("02_runtimes", "runtimes4"),
    ),
    ("join-panicked", exercise("04_tasks", "panic1")),
    ("join-cancelled", exercise("04_tasks", "abort1")),
    (
        "blocking-in-async",
        exercise("03_threads_to_async", "threads6"),
    ),
    (
        "hang-thread-sleep",
        exercise("03_threads_to_async", "threads2"),
    ),
    ("not-send-refcell", topic("06_shared_state")),
    (
        "not-send-mutex-guard",
        exercise("06_shared_state", "mutex2"),
    ),
    ("drop-before-await", exercise("06_shared_state", "mutex2")),
    (
        "temporary-across-await",
        exercise("06_shared_state", "mutex2"),
    ),
    ("hang-std-lock", exercise("06_shared_state", "mutex3")),
    ("hang-recv-loop", exercise("07_channels", "mpsc2")),
    (
        "hang-recv-misses-signal",
        exercise("15_shutdown", "shutdown1"),
    ),
    ("select-all-disabled", exercise("08_select_time", "select3")),
    ("pause-multi-thread", exercise("08_select_time", "paused1")),
    ("async-fn-resumed", exercise("12_futures_by_hand", "join1")),
    ("cannot-unpin", exercise("13_pin", "pin3")),
    ("box-not-pinned", exercise("13_pin", "pin1")),
    ("pin-projection", exercise("13_pin", "pin5")),
    ("distinct-async-blocks", exercise("13_pin", "pin2")),
    ("async-recursion", exercise("14_async_fns", "asyncfn1")),
    (
        "closure-future-borrows",
        exercise("14_async_fns", "asyncfn2"),
    ),
    (
        "async-closure-not-send",
        exercise("14_async_fns", "asyncfn2"),
    ),
    (
        "trait-future-not-send",
        exercise("14_async_fns", "asyncfn3"),
    ),
    ("async-trait-dyn", exercise("14_async_fns", "asyncfn4")),
    (
        "question-mark-async-block",
        exercise("14_async_fns", "asyncfn5"),
    ),
    (
        "question-mark-unit-async-block",
        exercise("14_async_fns", "asyncfn5"),
    ),
    ("break-in-async-block", topic("14_async_fns")),
];

const fn exercise(topic: &'static str, name: &'static str) -> Lesson {
    Lesson {
        topic,
        exercise: Some(name),
    }
}

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
