//! The operator's sources file (TOML): which publishers' feeds to fetch,
//! how often, and what their desks say. [`SourcesFile::parse`] checks
//! everything the pipeline relies on (ids, URLs, intervals, the media key)
//! and names the file's mistake.

use std::path::Path;

use newsdesk_feed::{Author, DeskInfo};
use serde::Deserialize;
use url::Url;

use crate::fulltext::FullText;
use crate::ids::is_valid_id;
use crate::normalize::MAX_SOURCE_ID_LEN;
use crate::signer::MIN_KEY_BYTES;

/// Refresh interval when a source names none: news moves in minutes, and
/// most publishers regenerate their feeds every 5 to 15.
pub const DEFAULT_REFRESH_MINUTES: f64 = 15.0;

/// The shortest refresh interval an operator may set: more often gains
/// readers nothing and costs publishers (tests, with loopback upstreams
/// allowed, may go lower).
pub const MIN_REFRESH_MINUTES: f64 = 1.0;

/// The operator's sources file (TOML).
///
/// ```
/// let file = newsdesk_ingest::sources::SourcesFile::parse(r#"
///     [[sources]]
///     id = "riverbank"
///     title = "Riverbank Post"
///     url = "https://riverbank.example/feed.xml"
/// "#).unwrap();
/// assert_eq!(file.sources[0].refresh_minutes, 15.0);
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    /// The newsroom's name: the News Feed's title. Default: "Newsdesk".
    #[serde(default = "default_name")]
    pub name: String,
    /// Let readers add any public feed URL through `/api/open-feed`.
    /// The same fetch rules apply. Default: false.
    #[serde(default)]
    pub open_feeds: bool,
    /// Key signing `/api/media` URLs, at least 16 characters. Set it when
    /// several proxies share one CDN, so their URLs agree. Default: a
    /// random key at each start.
    #[serde(default)]
    pub media_key: Option<String>,
    /// Test setting: fetch upstreams on loopback. Refused unless the proxy
    /// was built with the `test-upstreams` feature, which releases never are.
    #[serde(default)]
    pub allow_loopback_upstreams: bool,
    /// The sources, in the order readers see them.
    #[serde(default)]
    pub sources: Vec<SourceConfig>,
}

/// One publisher feed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Stable id, `[a-z0-9-]`: `/api/feed/{id}`, `/desk/{id}`, item id prefix.
    pub id: String,
    /// Display title.
    pub title: String,
    /// The feed's URL (http or https). A port other than 80/443 is allowed
    /// only because it is named here.
    pub url: String,
    /// Minutes between fetches, at least 1. Default: 15.
    #[serde(default = "default_refresh")]
    pub refresh_minutes: f64,
    /// What the desk card shows; each field set here overrides the feed.
    #[serde(default)]
    pub desk: Option<DeskConfig>,
    /// When items get the text of their article page: `"auto"` (items
    /// whose body is missing, short or only their summary), `"always"` or
    /// `"never"`. Default: auto.
    #[serde(default)]
    pub full_text: FullText,
}

/// The desk behind a source, as the operator describes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskConfig {
    /// e.g. "Riverbank news desk".
    pub name: Option<String>,
    /// Avatar image URL.
    pub avatar: Option<String>,
    /// A short bio.
    pub bio: Option<String>,
    /// Contact address.
    pub email: Option<String>,
}

fn default_name() -> String {
    "Newsdesk".to_owned()
}

fn default_refresh() -> f64 {
    DEFAULT_REFRESH_MINUTES
}

/// Why a sources file cannot be used; names the file's problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl SourcesFile {
    /// Reads and checks a sources file.
    pub fn load(path: &Path) -> Result<SourcesFile, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
        SourcesFile::parse(&text).map_err(|e| ConfigError(format!("{}: {e}", path.display())))
    }

    /// Parses and checks a sources file's text.
    pub fn parse(text: &str) -> Result<SourcesFile, ConfigError> {
        let file: SourcesFile = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        if file.sources.is_empty() {
            return Err(ConfigError("no [[sources]] listed".into()));
        }
        for (n, source) in file.sources.iter().enumerate() {
            let at = format!("source {} ({:?})", n + 1, source.id);
            if !is_valid_id(&source.id) || source.id.len() > MAX_SOURCE_ID_LEN {
                return Err(ConfigError(format!(
                    "{at}: id must be 1 to {} characters of a-z, 0-9 and -",
                    MAX_SOURCE_ID_LEN
                )));
            }
            if file.sources[..n].iter().any(|s| s.id == source.id) {
                return Err(ConfigError(format!("{at}: two sources share this id")));
            }
            let url = Url::parse(&source.url)
                .map_err(|e| ConfigError(format!("{at}: url is not a URL ({e})")))?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(ConfigError(format!("{at}: url must be http or https")));
            }
            let minimum = if file.allow_loopback_upstreams {
                0.01
            } else {
                MIN_REFRESH_MINUTES
            };
            if !(source.refresh_minutes >= minimum && source.refresh_minutes <= 7.0 * 24.0 * 60.0) {
                return Err(ConfigError(format!(
                    "{at}: refresh_minutes must be between {MIN_REFRESH_MINUTES} and 10080 (a week)"
                )));
            }
        }
        if let Some(key) = &file.media_key {
            if key.len() < MIN_KEY_BYTES {
                return Err(ConfigError(format!(
                    "media_key must be at least {} characters",
                    MIN_KEY_BYTES
                )));
            }
        }
        Ok(file)
    }
}

