//! What the scenarios read from a page and do on it, as a person would:
//! the statements shown, the page's language, a link clicked and followed,
//! a form field filled; and the same read from the bot's reply document.

use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::Value;

use super::Browser;

/// The record ids of the statements on the page, in order.
pub async fn shown_records(browser: &Browser) -> Vec<String> {
    let ids = browser
        .client
        .execute(
            "return Array.from(document.querySelectorAll('main li.fact .record'), (e) => e.textContent.trim());",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(ids).unwrap()
}

/// The record ids of a reply document's statements, in order.
pub fn answered_records(reply: &Value) -> Vec<String> {
    reply["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|block| block["type"] == "fact")
        .filter_map(|block| block["record"].as_str().map(str::to_string))
        .collect()
}

pub fn headings(reply: &Value) -> Vec<String> {
    reply["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|block| block["type"] == "heading")
        .filter_map(|block| block["text"].as_str().map(str::to_string))
        .collect()
}

pub async fn text_of(browser: &Browser, css: &str) -> String {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|err| panic!("no `{css}` on the page: {err}"))
        .text()
        .await
        .unwrap()
}

pub async fn page_lang(browser: &Browser) -> String {
    browser
        .client
        .execute("return document.documentElement.lang;", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Clicks `element` and waits until the browser has left `from`.
pub async fn click_and_wait(browser: &Browser, element: Element) {
    let from = browser.client.current_url().await.unwrap();
    element.click().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while browser.client.current_url().await.unwrap() == from {
        assert!(
            std::time::Instant::now() < deadline,
            "the click on {from} led nowhere within 20 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Types `value` into the timeline form's field `name`, as a person would.
pub async fn fill(browser: &Browser, name: &str, value: &str) {
    let field = browser
        .client
        .find(Locator::Css(&format!("main form [name='{name}']")))
        .await
        .unwrap_or_else(|err| panic!("the timeline form has no field `{name}`: {err}"));
    if field.tag_name().await.unwrap() == "select" {
        field.select_by_value(value).await.unwrap();
    } else {
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }
}

pub async fn submit(browser: &Browser) {
    let button = browser
        .client
        .find(Locator::Css("main form button, main form [type='submit']"))
        .await
        .expect("the timeline form has a submit button");
    click_and_wait(browser, button).await;
}
