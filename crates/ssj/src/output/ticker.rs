//! A line on stderr that says a long command is still at work: after two
//! seconds, on a terminal only, "ssj: plan: 5 s…" once a second, cleared
//! when the command ends. A national plan or a staffing search takes tens of
//! seconds, and silence reads as a hang; a pipe or a log gets nothing.
//!
//! The line is the run's one ([`start`]) and ends, cleared, before anything
//! else is written ([`stop`], which every writer of `ssj` calls first): a
//! note or a result never lands on it. It is cleared with spaces, not an
//! escape code, which an old Windows console prints as it is.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::Duration;

use unicode_width::UnicodeWidthStr;

/// The run's line, while it runs.
static RUNNING: Mutex<Option<Ticker>> = Mutex::new(None);

/// Starts the run's line for `command` (on a terminal only).
pub fn start(command: &str, said: impl Fn(u64) -> String + Send + 'static) {
    let ticker = Ticker::start(command, said);
    if let Ok(mut running) = RUNNING.lock() {
        *running = Some(ticker);
    }
}

/// Ends the run's line and clears it, if it runs: before anything else is
/// written.
pub fn stop() {
    let ticker = RUNNING.lock().ok().and_then(|mut running| running.take());
    drop(ticker);
}

/// After how long a command says it is still at work.
pub const AFTER: Duration = Duration::from_secs(2);

/// The running line; dropping it stops and clears it.
pub struct Ticker {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    /// Starts the line for `command` when stderr is a terminal.
    pub fn start(command: &str, said: impl Fn(u64) -> String + Send + 'static) -> Ticker {
        if !std::io::stderr().is_terminal() {
            return Ticker { stop: None, thread: None };
        }
        let prefix = format!("ssj: {command}: ");
        let shown = move |seconds: u64| format!("{prefix}{}", said(seconds));
        Ticker::to(Box::new(std::io::stderr()), AFTER, Duration::from_secs(1), shown)
    }

    /// The line written to `sink`: first after `after`, then every `every`.
    pub fn to(
        mut sink: Box<dyn Write + Send>,
        after: Duration,
        every: Duration,
        shown: impl Fn(u64) -> String + Send + 'static,
    ) -> Ticker {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new().name("ssj-ticker".into()).spawn(move || {
            let mut waited = after;
            let mut wrote = false;
            // A message or a closed channel both mean stop.
            let mut width: usize = 0;
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(if wrote { every } else { after }) {
                let line = shown(waited.as_secs());
                // Spaces over what a longer line before left.
                let pad = width.saturating_sub(line.width());
                width = width.max(line.width());
                let _ = write!(sink, "\r{line}{}", " ".repeat(pad));
                let _ = sink.flush();
                wrote = true;
                waited += every;
            }
            if wrote {
                let _ = write!(sink, "\r{}\r", " ".repeat(width));
                let _ = sink.flush();
            }
        });
        // No thread, no line: the command runs as it would anyway.
        Ticker { stop: Some(stop), thread: thread.ok() }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn said(sink: &Shared) -> String {
        String::from_utf8(sink.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn a_short_command_says_nothing_and_a_long_one_ticks_then_clears() {
        let sink = Shared::default();
        drop(Ticker::to(Box::new(sink.clone()), Duration::from_millis(300), Duration::from_millis(50), |s| {
            format!("{s} s")
        }));
        assert_eq!(said(&sink), "");

        let sink = Shared::default();
        let ticker = Ticker::to(Box::new(sink.clone()), Duration::from_millis(20), Duration::from_millis(20), |s| {
            format!("{s} s")
        });
        std::thread::sleep(Duration::from_millis(150));
        drop(ticker);
        let text = said(&sink);
        assert!(text.starts_with("\r0 s"), "{text:?}");
        assert!(text.matches('\r').count() >= 3, "{text:?}");
        assert!(text.ends_with("\r   \r"), "the line is cleared with spaces: {text:?}");
        assert!(!text.contains('\x1b'), "no escape codes: {text:?}");
    }
}
