//! Text from the spec on its way into comments and doc attributes: characters a comment
//! cannot carry ([`sanitize`], [`is_bidi_control`]) and the Markdown that rustdoc reads
//! differently from other renderers ([`rustdoc_markdown`]). Shared by `emit` and `format`, and
//! below both.

/// Descriptions are Markdown written for any renderer; rustdoc (and clippy) read some of it
/// differently, so it is spelled out for them:
/// - a line that goes on with a list item or a quote without its indent or `>` ("lazy
///   continuation"), or with more indent than the item's text (clippy's
///   `doc_overindented_list_items`), gets the item's indent or the `>`;
/// - a code block without a language is marked `text` (rustdoc would take it for Rust);
/// - a bare URL becomes an autolink, `<https://...>` (rustdoc's `bare_urls`);
/// - raw HTML becomes text, line breaks aside ([`escaped_html`]; rustdoc's `invalid_html_tags`);
/// - brackets and links rustdoc would take for intra-doc links are escaped or become code
///   ([`linked`]; rustdoc's `broken_intra_doc_links`);
/// - tabs become four spaces (rustdoc renders them unevenly).
///
/// Code blocks are otherwise left as they are.
pub fn rustdoc_markdown<'t>(lines: &[&'t str]) -> Vec<std::borrow::Cow<'t, str>> {
    use std::borrow::Cow;
    // Tabs become spaces, and an HTML tag split over lines is put on one; then the lines are
    // read again.
    let respelled = if lines.iter().any(|l| l.contains('\t')) {
        let expanded: Vec<String> = lines.iter().map(|l| l.replace('\t', "    ")).collect();
        Some(joined_tags(&expanded).unwrap_or(expanded))
    } else {
        joined_tags(lines)
    };
    if let Some(respelled) = respelled {
        let respelled: Vec<&str> = respelled.iter().map(String::as_str).collect();
        return rustdoc_markdown(&respelled)
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
    // Labels of reference definitions (`[label]: url`): brackets around them are links, unless
    // the definition's target is a Rust path (rustdoc would resolve it).
    let definitions: Vec<String> = lines
        .iter()
        .filter_map(|l| {
            let rest = l.trim_start().strip_prefix('[')?;
            let (label, after) = rest.split_once(']')?;
            let target = after
                .strip_prefix(':')?
                .split_whitespace()
                .next()
                .unwrap_or("");
            (!is_rust_path(target)).then(|| label.to_lowercase())
        })
        .collect();
    // Text outside code: bare URLs linked, brackets that are no links escaped.
    let inline = |line: Cow<'t, str>| -> Cow<'t, str> {
        let line = autolinked(&line).map_or(line, Cow::Owned);
        let line = linked(&line, &definitions).map_or(line, Cow::Owned);
        escaped_html(&line).map_or(line, Cow::Owned)
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
    // Whether the line before was a paragraph's text (not code, a fence or a blank line).
    let mut paragraph = false;
    for (i, &line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let after_text = std::mem::replace(&mut paragraph, false);
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
        // A fence indented four or more right after a paragraph's line (outside lists and
        // quotes) goes on with the paragraph (CommonMark), as rustdoc reads it: text, not code.
        let continues_text = after_text && item.is_none() && !quote && indent_of(line) >= 4;
        if (trimmed.starts_with("```") || trimmed.starts_with("~~~")) && !continues_text {
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
        // What is left is a paragraph's text.
        paragraph = true;
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
            // An item marker indented four or more past the item's text only goes on with it:
            // it gets the item's indent (and then opens a nested item).
            if let Some(outer) = item.filter(|&outer| indent_of(line) >= outer + 4) {
                item = Some(content - indent_of(line) + outer);
                out.push(inline(Cow::Owned(format!(
                    "{}{trimmed}",
                    " ".repeat(outer)
                ))));
                continue;
            }
            item = Some(content);
            out.push(inline(Cow::Borrowed(line)));
            continue;
        }
        out.push(inline(match item {
            // Lazy (less indented) and overindented continuations both get the item's indent.
            Some(content) if indent_of(line) != content => {
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

/// `lines` with each HTML tag that opens on one line and closes on a later line of the same
/// paragraph (`<a\n  href="https://..">docs</a>`) put on one line, or `None` if there is none:
/// [`escaped_html`] reads a line at a time, and would escape the tag's parts into text, its
/// URL bare. (A line break inside a paragraph reads as a space: the text is the same.)
fn joined_tags<S: AsRef<str>>(lines: &[S]) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut changed = false;
    let mut fence = false;
    let mut open = false;
    for line in lines {
        let line = line.as_ref();
        let trimmed = line.trim_start();
        let fence_line = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if open && !fence_line && !opens_block(trimmed) {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
                open = unclosed_tag(last);
                changed = true;
                continue;
            }
        }
        fence ^= fence_line;
        out.push(line.to_string());
        open = !fence && unclosed_tag(line);
    }
    changed.then_some(out)
}

/// Whether a line (without its indent) cannot go on a paragraph: blank, a heading, a quote or
/// a list item.
fn opens_block(trimmed: &str) -> bool {
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    trimmed.is_empty()
        || trimmed.starts_with(['#', '>', '|'])
        || trimmed.starts_with("- ")
        || trimmed.starts_with("* ")
        || trimmed.starts_with("+ ")
        || (digits > 0 && trimmed[digits..].starts_with(['.', ')']))
}

/// Whether `line` ends inside an HTML tag: a `<name` (outside code) that no `>` closes.
fn unclosed_tag(line: &str) -> bool {
    if !line.contains('<') {
        return false;
    }
    let mut in_code = false;
    let mut escaped = false;
    let mut open = None;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => in_code = !in_code,
            '<' if !in_code => open = Some(i),
            '>' if !in_code => open = None,
            _ => {}
        }
    }
    open.is_some_and(|at| {
        let after = &line[at + 1..];
        let name = after
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .unwrap_or(after.len());
        after.starts_with(|c: char| c.is_ascii_alphabetic())
            && after[name..].chars().next().is_none_or(char::is_whitespace)
    })
}

/// `line` with its brackets and links made safe for rustdoc, or `None` if nothing changed.
/// rustdoc reads a link whose target looks like a Rust path as an intra-doc link, and the
/// generated crate has none of the items a description names, so:
/// - bracketed text that is no link (`[V2]`, `[a::b]`) gets `\[` and `\]`;
/// - a link whose target is a path (`[x](a::b)`, `[x][a::b]` without a definition) becomes its
///   text with the target as code: ``x (`a::b`)``, or just `` `a::b` `` when they are the same.
///
/// Inline code, escaped characters, task boxes (`[ ]`, `[x]`) and links to URLs are left alone.
fn linked(line: &str, definitions: &[String]) -> Option<String> {
    if !line.contains(['[', ']']) {
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
                rest = copy_escape(rest, &mut out);
                continue;
            }
            '[' if !in_code => {
                let inner = &rest[1..];
                if let Some(len) = image_link(inner) {
                    out.push('[');
                    out.push_str(&inner[..len]);
                    rest = &inner[len..];
                    continue;
                }
                if let Some(close) = inner
                    .find([']', '['])
                    .filter(|&at| inner[at..].starts_with(']'))
                {
                    let label = &inner[..close];
                    let after = &inner[close + 1..];
                    // `[x](target)`, `[x][label]`, `[x][]`: the target, and what follows it.
                    let target = if let Some(paren) = after.strip_prefix('(') {
                        closing_paren(paren).map(|end| {
                            let inside = paren[..end].trim();
                            let target = inside.split_whitespace().next().unwrap_or("");
                            (target.to_string(), &paren[end + 1..])
                        })
                    } else if let Some(bracket) = after.strip_prefix('[') {
                        bracket
                            .find([']', '['])
                            .filter(|&at| bracket[at..].starts_with(']'))
                            .map(|end| {
                                let reference = match &bracket[..end] {
                                    "" => label,
                                    reference => reference,
                                };
                                let defined = definitions.contains(&reference.to_lowercase());
                                // An undefined reference is taken for a Rust path by rustdoc.
                                let target = if defined { "" } else { reference };
                                (target.to_string(), &bracket[end + 1..])
                            })
                    } else {
                        None
                    };
                    match target {
                        Some((target, after)) if is_rust_path(&target) => {
                            let text = label.trim();
                            if text.trim_matches('`') == target.trim_matches('`') {
                                out.push('`');
                                out.push_str(target.trim_matches('`'));
                                out.push('`');
                            } else {
                                out.push_str(text);
                                out.push_str(" (`");
                                out.push_str(&target.replace('`', ""));
                                out.push_str("`)");
                            }
                            rest = after;
                            changed = true;
                            continue;
                        }
                        Some(_) => {
                            // A link to a URL stays as it is.
                            out.push('[');
                            out.push_str(label);
                            out.push(']');
                            rest = after;
                            continue;
                        }
                        None => {
                            // (`[label]: url` defines a link only at the start of a line.)
                            let definition = after.starts_with(':') && out.trim().is_empty();
                            let link = definition
                                || out.ends_with(']')
                                || definitions.contains(&label.to_lowercase())
                                || matches!(label, "" | " " | "x" | "X");
                            out.push_str(if link { "[" } else { "\\[" });
                            out.push_str(label);
                            out.push_str(if link { "]" } else { "\\]" });
                            changed |= !link;
                            rest = after;
                            continue;
                        }
                    }
                }
                // A `[` around more brackets is text; one that closes on no later part of
                // the line may open a link whose text goes on over the next line.
                if rest[1..].contains(']') {
                    out.push_str("\\[");
                    rest = &rest[1..];
                    changed = true;
                    continue;
                }
            }
            // A `]` before a target may close such a link; any other is text.
            ']' if !in_code && !rest[1..].starts_with(['(', '[']) => {
                out.push_str("\\]");
                rest = &rest[1..];
                changed = true;
                continue;
            }
            _ => {}
        }
        out.push(c);
        rest = &rest[width..];
    }
    changed.then_some(out)
}

/// The index of the `)` that closes a `(` just before `text` (a link target may hold `()`).
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    text.find(|c: char| {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return true,
            ')' => depth -= 1,
            _ => {}
        }
        false
    })
}

