/// Reading speed used for "N min read": a common figure for adults reading
/// news on a screen (studies put it between 200 and 250 words per minute;
/// the lower end suits phones and second-language readers).
pub const WORDS_PER_MINUTE: usize = 200;

/// Whole minutes to read `words` words, rounded up and never 0: a two-line
/// update still shows "1 min read", as on the model page.
///
/// ```
/// assert_eq!(newsdesk_feed::reading_minutes_for_words(0), 1);
/// assert_eq!(newsdesk_feed::reading_minutes_for_words(201), 2);
/// ```
pub fn reading_minutes_for_words(words: usize) -> u32 {
    let minutes = words.div_ceil(WORDS_PER_MINUTE).max(1);
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

/// Counts words: runs of characters separated by whitespace that contain at
/// least one letter or digit (a lone dash is not a word).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Removes tags from an HTML fragment for counting and previews, keeping the
/// text between them. Block-level tags become spaces so words do not run
/// together. Entities are left as they are (they do not change word counts).
///
/// ```
/// assert_eq!(newsdesk_feed::strip_tags("<p>One</p><p>two</p>").split_whitespace().count(), 2);
/// ```
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Counts the words of an HTML fragment: the same number as
/// `word_count(&strip_tags(html))`, without building the stripped text.
/// Every `<` separates words, as the space [`strip_tags`] puts there does.
///
/// ```
/// let html = "<p>One <b>two</b></p><p>three - four</p>";
/// assert_eq!(newsdesk_feed::html_word_count(html), 4);
/// assert_eq!(newsdesk_feed::html_word_count(html), newsdesk_feed::word_count(&newsdesk_feed::strip_tags(html)));
/// ```
pub fn html_word_count(html: &str) -> usize {
    let bytes = html.as_bytes();
    let mut words = 0;
    // Whether a word is being read, and whether it has a letter or digit
    // (a lone dash is no word).
    let (mut in_word, mut counts) = (false, false);
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let (separates, alphanumeric) = match byte {
            b'<' => {
                // A tag: nothing up to its `>` is text (a `<` inside it
                // only separates again).
                at = bytes[at..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |end| at + end + 1);
                (true, false)
            }
            b' ' | b'\t'..=b'\r' => {
                at += 1;
                (true, false)
            }
            _ if byte.is_ascii() => {
                at += 1;
                (false, byte.is_ascii_alphanumeric())
            }
            _ => {
                let c = html[at..]
                    .chars()
                    .next()
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                at += c.len_utf8();
                (c.is_whitespace(), c.is_alphanumeric())
            }
        };
        if separates {
            words += usize::from(in_word && counts);
            (in_word, counts) = (false, false);
        } else {
            in_word = true;
            counts |= alphanumeric;
        }
    }
    words + usize::from(in_word && counts)
}
