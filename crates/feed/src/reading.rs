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
    /// What an ASCII byte is to a word count (non-ASCII bytes are
    /// [`OTHER`]): a letter or digit, another character of a word, a
    /// separator, or the start of a tag.
    const ALNUM: u8 = 0;
    const MARK: u8 = 1;
    const SPACE: u8 = 2;
    const TAG: u8 = 3;
    const OTHER: u8 = 4;
    const CLASS: [u8; 256] = {
        let mut class = [OTHER; 256];
        let mut b = 0;
        while b < 128 {
            class[b] = match b as u8 {
                b'<' => TAG,
                b' ' | b'\t'..=b'\r' => SPACE,
                b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => ALNUM,
                _ => MARK,
            };
            b += 1;
        }
        class
    };
    let bytes = html.as_bytes();
    let mut words = 0;
    // Whether a word is being read, and whether it has a letter or digit
    // (a lone dash is no word).
    let (mut in_word, mut counts) = (false, false);
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match CLASS[usize::from(byte)] {
            ALNUM => {
                (in_word, counts) = (true, true);
                // The word counts: what matters is where it ends, so the
                // ASCII that cannot end it (most of a text) goes in one run.
                at += 1 + bytes[at + 1..]
                    .iter()
                    .take_while(|&&b| CLASS[usize::from(b)] <= MARK)
                    .count();
            }
            MARK => {
                in_word = true;
                at += 1;
            }
            class => {
                let separates = match class {
                    SPACE => {
                        at += 1;
                        true
                    }
                    TAG => {
                        // A tag: nothing up to its `>` is text (a `<`
                        // inside it only separates again).
                        at = html[at..].find('>').map_or(bytes.len(), |end| at + end + 1);
                        true
                    }
                    _ => {
                        let c = html[at..]
                            .chars()
                            .next()
                            .unwrap_or(char::REPLACEMENT_CHARACTER);
                        at += c.len_utf8();
                        if !c.is_whitespace() {
                            in_word = true;
                            counts |= c.is_alphanumeric();
                        }
                        c.is_whitespace()
                    }
                };
                if separates {
                    words += usize::from(in_word && counts);
                    (in_word, counts) = (false, false);
                }
            }
        }
    }
    words + usize::from(in_word && counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_word_count_is_word_count_of_stripped_tags() {
        let pieces = [
            "word",
            "Київ",
            " ",
            "\t",
            "\n",
            "\u{a0}",
            "\u{2003}",
            "-",
            "—",
            "<p>",
            "</p>",
            "<a href=\"x > y\">",
            "<",
            ">",
            "&amp;",
            "1",
            "\u{1}",
            "é",
            "x-y",
            "<br/>",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap_or_default()
        };
        for _ in 0..20_000 {
            let html: String = (0..next(12)).map(|_| pieces[next(pieces.len())]).collect();
            assert_eq!(
                html_word_count(&html),
                word_count(&strip_tags(&html)),
                "{html:?}"
            );
        }
    }
}
