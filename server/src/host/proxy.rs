//! Behind a proxy: who is signed in, as a trusted authentication proxy says in a
//! header ([`ProxyUser`]), and which client a request comes from, as trusted proxies
//! say in `X-Forwarded-For` ([`ClientIp`], the rate limit's key). A header is believed
//! only when the peer that sent it is one of the proxies: anyone else could write it.

use super::SignedIn;
use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap, HeaderName};
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::GovernorError;

/// The addresses of the proxies in front of this server (`--trusted-proxy`).
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    /// `10.0.0.0/8`, `192.0.2.7` (one address) or `::1/128`.
    pub fn parse(cidrs: &[String]) -> Result<TrustedProxies, String> {
        cidrs
            .iter()
            .map(|text| {
                let text = text.trim();
                text.parse::<IpNet>()
                    .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("--trusted-proxy: not an address or CIDR: {text:?}"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The client a request comes from: the peer, or, when the peer is a trusted
    /// proxy, the nearest address in `X-Forwarded-For` (else `Forwarded`'s `for=`) that
    /// is not one of them (each proxy appends the address it saw; the ones further left
    /// are the client's word, which anybody can write).
    pub fn client_ip(&self, headers: &HeaderMap, extensions: &Extensions) -> Option<IpAddr> {
        let peer = peer_ip(extensions)?;
        if !self.contains(peer) {
            return Some(peer);
        }
        let values = |name| {
            headers
                .get_all(name)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .collect::<Vec<_>>()
        };
        let mut hops = values("x-forwarded-for");
        let standard = hops.is_empty();
        if standard {
            hops = values("forwarded");
        }
        let forwarded: Vec<IpAddr> = hops
            .into_iter()
            .map(|hop| {
                if standard {
                    forwarded_for(hop)
                } else {
                    Some(hop.trim())
                }
            })
            .map(|hop| hop?.parse::<IpAddr>().ok().map(|ip| ip.to_canonical()))
            .collect::<Option<_>>()?;
        match forwarded.iter().rev().find(|ip| !self.contains(**ip)) {
            Some(client) => Some(*client),
            None => forwarded.first().copied().or(Some(peer)),
        }
    }
}

/// The address in one element of RFC 7239's `Forwarded` (`for=192.0.2.60;proto=http`,
/// `for="[2001:db8::1]:4711"`), without its port; `None` for an obfuscated one.
fn forwarded_for(element: &str) -> Option<&str> {
    let value = element.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        name.eq_ignore_ascii_case("for")
            .then_some(value.trim().trim_matches('"'))
    })?;
    match value.strip_prefix('[') {
        Some(v6) => v6.split(']').next(),
        None => Some(value.split(':').next().unwrap_or(value)),
    }
}

/// The address of the peer that sent the request (the app must be served with
/// `into_make_service_with_connect_info::<SocketAddr>()`).
pub fn peer_ip(extensions: &Extensions) -> Option<IpAddr> {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip().to_canonical())
}

/// Who is signed in, as an authentication proxy in front of this server says in
/// `header` (oauth2-proxy's `X-Forwarded-User`, Pomerium's `X-Pomerium-Claim-Sub`...),
/// believed only from `trusted` peers. From anyone else, or with the header missing,
/// repeated, empty or over 256 bytes, nobody is signed in (401).
pub struct ProxyUser {
    pub header: HeaderName,
    pub trusted: TrustedProxies,
}

impl SignedIn for ProxyUser {
    fn client_user_id(&self, headers: &HeaderMap, extensions: &Extensions) -> Option<String> {
        if !self.trusted.contains(peer_ip(extensions)?) {
            return None;
        }
        let mut values = headers.get_all(&self.header).iter();
        let value = values.next()?.to_str().ok()?.trim();
        if values.next().is_some() || value.is_empty() || value.len() > 256 {
            return None;
        }
        Some(value.to_owned())
    }
}

