//! The outgoing HTTP client (`casewatch::net`) against scripted servers on
//! loopback: redirects, statuses, timeouts, resets, pacing and body caps.
#![cfg(feature = "net")]

mod http_support;

use std::time::{Duration, Instant};

use casewatch::net::{Failure, FetchError, FetchRequest, FetchSettings, Fetcher, USER_AGENT};
use http_support::{Answer, HttpStub};

fn fetcher(timeout_ms: u64, per_minute: u32) -> Fetcher {
    Fetcher::new(FetchSettings {
        timeout: Duration::from_millis(timeout_ms),
        max_redirects: 5,
        per_host_per_minute: per_minute,
    })
    .expect("a client")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

#[test]
fn a_redirect_chain_is_followed_and_recorded() {
    let stub = HttpStub::start();
    stub.route("/a", Answer::redirect(301, "/b"));
    stub.route("/b", Answer::redirect(302, &stub.url("/c")));
    stub.route(
        "/c",
        Answer::ok("text/html", "<p>here</p>").with_header("ETag", "\"v1\""),
    );
    let fetched = runtime()
        .block_on(fetcher(5000, 0).get(&FetchRequest::get(stub.url("/a")).body_limit(1024)))
        .expect("an answer");
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.final_url, stub.url("/c"));
    assert_eq!(
        fetched.hops.iter().map(|h| h.status).collect::<Vec<_>>(),
        vec![301, 302]
    );
    assert!(fetched.moved_permanently());
    assert_eq!(fetched.etag.as_deref(), Some("\"v1\""));
    assert_eq!(fetched.body, b"<p>here</p>");
    let first = &stub.received()[0];
    assert_eq!(
        first.headers.get("user-agent").map(String::as_str),
        Some(USER_AGENT)
    );
}

#[test]
fn more_than_five_redirects_are_refused() {
    let stub = HttpStub::start();
    for n in 0..7 {
        stub.route(
            &format!("/r{n}"),
            Answer::redirect(307, &format!("/r{}", n + 1)),
        );
    }
    let result = runtime().block_on(fetcher(5000, 0).get(&FetchRequest::get(stub.url("/r0"))));
    assert!(
        matches!(result, Err(FetchError::TooManyRedirects(5))),
        "{result:?}"
    );
    assert_eq!(stub.hits("/r5"), 1, "the fifth redirect was followed");
    assert_eq!(stub.hits("/r6"), 0, "a sixth was not");
}

#[test]
fn statuses_come_back_as_they_are() {
    let stub = HttpStub::start();
    stub.route("/gone", Answer::status(410));
    stub.route("/busy", Answer::status(429).with_header("Retry-After", "7"));
    let rt = runtime();
    let client = fetcher(5000, 0);
    let gone = rt
        .block_on(client.get(&FetchRequest::get(stub.url("/gone"))))
        .unwrap();
    assert_eq!(gone.status, 410);
    let missing = rt
        .block_on(client.get(&FetchRequest::get(stub.url("/nothing"))))
        .unwrap();
    assert_eq!(missing.status, 404);
    let busy = rt
        .block_on(client.get(&FetchRequest::get(stub.url("/busy"))))
        .unwrap();
    assert_eq!(busy.retry_after, Some(Duration::from_secs(7)));
}

#[test]
fn conditional_headers_are_sent() {
    let stub = HttpStub::start();
    stub.route("/feed", Answer::status(304));
    let request = FetchRequest::get(stub.url("/feed"))
        .header("If-None-Match", "\"abc\"")
        .header("If-Modified-Since", "Fri, 04 Dec 2026 10:00:00 GMT");
    let answer = runtime().block_on(fetcher(5000, 0).get(&request)).unwrap();
    assert_eq!(answer.status, 304);
    let seen = &stub.received()[0];
    assert_eq!(
        seen.headers.get("if-none-match").map(String::as_str),
        Some("\"abc\"")
    );
    assert!(seen.headers.contains_key("if-modified-since"));
}

