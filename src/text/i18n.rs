//! Interface text in English and Ukrainian. The language comes from the
//! browser (`navigator.languages`), can be switched in Display, and is
//! kept in `localStorage` and a cookie (for the proxy's first paint).
//! Content (headlines, articles) stays in the language the newsroom wrote
//! it in.
//!
//! The words the first paint writes too (the chrome, a story row, an
//! article's header) are `newsdesk_page`'s [`Words`]; the app's own are
//! [`Text`], through [`Interface`].

use leptos::prelude::*;

use crate::api::ApiError;
use crate::state::marks::Notice;
use crate::state::preferences::{local, set_local};
use crate::state::store::StoreError;

const LANGUAGE_KEY: &str = "newsdesk.language";

pub use newsdesk_page::{Language, Words};

/// The app's own words in a [`Language`]; the words the proxy's first paint
/// writes too are [`Language::words`] (`newsdesk_page`).
pub trait Interface: Copy {
    /// The interface strings.
    fn text(self) -> &'static Text;
    /// "N new stories".
    fn new_stories(self, n: usize) -> String;
    /// "N stories".
    fn stories(self, n: usize) -> String;
    /// What an OPML import did: `total` feeds read, `matched` to desks
    /// here (now followed), `added` as the reader's own, `missing` (their
    /// titles) not offered here.
    fn import_result(self, total: usize, matched: usize, added: usize, missing: &[&str]) -> String;
    /// An OPML file with no feeds in it.
    fn import_empty(self) -> &'static str;
    /// The browser refused the OPML download.
    fn download_refused(self) -> &'static str;
    /// An error's headline.
    fn error_headline(self, error: &ApiError) -> &'static str;
    /// An error explained, with what to do.
    fn error_message(self, error: &ApiError) -> String;
    /// A storage notice: what happened and what to do.
    fn notice(self, notice: &Notice) -> String;
    /// "1,234 views" (a YouTube video's count).
    fn views(self, n: u64) -> String;
}

