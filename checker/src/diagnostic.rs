//! rustc's diagnostics as cargo reports them (`--message-format=json`), and
//! the one rule for which of them are errors: everything that reads
//! diagnostics (the build, the verdict, the report, grading, the doctor)
//! asks here.

pub use cargo_metadata::diagnostic::{Diagnostic, DiagnosticLevel, DiagnosticSpan};

/// Whether `diagnostic` stops the build: an error, or an internal compiler
/// error. Warnings, notes and helps do not.
pub fn is_error(diagnostic: &Diagnostic) -> bool {
    matches!(
        diagnostic.level,
        DiagnosticLevel::Error | DiagnosticLevel::Ice
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_level(level: &str) -> Diagnostic {
        serde_json::from_value(serde_json::json!({
            "message": "m", "code": null, "level": level, "spans": [],
            "children": [], "rendered": null, "$message_type": "diagnostic"
        }))
        .unwrap()
    }

    #[test]
    fn errors_and_ices_stop_the_build_warnings_do_not() {
        assert!(is_error(&at_level("error")));
        assert!(is_error(&at_level("error: internal compiler error")));
        assert!(!is_error(&at_level("warning")));
        assert!(!is_error(&at_level("note")));
    }
}
