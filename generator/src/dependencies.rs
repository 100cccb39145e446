//! The crates a generated client may depend on, each with the version and features it is asked
//! for: the one table the manifest, a build script's dependency lines and the settings' typed
//! formats all read.

/// A crate a generated client may depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dependency {
    /// HTTP.
    Reqwest,
    /// Serialization.
    Serde,
    /// JSON.
    SerdeJson,
    /// Sleeping between retries.
    Tokio,
    /// Base64 (`format: byte`, webhook signatures).
    Base64,
    /// HMAC of webhook signatures.
    Hmac,
    /// SHA-256 of webhook signatures.
    Sha2,
    /// `format: date-time` and `date` as `time`.
    Time,
    /// `format: date-time` and `date` as `chrono`.
    Chrono,
    /// `format: date-time` and `date` as `jiff`.
    Jiff,
    /// `format: uuid`.
    Uuid,
    /// The chunks of a streamed body (`{op}_stream`).
    Bytes,
    /// The `Stream` trait and `stream::unfold`, for `{op}_stream` (streamed bodies and
    /// every item of every page of paginated operations).
    FuturesUtil,
    /// rustls on *ring*, an optional dependency of a generated crate (its feature
    /// `rustls-ring`, see [`Tls::RustlsRing`]).
    Rustls,
    /// The mock server of the `mock` module, an optional dependency of a generated crate (its
    /// feature `mock`, [`MOCK`]).
    Wiremock,
    /// The spans of calls, an optional dependency of a generated crate (its feature `tracing`,
    /// [`Optional::Tracing`]).
    Tracing,
    /// Middleware around reqwest, an optional dependency of a generated crate (its feature
    /// `middleware`, [`Optional::Middleware`]).
    ReqwestMiddleware,
}

/// A TLS backend of reqwest: a feature of a generated crate, which enables it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tls {
    /// rustls on aws-lc-rs (reqwest's `rustls`), which builds `aws-lc-sys`, a C library: the
    /// default, and the backend a build script's including crate is given.
    Rustls,
    /// rustls on *ring*: reqwest's `rustls-no-provider` with the optional dependency
    /// [`Dependency::Rustls`], whose provider the client installs before it builds its
    /// `reqwest::Client`.
    RustlsRing,
    /// The platform's TLS (OpenSSL on Linux: its headers to build, `libssl-dev`).
    Native,
}

impl Tls {
    /// Every backend, as the manifest lists them.
    pub const ALL: [Tls; 3] = [Tls::Rustls, Tls::RustlsRing, Tls::Native];

    /// The generated crate's feature.
    pub fn feature(self) -> &'static str {
        match self {
            Tls::Rustls => "rustls",
            Tls::RustlsRing => "rustls-ring",
            Tls::Native => "native-tls",
        }
    }

    /// reqwest's feature.
    pub fn reqwest_feature(self) -> &'static str {
        match self {
            Tls::Rustls => "rustls",
            Tls::RustlsRing => "rustls-no-provider",
            Tls::Native => "native-tls",
        }
    }

    /// The optional dependency the feature enables besides reqwest's feature.
    pub fn dependency(self) -> Option<Dependency> {
        (self == Tls::RustlsRing).then_some(Dependency::Rustls)
    }
}

/// The generated crate's feature that passes reqwest's `http2` (off by default, as reqwest
/// without its default features).
pub const HTTP2: &str = "http2";

/// The generated crate's feature that compiles the `mock` module (the setting `mock`).
pub const MOCK: &str = "mock";

/// A feature of a generated crate that a setting adds, off by default, which compiles what the
/// setting emits and enables one optional dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Optional {
    /// The module `mock` (the setting `mock`), on wiremock.
    Mock,
    /// A span per call (the setting `tracing`).
    Tracing,
    /// `Client::with_middleware` (the setting `middleware`).
    Middleware,
}

impl Optional {
    /// The generated crate's feature.
    pub fn feature(self) -> &'static str {
        match self {
            Optional::Mock => MOCK,
            Optional::Tracing => TRACING,
            Optional::Middleware => MIDDLEWARE,
        }
    }

    /// The optional dependency it enables.
    pub fn dependency(self) -> Dependency {
        match self {
            Optional::Mock => Dependency::Wiremock,
            Optional::Tracing => Dependency::Tracing,
            Optional::Middleware => Dependency::ReqwestMiddleware,
        }
    }

    /// What it compiles, for the comment above the manifest's `[features]`.
    pub fn comment(self) -> &'static str {
        match self {
            Optional::Mock => "the typed mock server of the module `mock` (on wiremock), for tests",
            Optional::Tracing => "a `tracing` span per call, with OpenTelemetry's HTTP attributes",
            Optional::Middleware => {
                "`Client::with_middleware`, to send through a `reqwest_middleware` stack"
            }
        }
    }
}

