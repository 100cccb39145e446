//! Text from the spec on its way into comments and doc attributes: characters a comment
//! cannot carry ([`sanitize`], [`is_bidi_control`]) and the Markdown that rustdoc reads
//! differently from other renderers ([`rustdoc_markdown`]). Shared by `emit` and `format`, and
//! below both.

/// Descriptions are Markdown written for any renderer; rustdoc (and clippy) read some of it
/// differently, so it is spelled out for them:
/// - a line that goes on with a list item or a quote without its indent or `>` ("lazy
///   continuation") gets the item's indent or the `>`;
/// - a code block without a language is marked `text` (rustdoc would take it for Rust);
/// - a bare URL becomes an autolink, `<https://...>`;
/// - tabs become four spaces (rustdoc renders them unevenly).
///
/// Code blocks are otherwise left as they are.
pub fn rustdoc_markdown<'t>(lines: &[&'t str]) -> Vec<std::borrow::Cow<'t, str>> {
    use std::borrow::Cow;
    if lines.iter().any(|l| l.contains('\t')) {
        let expanded: Vec<String> = lines.iter().map(|l| l.replace('\t', "    ")).collect();
        let expanded: Vec<&str> = expanded.iter().map(String::as_str).collect();
        return rustdoc_markdown(&expanded)
            .into_iter()
            .map(|l| Cow::Owned(l.into_owned()))
            .collect();
    }
    let indent_of = |line: &str| line.len() - line.trim_start_matches(' ').len();
    // The column where a list item's text starts, if `line` opens one.
    let item_content = |line: &str| {
        let indent = indent_of(line);
        let rest = &line[indent..];
        let marker = if rest.starts_with(['*', '-', '+']) {
            1
        } else {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let closes = rest[digits..].starts_with(['.', ')']);
            if (1..=9).contains(&digits) && closes {
                digits + 1
            } else {
                return None;
            }
        };
        let after = &rest[marker..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        ((1..=4).contains(&spaces) && spaces < after.len()).then_some(indent + marker + spaces)
    };
    // Labels of reference definitions (`[label]: url`): brackets around them are links.
    let definitions: Vec<String> = lines
        .iter()
        .filter_map(|l| {
            let rest = l.trim_start().strip_prefix('[')?;
            let (label, after) = rest.split_once(']')?;
            after.starts_with(':').then(|| label.to_lowercase())
        })
        .collect();
    // Text outside code: bare URLs linked, brackets that are no links escaped.
    let inline = |line: Cow<'t, str>| -> Cow<'t, str> {
        let line = autolinked(&line).map_or(line, Cow::Owned);
        escaped_brackets(&line, &definitions).map_or(line, Cow::Owned)
    };
    let mut out = Vec::with_capacity(lines.len());
    let mut fence: Option<&str> = None;
    let mut item: Option<usize> = None;
    let mut quote = false;
    // An indented code block (four spaces after a blank line, outside a list) is fenced as
    // `text`: rustdoc would take it for Rust.
    let mut in_list = false;
    let mut previous_blank = true;
    let mut indented_code = false;
    for (i, &line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if indented_code {
            let next_is_code = lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| indent_of(l) >= 4);
            if trimmed.is_empty() && next_is_code {
                out.push(Cow::Borrowed(""));
                continue;
            }
            if !trimmed.is_empty() && indent_of(line) >= 4 {
                out.push(Cow::Borrowed(&line[4..]));
                continue;
            }
            out.push(Cow::Borrowed("```"));
            indented_code = false;
        }
        if fence.is_none() && !trimmed.is_empty() {
            let indent = indent_of(line);
            if previous_blank && indent == 0 && item_content(line).is_none() {
                in_list = false;
            }
            if previous_blank && !in_list && indent >= 4 && !quote {
                out.push(Cow::Borrowed("```text"));
                out.push(Cow::Borrowed(&line[4..]));
                indented_code = true;
                previous_blank = false;
                continue;
            }
            if item_content(line).is_some() {
                in_list = true;
            }
        }
        previous_blank = fence.is_none() && trimmed.is_empty();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            out.push(Cow::Borrowed(line));
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            (item, quote) = (None, false);
            let info = trimmed.trim_start_matches(['`', '~']).trim();
            if info.is_empty() {
                let indent = &line[..line.len() - trimmed.len()];
                out.push(Cow::Owned(format!("{indent}{}text", trimmed.trim_end())));
            } else {
                out.push(Cow::Borrowed(line));
            }
            continue;
        }
        if trimmed.is_empty() {
            (item, quote) = (None, false);
            out.push(Cow::Borrowed(line));
            continue;
        }
        if trimmed.starts_with('>') {
            (item, quote) = (None, true);
            out.push(inline(Cow::Borrowed(line)));
            continue;
        }
        if quote {
            out.push(inline(Cow::Owned(format!("> {trimmed}"))));
            continue;
        }
        if let Some(content) = item_content(line) {
            item = Some(content);
            out.push(inline(Cow::Borrowed(line)));
            continue;
        }
        out.push(inline(match item {
            Some(content) if indent_of(line) < content => {
                Cow::Owned(format!("{}{trimmed}", " ".repeat(content)))
            }
            _ => Cow::Borrowed(line),
        }));
    }
    if indented_code {
        out.push(Cow::Borrowed("```"));
    }
    out
}

