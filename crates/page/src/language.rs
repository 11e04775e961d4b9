//! The languages of the interface and the words both sides write in them:
//! the page's chrome, a story row, its byline and Save button, and an
//! article's header. The app's own strings (menus, errors, notices) stay in
//! the app (`src/text/i18n.rs`); these are the ones the proxy's first paint
//! needs too, so they exist once.

use newsdesk_feed::{civil_date, short_date};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Ukrainian.
    Uk,
}

/// The cookie the app writes when the reader picks a language, so that the
/// proxy's first paint is written in it too (`newsdesk-language=uk`).
pub const LANGUAGE_COOKIE: &str = "newsdesk-language";

impl Language {
    /// Every language, in menu order.
    pub const ALL: [Language; 2] = [Language::En, Language::Uk];

    /// The BCP 47 tag (`<html lang>`, storage, the cookie).
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Uk => "uk",
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Uk => "Українська",
        }
    }

    /// The language of a BCP 47 tag, if it is one of ours (`uk-UA` is
    /// Ukrainian; `de` is none).
    pub fn of_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Language::ALL
            .into_iter()
            .find(|l| primary.eq_ignore_ascii_case(l.tag()))
    }

    /// Ukrainian for `uk…` tags, English otherwise.
    pub fn from_tag(tag: &str) -> Language {
        Language::of_tag(tag).unwrap_or_default()
    }

    /// The first of the reader's languages, most preferred first, that the
    /// interface has; English when none is.
    ///
    /// The app passes `navigator.languages`; the proxy the
    /// `Accept-Language` header through [`Language::from_accept_language`]:
    /// the browser writes both from the one list, so both sides pick the
    /// same language.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Language {
        preferred
            .into_iter()
            .find_map(Language::of_tag)
            .unwrap_or_default()
    }

    /// The language an `Accept-Language` header asks for: its tags by
    /// quality (`q=0` refused; equal qualities in the order written), then
    /// [`Language::negotiate`]. Anything unreadable counts as absent.
    ///
    /// ```
    /// use newsdesk_page::Language;
    /// assert_eq!(Language::from_accept_language("uk-UA,uk;q=0.9,en;q=0.8"), Language::Uk);
    /// assert_eq!(Language::from_accept_language("de, en;q=0.5, uk;q=0.7"), Language::Uk);
    /// assert_eq!(Language::from_accept_language("uk;q=0, en"), Language::En);
    /// assert_eq!(Language::from_accept_language(""), Language::En);
    /// ```
    pub fn from_accept_language(header: &str) -> Language {
        let mut tags: Vec<(u16, usize, &str)> = header
            .split(',')
            .take(32)
            .enumerate()
            .filter_map(|(index, part)| {
                let mut fields = part.split(';');
                let tag = fields.next()?.trim();
                let quality = fields
                    .find_map(|f| f.trim().strip_prefix("q="))
                    .map_or(Some(1000), quality)?;
                (quality > 0 && !tag.is_empty()).then_some((quality, index, tag))
            })
            .collect();
        tags.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        Language::negotiate(tags.into_iter().map(|(_, _, tag)| tag))
    }

    /// The language saved in a `Cookie` header ([`LANGUAGE_COOKIE`]), if
    /// the reader picked one.
    ///
    /// ```
    /// use newsdesk_page::Language;
    /// assert_eq!(Language::from_cookie("a=b; newsdesk-language=uk"), Some(Language::Uk));
    /// assert_eq!(Language::from_cookie("newsdesk-language=xx"), None);
    /// ```
    pub fn from_cookie(header: &str) -> Option<Language> {
        header.split(';').find_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            (name.trim() == LANGUAGE_COOKIE)
                .then(|| Language::of_tag(value.trim()))
                .flatten()
        })
    }

    /// The words of this language.
    pub fn words(self) -> &'static Words {
        match self {
            Language::En => &EN,
            Language::Uk => &UK,
        }
    }

    /// "N min read" (never 0).
    pub fn min_read(self, minutes: u32) -> String {
        let minutes = minutes.max(1);
        match self {
            Language::En => format!("{minutes} min read"),
            Language::Uk => format!("{minutes} хв читання"),
        }
    }

    /// How long ago `then` was at `now` (both Unix seconds): "just now",
    /// "5 min ago", "3 h ago", "yesterday", "4 days ago"; older than a week,
    /// or ahead of `now` by five minutes or more (a wrong clock), the date.
    ///
    /// Counted in whole clock minutes, so that any two clocks in the same
    /// minute write the same words: the proxy's first paint and the app
    /// that takes over from it agree.
    pub fn relative_time(self, then: i64, now: i64) -> String {
        let minutes = now.div_euclid(60) - then.div_euclid(60);
        let (hours, days) = (minutes / 60, minutes / 1_440);
        match (self, minutes) {
            (_, i64::MIN..=-5) | (_, 10_080..) => self.short_date(then),
            (Language::En, -4..=0) => "just now".to_owned(),
            (Language::En, 1..=59) => format!("{minutes} min ago"),
            (Language::En, 60..=1_439) => format!("{hours} h ago"),
            (Language::En, 1_440..=2_879) => "yesterday".to_owned(),
            (Language::En, _) => format!("{days} days ago"),
            (Language::Uk, -4..=0) => "щойно".to_owned(),
            (Language::Uk, 1..=59) => format!("{minutes} хв тому"),
            (Language::Uk, 60..=1_439) => format!("{hours} год тому"),
            (Language::Uk, 1_440..=2_879) => "учора".to_owned(),
            (Language::Uk, _) => format!("{days} дн. тому"),
        }
    }

    /// "20 Nov 2026" / "20 лист. 2026" (UTC).
    pub fn short_date(self, unix: i64) -> String {
        match self {
            Language::En => short_date(unix),
            Language::Uk => {
                let (y, m, d) = civil_date(unix);
                let month = usize::try_from(m - 1).map_or("", |m| UK_MONTHS[m % 12]);
                format!("{d} {month} {y}")
            }
        }
    }

    /// The exact time, for hover and articles: "20 Nov 2026, 08:15 UTC".
    pub fn full_date(self, unix: i64) -> String {
        let secs = unix.rem_euclid(86_400);
        format!(
            "{}, {:02}:{:02} UTC",
            self.short_date(unix),
            secs / 3_600,
            (secs % 3_600) / 60
        )
    }

    /// Save's icon, label and tooltip, saved or not.
    pub fn save_words(self, saved: bool) -> (&'static str, &'static str, &'static str) {
        let words = self.words();
        if saved {
            ("★", words.saved_button, words.unsave_title)
        } else {
            ("☆", words.save, words.save_title)
        }
    }
}

