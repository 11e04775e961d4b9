//! Per-client rate limit: a token bucket per client address, answering 429
//! with `Retry-After` when it runs dry.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Requests per minute per client by default. A reader opening the app,
/// paging with Show More and reading a few articles makes a few dozen; a
/// page behind a shared NAT (an office, a phone carrier) makes many
/// readers look like one client, hence the headroom.
pub const DEFAULT_PER_MINUTE: u32 = 300;

/// Clients remembered at most. Beyond it, buckets that have refilled (idle
/// clients) are forgotten first, so an address-spraying client cannot grow
/// memory without bound.
pub const MAX_CLIENTS: usize = 65_536;

/// A token bucket per client address.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    trust_forwarded_for: bool,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests a minute (bursts of as many).
    /// `trust_forwarded_for` takes the client from `X-Forwarded-For`.
    pub fn new(per_minute: u32, trust_forwarded_for: bool) -> RateLimiter {
        RateLimiter {
            per_minute: per_minute.max(1),
            trust_forwarded_for,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client`; `Err(wait)` when there is none.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.check_at(client, Instant::now())
    }

    fn check_at(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        // A poisoned lock only means another request panicked mid-update;
        // the map is still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&client) {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.last).as_secs_f64() * per_second < capacity
            });
            if buckets.len() >= MAX_CLIENTS {
                return Err(Duration::from_secs(1));
            }
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: capacity,
            last: now,
        });
        let refill = now.duration_since(bucket.last).as_secs_f64() * per_second;
        bucket.tokens = (bucket.tokens + refill).min(capacity);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }

    /// The client of a request: the first `X-Forwarded-For` entry when
    /// trusted, else the connection's `peer`, else a `ConnectInfo`
    /// extension. Unknown (tests without a socket) counts as one shared
    /// client.
    fn client(&self, request: &Request, peer: Option<IpAddr>) -> IpAddr {
        if self.trust_forwarded_for {
            let forwarded = request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok());
            if let Some(ip) = forwarded {
                return ip;
            }
        }
        peer.or_else(|| {
            request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip())
        })
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    /// Lets `request` (from a connection with `peer`, if known) through, or
    /// says how long its client must wait once it has used its budget
    /// (answer [`too_many_requests`]). Only `/api/` counts: the app's files
    /// are static, cacheable and cost nothing to serve; the API is what
    /// reaches publishers and does work.
    pub fn admit(&self, request: &Request, peer: Option<IpAddr>) -> Result<(), Duration> {
        if !request.uri().path().starts_with("/api/") {
            return Ok(());
        }
        self.check(self.client(request, peer))
    }
}

/// The answer to a client that must wait `wait`: 429 with `Retry-After`
/// (whole seconds, at least 1) and a JSON error.
pub fn too_many_requests(wait: Duration) -> Response {
    let seconds = wait.as_secs().max(1);
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"error":"too many requests; please wait a moment and try again"}"#,
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_beyond_the_budget_waits_and_then_refills() {
        let limiter = RateLimiter::new(60, false);
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let other: IpAddr = "192.0.2.8".parse().unwrap();
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.check_at(ip, start).is_ok());
        }
        let wait = limiter.check_at(ip, start).unwrap_err();
        assert!(
            wait <= Duration::from_secs(1) && wait > Duration::ZERO,
            "{wait:?}"
        );
        // Another client is not affected.
        assert!(limiter.check_at(other, start).is_ok());
        // One second later one token (60 a minute) is back.
        assert!(limiter.check_at(ip, start + Duration::from_secs(1)).is_ok());
        assert!(limiter
            .check_at(ip, start + Duration::from_secs(1))
            .is_err());
    }
}