#[test]
fn slow_reset_and_closed_servers_are_told_apart() {
    let stub = HttpStub::start();
    stub.route("/slow", Answer::Slow(Duration::from_secs(3)));
    stub.route("/reset", Answer::Reset);
    let rt = runtime();
    let client = fetcher(500, 0);
    let slow = rt
        .block_on(client.get(&FetchRequest::get(stub.url("/slow"))))
        .unwrap_err();
    assert_eq!(slow.failure(), Some(Failure::Timeout), "{slow}");
    let reset = rt
        .block_on(client.get(&FetchRequest::get(stub.url("/reset"))))
        .unwrap_err();
    assert_eq!(reset.failure(), Some(Failure::Reset), "{reset}");
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let refused = rt
        .block_on(client.get(&FetchRequest::get(format!("http://127.0.0.1:{port}/"))))
        .unwrap_err();
    assert_eq!(refused.failure(), Some(Failure::Refused), "{refused}");
    assert!(
        !refused.to_string().contains("127.0.0.1"),
        "errors never carry the address: {refused}"
    );
}

#[test]
fn a_body_over_the_cap_is_an_error() {
    let stub = HttpStub::start();
    stub.route("/big", Answer::ok("text/plain", vec![b'x'; 10_000]));
    let result = runtime()
        .block_on(fetcher(5000, 0).get(&FetchRequest::get(stub.url("/big")).body_limit(1000)));
    assert!(
        matches!(result, Err(FetchError::TooLarge(1000))),
        "{result:?}"
    );
}

#[test]
fn one_host_is_paced() {
    let stub = HttpStub::start();
    stub.route("/p", Answer::status(200));
    let rt = runtime();
    // 120 a minute: one request every 500 ms to this host.
    let client = fetcher(5000, 120);
    let started = Instant::now();
    for _ in 0..3 {
        rt.block_on(client.get(&FetchRequest::get(stub.url("/p"))))
            .unwrap();
    }
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "three requests to one host took {:?}",
        started.elapsed()
    );
}

#[test]
fn waiting_for_a_paced_slot_is_not_counted_in_the_timeout() {
    let stub = HttpStub::start();
    stub.route("/p", Answer::status(200));
    stub.route("/from", Answer::redirect(301, "/p"));
    let rt = runtime();
    // One request every 500 ms to this host, and a 300 ms timeout: each
    // slot is waited for longer than the timeout, and none times out.
    let client = fetcher(300, 120);
    rt.block_on(client.get(&FetchRequest::get(stub.url("/p"))))
        .expect("the first request");
    let second = rt.block_on(client.get(&FetchRequest::get(stub.url("/p"))));
    assert_eq!(
        second.expect("the second request, after its slot").status,
        200
    );
    // A redirect to the same host waits for its slot too.
    let moved = rt
        .block_on(client.get(&FetchRequest::get(stub.url("/from"))))
        .expect("the redirect, paced");
    assert_eq!((moved.status, moved.hops.len()), (200, 1));
    // A server slower than the timeout still times out.
    stub.route("/slow", Answer::Slow(Duration::from_secs(3)));
    let slow = rt.block_on(client.get(&FetchRequest::get(stub.url("/slow"))));
    assert_eq!(slow.unwrap_err().failure(), Some(Failure::Timeout));
}

#[test]
fn a_secret_header_is_sent_but_never_shown_by_debug() {
    let stub = HttpStub::start();
    stub.route("/k", Answer::ok("text/plain", "ok"));
    let request = FetchRequest::get(stub.url("/k"))
        .secret_header("X-Api-Key", "key-5e1f0a")
        .header("Accept", "text/plain")
        .body_limit(16);
    let shown = format!("{request:?}");
    assert!(!shown.contains("key-5e1f0a"), "{shown}");
    assert!(
        shown.contains("X-Api-Key") && shown.contains("[redacted]"),
        "{shown}"
    );
    assert!(shown.contains("text/plain"), "{shown}");
    let fetched = runtime()
        .block_on(fetcher(5000, 0).get(&request))
        .expect("an answer");
    assert_eq!(fetched.status, 200);
    assert_eq!(
        stub.received()[0]
            .headers
            .get("x-api-key")
            .map(String::as_str),
        Some("key-5e1f0a")
    );
}

#[test]
fn a_header_value_http_cannot_carry_is_refused_without_showing_it() {
    let stub = HttpStub::start();
    let request = FetchRequest::get(stub.url("/k")).secret_header("X-Api-Key", "bad\nkey-77");
    let err = runtime()
        .block_on(fetcher(5000, 0).get(&request))
        .expect_err("refused");
    assert!(matches!(err, FetchError::BadHeader("X-Api-Key")), "{err:?}");
    assert!(!err.to_string().contains("key-77"), "{err}");
    assert!(stub.received().is_empty());
}
