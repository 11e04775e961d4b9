//! The click-to-play facade of a YouTube video, once the app runs.
//!
//! The shared markup ([`markup::youtube_facade`]) writes each video as a
//! plain link to its page on YouTube, with its thumbnail (through the
//! media proxy) and one "Play video" label: what the first paint shows
//! and what works without JavaScript. [`upgrade`] turns each into what
//! the reader can do now:
//! - online, on a document whose CSP frames YouTube's player (the proxy
//!   marks it with `<meta name="newsdesk-frames" content="youtube">`): a
//!   `<button>` that [`play`]s it;
//! - online, on a document loaded before the newsroom had a YouTube video
//!   (its CSP frames nothing, and a CSP is fixed at load): the link stays;
//! - offline: the thumbnail and a note that the video needs a connection,
//!   never a player that cannot load.
//!
//! Nothing is requested from YouTube until [`play`] puts the
//! `https://www.youtube-nocookie.com/embed/ID` frame in: no preconnect, no
//! script, no thumbnail from YouTube's servers.

use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::{Item, YouTubeVideo};
use newsdesk_page::markup::{self, escape_into, Context};
use newsdesk_page::Language;
use wasm_bindgen::JsCast as _;
use web_sys::Element;

use crate::api;
use crate::state::connection::use_connection;
use crate::text::i18n::{use_i18n, Interface as _};

/// A facade's element (the markup's `<div class="video-embed">`).
const EMBED: &str = ".video-embed[data-youtube-id]";

/// What a facade's button carries, for the views' click listeners.
pub const PLAY: &str = "[data-action=play-video]";

/// How a facade is drawn now (its `data-state`).
const BUTTON: &str = "button";
const LINK: &str = "link";
const OFFLINE: &str = "offline";
const PLAYING: &str = "playing";

/// True when this document's CSP frames YouTube's player: the proxy
/// served it with its `newsdesk-frames` mark.
fn frames_allowed() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=newsdesk-frames][content=youtube]")
                .ok()
                .flatten()
        })
        .is_some()
}

/// Draws every facade under `root` for what the reader can do now:
/// `online` and the document's CSP decide (see the module). A video
/// already playing is left alone.
pub fn upgrade(root: &Element, online: bool, language: Language) {
    let Ok(embeds) = root.query_selector_all(EMBED) else {
        return;
    };
    let frames = frames_allowed();
    for index in 0..embeds.length() {
        let Some(embed) = embeds
            .item(index)
            .and_then(|n| n.dyn_into::<Element>().ok())
        else {
            continue;
        };
        let drawn = embed.get_attribute("data-state");
        let state = match (online, frames) {
            (false, _) => OFFLINE,
            (true, true) => BUTTON,
            (true, false) => LINK,
        };
        if drawn.as_deref().is_some_and(|d| d == PLAYING || d == state) {
            continue;
        }
        let video = YouTubeVideo {
            id: embed.get_attribute("data-youtube-id").unwrap_or_default(),
            ..YouTubeVideo::default()
        };
        let Some(watch) = video.watch_url() else {
            continue;
        };
        let title = embed.get_attribute("data-title").unwrap_or_default();
        let thumbnail = embed
            .query_selector("img")
            .ok()
            .flatten()
            .and_then(|img| img.get_attribute("src"));
        let label = language.words().play_video;
        let (open, close, text) = match state {
            BUTTON => (
                "<button type=\"button\" class=\"video-facade\" data-action=\"play-video\"",
                "</button>",
                label,
            ),
            LINK => ("<a class=\"video-facade\"", "</a>", label),
            // The thumbnail and the note, no control: nothing to press.
            _ => (
                "<div class=\"video-facade video-offline\" role=\"note\"",
                "</div>",
                language.text().video_offline,
            ),
        };
        let mut html = String::from(open);
        if state == LINK {
            html.push_str(" href=\"");
            escape_into(&mut html, &watch);
            html.push('"');
        }
        if state != OFFLINE {
            html.push_str(" aria-label=\"");
            markup::facade_name(&mut html, &title, label);
            html.push('"');
        }
        html.push('>');
        markup::facade_inner(&mut html, thumbnail.as_deref(), text);
        html.push_str(close);
        embed.set_inner_html(&html);
        let _ = embed.set_attribute("data-state", state);
    }
}

/// Plays the video whose facade button `event` clicked: the facade gives
/// way to YouTube's privacy-enhanced player, the first request to
/// YouTube. Returns whether it was such a click.
pub fn play(event: &web_sys::MouseEvent) -> bool {
    let embed = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .filter(|t| t.closest(PLAY).ok().flatten().is_some())
        .and_then(|t| t.closest(EMBED).ok().flatten());
    let Some(embed) = embed else {
        return false;
    };
    let video = YouTubeVideo {
        id: embed.get_attribute("data-youtube-id").unwrap_or_default(),
        ..YouTubeVideo::default()
    };
    let (Some(src), Some(document)) = (
        video.embed_url(),
        web_sys::window().and_then(|w| w.document()),
    ) else {
        return false;
    };
    let Ok(frame) = document.create_element("iframe") else {
        return false;
    };
    let title = embed.get_attribute("data-title").unwrap_or_default();
    for (name, value) in [
        ("class", "video-frame"),
        // The reader asked to play: start at once.
        ("src", &format!("{src}?autoplay=1")),
        ("title", &title),
        (
            "allow",
            "autoplay; encrypted-media; picture-in-picture; fullscreen",
        ),
        ("allowfullscreen", ""),
        // The page sends no referrer at all; YouTube's player refuses to
        // start without one, so this frame sends our origin alone (never
        // the article's path, never anything of the reader).
        ("referrerpolicy", "strict-origin"),
    ] {
        let _ = frame.set_attribute(name, value);
    }
    embed.set_inner_html("");
    let _ = embed.append_child(&frame);
    let _ = embed.set_attribute("data-state", PLAYING);
    if let Ok(frame) = frame.dyn_into::<web_sys::HtmlElement>() {
        let _ = frame.focus();
    }
    true
}

/// The directive behind a video card's `use:card_player`: writes the
/// item's player into `el` — a publisher's `<video preload="none">`
/// through the media proxy, or a YouTube video's facade — again when the
/// language changes, and keeps a facade drawn for the connection, for as
/// long as the calling owner lives.
pub fn card_player(el: Element, item: Arc<Item>) {
    let i18n = use_i18n();
    let connection = use_connection();
    // The language the player was written in: a change of connection
    // alone must not rewrite (and so stop) a player.
    let written = std::cell::Cell::new(None);
    let effect = RenderEffect::new(move |_| {
        let language = i18n.language();
        let online = connection.online.get();
        if written.replace(Some(language)) != Some(language) {
            let base = api::base();
            let cx = Context {
                language,
                now: 0,
                base: &base,
            };
            let mut html = String::new();
            match item.youtube() {
                Some(video) => markup::youtube_facade(&mut html, &item, video, &cx),
                None => {
                    let title = item.title.as_deref().unwrap_or(language.words().video);
                    let label = format!("{}: {title}", language.words().video);
                    markup::video_player(&mut html, &item, "card-video", "none", Some(&label), &cx);
                }
            }
            el.set_inner_html(&html);
        }
        upgrade(&el, online, language);
    });
    StoredValue::new_local(effect);
}
