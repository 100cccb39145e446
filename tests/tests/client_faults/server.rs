//! The raw HTTP/1.1 server on loopback, and the responses, well-formed or not, that tests give it.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::MIB;

/// What the server received: one request.
#[derive(Debug, Clone)]
pub(super) struct Seen {
    /// The request line exactly as received, without its `\r\n`.
    pub(super) line: String,
    /// The header lines, name and value, in the order received.
    pub(super) headers: Vec<(String, String)>,
    /// The body (as long as `Content-Length` says).
    pub(super) body: Vec<u8>,
    /// When the head was complete.
    pub(super) at: Instant,
}

impl Seen {
    /// The target of the request line (`/path?query`).
    pub(super) fn target(&self) -> &str {
        let mut parts = self.line.split(' ');
        parts.next();
        parts.next().unwrap_or("")
    }

    /// The path of the target, without the query.
    pub(super) fn path(&self) -> &str {
        self.target().split('?').next().unwrap_or("")
    }

    /// The query of the target, as sent (empty without one).
    pub(super) fn query(&self) -> &str {
        self.target().split_once('?').map_or("", |(_, q)| q)
    }

    /// The query pairs of the target, decoded.
    pub(super) fn query_pairs(&self) -> Vec<(String, String)> {
        let url = reqwest::Url::parse(&format!("http://host{}", self.target()))
            .unwrap_or_else(|e| panic!("the target {:?} is not a URL path: {e}", self.target()));
        url.query_pairs().into_owned().collect()
    }

    /// Every value of header `name` (case-insensitive).
    pub(super) fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// How the server answers one request.
pub(super) enum Reply {
    /// Write these bytes, then close the connection.
    Send(Vec<u8>),
    /// Write these bytes, then keep the connection open without writing anything more.
    SendThenHang(Vec<u8>),
    /// Close the connection without answering.
    Close,
}

#[derive(Default)]
struct Log {
    connections: AtomicUsize,
    requests: Mutex<Vec<Seen>>,
}

/// A raw HTTP/1.1 server on loopback. `reply` is given the number of the request (from 0).
pub(super) struct RawServer {
    addr: SocketAddr,
    log: Arc<Log>,
}

impl RawServer {
    pub(super) async fn start(reply: impl Fn(usize) -> Reply + Send + Sync + 'static) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding a loopback port");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let log = Arc::new(Log::default());
        let reply = Arc::new(reply);
        let shared = Arc::clone(&log);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let log = Arc::clone(&shared);
                let reply = Arc::clone(&reply);
                tokio::spawn(async move { serve(stream, &log, &*reply).await });
            }
        });
        RawServer { addr, log }
    }

    /// A server answering every request with the same bytes.
    pub(super) async fn always(bytes: Vec<u8>) -> RawServer {
        RawServer::start(move |_| Reply::Send(bytes.clone())).await
    }

    pub(super) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(super) fn requests(&self) -> Vec<Seen> {
        self.log
            .requests
            .lock()
            .expect("the log is not poisoned")
            .clone()
    }

    fn connections(&self) -> usize {
        self.log.connections.load(Ordering::SeqCst)
    }

    /// The one request received.
    pub(super) fn only_request(&self) -> Seen {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request: {requests:?}"
        );
        requests.into_iter().next().expect("one request")
    }

    /// Waits a little, then checks that no connection was ever made.
    pub(super) async fn assert_untouched(&self, case: &str) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            self.connections(),
            0,
            "{case}: a connection was made, requests: {:?}",
            self.requests()
        );
    }
}

/// Reads one request from `stream`, records it, and answers it as `reply` says.
async fn serve(mut stream: TcpStream, log: &Log, reply: &(dyn Fn(usize) -> Reply + Send + Sync)) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buffer.len() > MIB {
            return;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .map(|l| match l.split_once(':') {
            Some((n, v)) => (n.to_owned(), v.trim().to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    let index = {
        let mut requests = log.requests.lock().expect("the log is not poisoned");
        requests.push(Seen {
            line,
            headers,
            body,
            at,
        });
        requests.len() - 1
    };
    match reply(index) {
        Reply::Send(bytes) => {
            // The client may hang up early (a body too large): that is not the server's error.
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            let _ = stream.shutdown().await;
        }
        Reply::SendThenHang(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Reply::Close => {}
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

/// A complete response with a `Content-Length` matching `body` and `Connection: close`.
pub(super) fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A response that announces `announced` bytes of body and carries only `sent`: what a server
/// that stops in the middle of the body sends.
pub(super) fn cut_short(
    status: u16,
    headers: &[(&str, &str)],
    announced: usize,
    sent: &[u8],
) -> Vec<u8> {
    let head = String::from_utf8(response(status, headers, b"")).expect("ASCII");
    let mut bytes = head
        .replace("Content-Length: 0", &format!("Content-Length: {announced}"))
        .into_bytes();
    bytes.extend_from_slice(sent);
    bytes
}

/// A JSON response.
pub(super) fn json(status: u16, body: &str) -> Vec<u8> {
    response(
        status,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

/// A response whose body of `size` bytes is sent chunked, without any `Content-Length`.
pub(super) fn chunked(status: u16, size: usize) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        reason(status)
    )
    .into_bytes();
    let mut left = size;
    while left > 0 {
        let n = left.min(64 * 1024);
        out.extend_from_slice(format!("{n:X}\r\n").as_bytes());
        out.extend(std::iter::repeat_n(b' ', n));
        out.extend_from_slice(b"\r\n");
        left -= n;
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// A JSON object of exactly `size` bytes (`{}` padded with spaces).
pub(super) fn padded_empty_object(size: usize) -> Vec<u8> {
    let mut body = b"{}".to_vec();
    body.resize(size, b' ');
    body
}
