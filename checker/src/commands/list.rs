//! `checker list`: every exercise with its topic and whether it is done.

use crate::app::App;
use crate::commands::load_progress;
use crate::style::Colorize;
use serde::Serialize;

#[derive(Serialize)]
struct Row<'a> {
    number: usize,
    name: &'a str,
    topic: &'a str,
    done: bool,
    current: bool,
    points: u32,
}

pub fn run(app: &App, json: bool) -> anyhow::Result<()> {
    let progress = load_progress(&app.course);
    let current = progress.current(&app.course).map(|e| e.name.as_str());
    let rows: Vec<Row> = app
        .course
        .exercises
        .iter()
        .enumerate()
        .map(|(i, e)| Row {
            number: i + 1,
            name: &e.name,
            topic: &e.dir,
            done: progress.is_done(&e.name),
            current: current == Some(e.name.as_str()),
            points: e.points,
        })
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    let topic_width = rows.iter().map(|r| r.topic.len()).max().unwrap_or(5).max(5);
    println!(
        "  {:>3}  {:width$}  {:topic_width$}  status",
        "#", "name", "topic"
    );
    for row in &rows {
        let status = if row.done {
            "done".green()
        } else {
            "pending".yellow()
        };
        let marker = if row.current { ">" } else { " " };
        println!(
            "{marker} {:>3}  {:width$}  {:topic_width$}  {status}",
            row.number, row.name, row.topic
        );
    }
    println!(
        "\n{} of {} done.",
        progress.done_count(),
        app.course.exercises.len()
    );
    Ok(())
}
