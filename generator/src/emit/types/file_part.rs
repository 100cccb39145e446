//! The file part of a multipart body, as every client with one has it in `types` (see
//! `naming::reserved::FILE_PART`): the generator copies the items below, this file's doc
//! comments on them included. Compiled and linted with the runtime (`client/runtime/check.rs`).

/// A file sent as a part of a multipart body: bytes in memory, or a stream (a file, a
/// download) read as the request is sent.
///
/// Bytes convert into it (`Vec<u8>`, `&[u8]`, `String`, `&str`, arrays); a stream is
/// [`FilePart::stream`]. A stream is sent once: a request that carries one is never retried,
/// and a second request with the same part (or a clone of it) fails with
/// `Error::InvalidRequest` before anything is sent.
#[derive(Clone)]
pub struct FilePart(FileSource);

/// Where a [`FilePart`]'s bytes come from.
#[derive(Clone)]
enum FileSource {
    Bytes(Vec<u8>),
    /// The stream until it is sent, shared by the clones, and its length when told.
    Stream(
        std::sync::Arc<std::sync::Mutex<Option<reqwest::Body>>>,
        Option<u64>,
    ),
}

impl FilePart {
    /// A part read from `body` as the request is sent: a stream of chunks
    /// (`reqwest::Body::wrap_stream`) or a file (`tokio::fs::File`), both with reqwest's
    /// feature `stream`. Sent as a chunked body unless the length is told
    /// ([`FilePart::stream_with_length`]).
    pub fn stream(body: impl Into<reqwest::Body>) -> Self {
        Self(FileSource::Stream(
            std::sync::Arc::new(std::sync::Mutex::new(Some(body.into()))),
            None,
        ))
    }

    /// A part read from `body` as the request is sent, `length` bytes long (the request then
    /// says its length).
    pub fn stream_with_length(body: impl Into<reqwest::Body>, length: u64) -> Self {
        Self(FileSource::Stream(
            std::sync::Arc::new(std::sync::Mutex::new(Some(body.into()))),
            Some(length),
        ))
    }

    /// The bytes, when the part is held in memory (not a stream).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.0 {
            FileSource::Bytes(bytes) => Some(bytes),
            FileSource::Stream(..) => None,
        }
    }

    /// The part as reqwest sends it: a copy of the bytes, or the stream, which it takes
    /// (`None` once taken: a stream is sent once).
    pub fn to_part(&self) -> Option<reqwest::multipart::Part> {
        match &self.0 {
            FileSource::Bytes(bytes) => Some(reqwest::multipart::Part::bytes(bytes.clone())),
            FileSource::Stream(body, length) => {
                let body = match body.lock() {
                    Ok(mut body) => body.take(),
                    Err(poisoned) => poisoned.into_inner().take(),
                }?;
                Some(match length {
                    Some(length) => reqwest::multipart::Part::stream_with_length(body, *length),
                    None => reqwest::multipart::Part::stream(body),
                })
            }
        }
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            FileSource::Bytes(bytes) => f.debug_tuple("FilePart").field(bytes).finish(),
            FileSource::Stream(_, length) => f
                .debug_struct("FilePart")
                .field("stream", &true)
                .field("length", length)
                .finish(),
        }
    }
}

/// Bytes are equal by their contents; a stream only to itself (and its clones).
impl PartialEq for FilePart {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (FileSource::Bytes(a), FileSource::Bytes(b)) => a == b,
            (FileSource::Stream(a, _), FileSource::Stream(b, _)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for FilePart {}

impl std::hash::Hash for FilePart {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match &self.0 {
            FileSource::Bytes(bytes) => bytes.hash(state),
            FileSource::Stream(body, _) => std::sync::Arc::as_ptr(body).hash(state),
        }
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self(FileSource::Bytes(bytes))
    }
}

impl From<&Vec<u8>> for FilePart {
    fn from(bytes: &Vec<u8>) -> Self {
        Self::from(bytes.clone())
    }
}

impl From<&[u8]> for FilePart {
    fn from(bytes: &[u8]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl<const N: usize> From<[u8; N]> for FilePart {
    fn from(bytes: [u8; N]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for FilePart {
    fn from(bytes: &[u8; N]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl From<String> for FilePart {
    fn from(text: String) -> Self {
        Self::from(text.into_bytes())
    }
}

impl From<&str> for FilePart {
    fn from(text: &str) -> Self {
        Self::from(text.as_bytes())
    }
}

/// As the bytes would be (a stream cannot be written).
impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            FileSource::Bytes(bytes) => serde::Serialize::serialize(bytes, serializer),
            FileSource::Stream(..) => Err(serde::ser::Error::custom(
                "a file part read from a stream cannot be serialized",
            )),
        }
    }
}

/// As the bytes would be.
impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <Vec<u8> as serde::Deserialize>::deserialize(deserializer).map(Self::from)
    }
}
