//! Stopping as a service: the real `casewatch serve` binary, sent SIGTERM
//! (what systemd sends) or SIGINT while it answers, finishes the answer it
//! took, takes no new connection, and exits 0 within 10 s.
#![cfg(all(feature = "discord", unix))]

mod discord_support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use discord_support::{command, ping, public_key_hex, test_key, Client, From, MEMBER_PERMISSIONS};
use serde_json::json;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(dir: &std::path::Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_casewatch"))
        .arg("--db")
        .arg(dir.join("c.sqlite3"))
        .arg("serve")
        .env(
            "CASEWATCH_DATA",
            concat!(env!("CARGO_MANIFEST_DIR"), "/data"),
        )
        .env("DISCORD_PUBLIC_KEY", public_key_hex(&test_key(5)))
        .env("CASEWATCH_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .env_remove("DISCORD_TOKEN")
        .env_remove("MATRIX_HOMESERVER")
        .env_remove("CASEWATCH_EDITORS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for the exit, at most `within`; `None` if it did not exit.
fn exit_within(child: &mut Child, within: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[rstest::rstest]
#[case::sigterm("-TERM")]
#[case::sigint("-INT")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_signal_lets_the_answer_in_flight_finish_and_exits_zero(#[case] signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = serve(dir.path(), port);
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    // Up when it answers a PING.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut client = loop {
        if let Ok(stream) = tokio::net::TcpStream::connect(addr).await {
            drop(stream);
            break Client::connect(addr).await;
        }
        assert!(Instant::now() < deadline, "casewatch serve did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let key = test_key(5);
    let (status, _) = client.signed(&key, &ping()).await;
    assert_eq!(status, 200);

    // A command, and the signal while it is being answered.
    let request = command(
        "search",
        json!([{ "name": "query", "type": 3, "value": "CECOT" }]),
        From::Guild {
            permissions: MEMBER_PERMISSIONS,
            roles: &[],
        },
        "en-US",
    );
    let answer = tokio::spawn(async move { client.signed(&key, &request).await });
    tokio::time::sleep(Duration::from_millis(5)).await;
    let signalled = Instant::now();
    let killed = Command::new("kill")
        .arg(signal)
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let (status, body) = answer.await.unwrap();
    assert_eq!(status, 200, "the answer in flight was cut off");
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(matches!(body["type"].as_u64(), Some(4 | 5)), "{body}");

    let exited = exit_within(&mut child, Duration::from_secs(10));
    let Some(exit) = exited else {
        child.kill().unwrap();
        panic!("casewatch serve did not stop within 10 s of {signal}");
    };
    assert!(exit.success(), "{signal}: exit {exit:?}");
    assert!(signalled.elapsed() < Duration::from_secs(10));
    // Nothing listens any more.
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
