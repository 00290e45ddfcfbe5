//! rustc's diagnostics as it prints them with `--error-format=json` (and
//! cargo passes on), and the one rule for which of them are errors:
//! everything that reads diagnostics (the build, the verdict, the report,
//! grading, the doctor) asks here. Only the fields the checker reads are
//! kept; the others are skipped when parsing.

use serde::Deserialize;

/// One diagnostic: an error, a warning, or a note or help under one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Diagnostic {
    pub message: String,
    /// The error code (`E0308`) or lint name, when it has one.
    pub code: Option<DiagnosticCode>,
    pub level: DiagnosticLevel,
    pub spans: Vec<DiagnosticSpan>,
    /// The notes and helps attached to it.
    pub children: Vec<Diagnostic>,
    /// As rustc would print it on a terminal (coloured when asked).
    pub rendered: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DiagnosticCode {
    pub code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagnosticLevel {
    #[serde(rename = "error: internal compiler error")]
    Ice,
    Error,
    Warning,
    #[serde(rename = "failure-note")]
    FailureNote,
    Note,
    Help,
    /// A level a newer rustc may add.
    #[serde(other)]
    Other,
}

/// A place in the code a diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DiagnosticSpan {
    /// Relative to the workspace for its own files, absolute for others.
    pub file_name: String,
    /// 1-based.
    pub line_start: usize,
    /// 1-based, in characters.
    pub column_start: usize,
    /// The span the diagnostic is about (others give context).
    pub is_primary: bool,
    /// The source lines the span covers.
    pub text: Vec<DiagnosticSpanLine>,
    pub label: Option<String>,
    /// The macro call this span was expanded from, if it is in a macro.
    pub expansion: Option<Box<MacroExpansion>>,
}

/// One source line of a span, with the highlighted columns (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DiagnosticSpanLine {
    pub text: String,
    pub highlight_start: usize,
    pub highlight_end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MacroExpansion {
    /// Where the macro was called.
    pub span: DiagnosticSpan,
    /// The macro's name, e.g. `tokio::select!`.
    pub macro_decl_name: String,
}

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
        assert!(!is_error(&at_level("a level from a newer rustc")));
    }

    #[test]
    fn a_real_diagnostic_is_read_with_its_macro_expansion() {
        // As rustc 1.95 prints it (fields the checker does not read included).
        let json = r#"{"$message_type":"diagnostic","message":"mismatched types","code":{"code":"E0308","explanation":"..."},"level":"error","spans":[{"file_name":"/x/tokio/src/macros/select.rs","byte_start":1,"byte_end":2,"line_start":3,"line_end":3,"column_start":4,"column_end":5,"is_primary":true,"text":[{"text":"abc","highlight_start":1,"highlight_end":2}],"label":"expected `u32`","suggested_replacement":null,"suggestion_applicability":null,"expansion":{"span":{"file_name":"exercises/t/a.rs","byte_start":0,"byte_end":1,"line_start":7,"line_end":7,"column_start":9,"column_end":10,"is_primary":false,"text":[],"label":null,"suggested_replacement":null,"suggestion_applicability":null,"expansion":null},"macro_decl_name":"tokio::select!","def_site_span":null}}],"children":[],"rendered":"error[E0308]: mismatched types"}"#;
        let d: Diagnostic = serde_json::from_str(json).unwrap();
        assert_eq!(d.code.as_ref().unwrap().code, "E0308");
        assert_eq!(d.spans[0].label.as_deref(), Some("expected `u32`"));
        let expansion = d.spans[0].expansion.as_ref().unwrap();
        assert_eq!(expansion.macro_decl_name, "tokio::select!");
        assert_eq!(
            (expansion.span.file_name.as_str(), expansion.span.line_start),
            ("exercises/t/a.rs", 7)
        );
    }
}
