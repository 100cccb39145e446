//! The runtime of paginated operations, emitted into a client's `client` module only when some
//! operation has a `_stream` method (each function only when called): `every_page` makes the
//! stream of every item of every page from a function that fetches one page, `next_link`
//! reads the `rel="next"` target of an RFC 8288 `Link` header, and `next_url` resolves the next
//! page's URL against the URL of the page that named it. The import below serves this file's
//! own check (`check.rs`).
//!
//! rustfmt leaves this file as it is written (`check.rs`), like `client.rs`.

use super::Error;

/// Every item of every page, in order. `fetch` fetches a page: the first with `None`, then
/// each with what the page before named (a cursor, an offset or a URL); it returns the page's
/// items and what names the next page, `None` on the last. The stream ends after an empty page
/// or a page that names no next one; an error ends it after the items of the pages before;
/// a page named twice ends it with `Error::Pagination` rather than a loop.
fn every_page<'a, C, T, E, F, P>(fetch: F) -> impl futures_util::Stream<Item = Result<T, Error<E>>> + 'a
where
    C: Clone + PartialEq + std::fmt::Display + 'a,
    T: 'a,
    E: 'a,
    F: FnMut(Option<C>) -> P + 'a,
    P: std::future::Future<Output = Result<(Vec<T>, Option<C>), Error<E>>> + 'a,
{
    // The fetcher, the next page to fetch (`None` once there is none), the pages named so
    // far, the items left of the last page, and a page named twice.
    let start = (fetch, Some(None), Vec::new(), Vec::new().into_iter(), None);
    futures_util::stream::unfold(start, |state| async move {
        let (mut fetch, mut next, mut seen, mut items, mut repeated) = state;
        loop {
            if let Some(item) = items.next() {
                return Some((Ok(item), (fetch, next, seen, items, repeated)));
            }
            if let Some(page) = repeated.take() {
                let reason = format!("the server named the same next page twice: `{page}`");
                return Some((Err(Error::Pagination { reason }), (fetch, None, seen, items, None)));
            }
            let page = next.take()?;
            let (page_items, after) = match fetch(page).await {
                Ok(page) => page,
                Err(error) => return Some((Err(error), (fetch, None, seen, items, None))),
            };
            if page_items.is_empty() {
                return None;
            }
            items = page_items.into_iter();
            match after {
                Some(after) if seen.contains(&after) => repeated = Some(after),
                Some(after) => {
                    seen.push(after.clone());
                    next = Some(Some(after));
                }
                None => {}
            }
        }
    })
}

/// The target of the `rel="next"` link of a `Link` header (RFC 8288), as written: links are
/// separated by commas (not those inside `<>` or quotes), parameters may be quoted, and `rel`
/// is a list of relation types separated by spaces, compared without regard to case.
fn next_link(header: &str) -> Option<&str> {
    /// `text` cut at each `separator` outside quotes and `<>`.
    fn split(text: &str, separator: char) -> Vec<&str> {
        let mut parts = Vec::new();
        let (mut start, mut quoted, mut escaped, mut bracketed) = (0, false, false, false);
        for (i, c) in text.char_indices() {
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' if quoted => escaped = true,
                '"' if !bracketed => quoted = !quoted,
                '<' if !quoted => bracketed = true,
                '>' if !quoted => bracketed = false,
                c if c == separator && !quoted && !bracketed => {
                    parts.push(&text[start..i]);
                    start = i + c.len_utf8();
                }
                _ => {}
            }
        }
        parts.push(&text[start..]);
        parts
    }
    for link in split(header, ',') {
        let Some((target, params)) = link.trim().strip_prefix('<').and_then(|l| l.split_once('>')) else {
            continue;
        };
        // Only the first `rel` counts (RFC 8288, 3.3).
        let rel = split(params, ';')
            .into_iter()
            .filter_map(|param| param.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("rel"));
        let Some((_, value)) = rel else {
            continue;
        };
        let value = value.trim();
        let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
        if value.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("next")) {
            return Some(target.trim());
        }
    }
    None
}

