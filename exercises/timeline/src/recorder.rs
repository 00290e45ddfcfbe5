//! A `tracing` subscriber that keeps every span and event it sees, timed by
//! tokio's clock (paused in tests, so the figures are exact).
//!
//! Exercises about observability install one in a test and then ask it
//! questions: which request span was this step recorded in, how long was a
//! span open, how long was it entered (polled)? Printing it draws the spans
//! like a [`Timeline`](crate::Timeline): `-` while a span is open, `#` while
//! it is entered.
//!
//! It tracks the current span of each thread itself (a stack of entered
//! spans, as `tracing-subscriber`'s registry does), so `Span::current()`,
//! `in_current_span()` and contextual parents work as they do in a real
//! application.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::Duration;
use tokio::time::Instant;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::DefaultGuard;
use tracing::{Event, Metadata, Subscriber};
use tracing_core::span::Current;

/// Records spans and events; cheap to clone, every clone sees the same record.
#[derive(Clone)]
pub struct Recorder {
    origin: Instant,
    state: Arc<Mutex<State>>,
}

/// One span as recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct SpanRecord {
    /// Its id in this recorder (ids start at 1).
    pub id: u64,
    pub name: &'static str,
    /// Field values, formatted with `Debug` (strings without quotes).
    pub fields: BTreeMap<&'static str, String>,
    /// The span it was created in, if any.
    pub parent: Option<u64>,
    pub opened: Duration,
    /// When its last handle was dropped; `None` while it is still open.
    pub closed: Option<Duration>,
    /// The intervals during which it was entered, outermost entries only.
    pub entered: Vec<(Duration, Duration)>,
}

/// One event as recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRecord {
    /// The event's message (its `message` field), empty if it has none.
    pub message: String,
    pub fields: BTreeMap<&'static str, String>,
    /// The span it happened in, if any.
    pub span: Option<u64>,
    pub at: Duration,
}

impl SpanRecord {
    /// A field's recorded value.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    /// How long it was entered in total (on a paused clock, polls take no
    /// time, so this is how long it stayed entered across `.await`s).
    pub fn busy(&self) -> Duration {
        self.entered.iter().map(|(from, to)| *to - *from).sum()
    }
}

#[derive(Default)]
struct State {
    spans: Vec<SpanRecord>,
    /// Per span (same index): its metadata, live handles, entry depth and
    /// when its current outermost entry began.
    meta: Vec<&'static Metadata<'static>>,
    handles: Vec<usize>,
    depth: Vec<usize>,
    entered_since: Vec<Duration>,
    events: Vec<EventRecord>,
    /// The spans each thread is inside, innermost last.
    stacks: HashMap<ThreadId, Vec<u64>>,
}

impl State {
    fn current(&self) -> Option<u64> {
        self.stacks
            .get(&thread::current().id())
            .and_then(|stack| stack.last().copied())
    }
}

fn index(id: &Id) -> usize {
    id.into_u64() as usize - 1
}

impl Recorder {
    /// A recorder whose zero is now.
    pub fn new() -> Self {
        Recorder {
            origin: Instant::now(),
            state: Arc::default(),
        }
    }

    /// Makes this recorder the current thread's subscriber until the guard
    /// is dropped. On a current-thread runtime every task runs on that
    /// thread, so the whole test is recorded.
    ///
    /// In a test binary, install one in *every* test that runs traced code,
    /// even a test that reads nothing back. `tracing` caches, per callsite,
    /// whether any subscriber is interested, and while at most one
    /// subscriber has ever been installed it asks only the subscriber of the
    /// thread that reaches the callsite first. A test running on a thread
    /// without a recorder can therefore mark a callsite "never", and the
    /// recorder of a test running in parallel then misses those spans.
    pub fn install(&self) -> DefaultGuard {
        tracing::subscriber::set_default(self.clone())
    }

    /// Every span recorded so far, in creation order.
    pub fn spans(&self) -> Vec<SpanRecord> {
        self.lock().spans.clone()
    }

    /// Every event recorded so far, in order.
    pub fn events(&self) -> Vec<EventRecord> {
        self.lock().events.clone()
    }

    /// The span with this id.
    pub fn span(&self, id: u64) -> Option<SpanRecord> {
        self.lock().spans.get(id as usize - 1).cloned()
    }

    /// The nearest span named `name` among `span` and its ancestors: for a
    /// step's span (or an event's `span`), the request it was part of.
    pub fn enclosing(&self, span: Option<u64>, name: &str) -> Option<SpanRecord> {
        let state = self.lock();
        let mut next = span;
        while let Some(id) = next {
            let record = state.spans.get(id as usize - 1)?;
            if record.name == name {
                return Some(record.clone());
            }
            next = record.parent;
        }
        None
    }

    fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while recording must not hide its own message
        // behind a poisoned lock.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Default for Recorder {
    fn default() -> Self {
        Self::new()
    }
}

/// Collects field values as strings.
struct Fields<'a> {
    fields: &'a mut BTreeMap<&'static str, String>,
    message: Option<&'a mut String>,
}

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put(field, format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, value.to_string());
    }
}

impl Fields<'_> {
    fn put(&mut self, field: &Field, value: String) {
        match &mut self.message {
            Some(message) if field.name() == "message" => **message = value,
            _ => {
                self.fields.insert(field.name(), value);
            }
        }
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let opened = self.now();
        let mut state = self.lock();
        let parent = match attrs.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if attrs.is_contextual() => state.current(),
            None => None,
        };
        let id = state.spans.len() as u64 + 1;
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields {
            fields: &mut fields,
            message: None,
        });
        state.spans.push(SpanRecord {
            id,
            name: attrs.metadata().name(),
            fields,
            parent,
            opened,
            closed: None,
            entered: Vec::new(),
        });
        state.meta.push(attrs.metadata());
        state.handles.push(1);
        state.depth.push(0);
        state.entered_since.push(Duration::ZERO);
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut state = self.lock();
        if let Some(record) = state.spans.get_mut(index(span)) {
            values.record(&mut Fields {
                fields: &mut record.fields,
                message: None,
            });
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let at = self.now();
        let mut state = self.lock();
        let span = match event.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if event.is_contextual() => state.current(),
            None => None,
        };
        let mut fields = BTreeMap::new();
        let mut message = String::new();
        event.record(&mut Fields {
            fields: &mut fields,
            message: Some(&mut message),
        });
        state.events.push(EventRecord {
            message,
            fields,
            span,
            at,
        });
    }

    fn enter(&self, span: &Id) {
        let now = self.now();
        let mut state = self.lock();
        let i = index(span);
        state.depth[i] += 1;
        if state.depth[i] == 1 {
            state.entered_since[i] = now;
        }
        state
            .stacks
            .entry(thread::current().id())
            .or_default()
            .push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let now = self.now();
        let mut state = self.lock();
        let i = index(span);
        state.depth[i] = state.depth[i].saturating_sub(1);
        if state.depth[i] == 0 {
            let since = state.entered_since[i];
            state.spans[i].entered.push((since, now));
        }
        // Spans need not exit in the order they entered (a guard held across
        // `.await` exits late), so remove the innermost entry of this one.
        if let Some(stack) = state.stacks.get_mut(&thread::current().id())
            && let Some(at) = stack.iter().rposition(|&id| id == span.into_u64())
        {
            stack.remove(at);
        }
    }

    fn clone_span(&self, span: &Id) -> Id {
        self.lock().handles[index(span)] += 1;
        span.clone()
    }

    fn try_close(&self, span: Id) -> bool {
        let now = self.now();
        let mut state = self.lock();
        let i = index(&span);
        state.handles[i] -= 1;
        let last = state.handles[i] == 0;
        if last {
            state.spans[i].closed = Some(now);
        }
        last
    }

    fn current_span(&self) -> Current {
        let state = self.lock();
        match state.current() {
            Some(id) => Current::new(Id::from_u64(id), state.meta[id as usize - 1]),
            None => Current::none(),
        }
    }
}

