//! Every format and character set reads into the one model, with the text
//! a reader would see.

use newsdesk_ingest::normalize::{normalize, NormalizeOptions};
use newsdesk_ingest::parser::parse;

use crate::support::{content_type, fixture, item, normalized, reader_problems, READABLE};

#[test]
fn every_readable_fixture_passes_the_reader_checks() {
    for name in READABLE {
        let feed = normalized(name, "desk");
        assert!(!feed.items.is_empty(), "{name}: no items");
        assert_eq!(feed.version, newsdesk_feed::VERSION_1_1, "{name}");
        let problems = reader_problems(&feed);
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        // What the app receives parses back as JSON Feed, unchanged.
        let again = newsdesk_feed::Feed::from_json(&feed.to_json()).unwrap();
        assert_eq!(again, feed, "{name}: JSON round trip");
    }
}

#[test]
fn every_format_reads_into_the_model() {
    // (fixture, feed title, home page, items, first item's title)
    let cases = [
        (
            "rss2.xml",
            "The Riverbank Post",
            Some("https://riverbank.example/"),
            4,
            "Ferry service resumes after flood repairs",
        ),
        (
            "rss1-rdf.xml",
            "Millbrook Gazette",
            Some("https://millbrook.example/"),
            2,
            "Footbridge closed for inspection on Thursday",
        ),
        (
            "atom.xml",
            "Riverbank Post — Science desk",
            Some("https://riverbank.example/science/"),
            3,
            "Otters counted along the whole river for the first time",
        ),
        (
            "jsonfeed-1.0.json",
            "Harbour Lights Radio",
            Some("https://harbourlights.example/"),
            2,
            "Evening bulletin: fog delays the last crossing",
        ),
    ];
    for (name, title, home, count, first) in cases {
        let feed = normalized(name, "desk");
        assert_eq!(feed.title, title, "{name}");
        assert_eq!(feed.home_page_url.as_deref(), home, "{name}");
        assert_eq!(feed.items.len(), count, "{name}");
        assert_eq!(feed.items[0].title.as_deref(), Some(first), "{name}");
    }
}

