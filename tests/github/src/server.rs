//! A loopback HTTP/1.1 server that records every request and answers the `n`th (from 0) as a
//! function of `n` and its own URL says: GitHub names the next page by an absolute URL, so an
//! answer needs the server's address. A body is sent whole, or in chunks (`Transfer-Encoding:
//! chunked`) each of which after the first waits for the test's word, so that a test can tell
//! a client that reads the body as it arrives from one that waits for the whole of it.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

/// One request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`...
    pub method: String,
    /// The target of the request line (`/path?query`), as sent.
    pub target: String,
    /// The header lines, name and value, in the order received.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The value of header `name` (case-insensitive), when it was sent once; `None` when it was
    /// not sent. Panics when it was sent more than once.
    pub fn header(&self, name: &str) -> Option<&str> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        assert!(values.len() < 2, "`{name}` sent {} times", values.len());
        values.first().copied()
    }
}

/// How the body is sent.
#[derive(Debug)]
enum Body {
    /// With `Content-Length`.
    Whole(Vec<u8>),
    /// Chunked: the first chunk at once, each next one when `pace` has a permit for it.
    Chunks {
        chunks: Vec<Vec<u8>>,
        pace: Arc<Semaphore>,
    },
}

/// An answer: status, header lines and body.
#[derive(Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
}

impl Reply {
    /// A JSON body.
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply {
            status,
            headers: vec![(
                "Content-Type".to_string(),
                "application/json; charset=utf-8".to_string(),
            )],
            body: Body::Whole(body.to_string().into_bytes()),
        }
    }

    /// No body (`204 No Content`), and no `Content-Type`.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Body::Whole(Vec::new()),
        }
    }

    /// A body sent in `chunks`: the first at once, each next one once the test has added a
    /// permit to `pace` (`pace.add_permits(1)`).
    pub fn chunked(content_type: &str, chunks: Vec<Vec<u8>>, pace: Arc<Semaphore>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".to_string(), content_type.to_string())],
            body: Body::Chunks { chunks, pace },
        }
    }

    /// The answer with header `name: value` too.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.to_string(), value.into()));
        self
    }
}

/// What answers the `n`th request, given the server's URL.
type Answer = dyn Fn(usize, &str) -> Reply + Send + Sync;

/// The server; it stops with the test's runtime.
#[derive(Debug)]
pub struct Server {
    url: String,
    log: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// Starts a server on a free loopback port.
    pub async fn start(answer: impl Fn(usize, &str) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let answer: Arc<Answer> = Arc::new(answer);
        let (shared, base) = (Arc::clone(&log), url.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (log, answer, base) = (Arc::clone(&shared), Arc::clone(&answer), base.clone());
                // One request a connection (`Connection: close`).
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut stream).await else {
                        return;
                    };
                    let n = {
                        let mut log = log.lock().expect("the log is not poisoned");
                        log.push(request);
                        log.len() - 1
                    };
                    let _ = write_reply(&mut stream, answer(n, &base)).await;
                });
            }
        });
        Server { url, log }
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().expect("the log is not poisoned").clone()
    }

    /// The targets of the requests received so far, in order.
    pub fn targets(&self) -> Vec<String> {
        self.requests().into_iter().map(|r| r.target).collect()
    }
}

/// Reads a request's head and the body its `Content-Length` announces (the body is dropped:
/// the operations tested send none).
async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buffer[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut line = lines.next().unwrap_or("").split(' ');
    let (method, target) = (line.next().unwrap_or(""), line.next().unwrap_or(""));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_string(), v.trim().to_string()))
        .collect();
    let request = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    };
    let length: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = data.len() - head_end - 4;
    while body < length {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => body += n,
        }
    }
    Some(request)
}

/// Writes `reply`, then closes the connection.
async fn write_reply(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match reply.body {
        Body::Whole(body) => {
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
        }
        Body::Chunks { chunks, pace } => {
            head.push_str("Transfer-Encoding: chunked\r\n\r\n");
            stream.write_all(head.as_bytes()).await?;
            for (i, chunk) in chunks.iter().enumerate() {
                if i > 0 {
                    pace.acquire()
                        .await
                        .expect("the semaphore is not closed")
                        .forget();
                }
                stream
                    .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                    .await?;
                stream.write_all(chunk).await?;
                stream.write_all(b"\r\n").await?;
                stream.flush().await?;
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
    }
    stream.flush().await?;
    stream.shutdown().await
}