impl Interface for Language {
    /// The interface strings.
    fn text(self) -> &'static Text {
        match self {
            Language::En => &EN,
            Language::Uk => &UK,
        }
    }

    /// "N new stories".
    fn new_stories(self, n: usize) -> String {
        match (self, n) {
            (Language::En, 1) => "1 new story".to_string(),
            (Language::En, n) => format!("{n} new stories"),
            (Language::Uk, n) => format!("Нових матеріалів: {n}"),
        }
    }

    /// "1,234 views", digits grouped as each language writes them.
    fn views(self, n: u64) -> String {
        let digits = n.to_string();
        let separator = match self {
            Language::En => ",",
            // A no-break space, as Ukrainian groups thousands.
            Language::Uk => "\u{a0}",
        };
        let mut grouped = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push_str(separator);
            }
            grouped.push(digit);
        }
        match (self, n) {
            (Language::En, 1) => "1 view".to_string(),
            (Language::En, _) => format!("{grouped} views"),
            (Language::Uk, _) => format!("Переглядів: {grouped}"),
        }
    }

    /// "N stories".
    fn stories(self, n: usize) -> String {
        match (self, n) {
            (Language::En, 1) => "1 story".to_string(),
            (Language::En, n) => format!("{n} stories"),
            (Language::Uk, n) => format!("Матеріалів: {n}"),
        }
    }

    /// What an OPML import did: `total` feeds read, `matched` to desks
    /// here (now followed), `added` as the reader's own, `missing` (their
    /// titles) not offered here.
    fn import_result(self, total: usize, matched: usize, added: usize, missing: &[&str]) -> String {
        let mut text = match (self, total) {
            (Language::En, 1) => format!("Imported 1 feed: {matched} matched a desk here and followed."),
            (Language::En, n) => format!("Imported {n} feeds: {matched} matched a desk here and followed."),
            (Language::Uk, n) => format!("Імпортовано стрічок: {n}. Збіглися з редакціями тут і додані до стеження: {matched}."),
        };
        if added > 0 {
            text.push_str(&match (self, added) {
                (Language::En, 1) => " 1 other feed was added to your News Feed.".to_string(),
                (Language::En, n) => format!(" {n} other feeds were added to your News Feed."),
                (Language::Uk, n) => format!(" Інших стрічок додано до вашої стрічки новин: {n}."),
            });
        }
        if !missing.is_empty() {
            let label = match self {
                Language::En => "Not offered by this Newsdesk",
                Language::Uk => "Цей Newsdesk не пропонує",
            };
            text.push_str(&format!(" {label}: {}.", missing.join(", ")));
        }
        text
    }

    /// An OPML file with no feeds in it.
    fn import_empty(self) -> &'static str {
        match self {
            Language::En => "That file lists no feeds. Choose an OPML file exported from a feed reader.",
            Language::Uk => "У цьому файлі немає стрічок. Виберіть файл OPML, експортований із програми для читання новин.",
        }
    }

    /// The browser refused the OPML download.
    fn download_refused(self) -> &'static str {
        match self {
            Language::En => "Your browser did not allow the download.",
            Language::Uk => "Ваш браузер не дозволив завантаження.",
        }
    }

    /// A fetch error's headline.
    fn error_headline(self, error: &ApiError) -> &'static str {
        match self {
            Language::En => error.headline(),
            Language::Uk => match error {
                ApiError::Network(_) => "Немає зв'язку з Newsdesk",
                ApiError::Offline => "Ви офлайн",
                ApiError::NotAvailableOffline => "Недоступно офлайн",
                ApiError::NotFound => "Не знайдено",
                ApiError::Server(_) => "Помилка на сервері",
                ApiError::BadFeed(_) => "Цю стрічку не вдалося прочитати",
            },
        }
    }

    /// A fetch error's explanation: what happened and what to do.
    fn error_message(self, error: &ApiError) -> String {
        match self {
            Language::En => error.to_string(),
            Language::Uk => match error {
                ApiError::Network(_) => {
                    "Newsdesk не зміг з'єднатися із сервером. Перевірте з'єднання і спробуйте ще раз.".to_string()
                }
                ApiError::Offline => "Для цього потрібне з'єднання, а копії на цьому пристрої ще немає. Відкриті та збережені матеріали доступні.".to_string(),
                ApiError::NotAvailableOffline => "Цей матеріал не відкривали і не зберігали, поки був зв'язок, тож копії на пристрої немає. Під'єднайтеся, щоб прочитати.".to_string(),
                ApiError::NotFound => "Такої сторінки чи матеріалу немає (більше немає).".to_string(),
                ApiError::Server(status) => format!("Сервер відповів помилкою ({status}). Спробуйте трохи згодом."),
                ApiError::BadFeed(why) => format!("Сервер надіслав стрічку, яку не вдалося прочитати: {why}"),
            },
        }
    }

    /// A storage notice, in this language: what happened and what to do.
    fn notice(self, notice: &Notice) -> String {
        match (self, notice) {
            (Language::En, Notice::Store(error)) => error.to_string(),
            (Language::En, Notice::StorageCleared) => "Your device's storage for Newsdesk is full: older stories were removed from this device to make room. Saved stories are kept.".to_string(),
            (Language::Uk, Notice::Store(StoreError::Unavailable)) => "Цей браузер не дозволяє Newsdesk зберігати матеріали офлайн.".to_string(),
            (Language::Uk, Notice::Store(StoreError::Full)) => "Сховище Newsdesk на вашому пристрої заповнене, тож цей матеріал не вдалося зберегти офлайн. Видаліть кілька збережених матеріалів і спробуйте ще раз.".to_string(),
            (Language::Uk, Notice::Store(StoreError::Failed(why))) => format!("Не вдалося зберегти цей матеріал офлайн ({why})."),
            (Language::Uk, Notice::StorageCleared) => "Сховище Newsdesk на вашому пристрої заповнене: старіші матеріали видалено з пристрою, щоб звільнити місце. Збережені матеріали залишилися.".to_string(),
        }
    }
}

/// Every fixed string of the interface.
#[allow(missing_docs)]
#[derive(Debug)]
pub struct Text {
    pub skip: &'static str,
    pub theme: &'static str,
    pub system: &'static str,
    pub light: &'static str,
    pub dark: &'static str,
    pub text_size: &'static str,
    pub smaller: &'static str,
    pub larger: &'static str,
    pub language: &'static str,
    pub loading_news: &'static str,
    pub loading_article: &'static str,
    pub loading_desk: &'static str,
    pub loading_videos: &'static str,
    pub loading_desks: &'static str,
    pub loading_sources: &'static str,
    pub loading_topic: &'static str,
    pub loading_saved: &'static str,
    pub loading_search: &'static str,
    pub retry: &'static str,
    pub show_more: &'static str,
    pub try_again: &'static str,
    pub loading: &'static str,
    pub no_stories: &'static str,
    pub all_read: &'static str,
    pub link_copied: &'static str,
    pub read_more: &'static str,
    pub latest_from: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub more_stories: &'static str,
    pub topic: &'static str,
    pub your_feeds: &'static str,
    pub remove: &'static str,
    pub load_on_scroll: &'static str,
    pub offline_title: &'static str,
    pub offline_body: &'static str,
    pub update_ready: &'static str,
    pub reload: &'static str,
    pub dismiss: &'static str,
    pub stale_title: &'static str,
    pub stale_body: &'static str,
    pub some_desks: &'static str,
    pub saved_title: &'static str,
    pub nothing_saved: &'static str,
    pub search_placeholder: &'static str,
    pub unread_only: &'static str,
    pub saved_only: &'static str,
    pub desk: &'static str,
    pub any: &'static str,
    pub type_to_search: &'static str,
    pub no_match: &'static str,
    pub sources_intro: &'static str,
    pub following: &'static str,
    pub muted: &'static str,
    pub export_opml: &'static str,
    pub import_opml: &'static str,
    pub unreachable: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    /// A YouTube video's card while offline: no player, this instead.
    pub video_offline: &'static str,
    pub shortcuts_title: &'static str,
    pub close: &'static str,
    pub shortcuts: [(&'static str, &'static str); 8],
}

