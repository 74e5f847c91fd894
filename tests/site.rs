//! The public site as a reader meets it: the real `casewatch serve` binary,
//! started on loopback without any Discord setting, asked for every page of
//! the seed case over HTTP. Statuses (200, 304, 400, 404, 405, 410), every
//! citation mark's source entry on the same page, the language switch,
//! escaping, and the size of each page.
#![cfg(feature = "web")]

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Seeded;

/// A running `casewatch serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the binary on the seeded database, with no Discord setting.
fn serve(seeded: &Seeded, public_url: Option<&str>) -> Server {
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_casewatch"));
    command
        .arg("--db")
        .arg(seeded.db_path())
        .arg("serve")
        .env("CASEWATCH_DATA", common::data_dir())
        .env("CASEWATCH_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .env_remove("DISCORD_PUBLIC_KEY")
        .env_remove("DISCORD_TOKEN")
        .env_remove("MATRIX_HOMESERVER")
        .env_remove("CASEWATCH_EDITORS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match public_url {
        Some(url) => command.env("CASEWATCH_PUBLIC_URL", url),
        None => command.env_remove("CASEWATCH_PUBLIC_URL"),
    };
    let child = command.spawn().unwrap();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "casewatch serve did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Server { child, addr }
}

/// One HTTP/1.1 response.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn request(server: &Server, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).expect("an UTF-8 response");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete response");
    let mut lines = head.lines();
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

fn get(server: &Server, path: &str) -> Response {
    request(server, "GET", path, &[])
}

/// The numbers of `href="#source-N"` marks and of `id="source-N"` entries.
fn marks_and_entries(body: &str) -> (BTreeSet<u32>, BTreeSet<u32>) {
    let numbers = |needle: &str| {
        body.match_indices(needle)
            .map(|(at, _)| {
                body[at + needle.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse::<u32>()
                    .unwrap()
            })
            .collect::<BTreeSet<u32>>()
    };
    (
        numbers("class=\"cite\" href=\"#source-"),
        numbers("id=\"source-"),
    )
}

const PAGES: &[&str] = &[
    "/",
    "/andry-hernandez-romero",
    "/andry-hernandez-romero/timeline",
    "/andry-hernandez-romero/timeline?page=2",
    "/andry-hernandez-romero/timeline?from=2025-03&to=2025-07",
    "/andry-hernandez-romero/timeline?tag=court",
    "/andry-hernandez-romero/quotes",
    "/andry-hernandez-romero/quotes?speaker=takano",
    "/andry-hernandez-romero/quotes?text=CECOT",
    "/andry-hernandez-romero/actions",
    "/andry-hernandez-romero/sources",
    "/andry-hernandez-romero/sources/S1",
    "/andry-hernandez-romero/people/mark-takano",
    "/andry-hernandez-romero/r/E12",
    "/andry-hernandez-romero/r/Q3",
    "/andry-hernandez-romero/r/A2",
    "/andry-hernandez-romero/r/F1",
    "/andry-hernandez-romero/r/S5",
];

#[test]
fn every_page_answers_cites_every_mark_on_the_page_and_weighs_under_50_kb() {
    let seeded = Seeded::new();
    let server = serve(&seeded, None);
    for path in PAGES {
        let page = get(&server, path);
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let (marks, entries) = marks_and_entries(&page.body);
        assert!(!marks.is_empty(), "{path}: no statement was cited");
        assert_eq!(marks, entries, "{path}: a mark without its source entry");
        assert!(
            page.body.len() < 50_000,
            "{path} weighs {} bytes",
            page.body.len()
        );
        for landmark in ["<header>", "<nav ", "<main ", "<footer>", "class=\"skip\""] {
            assert!(page.body.contains(landmark), "{path}: no {landmark}");
        }
        assert_eq!(page.body.matches("<h1>").count(), 1, "{path}: one h1");
        assert!(page
            .body
            .contains("name=\"twitter:card\" content=\"summary\""));
    }
    // Paging keeps the filters and says where it stands.
    let timeline = get(&server, "/andry-hernandez-romero/timeline?page=2");
    assert!(timeline
        .body
        .contains("rel=\"prev\" href=\"/andry-hernandez-romero/timeline?page=1\""));
    assert!(timeline
        .body
        .contains("rel=\"next\" href=\"/andry-hernandez-romero/timeline?page=3\""));
    assert!(timeline.body.contains("<form id=\"timeline-filter\""));
    // A record id links to its permalink; a source entry to the source's page.
    assert!(timeline
        .body
        .contains("class=\"record\" href=\"/andry-hernandez-romero/r/E"));
    assert!(timeline
        .body
        .contains("class=\"source-page\" href=\"/andry-hernandez-romero/sources/S"));
    assert!(timeline.body.contains("class=\"out\" href=\"https://"));
}

#[rstest::rstest]
#[case::unknown_case("/no-such-case", 404, "There is no case called “no-such-case”")]
#[case::unknown_page("/andry-hernandez-romero/nothing-here", 404, "There is no page at")]
#[case::unknown_record("/andry-hernandez-romero/r/E99999", 404, "There is no event E99999")]
#[case::not_an_id("/andry-hernandez-romero/r/X1", 404, "is not a record id")]
#[case::not_a_source("/andry-hernandez-romero/sources/E12", 404, "is not a record id")]
#[case::unknown_person("/andry-hernandez-romero/people/nobody", 404, "Nobody called “nobody”")]
#[case::bad_month(
    "/andry-hernandez-romero/timeline?from=2025-13",
    400,
    "the month must be 01 to 12"
)]
#[case::page_past_the_end("/andry-hernandez-romero/timeline?page=999", 400, "There are only")]
#[case::unknown_option("/andry-hernandez-romero/timeline?form=2025", 400, "form")]
#[case::bad_language(
    "/andry-hernandez-romero?lang=fr",
    400,
    "lang=fr is not a language of this site"
)]
#[case::bad_status("/andry-hernandez-romero/actions?status=dreaming", 400, "dreaming")]
fn bad_addresses_get_a_page_that_says_what_was_wrong(
    #[case] path: &str,
    #[case] status: u16,
    #[case] sentence: &str,
) {
    let seeded = Seeded::new();
    let before = seeded.fingerprint();
    let server = serve(&seeded, None);
    let page = get(&server, path);
    assert_eq!(page.status, status, "{path}: {}", page.body);
    assert!(page.body.contains(sentence), "{path}: {}", page.body);
    assert!(page.body.contains("<html lang=\"en\">"));
    assert_eq!(page.header("etag"), None, "an error page is not cached");
    assert_eq!(seeded.fingerprint(), before, "nothing changed");
}

