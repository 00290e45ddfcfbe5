//! The `[[bin]]` lists of the exercises, solutions and wrong_answers
//! packages, generated (from info.toml, and from the files under
//! wrong_answers/) so they can never drift: `dev sync` writes them and the
//! integrity check compares them.

use crate::info_file::{Course, Exercise, Source};
use crate::wrong_answers;
use anyhow::{Context, bail};

const BEGIN: &str = "# BEGIN GENERATED BINS";
const END: &str = "# END GENERATED BINS";

/// Every package with a generated list, and the bins block its Cargo.toml
/// should hold.
fn expected_blocks(course: &Course) -> Vec<(Source, String)> {
    let exercises = block(course.exercises.iter());
    let mut blocks = vec![
        (Source::Exercise, exercises.clone()),
        (Source::Solution, exercises),
    ];
    // A course may keep no wrong answers at all (no package for them).
    let (wrong, _) = wrong_answers::discover(course);
    if !wrong.is_empty() || manifest(course, Source::WrongAnswer).exists() {
        let bins = block(wrong.iter().map(|w| &w.as_exercise));
        blocks.push((Source::WrongAnswer, bins));
    }
    blocks
}

fn manifest(course: &Course, source: Source) -> std::path::PathBuf {
    course.root.join(source.package()).join("Cargo.toml")
}

fn block<'a>(bins: impl Iterator<Item = &'a Exercise>) -> String {
    let mut block = String::new();
    for bin in bins {
        block.push_str(&format!(
            "[[bin]]\nname = \"{}\"\npath = \"{}/{}.rs\"\n",
            bin.name, bin.dir, bin.name
        ));
    }
    block
}

/// The manifest text with its generated block replaced.
fn with_block(manifest: &str, block: &str) -> anyhow::Result<String> {
    let (Some(begin), Some(end)) = (manifest.find(BEGIN), manifest.find(END)) else {
        bail!(
            "the markers `{BEGIN}` and `{END}` are missing; put them back around the [[bin]] list"
        );
    };
    let after_begin = begin + BEGIN.len() + 1;
    if end < after_begin {
        bail!("`{END}` comes before `{BEGIN}`");
    }
    Ok(format!(
        "{}{}{}",
        &manifest[..after_begin],
        block,
        &manifest[end..]
    ))
}

/// Problems with the bins lists, each with the fix.
pub fn problems(course: &Course) -> Vec<String> {
    let mut problems = Vec::new();
    for (source, block) in expected_blocks(course) {
        let path = manifest(course, source);
        let result = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))
            .and_then(|text| Ok((with_block(&text, &block)?, text)));
        match result {
            Ok((wanted, text)) if wanted != text => problems.push(format!(
                "{}/Cargo.toml: the [[bin]] list does not match {}; run `cargo run -p checker -- dev sync`",
                source.package(),
                match source {
                    Source::WrongAnswer => "the files under wrong_answers/",
                    Source::Exercise | Source::Solution => "info.toml",
                }
            )),
            Ok(_) => {}
            Err(e) => problems.push(format!("{}/Cargo.toml: {e:#}", source.package())),
        }
    }
    problems
}

/// Rewrites every bins list; returns the files it changed.
pub fn sync(course: &Course) -> anyhow::Result<Vec<String>> {
    let mut changed = Vec::new();
    for (source, block) in expected_blocks(course) {
        let path = manifest(course, source);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let wanted = with_block(&text, &block)
            .with_context(|| format!("cannot update {}", path.display()))?;
        if wanted != text {
            std::fs::write(&path, wanted)
                .with_context(|| format!("cannot write {}", path.display()))?;
            changed.push(format!("{}/Cargo.toml", source.package()));
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_is_replaced_between_markers() {
        let manifest = format!("[package]\n{BEGIN}\nold\n{END}\ntail\n");
        assert_eq!(
            with_block(&manifest, "new\n").unwrap(),
            format!("[package]\n{BEGIN}\nnew\n{END}\ntail\n")
        );
    }

    #[test]
    fn missing_markers_are_an_error_with_the_fix() {
        let err = with_block("[package]\n", "x").unwrap_err();
        assert!(err.to_string().contains("put them back"));
    }
}
