//! Wrong answer to tracing2: enters the current span around `tokio::spawn`, but
//! the task is not polled there: it runs later, outside the span, as before.
//!
//! Rejected by: tests::each_confirmation_is_recorded_inside_its_order

use std::time::Duration;
use tokio_util::task::TaskTracker;

/// Stores the order; the client waits for this.
#[tracing::instrument]
async fn save_order(id: u32) {
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Emails a confirmation; slow (longer for larger ids), so nobody waits for it.
#[tracing::instrument]
async fn send_confirmation(id: u32) {
    tokio::time::sleep(Duration::from_millis(100 * u64::from(id))).await;
    tracing::info!("confirmation sent");
}

/// Returns once the order is saved; the confirmation goes out in the
/// background, in a task that `background` keeps track of.
#[tracing::instrument(name = "order", skip(background))]
async fn place_order(id: u32, background: &TaskTracker) {
    save_order(id).await;
    tracing::Span::current().in_scope(|| background.spawn(send_confirmation(id)));
}

#[tokio::main]
async fn main() {
    // The course prints spans with its own small subscriber; a real program
    // would install `tracing-subscriber`'s `fmt()` here instead.
    let recorder = timeline::Recorder::new();
    let _guard = recorder.install();
    let background = TaskTracker::new();
    place_order(1, &background).await;
    background.close();
    background.wait().await;
    println!("{recorder}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use timeline::Recorder;
    use tokio::runtime::Handle;
    use tokio::time::Instant;

    /// The `id` of the order span around `span`, if there is one.
    fn order_of(recorder: &Recorder, span: Option<u64>) -> Option<String> {
        let order = recorder.enclosing(span, "order")?;
        order.field("id").map(str::to_string)
    }

    #[tokio::test(start_paused = true)]
    async fn each_confirmation_is_recorded_inside_its_order() {
        let recorder = Recorder::new();
        let _guard = recorder.install();
        let background = TaskTracker::new();
        tokio::join!(place_order(2, &background), place_order(1, &background));
        background.close();
        background.wait().await;
        println!("{recorder}");
        let sends: Vec<_> = recorder
            .spans()
            .into_iter()
            .filter(|span| span.name == "send_confirmation")
            .collect();
        assert_eq!(sends.len(), 2);
        for send in sends {
            let id = send.field("id").unwrap();
            assert_eq!(
                order_of(&recorder, Some(send.id)).as_deref(),
                Some(id),
                "the confirmation for order {id} was recorded outside its order"
            );
        }
        for event in recorder.events() {
            assert!(
                order_of(&recorder, event.span).is_some(),
                "\"{}\" was logged outside any order",
                event.message
            );
        }
        for order in recorder.spans().iter().filter(|span| span.name == "order") {
            assert_eq!(
                order.busy(),
                Duration::ZERO,
                "an order span stayed entered while its confirmation waited"
            );
        }
    }

    // The test body is not a task itself, so the runtime's count of live
    // tasks is exactly the confirmations still on their way.
    #[tokio::test(start_paused = true)]
    async fn the_client_does_not_wait_for_the_confirmation() {
        // Recorded like the other test, though nothing here reads it: see
        // `Recorder::install` for why every test that traces installs one.
        let _guard = Recorder::new().install();
        let start = Instant::now();
        let background = TaskTracker::new();
        place_order(3, &background).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(50),
            "place_order should return once the order is saved"
        );
        assert_eq!(
            Handle::current().metrics().num_alive_tasks(),
            1,
            "the confirmation should be on its way, in a task of its own"
        );
        background.close();
        background.wait().await;
        assert_eq!(start.elapsed(), Duration::from_millis(350));
    }
}
