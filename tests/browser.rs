//! The public site as a person uses it, in a real headless Chromium driven
//! through chromedriver: the real `casewatch serve` on a seeded database,
//! forms filled and submitted, links followed, a screenshot of every page
//! in `target/browser-screenshots/`, axe-core run on every page (no serious
//! or critical violation), and the `timelinejs` export rendered by the real
//! TimelineJS3 library. What each page must show is asked of the bot itself
//! (`casewatch ask --json` on the same database), so the site is held to
//! the bot's answers, not to numbers written here.
#![cfg(feature = "web")]

mod browser_support;

use browser_support::page::{
    answered_records, click_and_wait, fill, headings, page_lang, shown_records, submit, text_of,
};
use browser_support::{get, tools, Browser, Site, StaticFiles};
use fantoccini::Locator;
use serde_json::Value;

const CASE: &str = "andry-hernandez-romero";

async fn open() -> (Site, Browser) {
    let tools = tools();
    let site = Site::start();
    let browser = Browser::start(&tools).await;
    (site, browser)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_case_page_shows_the_bots_cited_case_card() {
    let (site, browser) = open().await;
    browser.goto(&site.url(&format!("/{CASE}"))).await;
    assert_eq!(page_lang(&browser).await, "en");
    let card = site.ask("/case");
    assert_eq!(shown_records(&browser).await, answered_records(&card));
    let uncited: u64 = browser
        .client
        .execute(
            "return Array.from(document.querySelectorAll('main li.fact')).filter((f) => !f.querySelector('a.cite')).length;",
            vec![],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap();
    assert_eq!(
        uncited, 0,
        "a statement on the case page has no citation mark"
    );
    browser.check_page("case").await;
    // The same page on a phone.
    browser.client.set_window_size(390, 844).await.unwrap();
    browser.check_page("case-phone").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filtering_the_timeline_by_dates_shows_what_the_bot_answers() {
    let (site, browser) = open().await;
    browser.goto(&site.url(&format!("/{CASE}/timeline"))).await;
    let unfiltered = shown_records(&browser).await;
    fill(&browser, "from", "2025-03").await;
    fill(&browser, "to", "2025-07").await;
    submit(&browser).await;
    let url = browser.client.current_url().await.unwrap();
    let query = url.query().unwrap_or_default();
    assert!(
        query.contains("from=2025-03") && query.contains("to=2025-07"),
        "the form sent {url}"
    );
    let shown = shown_records(&browser).await;
    let expected = answered_records(&site.ask("/timeline from:2025-03 to:2025-07"));
    assert!(!expected.is_empty());
    assert_eq!(shown, expected);
    assert_ne!(shown, unfiltered, "the filter changed nothing");
    browser.check_page("timeline-from-to").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filtering_the_timeline_by_tag_shows_what_the_bot_answers() {
    let (site, browser) = open().await;
    browser.goto(&site.url(&format!("/{CASE}/timeline"))).await;
    fill(&browser, "tag", "court").await;
    submit(&browser).await;
    let url = browser.client.current_url().await.unwrap();
    assert!(
        url.query().unwrap_or_default().contains("tag=court"),
        "the form sent {url}"
    );
    let shown = shown_records(&browser).await;
    let expected = answered_records(&site.ask("/timeline tag:court"));
    assert!(!expected.is_empty());
    assert_eq!(shown, expected);
    browser.check_page("timeline-tag").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citation_mark_leads_to_its_source_entry() {
    let (site, browser) = open().await;
    browser.goto(&site.url(&format!("/{CASE}/timeline"))).await;
    // The last statement's first mark: its source entry is furthest away.
    let fact = browser
        .client
        .find_all(Locator::Css("main li.fact"))
        .await
        .unwrap()
        .pop()
        .expect("the timeline shows statements");
    let record = fact
        .find(Locator::Css(".record"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mark = fact.find(Locator::Css("a.cite")).await.unwrap();
    let href = mark.attr("href").await.unwrap().unwrap_or_default();
    let anchor = href
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("a citation mark links to {href:?}, not to an entry on the page"))
        .to_string();
    mark.click().await.unwrap();
    let target = browser
        .client
        .execute(
            "const t = document.querySelector(':target');
             if (!t) return null;
             const r = t.getBoundingClientRect();
             return { id: t.id, text: t.textContent, hash: location.hash,
                      visible: r.top >= 0 && r.top < window.innerHeight };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(target["hash"], format!("#{anchor}"));
    assert_eq!(
        target["id"],
        anchor.as_str(),
        "the mark's target is not its entry"
    );
    assert_eq!(
        target["visible"], true,
        "the source entry was not scrolled into view"
    );
    // The entry names one of the sources the bot cites for that record.
    let cited = site.ask(&format!("/cite id:{record}"));
    let titles: Vec<&str> = cited["sources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|source| source["title"].as_str())
        .collect();
    let text = target["text"].as_str().unwrap_or_default();
    assert!(
        titles.iter().any(|title| text.contains(title)),
        "{record}'s mark led to {text:?}, which names none of its sources {titles:?}"
    );
    browser.check_page("citation-target").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permalink_shows_the_record_with_its_sources() {
    let (site, browser) = open().await;
    browser.goto(&site.url(&format!("/{CASE}/timeline"))).await;
    let link = browser
        .client
        .find(Locator::Css("main li.fact a.record"))
        .await
        .expect("a statement links to its permalink");
    let record = link.text().await.unwrap();
    click_and_wait(&browser, link).await;
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.path(), format!("/{CASE}/r/{record}"));
    let cited = site.ask(&format!("/cite id:{record}"));
    let main = text_of(&browser, "main").await;
    for source in cited["sources"].as_array().expect("a record has sources") {
        let title = source["title"].as_str().unwrap();
        assert!(
            main.contains(title),
            "the permalink of {record} does not name its source {title:?}"
        );
    }
    browser.check_page("permalink").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_link_switches_the_page_to_spanish() {
    let (site, browser) = open().await;
    browser.goto(&site.url(&format!("/{CASE}"))).await;
    let english = text_of(&browser, "main").await;
    let switch = browser
        .client
        .find(Locator::Css("a[hreflang='es']"))
        .await
        .expect("the page links to its Spanish version");
    click_and_wait(&browser, switch).await;
    assert_eq!(page_lang(&browser).await, "es");
    let spanish = text_of(&browser, "main").await;
    assert_ne!(spanish, english);
    // The Spanish page says what the bot says in Spanish.
    let card = site.ask_in("es", "/case");
    for heading in headings(&card) {
        assert!(
            spanish.contains(&heading),
            "the Spanish page lacks the heading {heading:?}"
        );
    }
    browser.check_page("case-es").await;
    // And the choice survives a link: the timeline is Spanish too.
    let timeline = browser
        .client
        .find(Locator::Css(&format!("nav a[href^='/{CASE}/timeline']")))
        .await
        .unwrap();
    click_and_wait(&browser, timeline).await;
    assert_eq!(page_lang(&browser).await, "es");
    browser.check_page("timeline-es").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_through_the_timeline_shows_every_event_once() {
    let (site, browser) = open().await;
    browser.goto(&site.url(&format!("/{CASE}/timeline"))).await;
    let first = site.ask("/timeline");
    let pages = first["paging"]["pages"]
        .as_u64()
        .expect("the timeline is paged");
    assert!(
        pages > 1,
        "the seed case's timeline fits one page; paging is not tested"
    );
    let mut expected = Vec::new();
    for page in 1..=pages {
        expected.extend(answered_records(
            &site.ask(&format!("/timeline page:{page}")),
        ));
    }
    let mut seen = shown_records(&browser).await;
    let mut visited = 1;
    loop {
        let next = browser.client.find(Locator::Css("a[rel='next']")).await;
        let Ok(next) = next else { break };
        click_and_wait(&browser, next).await;
        visited += 1;
        if visited == 2 {
            browser.check_page("timeline-page-2").await;
        }
        seen.extend(shown_records(&browser).await);
        assert!(visited <= pages, "a next link past the last page");
    }
    assert_eq!(visited, pages);
    assert_eq!(seen, expected);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timelinejs_renders_a_slide_for_every_exported_event() {
    let tools = tools();
    let site = Site::start();
    // The export as the site serves it, and the same bytes from the
    // command line on the same database.
    let (status, json) = get(site.port, &format!("/{CASE}/timeline.json"));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&json));
    let out = site.folder().join("timeline.json");
    site.casewatch(&[
        "export",
        "--format",
        "timelinejs",
        "--case",
        CASE,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        std::fs::read(&out).unwrap() == json,
        "the site's timeline.json and `casewatch export --format timelinejs` differ"
    );
    let export: Value = serde_json::from_slice(&json).unwrap();
    let events = export["events"]
        .as_array()
        .expect("a TimelineJS file has events");
    // Every event the bot shows, no more.
    let shown = site.ask("/timeline")["paging"]["total"].as_u64();
    assert_eq!(
        Some(events.len() as u64),
        shown,
        "the export's events and the bot's timeline differ"
    );
    let ids: Vec<&str> = events
        .iter()
        .map(|event| {
            event["unique_id"]
                .as_str()
                .expect("every event has a unique_id")
        })
        .collect();
    let page = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/timelinejs.html"),
    )
    .unwrap();
    let files = StaticFiles::start(
        vec![("/timelinejs.html", page), ("/timeline.json", json)],
        vec![("/timelinejs/", tools.timelinejs_dist())],
    );
    let browser = Browser::start(&tools).await;
    browser.goto(&files.url("/timelinejs.html")).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let state = browser
            .client
            .execute(
                "return [window.timelineLoaded, window.reportedErrors];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(state[1], Value::Array(vec![]), "TimelineJS reported errors");
        if state[0] == true {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "TimelineJS did not finish loading the export within 30 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let rendered = browser
        .client
        .execute(
            "return {
                 errors: window.timeline.config.getErrors(),
                 slides: document.querySelectorAll('.tl-slide:not(.tl-slide-titleslide)').length,
                 titles: document.querySelectorAll('.tl-slide-titleslide').length,
                 missing: arguments[0].filter((id) => {
                     const slide = document.getElementById(id);
                     const marker = document.getElementById(id + '-marker');
                     return !slide || !slide.classList.contains('tl-slide') || !marker;
                 }),
             };",
            vec![serde_json::json!(ids)],
        )
        .await
        .unwrap();
    assert_eq!(
        rendered["errors"],
        Value::Array(vec![]),
        "TimelineJS refused parts of the export"
    );
    assert_eq!(rendered["slides"], events.len(), "one slide per event");
    assert_eq!(rendered["titles"], u64::from(export.get("title").is_some()));
    assert_eq!(
        rendered["missing"],
        Value::Array(vec![]),
        "events without a slide and a marker of their id"
    );
    // The library slides its parts into place for a second after loading;
    // the reviewer's picture is taken once they are still.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    browser.screenshot("timelinejs").await;
    let errors = browser.log_errors().await;
    assert!(
        errors.is_empty(),
        "the browser logged errors:\n{}",
        errors.join("\n")
    );
    browser.close().await;
}
