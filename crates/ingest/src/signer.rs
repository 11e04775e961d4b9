//! Signed media URLs: how the app loads a publisher's images through the
//! proxy without turning the proxy into an open fetcher.
//!
//! The normalizer rewrites every image of a feed to
//! `/api/media?url=<upstream>&sig=<signature>`. The media endpoint fetches
//! only URLs whose signature verifies, so it serves exactly the images that
//! appeared in feeds this proxy normalized — never an address a visitor made
//! up (which would let anyone use the proxy to reach internal hosts).
//!
//! The signature is an HMAC-SHA256 of the upstream URL under a key only the
//! proxy knows, cut to [`SIGNATURE_BYTES`] and written in unpadded
//! base64url so it needs no escaping in a query string.
//!
//! ```
//! use newsdesk_ingest::signer::MediaSigner;
//! use url::Url;
//!
//! let signer = MediaSigner::new(b"a key of at least sixteen bytes").unwrap();
//! let upstream = Url::parse("https://riverbank.example/img/ferry.jpg").unwrap();
//! let local = signer.media_url(&upstream);
//! assert!(local.starts_with("/api/media?url=https%3A%2F%2Friverbank.example%2Fimg%2Fferry.jpg&sig="));
//! let sig = local.rsplit_once("sig=").unwrap().1;
//! assert!(signer.verify(upstream.as_str(), sig));
//! assert!(!signer.verify("https://riverbank.example/img/other.jpg", sig));
//! ```

use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::Sha256;
use url::Url;

/// The path of the media endpoint the signed URLs point at.
pub const MEDIA_PATH: &str = "/api/media";

/// Shortest key accepted: 128 bits, the security level of the truncated
/// signature itself. A shorter key would be the weaker link.
pub const MIN_KEY_BYTES: usize = 16;

/// Length of a random key made at start: the HMAC-SHA256 block-friendly
/// 256 bits, more than any guess can cover.
pub const RANDOM_KEY_BYTES: usize = 32;

/// Bytes of the MAC kept in a URL: 128 bits make forging a signature a
/// 2^128 guess, while the query string stays short (22 characters).
pub const SIGNATURE_BYTES: usize = 16;

/// Written before the URL in every MAC input, so a signature made here can
/// never be replayed as a signature of something else the key may one day
/// sign (domain separation).
const CONTEXT: &[u8] = b"newsdesk media url v1\n";

/// What may stay unescaped in a query value: RFC 3986 "unreserved"
/// characters. Everything else, `&`, `=`, `#`, `%` and `+` included, is
/// percent-encoded so the upstream URL comes back whole.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

type HmacSha256 = Hmac<Sha256>;

/// Why a signer could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerError {
    /// The configured key is shorter than [`MIN_KEY_BYTES`].
    KeyTooShort {
        /// Length of the key given, in bytes.
        len: usize,
    },
    /// The operating system gave no random bytes for a fresh key.
    NoRandomness(String),
}

impl fmt::Display for SignerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignerError::KeyTooShort { len } => write!(
                f,
                "the media signing key has {len} bytes; use at least {MIN_KEY_BYTES} \
                 (e.g. 32 random bytes), or leave it unset for a random key per start"
            ),
            SignerError::NoRandomness(e) => {
                write!(f, "cannot make a random media signing key: {e}")
            }
        }
    }
}

impl std::error::Error for SignerError {}

/// Signs and verifies media URLs with one secret key.
///
/// Cloning is cheap (the key is shared). `Debug` never prints the key.
#[derive(Clone)]
pub struct MediaSigner {
    key: Arc<[u8]>,
}

impl fmt::Debug for MediaSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MediaSigner")
            .field("key", &format_args!("<{} bytes>", self.key.len()))
            .finish()
    }
}

impl MediaSigner {
    /// A signer with a configured key (at least [`MIN_KEY_BYTES`] bytes).
    /// Use a configured key when several proxy instances sit behind one
    /// address, so each verifies what the others signed.
    pub fn new(key: impl AsRef<[u8]>) -> Result<MediaSigner, SignerError> {
        let key = key.as_ref();
        if key.len() < MIN_KEY_BYTES {
            return Err(SignerError::KeyTooShort { len: key.len() });
        }
        Ok(MediaSigner { key: key.into() })
    }

    /// A signer with a fresh random key of [`RANDOM_KEY_BYTES`] bytes.
    /// Signed URLs stop verifying when the process restarts; the app
    /// refetches feeds, which carry freshly signed URLs.
    pub fn random() -> Result<MediaSigner, SignerError> {
        let mut key = [0_u8; RANDOM_KEY_BYTES];
        getrandom::fill(&mut key).map_err(|e| SignerError::NoRandomness(e.to_string()))?;
        MediaSigner::new(key)
    }

