//! A scripted HTTP/1.1 server on loopback for the tests of outgoing
//! requests: each path answers as told (a status with headers and body, a
//! redirect, silence beyond a timeout, a reset connection), and every
//! request it receives is kept for the test to inspect.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How one path answers.
#[derive(Clone, Debug)]
pub enum Answer {
    /// A status, extra headers and a body.
    Status(u16, Vec<(String, String)>, Vec<u8>),
    /// Waits this long before answering 200 (longer than a client's timeout).
    Slow(Duration),
    /// Reads the request, then closes the connection without a word.
    Reset,
}

impl Answer {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Answer::Status(
            200,
            vec![("Content-Type".into(), content_type.into())],
            body.into(),
        )
    }

    pub fn status(status: u16) -> Self {
        Answer::Status(status, Vec::new(), Vec::new())
    }

    pub fn redirect(status: u16, location: &str) -> Self {
        Answer::Status(
            status,
            vec![("Location".into(), location.into())],
            Vec::new(),
        )
    }

    pub fn with_header(self, name: &str, value: &str) -> Self {
        match self {
            Answer::Status(status, mut headers, body) => {
                headers.push((name.into(), value.into()));
                Answer::Status(status, headers, body)
            }
            other => other,
        }
    }
}

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
}

#[derive(Default)]
struct Script {
    /// Answers per path (without query); several are given out in turn, the last one repeats.
    answers: HashMap<String, Vec<Answer>>,
    served: HashMap<String, usize>,
    received: Vec<Received>,
}

/// The server; it runs until the test process ends.
#[derive(Clone)]
pub struct HttpStub {
    pub port: u16,
    script: Arc<Mutex<Script>>,
}

impl HttpStub {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let script = Arc::new(Mutex::new(Script::default()));
        let shared = Arc::clone(&script);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = Arc::clone(&shared);
                thread::spawn(move || serve(stream, &shared));
            }
        });
        HttpStub { port, script }
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Sets how `path` answers (replacing earlier answers).
    pub fn route(&self, path: &str, answer: Answer) -> &Self {
        self.route_seq(path, vec![answer])
    }

    /// `path` gives these answers in turn; the last one repeats.
    pub fn route_seq(&self, path: &str, answers: Vec<Answer>) -> &Self {
        let mut script = self.script.lock().unwrap();
        script.answers.insert(path.to_owned(), answers);
        script.served.remove(path);
        self
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.script.lock().unwrap().received.clone()
    }

    /// How many requests reached `path` (query ignored).
    pub fn hits(&self, path: &str) -> usize {
        self.received()
            .iter()
            .filter(|r| r.target.split('?').next() == Some(path))
            .count()
    }
}

fn serve(stream: TcpStream, script: &Mutex<Script>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    loop {
        let Some(request) = read_request(&mut reader) else {
            return;
        };
        let path = request.target.split('?').next().unwrap_or("").to_owned();
        let answer = {
            let mut script = script.lock().unwrap();
            script.received.push(request.clone());
            let turn = *script.served.get(&path).unwrap_or(&0);
            let answer = script
                .answers
                .get(&path)
                .map(|answers| answers[turn.min(answers.len() - 1)].clone());
            script.served.insert(path, turn + 1);
            answer.unwrap_or_else(|| Answer::status(404))
        };
        let mut out = &stream;
        match answer {
            Answer::Reset => {
                let _ = stream.shutdown(Shutdown::Both);
                return;
            }
            Answer::Slow(wait) => {
                thread::sleep(wait);
                let _ = out.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                return;
            }
            Answer::Status(status, headers, body) => {
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
                for (name, value) in &headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
                if out.write_all(head.as_bytes()).is_err() {
                    return;
                }
                if request.method != "HEAD" && out.write_all(&body).is_err() {
                    return;
                }
            }
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Received> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_lowercase(), value.trim().to_owned());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        method,
        target,
        headers,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
