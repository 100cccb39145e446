use super::rustdoc_markdown;

fn fixed(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    rustdoc_markdown(&lines).join("\n")
}

#[test]
fn lazy_list_and_quote_continuations_get_their_indent() {
    assert_eq!(
        fixed("Intro:\n  * first item,\n  still the first\n* second\nstill second\n\nA paragraph."),
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
fn a_fence_indented_after_a_paragraph_line_is_text_as_rustdoc_reads_it() {
    // A description indented as a docstring (Bitbucket's), whose JSON example holds a line
    // at the margin: the indented code block ends there, and what follows goes on as text,
    // the indented fences included; after a blank line, indented lines are code again.
    let text = "Lists branches.\n        In order.\n\n        ```\n        {\n          \"m\": \"wip\n\",\n          \"next\": \"https://a.b/c?p=2\"\n        }\n        ```\n\n        Filter them:\n\n        ```\n        curl https://a.b/c\n        ```";
    assert_eq!(
        fixed(text),
        "Lists branches.\n        In order.\n\n```text\n    ```\n    {\n      \"m\": \"wip\n```\n\",\n          \"next\": \"<https://a.b/c?p=2>\"\n        }\n        ```\n\n```text\n    Filter them:\n\n    ```\n    curl https://a.b/c\n    ```\n```"
    );
    // Right after a fence that closed, or a blank line, an indented fence is not text.
    assert_eq!(
        fixed("Text\n\n```\na\n```\n```\nb\n```"),
        "Text\n\n```text\na\n```\n```text\nb\n```"
    );
}

#[test]
fn bare_urls_become_autolinks() {
    assert_eq!(
        fixed("See https://example.com/a_b. Or (http://x.org/wiki/A_(b)), then stop."),
        "See <https://example.com/a_b>. Or (<http://x.org/wiki/A_(b)>), then stop."
    );
    let untouched = "[docs](https://example.com) <https://a.b/c> `curl https://a.b/c` \
                     href=\"https://a.b\" src='https://a.b' xhttps://no\n```sh\ncurl https://in.code\n```";
    assert_eq!(fixed(untouched), untouched);
    // Quoted in text (an example's JSON) is still bare to rustdoc.
    assert_eq!(
        fixed("\"next\": \"https://a.b/c?p=2\", 'https://d.e'"),
        "\"next\": \"<https://a.b/c?p=2>\", '<https://d.e>'"
    );
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
    let untouched =
        "- [ ] to do\n- [x] done\n\n`a[0]` and \\[kept\\] and [a][b]\n\n[b]: https://b.c";
    assert_eq!(
        fixed(untouched),
        untouched.replace("https://b.c", "<https://b.c>")
    );
}

/// rustdoc takes a link whose target looks like a Rust path for an intra-doc link, and the
/// generated crate has no such item: the target becomes code.
#[test]
fn links_to_rust_paths_become_code() {
    assert_eq!(
        fixed("A [Disk][some_other_crate::api::Disk], [x](a::b), [a::b] and [Foo][]."),
        "A Disk (`some_other_crate::api::Disk`), x (`a::b`), \\[a::b\\] and `Foo`."
    );
    assert_eq!(
        fixed("[`Vec<u8>`](Vec<u8>) and [run](Client::run()) and [y](Y#field)"),
        "`Vec<u8>` and run (`Client::run()`) and y (`Y#field`)"
    );
    // A definition whose target is a path does not make its label a link.
    assert_eq!(
        fixed("See [Disk].\n\n[Disk]: api::Disk"),
        "See \\[Disk\\].\n\n[Disk]: api::Disk"
    );
    assert_eq!(
        fixed("Example: [ { \"m\": [ \"user:jose@example.com\" ] } ] and a]"),
        "Example: \\[ { \"m\": \\[ \"user:jose@example.com\" \\] } \\] and a\\]"
    );
    assert_eq!(fixed("T[hh]:[mm]"), "T\\[hh\\]:\\[mm\\]");
    // A link whose text goes on over two lines stays a link.
    let untouched =
        "see [custom media\n    type](https://a.b/c#d) or [the\ntree][t]\n\n[t]: <https://t.u>";
    assert_eq!(fixed(untouched), untouched);
    let untouched = "[a](https://a.b) [b](#anchor) [c](page.html) [d](../up) [e](mailto:x@y.z)";
    assert_eq!(fixed(untouched), untouched);
}

#[test]
fn raw_html_becomes_text_but_line_breaks() {
    assert_eq!(
        fixed("<Description> a List<String>, <b>bold</b>,</br>next<br/>and<br>\n<!-- note -->"),
        "\\<Description> a List\\<String>, \\<b>bold\\</b>,<br>next<br>and<br>\n\\<!-- note -->"
    );
    assert_eq!(
        fixed("see <a href=\"https://a.b/c\">the docs</a>, <img src=\"https://a.b/i.png\"/>"),
        "see [the docs](https://a.b/c), `<img src=\"https://a.b/i.png\"/>`"
    );
    let untouched = "a < b, a <= b, <https://a.b/c>, <x@y.z>, `List<String>` and \\<b>";
    assert_eq!(fixed(untouched), untouched);
    // In code blocks nothing changes.
    let code = "```html\n<p>hi</br>\n```";
    assert_eq!(fixed(code), code);
}

/// A badge (a link around an image) stays a link: escaped, its URL would be bare text.
#[test]
fn links_around_images_stay_links() {
    let badge = "[![Run in Postman](https://run.pstmn.io/button.svg)](https://app.getpostman.com/run-collection/123)";
    assert_eq!(fixed(badge), badge);
    let two = format!("{badge} and [![b](https://a.b/c.svg \"t\")](https://a.b/(x)) [d]");
    assert_eq!(fixed(&two), two.replace("[d]", "\\[d\\]"));
    // An image inside brackets with no target, or linking to a path, is text as before.
    assert_eq!(
        fixed("[![i](https://a.b/i.png)] and [![i](https://a.b/i.png)](a::b)"),
        "\\[![i](https://a.b/i.png)\\] and \\[![i](https://a.b/i.png)](a::b)"
    );
}

/// An HTML tag over several lines is read as one: its URL stays in an attribute (or the
/// link it becomes), never bare in the text.
#[test]
fn html_tags_over_several_lines_are_read_whole() {
    assert_eq!(
        fixed("See the <a\n  href=\"https://example.com/docs\">docs</a> here.\nNext line."),
        "See the [docs](https://example.com/docs) here.\nNext line."
    );
    assert_eq!(
        fixed("<img\n src=\"https://a.b/i.png\"\n alt=\"x\"/>"),
        "`<img src=\"https://a.b/i.png\" alt=\"x\"/>`"
    );
    // A tag is not joined with a following block, nor inside code.
    let untouched = "a List<String\n- item\n\n`<a`\nnext\n```html\n<a\nhref=\"x\">\n```";
    assert_eq!(fixed(untouched), untouched.replace("List<", "List\\<"));
}

#[test]
fn overindented_list_continuations_get_the_item_indent() {
    assert_eq!(
        fixed("- item\n     overindented\n  - nested\n        deeper\n\nafter"),
        "- item\n  overindented\n  - nested\n    deeper\n\nafter"
    );
    assert_eq!(
        fixed("* tabbed\n      * nested\n        text"),
        "* tabbed\n  * nested\n    text"
    );
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

#[test]
fn a_shell_word_is_quoted_only_when_a_shell_would_change_it() {
    use super::shell_word;
    for plain in [
        "spec/pets.yaml",
        "--tags",
        "a,b",
        "Money=my_crate::Money",
        "C:/x",
        "v1.2+3",
    ] {
        assert_eq!(shell_word(plain), plain);
    }
    for (word, quoted) in [
        (
            "*=type=link,results=$.items",
            "'*=type=link,results=$.items'",
        ),
        ("$.data[-1:].id", "'$.data[-1:].id'"),
        ("my spec.yaml", "'my spec.yaml'"),
        ("it's", "'it'\\''s'"),
        ("", "''"),
    ] {
        assert_eq!(shell_word(word), quoted, "{word}");
        // A real shell reads the word back as it was, in a folder where `*` would match.
        #[cfg(unix)]
        {
            let echoed = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf %s {}", shell_word(word)))
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .expect("sh runs");
            assert_eq!(String::from_utf8_lossy(&echoed.stdout), word);
        }
    }
}