/// A quality value (`0.8`) in thousandths; `None` if it is not one.
fn quality(q: &str) -> Option<u16> {
    let value: f32 = q.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

const UK_MONTHS: [&str; 12] = [
    "січ.",
    "лют.",
    "берез.",
    "квіт.",
    "трав.",
    "черв.",
    "лип.",
    "серп.",
    "верес.",
    "жовт.",
    "лист.",
    "груд.",
];

/// The words both the proxy's first paint and the app write.
#[allow(missing_docs)]
#[derive(Debug)]
pub struct Words {
    pub main_nav: &'static str,
    pub news_feed: &'static str,
    pub saved: &'static str,
    pub search: &'static str,
    pub sources: &'static str,
    pub display: &'static str,
    pub footer: &'static str,
    pub hide_read: &'static str,
    pub our_desks: &'static str,
    pub save: &'static str,
    pub saved_button: &'static str,
    pub save_title: &'static str,
    pub unsave_title: &'static str,
    pub read_mark: &'static str,
    pub mark_read: &'static str,
    pub mark_unread: &'static str,
    pub share: &'static str,
    pub video: &'static str,
    pub topics: &'static str,
    pub updated: &'static str,
    pub by: &'static str,
    /// A story's desk when its feed names none.
    pub newsroom: &'static str,
    /// A story's headline when it has neither title nor summary.
    pub untitled: &'static str,
    /// An article's page title when the story has no title.
    pub article: &'static str,
    /// Under a story whose text the proxy took from the article page.
    pub text_from_page: &'static str,
    /// Under a story of which the feed gave only a summary.
    pub text_from_summary: &'static str,
    /// The link to the story on the publisher's site.
    pub read_at_publisher: &'static str,
    /// The label of a video's click-to-play button (its only play label:
    /// the symbol beside it is drawn by CSS and hidden from readers).
    pub play_video: &'static str,
    /// The name of a podcast episode's player, before its title.
    pub listen: &'static str,
}

/// English.
pub static EN: Words = Words {
    main_nav: "Main",
    news_feed: "News Feed",
    saved: "Saved",
    search: "Search",
    sources: "Sources",
    display: "Display",
    footer: "Newsdesk — an offline-first news reader. Demo content is fictional.",
    hide_read: "Hide read",
    our_desks: "Our desks",
    save: "Save",
    saved_button: "Saved",
    save_title: "Save for offline reading",
    unsave_title: "Remove from saved stories",
    read_mark: "Read",
    mark_read: "Mark as read",
    mark_unread: "Mark as unread",
    share: "Share",
    video: "Video",
    topics: "Topics",
    updated: "Updated",
    by: "by",
    newsroom: "Newsroom",
    untitled: "Untitled update",
    article: "Article",
    text_from_page: "Full text from the publisher's page.",
    text_from_summary: "The publisher's feed gives only this summary.",
    read_at_publisher: "Read at the publisher",
    play_video: "Play video",
    listen: "Listen",
};

/// Ukrainian.
pub static UK: Words = Words {
    main_nav: "Головне меню",
    news_feed: "Стрічка новин",
    saved: "Збережене",
    search: "Пошук",
    sources: "Джерела",
    display: "Вигляд",
    footer: "Newsdesk — читач новин, що працює й офлайн. Демо-матеріали вигадані.",
    hide_read: "Сховати прочитане",
    our_desks: "Наші редакції",
    save: "Зберегти",
    saved_button: "Збережено",
    save_title: "Зберегти для читання офлайн",
    unsave_title: "Прибрати зі збереженого",
    read_mark: "Прочитано",
    mark_read: "Позначити прочитаним",
    mark_unread: "Позначити непрочитаним",
    share: "Поділитися",
    video: "Відео",
    topics: "Теми",
    updated: "Оновлено",
    by: "автор:",
    newsroom: "Редакція",
    untitled: "Оновлення без назви",
    article: "Стаття",
    text_from_page: "Повний текст зі сторінки видавця.",
    text_from_summary: "Стрічка видавця дає лише цей короткий виклад.",
    read_at_publisher: "Читати на сайті видавця",
    play_video: "Відтворити відео",
    listen: "Слухати",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_naturally_in_both_languages() {
        let now = 1_795_162_500; // 2026-11-20T08:15:00Z
        let cases = [
            (now, "just now", "щойно"),
            (now - 59, "1 min ago", "1 хв тому"),
            (now - 300, "5 min ago", "5 хв тому"),
            (now - 3_540, "59 min ago", "59 хв тому"),
            // 07:15:01 is in the clock minute an hour before 08:15.
            (now - 3_599, "1 h ago", "1 год тому"),
            (now - 3_600, "1 h ago", "1 год тому"),
            (now - 7_200, "2 h ago", "2 год тому"),
            (now - 86_340, "23 h ago", "23 год тому"),
            (now - 86_400, "yesterday", "учора"),
            (now - 3 * 86_400, "3 days ago", "3 дн. тому"),
            (now + 120, "just now", "щойно"),
        ];
        for (then, en, uk) in cases {
            assert_eq!(Language::En.relative_time(then, now), en, "{}", now - then);
            assert_eq!(Language::Uk.relative_time(then, now), uk, "{}", now - then);
        }
        let month_ago = now - 30 * 86_400;
        assert_eq!(
            Language::En.relative_time(month_ago, now),
            short_date(month_ago)
        );
        assert_eq!(
            Language::En.relative_time(now + 600, now),
            short_date(now + 600)
        );
    }

    #[test]
    fn two_clocks_in_the_same_minute_write_the_same_words() {
        let then = 1_795_162_530; // 08:15:30
        let minute = 1_795_162_500 + 7 * 60; // 08:22:00
        for second in 0..60 {
            assert_eq!(
                Language::En.relative_time(then, minute + second),
                "7 min ago"
            );
        }
    }

    #[test]
    fn dates_and_reading_times_in_both_languages() {
        let now = 1_795_162_500;
        assert_eq!(Language::Uk.short_date(now), "20 лист. 2026");
        assert_eq!(Language::Uk.full_date(now), "20 лист. 2026, 08:15 UTC");
        assert_eq!(Language::En.full_date(now), "20 Nov 2026, 08:15 UTC");
        assert_eq!(Language::Uk.min_read(0), "1 хв читання");
        assert_eq!(Language::En.min_read(0), "1 min read");
        assert_eq!(Language::En.min_read(7), "7 min read");
    }

    #[test]
    fn the_readers_languages_pick_the_interface() {
        for (tag, want) in [
            ("uk", Language::Uk),
            ("uk-UA", Language::Uk),
            ("UK", Language::Uk),
            ("en-US", Language::En),
            ("de", Language::En),
            ("ukr", Language::En),
            ("", Language::En),
        ] {
            assert_eq!(Language::from_tag(tag), want, "{tag}");
        }
        assert_eq!(Language::negotiate(["de-DE", "uk", "en"]), Language::Uk);
        assert_eq!(Language::negotiate(["fr"]), Language::En);
        for (header, want) in [
            ("uk-UA,uk;q=0.9,en-US;q=0.8,en;q=0.7", Language::Uk),
            ("en-GB,en;q=0.9,uk;q=0.8", Language::En),
            ("de;q=1.0, uk;q=0.4, en;q=0.3", Language::Uk),
            ("en;q=0.2, uk;q=0.9", Language::Uk),
            ("*", Language::En),
            ("uk;q=bad, en", Language::En),
            (";;;,,,", Language::En),
        ] {
            assert_eq!(Language::from_accept_language(header), want, "{header}");
        }
        assert_eq!(
            Language::from_cookie("newsdesk-language=en"),
            Some(Language::En)
        );
        assert_eq!(
            Language::from_cookie(" x=1 ;newsdesk-language = uk "),
            Some(Language::Uk)
        );
        assert_eq!(Language::from_cookie("other-language=uk"), None);
        assert_eq!(Language::from_cookie(""), None);
    }

    #[test]
    fn both_languages_write_every_word() {
        for language in Language::ALL {
            let w = language.words();
            for word in [
                w.main_nav,
                w.news_feed,
                w.saved,
                w.search,
                w.sources,
                w.display,
                w.footer,
                w.hide_read,
                w.our_desks,
                w.save,
                w.saved_button,
                w.save_title,
                w.unsave_title,
                w.read_mark,
                w.mark_read,
                w.mark_unread,
                w.share,
                w.video,
                w.topics,
                w.updated,
                w.by,
                w.newsroom,
                w.untitled,
                w.article,
                w.play_video,
                w.listen,
            ] {
                assert!(!word.trim().is_empty(), "{language:?}");
            }
        }
        assert_ne!(EN.save, UK.save);
    }
}