#[test]
fn errors_and_pages_speak_the_readers_language_and_the_switch_keeps_the_page() {
    let seeded = Seeded::new();
    let server = serve(&seeded, None);
    let spanish = [("accept-language", "es-ES,es;q=0.9,en;q=0.5")];
    let page = request(
        &server,
        "GET",
        "/andry-hernandez-romero/timeline?from=2025-13",
        &spanish,
    );
    assert_eq!(page.status, 400);
    assert!(page.body.contains("<html lang=\"es\">"), "{}", page.body);
    assert!(
        page.body.contains("el mes debe ir de 01 a 12"),
        "{}",
        page.body
    );
    let page = request(&server, "GET", "/no-such-case", &spanish);
    assert_eq!(page.status, 404);
    assert!(
        page.body
            .contains("No hay ningún caso llamado «no-such-case»"),
        "{}",
        page.body
    );

    let page = request(
        &server,
        "GET",
        "/andry-hernandez-romero/timeline?tag=court",
        &spanish,
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<html lang=\"es\">"));
    assert!(page.body.contains("hreflang=\"en\""), "a switch to English");
    // The switch link keeps the page and its filter.
    let english = get(
        &server,
        "/andry-hernandez-romero/timeline?tag=court&lang=en",
    );
    assert!(english.body.contains("<html lang=\"en\">"));
    assert!(english.body.contains(
        "href=\"/andry-hernandez-romero/timeline?tag=court&amp;lang=es\" hreflang=\"es\""
    ));
    let chosen = get(
        &server,
        "/andry-hernandez-romero/timeline?tag=court&lang=es",
    );
    assert!(chosen.body.contains("<html lang=\"es\">"));
    assert!(chosen.body.contains("Cronología"));
    // A chosen language stays on the links of the page.
    assert!(chosen
        .body
        .contains("href=\"/andry-hernandez-romero/quotes?lang=es\""));
    assert!(chosen
        .body
        .contains("<input type=\"hidden\" name=\"lang\" value=\"es\">"));
    assert_ne!(chosen.header("etag"), english.header("etag"));
    assert_eq!(chosen.header("vary"), Some("Accept-Language"));
}