impl fmt::Display for Recorder {
    /// One line per span, each right under its parent (indented): `-` while
    /// open, `#` while entered.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let now = self.now();
        let spans = self.spans();
        // Depth-first from the roots, in creation order, so that children
        // are drawn right under their parent.
        let mut rows: Vec<(&SpanRecord, usize)> = Vec::new();
        let mut pending: Vec<(&SpanRecord, usize)> = spans
            .iter()
            .rev()
            .filter(|s| s.parent.is_none())
            .map(|s| (s, 0))
            .collect();
        while let Some((span, depth)) = pending.pop() {
            rows.push((span, depth));
            let children = spans.iter().rev().filter(|s| s.parent == Some(span.id));
            pending.extend(children.map(|child| (child, depth + 1)));
        }
        let label = |(span, depth): &(&SpanRecord, usize)| {
            let fields: Vec<String> = span
                .fields
                .iter()
                .map(|(k, v)| format!(" {k}={v}"))
                .collect();
            format!("{}{}{}", "  ".repeat(*depth), span.name, fields.concat())
        };
        let labels: Vec<String> = rows.iter().map(label).collect();
        let end = |span: &SpanRecord| span.closed.unwrap_or(now);
        let total = spans.iter().map(end).max().unwrap_or_default();
        let width = labels.iter().map(String::len).max().unwrap_or(0);
        writeln!(
            f,
            "spans (0 .. {} ms; - open, # entered)",
            total.as_millis()
        )?;
        for ((span, _), label) in rows.iter().zip(&labels) {
            let mut bar = crate::Bar::new(total);
            bar.fill(span.opened, end(span), '-');
            for (from, to) in &span.entered {
                bar.fill(*from, *to, '#');
            }
            writeln!(
                f,
                "  {label:<width$} |{bar}| {:>5} ms .. {}",
                span.opened.as_millis(),
                match span.closed {
                    Some(closed) => format!("{:>5} ms", closed.as_millis()),
                    None => "(open)".to_string(),
                }
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Instrument;

    #[tracing::instrument]
    async fn step(id: u32) {
        tokio::time::sleep(Duration::from_millis(100 * u64::from(id))).await;
        tracing::info!(done = id, "step finished");
    }

    #[tokio::test(start_paused = true)]
    async fn instrumented_futures_nest_and_are_entered_only_while_polled() {
        let recorder = Recorder::new();
        let _guard = recorder.install();
        let request = |id: u32| step(id).instrument(tracing::info_span!("request", id));
        tokio::join!(request(1), request(2));

        let spans = recorder.spans();
        let names: Vec<_> = spans.iter().map(|s| (s.name, s.field("id"))).collect();
        assert_eq!(
            names,
            [
                ("request", Some("1")),
                ("request", Some("2")),
                ("step", Some("1")),
                ("step", Some("2")),
            ]
        );
        // An instrumented `async fn` makes its span at its first poll, here
        // inside the request span that `instrument` entered.
        assert_eq!(spans[2].parent, Some(1));
        let second = &spans[1];
        assert_eq!(second.closed, Some(Duration::from_millis(200)));
        assert_eq!(second.busy(), Duration::ZERO, "polls take no paused time");
        assert!(second.entered.len() >= 2, "entered at each poll");
        let events = recorder.events();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].message, "step finished");
        assert_eq!(events[0].fields["done"], "1");
        assert_eq!(
            recorder.enclosing(events[1].span, "step").map(|s| s.id),
            Some(4)
        );
        let text = recorder.to_string();
        assert!(text.starts_with("spans (0 .. 200 ms"), "{text}");
        let rows: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|row| row.split('|').next().unwrap().trim_end())
            .collect();
        assert_eq!(
            rows,
            [
                "  request id=1",
                "    step id=1",
                "  request id=2",
                "    step id=2"
            ],
            "each span is drawn right under its parent"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn contextual_parents_follow_the_entered_span() {
        let recorder = Recorder::new();
        let _guard = recorder.install();
        let outer = tracing::info_span!("outer");
        let held = outer.enter();
        let inner = tracing::info_span!("inner");
        tokio::time::sleep(Duration::from_millis(50)).await;
        tracing::info!("inside");
        drop(held);
        tracing::info!("outside");
        drop(inner);
        let spans = recorder.spans();
        assert_eq!(spans[1].parent, Some(1));
        assert_eq!(spans[0].busy(), Duration::from_millis(50));
        assert_eq!(spans[1].closed, Some(Duration::from_millis(50)));
        assert_eq!(spans[0].closed, None, "`outer` is still alive");
        let events = recorder.events();
        assert_eq!(events[0].span, Some(1));
        assert_eq!(events[1].span, None);
        assert_eq!(
            recorder.enclosing(Some(2), "outer").map(|s| s.name),
            Some("outer")
        );
        assert_eq!(recorder.enclosing(Some(1), "missing"), None);
    }

    #[tokio::test(start_paused = true)]
    async fn spawned_tasks_keep_the_span_they_are_given() {
        let recorder = Recorder::new();
        let _guard = recorder.install();
        let task = async {
            tokio::spawn(async { tracing::info!("lost") }.in_current_span())
                .await
                .unwrap();
            tokio::spawn(async { tracing::info!("orphan") })
                .await
                .unwrap();
        };
        task.instrument(tracing::info_span!("parent")).await;
        let events = recorder.events();
        assert_eq!(events[0].span, Some(1), "in_current_span carries the span");
        assert_eq!(events[1].span, None, "a plain spawn starts outside it");
    }
}
