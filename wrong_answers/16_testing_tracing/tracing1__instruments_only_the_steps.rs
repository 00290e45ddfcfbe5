//! Wrong answer to tracing1: instruments each awaited step with the request
//! span but logs "page ready" after them, outside it, so the log line belongs
//! to no request.
//!
//! Rejected by: tests::each_request_logs_its_page_inside_its_own_span

use std::time::Duration;
use tracing::Instrument;

/// Loads a user's profile; larger ids take longer.
#[tracing::instrument]
async fn load_profile(id: u32) -> String {
    tokio::time::sleep(Duration::from_millis(100 * u64::from(id))).await;
    format!("user{id}")
}

/// Renders the page, after a short pause.
#[tracing::instrument(skip(profile))]
async fn render(id: u32, profile: String) -> String {
    tokio::time::sleep(Duration::from_millis(10)).await;
    format!("<h1>{profile}</h1>")
}

/// Handles one request, recorded as a span named `request` with field `id`.
async fn handle(id: u32) -> String {
    let span = tracing::info_span!("request", id);
    let profile = load_profile(id).instrument(span.clone()).await;
    let page = render(id, profile).instrument(span).await;
    tracing::info!(bytes = page.len(), "page ready");
    page
}

/// Handles every request at the same time, in this task.
async fn handle_all(ids: &[u32]) -> Vec<String> {
    futures::future::join_all(ids.iter().map(|&id| handle(id))).await
}

#[tokio::main]
async fn main() {
    // The course prints spans with its own small subscriber; a real program
    // would install `tracing-subscriber`'s `fmt()` here instead.
    let recorder = timeline::Recorder::new();
    let _guard = recorder.install();
    handle_all(&[2, 1]).await;
    println!("{recorder}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use timeline::Recorder;
    use tokio::time::Instant;

    /// Handles `ids` with a recorder installed, prints the spans and returns them.
    async fn recorded(ids: &[u32]) -> Recorder {
        let recorder = Recorder::new();
        let _guard = recorder.install();
        handle_all(ids).await;
        println!("{recorder}");
        recorder
    }

    /// The `id` of the request span around `span`, if there is one.
    fn request_of(recorder: &Recorder, span: Option<u64>) -> Option<String> {
        let request = recorder.enclosing(span, "request")?;
        request.field("id").map(str::to_string)
    }

    #[tokio::test(start_paused = true)]
    async fn every_step_is_recorded_inside_its_own_request() {
        let recorder = recorded(&[2, 1, 3]).await;
        let steps: Vec<_> = recorder
            .spans()
            .into_iter()
            .filter(|span| span.name != "request")
            .collect();
        assert_eq!(steps.len(), 6, "a load_profile and a render per request");
        for step in steps {
            let id = step.field("id").unwrap();
            assert_eq!(
                request_of(&recorder, Some(step.id)).as_deref(),
                Some(id),
                "{} for id {id} was recorded inside another request, or none",
                step.name
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn each_request_logs_its_page_inside_its_own_span() {
        let recorder = recorded(&[2, 1, 3]).await;
        for id in ["1", "2", "3"] {
            let logged = recorder
                .events()
                .iter()
                .filter(|event| event.message == "page ready")
                .filter(|event| request_of(&recorder, event.span).as_deref() == Some(id))
                .count();
            assert_eq!(
                logged, 1,
                "request {id} should log \"page ready\" once, inside its own span"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_span_is_entered_only_while_it_is_polled() {
        let recorder = recorded(&[3]).await;
        let request = recorder.enclosing(Some(1), "request").unwrap();
        assert_eq!(
            request.closed,
            Some(Duration::from_millis(310)),
            "the span covers the whole request"
        );
        assert_eq!(
            request.busy(),
            Duration::ZERO,
            "the span stayed entered while the request was waiting"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn requests_are_handled_at_the_same_time() {
        // Recorded like the others, though nothing here reads it: see
        // `Recorder::install` for why every test that traces installs one.
        let _guard = Recorder::new().install();
        let start = Instant::now();
        handle_all(&[2, 1, 3]).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(310),
            "as long as the slowest request, not all of them one after another"
        );
    }
}
