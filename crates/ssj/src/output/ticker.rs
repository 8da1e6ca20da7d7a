//! A line on stderr that says a long command is still at work: after two
//! seconds, on a terminal only, "ssj: plan: 5 s…" once a second, cleared
//! when the command ends. A national plan or a staffing search takes tens of
//! seconds, and silence reads as a hang; a pipe or a log gets nothing.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

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
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(if wrote { every } else { after }) {
                let _ = write!(sink, "\r{}\x1b[K", shown(waited.as_secs()));
                let _ = sink.flush();
                wrote = true;
                waited += every;
            }
            if wrote {
                let _ = write!(sink, "\r\x1b[K");
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
        assert!(text.starts_with("\r0 s\x1b[K"), "{text:?}");
        assert!(text.matches('\r').count() >= 3, "{text:?}");
        assert!(text.ends_with("\r\x1b[K"), "the line is cleared: {text:?}");
    }
}