#[test]
fn a_repeat_visit_gets_304_until_the_record_changes_and_a_retracted_record_410() {
    let mut seeded = Seeded::new();
    let server = serve(&seeded, None);
    let first = get(&server, "/andry-hernandez-romero/r/E19");
    assert_eq!(first.status, 200);
    assert_eq!(first.header("cache-control"), Some("public, max-age=60"));
    let etag = first.header("etag").expect("an ETag").to_string();
    let again = request(
        &server,
        "GET",
        "/andry-hernandez-romero/r/E19",
        &[("if-none-match", &etag)],
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));

    // Retracted through the core, as an editor would.
    let retracted = seeded.ask("/retract id:E19 reason:\"duplicate of E18, same hearing\"");
    common::assert_answered(&retracted, "/retract");
    let gone = request(
        &server,
        "GET",
        "/andry-hernandez-romero/r/E19",
        &[("if-none-match", &etag)],
    );
    assert_eq!(gone.status, 410, "{}", gone.body);
    assert_ne!(gone.header("etag"), Some(etag.as_str()));
    assert!(gone.body.contains("E19 was retracted"));
    assert!(
        gone.body.contains("duplicate of E18, same hearing"),
        "{}",
        gone.body
    );
    let (marks, entries) = marks_and_entries(&gone.body);
    assert_eq!(marks, entries);
    // Still answered for what it is, and gone from the timeline.
    let timeline = get(&server, "/andry-hernandez-romero/timeline?page=2");
    assert!(!timeline.body.contains(">E19<"));
}

#[test]
fn stored_text_is_shown_as_text_never_as_markup() {
    let mut seeded = Seeded::new();
    let added = seeded.ask(
        "/update add date:2025-10-01 text:\"<script>alert('x')</script> & <b>bold</b>\" source:S1",
    );
    common::assert_answered(&added, "/update add");
    let server = serve(&seeded, None);
    let page = get(
        &server,
        "/andry-hernandez-romero/timeline?from=2025-10-01&to=2025-10-01",
    );
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>"));
    assert!(!page.body.contains("<b>"));
}

#[test]
fn head_health_methods_and_the_public_address() {
    let seeded = Seeded::new();
    let server = serve(&seeded, Some("https://casewatch.example.org/"));
    let head = request(&server, "HEAD", "/andry-hernandez-romero", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let length: usize = head.header("content-length").unwrap().parse().unwrap();
    assert_eq!(length, get(&server, "/andry-hernandez-romero").body.len());
    assert_eq!(get(&server, "/healthz").status, 200);
    let post = request(
        &server,
        "POST",
        "/andry-hernandez-romero",
        &[("content-length", "0")],
    );
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    // Without DISCORD_PUBLIC_KEY there is no endpoint.
    let interactions = request(&server, "POST", "/interactions", &[("content-length", "0")]);
    assert_eq!(interactions.status, 405);
    let health = request(&server, "POST", "/healthz", &[("content-length", "0")]);
    assert_eq!(health.status, 405);
    assert_eq!(health.header("allow"), Some("GET, HEAD"));
    let page = get(&server, "/andry-hernandez-romero/r/E12");
    assert!(page.body.contains(
        "<link rel=\"canonical\" href=\"https://casewatch.example.org/andry-hernandez-romero/r/E12\">"
    ));
    assert!(page.body.contains(
        "<meta property=\"og:url\" content=\"https://casewatch.example.org/andry-hernandez-romero/r/E12\">"
    ));
    assert!(page
        .body
        .contains("<meta property=\"og:description\" content=\"2025-03: "));
}

#[rstest::rstest]
#[case(
    "/andry-hernandez-romero/timeline.json",
    "application/json; charset=utf-8",
    "\"unique_id\": \"E"
)]
#[case(
    "/andry-hernandez-romero/timeline.csv",
    "text/csv; charset=utf-8",
    "Year,Month,Day,Time"
)]
#[case(
    "/andry-hernandez-romero/feed.atom",
    "application/atom+xml; charset=utf-8",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\""
)]
#[case(
    "/andry-hernandez-romero/calendar.ics",
    "text/calendar; charset=utf-8",
    "BEGIN:VCALENDAR\r\n"
)]
#[case(
    "/andry-hernandez-romero/csv/events.csv",
    "text/csv; charset=utf-8",
    "\r\n"
)]
#[case(
    "/andry-hernandez-romero/csv/sources.csv",
    "text/csv; charset=utf-8",
    "\r\n"
)]
fn the_exports_are_served_under_the_case_as_the_cli_writes_them(
    #[case] path: &str,
    #[case] content_type: &str,
    #[case] holds: &str,
) {
    let seeded = Seeded::new();
    let server = serve(&seeded, None);
    let file = get(&server, path);
    assert_eq!(file.status, 200, "{path}: {}", file.body);
    assert_eq!(file.header("content-type"), Some(content_type));
    assert!(
        file.body.contains(holds),
        "{path}: {}",
        &file.body[..file.body.len().min(400)]
    );
    let etag = file.header("etag").expect("an ETag").to_string();
    let again = request(&server, "GET", path, &[("if-none-match", &etag)]);
    assert_eq!(again.status, 304);
    // The same bytes as `casewatch export` writes.
    let format = match path.rsplit('/').next().unwrap() {
        "timeline.json" => "timelinejs",
        "timeline.csv" => "timelinejs-csv",
        "feed.atom" => "atom",
        "calendar.ics" => "ics",
        _ => return,
    };
    let cli = Command::new(env!("CARGO_BIN_EXE_casewatch"))
        .arg("--db")
        .arg(seeded.db_path())
        .args(["export", "--format", format])
        .env("CASEWATCH_DATA", common::data_dir())
        .env_remove("CASEWATCH_PUBLIC_URL")
        .output()
        .unwrap();
    assert!(cli.status.success());
    assert_eq!(String::from_utf8(cli.stdout).unwrap(), file.body);
}

