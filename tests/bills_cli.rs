//! `casewatch bills poll [--case SLUG]` as an operator runs it: once, with
//! progress on standard error, a summary on standard output and a clear
//! exit status, against a loopback stand-in of the congress.gov API's
//! documented shapes. The key never appears in what it prints.
#![cfg(feature = "net")]

mod common;
mod http_support;

use std::process::{Command, Output, Stdio};

use common::data_dir;
use http_support::{Answer, HttpStub};
use serde_json::json;

const KEY: &str = "cli-key-93b1d2";

fn casewatch(db: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casewatch"));
    // The binary loads `.env` from its working directory (and those above
    // it): run it in the database's temporary folder, never in the
    // checkout, where a developer's `.env` may hold a real key.
    let folder = db
        .parent()
        .expect("the database lives in a temporary folder");
    cmd.current_dir(folder)
        .arg("--db")
        .arg(db)
        .env("CASEWATCH_DATA", data_dir())
        .env_remove("DISCORD_TOKEN")
        .env_remove("MATRIX_HOMESERVER")
        .env_remove("CASEWATCH_EDITORS")
        .env_remove("CONGRESS_API_KEY")
        .env_remove("CONGRESS_API_BASE");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A seeded database where A1 names H.R. 4001.
fn with_bill(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("c.sqlite3");
    let out = casewatch(&db)
        .args([
            "ask",
            "/action bill id:A1 bill:hr4001 reason:\"From the release\" source:2",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    db
}

fn poll(db: &std::path::Path, stub: &HttpStub, args: &[&str]) -> Output {
    casewatch(db)
        .args(["bills", "poll"])
        .args(args)
        .env("CONGRESS_API_KEY", KEY)
        .env("CONGRESS_API_BASE", stub.url("/v3"))
        .output()
        .unwrap()
}

fn serve(stub: &HttpStub) {
    let bill = "/v3/bill/119/hr/4001";
    stub.route(
        bill,
        Answer::ok(
            "application/json",
            json!({ "bill": { "congress": 119, "type": "HR", "number": "4001", "title": "Prohibition on Funds for CECOT Act", "introducedDate": "2025-06-12" } }).to_string(),
        ),
    );
    stub.route(
        &format!("{bill}/actions"),
        Answer::ok(
            "application/json",
            json!({ "actions": [
                { "actionCode": "1000", "actionDate": "2025-06-12", "sourceSystem": { "code": 9, "name": "Library of Congress" }, "text": "Introduced in House", "type": "IntroReferral" },
                { "actionCode": "Intro-H", "actionDate": "2025-06-12", "sourceSystem": { "code": 2, "name": "House floor actions" }, "text": "Introduced in House.", "type": "IntroReferral" }
            ], "pagination": { "count": 2 } })
            .to_string(),
        ),
    );
    stub.route(
        &format!("{bill}/cosponsors"),
        Answer::ok(
            "application/json",
            json!({ "cosponsors": [], "pagination": { "count": 0, "countIncludingWithdrawnCosponsors": 0 } }).to_string(),
        ),
    );
}

#[test]
fn a_poll_runs_once_reports_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_bill(&dir);
    let stub = HttpStub::start();
    serve(&stub);
    let out = poll(&db, &stub, &[]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert_eq!(
        stdout.trim(),
        "Bills polled: 1; requests to congress.gov: 3; failed: 0."
    );
    assert!(
        stderr.contains("H.R. 4001 (119th) [A1, andry-hernandez-romero]: 1 new steps, 0 cosponsors joined, 0 withdrew, 0 no longer listed; its Congress.gov source was added"),
        "{stderr}"
    );
    assert!(!stdout.contains(KEY) && !stderr.contains(KEY));
    // Only this case's bills; the second time there is nothing new.
    let again = poll(&db, &stub, &["--case", "andry-hernandez-romero"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains(": 0 new steps"));
    let shown = casewatch(&db).args(["ask", "/actions"]).output().unwrap();
    assert!(
        text(&shown.stdout).contains("Bill: H.R. 4001 (119th), Prohibition on Funds for CECOT Act"),
        "{}",
        text(&shown.stdout)
    );
}

#[test]
fn a_failing_bill_makes_the_exit_status_one_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_bill(&dir);
    let stub = HttpStub::start(); // knows no bill: 404
    let out = poll(&db, &stub, &[]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("H.R. 4001 (119th) [A1, andry-hernandez-romero]: failed: congress.gov has no such bill (404)"),
        "{stderr}"
    );
    assert!(
        stdout.contains("Bills polled: 1; requests to congress.gov: 1; failed: 1."),
        "{stdout}"
    );
    assert!(!stdout.contains(KEY) && !stderr.contains(KEY));
}

#[test]
fn without_a_key_or_with_an_unknown_case_nothing_is_polled() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_bill(&dir);
    let stub = HttpStub::start();
    let out = casewatch(&db).args(["bills", "poll"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("CONGRESS_API_KEY is not set, so bill tracking is off. Get a free key at https://api.data.gov/signup/"),
        "{}",
        text(&out.stderr)
    );
    let unknown = poll(&db, &stub, &["--case", "no-such-case"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("there is no case “no-such-case” in the database"));
    assert!(stub.received().is_empty());
}

#[test]
fn a_plain_http_base_off_this_machine_is_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_bill(&dir);
    let before = std::fs::read(&db).unwrap();
    let out = casewatch(&db)
        .args(["bills", "poll"])
        .env("CONGRESS_API_KEY", KEY)
        .env("CONGRESS_API_BASE", "http://api.congress.gov/v3")
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("setting CONGRESS_API_BASE=\"http://api.congress.gov/v3\" is not valid: the congress.gov key would be sent unencrypted to api.congress.gov; use an https:// address"),
        "{stderr}"
    );
    assert!(!stderr.contains(KEY), "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
