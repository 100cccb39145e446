//! Downloads SIZE bytes (default 1 GiB) through `download_file_stream` from a server on loopback
//! and prints how many arrived and how fast; run it under `/usr/bin/time -v` for the peak memory
//! (scripts/bench/streams.sh). The server writes 64 KiB at a time from one buffer. With a second
//! argument `whole`, through `download_file` instead (the whole body in memory, its limit
//! raised to SIZE), for comparison.
//!
//!   download [SIZE] [whole]

use clientgen_streams_bench::streaming::Client;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::main]
async fn main() {
    let size: u64 = std::env::args()
        .nth(1)
        .map_or(1 << 30, |s| s.parse().expect("SIZE is a number of bytes"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            socket.read_exact(&mut byte).await.unwrap();
            head.push(byte[0]);
        }
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {size}\r\n\r\n"
        );
        socket.write_all(reply.as_bytes()).await.unwrap();
        // Not UTF-8, and not all zeros.
        let block: Vec<u8> = (0..65536u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut left = size;
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            socket.write_all(&block[..n]).await.unwrap();
            left -= n as u64;
        }
    });
    // The whole download must fit in the client's timeout.
    let client = Client::with_base_url(format!("http://{addr}"))
        .with_timeout(std::time::Duration::from_secs(600));
    let start = std::time::Instant::now();
    if std::env::args().nth(2).as_deref() == Some("whole") {
        let client = client.with_max_body_size(size as usize);
        let body = client.download_file("big").await.expect("the whole body");
        let took = start.elapsed();
        assert_eq!(body.len() as u64, size);
        println!(
            "downloaded {size} bytes whole in {took:.2?} ({:.0} MB/s)",
            size as f64 / took.as_secs_f64() / 1e6
        );
        return;
    }
    let mut stream = client.download_file_stream("big");
    let (mut total, mut chunks, mut sum) = (0u64, 0u64, 0u64);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap_or_else(|e| panic!("after {total} bytes: {e}"));
        total += chunk.len() as u64;
        chunks += 1;
        sum = sum.wrapping_add(u64::from(chunk[0]));
    }
    let took = start.elapsed();
    assert_eq!(total, size);
    println!(
        "downloaded {total} bytes in {chunks} chunks in {took:.2?} ({:.0} MB/s; checksum {sum})",
        total as f64 / took.as_secs_f64() / 1e6
    );
}
