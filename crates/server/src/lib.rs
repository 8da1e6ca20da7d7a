//! `ssj serve`: the operations of [`shuangsuiji`] over HTTP, for the
//! provinces' and cities' enforcement platforms (mostly Java and .NET),
//! which then need neither a shell nor temporary files.
//!
//! The service keeps no state between requests. Each endpoint takes a JSON
//! object whose members are the documents the CLI reads from files (named
//! as the CLI's flags: `request`, `plan`, `commitment`, …) and answers with
//! the document the CLI writes — the same bytes: a plan from `/v2/plan` is
//! byte for byte the `plan.json` of `ssj plan --request … --out plan.json`.
//! Both go through [`shuangsuiji_api`].
//!
//! | answer | when | body |
//! |---|---|---|
//! | 200 | done | the document |
//! | 400 | bad input (the CLI's exit 2) | [`Problem`](bodies::Problem), the CLI's message |
//! | 422 | a domain "no" (the CLI's exit 1) | [`Problem`](bodies::Problem); `/v2/check` adds the report |
//! | 408 / 413 / 415 | too slow / too large / not JSON | [`Problem`](bodies::Problem) |
//! | 400 / 414 / 431 | not HTTP / path too long / headers too large (hyper's own refusals) | [`Problem`](bodies::Problem) |
//! | 503 | more connections open than [`Limits::max_connections`] | [`Problem`](bodies::Problem) |
//! | 500 | the service failed (`kind: internal`) | [`Problem`](bodies::Problem) |
//!
//! Every connection is bounded in time ([`Limits`]): a client silent for
//! the read timeout is let go, and on shutdown [`serve`] returns within
//! the grace period whatever the clients hold.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! shuangsuiji_server::serve(listener, shuangsuiji_server::Limits::default(), std::future::pending()).await
//! # }
//! ```

pub mod bodies;
mod connections;
mod handlers;
pub mod openapi;
mod wire;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tokio::sync::Semaphore;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};

/// What one request, and one client, may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest body accepted, in bytes (413 above it).
    pub max_body_bytes: usize,
    /// The longest a request may take, from its first byte to its answer,
    /// waiting included (408 after it): a slow sender cannot hold a
    /// connection.
    pub timeout: Duration,
    /// How many requests compute at once; the others wait their turn.
    pub concurrency: usize,
    /// The longest the service waits for a client: for a request's headers
    /// (and for the next request on a kept-alive connection), after which
    /// the connection is closed, and for the next bytes of a body (408).
    pub read_timeout: Duration,
    /// How many bytes of bodies may be held at once, all connections
    /// together (at least [`Limits::max_body_bytes`]): a body waits for its
    /// share, within the request's time limit. With the records computed
    /// from them, this bounds the service's memory whatever the clients
    /// send.
    pub max_bodies_bytes: usize,
    /// How many connections may be open at once; one more is answered 503
    /// and closed. Keep it under the process's descriptor limit
    /// (`ulimit -n`).
    pub max_connections: usize,
    /// On shutdown, how long the requests under way may take to finish;
    /// then every connection left is dropped and [`serve`] returns.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    /// 256 MiB (a prefecture's registry is a few MB; a province's 3.5 M
    /// objects about 250 MB), 120 s, one computation per core; 30 s to
    /// send headers or the next piece of a body, 1 GiB of bodies at once,
    /// 512 connections, 10 s to finish on shutdown.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        Limits {
            max_body_bytes: 256 << 20,
            timeout: Duration::from_secs(120),
            concurrency: cores,
            read_timeout: Duration::from_secs(30),
            max_bodies_bytes: 1 << 30,
            max_connections: 512,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// What every handler shares: the computing permits and the body's limits.
#[derive(Debug, Clone)]
struct Shared {
    permits: Arc<Semaphore>,
    /// The budget of body bytes held at once, a permit per KiB.
    bodies: Arc<Semaphore>,
    max_body_bytes: usize,
    read_timeout: Duration,
}

/// The service's routes and layers.
pub fn router(limits: Limits) -> Router {
    let shared = Shared {
        permits: Arc::new(Semaphore::new(limits.concurrency.max(1))),
        bodies: Arc::new(Semaphore::new(limits.max_bodies_bytes.max(limits.max_body_bytes).div_ceil(1024))),
        max_body_bytes: limits.max_body_bytes,
        read_timeout: limits.read_timeout,
    };
    Router::new()
        .route("/v2/plan", post(handlers::plan))
        .route("/v2/check", post(handlers::check))
        .route("/v2/verify", post(handlers::verify))
        .route("/v2/quotas", post(handlers::quotas))
        .route("/v2/commit", post(handlers::commit))
        .route("/v2/staffing", post(handlers::staffing))
        .route("/v2/agenda", post(handlers::agenda))
        .route("/v2/simulate", post(handlers::simulate))
        .route("/v2/compare", post(handlers::compare))
        .route("/v2/presets", get(handlers::presets))
        .route("/v2/presets/{id}", get(handlers::preset))
        .route("/openapi.json", get(handlers::openapi))
        .route("/health", get(handlers::health))
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .with_state(shared)
        .layer(axum::middleware::from_fn_with_state(limits.timeout, handlers::time_limit))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// Serves [`router`] on `listener` until `shutdown` completes, then
/// finishes the requests under way and returns within
/// [`Limits::shutdown_grace`], whatever the clients do. The connections
/// are capped and timed as [`Limits`] says.
///
/// A computation still running when `serve` returns goes on on its
/// blocking thread; end the runtime with `shutdown_timeout` so the process
/// does not wait for it.
///
/// # Errors
/// None yet: a failed accept (out of descriptors) is logged and retried.
pub async fn serve(
    listener: tokio::net::TcpListener,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    connections::serve(listener, router(limits), limits, shutdown).await
}

/// Completes on Ctrl-C or SIGTERM, for [`serve`].
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