/// The next page's URL, when a page is named: `next` as the server wrote it, absolute or
/// relative to `base` (the URL of the page that named it).
// It takes the `Option` so that no method holds a closure returning its operation's `Error`,
// which clippy's `result_large_err` finds large in big APIs (GitHub's); generic in `E`, this is
// not linted.
fn next_url<E, T: AsRef<str> + ?Sized>(base: &str, next: Option<&T>) -> Result<Option<String>, Error<E>> {
    let Some(next) = next.map(AsRef::as_ref) else {
        return Ok(None);
    };
    reqwest::Url::parse(base)
        .and_then(|base| base.join(next))
        .map(|url| Some(String::from(url)))
        .map_err(|error| Error::Pagination {
            reason: format!("the next page's URL `{next}` cannot be read: {error}"),
        })
}

/// The runtime's own tests (the generator takes its functions alone).
#[cfg(test)]
mod tests {
    use super::*;

    /// `next_link` on real-world `Link` headers (GitHub's shape, several links, quoted and bare
    /// parameters, commas inside `<>` and quotes, `rel` lists, any case), against a crates.io
    /// parser (`parse_link_header`) where it reads them too.
    #[test]
    fn next_link_reads_the_rel_next_target() {
        let github = r#"<https://api.github.com/repositories/1300192/issues?page=2>; rel="next", <https://api.github.com/repositories/1300192/issues?page=118>; rel="last""#;
        let middle = r#"<https://api.github.com/repositories/1300192/issues?page=1>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=3>; rel="next", <https://api.github.com/repositories/1300192/issues?page=118>; rel="last", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first""#;
        let last_page = r#"<https://api.github.com/repositories/1300192/issues?page=117>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first""#;
        let cases: &[(&str, Option<&str>)] = &[
            (github, Some("https://api.github.com/repositories/1300192/issues?page=2")),
            (middle, Some("https://api.github.com/repositories/1300192/issues?page=3")),
            (last_page, None),
            ("</items?page=2>; rel=next", Some("/items?page=2")),
            ("<a?x=1,2>; rel=\"next\"", Some("a?x=1,2")),
            (r#"<a>; title="x, y; rel=next", <b>; rel="next""#, Some("b")),
            ("<a>; REL=\"Last NEXT\"", Some("a")),
            ("<a>;rel=\"next\";rel=\"prev\"", Some("a")),
            ("<a>; rel=\"prev\"; title=\"next\"", None),
            ("<a>; rel=\"nextpage\"", None),
            ("", None),
            ("garbage", None),
            ("<unclosed; rel=next", None),
        ];
        for (header, expected) in cases {
            assert_eq!(next_link(header), *expected, "{header}");
        }
        // The headers the independent parser reads (one relation per link) agree with it.
        for header in [github, middle, last_page, "</items?page=2>; rel=next"] {
            let theirs = parse_link_header::parse_with_rel(header).expect("a Link header");
            let theirs = theirs.get("next").map(|link| link.raw_uri.as_str());
            assert_eq!(next_link(header), theirs, "{header}");
        }
    }

    /// A relative next page resolves against the page that named it; one that is not a URL is
    /// `Error::Pagination`.
    #[test]
    fn next_urls_resolve_against_the_page() {
        let next = |base: &str, next: &str| next_url::<(), str>(base, Some(next)).map(Option::unwrap_or_default).map_err(|e| match e {
            Error::Pagination { reason } => reason,
            _ => "another error".to_string(),
        });
        let base = "http://127.0.0.1:9/repos/o/r/issues?page=1";
        assert_eq!(next(base, "/repositories/1?page=2").as_deref(), Ok("http://127.0.0.1:9/repositories/1?page=2"));
        assert_eq!(next(base, "?page=2").as_deref(), Ok("http://127.0.0.1:9/repos/o/r/issues?page=2"));
        assert_eq!(next(base, "https://example.com/a").as_deref(), Ok("https://example.com/a"));
        assert!(next("not a url", "/a").unwrap_err().contains("`/a` cannot be read"));
        assert!(matches!(next_url::<(), str>("not a url", None), Ok(None)));
    }
}
