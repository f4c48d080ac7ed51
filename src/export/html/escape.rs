//! Text into HTML: every string a student controls goes through here. Control and bidi
//! characters are shown escaped (`\u{202e}`), as [`crate::text::printable`] does, so that they
//! can neither reorder the page nor hide a line; the HTML specials are then entity-escaped.

use std::fmt::Write;

/// `text` on one line, safe in element content and in a quoted attribute.
pub(crate) fn inline(text: &str) -> String {
    entities(&crate::text::printable(text))
}

/// `text` for a `<pre>`: its newlines and tabs kept, every other control or bidi character
/// escaped, the HTML specials entity-escaped.
pub(crate) fn block(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            shown.push('\n');
        }
        for (index, part) in line.split('\t').enumerate() {
            if index > 0 {
                shown.push('\t');
            }
            shown.push_str(&inline(part));
        }
    }
    shown
}

/// The five characters that end an element, an attribute or an entity, escaped.
fn entities(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A duration in milliseconds as a reader wants it: `4 ms`, `2.01 s`, `57.3 s`.
pub(crate) fn duration(ms: u64) -> String {
    let mut text = String::new();
    match ms {
        0..=999 => write!(text, "{ms} ms"),
        1_000..=9_999 => write!(text, "{:.2} s", ms as f64 / 1000.0),
        10_000..=99_999 => write!(text, "{:.1} s", ms as f64 / 1000.0),
        _ => write!(text, "{} s", (ms + 500) / 1000),
    }
    .expect("writing to a String");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specials_controls_and_bidi_are_escaped() {
        assert_eq!(
            inline("<a href='x'>&\"\u{202e}\n\u{1b}[2J"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;\\u{202e}\\n\\u{1b}[2J"
        );
        assert_eq!(block("a\n\tb<\u{2066}"), "a\n\tb&lt;\\u{2066}");
    }

    #[test]
    fn scores_and_durations_read_as_people_write_them() {
        assert_eq!(duration(4), "4 ms");
        assert_eq!(duration(2013), "2.01 s");
        assert_eq!(duration(57_278), "57.3 s");
    }
}