/// `line` with `\[` and `\]` around bracketed text that is no Markdown link (rustdoc would
/// look for a Rust item named `V2` in `[V2]`), or `None` if there is none. Inline code and task
/// boxes (`[ ]`, `[x]`) are left alone.
fn escaped_brackets(line: &str, definitions: &[String]) -> Option<String> {
    if !line.contains('[') {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 4);
    let mut changed = false;
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let width = c.len_utf8();
        match c {
            '`' => in_code = !in_code,
            '\\' => {
                // An escaped character stays as it is.
                let escaped = rest[width..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&rest[..width + escaped]);
                rest = &rest[width + escaped..];
                continue;
            }
            '[' if !in_code => {
                let inner = &rest[1..];
                if let Some(close) = inner
                    .find([']', '['])
                    .filter(|&at| inner[at..].starts_with(']'))
                {
                    let label = &inner[..close];
                    let after = &inner[close + 1..];
                    // (`[text][label]`: the label's brackets follow the text's.)
                    let link = after.starts_with(['(', '[', ':'])
                        || out.ends_with(']')
                        || definitions.contains(&label.to_lowercase())
                        || matches!(label, "" | " " | "x" | "X");
                    if !link {
                        out.push_str("\\[");
                        out.push_str(label);
                        out.push_str("\\]");
                        rest = after;
                        changed = true;
                        continue;
                    }
                }
            }
            _ => {}
        }
        out.push(c);
        rest = &rest[width..];
    }
    changed.then_some(out)
}