/// The rate limit's key for a client IP: the peer's address, or behind trusted
/// proxies the forwarded one (else everyone behind a load balancer shares one bucket).
#[derive(Clone, Debug)]
pub struct ClientIp(pub TrustedProxies);

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, request: &axum::http::Request<T>) -> Result<IpAddr, GovernorError> {
        self.0
            .client_ip(request.headers(), request.extensions())
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(peer: &str, forwarded: &[&str]) -> (HeaderMap, Extensions) {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        (headers, extensions)
    }

    #[test]
    fn the_client_is_the_nearest_untrusted_hop() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "192.0.2.7".into()]).unwrap();
        let ip = |peer, forwarded: &[&str]| {
            let (headers, extensions) = from(peer, forwarded);
            proxies
                .client_ip(&headers, &extensions)
                .map(|ip| ip.to_string())
        };
        // Not from a proxy: the peer, whatever the header says.
        assert_eq!(
            ip("203.0.113.9:1", &["198.51.100.1"]).unwrap(),
            "203.0.113.9"
        );
        // From a proxy: what it appended, not what the client wrote further left.
        assert_eq!(
            ip("10.1.2.3:1", &["6.6.6.6, 198.51.100.1, 192.0.2.7"]).unwrap(),
            "198.51.100.1"
        );
        assert_eq!(
            ip("10.1.2.3:1", &["6.6.6.6", "198.51.100.1"]).unwrap(),
            "198.51.100.1"
        );
        // IPv4 seen as IPv6 is still the proxy.
        assert_eq!(
            ip("[::ffff:10.0.0.1]:1", &["198.51.100.1"]).unwrap(),
            "198.51.100.1"
        );
        // A proxy that forwards nothing: the proxy itself.
        assert_eq!(ip("10.1.2.3:1", &[]).unwrap(), "10.1.2.3");
        // A header that does not parse is not guessed at.
        assert_eq!(ip("10.1.2.3:1", &["not-an-ip"]), None);
        // RFC 7239, when there is no X-Forwarded-For.
        let standard = |peer, forwarded: &str| {
            let (mut headers, extensions) = from(peer, &[]);
            headers.insert("forwarded", forwarded.parse().unwrap());
            proxies
                .client_ip(&headers, &extensions)
                .map(|ip| ip.to_string())
        };
        assert_eq!(
            standard("10.1.2.3:1", "for=6.6.6.6, for=198.51.100.1;proto=https").unwrap(),
            "198.51.100.1"
        );
        assert_eq!(
            standard("10.1.2.3:1", r#"for="[2001:db8::1]:4711", for=10.0.0.9"#).unwrap(),
            "2001:db8::1"
        );
        assert_eq!(standard("10.1.2.3:1", "for=_hidden"), None);
        assert_eq!(
            standard("203.0.113.9:1", "for=198.51.100.1").unwrap(),
            "203.0.113.9"
        );
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
    }

    #[test]
    fn the_user_header_is_believed_from_a_trusted_proxy_only() {
        let user = ProxyUser {
            header: HeaderName::from_static("x-forwarded-user"),
            trusted: TrustedProxies::parse(&["127.0.0.1".into()]).unwrap(),
        };
        let asked = |peer: &str, values: &[&str]| {
            let (mut headers, extensions) = from(peer, &[]);
            for value in values {
                headers.append("x-forwarded-user", value.parse().unwrap());
            }
            user.client_user_id(&headers, &extensions)
        };
        assert_eq!(asked("127.0.0.1:9", &["u-42"]).as_deref(), Some("u-42"));
        assert_eq!(asked("203.0.113.9:9", &["u-42"]), None, "not the proxy");
        assert_eq!(asked("127.0.0.1:9", &[]), None);
        assert_eq!(asked("127.0.0.1:9", &[" "]), None);
        assert_eq!(asked("127.0.0.1:9", &["u-42", "u-43"]), None, "repeated");
        assert_eq!(asked("127.0.0.1:9", &[&"x".repeat(257)]), None);
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-user", "u-42".parse().unwrap());
        assert_eq!(
            user.client_user_id(&headers, &Extensions::new()),
            None,
            "no peer"
        );
    }
}
