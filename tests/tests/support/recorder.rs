//! A loopback HTTP/1.1 server that records every request exactly as received (request line,
//! header lines, body) and answers each with the same response. The oracle tests compare what
//! a generated client sent with what the OpenAPI specification says it must send.

// Each test module uses part of it.
#![allow(dead_code)]

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as received.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request line without its `\r\n`.
    pub line: String,
    /// The header lines, name and value, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked if it was sent chunked.
    pub body: Vec<u8>,
}

impl Seen {
    /// The target of the request line (`/path?query`), as sent.
    pub fn target(&self) -> &str {
        self.line.split(' ').nth(1).unwrap_or("")
    }

    /// The path of the target, as sent.
    pub fn path(&self) -> &str {
        self.target().split('?').next().unwrap_or("")
    }

    /// The query of the target, as sent (empty without one).
    pub fn query(&self) -> &str {
        self.target().split_once('?').map_or("", |(_, q)| q)
    }

    /// Every value of header `name` (case-insensitive), as sent.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// The recording server.
pub struct Recorder {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Seen>>>,
}

/// What answers a request: the whole HTTP response, computed from the request.
pub type Answer = Arc<dyn Fn(Seen) -> Pin<Box<dyn Future<Output = Vec<u8>> + Send>> + Send + Sync>;

impl Recorder {
    /// Starts a server answering every request with `response` (the whole HTTP response).
    pub async fn start(response: &'static [u8]) -> Recorder {
        Recorder::answering(Arc::new(move |_| {
            Box::pin(async move { response.to_vec() })
        }))
        .await
    }

    /// Starts a server answering each request as `answer` says (a proxy, for instance).
    pub async fn answering(answer: Answer) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding a loopback port");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&log);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = Arc::clone(&shared);
                let answer = Arc::clone(&answer);
                tokio::spawn(async move { serve(stream, &log, &answer).await });
            }
        });
        Recorder { addr, log }
    }

    /// The base URL of the server.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Takes the requests received so far, leaving the log empty.
    pub fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.log.lock().expect("the log is not poisoned"))
    }
}

/// `204 No Content`, closing the connection.
pub const NO_CONTENT: &[u8] =
    b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

async fn serve(mut stream: TcpStream, log: &Mutex<Vec<Seen>>, answer: &Answer) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .map(|l| match l.split_once(':') {
            Some((n, v)) => (n.to_owned(), v.trim().to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let chunked = header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    let length = header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut raw = buffer[head_end + 4..].to_vec();
    let body = if chunked {
        loop {
            if let Some(body) = dechunk(&raw) {
                break body;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break raw.clone(),
                Ok(n) => raw.extend_from_slice(&chunk[..n]),
            }
        }
    } else {
        while raw.len() < length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => raw.extend_from_slice(&chunk[..n]),
            }
        }
        raw
    };
    let seen = Seen {
        line,
        headers,
        body,
    };
    log.lock()
        .expect("the log is not poisoned")
        .push(seen.clone());
    let response = answer(seen).await;
    let _ = stream.write_all(&response).await;
    let _ = stream.flush().await;
    let _ = stream.shutdown().await;
}

/// The body of a complete chunked encoding, or `None` while it is incomplete.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[end + 2..];
        if size == 0 {
            return Some(body);
        }
        if raw.len() < size + 2 {
            return None;
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}
