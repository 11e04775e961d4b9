//! What a news page wraps its story in, taken out before Readability
//! scores the page: ad slots, share bars, newsletter and paywall boxes,
//! cookie banners, forms and their controls, and blocks that are mostly
//! links (related stories, "most read", tables of contents).
//!
//! Readability leaves such blocks in when they sit inside the story's
//! container, where every news site puts its in-body ads. The rules go by
//! whole words of `class` and `id` (`ad-slot`, `article-body__ad`,
//! `share-bar`), never by substrings (`header`, `shadow`, `load`), and
//! never take a block that holds most of the page's paragraph text: that
//! is the story, whatever its class says (`article paywall`).

use std::collections::HashMap;

use dom_query::{Document, NodeId, NodeRef};

/// Words of `class` and `id` that name an advertisement.
const AD_WORDS: [&str; 10] = [
    "ad",
    "ads",
    "adslot",
    "adunit",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "sponsor",
    "sponsored",
];

/// Words of `class` and `id` that name the page's furniture around a story.
const CHROME_WORDS: [&str; 20] = [
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "paywall",
    // `pay-wall`, `member-wall`, `reg-wall`: the box that says the rest
    // is for members, which sits after a teaser's last paragraph.
    "wall",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "related",
    "recommended",
    "trending",
    "popular",
    "promo",
    "toolbar",
    "breadcrumb",
    "breadcrumbs",
];

/// Elements that are never part of a story as a reader reads it.
const NEVER_STORY: &str = "form, button, input, select, textarea, label, dialog, \
    [role=dialog], [role=alertdialog], div[aria-hidden=true], aside[aria-hidden=true]";

/// A block whose text is at least this share links is a list of links.
const LINK_LIST_DENSITY: f64 = 0.8;

/// Fewer links than this is a sentence with a link, not a list of links.
const LINK_LIST_MIN_LINKS: usize = 3;

/// Text sizes under a node, counted once in one walk of the page.
#[derive(Debug, Default, Clone, Copy)]
struct Sizes {
    text: usize,
    link_text: usize,
    paragraph_text: usize,
    links: usize,
}

/// Takes the furniture out of `doc` (see the module documentation).
pub(super) fn strip(doc: &Document) {
    doc.select(NEVER_STORY).remove();
    let root = doc.root();
    let nodes: Vec<NodeRef<'_>> = root.descendants_it().collect();
    let sizes = sizes(&nodes);
    let story = sizes.get(&root.id).map_or(0, |s| s.paragraph_text);
    let mut doomed = Vec::new();
    for node in &nodes {
        if !node.is_element()
            || ["html", "body", "article", "main"]
                .iter()
                .any(|n| node.has_name(n))
        {
            continue;
        }
        let Some(size) = sizes.get(&node.id) else {
            continue;
        };
        // The story itself, whatever its class says.
        if size.paragraph_text * 2 > story {
            continue;
        }
        // Ids are often made from a section's heading ("sharing-history",
        // "related-work"): only ad words count there.
        let furniture = words(node, &["class", "data-testid"])
            .iter()
            .any(|w| AD_WORDS.contains(&w.as_str()) || CHROME_WORDS.contains(&w.as_str()))
            || words(node, &["id"])
                .iter()
                .any(|w| AD_WORDS.contains(&w.as_str()));
        // A heading over links ("More opinion", "Read next"), or a rail:
        // a bare list of links inside a story is the story's.
        let headed = || {
            node.children_it(false)
                .any(|c| ["h2", "h3", "h4"].iter().any(|h| c.has_name(h)))
        };
        let link_list = size.links >= LINK_LIST_MIN_LINKS
            && size.text > 0
            && size.link_text as f64 >= LINK_LIST_DENSITY * size.text as f64
            && (["aside", "nav"].iter().any(|n| node.has_name(n))
                || (["section", "div"].iter().any(|n| node.has_name(n)) && headed()));
        if furniture || link_list {
            doomed.push(node);
        }
    }
    for node in doomed {
        node.remove_from_parent();
    }
}

