//! A tiny loopback file server for the TimelineJS check: the library's
//! built files from `node_modules`, the page that embeds it, and the
//! export under test, all from one origin so the page may fetch the JSON.
//! GET only, one request a connection, nothing outside the given folders.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// The server, stopped when dropped.
pub struct StaticFiles {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct Routes {
    /// Exact paths and their bodies.
    files: HashMap<String, Vec<u8>>,
    /// URL prefixes (`/timelinejs/`) and the folders they serve.
    folders: Vec<(String, PathBuf)>,
}

impl StaticFiles {
    /// Serves each `(path, body)` of `files` and each `(prefix, folder)` of
    /// `folders` on a free loopback port, from a thread of its own (the
    /// browser asks for a handful of files; one at a time is plenty).
    pub fn start(files: Vec<(&str, Vec<u8>)>, folders: Vec<(&str, PathBuf)>) -> StaticFiles {
        let routes = Routes {
            files: files
                .into_iter()
                .map(|(path, body)| (path.to_string(), body))
                .collect(),
            folders: folders
                .into_iter()
                .map(|(prefix, folder)| (prefix.to_string(), folder))
                .collect(),
        };
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    return;
                }
                if let Ok(stream) = stream {
                    routes.serve(stream);
                }
            }
        });
        StaticFiles {
            port,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for StaticFiles {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // One more connection wakes the accepting thread to see the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Routes {
    fn serve(&self, mut stream: TcpStream) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let mut head = Vec::new();
        let mut buffer = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buffer[..n]),
            }
        }
        let answer = self.answer(&String::from_utf8_lossy(&head));
        let _ = stream.write_all(&answer);
    }

    fn answer(&self, head: &str) -> Vec<u8> {
        let mut words = head.split_whitespace();
        let (method, target) = (
            words.next().unwrap_or_default(),
            words.next().unwrap_or("/"),
        );
        let path = target.split(['?', '#']).next().unwrap_or_default();
        if method != "GET" {
            return response(405, "text/plain", b"GET only".to_vec());
        }
        if let Some(body) = self.files.get(path) {
            return response(200, content_type(path), body.clone());
        }
        for (prefix, folder) in &self.folders {
            let Some(rest) = path.strip_prefix(prefix.as_str()) else {
                continue;
            };
            let relative = Path::new(rest);
            // Only plain names below the folder: no `..`, no absolute path.
            if !relative
                .components()
                .all(|part| matches!(part, Component::Normal(_)))
            {
                return response(404, "text/plain", b"not found".to_vec());
            }
            if let Ok(body) = std::fs::read(folder.join(relative)) {
                return response(200, content_type(path), body);
            }
        }
        response(404, "text/plain", b"not found".to_vec())
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "eot" => "application/vnd.ms-fontobject",
        _ => "application/octet-stream",
    }
}

fn response(status: u16, content_type: &str, body: Vec<u8>) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut answer = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    answer
}