#[test]
fn character_sets_decode_to_the_exact_text() {
    // (fixture, Content-Type, feed title, an item's title, its body)
    let cases = [
        (
            "windows-1251.xml",
            None,
            "Прибережні новини",
            "У Прибережному відновили рух поромів",
            "Пором до Вербової пристані знову курсує щогодини. Їдьте обережно: є черги.",
        ),
        (
            "windows-1251.xml",
            None,
            "Прибережні новини",
            "В Заречье открылась ночная ярмарка",
            "Сорок палаток и два оркестра «под одной крышей» — каждую субботу до мая.",
        ),
        (
            "koi8-u.xml",
            Some("application/rss+xml; charset=koi8-u"),
            "Вісті з Верболозу",
            "Ґанок бібліотеки відремонтують до Великодня",
            "Ремонт коштуватиме менше, ніж торік: їхні майстри вже почали.",
        ),
        (
            "iso-8859-2.xml",
            None,
            "Kurier Nadrzeczny",
            "Łódź tramwajowa wraca na trasę nad zalewem",
            "Żółta łódź kursuje znów co godzinę; bilety kupisz też u kierowcy.",
        ),
        (
            "utf16-bom.xml",
            None,
            "Ἀκτή — Coastline notes",
            "Тиша на маяку — a quiet night at the lighthouse",
            "No ships passed between midnight and dawn. Ще одна тиха ніч.",
        ),
    ];
    for (name, header, feed_title, title, body) in cases {
        let feed = normalize(&fixture(name), header, &NormalizeOptions::new("desk"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(feed.title, feed_title, "{name}");
        let story = item(&feed, title);
        assert_eq!(story.content_text.as_deref(), Some(body), "{name}");
    }
}

#[test]
fn the_header_charset_is_what_makes_koi8_readable() {
    // Regression guard: koi8-u.xml declares nothing in its prolog, so read
    // as UTF-8 (no header) its Cyrillic is replacement characters.
    let without = normalize(&fixture("koi8-u.xml"), None, &NormalizeOptions::new("desk")).unwrap();
    assert_ne!(without.title, "Вісті з Верболозу");
    assert!(without.title.contains('\u{fffd}'), "{}", without.title);
    // And a header beats a (wrong) declaration.
    let bytes = fixture("windows-1251.xml");
    let lying_header = normalize(
        &bytes,
        Some("text/xml; charset=koi8-r"),
        &NormalizeOptions::new("d"),
    );
    assert_ne!(lying_header.unwrap().title, "Прибережні новини");
}

#[test]
fn entities_are_decoded_and_markup_dropped_in_text() {
    // (title as the reader sees it, body or summary text)
    let feed = normalized("entities.xml", "quay");
    assert_eq!(feed.title, "Fish & Chips — the Quayside Courier");
    assert_eq!(
        feed.description.as_deref(),
        Some("Small news from the quay — every day.")
    );
    let cases = [
        (
            "Mayor’s «green quay» plan passes first vote",
            "Councillors voted 9–4 & the plan now goes to residents.",
        ),
        (
            "Bold new timetable: trams every 7\u{a0}minutes",
            "From Monday, trams run every seven minutes at peak.",
        ),
        (
            "Tom & Jerry's café reopens by the pier",
            "Rates < 2% & falling, says the owner — \"good for everyone\".",
        ),
        (
            "Double-escaped headline",
            "Publishers sometimes escape twice.",
        ),
    ];
    for (title, text) in cases {
        let story = item(&feed, title);
        let shown = story.content_text.clone().or_else(|| {
            story
                .content_html
                .as_deref()
                .map(newsdesk_ingest::sanitize::plain_text)
        });
        assert_eq!(shown.as_deref(), Some(text), "{title}");
    }
}

#[test]
fn dates_are_rfc3339_utc_and_missing_dates_stay_missing() {
    // (fixture, title, date_published, date_modified)
    let cases = [
        (
            "rss2.xml",
            "Ferry service resumes after flood repairs",
            Some("2026-03-03T05:30:00Z"),
            None,
        ),
        (
            "rss2.xml",
            "Night market returns to the old tram depot",
            Some("2026-02-28T18:05:00Z"),
            None,
        ),
        (
            "rss1-rdf.xml",
            "Footbridge closed for inspection on Thursday",
            Some("2026-03-05T07:00:00Z"),
            None,
        ),
        (
            "atom.xml",
            "Otters counted along the whole river for the first time",
            Some("2026-03-06T05:45:00Z"),
            Some("2026-03-06T08:00:00Z"),
        ),
        // Atom with only <updated>: that is when it was published.
        (
            "atom.xml",
            "Why the weir hums in March",
            Some("2026-03-04T10:00:00Z"),
            None,
        ),
        (
            "jsonfeed-1.0.json",
            "Lighthouse keepers open the tower to visitors",
            Some("2026-03-05T18:30:00Z"),
            Some("2026-03-05T20:00:00Z"),
        ),
        (
            "jsonfeed-1.0.json",
            "Evening bulletin: fog delays the last crossing",
            Some("2026-03-06T18:00:00Z"),
            None,
        ),
        ("no-guid.xml", "Quay office hours", None, None),
    ];
    for (name, title, published, modified) in cases {
        let feed = normalized(name, "desk");
        let story = item(&feed, title);
        assert_eq!(story.date_published.as_deref(), published, "{title}");
        assert_eq!(story.date_modified.as_deref(), modified, "{title}");
    }
}

#[test]
fn items_keep_the_publishers_order() {
    let mut ordered = 0;
    for name in READABLE {
        let feed = normalized(name, "desk");
        let parsed = parse(&fixture(name), content_type(name), None).unwrap();
        // Each item's place among the publisher's entries, matched by
        // title, looking past the last match.
        let mut from = 0;
        let mut places = Vec::new();
        for item in &feed.items {
            let place = parsed.entries.iter().skip(from).position(|e| {
                e.title
                    .as_deref()
                    .map(newsdesk_ingest::sanitize::text_field)
                    == item.title
            });
            if let Some(place) = place {
                places.push(from + place);
                from += place + 1;
            }
        }
        // An item out of the entries' order is not found past the one
        // before it.
        assert_eq!(places.len(), feed.items.len(), "{name}: {places:?}");
        ordered += places.len().saturating_sub(1);
    }
    assert!(ordered > 10, "only {ordered} pairs of items compared");
    // Not sorted by date: rss2.xml's first story is not its newest.
    let rss = normalized("rss2.xml", "desk");
    let newest = rss.items.iter().filter_map(|i| i.published_unix()).max();
    assert_ne!(rss.items[0].published_unix(), newest);
}

#[test]
fn bodies_summaries_and_bylines_land_in_the_right_fields() {
    let rss = normalized("rss2.xml", "riverbank");
    let ferry = item(&rss, "Ferry service resumes after flood repairs");
    let html = ferry.content_html.as_deref().unwrap();
    assert!(
        html.starts_with("<h2>Back on the water</h2>"),
        "h1 demoted: {html}"
    );
    assert!(
        html.contains("<blockquote><p>We rebuilt the pontoon"),
        "{html}"
    );
    assert!(
        html.contains("<cite>Ilko Danyliuk, harbour engineer</cite>"),
        "{html}"
    );
    assert_eq!(
        ferry.summary.as_deref(),
        Some("The crossing to Willow Quay reopens on Wednesday morning.")
    );
    assert_eq!(ferry.tags, ["Transport", "River towns"]);
    let bylines: Vec<_> = ferry.authors.iter().map(|a| a.name.as_deref()).collect();
    assert_eq!(
        bylines,
        [Some("Riverbank Post news desk"), Some("Olena Marchuk")]
    );
    assert_eq!(
        ferry.desk().and_then(|d| d.email()),
        Some("desk@riverbank.example")
    );
    assert_eq!(ferry.desk().and_then(|d| d.desk_id()), Some("riverbank"));

    // RSS without content:encoded: the HTML description is the body.
    let market = item(&rss, "Night market returns to the old tram depot");
    assert!(market
        .content_html
        .as_deref()
        .unwrap()
        .starts_with("<p>Forty stalls"));
    assert_eq!(market.summary, None);

    // A plain update: its text is the body.
    let water = item(&rss, "Water pressure low in Upper Meadow until 14:00");
    assert_eq!(
        water.content_text.as_deref(),
        Some("Crews are replacing a valve on Orchard Street. Taps may run weak until early afternoon.")
    );

    // JSON Feed 1.0: the deprecated feed `author` is the desk, paragraphs
    // of content_text survive, tags are deduplicated.
    let json = normalized("jsonfeed-1.0.json", "harbour");
    assert_eq!(
        json.authors[0].name.as_deref(),
        Some("Harbour Lights news desk")
    );
    assert_eq!(
        json.authors[0].avatar.as_deref(),
        Some("https://harbourlights.example/desk-avatar.png")
    );
    let tower = item(&json, "Lighthouse keepers open the tower to visitors");
    assert_eq!(
        tower.content_text.as_deref(),
        Some("The tower opens on Saturday from 10:00.\n\nTickets are free but limited to forty a day.")
    );
    assert_eq!(tower.authors[1].name.as_deref(), Some("Iryna Kovalenko"));
    let fog = item(&json, "Evening bulletin: fog delays the last crossing");
    assert_eq!(fog.tags, ["Harbour", "Weather"]);

    // Atom: xhtml and html bodies, the text summary kept beside them.
    let atom = normalized("atom.xml", "science");
    let otters = item(
        &atom,
        "Otters counted along the whole river for the first time",
    );
    assert!(otters
        .content_html
        .as_deref()
        .unwrap()
        .starts_with("<p>Volunteers walked"));
    assert_eq!(
        otters.summary.as_deref(),
        Some("Volunteers found 41 otters between the weir and the estuary.")
    );
    assert_eq!(otters.tags, ["Wildlife", "river"]);
    assert_eq!(
        atom.description.as_deref(),
        Some("Research & discoveries from the river towns")
    );
    assert_eq!(atom.language.as_deref(), Some("en"));
}

#[test]
fn reading_time_is_stamped_on_every_item() {
    for name in READABLE {
        let feed = normalized(name, "desk");
        for story in &feed.items {
            let info = story.newsdesk.as_ref().unwrap();
            assert_eq!(info.source.as_deref(), Some("desk"), "{name}");
            let minutes = info.reading_minutes.unwrap();
            assert!(minutes >= 1, "{name}");
            assert_eq!(minutes, story.reading_minutes(), "{name}");
        }
    }
    // A long body reads longer than a minute.
    let words = "word ".repeat(650);
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>T</title><item><title>Long read</title>\
         <description>&lt;p&gt;{words}&lt;/p&gt;</description></item></channel></rss>"
    );
    let feed = normalize(
        rss.as_bytes(),
        content_type("x"),
        &NormalizeOptions::new("d"),
    )
    .unwrap();
    assert_eq!(
        feed.items[0].newsdesk.as_ref().unwrap().reading_minutes,
        Some(4)
    );
}

#[test]
fn the_lead_image_keeps_its_caption_as_plain_text() {
    let rss = br#"<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
  <title>Captions</title><link>https://captions.example/</link>
  <item><title>With caption</title><link>https://captions.example/a</link>
    <description>Body.</description>
    <media:content url="https://captions.example/a.jpg" type="image/jpeg">
      <media:description type="html">&lt;b&gt;The quay&lt;/b&gt; at dawn&lt;script&gt;alert(1)&lt;/script&gt;</media:description>
    </media:content></item>
  <item><title>Video title is no image caption</title><link>https://captions.example/b</link>
    <description>Body.</description>
    <media:content url="https://captions.example/b.webm" type="video/webm">
      <media:title>A clip</media:title>
    </media:content>
    <media:thumbnail url="https://captions.example/b.jpg"/></item>
</channel></rss>"#;
    let feed = normalize(rss, None, &NormalizeOptions::new("captions")).unwrap();
    let with = item(&feed, "With caption");
    assert_eq!(
        with.image.as_deref(),
        Some("https://captions.example/a.jpg")
    );
    assert_eq!(with.image_caption(), Some("The quay at dawn"));
    let video = item(&feed, "Video title is no image caption");
    assert!(video.image.is_some());
    assert_eq!(video.image_caption(), None);

    let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[
      {"id":"1","url":"https://captions.example/c","title":"Json","content_text":"Body.",
       "image":"https://captions.example/c.png","_newsdesk":{"image_caption":"<i>Harbour</i> lights"}},
      {"id":"2","url":"https://captions.example/d","title":"No image","content_text":"Body.",
       "_newsdesk":{"image_caption":"Orphan caption"}}]}"#;
    let feed = normalize(json, None, &NormalizeOptions::new("captions")).unwrap();
    assert_eq!(item(&feed, "Json").image_caption(), Some("Harbour lights"));
    assert_eq!(item(&feed, "No image").image_caption(), None);
}

