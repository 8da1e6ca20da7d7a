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
//! | 500 | the service failed (`kind: internal`) | [`Problem`](bodies::Problem) |
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! shuangsuiji_server::serve(listener, shuangsuiji_server::Limits::default(), std::future::pending()).await
//! # }
//! ```

pub mod bodies;
mod handlers;
pub mod openapi;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tokio::sync::Semaphore;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};

/// What one request may take.
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
}

impl Default for Limits {
    /// 256 MiB (a prefecture's registry is a few MB; a province's 3.5 M
    /// objects about 250 MB), 120 s, one computation per core.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        Limits { max_body_bytes: 256 << 20, timeout: Duration::from_secs(120), concurrency: cores }
    }
}

/// What every handler shares: the computing permits and the body limit.
#[derive(Debug, Clone)]
struct Shared {
    permits: Arc<Semaphore>,
    max_body_bytes: usize,
}

/// The service's routes and layers.
pub fn router(limits: Limits) -> Router {
    let shared =
        Shared { permits: Arc::new(Semaphore::new(limits.concurrency.max(1))), max_body_bytes: limits.max_body_bytes };
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
/// finishes the requests under way (graceful shutdown).
///
/// # Errors
/// The listener's I/O errors.
pub async fn serve(
    listener: tokio::net::TcpListener,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(limits)).with_graceful_shutdown(shutdown).await
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
    tracing::info!("shutting down: finishing the requests under way");
}
