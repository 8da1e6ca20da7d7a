#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The service tested as a client meets it: every endpoint in process, and
//! a real server on 127.0.0.1 fed malformed bodies over raw TCP — each
//! answered 4xx, never 5xx, never a dropped connection.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use shuangsuiji::{rules, sample, PlanRequest};
use shuangsuiji_api as api;
use shuangsuiji_server::openapi::routes;
use shuangsuiji_server::{router, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

/// A county: 8 key, 4 special, 40 general objects and 6 officers.
fn request() -> PlanRequest {
    PlanRequest::new(
        sample::county(8, 4, 40, 6),
        rules::preset("changji-county").unwrap(),
        vec![sample::COUNTY.into()],
        "2023Q2".parse().unwrap(),
        "20230401",
    )
}

fn request_json() -> Value {
    serde_json::to_value(request()).unwrap()
}

/// One request through the router, in process: (status, body).
async fn call(method: &str, path: &str, body: Option<Value>) -> (StatusCode, String) {
    call_with(Limits::default(), method, path, body.map(|b| b.to_string()), "application/json").await
}

async fn call_with(
    limits: Limits,
    method: &str,
    path: &str,
    body: Option<String>,
    content_type: &str,
) -> (StatusCode, String) {
    let builder = Request::builder().method(method).uri(path).header("content-type", content_type);
    let request = builder.body(body.map_or_else(Body::empty, Body::from)).unwrap();
    let response = router(limits).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

fn parsed(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[tokio::test]
async fn plan_answers_the_bytes_the_library_writes() {
    let (status, text) = call("POST", "/v2/plan", Some(json!({ "request": request_json() }))).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let expected = api::to_json(&api::plan(request(), None).unwrap().plan).unwrap();
    assert_eq!(text, expected);
}

#[tokio::test]
async fn check_verify_quotas_answer_and_refuse_as_the_cli() {
    let plan = parsed(&call("POST", "/v2/plan", Some(json!({ "request": request_json() }))).await.1);
    let (status, text) = call("POST", "/v2/check", Some(json!({ "plan": plan, "request": request_json() }))).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(parsed(&text)["breaches"], json!([]));
    let (status, text) = call("POST", "/v2/verify", Some(json!({ "plan": plan, "request": request_json() }))).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(parsed(&text)["said"].as_str().unwrap().contains("verified: plan is the plan its request draws"));

    // An edited plan: a domain "no", 422, in the CLI's words.
    let mut edited = plan.clone();
    // One officer on a visit: a breach of "at least two" (001 §三（二）).
    edited["tasks"][0]["visit"]["officers"].as_array_mut().unwrap().pop();
    let (status, text) = call("POST", "/v2/verify", Some(json!({ "plan": edited, "request": request_json() }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let problem = parsed(&text);
    assert_eq!(problem["kind"], "no");
    assert!(problem["message"].as_str().unwrap().starts_with("plan: not verified:"), "{text}");
    let (status, text) = call("POST", "/v2/check", Some(json!({ "plan": edited, "request": request_json() }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let problem = parsed(&text);
    assert!(problem["message"].as_str().unwrap().ends_with("breach(es) found"));
    assert!(!problem["report"]["breaches"].as_array().unwrap().is_empty());

    let (status, text) = call("POST", "/v2/quotas", Some(json!({ "request": request_json() }))).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(text, api::to_json(&api::quotas(&request()).unwrap()).unwrap());
}

#[tokio::test]
async fn commit_then_plan_under_the_commitment() {
    let mut unseeded = request_json();
    unseeded["seed"] = json!("");
    let rule = json!({ "source": "dice", "digits": 20, "announced": "twenty dice, public meeting 2023-03-28" });
    let body =
        json!({ "request": unseeded, "authority": "呼图壁县生态环境局", "date": "2023-03-25", "seed_rule": rule });
    let (status, text) = call("POST", "/v2/commit", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let commitment = parsed(&text);
    // The seed as rolled, spaces and all: normalised under the rule.
    let mut seeded = request_json();
    seeded["seed"] = json!("2023 0401 3141 5926 5358");
    let (status, text) = call("POST", "/v2/plan", Some(json!({ "request": seeded, "commitment": commitment }))).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let plan = parsed(&text);
    assert_eq!(plan["seed"], "20230401314159265358");
    assert_eq!(plan["commitment"], commitment["digest"]);
    let body = json!({ "plan": plan, "request": seeded, "commitment": commitment });
    let (status, text) = call("POST", "/v2/verify", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    // Another registry under the same commitment: refused as a "no".
    let mut other = seeded.clone();
    other["registry"]["objects"].as_array_mut().unwrap().pop();
    let (status, text) = call("POST", "/v2/plan", Some(json!({ "request": other, "commitment": commitment }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(parsed(&text)["message"].as_str().unwrap().starts_with("commitment:"), "{text}");
}

#[tokio::test]
async fn analysis_endpoints_answer_as_the_library() {
    let (status, text) = call("POST", "/v2/staffing", Some(json!({ "request": request_json(), "capacity": 12 }))).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(text, api::to_json(&api::staffing(&request(), 12).unwrap()).unwrap());
    let body = json!({ "request": request_json(), "years": 1, "seeds": 2 });
    let (status, text) = call("POST", "/v2/simulate", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(parsed(&text)["spec"]["seeds"], 2);
    let body = json!({
        "registry": request_json()["registry"], "policies": ["changji-county", "wangcheng"],
        "years": 1, "seeds": 1, "capacity": 12,
    });
    let (status, text) = call("POST", "/v2/compare", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(parsed(&text).as_array().unwrap().len(), 2);
    // Found by schemathesis: no policy compared nothing, and said 200.
    let body = json!({ "registry": request_json()["registry"], "policies": [] });
    let (status, text) = call("POST", "/v2/compare", Some(body)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("at least one policy"), "{text}");
    let body = json!({ "registry": request_json()["registry"], "policies": ["zhongwei-positive-list"] });
    let (status, text) = call("POST", "/v2/compare", Some(body)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
}

#[tokio::test]
async fn presets_openapi_and_health() {
    let (status, text) = call("GET", "/v2/presets", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(parsed(&text).as_array().unwrap().iter().any(|p| p["name"] == "changji-county"));
    let (status, text) = call("GET", "/v2/presets/changji-county", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text, api::to_json(&rules::preset("changji-county").unwrap()).unwrap());
    // Listed, but it needs the county's own rate: there, not a policy.
    let (status, text) = call("GET", "/v2/presets/fengdu", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let (status, text) = call("GET", "/v2/presets/nowhere", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(parsed(&text)["message"].as_str().unwrap().contains("nowhere"));
    let (status, text) = call("GET", "/health", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(parsed(&text)["formats"].as_array().unwrap().iter().any(|f| f.as_str().unwrap().contains("plan/")));
}

/// Every `$ref` in the description resolves, and every path of the table
/// is routed (not 404) while an unknown path is.
#[tokio::test]
async fn the_openapi_description_is_whole_and_matches_the_routes() {
    let (status, text) = call("GET", "/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let doc = parsed(&text);
    assert_eq!(doc["openapi"], "3.1.0");
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 20, "{} refs", refs.len());
    for r in refs {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("ref outside components: {r}"));
        assert!(doc["components"]["schemas"].get(name).is_some(), "unresolved {r}");
    }
    for (method, path) in routes() {
        assert!(doc["paths"][path].get(method).is_some(), "{method} {path} undocumented");
        let path = path.replace("{id}", "changji-county");
        let method = method.to_uppercase();
        let body = (method == "POST").then(|| "{}".to_owned());
        let (status, _) = call_with(Limits::default(), &method, &path, body, "application/json").await;
        assert_ne!(status, StatusCode::NOT_FOUND, "{method} {path} is documented but not routed");
    }
    let (status, text) = call("POST", "/v2/nothing", Some(json!({}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(parsed(&text)["kind"], "bad_input");
    let (status, _) = call("GET", "/v2/plan", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

/// What client generators need: every operation named (an operationId,
/// unique) and tagged; no string enum written as a `oneOf` of constants
/// (Java and .NET make a wrapper of those, not an enum; a Python client
/// matches several branches at once); and every example body answered
/// with a 200 whose document has the answer's format.
#[tokio::test]
async fn the_description_is_what_client_generators_need() {
    let (_, text) = call("GET", "/openapi.json", None).await;
    let doc = parsed(&text);
    let mut ids = std::collections::BTreeSet::new();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for (method, op) in methods.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path}: no operationId"));
            assert!(ids.insert(id.to_owned()), "operationId {id} twice");
            assert!(!op["tags"].as_array().unwrap().is_empty(), "{id}: no tag");
            if let Some(example) = op["requestBody"]["content"]["application/json"].get("example") {
                let (status, answer) = call("POST", path, Some(example.clone())).await;
                assert_eq!(status, StatusCode::OK, "{id}'s example: {answer}");
            }
        }
    }
    assert_eq!(ids.len(), routes().count());
    let mut enums = 0;
    walk(&doc, &mut |map| {
        if let Some(Value::Array(branches)) = map.get("oneOf") {
            assert!(!branches.iter().all(|b| b.get("const").is_some()), "a oneOf of constants: {map:?}");
        }
        if map.get("enum").is_some() {
            enums += 1;
        }
    });
    assert!(enums >= 17, "{enums} enums");
    let cadence = &doc["components"]["schemas"]["Cadence"];
    assert_eq!(cadence["enum"], json!(["quarterly", "monthly", "yearly"]));
    assert!(cadence["description"].as_str().unwrap().contains("- `monthly`: One draw a month"));
}

fn walk(v: &Value, f: &mut dyn FnMut(&serde_json::Map<String, Value>)) {
    match v {
        Value::Object(map) => {
            f(map);
            map.values().for_each(|v| walk(v, f));
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, f)),
        _ => {}
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Bad bodies in process: each a 4xx with a message naming what is wrong.
#[tokio::test]
async fn bad_bodies_are_named() {
    let cases: Vec<(&str, String, &str, StatusCode, &str)> = vec![
        ("not JSON", "{\"request\": ".into(), "application/json", StatusCode::BAD_REQUEST, "body:"),
        ("a form", "a=1".into(), "application/x-www-form-urlencoded", StatusCode::UNSUPPORTED_MEDIA_TYPE, "JSON"),
        ("no member", "{}".into(), "application/json", StatusCode::BAD_REQUEST, "missing field `request`"),
        (
            "an unknown member",
            json!({ "request": request_json(), "seeds": 3 }).to_string(),
            "application/json",
            StatusCode::BAD_REQUEST,
            "unknown field `seeds`",
        ),
        (
            "a wrong type",
            {
                let mut r = request_json();
                r["registry"]["objects"][3]["category"] = json!(7);
                json!({ "request": r }).to_string()
            },
            "application/json",
            StatusCode::BAD_REQUEST,
            "request.registry.objects[3] (id",
        ),
        (
            "a policy at 130 %",
            {
                let mut r = request_json();
                r["policy"]["rules"][0]["minimum"] = json!({ "kind": "percent_per_quarter", "percent": 130 });
                json!({ "request": r }).to_string()
            },
            "application/json",
            StatusCode::BAD_REQUEST,
            "rules[0].minimum.percent: is above 100 %",
        ),
        (
            "no seed",
            {
                let mut r = request_json();
                r["seed"] = json!("");
                json!({ "request": r }).to_string()
            },
            "application/json",
            StatusCode::BAD_REQUEST,
            "no seed",
        ),
        (
            "deeply nested",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
            "application/json",
            StatusCode::BAD_REQUEST,
            "the document is a list",
        ),
        (
            "the body as a list",
            json!([{ "request": request_json() }]).to_string(),
            "application/json",
            StatusCode::BAD_REQUEST,
            "the document is a list",
        ),
        (
            "the registry as a list",
            {
                let mut r = request_json();
                let g = r["registry"].clone();
                r["registry"] = json!([g["jurisdictions"], g["objects"], g["inspectors"]]);
                json!({ "request": r }).to_string()
            },
            "application/json",
            StatusCode::BAD_REQUEST,
            "expected an object",
        ),
        (
            "deeply nested where any JSON goes",
            format!("{{\"commitment\": {{\"frozen\": {}{}}}}}", "[".repeat(100_000), "]".repeat(100_000)),
            "application/json",
            StatusCode::BAD_REQUEST,
            "recursion limit",
        ),
    ];
    for (what, body, content_type, want, says) in cases {
        let (status, text) = call_with(Limits::default(), "POST", "/v2/plan", Some(body), content_type).await;
        assert_eq!(status, want, "{what}: {text}");
        assert!(text.contains(says), "{what}: {text}");
        assert!(parsed(&text)["message"].is_string(), "{what}: {text}");
    }
    let small = Limits { max_body_bytes: 1 << 10, ..Limits::default() };
    let (status, text) = call_with(
        small,
        "POST",
        "/v2/plan",
        Some(json!({ "request": request_json() }).to_string()),
        "application/json",
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{text}");
    assert!(text.contains("--max-body-mb"), "{text}");
}

/// A real server on 127.0.0.1, spoken to over raw TCP: truncated, huge,
/// slow and garbled requests are each answered 4xx, and the server goes on
/// answering.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_server_answers_malformed_requests_with_4xx_and_stays_up() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits =
        Limits { max_body_bytes: 1 << 20, timeout: Duration::from_millis(800), concurrency: 2, ..Limits::default() };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(shuangsuiji_server::serve(listener, limits, async {
        let _ = stopped.await;
    }));
    let valid = json!({ "request": request_json() }).to_string();
    let head = |len: usize, ct: &str| {
        format!("POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-type: {ct}\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n")
    };
    // (what, bytes sent, then a pause and the sending side closed — only for
    // a sender that stops: closing a complete request races the answer)
    let cases: Vec<(&str, Vec<u8>, Option<Duration>, u16)> = vec![
        ("truncated body", [head(valid.len(), "application/json").into_bytes(), valid.as_bytes()[..100].to_vec()].concat(), Some(Duration::ZERO), 400),
        ("slow sender", [head(valid.len(), "application/json").into_bytes(), valid.as_bytes()[..100].to_vec()].concat(), Some(Duration::from_millis(1500)), 408),
        ("huge, declared", [head(2 << 20, "application/json").into_bytes(), vec![b' '; 2 << 20]].concat(), None, 413),
        ("huge, chunked", [b"POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec(), chunked(&vec![b' '; 3 << 20])].concat(), None, 413),
        ("wrong content type", [head(valid.len(), "text/csv").into_bytes(), valid.clone().into_bytes()].concat(), None, 415),
        ("no content type", b"POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}".to_vec(), None, 415),
        ("garbage request line", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n".to_vec(), None, 400),
        ("binary body", [head(64, "application/json").into_bytes(), vec![0xff; 64]].concat(), None, 400),
    ];
    for (what, bytes, pause, want) in cases {
        let (status, body) = exchange(addr, &bytes, pause).await;
        assert_eq!(status, Some(want), "{what}");
        // Every refusal is JSON naming what is wrong, hyper's own 400 for
        // bytes that are not HTTP included.
        let problem = parsed(&body);
        assert!(problem["message"].is_string(), "{what}: {body}");
    }
    // Still up: a good request is planned.
    let good = [head(valid.len(), "application/json").into_bytes(), valid.into_bytes()].concat();
    let (status, _) = exchange(addr, &good, None).await;
    assert_eq!(status, Some(200));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

fn chunked(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(64 << 10) {
        out.extend(format!("{:x}\r\n", chunk.len()).into_bytes());
        out.extend(chunk);
        out.extend(b"\r\n");
    }
    out.extend(b"0\r\n\r\n");
    out
}

/// Sends `bytes`; with a pause, waits and then closes the sending side (a
/// sender that stops); reads the status code and the body.
async fn exchange(addr: std::net::SocketAddr, bytes: &[u8], pause: Option<Duration>) -> (Option<u16>, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    // The server may answer (413) and close before everything is sent.
    let _ = stream.write_all(bytes).await;
    if let Some(pause) = pause {
        tokio::time::sleep(pause).await;
        let _ = stream.shutdown().await;
    }
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.strip_prefix("HTTP/1.1 ").and_then(|t| t.get(..3)).and_then(|c| c.parse().ok());
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// A real server on 127.0.0.1 with `limits`: its address, the sender that
/// stops it, and its task.
async fn running(
    limits: Limits,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<std::io::Result<()>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(shuangsuiji_server::serve(listener, limits, async {
        let _ = stopped.await;
    }));
    (addr, stop, server)
}

/// Limits with short clocks, for the tests of slow clients.
fn brisk() -> Limits {
    Limits {
        read_timeout: Duration::from_millis(400),
        shutdown_grace: Duration::from_millis(500),
        max_connections: 4,
        ..Limits::default()
    }
}

/// Whether the server closes `stream` within `within` (reads to its end).
async fn closed_within(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
    let mut sink = Vec::new();
    tokio::time::timeout(within, stream.read_to_end(&mut sink)).await.is_ok()
}

/// The HTTP layer's own refusals (hyper's, before a handler runs) are JSON
/// like every other: a `Content-Length` that is not a number, a megabyte
/// of headers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_http_layers_refusals_have_json_bodies() {
    let (addr, stop, server) = running(Limits::default()).await;
    let huge_header = format!("GET /health HTTP/1.1\r\nhost: x\r\nx-big: {}\r\n\r\n", "a".repeat(1 << 20));
    for (what, bytes, want) in [
        ("a bad Content-Length", b"POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-length: ten\r\n\r\n".to_vec(), 400),
        ("a megabyte of headers", huge_header.into_bytes(), 431),
    ] {
        let (status, body) = exchange(addr, &bytes, None).await;
        assert_eq!(status, Some(want), "{what}: {body}");
        let problem = parsed(&body);
        assert_eq!(problem["kind"], "bad_input", "{what}");
        assert!(problem["message"].as_str().unwrap().contains("request"), "{what}: {body}");
    }
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// A request sent whole, then the client's sending side closed: answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_closed_request_is_answered() {
    let (addr, stop, server) = running(Limits::default()).await;
    let body = json!({ "request": request_json() }).to_string();
    let head = format!(
        "POST /v2/quotas HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let (status, text) = exchange(addr, &[head.into_bytes(), body.into_bytes()].concat(), Some(Duration::ZERO)).await;
    assert_eq!(status, Some(200), "{text}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Silent, slowloris and kept-alive-but-idle clients are let go after the
/// read timeout; a body that stops is 408.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_silent_clients_are_let_go() {
    let limits = brisk();
    let (addr, stop, server) = running(limits).await;
    let wait = limits.read_timeout * 5;

    let mut silent = tokio::net::TcpStream::connect(addr).await.unwrap();
    assert!(closed_within(&mut silent, wait).await, "a silent connection stays open");

    // Slowloris: a byte of headers every 100 ms, never the end.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    let dripping = async {
        for b in
            b"POST /v2/plan HTTP/1.1\r\nhost: x\r\nx-drip: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .iter()
        {
            if slow.write_all(&[*b]).await.is_err() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    };
    let cut = tokio::time::timeout(wait, dripping).await.unwrap_or(false);
    assert!(cut || closed_within(&mut slow, wait).await, "a slowloris connection stays open");

    // Kept alive, then idle: closed after its answer and the timeout.
    let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /health HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    assert!(closed_within(&mut idle, wait).await, "an idle kept-alive connection stays open");

    // A body that stops halfway: 408, JSON.
    let head = "POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{";
    let (status, body) = exchange(addr, head.as_bytes(), None).await;
    assert_eq!(status, Some(408), "{body}");
    assert!(parsed(&body)["message"].as_str().unwrap().contains("stopped arriving"), "{body}");

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Past the cap of open connections: 503 with a JSON body at once, and a
/// good request answered again once a connection closes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_are_answered_503() {
    let limits = Limits { max_connections: 2, ..brisk() };
    let (addr, stop, server) = running(limits).await;
    let held =
        [tokio::net::TcpStream::connect(addr).await.unwrap(), tokio::net::TcpStream::connect(addr).await.unwrap()];
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (status, body) = exchange(addr, b"GET /health HTTP/1.1\r\nhost: x\r\n\r\n", None).await;
    assert_eq!(status, Some(503), "{body}");
    assert!(parsed(&body)["message"].as_str().unwrap().contains("--max-connections"), "{body}");
    assert_eq!(parsed(&body)["kind"], "busy", "{body}");
    drop(held);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, _) = exchange(addr, b"GET /health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n", None).await;
    assert_eq!(status, Some(200));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Shutdown ends within the grace period whatever the clients hold: half
/// a request line, half a body, nothing at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_ends_within_the_grace_period() {
    let limits = Limits { read_timeout: Duration::from_secs(60), ..brisk() };
    let (addr, stop, server) = running(limits).await;
    let mut held = Vec::new();
    for sent in [
        &b"POST /v2/plan HTT"[..],
        b"POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"re",
        b"",
    ] {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(sent).await.unwrap();
        held.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let start = std::time::Instant::now();
    stop.send(()).unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(3), server).await;
    assert!(ended.is_ok(), "still serving 3 s after the stop");
    assert!(start.elapsed() < limits.shutdown_grace + Duration::from_millis(500), "{:?}", start.elapsed());
}

/// Bodies held at once are bounded all connections together: while one
/// client holds the whole budget with its bytes, another's body is answered
/// 503 (`busy`), not made to wait holding what it took; once the first is
/// gone, it is served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_held_at_once_are_bounded_across_connections() {
    let body = json!({ "request": request_json() }).to_string();
    let budget = body.len() + 1024;
    let limits = Limits {
        max_body_bytes: budget,
        max_bodies_bytes: budget,
        read_timeout: Duration::from_secs(20),
        ..Limits::default()
    };
    let (addr, stop, server) = running(limits).await;
    let head = |len: usize| {
        format!("POST /v2/quotas HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n")
    };
    // The first client sends all its bytes but the last: it holds them.
    let mut holder = tokio::net::TcpStream::connect(addr).await.unwrap();
    let almost = &body.as_bytes()[..body.len() - 1];
    holder.write_all(&[head(body.len()).into_bytes(), almost.to_vec()].concat()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let whole = [head(body.len()).into_bytes(), body.clone().into_bytes()].concat();
    let (status, text) = exchange(addr, &whole, None).await;
    assert_eq!(status, Some(503), "{text}");
    assert_eq!(parsed(&text)["kind"], "busy", "{text}");
    drop(holder);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, text) = exchange(addr, &whole, None).await;
    assert_eq!(status, Some(200), "{text}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// `Accept-Language: zh-CN` gets the refusal in Chinese, from the same
/// catalogue as `ssj --lang zh`; without it the words are English.
#[tokio::test]
async fn refusals_speak_the_language_asked_for() {
    let mut body = json!({ "request": request_json() });
    body["request"]["registry"]["objects"][0]["jurisdiction"] = json!("呼图壁");
    let send = |lang: Option<&'static str>| {
        let text = body.to_string();
        async move {
            let mut builder =
                Request::builder().method("POST").uri("/v2/plan").header("content-type", "application/json");
            if let Some(lang) = lang {
                builder = builder.header("accept-language", lang);
            }
            let response = router(Limits::default()).oneshot(builder.body(Body::from(text)).unwrap()).await.unwrap();
            let status = response.status();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (status, parsed(std::str::from_utf8(&bytes).unwrap())["message"].as_str().unwrap().to_owned())
        }
    };
    let (status, en) = send(None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(en.contains("unknown jurisdiction"), "{en}");
    let (status, zh) = send(Some("zh-CN,zh;q=0.9,en;q=0.8")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(zh.contains("未知区域"), "{zh}");
    assert!(!shuangsuiji_api::messages::has_english_sentence(&zh), "{zh}");
}
