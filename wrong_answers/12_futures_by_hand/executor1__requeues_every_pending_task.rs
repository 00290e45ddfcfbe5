//! Wrong answer to executor1: puts every Pending task straight back on the
//! queue instead of waiting for its wake, so waiting tasks are polled over and
//! over (a busy loop).
//!
//! Rejected by: tests::a_waiting_task_is_polled_only_when_woken

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::task::{Context, Wake, Waker};

type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A spawned future and the way back onto the queue.
struct Task {
    /// `None` once the future has finished.
    future: Mutex<Option<BoxedFuture>>,
    queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        // Nothing to do: `run` requeues every task that is not finished.
        let _ = &self.queue;
    }
}

#[derive(Clone)]
struct Spawner {
    queue: Sender<Arc<Task>>,
}

impl Spawner {
    fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        let task = Task {
            future: Mutex::new(Some(Box::pin(future))),
            queue: self.queue.clone(),
        };
        self.queue
            .send(Arc::new(task))
            .expect("the executor is gone");
    }
}

struct Executor {
    queue: Receiver<Arc<Task>>,
}

fn executor_and_spawner() -> (Executor, Spawner) {
    let (sender, receiver) = channel();
    (Executor { queue: receiver }, Spawner { queue: sender })
}

impl Executor {
    /// Runs tasks until no task is left and no `Spawner` can add one.
    fn run(self) {
        while let Ok(task) = self.queue.recv() {
            let mut slot = task.future.lock().unwrap();
            // A task woken twice is queued twice; the second time it may be
            // finished already.
            let Some(mut future) = slot.take() else {
                continue;
            };
            let waker = Waker::from(task.clone());
            if future
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
            {
                *slot = Some(future);
                let _ = task.queue.send(task.clone());
            }
        }
    }
}

fn main() {
    let (executor, spawner) = executor_and_spawner();
    let (sender, receiver) = futures::channel::oneshot::channel();
    spawner.spawn(async move {
        let greeting = receiver.await.unwrap_or("nobody");
        println!("received {greeting}");
    });
    spawner.spawn(async move {
        let _ = sender.send("hello");
    });
    drop(spawner);
    executor.run();
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::channel::oneshot;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::task::Poll;
    use std::thread;
    use std::time::Duration;

    /// Runs the executor on its own thread; a broken one fails after a second
    /// instead of hanging the test.
    fn run_within_a_second(executor: Executor) {
        let (done, finished) = mpsc::channel();
        thread::spawn(move || {
            executor.run();
            let _ = done.send(());
        });
        finished
            .recv_timeout(Duration::from_secs(1))
            .expect("run did not return within a second: is a woken task put back on the queue?");
    }

    #[test]
    fn runs_every_spawned_task() {
        let (executor, spawner) = executor_and_spawner();
        let log = Arc::new(Mutex::new(Vec::new()));
        for id in 0..3 {
            let log = log.clone();
            spawner.spawn(async move { log.lock().unwrap().push(id) });
        }
        drop(spawner);
        run_within_a_second(executor);
        assert_eq!(*log.lock().unwrap(), [0, 1, 2]);
    }

    #[test]
    fn a_task_waiting_on_another_task_is_woken_and_finishes() {
        let (executor, spawner) = executor_and_spawner();
        let (sender, receiver) = oneshot::channel();
        let received = Arc::new(Mutex::new(None));
        let slot = received.clone();
        // Spawned first, so its first poll finds nothing and returns Pending.
        spawner.spawn(async move { *slot.lock().unwrap() = receiver.await.ok() });
        spawner.spawn(async move { sender.send("ping").unwrap() });
        drop(spawner);
        run_within_a_second(executor);
        assert_eq!(
            *received.lock().unwrap(),
            Some("ping"),
            "the waiting task never finished"
        );
    }

    #[test]
    fn a_task_woken_from_another_thread_finishes() {
        let (executor, spawner) = executor_and_spawner();
        let (sender, receiver) = oneshot::channel();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(5));
            let _ = sender.send(42);
        });
        let received = Arc::new(Mutex::new(None));
        let slot = received.clone();
        spawner.spawn(async move { *slot.lock().unwrap() = receiver.await.ok() });
        drop(spawner);
        run_within_a_second(executor);
        assert_eq!(
            *received.lock().unwrap(),
            Some(42),
            "the waiting task never finished"
        );
    }

    #[test]
    fn tasks_can_spawn_more_tasks() {
        let (executor, spawner) = executor_and_spawner();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (inner_log, inner_spawner) = (log.clone(), spawner.clone());
        spawner.spawn(async move {
            let child_log = inner_log.clone();
            inner_spawner.spawn(async move { child_log.lock().unwrap().push("child") });
            inner_log.lock().unwrap().push("parent");
        });
        drop(spawner);
        run_within_a_second(executor);
        assert_eq!(*log.lock().unwrap(), ["parent", "child"]);
    }

    #[test]
    fn a_waiting_task_is_polled_only_when_woken() {
        let (executor, spawner) = executor_and_spawner();
        let (sender, mut receiver) = oneshot::channel();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(100));
            let _ = sender.send(7);
        });
        let polls = Arc::new(AtomicUsize::new(0));
        let counted = polls.clone();
        spawner.spawn(async move {
            let value = std::future::poll_fn(|cx| {
                counted.fetch_add(1, Ordering::SeqCst);
                Pin::new(&mut receiver).poll(cx)
            })
            .await;
            assert_eq!(value, Ok(7));
        });
        drop(spawner);
        run_within_a_second(executor);
        let polls = polls.load(Ordering::SeqCst);
        assert!(
            polls <= 3,
            "a task waiting 100 ms for one wake was polled {polls} times: \
             only a wake should put a task back on the queue"
        );
    }

    #[test]
    fn a_task_that_wakes_itself_runs_again_until_it_finishes() {
        let (executor, spawner) = executor_and_spawner();
        let polls = Arc::new(AtomicUsize::new(0));
        let counted = polls.clone();
        // Pending three times, waking its own waker (during its poll) each time.
        spawner.spawn(std::future::poll_fn(move |cx| {
            if counted.fetch_add(1, Ordering::SeqCst) == 3 {
                return Poll::Ready(());
            }
            cx.waker().wake_by_ref();
            Poll::Pending
        }));
        drop(spawner);
        run_within_a_second(executor);
        assert_eq!(
            polls.load(Ordering::SeqCst),
            4,
            "one poll per wake, plus the first"
        );
    }
}
