//! Binary uploads from a stream or a file, sent as they are read: the `bodies` fixture's
//! `put_raw` (`application/octet-stream`) against a server on loopback that reads the request
//! as it arrives. Bytes in memory are still taken as they were (`prism.rs` passes a `Vec<u8>`).

use std::time::Duration;

use bytes::Bytes;
use clientgen_tests::fixtures::bodies::Client;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// One request as received: its header lines (lowercase names) and its body, de-chunked.
struct Received {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A server for one request with a chunked body: with `arrived`, once the raw body holds its
/// marker, it says so (before the rest is read); at the last chunk it answers `204`. The
/// request is returned through the handle.
async fn serve_one(
    arrived: Option<(&'static [u8], oneshot::Sender<()>)>,
) -> (String, tokio::task::JoinHandle<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut raw = Vec::new();
        let mut buffer = [0u8; 8192];
        let head_end = loop {
            if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let n = socket.read(&mut buffer).await.unwrap();
            assert!(n > 0, "the connection closed in the head");
            raw.extend_from_slice(&buffer[..n]);
        };
        let head = String::from_utf8(raw[..head_end].to_vec()).unwrap();
        let mut arrived = arrived;
        while !raw[head_end..].ends_with(b"\r\n0\r\n\r\n") {
            let body = &raw[head_end..];
            if let Some((_, arrived)) =
                arrived.take_if(|(marker, _)| body.windows(marker.len()).any(|w| w == *marker))
            {
                arrived.send(()).unwrap();
            }
            let n = socket.read(&mut buffer).await.unwrap();
            assert!(n > 0, "the connection closed in the body");
            raw.extend_from_slice(&buffer[..n]);
        }
        socket
            .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
            .await
            .unwrap();
        let headers = head
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Received {
            headers,
            body: dechunk(&raw[head_end..]),
        }
    });
    (url, handle)
}

/// Reads from `socket` into `raw` until `done` says it holds enough.
async fn read_until(
    socket: &mut tokio::net::TcpStream,
    raw: &mut Vec<u8>,
    done: impl Fn(&[u8]) -> bool,
) {
    let mut buffer = [0u8; 8192];
    while !done(raw) {
        let n = socket.read(&mut buffer).await.unwrap();
        assert!(n > 0, "the connection closed");
        raw.extend_from_slice(&buffer[..n]);
    }
}

/// A chunked body's data (RFC 9112 7.1; no extensions or trailers, as reqwest sends it).
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..line]).unwrap(), 16).unwrap();
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&raw[line + 2..line + 2 + size]);
        raw = &raw[line + 2 + size + 2..];
    }
}

/// A server for one request (`serve_one`), and a body in two pieces, `first\x00\xff` then
/// `second\x80`, the second made only once the server has received the first.
async fn served_in_two_pieces() -> (String, tokio::task::JoinHandle<Received>, reqwest::Body) {
    let (arrived, wait) = oneshot::channel();
    let (url, server) = serve_one(Some((b"first\x00\xff", arrived))).await;
    let first = futures_util::stream::once(async {
        Ok::<_, std::io::Error>(Bytes::from_static(b"first\x00\xff"))
    });
    let second = futures_util::stream::once(async move {
        wait.await.expect("the server is there");
        Ok(Bytes::from_static(b"second\x80"))
    });
    (url, server, reqwest::Body::wrap_stream(first.chain(second)))
}

/// A body that is a stream goes out as it is read: its second piece is made only once the
/// server has received the first, which a client gathering the body first would wait for
/// forever. Sent chunked, as `application/octet-stream`, bytes that are not UTF-8 intact.
#[tokio::test]
async fn a_stream_is_uploaded_as_it_is_read() {
    let (url, server, body) = served_in_two_pieces().await;
    let client = Client::with_base_url(url);
    tokio::time::timeout(Duration::from_secs(20), client.put_raw(body))
        .await
        .expect("the first piece is sent before the second is read")
        .expect("sent");
    let received = server.await.unwrap();
    assert_eq!(received.body, b"first\x00\xffsecond\x80");
    assert_eq!(received.header("transfer-encoding"), Some("chunked"));
    assert_eq!(received.header("content-length"), None);
    assert_eq!(
        received.header("content-type"),
        Some("application/octet-stream")
    );
}

/// A file is uploaded from the disk as it is read (`reqwest::Body::from(tokio::fs::File)`),
/// every byte of it; `bytes::Bytes` is taken as well as `Vec<u8>`.
#[tokio::test]
async fn a_file_and_bytes_are_uploaded() {
    let content: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let path = std::env::temp_dir().join(format!("clientgen-upload-{}.bin", std::process::id()));
    std::fs::write(&path, &content).unwrap();
    let file = tokio::fs::File::open(&path).await.unwrap();
    let (url, server) = serve_one(None).await;
    let sent = Client::with_base_url(url).put_raw(file).await;
    std::fs::remove_file(&path).unwrap();
    sent.expect("sent");
    let received = server.await.unwrap();
    assert_eq!(received.body.len(), content.len());
    assert!(received.body == content, "the file's bytes, in order");
    assert_eq!(received.header("transfer-encoding"), Some("chunked"));

    // Bytes in memory have a length: sent with `Content-Length`, not chunked.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut raw = Vec::new();
        read_until(&mut socket, &mut raw, |raw| {
            raw.ends_with(b"\r\n\r\n\x01\x02\xfe")
        })
        .await;
        socket
            .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
            .await
            .unwrap();
        String::from_utf8_lossy(&raw).to_ascii_lowercase()
    });
    Client::with_base_url(url)
        .put_raw(Bytes::from_static(b"\x01\x02\xfe"))
        .await
        .expect("sent");
    let raw = server.await.unwrap();
    assert!(raw.contains("content-length: 3\r\n"), "{raw}");
}

