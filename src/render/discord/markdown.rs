//! Text made safe for Discord: Markdown and mention syntax escaped, link
//! targets that cannot break out of a link, lengths counted the way the
//! limits are, and cuts that never leave a dangling escape.

/// The length Discord's limits are checked against (UTF-16 code units).
pub fn discord_len(text: &str) -> usize {
    // ASCII text is one unit a byte; checking that is much cheaper than
    // counting UTF-16 units one character at a time.
    if text.is_ascii() {
        text.len()
    } else {
        text.encode_utf16().count()
    }
}

/// Escapes Markdown and mention syntax so stored text shows literally:
/// `**x**`, `<@&123>`, `[a](b)`, `@everyone`, `# heading`, `-# subtext`.
///
/// Every character it acts on is ASCII, so it walks the bytes and copies
/// the runs between them whole (a byte of a multi-byte character is never
/// one of them).
pub fn escape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    // Only blanks so far on this line, then only digits so far.
    let (mut line_start, mut digits_only) = (true, false);
    // Where the text not yet copied to `out` starts.
    let mut run = 0;
    for (at, &b) in bytes.iter().enumerate() {
        let escaped = match b {
            b'\\' | b'*' | b'_' | b'~' | b'`' | b'|' | b'<' | b'[' | b']' => true,
            // Block syntax only matters at the start of a line.
            b'#' | b'-' | b'>' | b'+' => line_start,
            // An ordered-list marker (`1. `) at the start of a line.
            b'.' => digits_only,
            _ => false,
        };
        if escaped {
            out.push_str(&text[run..at]);
            out.push('\\');
            run = at;
        } else if b == b'\r' {
            out.push_str(&text[run..at]);
            run = at + 1;
        } else if b == b'@' {
            // A zero-width space keeps @everyone and @here inert even
            // where a client ignores allowed_mentions when displaying.
            // `\r` is dropped from the output, so it must not hide the word.
            let mut rest = bytes[at + 1..].iter().filter(|b| **b != b'\r');
            let mut next = [0u8; 8];
            for slot in next.iter_mut() {
                *slot = rest.next().copied().unwrap_or(0);
            }
            if next.starts_with(b"everyone") || next.starts_with(b"here") {
                out.push_str(&text[run..=at]);
                out.push('\u{200b}');
                run = at + 1;
            }
        }
        match b {
            b'\n' => (line_start, digits_only) = (true, false),
            b' ' | b'\t' if line_start => {}
            d if d.is_ascii_digit() && (line_start || digits_only) => {
                (line_start, digits_only) = (false, true)
            }
            _ => (line_start, digits_only) = (false, false),
        }
    }
    out.push_str(&text[run..]);
    out
}

/// Escapes `text` and cuts it to at most `max` units, ending with `…` when
/// cut. Never leaves a dangling backslash.
pub fn escape_within(text: &str, max: usize) -> String {
    let escaped = escape(text);
    cut(&escaped, max)
}

/// Cuts already safe text to at most `max` units, ending with `…` when cut.
pub(super) fn cut(text: &str, max: usize) -> String {
    if discord_len(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let n = c.len_utf16();
        if used + n + 1 > max {
            break;
        }
        out.push(c);
        used += n;
    }
    // An odd run of trailing backslashes would escape the ellipsis.
    let trailing = out.chars().rev().take_while(|c| *c == '\\').count();
    if trailing % 2 == 1 {
        out.pop();
    }
    out.push('…');
    out
}

