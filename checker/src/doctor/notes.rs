//! The doctor's catalog: one note per async mistake it recognises, with the
//! short explanation shown under a failed check and the longer one that
//! `checker explain` prints. Matchers (compile, runtime, hang) only decide
//! *which* note applies and what the specifics are; all wording lives here.

/// Where a mistake shows up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// rustc rejects the program (or warns about it).
    Compile,
    /// The program panics while running.
    Runtime,
    /// The program never finishes and is stopped by its timeout.
    Hang,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Compile => "compile",
            Stage::Runtime => "runtime",
            Stage::Hang => "hang",
        }
    }
}

/// One recognised mistake.
#[derive(Debug, PartialEq, Eq)]
pub struct Note {
    /// Stable name, as `checker explain NAME` takes it.
    pub name: &'static str,
    /// rustc's error code or lint name, when the mistake has one.
    pub code: Option<&'static str>,
    pub stage: Stage,
    /// One line naming the mistake.
    pub title: &'static str,
    /// Why async Rust works this way (one or two sentences).
    pub why: &'static str,
    /// What to try next (one or two sentences).
    pub fix: &'static str,
    /// The longer note for `checker explain`, with a small example.
    pub more: &'static str,
}

/// The note called `name`.
pub fn find(name: &str) -> Option<&'static Note> {
    NOTES.iter().find(|n| n.name == name)
}

/// Every note for rustc code (or lint) `code`, e.g. `E0308`.
pub fn with_code(code: &str) -> Vec<&'static Note> {
    NOTES
        .iter()
        .filter(|n| n.code.is_some_and(|c| c.eq_ignore_ascii_case(code)))
        .collect()
}

/// The note called `name`; matchers only name notes that exist (a unit test
/// holds every matcher to that).
pub(crate) fn get(name: &str) -> &'static Note {
    find(name).unwrap_or_else(|| panic!("the doctor has no note named `{name}`"))
}

