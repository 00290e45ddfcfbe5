//! Embeds the shipped exercise files into the checker, so `checker reset`
//! restores them without git. The copies are taken when the checker is first
//! built (on a fresh clone, before any edit) and again only when info.toml
//! changes: tracking the exercise files themselves would embed the learner's
//! edits and rebuild the checker on every save.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=../info.toml");
    println!("cargo:rerun-if-changed=build.rs");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let exercises = Path::new("../exercises");
    let mut files = Vec::new();
    collect(exercises, exercises, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Shipped exercise files: (path under exercises/, contents).\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for relative in &files {
        let copy = Path::new(&out_dir).join("shipped").join(relative);
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::copy(exercises.join(relative), &copy).unwrap();
        writeln!(
            code,
            "    ({relative:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/shipped/{relative}\"))),"
        )
        .unwrap();
    }
    code.push_str("];\n");
    std::fs::write(Path::new(&out_dir).join("shipped.rs"), code).unwrap();
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            // A nested package (the timeline helper) is not an exercise.
            if !path.join("Cargo.toml").exists() {
                collect(base, &path, files);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(base).unwrap();
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}