#[test]
fn a_video_or_podcast_enclosure_stays_beside_a_media_content_image() {
    // WordPress writes the story's picture as `media:content` and the
    // episode as `<enclosure>`: the reader needs both, in either order,
    // and a relative enclosure against `xml:base`.
    let rss = br#"<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
  <title>Dispatch</title><link>https://dispatch.example/</link>
  <item><title>Image first</title><link>https://dispatch.example/a</link>
    <description>Tonight's briefing.</description>
    <media:content url="https://dispatch.example/a.jpg" medium="image" type="image/jpeg"/>
    <enclosure url="https://dispatch.example/a.webm" length="101317" type="video/webm"/></item>
  <item xml:base="https://dispatch.example/podcast/"><title>Enclosure first</title><link>https://dispatch.example/b</link>
    <description>Episode 12.</description>
    <enclosure url="b.mp3" length="28311552" type="audio/mpeg"/>
    <media:content url="https://dispatch.example/b.jpg" medium="image" type="image/jpeg"/></item>
  <item><title>Enclosure alone</title><link>https://dispatch.example/c</link>
    <description>Clip.</description>
    <enclosure url="https://dispatch.example/c.webm" type="video/webm"/></item>
</channel></rss>"#;
    let feed = normalize(rss, None, &NormalizeOptions::new("dispatch")).unwrap();
    let cases = [
        (
            "Image first",
            Some("https://dispatch.example/a.jpg"),
            "https://dispatch.example/a.webm",
            "video/webm",
            Some(101_317),
        ),
        (
            "Enclosure first",
            Some("https://dispatch.example/b.jpg"),
            "https://dispatch.example/podcast/b.mp3",
            "audio/mpeg",
            Some(28_311_552),
        ),
        (
            "Enclosure alone",
            None,
            "https://dispatch.example/c.webm",
            "video/webm",
            None,
        ),
    ];
    for (title, image, url, mime, size) in cases {
        let story = item(&feed, title);
        assert_eq!(story.image.as_deref(), image, "{title}");
        assert_eq!(
            story.attachments.len(),
            1,
            "{title}: {:?}",
            story.attachments
        );
        let attachment = &story.attachments[0];
        assert_eq!(
            (attachment.url.as_str(), attachment.mime_type.as_str()),
            (url, mime),
            "{title}"
        );
        assert_eq!(attachment.size_in_bytes, size, "{title}");
    }
    assert!(
        item(&feed, "Image first").video().is_some(),
        "the article gets its player"
    );
}