    /// The proxy-local URL that serves `upstream` through the media
    /// endpoint: `/api/media?url=<percent-encoded>&sig=<base64url>`.
    pub fn media_url(&self, upstream: &Url) -> String {
        let url = upstream.as_str();
        format!(
            "{MEDIA_PATH}?url={}&sig={}",
            utf8_percent_encode(url, QUERY_VALUE),
            self.sign(url)
        )
    }

    /// The signature of `url` (exactly the text that will be verified):
    /// the first [`SIGNATURE_BYTES`] of its MAC, as unpadded base64url.
    pub fn sign(&self, url: &str) -> String {
        let mac = self.mac(url).finalize().into_bytes();
        URL_SAFE_NO_PAD.encode(&mac[..SIGNATURE_BYTES])
    }

    /// True when `sig` is this signer's signature of `url` (the `url` query
    /// value after percent-decoding). The comparison takes the same time
    /// however many bytes match, so timing reveals nothing of the right
    /// signature.
    pub fn verify(&self, url: &str, sig: &str) -> bool {
        let Ok(tag) = URL_SAFE_NO_PAD.decode(sig) else {
            return false;
        };
        // `verify_truncated_left` accepts any prefix length; a one-byte tag
        // would be a 1-in-256 guess, so insist on the full length.
        if tag.len() != SIGNATURE_BYTES {
            return false;
        }
        self.mac(url).verify_truncated_left(&tag).is_ok()
    }

    fn mac(&self, url: &str) -> HmacSha256 {
        // HMAC takes keys of any length, so this cannot fail; the fallback
        // keeps the function total without a panic path.
        let mut mac = HmacSha256::new_from_slice(&self.key)
            .unwrap_or_else(|_| <HmacSha256 as Mac>::new(&Default::default()));
        mac.update(CONTEXT);
        mac.update(url.as_bytes());
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> MediaSigner {
        MediaSigner::new("riverbank-post-test-key-0123456789").unwrap()
    }

    /// Splits a media URL into its decoded `url` and raw `sig` values.
    fn query(media_url: &str) -> (String, String) {
        let query = media_url.strip_prefix("/api/media?").unwrap();
        let (url, sig) = query.split_once('&').unwrap();
        let url = percent_encoding::percent_decode_str(url.strip_prefix("url=").unwrap())
            .decode_utf8()
            .unwrap()
            .into_owned();
        (url, sig.strip_prefix("sig=").unwrap().to_owned())
    }

    #[test]
    fn a_signed_url_verifies_and_tampering_fails() {
        let signer = signer();
        let upstream = Url::parse("https://riverbank.example/img/a b.jpg?w=640&h=480#x").unwrap();
        let (url, sig) = query(&signer.media_url(&upstream));
        assert_eq!(url, upstream.as_str(), "the url survives the round trip");
        assert_eq!(sig.len(), 22, "16 bytes in unpadded base64url");
        assert!(signer.verify(&url, &sig));

        let other_key = MediaSigner::new("another-key-of-enough-length").unwrap();
        let mut flipped = sig.clone().into_bytes();
        flipped[0] = if flipped[0] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        let cases: [(&str, String, String, &MediaSigner); 8] = [
            (
                "other url",
                "https://riverbank.example/img/b.jpg".into(),
                sig.clone(),
                &signer,
            ),
            ("url with suffix", format!("{url}x"), sig.clone(), &signer),
            (
                "host swapped",
                url.replace("riverbank", "intranet"),
                sig.clone(),
                &signer,
            ),
            ("flipped sig byte", url.clone(), flipped, &signer),
            ("truncated sig", url.clone(), sig[..21].to_owned(), &signer),
            ("sig with padding", url.clone(), format!("{sig}=="), &signer),
            ("empty sig", url.clone(), String::new(), &signer),
            ("other key", url.clone(), sig.clone(), &other_key),
        ];
        for (name, url, sig, verifier) in cases {
            assert!(!verifier.verify(&url, &sig), "{name} must not verify");
        }
    }

    #[test]
    fn keys_must_be_long_enough_and_never_print() {
        assert_eq!(
            MediaSigner::new("short").unwrap_err(),
            SignerError::KeyTooShort { len: 5 }
        );
        let random = MediaSigner::random().unwrap();
        let again = MediaSigner::random().unwrap();
        let upstream = Url::parse("https://riverbank.example/a.png").unwrap();
        assert_ne!(random.media_url(&upstream), again.media_url(&upstream));
        assert_eq!(format!("{random:?}"), "MediaSigner { key: <32 bytes> }");
    }

    #[test]
    fn signatures_are_stable_for_one_key() {
        let upstream = Url::parse("https://riverbank.example/a.png").unwrap();
        assert_eq!(signer().media_url(&upstream), signer().media_url(&upstream));
    }
}
