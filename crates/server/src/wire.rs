//! The bytes on the wire that the service writes itself, not through a
//! handler: hyper's own refusals of a request it cannot parse, given the
//! JSON body every other refusal has, and the answer to a connection past
//! the cap.
//!
//! hyper answers a request line or a header it cannot read (a bad
//! `Content-Length`, a megabyte of headers, a TLS hello) with a bare
//! status and no body, and offers no hook to say more. [`JsonRefusals`]
//! sits between hyper and the socket and recognises those answers: every
//! answer of a handler carries `content-type: application/json`, hyper's
//! own never do. It writes the same status with a [`Problem`] in its place.
//! hyper closes the connection after such an answer, so nothing follows it.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

use crate::bodies::{Problem, ProblemKind};

/// A whole HTTP/1.1 answer with a JSON [`Problem`] (`busy` for a 503,
/// else `bad_input`), closing the connection.
pub(crate) fn answer(status: u16, reason: &str, message: &str) -> Vec<u8> {
    let kind = if status == 503 { ProblemKind::Busy } else { ProblemKind::BadInput };
    let problem = Problem { kind, message: message.to_owned(), report: None };
    // A Problem always serializes; the fallback keeps the answer JSON.
    let body = serde_json::to_string(&problem).unwrap_or_else(|_| "{\"kind\":\"bad_input\"}".to_owned());
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// What hyper's bare refusal of `status` means, in the service's words.
fn refusal_for(status: u16) -> Option<(&'static str, &'static str)> {
    Some(match status {
        400 => (
            "Bad Request",
            "the request is not valid HTTP/1.1: its request line or a header cannot be read \
             (a `Content-Length` that is not a number, say)",
        ),
        414 => ("URI Too Long", "the request's path is too long"),
        431 => ("Request Header Fields Too Large", "the request's headers are too large (at most about 400 KiB)"),
        _ => return None,
    })
}

/// The status of `head` when it is one of hyper's bare refusals: an
/// answer without a content type and with an empty body.
fn bare_refusal(bytes: &[u8]) -> Option<u16> {
    let rest = bytes.strip_prefix(b"HTTP/1.1 ")?;
    let status: u16 = std::str::from_utf8(rest.get(..3)?).ok()?.parse().ok()?;
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(bytes.get(..end)?).to_ascii_lowercase();
    let bare = !head.contains("\r\ncontent-type:") && head.contains("\r\ncontent-length: 0");
    (bare && bytes.len() == end + 4).then_some(status)
}

/// A connection's socket, with hyper's bare refusals given JSON bodies,
/// and a client that stops reading its answer let go: a write that makes
/// no progress for `stall` fails (hyper then closes the connection).
pub(crate) struct JsonRefusals<S> {
    inner: S,
    /// An answer written in place of hyper's, and how much of it is out.
    pending: Option<(Vec<u8>, usize)>,
    stall: Duration,
    /// Since when the socket has taken nothing.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> JsonRefusals<S> {
    pub(crate) fn new(inner: S, stall: Duration) -> Self {
        JsonRefusals { inner, pending: None, stall, stalled: None }
    }

    /// What a write to the socket came to: progress clears the stall
    /// clock; no progress starts it, and past `stall` is an error.
    fn watch<T>(&mut self, cx: &mut Context<'_>, polled: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if polled.is_ready() {
            self.stalled = None;
            return polled;
        }
        let stall = self.stall;
        let clock = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(stall)));
        match clock.as_mut().poll(cx) {
            Poll::Ready(()) => {
                Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading its answer")))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncWrite + Unpin> JsonRefusals<S> {
    /// Whether `bytes` are one of hyper's bare refusals: then the answer
    /// with a JSON body is queued in their place.
    fn replace_bare(&mut self, bytes: &[u8]) -> bool {
        match bare_refusal(bytes).and_then(|s| Some((s, refusal_for(s)?))) {
            Some((status, (reason, message))) => {
                self.pending = Some((answer(status, reason, message), 0));
                true
            }
            None => false,
        }
    }

    /// Writes out what is left of an answer put in hyper's place.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Some((bytes, mut done)) = self.pending.take() else { return Poll::Ready(Ok(())) };
        while let Some(rest) = bytes.get(done..).filter(|r| !r.is_empty()) {
            let polled = Pin::new(&mut self.inner).poll_write(cx, rest);
            match self.watch(cx, polled) {
                Poll::Pending => {
                    self.pending = Some((bytes, done));
                    return Poll::Pending;
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => done += n,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for JsonRefusals<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for JsonRefusals<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        if this.replace_bare(buf) {
            // hyper's bytes are taken whole; ours go out in their place.
            return Poll::Ready(Ok(buf.len()));
        }
        let polled = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.watch(cx, polled)
    }

    // Forwarded, so that hyper keeps writing a large answer's head and
    // body as they are, not copied into one buffer first.
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        // A bare refusal is a head alone, the first slice written.
        if let Some(first) = bufs.iter().find(|b| !b.is_empty()) {
            if this.replace_bare(first) {
                return Poll::Ready(Ok(first.len()));
            }
        }
        let polled = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.watch(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        let polled = Pin::new(&mut this.inner).poll_flush(cx);
        this.watch(cx, polled)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hyper_s_bare_refusals_are_recognised() {
        assert_eq!(bare_refusal(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\ndate: x\r\n\r\n"), Some(400));
        assert_eq!(
            bare_refusal(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n"),
            Some(431)
        );
        // A handler's answer: JSON, with a body.
        let ours = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(bare_refusal(ours), None);
        assert_eq!(bare_refusal(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\nmore"), None);
    }
}