/// English.
pub static EN: Text = Text {
    skip: "Skip to content",
    theme: "Theme",
    system: "System",
    light: "Light",
    dark: "Dark",
    text_size: "Article text size",
    smaller: "Smaller text",
    larger: "Larger text",
    language: "Language",
    loading_news: "Loading the latest news…",
    loading_article: "Loading the article…",
    loading_desk: "Loading the desk…",
    loading_videos: "Loading videos…",
    loading_desks: "Loading desks…",
    loading_sources: "Loading the sources…",
    loading_topic: "Loading the topic…",
    loading_saved: "Opening your saved stories…",
    loading_search: "Gathering the stories on this device…",
    retry: "Retry",
    show_more: "Show More",
    try_again: "Try again",
    loading: "Loading…",
    no_stories: "No stories here yet.",
    all_read: "You have read every story shown here. Show More, or turn off “Hide read”.",
    link_copied: "Link copied",
    read_more: "Read more",
    latest_from: "Latest from",
    previous: "← Previous",
    next: "Next →",
    more_stories: "More stories",
    topic: "Topic",
    your_feeds: "Feeds you added",
    remove: "Remove",
    load_on_scroll: "Load more stories as I scroll",
    offline_title: "You're offline. ",
    offline_body: "Stories you opened or saved are still here; new ones will load when you're back online.",
    update_ready: "A new version is available — ",
    reload: "Reload",
    dismiss: "Dismiss",
    stale_title: "Showing the last saved copy. ",
    stale_body: "could not be reached just now; newer stories will appear when it is back.",
    some_desks: "Some desks",
    saved_title: "Saved stories",
    nothing_saved: "Nothing saved yet. Press Save on a story to keep it on this device, for reading without a connection.",
    search_placeholder: "Search stories on this device",
    unread_only: "Unread only",
    saved_only: "Saved only",
    desk: "Desk",
    any: "Any",
    type_to_search: "stories on this device. Type to search them.",
    no_match: "No stories on this device match. Stories you open or save are searchable, also offline.",
    sources_intro: "Follow the desks you want in your News Feed; muted desks stay out of it. Take your list to another reader as OPML, or bring one here.",
    following: "Following",
    muted: "Muted",
    export_opml: "Export followed (OPML)",
    import_opml: "Import OPML…",
    unreachable: "could not be reached just now",
    not_found_title: "Page not found",
    not_found_body: "There is no page at this address. It may have moved, or the link may be mistyped.",
    back_home: "Back to the News Feed",
    video_offline: "This video needs a connection. Connect to play it.",
    shortcuts_title: "Keyboard shortcuts",
    close: "Close",
    shortcuts: [
        ("j", "Next story"),
        ("k", "Previous story"),
        ("o / Enter", "Open the story"),
        ("s", "Save or unsave the story"),
        ("m", "Mark the story read or unread"),
        ("/", "Search"),
        ("g h", "Go to the News Feed"),
        ("?", "Show these shortcuts"),
    ],
};

