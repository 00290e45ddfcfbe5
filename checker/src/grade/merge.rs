//! `checker grade merge`: joins the `grades.json` that N runners wrote for
//! the N partitions of one class into the class's report, after checking
//! that they are the partitions of the same regrade (same course, same
//! exercises, same scoring, same class) and that together they hold every
//! student exactly once.

use super::report_class::ClassReport;
use anyhow::bail;
use std::collections::BTreeMap;

/// The whole class from its partitions; each comes with the name of the
/// file it was read from, for the errors.
pub fn merge(parts: Vec<(String, ClassReport)>) -> anyhow::Result<ClassReport> {
    let Some((first_origin, first)) = parts.first() else {
        bail!(
            "give the grades.json of every partition, e.g. `checker grade merge part-*/grades.json`"
        );
    };
    for (origin, part) in &parts[1..] {
        let differs = if part.course != first.course {
            Some("course")
        } else if part.exercises != first.exercises {
            Some("selection of exercises (--only)")
        } else if part.partial != first.partial {
            Some("--partial setting")
        } else if part.class_size != first.class_size {
            Some("class size (were they graded from different clones of the class?)")
        } else {
            None
        };
        if let Some(what) = differs {
            bail!(
                "{origin} and {first_origin} differ in their {what}: they are not parts of one regrade"
            );
        }
    }
    let whole: Vec<&String> = parts
        .iter()
        .filter(|(_, p)| p.partition.is_none())
        .map(|(origin, _)| origin)
        .collect();
    if let Some(origin) = whole.first() {
        if parts.len() == 1 {
            return Ok(first.clone());
        }
        bail!(
            "{origin} is a whole class, not a partition: merge only the results of --partition runs"
        );
    }
    let total = first.partition.map_or(0, |p| p.total);
    let mut by_index: BTreeMap<usize, &str> = BTreeMap::new();
    for (origin, part) in &parts {
        let partition = part.partition.expect("checked above");
        if partition.method != first.partition.expect("checked above").method
            || partition.total != total
        {
            bail!(
                "{origin} is partition {partition} but {first_origin} is {}: use one --partition method and N for every runner",
                first.partition.expect("checked above")
            );
        }
        if let Some(other) = by_index.insert(partition.index, origin) {
            bail!("{origin} and {other} are both partition {partition}");
        }
    }
    let missing: Vec<String> = (1..=total)
        .filter(|i| !by_index.contains_key(i))
        .map(|i| format!("{i}/{total}"))
        .collect();
    if !missing.is_empty() {
        bail!(
            "partition {} missing: add its grades.json (did its runner fail?)",
            if missing.len() == 1 {
                format!("{} is", missing[0])
            } else {
                format!("{} are", missing.join(", "))
            }
        );
    }
    let mut rows = BTreeMap::new();
    for (origin, part) in &parts {
        for row in &part.rows {
            if rows.insert(row.student.clone(), row.clone()).is_some() {
                bail!(
                    "{} is graded twice (again in {origin}): were the partitions made from different class folders?",
                    row.student
                );
            }
        }
    }
    if rows.len() != first.class_size {
        bail!(
            "the partitions hold {} students but the class has {}: a runner stopped before the end, or the class changed between runners",
            rows.len(),
            first.class_size
        );
    }
    Ok(ClassReport {
        partition: None,
        rows: rows.into_values().collect(),
        ..first.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::class::Row;

    fn part(spec: &str, students: &[&str]) -> (String, ClassReport) {
        (
            format!("{spec}.json"),
            ClassReport {
                course: "course".into(),
                exercises: vec!["adder".into()],
                partial: false,
                partition: Some(spec.parse().unwrap()),
                class_size: 3,
                rows: students
                    .iter()
                    .map(|s| Row {
                        student: s.to_string(),
                        grade: Err("x".into()),
                    })
                    .collect(),
            },
        )
    }

    fn error(parts: Vec<(String, ClassReport)>) -> String {
        merge(parts).unwrap_err().to_string()
    }

    #[test]
    fn partitions_join_in_name_order() {
        let whole = merge(vec![
            part("2/2", &["bob"]),
            part("1/2", &["alice", "carol"]),
        ])
        .unwrap();
        let names: Vec<&str> = whole.rows.iter().map(|r| r.student.as_str()).collect();
        assert_eq!(names, ["alice", "bob", "carol"]);
        assert_eq!(whole.partition, None);
    }

    #[test]
    fn incomplete_or_mismatched_partitions_are_refused() {
        assert!(
            error(vec![part("1/3", &["alice"]), part("3/3", &["bob"])]).contains("2/3 is missing")
        );
        assert!(
            error(vec![part("1/2", &["alice"]), part("1/2", &["bob"])]).contains("both partition")
        );
        assert!(
            error(vec![part("1/2", &["a", "b"]), part("2/2", &["b"])]).contains("graded twice")
        );
        assert!(error(vec![part("1/2", &["a"]), part("2/2", &["b"])]).contains("hold 2 students"));
        assert!(
            error(vec![part("1/2", &["a"]), part("hash:2/2", &["b", "c"])])
                .contains("one --partition method")
        );
        let mut other = part("2/2", &["b", "c"]);
        other.1.exercises.push("greet".into());
        assert!(error(vec![part("1/2", &["a"]), other]).contains("selection of exercises"));
        assert!(error(vec![]).contains("give the grades.json"));
    }
}
