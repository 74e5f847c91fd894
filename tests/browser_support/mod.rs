//! The browser tests' machinery: Debian's Chromium driven through
//! chromedriver (WebDriver, with fantoccini) on loopback, the real
//! `casewatch serve` on a seeded database, a tiny static server for the
//! TimelineJS3 library, axe-core injected into each page, and the browser's
//! own log read back for console errors.
#![allow(dead_code)]

mod axe;
mod chrome;
pub mod page;
mod serve;
mod static_files;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use chrome::Browser;
pub use serve::Site;
pub use static_files::StaticFiles;

/// What the browser tests need from the machine, found before anything
/// starts so a developer without them reads one sentence saying what to
/// install instead of a WebDriver error.
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    /// `tests/browser/node_modules`, installed by `npm ci` from the
    /// committed lock file.
    pub node_modules: PathBuf,
}

impl Tools {
    pub fn axe_source(&self) -> PathBuf {
        self.node_modules.join("axe-core").join("axe.min.js")
    }

    /// TimelineJS3's built files (`js/timeline.js`, `css/timeline.css`…).
    pub fn timelinejs_dist(&self) -> PathBuf {
        self.node_modules
            .join("@knight-lab")
            .join("timelinejs")
            .join("dist")
    }
}

/// Finds Chromium, chromedriver and the npm packages, or fails the test
/// with what to install. Never a silent pass: a machine without a browser
/// has not shown that the site works.
pub fn tools() -> Tools {
    // Debian's real binary first: /usr/bin/chromium is a shell wrapper that
    // reads /etc/chromium.d and adds flags of its own.
    let chromium = ["/usr/lib/chromium/chromium"]
        .iter()
        .map(PathBuf::from)
        .find(|path| path.is_file())
        .or_else(|| on_path("chromium"));
    let chromedriver = on_path("chromedriver");
    let node_modules = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("browser")
        .join("node_modules");
    let mut missing = Vec::new();
    if chromium.is_none() {
        missing.push("chromium");
    }
    if chromedriver.is_none() {
        missing.push("chromedriver");
    }
    let tools = Tools {
        chromium: chromium.unwrap_or_default(),
        chromedriver: chromedriver.unwrap_or_default(),
        node_modules,
    };
    if !tools.axe_source().is_file() || !tools.timelinejs_dist().join("js/timeline.js").is_file() {
        missing.push("the npm packages axe-core and @knight-lab/timelinejs");
    }
    assert!(
        missing.is_empty(),
        "the browser tests need Chromium and chromedriver (on Debian: apt-get install chromium chromium-driver) and the npm packages of tests/browser (cd tests/browser && npm ci), as .ci/run installs them; missing: {}",
        missing.join(", ")
    );
    tools
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Cargo's target directory, where screenshots are kept for a reviewer.
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target directory")
        .to_path_buf()
}

pub fn screenshot_dir() -> PathBuf {
    let dir = target_dir().join("browser-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Waits until something accepts connections on the loopback `port`.
pub fn wait_for_port(port: u16, what: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} did not listen on 127.0.0.1:{port} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One HTTP/1.0 request to a loopback server, blocking: the status and the
/// body. HTTP/1.0 so the answer is never chunked and ends at close. An
/// error rather than a panic, since the driver's clean-up calls it while a
/// failed scenario unwinds.
pub fn loopback_request(
    method: &str,
    port: u16,
    path: &str,
    body: &str,
) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let malformed = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not an HTTP answer");
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(malformed)?;
    let head = String::from_utf8_lossy(&answer[..end]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(malformed)?;
    Ok((status, answer[end + 4..].to_vec()))
}

/// `GET path` from a loopback server, which must answer.
pub fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    loopback_request("GET", port, path, "")
        .unwrap_or_else(|err| panic!("GET {path} on 127.0.0.1:{port} failed: {err}"))
}
