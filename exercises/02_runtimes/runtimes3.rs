//! runtimes3: a current-thread or a multi-thread runtime?
//!
//! A *current-thread* runtime runs every task on the one thread that called
//! `block_on`: cheap to start, and plenty for a tool that waits on a few
//! things. A *multi-thread* runtime starts a pool of worker threads and
//! spreads tasks across them, so busy tasks run in parallel: the usual
//! choice for a server. `#[tokio::main]` builds a multi-thread runtime;
//! `#[tokio::test]` a current-thread one. With `tokio::runtime::Builder`
//! you choose, and can also size and name the worker pool.

use std::future::Future;
use tokio::runtime::Builder;

/// Runs `work` for a command-line tool: one thread is plenty.
fn run_tool<F: Future>(work: F) -> F::Output {
    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("could not build the tool's runtime");
    runtime.block_on(work)
}

/// Runs `work` for the service, which must use exactly three worker threads,
/// each named "service-worker" so they are easy to spot in a debugger.
fn run_service<F: Future>(work: F) -> F::Output {
    // TODO: this is a current-thread runtime. Build the one described above.
    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("could not build the service's runtime");
    runtime.block_on(work)
}

fn main() {
    let tool = run_tool(async { tokio::runtime::Handle::current().runtime_flavor() });
    let service = run_service(async { tokio::runtime::Handle::current().runtime_flavor() });
    println!("tool: {tool:?}, service: {service:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;
    use tokio::runtime::{Handle, RuntimeFlavor};

    /// Runs inside whichever runtime it is given and reports what it sees.
    async fn inspect_runtime() -> (RuntimeFlavor, usize, Option<String>) {
        let handle = Handle::current();
        let task_thread = tokio::spawn(async { thread::current().name().map(String::from) })
            .await
            .unwrap();
        (
            handle.runtime_flavor(),
            handle.metrics().num_workers(),
            task_thread,
        )
    }

    #[test]
    fn tool_runs_tasks_on_the_calling_thread() {
        let caller = thread::current().name().map(String::from);
        let (flavor, workers, task_thread) = run_tool(inspect_runtime());
        assert_eq!(flavor, RuntimeFlavor::CurrentThread);
        assert_eq!(workers, 1);
        assert_eq!(task_thread, caller);
    }

    #[test]
    fn service_runs_on_a_multi_thread_runtime() {
        let (flavor, _, _) = run_service(inspect_runtime());
        assert_eq!(flavor, RuntimeFlavor::MultiThread);
    }

    #[test]
    fn service_has_three_named_workers() {
        let (_, workers, task_thread) = run_service(inspect_runtime());
        assert_eq!(
            workers, 3,
            "the service should have exactly three worker threads"
        );
        assert_eq!(task_thread.as_deref(), Some("service-worker"));
    }
}
