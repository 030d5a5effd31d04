//! Remote inputs (`video.url`) fetched without letting a caller reach what only the
//! server can: loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT,
//! multicast and other non-global addresses are refused — for the first URL, for every
//! redirect, and at connect time through our own DNS resolver, so a name that resolves
//! (or re-resolves) to a private address is refused too. Size and time are bounded.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use reelcut_core::{Code, ErrorCode};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use tokio::io::AsyncWriteExt;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("video.url must be an http or https URL")]
    BadUrl,
    #[error("video.url refers to a private or local address ({0}); only public hosts can be fetched")]
    Blocked(String),
    #[error("video.url could not be fetched: {0}")]
    Failed(String),
    #[error("video.url returned HTTP {0}")]
    Status(u16),
    #[error("video.url is larger than the {0}-byte limit")]
    TooLarge(u64),
    #[error("writing the download failed: {0}")]
    Io(#[from] std::io::Error),
}

impl ErrorCode for FetchError {
    fn code(&self) -> Code {
        match self {
            FetchError::BadUrl | FetchError::Blocked(_) => Code::InvalidParameter,
            FetchError::Io(_) => Code::Internal,
            _ => Code::InputUnavailable,
        }
    }
    fn param(&self) -> Option<&str> {
        Some("video.url")
    }
}

/// Which addresses may be reached.
#[derive(Debug, Clone, Default)]
pub struct FetchPolicy {
    /// Addresses allowed although they are not global (an internal store, a test server).
    pub allow: Vec<IpAddr>,
    pub max_bytes: u64,
    pub timeout: Duration,
}

impl FetchPolicy {
    pub fn from_settings(settings: &reelcut_core::Settings) -> FetchPolicy {
        FetchPolicy {
            // Settings::load has refused entries that are not addresses.
            allow: settings.service.fetch_allow.iter().filter_map(|a| a.parse().ok()).collect(),
            max_bytes: settings.media.max_download_bytes,
            timeout: Duration::from_secs(1800),
        }
    }

    pub fn permits(&self, ip: IpAddr) -> bool {
        self.allow.contains(&ip) || is_global(ip)
    }

    /// Checks a URL's scheme and, when its host is a literal address, the address.
    fn check_url(&self, url: &url::Url) -> Result<(), FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::BadUrl);
        }
        match url.host() {
            Some(url::Host::Ipv4(ip)) if !self.permits(IpAddr::V4(ip)) => Err(FetchError::Blocked(ip.to_string())),
            Some(url::Host::Ipv6(ip)) if !self.permits(IpAddr::V6(ip)) => Err(FetchError::Blocked(ip.to_string())),
            Some(_) => Ok(()),
            None => Err(FetchError::BadUrl),
        }
    }
}

/// True for addresses on the public internet.
pub fn is_global(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // CGNAT 100.64/10
                || (a == 192 && b == 0 && v4.octets()[2] == 0) // IETF 192.0.0/24
                || (a == 198 && (18..20).contains(&b)) // benchmarking 198.18/15
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_global(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (first == 0x2001 && v6.segments()[1] == 0x0db8)) // documentation
        }
    }
}

/// The resolver reqwest uses for every connection: it drops refused addresses, and
/// fails when none is left, so DNS rebinding between check and connect cannot help.
struct GuardedResolver {
    policy: FetchPolicy,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let resolved: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = resolved.iter().copied().filter(|a| policy.permits(a.ip())).collect();
            if allowed.is_empty() {
                let shown = resolved.first().map(|a| a.ip().to_string()).unwrap_or_default();
                return Err(format!("{host} resolves to a private or local address {shown}").into());
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

pub fn guarded_client(policy: &FetchPolicy) -> Result<reqwest::Client, FetchError> {
    let redirect_policy = policy.clone();
    reqwest::Client::builder()
        .dns_resolver(Arc::new(GuardedResolver { policy: policy.clone() }))
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 5 {
                return attempt.error("more than 5 redirects");
            }
            match redirect_policy.check_url(attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(e) => attempt.error(e.to_string()),
            }
        }))
        .connect_timeout(Duration::from_secs(15))
        .timeout(policy.timeout)
        .build()
        .map_err(|e| FetchError::Failed(e.to_string()))
}

/// Downloads `url` to `dest` within the policy's limits.
pub async fn download(policy: &FetchPolicy, url: &str, dest: &Path) -> Result<u64, FetchError> {
    let parsed = url::Url::parse(url).map_err(|_| FetchError::BadUrl)?;
    policy.check_url(&parsed)?;
    let client = guarded_client(policy)?;
    let response = client.get(parsed).send().await.map_err(describe)?;
    if !response.status().is_success() {
        return Err(FetchError::Status(response.status().as_u16()));
    }
    if response.content_length().is_some_and(|len| len > policy.max_bytes) {
        return Err(FetchError::TooLarge(policy.max_bytes));
    }
    let mut file = tokio::fs::File::create(dest).await?;
    let mut written: u64 = 0;
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(describe)?;
        written += chunk.len() as u64;
        if written > policy.max_bytes {
            drop(file);
            tokio::fs::remove_file(dest).await.ok();
            return Err(FetchError::TooLarge(policy.max_bytes));
        }
        file.write_all(&chunk).await?;
    }
    file.flush().await?;
    Ok(written)
}

/// reqwest hides the cause (our resolver's or redirect policy's refusal) in its source
/// chain; surface it as a refusal rather than a generic failure.
fn describe(error: reqwest::Error) -> FetchError {
    let mut chain = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(&error);
    while let Some(e) = source {
        chain.push(e.to_string());
        source = e.source();
    }
    let text = chain.join(": ");
    if text.contains("private or local address") {
        let detail = chain.iter().rev().find(|c| c.contains("private or local")).cloned().unwrap_or(text);
        return FetchError::Blocked(detail);
    }
    FetchError::Failed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_global_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
        ] {
            assert!(!is_global(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "1.1.1.1", "2606:4700::1111"] {
            assert!(is_global(ip.parse().unwrap()), "{ip}");
        }
    }
}