/// The length of `![alt](image)](target)` at the start of `inner` (what follows a `[`) when
/// both targets are URLs: a link around an image, as badges are written (`[![Run in
/// Postman](https://..svg)](https://..)`). It stays as it is: escaping its `[` would leave the
/// link's URL in the text, bare.
fn image_link(inner: &str) -> Option<usize> {
    let alt = inner.strip_prefix("![")?;
    let alt_end = alt.find([']', '['])?;
    let image = alt[alt_end..].strip_prefix("](")?;
    let image_end = closing_paren(image)?;
    let link = image[image_end + 1..].strip_prefix("](")?;
    let link_end = closing_paren(link)?;
    let url = |target: &str| {
        let target = target.split_whitespace().next().unwrap_or("");
        !target.is_empty() && !is_rust_path(target)
    };
    (url(&image[..image_end]) && url(&link[..link_end]))
        .then(|| inner.len() - link.len() + link_end + 1)
}

/// Whether rustdoc would try `target` (of a link) as a Rust path: no `/`, and only the
/// characters of paths, generics and disambiguators (its own test in `collect_intra_doc_links`).
fn is_rust_path(target: &str) -> bool {
    let target = target.replace('`', "");
    let path = target.split('#').next().unwrap_or("").trim();
    let path = path.strip_suffix("()").unwrap_or(path);
    let path = path.strip_suffix('!').unwrap_or(path);
    let path = path.split_once('@').map_or(path, |(_, p)| p);
    !target.contains('/')
        && !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ":_<>, !*&;".contains(c))
}