/// The words of an element's `attributes` (`class`, `id`,
/// `data-testid`), lower case, split at spaces, hyphens, underscores and
/// camel-case humps (`ShareTools_gift__v3NxW` is `share`, `tools`,
/// `gift`, `v3`, `nx`, `w`).
fn words(node: &NodeRef<'_>, attributes: &[&str]) -> Vec<String> {
    let mut words = Vec::new();
    for &attribute in attributes {
        let Some(value) = node.attr(attribute) else {
            continue;
        };
        let mut word = String::new();
        let mut previous_lower = false;
        for c in value.chars() {
            let boundary = c.is_whitespace() || c == '-' || c == '_';
            if (boundary || (c.is_ascii_uppercase() && previous_lower)) && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            if !boundary {
                word.push(c.to_ascii_lowercase());
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// How alike a heading and the page's title are, each way, when the
/// heading is the page's headline: Readability's own threshold.
const HEADLINE_SIMILARITY: f64 = 0.75;

/// Takes the page's headline out of `doc` (readers see the title above
/// the article already) and puts a copy of `title` (the title Readability
/// will use) first in `<body>` instead.
///
/// Readability takes out the first `h1` or `h2` whose words are all in
/// the title, as the headline. A short subhead passes that test ("Power"
/// under "…tomorrow's power blocks…") and went from the story whenever
/// the real headline sat in a block Readability had dropped first (a
/// `<header class="post-header">`). Here the headline is a heading alike
/// to the title both ways, and the copy is what Readability's rule takes.
pub(super) fn headline_out(doc: &Document, title: &str) {
    let title = title.trim();
    // With no title Readability takes out no heading, so neither do we.
    if title.is_empty() {
        return;
    }
    let headline = doc.select("h1, h2").nodes().iter().copied().find(|h| {
        let text = h.text();
        similarity(title, &text) > HEADLINE_SIMILARITY
            && similarity(&text, title) > HEADLINE_SIMILARITY
    });
    if let Some(headline) = headline {
        headline.remove_from_parent();
    }
    if let Some(body) = doc.select("body").nodes().first() {
        let copy = doc.tree.new_element("h2");
        copy.set_text(title);
        body.prepend_child(&copy);
    }
}

/// How much of `b` is words of `a`: 1.0 when `a` contains `b`, else the
/// share of `b`'s word characters in words `a` also has (Readability's
/// measure, words split at anything not a letter or digit).
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    if a.trim().is_empty() || b.trim().is_empty() {
        return 0.0;
    }
    if a.contains(b.trim()) {
        return 1.0;
    }
    let split = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let in_a: std::collections::HashSet<String> = split(&a).into_iter().collect();
    let words_b = split(&b);
    let total: usize = words_b.iter().map(|w| w.chars().count()).sum();
    if total == 0 {
        return 0.0;
    }
    let shared: usize = words_b
        .iter()
        .filter(|w| in_a.contains(*w))
        .map(|w| w.chars().count())
        .sum();
    shared as f64 / total as f64
}

/// A `<figure>` with a caption: a candidate for the story's lead picture,
/// which many pages set above the story's container, where Readability
/// never looks.
#[derive(Debug, Clone)]
pub(super) struct Figure {
    /// Every address its image is given at (`src`, `data-src`, `srcset`
    /// candidates, a `<noscript>` copy's), without their queries.
    sources: Vec<String>,
    /// Its caption, as plain text.
    pub caption: String,
}

impl Figure {
    /// Whether `image` (an absolute or page-relative address) is one of
    /// this figure's, sizes and queries aside.
    pub fn shows(&self, image: &str) -> bool {
        let image = without_query(image);
        self.sources
            .iter()
            .any(|s| s.ends_with(image) || image.ends_with(s.as_str()))
    }
}

/// The captioned figures of a page, in document order, at most
/// [`MAX_FIGURES`].
pub(super) fn figures(doc: &Document) -> Vec<Figure> {
    let mut figures = Vec::new();
    for figure in doc.select("figure").nodes().iter().take(MAX_FIGURES) {
        let figure = dom_query::Selection::from(*figure);
        let caption = figure.select("figcaption").text();
        let caption = caption.split_whitespace().collect::<Vec<_>>().join(" ");
        if caption.is_empty() {
            continue;
        }
        let mut sources = Vec::new();
        for image in figure.select("img, source").nodes() {
            for name in ["src", "data-src", "srcset", "data-srcset"] {
                if let Some(value) = image.attr(name) {
                    sources.extend(
                        value
                            .split(',')
                            .filter_map(|c| c.split_whitespace().next())
                            .filter(|c| !c.starts_with("data:"))
                            .map(|c| without_query(c).to_owned()),
                    );
                }
            }
        }
        if !sources.is_empty() {
            figures.push(Figure { sources, caption });
        }
    }
    figures
}

/// Figures looked at for the lead: the lead is among a page's first few.
const MAX_FIGURES: usize = 16;

fn without_query(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let url = &url[..end];
    // Compare by path: the scheme and host may be written differently.
    url.split_once("//").map_or(url, |(_, rest)| {
        rest.find('/').map_or(rest, |at| &rest[at..])
    })
}

/// Text, link text and paragraph text under every node, from the leaves
/// up: `nodes` is in document order, so each node comes after its parent
/// and walking it backwards adds every child before its parent is read.
fn sizes(nodes: &[NodeRef<'_>]) -> HashMap<NodeId, Sizes> {
    let mut sizes: HashMap<NodeId, Sizes> = HashMap::with_capacity(nodes.len());
    for node in nodes.iter().rev() {
        let mut own = sizes.get(&node.id).copied().unwrap_or_default();
        if node.is_text() {
            own.text = node.text().trim().len();
        } else if node.has_name("a") {
            own.link_text = own.text;
            own.links += 1;
        } else if node.has_name("p") {
            own.paragraph_text = own.text;
        }
        sizes.insert(node.id, own);
        if let Some(parent) = node.parent() {
            let up = sizes.entry(parent.id).or_default();
            up.text += own.text;
            up.link_text += own.link_text;
            up.paragraph_text += own.paragraph_text;
            up.links += own.links;
        }
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(html: &str) -> String {
        let doc = Document::from(html);
        strip(&doc);
        doc.select("body")
            .text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn furniture_goes_by_whole_words_and_the_story_stays_whatever_its_class() {
        let story = "<p>The ferry ran all night while the crews repaired the bridge cables and the dispatchers kept a log.</p>".repeat(4);
        let cases = [
            (format!("<div class=\"ad-slot\">Advertisement</div>{story}"), "Advertisement", false),
            (format!("<div class=\"article-body__ad\">Advertisement</div>{story}"), "Advertisement", false),
            (format!("<div class=\"ShareTools_root__fQ2n1\">Gift this article</div>{story}"), "Gift this", false),
            (format!("<div data-testid=\"share-tools\">Share now</div>{story}"), "Share now", false),
            (format!("<form><label>Your email</label></form>{story}"), "Your email", false),
            (format!("<section><h2>Read next</h2><ul><li><a href=/a>One story of the night ferry</a></li><li><a href=/b>Two story of the bridge</a></li><li><a href=/c>Three story of the quay</a></li></ul></section>{story}"), "Two story", false),
            (format!("<ul><li><a href=/a>Bug one</a></li><li><a href=/b>Bug two</a></li><li><a href=/c>Bug three</a></li></ul>{story}"), "Bug two", true),
            (format!("<section id=\"sharing-history\"><p>How to share a history.</p></section>{story}"), "share a history", true),
            (format!("<div class=\"header shadow load\">Harbour Post</div>{story}"), "Harbour Post", true),
            (format!("{story}<div class=\"member-wall\"><h2>The rest is for members</h2><p><a href=/join>Become a member</a></p></div>"), "for members", false),
            (format!("<div class=\"article paywall\">{story}</div>"), "The ferry ran all night", true),
            (format!("<p>See <a href=/map>the map</a> and <a href=/b>the list</a>.</p>{story}"), "the map", true),
        ];
        for (html, text, kept) in cases {
            let out = stripped(&html);
            assert_eq!(out.contains(text), kept, "{html}\n→ {out}");
            assert!(out.contains("The ferry ran all night"), "{html}");
        }
    }

    #[test]
    fn class_words_split_at_humps_and_marks() {
        let doc =
            Document::from("<div class=\"ShareTools_gift__v3NxW ad-slot\" id=\"main_Rail\"></div>");
        let node = doc.select("div").nodes()[0];
        assert_eq!(
            words(&node, &["class", "id"]),
            ["share", "tools", "gift", "v3", "nx", "w", "ad", "slot", "main", "rail"]
        );
    }
}