/// Ukrainian.
pub static UK: Text = Text {
    skip: "Перейти до змісту",
    theme: "Тема",
    system: "Як у системі",
    light: "Світла",
    dark: "Темна",
    text_size: "Розмір тексту статей",
    smaller: "Менший текст",
    larger: "Більший текст",
    language: "Мова",
    loading_news: "Завантажуємо свіжі новини…",
    loading_article: "Завантажуємо статтю…",
    loading_desk: "Завантажуємо редакцію…",
    loading_videos: "Завантажуємо відео…",
    loading_desks: "Завантажуємо редакції…",
    loading_sources: "Завантажуємо джерела…",
    loading_topic: "Завантажуємо тему…",
    loading_saved: "Відкриваємо збережене…",
    loading_search: "Збираємо матеріали на цьому пристрої…",
    retry: "Спробувати ще",
    show_more: "Показати більше",
    try_again: "Спробувати ще",
    loading: "Завантаження…",
    no_stories: "Тут поки немає матеріалів.",
    all_read: "Ви прочитали все, що тут показано. Натисніть «Показати більше» або вимкніть «Сховати прочитане».",
    link_copied: "Посилання скопійовано",
    read_more: "Читати більше",
    latest_from: "Останнє від",
    previous: "← Попередній",
    next: "Наступний →",
    more_stories: "Інші матеріали",
    topic: "Тема",
    your_feeds: "Ваші стрічки",
    remove: "Прибрати",
    load_on_scroll: "Довантажувати новини під час прокручування",
    offline_title: "Ви офлайн. ",
    offline_body: "Відкриті та збережені матеріали доступні; нові з'являться, щойно повернеться зв'язок.",
    update_ready: "Доступна нова версія — ",
    reload: "Оновити",
    dismiss: "Закрити",
    stale_title: "Показуємо останню збережену копію. ",
    stale_body: "зараз недоступне; нові матеріали з'являться, коли зв'язок відновиться.",
    some_desks: "Деякі редакції",
    saved_title: "Збережені матеріали",
    nothing_saved: "Поки нічого не збережено. Натисніть «Зберегти» на матеріалі, щоб читати його без зв'язку.",
    search_placeholder: "Пошук матеріалів на цьому пристрої",
    unread_only: "Лише непрочитані",
    saved_only: "Лише збережені",
    desk: "Редакція",
    any: "Будь-яка",
    type_to_search: "— стільки матеріалів на пристрої. Введіть запит.",
    no_match: "На цьому пристрої нічого не знайдено. Відкриті та збережені матеріали можна шукати й офлайн.",
    sources_intro: "Обирайте редакції для своєї стрічки; приглушені до неї не потрапляють. Перенесіть список в інший застосунок як OPML або завантажте свій.",
    following: "Стежу",
    muted: "Приглушено",
    export_opml: "Експорт (OPML)",
    import_opml: "Імпорт OPML…",
    unreachable: "зараз недоступне",
    not_found_title: "Сторінку не знайдено",
    not_found_body: "За цією адресою нічого немає. Можливо, сторінку перенесли або в посиланні помилка.",
    back_home: "До стрічки новин",
    video_offline: "Для цього відео потрібне з'єднання. Під'єднайтеся, щоб його відтворити.",
    shortcuts_title: "Клавіатурні скорочення",
    close: "Закрити",
    shortcuts: [
        ("j", "Наступний матеріал"),
        ("k", "Попередній матеріал"),
        ("o / Enter", "Відкрити матеріал"),
        ("s", "Зберегти чи прибрати"),
        ("m", "Позначити прочитаним чи ні"),
        ("/", "Пошук"),
        ("g h", "До стрічки новин"),
        ("?", "Показати скорочення"),
    ],
};

/// The interface language, as a signal (context).
#[derive(Debug, Clone, Copy)]
pub struct I18n(pub RwSignal<Language>);

impl I18n {
    /// Picks the stored or the browser's language, keeps `<html lang>` and
    /// the stored choice in step, and provides it as context.
    ///
    /// Without a stored choice the language is the first of
    /// `navigator.languages` the interface has, the rule the proxy applies
    /// to `Accept-Language` for the first paint ([`Language::negotiate`]).
    /// A choice is also kept in a cookie, so that the first paint is
    /// written in it.
    pub fn provide() -> I18n {
        let stored = local(LANGUAGE_KEY)
            .and_then(|tag| Language::of_tag(&tag))
            .or_else(cookie_choice);
        let language = stored.unwrap_or_else(browser_language);
        if stored.is_some() {
            remember(language);
        }
        let i18n = I18n(RwSignal::new(language));
        Effect::new(move |previous: Option<Language>| {
            let language = i18n.0.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", language.tag());
            }
            // Store only a choice the reader made, not the browser's default.
            if previous.is_some_and(|p| p != language) {
                set_local(LANGUAGE_KEY, language.tag());
                remember(language);
            }
            language
        });
        provide_context(i18n);
        i18n
    }

    /// The current language (reactive).
    pub fn language(&self) -> Language {
        self.0.get()
    }

    /// The current strings (reactive).
    pub fn t(&self) -> &'static Text {
        self.0.get().text()
    }

    /// The current words shared with the first paint (reactive).
    pub fn w(&self) -> &'static Words {
        self.0.get().words()
    }
}