impl SourcesFile {
    /// Ports other than 80/443 that source URLs name: images on a source's
    /// own server may use them too.
    pub fn named_ports(&self) -> Vec<u16> {
        let mut ports: Vec<u16> = self
            .sources
            .iter()
            .filter_map(|s| Url::parse(&s.url).ok()?.port())
            .collect();
        ports.sort_unstable();
        ports.dedup();
        ports
    }
}

impl SourceConfig {
    /// The desk override as a JSON Feed author (only the fields the
    /// operator set), with the source id as desk id.
    pub fn desk_override(&self) -> Option<Author> {
        let desk = self.desk.as_ref()?;
        Some(Author {
            name: desk.name.clone(),
            url: None,
            avatar: desk.avatar.clone(),
            newsdesk: Some(DeskInfo {
                id: Some(self.id.clone()),
                bio: desk.bio.clone(),
                email: desk.email.clone(),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "[[sources]]\nid = \"riverbank\"\ntitle = \"Riverbank\"\nurl = \"https://riverbank.example/feed.xml\"\n";

    #[test]
    fn a_sources_file_with_a_mistake_says_which_and_where() {
        let cases = [
            ("", "no [[sources]]"),
            ("[[sources]]\nid = \"Bad Id\"\ntitle = \"T\"\nurl = \"https://a.example/\"\n", "id must be"),
            ("[[sources]]\nid = \"a\"\ntitle = \"T\"\nurl = \"ftp://a.example/\"\n", "http or https"),
            ("[[sources]]\nid = \"a\"\ntitle = \"T\"\nurl = \"not a url\"\n", "not a URL"),
            ("[[sources]]\nid = \"a\"\ntitle = \"T\"\nurl = \"https://a.example/\"\nrefresh_minutes = 0.1\n", "refresh_minutes"),
            ("[[sources]]\nid = \"a\"\ntitle = \"T\"\nurl = \"https://a.example/\"\ncolour = \"red\"\n", "unknown field"),
            ("media_key = \"short\"\n[[sources]]\nid = \"a\"\ntitle = \"T\"\nurl = \"https://a.example/\"\n", "media_key"),
        ];
        for (text, expected) in cases {
            let error = SourcesFile::parse(text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
        let twice = format!("{GOOD}{GOOD}");
        assert!(SourcesFile::parse(&twice)
            .unwrap_err()
            .0
            .contains("share this id"));
    }

    #[test]
    fn defaults_are_documented_values() {
        let file = SourcesFile::parse(GOOD).unwrap();
        assert_eq!(file.name, "Newsdesk");
        assert!(!file.open_feeds && !file.allow_loopback_upstreams && file.media_key.is_none());
        assert_eq!(file.sources[0].refresh_minutes, DEFAULT_REFRESH_MINUTES);
        assert!(file.named_ports().is_empty());
        assert_eq!(file.sources[0].full_text, FullText::Auto);
    }

    #[test]
    fn full_text_is_auto_always_or_never() {
        for (value, expected) in [
            ("auto", FullText::Auto),
            ("always", FullText::Always),
            ("never", FullText::Never),
        ] {
            let file = SourcesFile::parse(&format!("{GOOD}full_text = \"{value}\"\n")).unwrap();
            assert_eq!(file.sources[0].full_text, expected);
        }
        let error = SourcesFile::parse(&format!("{GOOD}full_text = \"sometimes\"\n")).unwrap_err();
        assert!(
            error.0.contains("full_text") || error.0.contains("unknown variant"),
            "{error}"
        );
    }
}