/// `line` with its bare URLs written `<url>`, or `None` if it has none. A URL in a Markdown
/// link (`](`), in an autolink or HTML attribute, or in inline code is not bare.
fn autolinked(line: &str) -> Option<String> {
    if !line.contains("http://") && !line.contains("https://") {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    let mut changed = false;
    let mut in_code = false;
    while let Some(at) = ["http://", "https://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let before = &rest[..at];
        in_code ^= before.matches('`').count() % 2 == 1;
        let quoted = before.ends_with("](")
            || before.ends_with(['<', '"', '\'', '=', '[', '/'])
            || before.ends_with(|c: char| c.is_alphanumeric());
        let tail = &rest[at..];
        let mut end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '\'' | '|'))
            .unwrap_or(tail.len());
        // Punctuation that ends a sentence ends the URL; `)` only when the URL opened none.
        while end > 0 {
            let last = tail[..end].chars().next_back().unwrap_or(' ');
            let opens = tail[..end].matches('(').count();
            let closes = tail[..end].matches(')').count();
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '*' | '_')
                || (last == ')' && closes > opens)
            {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        out.push_str(before);
        let url = &tail[..end];
        if in_code || quoted || url.len() <= "https://".len() {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
            changed = true;
        }
        // Backticks inside the URL's span count too.
        in_code ^= url.matches('`').count() % 2 == 1;
        rest = &tail[end..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Control characters (other than tab) cannot be carried through a `///` comment; they are
/// shown escaped instead.
pub fn sanitize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if (c.is_control() && c != '\t') || is_bidi_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that reorder how text is displayed; rustc refuses them in comments and literals,
/// since they can make code read differently from what it does.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::rustdoc_markdown;

    fn fixed(text: &str) -> String {
        let lines: Vec<&str> = text.lines().collect();
        rustdoc_markdown(&lines).join("\n")
    }

    #[test]
    fn lazy_list_and_quote_continuations_get_their_indent() {
        assert_eq!(
            fixed(
                "Intro:\n  * first item,\n  still the first\n* second\nstill second\n\nA paragraph."
            ),
            "Intro:\n  * first item,\n    still the first\n* second\n  still second\n\nA paragraph."
        );
        assert_eq!(
            fixed("1. one\ngoes on\n10) ten\n  goes on"),
            "1. one\n   goes on\n10) ten\n    goes on"
        );
        assert_eq!(fixed("> quoted\nand more"), "> quoted\n> and more");
    }

    #[test]
    fn code_blocks_without_a_language_are_text() {
        assert_eq!(
            fixed("Example:\n```\nconst x = 1;\n```\n  ~~~\n  y\n  ~~~\n```js\nz\n```"),
            "Example:\n```text\nconst x = 1;\n```\n  ~~~text\n  y\n  ~~~\n```js\nz\n```"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            fixed("See https://example.com/a_b. Or (http://x.org/wiki/A_(b)), then stop."),
            "See <https://example.com/a_b>. Or (<http://x.org/wiki/A_(b)>), then stop."
        );
        let untouched = "[docs](https://example.com) <https://a.b/c> `curl https://a.b/c` \
                         href=\"https://a.b\" xhttps://no\n```sh\ncurl https://in.code\n```";
        assert_eq!(fixed(untouched), untouched);
    }

    #[test]
    fn indented_code_blocks_are_fenced_as_text() {
        assert_eq!(
            fixed("Run:\n\n    kubectl create \\\n      --x\n\n    more\n\nDone."),
            "Run:\n\n```text\nkubectl create \\\n  --x\n\nmore\n```\n\nDone."
        );
        // In a list, indented text belongs to the item.
        let list = "- item\n\n    still the item\n- next";
        assert_eq!(fixed(list), list);
    }

    #[test]
    fn brackets_that_are_no_links_are_escaped() {
        assert_eq!(
            fixed(
                "In favor of _Repositories [V2]_, see [docs](https://a.b) and [ref].\n\n[ref]: https://r.s"
            ),
            "In favor of _Repositories \\[V2\\]_, see [docs](https://a.b) and [ref].\n\n[ref]: <https://r.s>"
        );
        let untouched = "- [ ] to do\n- [x] done\n\n`a[0]` and \\[kept\\] and [a][b]";
        assert_eq!(fixed(untouched), untouched);
    }

    /// Any text goes through without a panic (slicing at a character boundary), and what
    /// comes out is the text again, give or take spaces, backslashes, `<>`, `>` and fences.
    #[test]
    fn any_text_goes_through() {
        const PIECES: &[&str] = &[
            "[",
            "]",
            "(",
            ")",
            "`",
            "```",
            "~~~",
            "\\",
            "http://",
            "https://a.b",
            "<",
            ">",
            "- ",
            "1. ",
            "    ",
            "\t",
            "\n",
            "\n\n",
            "é",
            "日本",
            "🦀",
            ".",
            ":",
            "x",
            " ",
            "_",
            "*",
        ];
        let mut state = 0x2545_f491_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut longest = 0;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..next() % 24 {
                text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            longest = longest.max(text.len());
            let lines: Vec<&str> = text.lines().collect();
            let out = rustdoc_markdown(&lines).join("\n");
            let letters = |t: &str| {
                t.chars()
                    .filter(|c| c.is_alphanumeric() && *c != 't' && *c != 'e' && *c != 'x')
                    .collect::<String>()
            };
            assert_eq!(letters(&out), letters(&text), "{text:?} -> {out:?}");
        }
        assert!(longest > 40, "the texts are not trivial");
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(fixed("a\tb\n-\titem\nmore"), "a    b\n-    item\n     more");
    }

    #[test]
    fn other_text_is_left_alone() {
        let untouched = "-1 means none\n*emphasis* here\n2020 was a year\n\n\
                         - item\n\n  indented paragraph\nplain\n\
                         ```text\n- not a list\nin code\n```\nafter";
        assert_eq!(fixed(untouched), untouched);
    }
}