pub static NOTES: &[Note] = &[
    // ------------------------------------------------------------ compile
    Note {
        name: "future-as-value",
        code: Some("E0308"),
        stage: Stage::Compile,
        title: "A future was used where its result was expected",
        why: "Calling an `async fn` does not run it: it returns a future, a value that produces the result only when awaited.",
        fix: "Add `.await` after the call (inside an async fn or block) to get the result.",
        more: "\
`async fn answer() -> u32` really has the signature `fn answer() -> impl Future<Output = u32>`.
The call `answer()` builds a future and returns it immediately; none of the body has run yet.
`answer().await` runs it (suspending the caller while it waits) and gives the `u32`.

    let n: u32 = answer();        // error: expected `u32`, found future
    let n: u32 = answer().await;  // ok, inside async code",
    },
    Note {
        name: "method-on-future",
        code: Some("E0599"),
        stage: Stage::Compile,
        title: "A method of the result was called on the future itself",
        why: "An `async fn` returns a future, not its output, so the output's methods and fields are not there yet.",
        fix: "Await first, then call the method: `name().await.len()`.",
        more: "\
The type `impl Future<Output = String>` has only the methods of `Future` (and extension traits).
`.await` turns it into the `String`; method calls bind tighter than nothing else here, so
`name().await.len()` reads as `(name().await).len()`.",
    },
    Note {
        name: "await-outside-async",
        code: Some("E0728"),
        stage: Stage::Compile,
        title: "`.await` was used outside async code",
        why: "Awaiting a future that is not ready yet suspends the current function, and only async functions and blocks can be suspended and resumed later.",
        fix: "Make the enclosing function `async` (and await it where it is called). Plain code that must wait uses a blocking call instead: `runtime.block_on(fut)`, or on a plain thread tokio's `blocking_recv()`, `blocking_send(v)`, `blocking_lock()`.",
        more: "\
An `async fn` compiles to a state machine that can stop at each `.await` and continue later.
A plain `fn` has no such state machine, so it cannot wait without blocking its thread.
At the top of a program, a runtime bridges the two: `#[tokio::main]` wraps `main` in
`Runtime::new()?.block_on(async { ... })`.",
    },
    Note {
        name: "async-without-runtime",
        // rustc's code for `async fn main` in a program. The checker builds
        // every exercise as a test harness, where `main` is not the entry and
        // E0752 does not fire: it sees a call `main()` whose future is dropped,
        // or `#[test] async fn`, which has no code.
        code: Some("E0752"),
        stage: Stage::Compile,
        title: "An `async` `main` (or test) has no runtime to run it",
        why: "Rust has no built-in executor: a future only makes progress when a runtime polls it, and a plain `main` or `#[test]` would only create the future.",
        fix: "Put `#[tokio::main]` on `async fn main` (and `#[tokio::test]`, not `#[test]`, on an async test), so tokio starts a runtime and runs the body.",
        more: "\
Rust's standard library defines `Future` but ships no runtime to drive futures. `#[tokio::main]`
rewrites `async fn main() { body }` into a plain `fn main()` that builds a tokio runtime and calls
`block_on(async { body })`; `#[tokio::test]` does the same for one test. Without it, a program's
`async fn main` is refused (E0752), `#[test] async fn` is refused (\"async functions cannot be
used for tests\"), and a call `main()` from a test only creates a future that nobody runs.",
    },
    Note {
        name: "tokio-attribute-not-async",
        code: None,
        stage: Stage::Compile,
        title: "`#[tokio::main]` or `#[tokio::test]` is on a function that is not `async`",
        why: "These attributes start a runtime and `block_on` the function's body, so the body must be a future: the function has to be `async fn`.",
        fix: "Write `async fn` (and `.await` inside it), or remove the attribute and keep a plain `fn` (`#[test]` for a test).",
        more: "\
`#[tokio::main] async fn main() { body }` becomes a plain `fn main()` that builds a runtime and
runs `block_on(async { body })`; `#[tokio::test]` does the same for a test. On a function that
is not `async` there is nothing to block on, so tokio's macro stops with \"the `async` keyword
is missing from the function declaration\".",
    },
    Note {
        name: "await-not-future",
        code: Some("E0277"),
        stage: Stage::Compile,
        title: "`.await` was used on a value that is not a future",
        why: "Only futures can be awaited. A plain function, and std's blocking APIs (`Mutex::lock`, `thread::sleep`, `mpsc::Receiver::recv`), do their work before returning and give the result itself.",
        fix: "Remove the `.await` if the call is meant to be plain and quick, or call an async version: an `async fn`, or tokio's `sync::Mutex`, `time::sleep`, `sync::mpsc`.",
        more: "\
`x.await` needs `x: IntoFuture`. `std::sync::Mutex::lock()` returns a `Result` with the guard,
having blocked the thread until it got the lock; there is nothing left to wait for. Either the
call is fine as it is (a std lock held briefly, with no `.await` while the guard lives), or you
want the async version, whose call returns a future:

    let n = *std_mutex.lock().unwrap();      // blocks, briefly
    let n = *tokio_mutex.lock().await;       // waits without blocking the thread",
    },
    Note {
        name: "value-not-future",
        code: Some("E0277"),
        stage: Stage::Compile,
        title: "A plain value was given where a future is needed",
        why: "`tokio::spawn`, `join!`, `select!` and functions with a `Future` bound take work that has not run yet; calling a plain function runs it on the spot and passes only its result.",
        fix: "Make the function an `async fn` (or pass an `async` block or closure); for blocking or CPU-heavy work, use `tokio::task::spawn_blocking(move || work())` instead of `tokio::spawn(work())`.",
        more: "\
`tokio::spawn(checksum(&data))` first calls `checksum`, on this thread, and then tries to spawn
the `u32` it returned. A task needs a future: `tokio::spawn(async move { ... })`, or the call
of an `async fn`. Code that does not await anything and takes long (hashing, parsing, std I/O)
belongs on the blocking pool instead:

    let sum = tokio::task::spawn_blocking(move || checksum(&data)).await?;

A parameter `F: Fn() -> Fut` with `Fut: Future` likewise wants a closure returning a future:
`|| async { 2 }` (or `async || 2`), not `|| 2`.",
    },
    Note {
        name: "tokio-feature",
        code: Some("E0433"),
        stage: Stage::Compile,
        title: "That part of tokio is switched off by a Cargo feature",
        why: "Tokio compiles only the parts its Cargo features enable, so a disabled part does not exist for the compiler.",
        fix: "Enable the named feature on tokio in Cargo.toml, e.g. `tokio = { version = \"1\", features = [\"time\"] }` (or \"full\").",
        more: "\
tokio is split into features (`rt`, `rt-multi-thread`, `macros`, `time`, `sync`, `net`, `io-util`, ...)
so programs only compile what they use. rustc says the item was \"configured out\" and names the
feature it is gated behind; `#[tokio::main]` and `#[tokio::test]` need `macros`.
In this course every exercise already has tokio's `full` feature.",
    },
    Note {
        name: "unused-future",
        code: Some("unused_must_use"),
        stage: Stage::Compile,
        title: "A future was created and dropped without being awaited",
        why: "Futures are lazy: creating one runs none of its code, and dropping it without `.await` means its code never runs.",
        fix: "Add `.await` to the call, or hand the future to `tokio::spawn` if it should run on its own.",
        more: "\
Unlike JavaScript promises, Rust futures do nothing until polled. `greet();` builds the future
and drops it at the `;`, so `greet`'s body never executes; rustc warns \"futures do nothing unless
you `.await` or poll them\". `greet().await` runs it here; `tokio::spawn(greet())` runs it as a
separate task.",
    },
    Note {
        name: "borrow-outlives-task",
        code: Some("E0373"),
        stage: Stage::Compile,
        title: "An async block borrows a local variable but may outlive it",
        why: "A spawned task can run after the function that spawned it has returned, so it may not borrow that function's locals.",
        fix: "Use `async move { ... }` so the task owns what it uses; clone (or wrap in `Arc`) what the function still needs afterwards.",
        more: "\
`tokio::spawn` requires a `'static` future: the runtime may keep polling it long after the current
function is gone. A plain `async { ... }` block borrows the variables it mentions; `async move`
moves them into the future. To share a value between the function and the task, clone it first
(`let name2 = name.clone();`) or put it in an `Arc`.",
    },
    Note {
        name: "borrow-escapes-spawn",
        code: Some("E0521"),
        stage: Stage::Compile,
        title: "Borrowed data escapes into a spawned task",
        why: "`tokio::spawn` needs a future that owns everything (`'static`), because the task may run longer than the borrow is valid.",
        fix: "Move owned data into the task: take an owned parameter (`String`, `Arc<T>`) or convert before spawning (`let name = name.to_owned();`).",
        more: "\
A reference parameter is valid only while the caller's data lives. Moving it into `async move`
puts the reference, not the data, into the task, and the task may outlive the caller.
Pass ownership instead (`fn start(name: String)`), clone into the task, or share with `Arc`.
For tasks that must borrow, structure the code so you await them in the same scope
(e.g. `join!` instead of `spawn`).",
    },
    Note {
        name: "not-send-rc",
        code: None,
        stage: Stage::Compile,
        title: "An `Rc` held across `.await` makes the future not `Send`",
        why: "The multi-thread runtime may resume a task on another thread after any `.await`, so everything still in scope there must be `Send`; `Rc`'s counter is not thread-safe.",
        fix: "Use `Arc` instead of `Rc`, or keep the `Rc` in a `{ }` block that ends before the `.await` (`drop(rc)` is not enough).",
        more: "\
rustc checks, at each `.await`, which local variables are still in scope: they become fields of the
future's state machine. If any is not `Send`, the future is not `Send`, and `tokio::spawn` refuses
it. `Rc` uses a non-atomic reference count; `Arc` is the thread-safe version.
A value whose scope has ended before the `.await` does not count. Calling `drop(rc)` before the
`.await` does not help (rustc 1.95 still counts the variable until the end of its scope), so
put it in a block of its own:

    { let counter = Rc::new(1); println!(\"{counter}\"); } // gone here
    tick().await;",
    },
    Note {
        name: "not-send-refcell",
        code: None,
        stage: Stage::Compile,
        title: "A `RefCell` (or its borrow) held across `.await` makes the future not `Send`",
        why: "A task may move to another thread at any `.await`; `RefCell`'s borrow tracking is not thread-safe, so its borrows are not `Send`.",
        fix: "Share state between tasks with `Arc<Mutex<T>>` (std or tokio), or keep the borrow in a `{ }` block that ends before the `.await`.",
        more: "\
`RefCell` checks borrows at run time with a plain (non-atomic) counter, so `Ref`/`RefMut` and
`&RefCell` must stay on one thread. Across an `.await`, they become part of the future, which the
multi-thread runtime may then resume elsewhere. Use `std::sync::Mutex` (locked only between
awaits) or `tokio::sync::Mutex` (if the lock must be held across an await).",
    },
    Note {
        name: "not-send-mutex-guard",
        code: None,
        stage: Stage::Compile,
        title: "A std `MutexGuard` held across `.await` makes the future not `Send`",
        why: "A std mutex must be unlocked by the thread that locked it, but after an `.await` the task may be resumed on another thread.",
        fix: "Lock in a `{ }` block that ends before the `.await` (`drop(guard)` is not enough), or use `tokio::sync::Mutex` if the lock must be held while awaiting.",
        more: "\
`std::sync::MutexGuard` is not `Send`. Holding it across `.await` also blocks every other task that
needs the lock for as long as this task is suspended. Usual fix:

    { let mut n = hits.lock().unwrap(); *n += 1; } // guard dropped here
    tick().await;

`drop(guard)` before the `.await` unlocks the mutex, but rustc 1.95 still counts the variable as
alive until the end of its scope, so the future stays not `Send`: use the block.
`tokio::sync::Mutex` has an async `lock().await` and a `Send` guard, at some extra cost.",
    },
    Note {
        name: "not-send",
        code: None,
        stage: Stage::Compile,
        title: "A value that is not `Send` is held across `.await`",
        why: "The multi-thread runtime may resume a task on another thread after any `.await`, so every value still in scope there must be `Send`.",
        fix: "Keep that value in a `{ }` block that ends before the `.await` (`drop(value)` is not enough), or use a thread-safe type instead.",
        more: "\
rustc names the value and the `.await` in its notes. Values alive across an `.await` become
fields of the future; if one is not `Send` (raw pointers, `Rc`, `RefCell` borrows, std guards),
the future is not `Send` and cannot be given to `tokio::spawn`. rustc decides by scope: a value
counts until the block that declares it ends, even after `drop(value)` (rustc 1.95), so a block
that closes before the `.await` is the fix. `tokio::task::spawn_local` in a `LocalSet` runs
futures that are not `Send`, on one thread.",
    },
    Note {
        name: "not-send-local",
        code: None,
        stage: Stage::Compile,
        title: "A task keeps state that must stay on one thread",
        why: "`tokio::spawn` may move a task to another thread at any `.await`, so what it keeps must be `Send`; a type built on `Rc` or `RefCell` is not, and a task that uses it across its awaits cannot let go of it before them.",
        fix: "Start such tasks with `tokio::task::spawn_local`, inside a `LocalSet` on a current-thread runtime: local tasks never leave their thread, so they need not be `Send`. Rebuild the type on `Arc` and `Mutex` only if it is yours and meant to be shared between threads.",
        more: "\
Some state is single-threaded by design: a library's handle built on `Rc<RefCell<..>>`, a
connection that must stay on the thread that opened it. A `{ }` block cannot help when the task
needs the value on both sides of an `.await`. Keep the work on one thread instead:

    let local = tokio::task::LocalSet::new();
    local.run_until(async {
        let room = Room::default();
        let bot = tokio::task::spawn_local(async move { room.say(\"hi\").await });
        bot.await.unwrap();
    }).await;

`spawn_local` panics outside a `LocalSet`, and a `LocalSet` runs its tasks only on the thread
that drives it, so a current-thread runtime (`Builder::new_current_thread()`, or
`LocalSet::block_on(&runtime, fut)`) is the fitting runtime for it.",
    },
    Note {
        name: "dyn-not-send",
        code: None,
        stage: Stage::Compile,
        title: "A `dyn` type without `+ Send` went into a task",
        why: "A trait object is only `Send` when its type says so: `dyn Future<Output = T>` and `dyn Error` are not, even when every value put in them is.",
        fix: "Add `+ Send` where the `dyn` type is written: `Pin<Box<dyn Future<Output = T> + Send>>`, `Box<dyn Error + Send + Sync>`; rustc then checks that what goes in it is `Send`.",
        more: "\
`dyn Trait` erases the concrete type, and with it the auto traits: rustc no longer knows whether
the value inside is `Send`, so it assumes it is not unless the type says `+ Send`. A task
spawned with `tokio::spawn`, and its output, must be `Send`, so a boxed future or error in it
needs the bound:

    type Job = Pin<Box<dyn Future<Output = u32> + Send>>;   // futures' `BoxFuture<'static, u32>`
    type Error = Box<dyn std::error::Error + Send + Sync>;",
    },
    Note {
        name: "span-entered-across-await",
        code: None,
        stage: Stage::Compile,
        title: "A `tracing` span's enter guard is held across `.await`",
        why: "`span.enter()` (or `entered()`) makes the span current on this thread until the guard drops: held across an `.await`, it stays current while the thread runs other tasks, and a task resumed elsewhere would exit it on a thread that never entered it, which is why the guard is not `Send`.",
        fix: "Attach the span to the future instead: `fut.instrument(span).await`, or `tokio::spawn(fut.instrument(span))` (`tracing::Instrument`); `.in_current_span()` takes the span current where you spawn.",
        more: "\
`Instrument::instrument` enters the span each time the future is polled and exits it when that
poll returns, so the span covers exactly this future's work, on whichever thread polls it. An
entered guard held across `.await` leaves the span entered while the thread runs other tasks,
mixing their events into it; in a task that does not need to be `Send` it compiles, and is
just as wrong.

    use tracing::Instrument;
    tokio::spawn(send_confirmation(id).instrument(tracing::info_span!(\"confirm\", id)));",
    },
    Note {
        name: "drop-before-await",
        code: None,
        stage: Stage::Compile,
        title: "`drop(x)` before the `.await` does not end `x` for the `Send` check",
        why: "rustc 1.95 decides what a future holds at an `.await` by scope: a variable counts until the end of its block, even after it was moved into `drop`.",
        fix: "Put the variable in a `{ }` block that ends before the `.await`, instead of calling `drop`; or use a type that is `Send`.",
        more: "\
`drop(guard)` does unlock a std mutex at run time, but the compiler's check of which values a
future holds at each `.await` still sees `guard` until the end of its scope. A block ends it
for both:

    {
        let mut count = hits.lock().unwrap();
        *count += 1;
    } // guard dropped here, and rustc knows it
    tick().await;",
    },
    Note {
        name: "temporary-across-await",
        code: None,
        stage: Stage::Compile,
        title: "A temporary (a lock guard, a borrow) lives on across the `.await`",
        why: "A temporary lives to the end of the statement that made it, and one made in a `match`, `if let` or `while let` lives through its whole block, so it is still there at an `.await` inside.",
        fix: "Bind what you need in a `let` statement of its own first (`let next = pending.lock().unwrap().take();`), then `match` on it or `.await` after it.",
        more: "\
In `match pending.lock().unwrap().take() { Some(n) => save(n).await, None => 0 }` the guard
returned by `lock()` is a temporary of the `match` scrutinee, so it lives until the `match`
ends, across `save(n).await`; likewise for `if let` and `while let`, and for a guard used in
the same statement as an `.await` (`save(*m.lock().unwrap()).await`). A `let` statement ends
its temporaries at its `;`:

    let next = pending.lock().unwrap().take(); // guard gone here
    match next { Some(n) => save(n).await, None => 0 }",
    },
    Note {
        name: "async-recursion",
        code: Some("E0733"),
        stage: Stage::Compile,
        title: "An `async fn` calls itself without boxing",
        why: "A future stores the futures it awaits inside itself, so a future that contains itself would be infinitely large.",
        fix: "Box the recursive call: `Box::pin(countdown(n - 1)).await`.",
        more: "\
Each `async fn` compiles to a state machine whose size includes the state of every future it is
awaiting. Recursion would nest the machine inside itself. `Box::pin(...)` stores the inner future
on the heap, so the outer one only holds a pointer.",
    },
    Note {
        name: "cannot-unpin",
        code: Some("E0277"),
        stage: Stage::Compile,
        title: "A future that must stay pinned was used as if it could move",
        why: "Async blocks and fns may hold references into themselves, and tokio's `Sleep` is linked into the timer's list, so once polled they must not move; APIs that need `Unpin` refuse them.",
        fix: "Pin it first: `let fut = std::pin::pin!(fut);` (or `Box::pin(fut)`), then poll or `select!` on `fut.as_mut()` / `&mut fut`.",
        more: "\
Polling needs `Pin<&mut F>`. `Pin::new` only works for `Unpin` types, which async blocks and fns
are not, nor is tokio's `Sleep` (the timer keeps a pointer to it). `std::pin::pin!(fut)` pins on the stack; `Box::pin(fut)` pins on the heap (needed to
store or return it). The same applies to `select!` on `&mut fut` in a loop.",
    },
    Note {
        name: "box-not-pinned",
        code: Some("E0277"),
        stage: Stage::Compile,
        title: "A boxed future is not pinned",
        why: "A `Box<F>` is a future only when `F: Unpin`, since the future could be moved out of the box; the futures of async blocks and fns, `dyn Future` and `Sleep` are not `Unpin`, so their box must promise never to move them.",
        fix: "Box it pinned: `Box::pin(fut)` instead of `Box::new(fut)`, and `Pin<Box<dyn Future<Output = T> + Send>>` where the type is written; don't ask for `+ Unpin`.",
        more: "\
`Box::new(async { 1 })` gives a `Box<impl Future>`, which cannot be awaited: polling needs
`Pin<&mut F>`, and a plain box could hand out `&mut F` and let the future move. `Box::pin`
gives `Pin<Box<F>>`, which is `Unpin` and a future itself, so it can be awaited, spawned and
stored. Asking for `Box<dyn Future + Unpin>` instead rules out every async block.

    fn job(fast: bool) -> Pin<Box<dyn Future<Output = u32> + Send>> {
        if fast { Box::pin(async { 1 }) } else { Box::pin(async { slow().await }) }
    }",
    },
    Note {
        name: "pin-projection",
        code: Some("E0277"),
        stage: Stage::Compile,
        title: "A hand-written future reached its inner future without pin projection",
        why: "A pinned wrapper pins its fields too, but from `Pin<&mut Self>` only `Unpin` fields can be reached as plain `&mut` (`get_mut`, `Pin::new(&mut self.inner)`); requiring `F: Unpin` instead rules out async blocks and `Sleep`.",
        fix: "Project the pin: declare the struct inside `pin_project_lite::pin_project! { .. }` with `#[pin]` on the future's field, then `let this = self.project();` gives `this.inner: Pin<&mut F>` to poll, and `&mut` to the other fields.",
        more: "\
`pin_project!` writes, soundly, the `unsafe` step from `Pin<&mut Wrapper<F>>` to
`Pin<&mut F>` for the fields marked `#[pin]`:

    pin_project! {
        struct Timed<F> { #[pin] inner: F, started: Option<Instant> }
    }
    impl<F: Future> Future for Timed<F> {
        type Output = F::Output;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            let this = self.project();
            this.started.get_or_insert_with(Instant::now);
            this.inner.poll(cx)
        }
    }

Storing the inner future as `Pin<Box<F>>` also works, at the cost of an allocation.",
    },
    Note {
        name: "distinct-async-blocks",
        code: Some("E0308"),
        stage: Stage::Compile,
        title: "Two async blocks were used as if they had the same type",
        why: "Every async block (and every `async fn`) has its own unique anonymous type, even when the code is identical.",
        fix: "Box and pin them to one type: `Vec<Pin<Box<dyn Future<Output = T>>>>` with `Box::pin(async { .. })`, or use `futures::future::join_all` on calls of one async fn.",
        more: "\
The compiler generates a fresh state-machine type for each async block, so `vec![async {1}, async {2}]`
mixes two types. Erase the difference with a trait object:

    let jobs: Vec<Pin<Box<dyn Future<Output = i32>>>> = vec![Box::pin(async { 1 }), Box::pin(async { 2 })];

Calls of the same `async fn` do share a type.",
    },
    Note {
        name: "question-mark-async-block",
        code: Some("E0282"),
        stage: Stage::Compile,
        title: "`?` in an async block (or closure) with an unknown error type",
        why: "An async block has no declared return type, so when `?` converts errors rustc cannot tell which error type the block returns.",
        fix: "Name the type on the final value: `Ok::<_, MyError>(n)` (or `Ok::<_, Box<dyn std::error::Error>>(n)`).",
        more: "\
Inside an `async fn`, the signature fixes the `Result` type that `?` converts into. An async block
has no signature, and `?` may convert the error with `From`, so the error type stays open.
Annotate the block's result: `Ok::<u32, std::num::ParseIntError>(n)`.",
    },
    Note {
        name: "question-mark-unit-async-block",
        code: Some("E0277"),
        stage: Stage::Compile,
        title: "`?` in an async block that returns `()`",
        why: "`?` returns early from the async block, not from the function around it, so the block itself must return a `Result` (or `Option`).",
        fix: "End the block with `Ok::<(), MyError>(())` (naming the error type), and handle that `Result` where the block is awaited.",
        more: "\
An async block is a future of its own; `?` inside it leaves the block with the error. So the
block's value must be a `Result`:

    let job = tokio::spawn(async move {
        let n: u32 = text.parse()?;
        println!(\"{n}\");
        Ok::<(), std::num::ParseIntError>(())
    });
    job.await??; // the JoinError, then the block's own error",
    },
    Note {
        name: "break-in-async-block",
        code: Some("E0267"),
        stage: Stage::Compile,
        title: "`break` or `continue` inside an async block",
        why: "An async block is a separate future that may run later, elsewhere; it cannot jump out to a loop of the code that created it.",
        fix: "Make the block return a value (e.g. `return false;`) and `break` in the loop after awaiting it.",
        more: "\
`async { ... }` is like a closure: its body runs when the future is polled, not where it is
written. Leave the block with `return`, and decide in the loop:

    let go_on = async { if i == 1 { return false; } true }.await;
    if !go_on { break; }",
    },
    Note {
        name: "async-trait-dyn",
        code: Some("E0038"),
        stage: Stage::Compile,
        title: "A trait with an `async fn` was used as `dyn Trait`",
        why: "Each implementation's `async fn` returns its own future type, so no single vtable entry can describe the method.",
        fix: "Use generics (`impl Store` / `T: Store`) instead of `dyn Store`, or declare the method as `fn get(&self) -> Pin<Box<dyn Future<Output = u32> + Send + '_>>`.",
        more: "\
`async fn` in traits works with static dispatch. For `dyn`, the return type must be one type for
all implementations: a boxed future. Write it by hand as above (implementations return
`Box::pin(async move { ... })`), or use the `async-trait` crate which does that for you.",
    },
    Note {
        name: "closure-future-borrows",
        code: None,
        stage: Stage::Compile,
        title: "A closure's future borrows from the closure, which `Fn() -> Fut` cannot express",
        why: "In `F: FnMut() -> Fut`, `Fut` is one type chosen outside the closure, so the future a call returns may not borrow what the closure captured; this closure's future does.",
        fix: "Take the closure as `F: AsyncFnMut() -> T` (or `AsyncFn`, `AsyncFnOnce`), call it with `f().await`, and pass an async closure `async || ...`.",
        more: "\
`|| async { server.fetch().await }` returns a future that borrows `server` from the closure,
and `async || server.fetch().await` is an async closure that does the same. A generic bound
`F: FnMut() -> Fut, Fut: Future` cannot describe a future that borrows from `F` itself. The
async closure traits can (stable since Rust 1.85):

    async fn retry<T>(mut attempt: impl AsyncFnMut() -> Option<T>) -> T {
        loop { if let Some(v) = attempt().await { return v; } }
    }",
    },
    Note {
        name: "async-closure-not-send",
        code: None,
        stage: Stage::Compile,
        title: "The future of a generic async closure is not known to be `Send`",
        why: "`F: AsyncFn()` says nothing about the future a call returns, so rustc cannot prove it `Send`, which `tokio::spawn` requires.",
        fix: "Take `F: Fn() -> Fut` with `Fut: Future<Output = ()> + Send + 'static`, which can state the bound, instead of `AsyncFn`.",
        more: "\
`AsyncFn` hides the returned future's type (`CallRefFuture`), so you cannot add `+ Send` to it on
stable Rust. Spelling out the future type as a generic parameter can:

    fn in_background<F, Fut>(job: F) where F: Fn() -> Fut, Fut: Future<Output = ()> + Send + 'static

Callers then pass `|| async { ... }` (a closure returning an async block).",
    },
    Note {
        name: "trait-future-not-send",
        code: None,
        stage: Stage::Compile,
        title: "The future of a trait's `async fn` is not known to be `Send`",
        why: "An `async fn` in a trait says nothing about whether its future is `Send`, so generic code cannot prove it, and spawning needs it.",
        fix: "In the trait, declare the method as `fn fetch(&self) -> impl Future<Output = T> + Send` (implementations may stay `async fn`).",
        more: "\
Each implementation's `async fn` returns its own anonymous future type. Code generic over the
trait only knows what the trait promises, and `async fn` promises nothing about `Send`. Spell the
method out in the trait to add the promise:

    trait Source { fn fetch(&self) -> impl Future<Output = u32> + Send; }

Implementations can still write `async fn fetch(&self) -> u32`; rustc checks each is `Send`.",
    },
    // ------------------------------------------------------------ runtime
    Note {
        name: "no-reactor",
        code: None,
        stage: Stage::Runtime,
        title: "Tokio was used outside a Tokio runtime",
        why: "`tokio::spawn`, timers and sockets register with the runtime of the current thread, and this thread was not running one.",
        fix: "Call it from async code run by tokio (`#[tokio::main]`, `#[tokio::test]`, `runtime.block_on`). On a thread of its own (a library's callback), use a `Handle` taken with `Handle::current()` inside the runtime: `handle.spawn(fut)`.",
        more: "\
tokio finds \"its\" runtime through a thread-local set while a runtime drives the thread.
Outside (plain `fn main`, a `std::thread`, another executor such as `futures::executor`) there is
none. Note that `runtime.block_on(tokio::time::sleep(d))` creates the sleep *before* entering
the runtime; write `runtime.block_on(async { tokio::time::sleep(d).await })`.",
    },
    Note {
        name: "runtime-in-runtime",
        code: None,
        stage: Stage::Runtime,
        title: "A runtime was started (or blocked on) inside a runtime",
        why: "`block_on` blocks its thread until the future finishes, but this thread is already driving async tasks, and tokio refuses to block such a thread.",
        fix: "You are already in async code: `.await` the future instead of `block_on`, on the runtime you are in. Where a plain closure is in the way (`OnceLock::get_or_init`), use an API that takes a future (`tokio::sync::OnceCell::get_or_init(|| async { .. })`).",
        more: "\
On a current-thread runtime (what `#[tokio::test]` uses), a blocked thread runs no other task and
drives no timer or socket, so a future that needs any of them would never finish; on a
multi-thread runtime, a worker would be lost for as long as it waits. So tokio panics instead.
`futures::executor::block_on` does not panic, but has the same cost: on a current-thread runtime
it hangs as soon as the future needs the runtime (a `sleep`, a socket, another task); on a
multi-thread runtime it usually completes while holding a worker. From async code, `.await` is
the way to wait. If sync code called from async code really must wait for a future, run it on
`tokio::task::spawn_blocking` and use `Handle::current().block_on(...)` there.",
    },
    Note {
        name: "block-on-in-drop",
        code: None,
        stage: Stage::Runtime,
        title: "`Drop` blocked on async work",
        why: "`Drop::drop` is a plain `fn`, so it cannot `.await`; blocking on a future there panics on a thread that drives tasks (or deadlocks with another executor), and spawning it instead lets nobody learn when, or whether, it worked.",
        fix: "Give the type an explicit async end, e.g. `async fn close(self) -> io::Result<()>` that flushes and shuts down, call it before the value goes away, and keep `Drop` for what needs no I/O.",
        more: "\
Rust has no async `Drop`. Cleanup that needs I/O (flushing a buffer, shutting a stream down,
telling a server goodbye) goes in a method the owner awaits:

    impl Report {
        async fn close(mut self) -> io::Result<()> {
            self.out.flush().await?;
            self.out.shutdown().await
        }
    }
    report.close().await?;

`close` takes `self`, so the value cannot be used after it; errors reach the caller instead of
being lost in `drop`.",
    },
    Note {
        name: "runtime-dropped-in-async",
        code: None,
        stage: Stage::Runtime,
        title: "A runtime was dropped inside async code",
        why: "Dropping a runtime blocks until its threads have stopped (its workers, and any `spawn_blocking` job still running), which would block the thread this async code runs on.",
        fix: "Create and drop extra runtimes only in synchronous code, or just use the runtime you are in (`tokio::spawn`, `Handle::current()`).",
        more: "\
Shutting a runtime down blocks until its threads exit. From async code, that blocks a worker of
the *outer* runtime, so tokio panics. If you must, use `runtime.shutdown_background()`, or move
the runtime into `spawn_blocking` to drop it there.",
    },
    Note {
        name: "blocking-in-async",
        code: None,
        stage: Stage::Runtime,
        title: "A blocking call (`blocking_recv`, `blocking_lock`, ...) ran inside async code",
        why: "A runtime thread that blocks runs no other task while it waits (on a current-thread runtime, none at all), and could deadlock waiting for a task that needs that very thread.",
        fix: "In async code use the async form (`rx.recv().await`, `mutex.lock().await`); keep `blocking_*` for plain threads or `spawn_blocking`.",
        more: "\
tokio's `blocking_recv`, `blocking_send`, `blocking_lock` and friends exist for synchronous code
that talks to async code (a `std::thread`, a `spawn_blocking` closure). On a runtime thread they
would block the scheduler itself, so tokio panics instead.",
    },
    Note {
        name: "timers-disabled",
        code: None,
        stage: Stage::Runtime,
        title: "A hand-built runtime has no timer driver",
        why: "`runtime::Builder` starts with every driver off, and `sleep`, `timeout` and `interval` need the time driver.",
        fix: "Add `.enable_time()` (or `.enable_all()`) to the `Builder` chain before `.build()`.",
        more: "\
`#[tokio::main]` and `Runtime::new()` enable all drivers. With `Builder::new_current_thread()` or
`new_multi_thread()` you choose: `.enable_time()` for timers, `.enable_io()` for sockets and
files, `.enable_all()` for both.",
    },
    Note {
        name: "io-disabled",
        code: None,
        stage: Stage::Runtime,
        title: "A hand-built runtime has no I/O driver",
        why: "`runtime::Builder` starts with every driver off, and tokio's sockets need the I/O driver to learn when they are ready.",
        fix: "Add `.enable_io()` (or `.enable_all()`) to the `Builder` chain before `.build()`.",
        more: "\
The I/O driver registers sockets with the OS (epoll, kqueue) and wakes tasks when they can make
progress. `#[tokio::main]` and `Runtime::new()` enable it; a `Builder` needs `.enable_io()` or
`.enable_all()`.",
    },
    Note {
        name: "spawn-local-outside-localset",
        code: None,
        stage: Stage::Runtime,
        title: "`spawn_local` was called outside a `LocalSet`",
        why: "`spawn_local` runs a non-`Send` task on the current thread, which needs a `LocalSet` (or local runtime) to own and poll such tasks.",
        fix: "Run the code inside a `LocalSet` (`let local = tokio::task::LocalSet::new(); local.run_until(async { ... }).await`), or use `tokio::spawn` if the future is `Send`.",
        more: "\
A normal runtime may move tasks between threads, so it only accepts `Send` futures. A
`LocalSet` is a set of tasks pinned to one thread; `spawn_local` adds to the `LocalSet` that is
currently running. Drive it with `local.run_until(fut).await` or `local.block_on(&rt, fut)`.",
    },
    Note {
        name: "pause-multi-thread",
        code: None,
        stage: Stage::Runtime,
        title: "`time::pause` was called on the multi-thread runtime",
        why: "A paused clock auto-advances only when the runtime is idle, which tokio can decide only on a single-threaded runtime.",
        fix: "Pause only on a current-thread runtime: `#[tokio::test(start_paused = true)]` in a test, `Builder::new_current_thread()` where the code builds its own runtime.",
        more: "\
With a paused clock, tokio jumps time forward whenever every task is waiting on a timer, so tests
of timeouts finish instantly and deterministically. `#[tokio::test]` uses the current-thread
runtime by default; `#[tokio::main]` uses the multi-thread one. Needs tokio's `test-util` feature.",
    },
    Note {
        name: "join-panicked",
        code: None,
        stage: Stage::Runtime,
        title: "A spawned task panicked, and its `JoinHandle` reported it",
        why: "A panic in a task ends only that task; awaiting its `JoinHandle` then gives `Err(JoinError)`, which `unwrap` turns into a second panic.",
        fix: "Fix the task's own panic (its message is above, on the task's thread); handle `Err(e)` with `e.is_panic()` if a task may fail.",
        more: "\
tokio catches a panic inside a task so other tasks keep running. The `JoinHandle` resolves to
`Err(JoinError::Panic(..))`; the original panic message (printed first) tells what went wrong.
`e.into_panic()` gives the payload, and `std::panic::resume_unwind` re-raises it if you want
the caller to panic with the task's message.",
    },
    Note {
        name: "join-cancelled",
        code: None,
        stage: Stage::Runtime,
        title: "A task was cancelled before it finished, and its `JoinHandle` reported it",
        why: "`abort()` (or runtime shutdown) drops a task's future at the `.await` where it is suspended (soon if it is idle, else when it next yields); awaiting its handle then gives `Err(JoinError::Cancelled)`.",
        fix: "Expect the error where tasks may be aborted: `match handle.await { Err(e) if e.is_cancelled() => ..., r => ... }`; or don't abort tasks whose result you need.",
        more: "\
Cancelling a task drops its future at the point where it was suspended, so it never produces a
value. The `JoinHandle` reports `JoinError::Cancelled`. (`spawn_blocking` work cannot be aborted once
it has started: it is not a future, so it runs to the end.) Graceful alternatives: a
`CancellationToken` or a channel that tells the task to finish its work and return.",
    },
    Note {
        name: "select-all-disabled",
        code: None,
        stage: Stage::Runtime,
        title: "Every branch of a `select!` was disabled",
        why: "A branch is disabled when its `if` condition is false or its value does not match its pattern (e.g. `Some(x)` when `recv()` returns `None`); with none left, `select!` cannot wait on anything.",
        fix: "Add an `else => ...` branch (often `else => break`) for when everything is closed or done.",
        more: "\
`Some(v) = rx.recv() => ...` only fires when the pattern matches. When the channel closes,
`recv()` returns `None`, the branch is disabled for this `select!`, and if that was the last
branch, `select!` panics unless it has `else`. In a loop, `else => break` ends it cleanly.",
    },
    Note {
        name: "async-fn-resumed",
        code: None,
        stage: Stage::Runtime,
        title: "A future was polled again after it completed",
        why: "Once a future returns `Poll::Ready`, its state machine is finished; the `Future` contract allows anything on a later poll (panic, hang, nonsense), and async fns panic.",
        fix: "Stop polling a future once it is `Ready` (remember that it finished), or wrap it with `futures::FutureExt::fuse` so extra polls are harmless.",
        more: "\
A hand-written executor or `poll` implementation must not poll a completed future. Keep an
`Option<Pin<Box<F>>>` and set it to `None` after `Ready`, or use `Fuse`, which returns `Pending`
forever after completion. `select!` in a loop needs the same care (`&mut fut` of a finished future).",
    },
    // ------------------------------------------------------------ hangs
    Note {
        name: "hang-recv-loop",
        code: None,
        stage: Stage::Hang,
        title: "A receive loop waits forever: its sender is never dropped",
        why: "`recv()` returns `None` only when every sender is gone; while one `Sender` (often the original `tx`) is alive, the loop waits forever.",
        fix: "Drop the original sender once the clones are handed out (`drop(tx);` before the loop), or move it into the last task.",
        more: "\
`while let Some(x) = rx.recv().await` ends when the channel is closed, which happens when the
last `Sender` is dropped. A common mistake: cloning `tx` for each task and keeping the original
in the function that runs the loop. `drop(tx)` after spawning fixes it.",
    },
    Note {
        name: "hang-recv-misses-signal",
        code: None,
        stage: Stage::Hang,
        title: "A receive loop waits only for messages, not for its stop signal",
        why: "`rx.recv().await` suspends the loop until a message comes or every sender is gone; a stop signal or deadline looked at before or after it is not seen while the loop waits, and the senders may stay alive on purpose.",
        fix: "Wait for both at once: a `loop` around `tokio::select!` with one branch on `rx.recv()` and one on the signal (`token.cancelled()`, `stop.changed()`, `&mut ctrl_c`, `sleep_until(deadline)`), leaving the loop when the signal fires or `recv()` gives `None`.",
        more: "\
A server that stops on a signal cannot wait for its clients to hang up: they may never do. Race
the two waits, so whichever happens first wins:

    loop {
        tokio::select! {
            _ = stop.cancelled() => break,
            request = requests.recv() => match request {
                Some(request) => { tasks.spawn(handle(request)); }
                None => break,
            },
        }
    }

Checking the signal with `try_recv()` or `is_cancelled()` between messages only notices it when
the next message arrives.",
    },
    Note {
        name: "hang-thread-sleep",
        code: None,
        stage: Stage::Hang,
        title: "`std::thread::sleep` blocks the runtime thread",
        why: "Async tasks share a few threads; a std sleep blocks one of them, and no task runs on it until the sleep ends (on a current-thread runtime, no task runs at all).",
        fix: "Use `tokio::time::sleep(d).await`, which suspends only this task.",
        more: "\
Blocking calls (`std::thread::sleep`, std I/O, heavy computation) hold the thread that many tasks
share. On a current-thread runtime (what `#[tokio::test]` uses), nothing else can run at all, not
even the timers; on a multi-thread runtime, one worker is lost until the call returns. Use async
equivalents, or move blocking work to `tokio::task::spawn_blocking`.",
    },
    Note {
        name: "hang-std-lock",
        code: None,
        stage: Stage::Hang,
        title: "A std lock is held across `.await` while another future waits for it",
        why: "`std::sync::Mutex::lock` blocks the thread; if the holder is suspended at an `.await` and needs that same thread to resume, it can never run to release the lock.",
        fix: "Release the std guard before any `.await` (lock in a `{ }` block that ends before it), or use `tokio::sync::Mutex` whose `lock().await` lets other tasks run.",
        more: "\
A std mutex is fine in async code as long as the guard never lives across an `.await`. If it
does, another task calling `lock()` blocks the runtime thread, and the holder cannot get that
thread back to unlock: on a current-thread runtime (what `#[tokio::test]` uses) that is a
certain deadlock. `tokio::sync::Mutex` waits asynchronously instead.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_texts_are_filled_in() {
        for (i, note) in NOTES.iter().enumerate() {
            assert!(
                NOTES[..i].iter().all(|n| n.name != note.name),
                "{} twice",
                note.name
            );
            for text in [note.title, note.why, note.fix, note.more] {
                assert!(!text.trim().is_empty(), "{} has an empty text", note.name);
            }
        }
    }

    #[test]
    fn codes_find_every_note_sharing_them() {
        let names: Vec<&str> = with_code("e0308").iter().map(|n| n.name).collect();
        assert_eq!(names, ["future-as-value", "distinct-async-blocks"]);
        let names: Vec<&str> = with_code("E0277").iter().map(|n| n.name).collect();
        assert_eq!(
            names,
            [
                "await-not-future",
                "value-not-future",
                "cannot-unpin",
                "box-not-pinned",
                "pin-projection",
                "question-mark-unit-async-block"
            ]
        );
        assert!(with_code("E9999").is_empty());
    }
}
