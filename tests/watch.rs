//! Watched feeds polled from a loopback feed server serving real-world
//! shaped RSS 2.0 and Atom documents (`tests/feeds/`), malformed ones
//! included: the first poll that only marks what is there, deduplication
//! by entry id then address, conditional GET, failures with backoff, and a
//! feed item approved through `/review` into a cited event.
#![cfg(feature = "net")]

mod common;
mod http_support;
mod watch_support;

use casewatch::core::i18n::Locale;
use casewatch::core::reply::ReplyKind;
use casewatch::core::Role;
use common::{text_of, Seeded};
use http_support::{Answer, HttpStub};
use watch_support::{count, feed, poll_all, rss};

#[test]
fn the_first_poll_marks_what_is_there_and_later_items_become_suggestions() {
    let stub = HttpStub::start();
    stub.route_seq(
        "/feed",
        vec![
            rss("rss_first.xml")
                .with_header("ETag", "\"v1\"")
                .with_header("Last-Modified", "Mon, 01 Dec 2025 09:00:00 GMT"),
            rss("rss_second.xml").with_header("ETag", "\"v2\""),
        ],
    );
    let mut seeded = Seeded::new();
    let reply = seeded.ask(&format!("/watch add url:{}", stub.url("/feed")));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    assert!(text_of(&reply).contains("Watch #1"), "{}", text_of(&reply));

    // First poll: no flood, everything present is only marked as seen.
    let polls = poll_all(&seeded);
    let report = polls[0].result.as_ref().unwrap();
    assert_eq!(report.primed, 2);
    assert!(report.suggested.is_empty());
    assert_eq!(count(&seeded, "SELECT count(*) FROM suggestions"), 0);
    let list = text_of(&seeded.ask_member("/watch list"));
    assert!(list.contains("(Example Daily News)"), "{list}");
    assert!(list.contains("Last success"), "{list}");

    // Second poll: the conditional GET carries the stored validators.
    let polls = poll_all(&seeded);
    let second = &stub.received()[1];
    assert_eq!(
        second.headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
    assert_eq!(
        second.headers.get("if-modified-since").map(String::as_str),
        Some("Mon, 01 Dec 2025 09:00:00 GMT")
    );
    let report = polls[0].result.as_ref().unwrap();
    let titles: Vec<&str> = report.suggested.iter().map(|(_, t)| t.as_str()).collect();
    // The Takano letter (an alias, whole words) and the hearings (a name in
    // the summary, accents and markup around it) become suggestions.
    assert_eq!(
        titles,
        [
            "Rep. Takano asks DHS for answers on CECOT transfers",
            "Asylum hearings resume"
        ]
    );
    // The weather is about nothing of the case; the undated note is
    // skipped, never given an invented date; the same article under a new
    // guid and the one seen before are known.
    assert_eq!(report.irrelevant, 1);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].0, "Undated note on Hernández Romero");
    assert_eq!(report.known, 2);

    // Each suggestion waits in /review with the article as its new source.
    let queue = text_of(&seeded.ask("/review"));
    assert!(queue.contains("watched feed #1"), "{queue}");
    assert!(
        queue.contains("new source: Example Daily News: “Rep. Takano asks DHS for answers on CECOT transfers”, 2025-12-02, https://news.example.org/2025/12/02/takano-letter/"),
        "{queue}"
    );

    // A third poll finds nothing new (the stub repeats the second document).
    let polls = poll_all(&seeded);
    let report = polls[0].result.as_ref().unwrap();
    assert!(report.suggested.is_empty());
    assert_eq!(count(&seeded, "SELECT count(*) FROM suggestions"), 2);

    // Approved, the item is a cited event whose source is the article.
    let (id, _) = polls_first_suggestion(&seeded);
    let approved = seeded.ask(&format!("/review id:{id} decision:approve"));
    assert_eq!(
        approved.kind,
        ReplyKind::Confirmation,
        "{}",
        text_of(&approved)
    );
    let text = text_of(&approved);
    assert!(text.contains("Rep. Takano asks DHS"), "{text}");
    assert!(text.contains("Example Daily News"), "{text}");
    assert!(
        text.contains("Example Daily News, “Rep. Takano asks DHS for answers on CECOT transfers”, Jane Reporter, 2025-12-02. https://news.example.org/2025/12/02/takano-letter/"),
        "{text}"
    );
}

