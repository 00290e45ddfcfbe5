//! Raw mode in, raw mode out: the terminal is put back the way it was when
//! watch ends, returns an error or panics.

use crossterm::{cursor, execute, terminal};
use std::panic::PanicHookInfo;
use std::sync::Arc;

type Hook = dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static;

/// Holds the terminal in raw mode until dropped.
pub struct RawTerminal {
    previous_hook: Arc<Box<Hook>>,
}

impl RawTerminal {
    /// Switches to raw mode (keys one at a time, no echo) and hides the
    /// cursor. A panic from here on restores the terminal before its message
    /// is printed.
    pub fn enter() -> std::io::Result<RawTerminal> {
        let previous_hook: Arc<Box<Hook>> = Arc::new(std::panic::take_hook());
        let hook = Arc::clone(&previous_hook);
        std::panic::set_hook(Box::new(move |info| {
            restore();
            hook(info);
        }));
        terminal::enable_raw_mode()?;
        execute!(std::io::stdout(), cursor::Hide)?;
        Ok(RawTerminal { previous_hook })
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        restore();
        // Setting a hook while unwinding would panic again; the process is
        // going down then anyway.
        if !std::thread::panicking() {
            let hook = Arc::clone(&self.previous_hook);
            std::panic::set_hook(Box::new(move |info| hook(info)));
        }
    }
}

/// Cooked mode and a visible cursor again; safe to call twice.
fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(std::io::stdout(), cursor::Show);
}
