//! The exercise files as the course shipped them, embedded at build time
//! (see build.rs for when the copy is taken).

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// The shipped contents of `exercises/<relative>`, e.g. `01_futures/await1.rs`.
pub fn file(relative: &str) -> Option<&'static [u8]> {
    FILES
        .iter()
        .find(|(path, _)| *path == relative)
        .map(|(_, bytes)| *bytes)
}