/// `<a href="URL">text</a>` at the start of `after` (what follows a `<`) as the Markdown link
/// `[text](URL)`, with the rest of the line; `None` if it is not such a link.
fn html_link(after: &str) -> Option<(String, &str)> {
    let open_end = after.find('>')?;
    let open = &after[..open_end];
    if !open.to_ascii_lowercase().starts_with("a ") {
        return None;
    }
    let (_, from_href) = open.split_once("href=\"")?;
    let (url, _) = from_href.split_once('"')?;
    let body = &after[open_end + 1..];
    let close = body.to_ascii_lowercase().find("</a>")?;
    let text = body[..close].trim();
    let plain = !url.is_empty()
        && !is_rust_path(url)
        && !url.contains([' ', '(', ')', '<', '>', '`'])
        && !text.contains(['<', '[', ']', '`']);
    plain.then(|| (format!("[{text}]({url})"), &body[close + 4..]))
}

/// `line` with raw HTML made plain text, or `None` if it has none: rustdoc warns about a tag
/// left open (`<Description>`, the `<String>` of `List<String>`) or closed without opening
/// (`</br>`), and descriptions are written for renderers that forgive both. Whether a tag is
/// balanced depends on the whole text, so rather than keep some tags and guess, every tag
/// outside code is escaped (`\<b>` shows as `<b>`): the text reads the same, unformatted.
/// Line breaks are the exception: `<br>` and `<br/>` are kept (rustdoc accepts void
/// elements) and `</br>` becomes `<br>`. Autolinks (`<https://a.b>`, `<a@b.c>`) stay links.
fn escaped_html(line: &str) -> Option<String> {
    if !line.contains('<') {
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
                rest = copy_escape(rest, &mut out);
                continue;
            }
            '<' if !in_code => {
                let after = &rest[1..];
                let tag_like = after
                    .starts_with(|c: char| c.is_ascii_alphabetic() || c == '!' || c == '?')
                    || after.starts_with("/");
                let inside = after.split('>').next().unwrap_or("");
                let autolink = after.contains('>')
                    && !inside.contains([' ', '<'])
                    && (inside.contains("://")
                        || inside.starts_with("mailto:")
                        || inside.contains('@'));
                let name = inside.trim_end_matches('/').trim().to_ascii_lowercase();
                if autolink {
                    // An autolink stays.
                } else if after.contains('>') && matches!(name.as_str(), "br" | "/br") {
                    out.push_str("<br>");
                    rest = &after[inside.len() + 1..];
                    changed |= name != "br" || inside != "br";
                    continue;
                } else if let Some((link, tail)) = html_link(after) {
                    out.push_str(&link);
                    rest = tail;
                    changed = true;
                    continue;
                } else if tag_like
                    && after.contains('>')
                    && inside.contains("://")
                    && !inside.contains('<')
                {
                    // A URL in an attribute would be a bare URL in the escaped text: the tag
                    // is shown as code.
                    out.push_str(&format!("`<{}>`", inside.replace('`', "'")));
                    rest = &after[inside.len() + 1..];
                    changed = true;
                    continue;
                } else if tag_like {
                    out.push_str("\\<");
                    rest = after;
                    changed = true;
                    continue;
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
        // An attribute's value (`href="https://..."`) is HTML's, a quoted one in text is not.
        let quoted = before.ends_with("](")
            || before.ends_with("=\"")
            || before.ends_with("='")
            || before.ends_with(['<', '=', '[', '/'])
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

/// `word` as one word of a POSIX shell command: as it is when every character is one a shell
/// leaves alone, else in single quotes (a `'` inside written `'\''`), so that a command shown
/// in a header runs as shown (`--pagination '*=type=link,results=$.items'`).
pub fn shell_word(word: &str) -> std::borrow::Cow<'_, str> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return std::borrow::Cow::Borrowed(word);
    }
    std::borrow::Cow::Owned(format!("'{}'", word.replace('\'', "'\\''")))
}

/// Characters that reorder how text is displayed; rustc refuses them in comments and literals,
/// since they can make code read differently from what it does.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Copies the backslash at the start of `rest` and the character it escapes to `out` (an escaped
/// character stays as it is), and returns what follows.
fn copy_escape<'a>(rest: &'a str, out: &mut String) -> &'a str {
    let end = 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
    out.push_str(&rest[..end]);
    &rest[end..]
}

#[cfg(test)]
mod tests;