/// The first of the browser's languages that the interface has.
fn browser_language() -> Language {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Language::default();
    };
    let languages: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .chain(navigator.language())
        .collect();
    Language::negotiate(languages.iter().map(String::as_str))
}

/// The choice kept in the cookie, when `localStorage` has none (it was
/// cleared, or is unavailable): the proxy reads the cookie, so the app must
/// too, or the first paint and the app would disagree.
fn cookie_choice() -> Option<Language> {
    use wasm_bindgen::JsCast;
    let document = document().dyn_into::<web_sys::HtmlDocument>().ok()?;
    Language::from_cookie(&document.cookie().ok()?)
}

/// Keeps the reader's choice in the cookie the proxy reads
/// ([`newsdesk_page::LANGUAGE_COOKIE`]) for a year.
fn remember(language: Language) {
    use wasm_bindgen::JsCast;
    if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
        let cookie = format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            newsdesk_page::LANGUAGE_COOKIE,
            language.tag()
        );
        let _ = document.set_cookie(&cookie);
    }
}

/// The app's [`I18n`]; outside the app, English.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n(RwSignal::new(Language::En)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the offline store's errors reached the banner as their
    /// English `Display`, in the Ukrainian interface too.
    #[test]
    fn storage_notices_are_written_in_the_interface_language() {
        let notices = [
            Notice::Store(StoreError::Unavailable),
            Notice::Store(StoreError::Full),
            Notice::Store(StoreError::Failed("AbortError: x".into())),
            Notice::StorageCleared,
        ];
        for notice in &notices {
            let en = Language::En.notice(notice);
            let uk = Language::Uk.notice(notice);
            assert_ne!(en, uk, "{notice:?}");
            let latin_words = uk
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
                .filter(|w| !["Newsdesk", "AbortError", "x"].contains(w))
                .collect::<Vec<_>>();
            assert!(latin_words.is_empty(), "{notice:?}: {uk}");
        }
        assert!(Language::En
            .notice(&Notice::Store(StoreError::Full))
            .contains("storage for Newsdesk is full"));
        assert!(Language::Uk
            .notice(&Notice::StorageCleared)
            .contains("Збережені матеріали залишилися"));
    }

    #[test]
    fn the_opml_import_report_is_in_the_readers_language() {
        let en = Language::En.import_result(3, 1, 1, &["Weir Notes"]);
        assert_eq!(
            en,
            "Imported 3 feeds: 1 matched a desk here and followed. 1 other feed was added to your News Feed. Not offered by this Newsdesk: Weir Notes."
        );
        let uk = Language::Uk.import_result(3, 1, 1, &["Weir Notes"]);
        assert!(uk.starts_with("Імпортовано стрічок: 3."), "{uk}");
        assert!(
            uk.ends_with("Цей Newsdesk не пропонує: Weir Notes."),
            "{uk}"
        );
        assert_eq!(
            Language::En.import_result(1, 1, 0, &[]),
            "Imported 1 feed: 1 matched a desk here and followed."
        );
    }

    #[test]
    fn counts_and_errors_read_naturally_in_both_languages() {
        let uk = Language::Uk;
        assert_eq!(Language::En.new_stories(1), "1 new story");
        assert_eq!(Language::En.new_stories(3), "3 new stories");
        assert_eq!(
            uk.error_headline(&ApiError::NotAvailableOffline),
            "Недоступно офлайн"
        );
    }

    #[test]
    fn view_counts_are_grouped_in_each_languages_way() {
        for (n, en, uk) in [
            (0, "0 views", "Переглядів: 0"),
            (1, "1 view", "Переглядів: 1"),
            (999, "999 views", "Переглядів: 999"),
            (48_213, "48,213 views", "Переглядів: 48\u{a0}213"),
            (
                1_234_567,
                "1,234,567 views",
                "Переглядів: 1\u{a0}234\u{a0}567",
            ),
        ] {
            assert_eq!(Language::En.views(n), en);
            assert_eq!(Language::Uk.views(n), uk);
        }
        assert_ne!(
            Language::En.text().video_offline,
            Language::Uk.text().video_offline
        );
    }

    #[test]
    fn both_languages_fill_every_shortcut() {
        for language in Language::ALL {
            assert!(language
                .text()
                .shortcuts
                .iter()
                .all(|(k, d)| !k.is_empty() && !d.is_empty()));
        }
    }
}
