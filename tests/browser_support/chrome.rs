//! Chromium under chromedriver, both started by the test and ended when it
//! ends: a fresh profile, flags that keep the browser from fetching
//! anything but the loopback pages, and what every scenario does with a
//! page (a screenshot, axe-core, the browser's log).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use super::{axe, free_port, loopback_request, screenshot_dir, wait_for_port, Tools};

/// Issue 10's flags, so Chromium downloads nothing (no component updates,
/// no sync, no first-run pages), plus a resolver rule that fails every
/// host name: a page that reaches beyond loopback shows up as a network
/// error in the log instead of traffic. English first, so the site's
/// `Accept-Language` choice is the test's, not the machine's.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--lang=en-US",
    "--accept-lang=en-US,en",
    "--window-size=1280,900",
];

/// How tall a full-page screenshot may get; longer pages are cut there.
const MAX_SCREENSHOT_HEIGHT: u64 = 6000;

/// The chromedriver process and the session it runs.
struct Driver {
    child: Child,
    port: u16,
    session: Option<String>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Ending the session makes chromedriver quit Chromium; killing the
        // driver alone would leave the browser running. This also runs when
        // a scenario panics, so it must not panic itself.
        if let Some(id) = self.session.take() {
            let _ = loopback_request("DELETE", self.port, &format!("/session/{id}"), "");
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium driven through WebDriver.
pub struct Browser {
    pub client: Client,
    driver: Driver,
    axe_source: String,
    // Dropped after the driver (fields drop in order), once Chromium is gone.
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start(tools: &Tools) -> Browser {
        let port = free_port();
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| {
                panic!(
                    "chromedriver ({}) could not be started: {err}",
                    tools.chromedriver.display()
                )
            });
        let mut driver = Driver {
            child,
            port,
            session: None,
        };
        wait_for_port(port, "chromedriver");
        let profile = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = FLAGS.iter().map(|flag| flag.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let capabilities = json!({
            "goog:chromeOptions": { "binary": tools.chromium, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("json! of an object")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|err| panic!("chromedriver could not start Chromium: {err}"));
        driver.session = client.session_id().await.unwrap();
        let axe_source = std::fs::read_to_string(tools.axe_source()).unwrap();
        Browser {
            client,
            driver,
            axe_source,
            _profile: profile,
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|err| panic!("Chromium could not open {url}: {err}"));
    }

    /// Saves the whole page (up to `MAX_SCREENSHOT_HEIGHT`) as
    /// `target/browser-screenshots/NAME.png` for a reviewer to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let (width, height) = self.client.get_window_size().await.unwrap();
        let sizes = self
            .client
            .execute(
                "return [document.documentElement.scrollHeight, window.innerHeight];",
                vec![],
            )
            .await
            .unwrap();
        let page = sizes[0].as_u64().unwrap_or(height);
        let inner = sizes[1].as_u64().unwrap_or(height);
        let tall = page.min(MAX_SCREENSHOT_HEIGHT) + height.saturating_sub(inner);
        if tall > height {
            self.client
                .set_window_size(width as u32, tall as u32)
                .await
                .unwrap();
        }
        let png = self.client.screenshot().await.unwrap();
        if tall > height {
            self.client
                .set_window_size(width as u32, height as u32)
                .await
                .unwrap();
        }
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// The browser log's errors since the last call: console errors,
    /// uncaught exceptions, and resources the page failed to load.
    pub async fn log_errors(&self) -> Vec<String> {
        let entries = self.client.issue_cmd(BrowserLog).await.unwrap();
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
            // Chromium asks every origin for /favicon.ico on its own; the
            // site has no icon, and that request is not the page's.
            .filter(|message| !message.contains("/favicon.ico - Failed to load resource"))
            .collect()
    }

    /// What every page goes through: a screenshot named `name`, axe-core
    /// (no serious or critical violation), and no error in the log.
    pub async fn check_page(&self, name: &str) {
        let shot = self.screenshot(name).await;
        let violations = axe::run(&self.client, &self.axe_source).await;
        let counted = violations.len();
        let blocking: Vec<String> = violations
            .into_iter()
            .filter(|violation| violation.is_serious())
            .map(|violation| violation.to_string())
            .collect();
        eprintln!(
            "{name}: {} ({counted} axe violations, {} serious or critical)",
            shot.display(),
            blocking.len()
        );
        assert!(
            blocking.is_empty(),
            "axe-core found serious or critical accessibility violations on {name} ({}):\n{}",
            self.client.current_url().await.unwrap(),
            blocking.join("\n")
        );
        let errors = self.log_errors().await;
        assert!(
            errors.is_empty(),
            "the browser logged errors on {name}:\n{}",
            errors.join("\n")
        );
    }

    /// Ends the session and quits Chromium.
    pub async fn close(mut self) {
        self.driver.session = None;
        self.client.clone().close().await.unwrap();
    }
}

/// chromedriver's log endpoint (not in the W3C standard, so fantoccini has
/// no method for it): it returns and clears the browser's log.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}
