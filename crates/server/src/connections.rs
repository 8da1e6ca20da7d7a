//! The connections: accepted up to a cap, each served by hyper with read
//! timeouts, and all of them ended within a bounded time on shutdown,
//! whatever the clients do.
//!
//! What a client can hold, and for how long:
//!
//! * a connection past [`Limits::max_connections`]: none: it is answered
//!   503 at once and closed;
//! * a request's headers, or the wait for the next request on a kept-alive
//!   connection: [`Limits::read_timeout`], then the connection is closed;
//! * an answer the client stops reading: [`Limits::read_timeout`] without
//!   progress, then the connection is closed;
//! * a pause inside a body: [`Limits::read_timeout`] (408), the whole
//!   request [`Limits::timeout`] (408);
//! * shutdown: the connections are told to close after their request under
//!   way; [`Limits::shutdown_grace`] later the rest are dropped.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

use crate::wire::{self, JsonRefusals};
use crate::Limits;

/// Serves `app` on `listener` until `shutdown` completes, then ends every
/// connection within [`Limits::shutdown_grace`].
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (stop, stopping) = watch::channel(false);
    let mut open = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = open.join_next(), if !open.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => match slots.clone().try_acquire_owned() {
                    Ok(slot) => {
                        open.spawn(connection(stream, app.clone(), limits, stopping.clone(), slot));
                    }
                    Err(_) => {
                        open.spawn(turn_away(stream, limits.max_connections));
                    }
                },
                // Out of descriptors (or a connection reset before it was
                // taken): wait a little for some to close, never stop.
                Err(e) => {
                    tracing::warn!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    tracing::info!("shutting down: finishing the requests under way (at most {} s)", limits.shutdown_grace.as_secs());
    let _ = stop.send(true);
    let all_closed = async { while open.join_next().await.is_some() {} };
    if tokio::time::timeout(limits.shutdown_grace, all_closed).await.is_err() {
        tracing::warn!("{} connection(s) still open after the grace period: dropped", open.len());
        open.shutdown().await;
    }
    Ok(())
}

/// One connection, served until it closes, times out, or the service
/// stops.
async fn connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    mut stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    // A client that stops reading its answer is let go after the read
    // timeout too: an answer it never takes cannot hold its slot.
    let io = TokioIo::new(JsonRefusals::new(stream, limits.read_timeout));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        // The headers of a request, and the wait for the next one on a
        // kept-alive connection: a silent client is let go.
        .header_read_timeout(limits.read_timeout)
        // A client that sends its request and then closes its sending
        // side (`shutdown(SHUT_WR)`) still gets its answer.
        .half_close(true);
    let conn = http.serve_connection(io, TowerToHyperService::new(app));
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        () = stopped(&mut stopping) => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Completes when the service is told to stop (or is gone).
async fn stopped(stopping: &mut watch::Receiver<bool>) {
    while !*stopping.borrow_and_update() {
        if stopping.changed().await.is_err() {
            return;
        }
    }
}

/// A connection past the cap: 503 with a JSON body, and closed. What the
/// client sent is read (for a second at most) before closing, so that the
/// close does not reset the connection before the answer is read.
async fn turn_away(mut stream: TcpStream, cap: usize) {
    let message =
        format!("the service has {cap} connections open, its limit (`ssj serve --max-connections`): try again shortly");
    let answer = wire::answer(503, "Service Unavailable", &message);
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(&answer).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 4096];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<(), std::io::Error>(())
    })
    .await;
}
