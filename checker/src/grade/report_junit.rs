//! The `junit` report: JUnit XML as GitLab's `artifacts:reports:junit` and
//! the common GitHub test-report actions read it, valid against the JUnit
//! schema Jenkins publishes (junit-10.xsd), which is why a `<testcase>` has
//! no `file` attribute: the file is the first line of a failure's text. One
//! `<testsuite>` per topic, one `<testcase>` per exercise; a failure carries
//! the reason as its message and the capped output (or, for an exercise that
//! was not built, the reason) as its text; an exercise the learner never
//! touched is `<skipped>`.

use super::{ExerciseGrade, Grade, Status};
use std::fmt::Write as _;

/// Text made safe for XML 1.0 content and attribute values: the five
/// special characters escaped, and characters XML 1.0 forbids even as
/// references (most control characters, ANSI escapes among them) replaced.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept literally in text; a reference keeps them in attributes,
            // where a parser would otherwise normalise them to spaces.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn seconds(duration: std::time::Duration) -> String {
    format!("{:.3}", duration.as_secs_f64())
}

fn testcase(out: &mut String, e: &ExerciseGrade) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
        escape(&e.name),
        escape(&e.topic),
        seconds(e.duration)
    );
    match e.status {
        Status::Pass => out.push_str("/>\n"),
        Status::NotAttempted => {
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                escape(&format!("not attempted: {}", e.reason))
            );
        }
        status => {
            let place = match e.line {
                Some(line) => format!("{}:{line}", e.file.display()),
                None => e.file.display().to_string(),
            };
            let detail = if e.output.trim().is_empty() {
                &e.reason
            } else {
                &e.output
            };
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                escape(&e.reason),
                status.name(),
                escape(&format!("{place}\n{detail}"))
            );
        }
    }
}

pub fn render(grade: &Grade) -> String {
    let mut topics: Vec<&str> = Vec::new();
    for e in &grade.exercises {
        if !topics.contains(&e.topic.as_str()) {
            topics.push(&e.topic);
        }
    }
    let count = |list: &[&ExerciseGrade], status: Option<Status>| match status {
        Some(s) => list.iter().filter(|e| e.status == s).count(),
        None => list
            .iter()
            .filter(|e| !matches!(e.status, Status::Pass | Status::NotAttempted))
            .count(),
    };
    let all: Vec<&ExerciseGrade> = grade.exercises.iter().collect();
    let total_time: std::time::Duration = all.iter().map(|e| e.duration).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{}\">",
        escape(&grade.course),
        all.len(),
        count(&all, None),
        count(&all, Some(Status::NotAttempted)),
        seconds(total_time)
    );
    for topic in topics {
        let list: Vec<&ExerciseGrade> = all.iter().copied().filter(|e| e.topic == topic).collect();
        let time: std::time::Duration = list.iter().map(|e| e.duration).sum();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{}\">",
            escape(topic),
            list.len(),
            count(&list, None),
            count(&list, Some(Status::NotAttempted)),
            seconds(time)
        );
        for e in list {
            testcase(&mut out, e);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_replaces_forbidden_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{1b}[31m\u{0}\n"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{fffd}[31m\u{fffd}&#10;"
        );
    }
}
