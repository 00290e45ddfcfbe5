//! The `[[bin]]` lists of the exercises and solutions packages, generated
//! from info.toml so the two can never drift: `dev sync` writes them and the
//! integrity check compares them.

use crate::info_file::{Course, Source};
use anyhow::{Context, bail};

const BEGIN: &str = "# BEGIN GENERATED BINS";
const END: &str = "# END GENERATED BINS";

/// The bins block `source`'s Cargo.toml should hold for `course`.
fn expected_block(course: &Course) -> String {
    let mut block = String::new();
    for exercise in &course.exercises {
        block.push_str(&format!(
            "[[bin]]\nname = \"{}\"\npath = \"{}\"\n",
            exercise.name,
            exercise.file_in_package()
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
    let block = expected_block(course);
    let mut problems = Vec::new();
    for source in [Source::Exercise, Source::Solution] {
        let path = course.root.join(source.package()).join("Cargo.toml");
        let result = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))
            .and_then(|text| Ok((with_block(&text, &block)?, text)));
        match result {
            Ok((wanted, text)) if wanted != text => problems.push(format!(
                "{}/Cargo.toml: the [[bin]] list does not match info.toml; run `cargo run -p checker -- dev sync`",
                source.package()
            )),
            Ok(_) => {}
            Err(e) => problems.push(format!("{}/Cargo.toml: {e:#}", source.package())),
        }
    }
    problems
}

/// Rewrites both bins lists from info.toml; returns the files it changed.
pub fn sync(course: &Course) -> anyhow::Result<Vec<String>> {
    let block = expected_block(course);
    let mut changed = Vec::new();
    for source in [Source::Exercise, Source::Solution] {
        let path = course.root.join(source.package()).join("Cargo.toml");
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