#[test]
fn pages_link_the_feed_and_unknown_exports_are_404() {
    let seeded = Seeded::new();
    let server = serve(&seeded, None);
    let card = get(&server, "/andry-hernandez-romero");
    assert!(card.body.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Andry José Hernández Romero\" href=\"/andry-hernandez-romero/feed.atom\">"
    ));
    assert_eq!(
        get(&server, "/andry-hernandez-romero/csv/people.csv").status,
        404
    );
    assert_eq!(get(&server, "/no-such-case/feed.atom").status, 404);
    // Every export is linked, and a chosen language stays on those links
    // (the exports speak it too).
    let spanish = get(&server, "/andry-hernandez-romero?lang=es");
    for file in [
        "feed.atom",
        "calendar.ics",
        "timeline.json",
        "timeline.csv",
        "csv/events.csv",
        "csv/quotes.csv",
        "csv/actions.csv",
        "csv/figures.csv",
        "csv/sources.csv",
    ] {
        let link = format!("href=\"/andry-hernandez-romero/{file}?lang=es\"");
        assert!(spanish.body.contains(&link), "{link} in {}", spanish.body);
    }
}

/// A whole-case export is built once per state of the record: a second
/// request for it (or for another file of the same build) is served from
/// the site's cache, and a change to the record builds it anew.
#[test]
fn an_export_is_built_once_until_the_record_changes() {
    use casewatch::adapters::console;
    use casewatch::adapters::web::site::{Asked, Site};
    use casewatch::core::i18n::Locale;
    use casewatch::core::Role;
    use std::sync::Arc;

    let Seeded {
        dir: _dir, core, ..
    } = Seeded::new();
    let core = Arc::new(core);
    let site = Site::new(Arc::clone(&core), None);
    let events = "/andry-hernandez-romero/csv/events.csv";
    let first = site.page(&Asked::get(events));
    assert_eq!(first.status, 200);
    assert_eq!(site.export_builds(), 1);
    let again = site.page(&Asked::get(events));
    let quotes = site.page(&Asked::get("/andry-hernandez-romero/csv/quotes.csv"));
    assert_eq!(again.body, first.body);
    assert_eq!(quotes.status, 200);
    assert_ne!(quotes.body, first.body);
    assert_eq!(site.export_builds(), 1, "served from the cache");

    let editor = console::invocation(Role::Moderator, Locale::En);
    let retracted = core.handle_line(
        &editor,
        "/retract id:E19 reason:\"duplicate of E18, same hearing\"",
    );
    common::assert_answered(&retracted, "/retract");
    let after = site.page(&Asked::get(events));
    assert_eq!(site.export_builds(), 2, "a changed record is built anew");
    let after = String::from_utf8(after.body).unwrap();
    assert!(!after.contains("E19"), "{after}");
    assert!(String::from_utf8(first.body).unwrap().contains("E19"));
}