/// A link target Discord will not misread: only http(s), with the
/// characters that end a Markdown link or open a mention percent-encoded.
pub(super) fn safe_url(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) || url.len() > 512 {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '`' => out.push_str("%60"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// Splits `text` at whitespace into pieces of at most `max` units.
pub(super) fn split_words(text: &str, max: usize) -> Vec<String> {
    // Most statements fit whole: one piece, the text as it is.
    if discord_len(text) <= max {
        return match text.trim().is_empty() {
            true => Vec::new(),
            false => vec![text.to_string()],
        };
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    // Lengths are kept as text is added, not counted again for every word:
    // recounting made a long statement quadratic in its length.
    let mut current_len = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let word_len = discord_len(word);
        if current_len + word_len > max && !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
            current_len = 0;
        }
        if word_len > max {
            // One enormous word: cut it at character boundaries, never inside an escape.
            let mut chunk = String::new();
            let mut chunk_len = 0;
            let mut chars = word.chars().peekable();
            while let Some(c) = chars.next() {
                chunk.push(c);
                chunk_len += c.len_utf16();
                if c == '\\' {
                    if let Some(next) = chars.next() {
                        chunk.push(next);
                        chunk_len += next.len_utf16();
                    }
                }
                if chunk_len >= max - 1 {
                    pieces.push(std::mem::take(&mut chunk));
                    chunk_len = 0;
                }
            }
            current = chunk;
            current_len = chunk_len;
        } else {
            current.push_str(word);
            current_len += word_len;
        }
    }
    if !current.trim().is_empty() {
        pieces.push(current);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The escaping as first written, a character at a time (looking past
    /// an `@` without the `\r` it drops, as the byte walk now does too):
    /// the byte walk must give the same text for every input.
    fn escape_by_chars(text: &str) -> String {
        let mut out = String::new();
        let (mut line_start, mut digits_only) = (true, false);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' | '*' | '_' | '~' | '`' | '|' | '<' | '[' | ']' => {
                    out.push('\\');
                    out.push(c);
                }
                '#' | '-' | '>' | '+' if line_start => {
                    out.push('\\');
                    out.push(c);
                }
                '.' if digits_only => {
                    out.push('\\');
                    out.push(c);
                }
                '@' => {
                    out.push('@');
                    let rest: String = chars.clone().filter(|c| *c != '\r').take(8).collect();
                    if rest.starts_with("everyone") || rest.starts_with("here") {
                        out.push('\u{200b}');
                    }
                }
                '\r' => {}
                _ => out.push(c),
            }
            match c {
                '\n' => (line_start, digits_only) = (true, false),
                ' ' | '\t' if line_start => {}
                d if d.is_ascii_digit() && (line_start || digits_only) => {
                    (line_start, digits_only) = (false, true)
                }
                _ => (line_start, digits_only) = (false, false),
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn escaping_by_bytes_matches_escaping_by_characters(
            text in "([-#>+.@*_~`|<\\[\\]\\\\ \t\r\n0-9a-z]|é|☃|everyone|here|\u{1F600}){0,40}"
        ) {
            prop_assert_eq!(escape(&text), escape_by_chars(&text));
        }

        #[test]
        fn split_pieces_fit_and_join_back_into_the_text(
            text in "(word|é|☃|\u{1F600}| |\n|longerwordthanmost){0,60}",
            max in 4usize..40,
        ) {
            let pieces = split_words(&text, max);
            for piece in &pieces {
                prop_assert!(discord_len(piece) <= max, "{piece:?} is over {max}");
            }
            let joined = pieces.concat();
            prop_assert!(text.starts_with(&joined), "{joined:?} is not the start of {text:?}");
            prop_assert!(text[joined.len()..].trim().is_empty());
        }

        #[test]
        fn the_length_is_counted_in_utf16_units(text in "(a|é|☃|\u{1F600}| ){0,30}") {
            prop_assert_eq!(discord_len(&text), text.encode_utf16().count());
        }
    }

    #[test]
    fn escaping_neutralises_markdown_and_mentions() {
        assert_eq!(
            escape("**bold** <@&1> [a](b)"),
            "\\*\\*bold\\*\\* \\<@&1> \\[a\\](b)"
        );
        assert_eq!(
            escape("# title\n- item\n> quote"),
            "\\# title\n\\- item\n\\> quote"
        );
        assert_eq!(escape("2025-03-14"), "2025-03-14");
        assert_eq!(escape("hi @everyone"), "hi @\u{200b}everyone");
        assert_eq!(escape("@\reveryone"), "@\u{200b}everyone");
        assert_eq!(escape("@he\r\nre"), "@he\nre");
        assert_eq!(escape("1. first"), "1\\. first");
    }

    #[test]
    fn cutting_never_leaves_a_dangling_escape() {
        let cut = escape_within("***********", 6);
        assert!(discord_len(&cut) <= 6, "{cut}");
        assert!(!cut.trim_end_matches('…').ends_with("\\\\\\"));
        let trailing = cut
            .trim_end_matches('…')
            .chars()
            .rev()
            .take_while(|c| *c == '\\')
            .count();
        assert_eq!(trailing % 2, 0, "{cut}");
    }

    #[test]
    fn urls_cannot_break_out_of_a_link() {
        assert_eq!(
            safe_url("https://a.org/x_(y)").unwrap(),
            "https://a.org/x_%28y%29"
        );
        assert!(safe_url("javascript:alert(1)").is_none());
    }
}
