//! `ssj serve`: the operations over HTTP (see [`shuangsuiji_server`]).

use std::net::SocketAddr;
use std::time::Duration;

use clap::Args;
use shuangsuiji_server::Limits;

use crate::output::{emit, CliError};

/// `ssj serve`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ssj serve                                  # http://127.0.0.1:8080
  ssj serve --addr 0.0.0.0:9000 --timeout-secs 300 --concurrency 4
  { printf '{\"request\": '; cat request.json; printf '}'; } |
      curl -s -H 'Content-Type: application/json' --data-binary @- http://127.0.0.1:8080/v2/plan > plan.json

Endpoints: POST /v2/plan, /v2/check, /v2/verify, /v2/quotas, /v2/commit, /v2/staffing, /v2/simulate,
/v2/compare; GET /v2/presets, /v2/presets/{id}, /openapi.json, /health. Bodies and answers are the
documents the CLI reads and writes; 400 is its exit 2 (bad input), 422 its exit 1 (a domain no).
Stops on Ctrl-C or SIGTERM: requests under way get --shutdown-grace-secs (10 s) to finish, then every
connection left is dropped and the process exits, whatever the clients do. A client silent for
--read-timeout-secs (30 s) is let go; a connection past --max-connections (512) is answered 503;
bodies held at once are bounded by --max-bodies-mb (1 GiB), 503 past it. Logs requests to standard
error (RUST_LOG-style levels are not parsed: every request is logged at info).")]
pub struct ServeArgs {
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The largest body accepted, in MiB.
    #[arg(long, default_value_t = 256, value_name = "MIB")]
    pub max_body_mb: usize,
    /// The longest a request may take, waiting included, in seconds.
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    pub timeout_secs: u64,
    /// How many requests compute at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// The longest the service waits for a client's headers (or its next
    /// request on a kept-alive connection) and for the next piece of a
    /// body, in seconds.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub read_timeout_secs: u64,
    /// How many MiB of request bodies may be held at once, all connections
    /// together (at least --max-body-mb); past it a body is answered 503.
    #[arg(long, default_value_t = 1024, value_name = "MIB")]
    pub max_bodies_mb: usize,
    /// How many connections may be open at once (503 past it); keep it
    /// under `ulimit -n`.
    #[arg(long, default_value_t = 512, value_name = "N")]
    pub max_connections: usize,
    /// On Ctrl-C or SIGTERM, how long the requests under way may take to
    /// finish before the service exits anyway, in seconds.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub shutdown_grace_secs: u64,
}

/// Runs `ssj serve` until Ctrl-C or SIGTERM.
///
/// # Errors
/// [`CliError::Input`] for limits out of range or an address that cannot be
/// bound.
pub fn run(args: ServeArgs, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let defaults = Limits::default();
    if args.max_body_mb == 0 || args.max_body_mb > 4096 {
        return Err(CliError::Input(format!("--max-body-mb must be from 1 to 4096, not {}", args.max_body_mb)));
    }
    if args.timeout_secs == 0 {
        return Err(CliError::Input("--timeout-secs must be at least 1".into()));
    }
    if args.concurrency == Some(0) {
        return Err(CliError::Input("--concurrency must be at least 1".into()));
    }
    if args.read_timeout_secs == 0 {
        return Err(CliError::Input("--read-timeout-secs must be at least 1".into()));
    }
    if args.max_bodies_mb < args.max_body_mb {
        return Err(CliError::Input(format!(
            "--max-bodies-mb ({}) must be at least --max-body-mb ({}): a body of the largest size must fit",
            args.max_bodies_mb, args.max_body_mb
        )));
    }
    if args.max_connections == 0 {
        return Err(CliError::Input("--max-connections must be at least 1".into()));
    }
    let limits = Limits {
        max_body_bytes: args.max_body_mb << 20,
        timeout: Duration::from_secs(args.timeout_secs),
        concurrency: args.concurrency.unwrap_or(defaults.concurrency),
        read_timeout: Duration::from_secs(args.read_timeout_secs),
        max_bodies_bytes: args.max_bodies_mb << 20,
        max_connections: args.max_connections,
        shutdown_grace: Duration::from_secs(args.shutdown_grace_secs),
    };
    use std::io::IsTerminal as _;
    // An embedder may have set its own subscriber: then its stays.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Input(format!("cannot start the service: {e}")))?;
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|e| CliError::Input(format!("--addr {}: {e}", args.addr)))?;
        let bound = listener.local_addr().map_err(|e| CliError::Input(e.to_string()))?;
        emit(out, &format!("ssj serve: listening on http://{bound} (Ctrl-C to stop)\n"))?;
        out.flush().map_err(|e| CliError::Input(e.to_string()))?;
        shuangsuiji_server::serve(listener, limits, shuangsuiji_server::shutdown_signal())
            .await
            .map_err(|e| CliError::Input(format!("the service stopped: {e}")))
    });
    // A computation past the grace period runs on a blocking thread that
    // cannot be stopped; the process does not wait for it.
    runtime.shutdown_timeout(Duration::from_millis(100));
    served
}
