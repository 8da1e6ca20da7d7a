#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! A bounded load test of `ssj serve`: N county-sized plan requests (each
//! its own seed) over C keep-alive connections, against the service on
//! 127.0.0.1 in this process; then a volley of malformed requests. Prints
//! throughput, p50/p99/max latency and every status seen.
//!
//! ```sh
//! cargo run --release -p shuangsuiji-benches --example load -- 10000 64
//! ```

// The allocator `ssj serve` links, so the figures are the service's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::rt::TokioIo;
use shuangsuiji::PlanRequest;

/// One county of the demo prefecture, as its own bureau would send it.
fn county_request() -> PlanRequest {
    let mut request = shuangsuiji_api::demo_request().unwrap();
    let unit = "changji/hutubi";
    let registry = &mut request.registry;
    registry.objects.retain(|o| o.jurisdiction == unit);
    registry.inspectors.retain(|i| i.jurisdiction == unit);
    registry.jurisdictions.retain(|j| j.id == unit || j.parent.is_none());
    request.units = vec![unit.into()];
    request
}

fn body(request: &PlanRequest, seed: usize) -> Bytes {
    let mut request = request.clone();
    request.seed = format!("2023{seed:08}");
    Bytes::from(serde_json::to_vec(&serde_json::json!({ "request": request })).unwrap())
}

/// Sends `bodies` one after another on one keep-alive connection:
/// (status, latency) of each.
async fn client(addr: std::net::SocketAddr, bodies: Vec<Bytes>) -> Vec<(u16, Duration)> {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.unwrap();
    tokio::spawn(conn);
    let mut out = Vec::with_capacity(bodies.len());
    for body in bodies {
        let request = Request::post("/v2/plan")
            .header("host", "127.0.0.1")
            .header("content-type", "application/json")
            .body(Full::new(body))
            .unwrap();
        let start = Instant::now();
        let response = sender.send_request(request).await.unwrap();
        let status = response.status().as_u16();
        let _ = response.into_body().collect().await.unwrap();
        out.push((status, start.elapsed()));
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().unwrap()).collect();
    let (n, connections) = (args.first().copied().unwrap_or(10_000), args.get(1).copied().unwrap_or(64));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // A short time limit, so that the slow senders below meet it.
    let limits = shuangsuiji_server::Limits { timeout: Duration::from_secs(5), ..Default::default() };
    tokio::spawn(shuangsuiji_server::serve(listener, limits, std::future::pending()));

    let request = county_request();
    println!(
        "{n} plan requests, {connections} connections; a county of {} objects, {} officers; body {} KB",
        request.registry.objects.len(),
        request.registry.inspectors.len(),
        body(&request, 0).len() / 1024
    );
    let mut per_client: Vec<Vec<Bytes>> = vec![Vec::new(); connections];
    for i in 0..n {
        per_client[i % connections].push(body(&request, i));
    }
    let start = Instant::now();
    let tasks: Vec<_> = per_client.into_iter().map(|b| tokio::spawn(client(addr, b))).collect();
    let mut results = Vec::with_capacity(n);
    for t in tasks {
        results.extend(t.await.unwrap());
    }
    let wall = start.elapsed();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for (s, _) in &results {
        *statuses.entry(*s).or_default() += 1;
    }
    let mut latencies: Vec<Duration> = results.iter().map(|(_, d)| *d).collect();
    latencies.sort();
    println!(
        "wall {:.2} s, {:.0} plans/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; statuses {statuses:?}",
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );
    let errors = results.iter().filter(|(s, _)| *s != 200).count();
    let bad = malformed(addr, &body(&request, 0)).await;
    let after = client(addr, vec![body(&request, n)]).await;
    println!("after the malformed requests, a plan: {}", after[0].0);
    if errors > 0 || bad || after[0].0 != 200 {
        eprintln!("{errors} plan requests were not answered 200, or a malformed one was not answered 4xx");
        std::process::exit(1);
    }
}

/// Sends 50 of each kind of malformed request at once over raw TCP and
/// prints what each kind was answered; true if any answer was not 4xx.
async fn malformed(addr: std::net::SocketAddr, valid: &[u8]) -> bool {
    let head = |len: usize, ct: &str| {
        format!("POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-type: {ct}\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n")
            .into_bytes()
    };
    let nested = format!("{{\"commitment\": {{\"frozen\": {}{}}}}}", "[".repeat(50_000), "]".repeat(50_000));
    let mut wrong_type: serde_json::Value = serde_json::from_slice(valid).unwrap();
    wrong_type["request"]["registry"]["objects"][3]["category"] = serde_json::json!(7);
    let wrong_type = serde_json::to_vec(&wrong_type).unwrap();
    let huge = 300usize << 20;
    let kinds: Vec<(&str, Vec<u8>, Option<Duration>)> = vec![
        (
            "truncated",
            [head(valid.len(), "application/json"), valid[..valid.len() / 2].to_vec()].concat(),
            Some(Duration::ZERO),
        ),
        ("huge (300 MB declared)", head(huge, "application/json"), None),
        ("deeply nested (50,000 levels)", [head(nested.len(), "application/json"), nested.into_bytes()].concat(), None),
        ("wrong type", [head(wrong_type.len(), "application/json"), wrong_type].concat(), None),
        ("wrong content type", [head(valid.len(), "text/plain"), valid.to_vec()].concat(), None),
        (
            "slow sender (stops halfway for 6 s)",
            [head(valid.len(), "application/json"), valid[..valid.len() / 2].to_vec()].concat(),
            Some(Duration::from_secs(6)),
        ),
        ("not HTTP", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n".to_vec(), None),
    ];
    let mut any_bad = false;
    for (what, bytes, pause) in kinds {
        let tasks: Vec<_> = (0..50).map(|_| tokio::spawn(raw(addr, bytes.clone(), pause))).collect();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for t in tasks {
            let status = t.await.unwrap();
            any_bad |= !status.starts_with('4');
            *seen.entry(status).or_default() += 1;
        }
        println!("  {what}: {seen:?}");
    }
    any_bad
}

/// One raw exchange: the status code, or what happened instead.
async fn raw(addr: std::net::SocketAddr, bytes: Vec<u8>, pause: Option<Duration>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let _ = stream.write_all(&bytes).await;
    if let Some(pause) = pause {
        tokio::time::sleep(pause).await;
        let _ = stream.shutdown().await;
    }
    let mut answer = Vec::new();
    match tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await {
        Err(_) => "no answer in 20 s".into(),
        Ok(_) => {
            let text = String::from_utf8_lossy(&answer);
            text.strip_prefix("HTTP/1.1 ")
                .and_then(|t| t.get(..3))
                .map_or("closed without an answer".into(), str::to_owned)
        }
    }
}