fn polls_first_suggestion(seeded: &Seeded) -> (i64, String) {
    let conn = rusqlite::Connection::open(seeded.db_path()).unwrap();
    conn.query_row(
        "SELECT id, suggested_by FROM suggestions ORDER BY id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn an_atom_feed_gives_its_title_as_publication_and_the_alternate_link() {
    let stub = HttpStub::start();
    stub.route_seq(
        "/atom.xml",
        vec![
            Answer::ok("application/atom+xml", feed("atom.xml")),
            Answer::ok("application/atom+xml", feed("atom_new.xml")),
        ],
    );
    let mut seeded = Seeded::new();
    let reply = seeded.ask(&format!(
        "/watch add url:{} keywords:\"CECOT, asilo\"",
        stub.url("/atom.xml")
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    assert_eq!(poll_all(&seeded)[0].result.as_ref().unwrap().primed, 1);
    let polls = poll_all(&seeded);
    let report = polls[0].result.as_ref().unwrap();
    assert_eq!(report.suggested.len(), 1, "{report:?}");
    assert_eq!(report.known, 1);
    let conn = rusqlite::Connection::open(seeded.db_path()).unwrap();
    let (by, date, source): (String, String, String) = conn
        .query_row(
            "SELECT suggested_by, date, new_source FROM suggestions",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(by, "feed:1");
    // No published date: the updated date stands in.
    assert_eq!(date, "2025-12-05");
    let source: serde_json::Value = serde_json::from_str(&source).unwrap();
    assert_eq!(source["publication"], "Diario Ejemplo");
    assert_eq!(
        source["url"],
        "https://diario.example.com/2025/12/entrevista"
    );
    assert_eq!(source["published"], "2025-12-05");
    let list = text_of(&seeded.ask_as(Role::Member, Locale::Es, "/watch list"));
    assert!(list.contains("palabras clave: CECOT, asilo"), "{list}");
}

#[test]
fn a_304_changes_no_item_and_keeps_the_validators() {
    let stub = HttpStub::start();
    stub.route_seq(
        "/feed",
        vec![
            rss("rss_first.xml").with_header("ETag", "\"v1\""),
            Answer::status(304),
        ],
    );
    let mut seeded = Seeded::new();
    seeded.ask(&format!("/watch add url:{}", stub.url("/feed")));
    poll_all(&seeded);
    let items = count(&seeded, "SELECT count(*) FROM watch_items");
    let report = poll_all(&seeded).remove(0).result.unwrap();
    assert_eq!(report, Default::default());
    assert_eq!(count(&seeded, "SELECT count(*) FROM watch_items"), items);
    let conn = rusqlite::Connection::open(seeded.db_path()).unwrap();
    let (etag, title): (String, String) = conn
        .query_row("SELECT etag, feed_title FROM watches", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (etag.as_str(), title.as_str()),
        ("\"v1\"", "Example Daily News")
    );
}

#[test]
fn a_failing_feed_shows_its_failures_and_error_backs_off_and_changes_nothing_else() {
    let stub = HttpStub::start();
    stub.route_seq(
        "/feed",
        vec![
            rss("rss_first.xml"),
            rss("malformed.xml"),
            Answer::ok("text/html", feed("html_page.html")),
            Answer::status(503),
            rss("rss_second.xml"),
        ],
    );
    let mut seeded = Seeded::new();
    seeded.ask(&format!("/watch add url:{}", stub.url("/feed")));
    poll_all(&seeded);
    let before_items = count(&seeded, "SELECT count(*) FROM watch_items");
    let next = |s: &Seeded| -> String {
        let conn = rusqlite::Connection::open(s.db_path()).unwrap();
        conn.query_row("SELECT next_poll_at FROM watches", [], |r| r.get(0))
            .unwrap()
    };
    let healthy_next = next(&seeded);

    let err = poll_all(&seeded).remove(0).result.unwrap_err().to_string();
    assert!(err.starts_with("not a readable RSS or Atom feed"), "{err}");
    let err = poll_all(&seeded).remove(0).result.unwrap_err().to_string();
    assert!(err.starts_with("not a readable RSS or Atom feed"), "{err}");
    let before = chrono::Utc::now();
    let err = poll_all(&seeded).remove(0).result.unwrap_err().to_string();
    assert_eq!(err, "the feed answered HTTP 503");
    assert_eq!(count(&seeded, "SELECT count(*) FROM suggestions"), 0);
    assert_eq!(
        count(&seeded, "SELECT count(*) FROM watch_items"),
        before_items
    );
    // Three failures: the next poll waits 8 intervals (8 hours), not 1.
    assert!(next(&seeded) > healthy_next);
    let after = chrono::DateTime::parse_from_rfc3339(&next(&seeded)).unwrap();
    let wait = (after.with_timezone(&chrono::Utc) - before).num_minutes();
    assert!(
        (8 * 60 - 2..=8 * 60 + 2).contains(&wait),
        "waits {wait} minutes"
    );
    let list = text_of(&seeded.ask_member("/watch list"));
    assert!(
        list.contains("3 failed polls in a row; last error: the feed's server answered HTTP 503"),
        "{list}"
    );
    let lista = text_of(&seeded.ask_as(Role::Member, Locale::Es, "/watch list"));
    assert!(
        lista.contains(
            "3 consultas fallidas seguidas; último error: el servidor del canal respondió HTTP 503"
        ),
        "{lista}"
    );

    // It recovers: failures reset, new items proposed.
    let report = poll_all(&seeded).remove(0).result.unwrap();
    assert_eq!(report.suggested.len(), 2);
    let list = text_of(&seeded.ask_member("/watch list"));
    assert!(
        list.contains("Last success") && !list.contains("failed"),
        "{list}"
    );
}

#[test]
fn a_server_that_asks_to_wait_is_not_polled_sooner() {
    let stub = HttpStub::start();
    stub.route_seq(
        "/feed",
        vec![
            rss("rss_first.xml"),
            Answer::status(503).with_header("Retry-After", "18000"),
        ],
    );
    let mut seeded = Seeded::new();
    seeded.ask(&format!("/watch add url:{}", stub.url("/feed")));
    poll_all(&seeded);
    let before = chrono::Utc::now();
    assert!(poll_all(&seeded).remove(0).result.is_err());
    let conn = rusqlite::Connection::open(seeded.db_path()).unwrap();
    let next: String = conn
        .query_row("SELECT next_poll_at FROM watches", [], |r| r.get(0))
        .unwrap();
    let next = chrono::DateTime::parse_from_rfc3339(&next).unwrap();
    // Five hours, as asked, rather than the two of one failure's backoff.
    let wait = (next.with_timezone(&chrono::Utc) - before).num_minutes();
    assert!((299..=300).contains(&wait), "{wait} minutes");
}

/// A watch added with its own interval is polled at that interval, and
/// `/watch list` says so; one without polls at the bot's setting.
#[test]
fn a_watch_can_have_its_own_interval() {
    let stub = HttpStub::start();
    stub.route("/fast", rss("rss_first.xml"));
    stub.route("/slow", rss("rss_first.xml"));
    let mut seeded = Seeded::new();
    let added = seeded.ask(&format!("/watch add url:{} interval:30", stub.url("/fast")));
    assert_eq!(added.kind, ReplyKind::Confirmation, "{}", text_of(&added));
    seeded.ask(&format!("/watch add url:{}", stub.url("/slow")));
    let before = chrono::Utc::now();
    poll_all(&seeded);
    let conn = rusqlite::Connection::open(seeded.db_path()).unwrap();
    let wait = |url: String| {
        let next: String = conn
            .query_row(
                "SELECT next_poll_at FROM watches WHERE url = ?1",
                [url],
                |r| r.get(0),
            )
            .unwrap();
        let next = chrono::DateTime::parse_from_rfc3339(&next).unwrap();
        (next.with_timezone(&chrono::Utc) - before).num_minutes()
    };
    assert!(
        (29..=31).contains(&wait(stub.url("/fast"))),
        "{}",
        wait(stub.url("/fast"))
    );
    assert!(
        (59..=61).contains(&wait(stub.url("/slow"))),
        "{}",
        wait(stub.url("/slow"))
    );
    let list = text_of(&seeded.ask_member("/watch list"));
    assert!(list.contains("polled every 30 minutes"), "{list}");
    assert!(list.contains("polled at the bot's interval"), "{list}");
    let lista = text_of(&seeded.ask_as(Role::Member, Locale::Es, "/watch list"));
    assert!(lista.contains("consultado cada 30 minutos"), "{lista}");
}