/// The generated crate's feature that records a span per call (the setting `tracing`).
pub const TRACING: &str = "tracing";

/// The generated crate's feature that sends through reqwest-middleware (the setting
/// `middleware`).
pub const MIDDLEWARE: &str = "middleware";

/// What a client's manifest asks of one dependency.
struct Requirement {
    name: &'static str,
    version: &'static str,
    default_features: bool,
    /// Only with a feature of the generated crate that names it (`dep:`).
    optional: bool,
    /// The features always asked for.
    features: &'static [&'static str],
}

impl Dependency {
    fn requirement(self) -> Requirement {
        let (name, version, default_features, features): (_, _, _, &'static [&'static str]) =
            match self {
                // The TLS backend is a feature of the crate ([`Tls`]).
                Dependency::Reqwest => ("reqwest", "0.13", false, &["json", "query"]),
                Dependency::Serde => ("serde", "1.0.188", true, &["derive"]),
                // `float_roundtrip`: without it serde_json reads some decimal texts 1 ULP off.
                Dependency::SerdeJson => ("serde_json", "1", true, &["float_roundtrip"]),
                Dependency::Tokio => ("tokio", "1", false, &["time"]),
                Dependency::Base64 => ("base64", "0.22", true, &[]),
                Dependency::Hmac => ("hmac", "0.12", true, &[]),
                Dependency::Sha2 => ("sha2", "0.10", true, &[]),
                Dependency::Time => ("time", "0.3", true, &["formatting", "parsing"]),
                Dependency::Chrono => ("chrono", "0.4", false, &["alloc"]),
                Dependency::Jiff => ("jiff", "0.2", true, &[]),
                Dependency::Uuid => ("uuid", "1", true, &[]),
                Dependency::Bytes => ("bytes", "1", true, &[]),
                // `unfold` needs neither `std` nor `alloc`.
                Dependency::FuturesUtil => ("futures-util", "0.3", false, &[]),
                // `std` and `tls12` come with reqwest's.
                Dependency::Rustls => ("rustls", "0.23", false, &["ring"]),
                Dependency::Wiremock => ("wiremock", "0.6", true, &[]),
                // Without `attributes` (a proc macro on syn): the spans are `info_span!`s.
                Dependency::Tracing => ("tracing", "0.1", false, &["std"]),
                // reqwest 0.13's; it has no default features.
                Dependency::ReqwestMiddleware => ("reqwest-middleware", "0.5", true, &[]),
            };
        Requirement {
            name,
            version,
            default_features,
            optional: matches!(
                self,
                Dependency::Rustls
                    | Dependency::Wiremock
                    | Dependency::Tracing
                    | Dependency::ReqwestMiddleware
            ),
            features,
        }
    }

    /// The crate's name.
    pub fn name(self) -> &'static str {
        self.requirement().name
    }

    /// Its `[dependencies]` line, asking for the `extra` features beyond those always asked
    /// for: `uuid = "1"`, or an inline table.
    pub fn line(self, extra: &[&str]) -> String {
        let Requirement {
            name,
            version,
            default_features,
            optional,
            features,
        } = self.requirement();
        let mut all: Vec<&str> = features.iter().chain(extra).copied().collect();
        all.sort_unstable();
        all.dedup();
        if default_features && all.is_empty() && !optional {
            return format!("{name} = \"{version}\"");
        }
        let mut table = format!("{name} = {{ version = \"{version}\"");
        if !default_features {
            table.push_str(", default-features = false");
        }
        if !all.is_empty() {
            let quoted: Vec<String> = all.iter().map(|f| format!("\"{f}\"")).collect();
            table.push_str(&format!(", features = [{}]", quoted.join(", ")));
        }
        if optional {
            table.push_str(", optional = true");
        }
        table.push_str(" }");
        table
    }
}

#[cfg(test)]
mod tests {
    use super::Dependency;

    #[test]
    fn lines_are_a_version_or_an_inline_table() {
        assert_eq!(Dependency::Uuid.line(&[]), r#"uuid = "1""#);
        assert_eq!(
            Dependency::Reqwest.line(&["multipart", "rustls"]),
            r#"reqwest = { version = "0.13", default-features = false, features = ["json", "multipart", "query", "rustls"] }"#
        );
        assert_eq!(
            Dependency::Rustls.line(&[]),
            r#"rustls = { version = "0.23", default-features = false, features = ["ring"], optional = true }"#
        );
        assert_eq!(
            Dependency::Wiremock.line(&[]),
            r#"wiremock = { version = "0.6", optional = true }"#
        );
        assert_eq!(
            Dependency::ReqwestMiddleware.line(&[]),
            r#"reqwest-middleware = { version = "0.5", optional = true }"#
        );
        assert_eq!(
            Dependency::Serde.line(&[]),
            r#"serde = { version = "1.0.188", features = ["derive"] }"#
        );
    }
}