/// A binary body the request may leave out is an `Option<reqwest::Body>`: `None` sends none,
/// `Some(bytes.into())` sends them.
#[tokio::test]
async fn an_optional_body_is_a_body_or_none() {
    for (body, sent) in [
        (None, &b""[..]),
        (Some(Bytes::from_static(b"\xffabc").into()), &b"\xffabc"[..]),
    ] {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut raw = Vec::new();
            read_until(&mut socket, &mut raw, |raw| {
                raw.windows(4).any(|w| w == b"\r\n\r\n")
            })
            .await;
            let text = String::from_utf8_lossy(&raw).to_ascii_lowercase();
            let length = text
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .map_or(0, |n| n.trim().parse::<usize>().unwrap());
            let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
            read_until(&mut socket, &mut raw, |raw| raw.len() >= head_end + length).await;
            socket
                .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
                .await
                .unwrap();
            raw[head_end..].to_vec()
        });
        Client::with_base_url(url)
            .append_raw(body)
            .await
            .expect("sent");
        assert_eq!(server.await.unwrap(), sent);
    }
}

/// An operation that uploads and downloads bytes: its `_stream` takes the upload as its whole
/// method does (a stream here) and yields the answer's chunks.
#[tokio::test]
async fn a_stream_goes_up_and_comes_back_in_chunks() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut raw = Vec::new();
        read_until(&mut socket, &mut raw, |raw| raw.ends_with(b"\r\n0\r\n\r\n")).await;
        let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        let body = dechunk(&raw[head_end..]);
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.write_all(&body).await.unwrap();
    });
    let pieces = futures_util::stream::iter([b"up\xff".as_slice(), b"\x00down".as_slice()])
        .map(|piece| Ok::<_, std::io::Error>(Bytes::from_static(piece)));
    let client = Client::with_base_url(url);
    let chunks: Vec<Bytes> = client
        .echo_raw_stream(reqwest::Body::wrap_stream(pieces))
        .map(|chunk| chunk.expect("a chunk"))
        .collect()
        .await;
    assert_eq!(chunks.concat(), b"up\xff\x00down");
    server.await.unwrap();
}

/// A file part of a multipart body read from a stream goes out as it is read too (the second
/// piece is made once the server has the first), beside parts in memory; `multer` reads it
/// back with its name, file name and media type. The stream is sent once: the same body again
/// is refused before anything is sent.
#[tokio::test]
async fn a_multipart_file_part_is_streamed_once() {
    use clientgen_tests::fixtures::multipart_encoding::types::{
        FilePart, UploadRequest, UploadRequestMeta,
    };
    use clientgen_tests::fixtures::multipart_encoding::{Client, Error};

    let (url, server, body) = served_in_two_pieces().await;
    let file = FilePart::stream(body);
    assert_eq!(file.as_bytes(), None);
    let body = UploadRequest::new(
        "t",
        1,
        true,
        file,
        UploadRequestMeta::default(),
        Vec::new(),
        b"\x89PNG",
    );
    let client = Client::with_base_url(url);
    tokio::time::timeout(Duration::from_secs(20), client.upload(&body))
        .await
        .expect("the first piece is sent before the second is read")
        .expect("sent");
    let received = server.await.unwrap();
    assert_eq!(received.header("transfer-encoding"), Some("chunked"));
    let content_type = received.header("content-type").unwrap().to_string();
    let boundary = multer::parse_boundary(&content_type).unwrap();
    let raw = Bytes::from(received.body);
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(raw) });
    let mut parts = multer::Multipart::new(stream, boundary);
    let mut files = Vec::new();
    while let Some(field) = parts.next_field().await.unwrap() {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let media = field.content_type().map(|m| m.to_string());
        let bytes = field.bytes().await.unwrap();
        if file_name.is_some() {
            files.push((name, file_name, media, bytes.to_vec()));
        }
    }
    assert_eq!(
        files,
        [
            (
                "file".to_string(),
                Some("file".to_string()),
                Some("application/octet-stream".to_string()),
                b"first\x00\xffsecond\x80".to_vec()
            ),
            (
                "picture".to_string(),
                Some("picture".to_string()),
                Some("image/png".to_string()),
                b"\x89PNG".to_vec()
            ),
        ]
    );

    // Sent once: nothing listens at port 9, and the refusal comes before any connection.
    let again = Client::with_base_url("http://127.0.0.1:9")
        .upload(&body)
        .await;
    match again {
        Err(Error::InvalidRequest { reason }) => {
            assert!(reason.contains("`file` was sent already"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    // A part in memory is sent as often as asked, and a clone of it is equal to it.
    let in_memory = FilePart::from(vec![1, 2, 3]);
    assert_eq!(in_memory.clone(), in_memory);
    assert_eq!(in_memory.as_bytes(), Some(&[1u8, 2, 3][..]));
    assert!(in_memory.to_part().is_some() && in_memory.to_part().is_some());
}
