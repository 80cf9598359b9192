//! `vital-link-server`: see README ("Server") for the flags and environment variables.

use axum::http::HeaderName;
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use vital_link_server::demo::DemoSessions;
use vital_link_server::host::{
    HostConfig, ProxyUser, RateLimit, TokenPolicy, TrustedProxies, ANSWER_DEADLINE,
    ANSWER_LIMIT_KIB,
};
use vital_link_server::sandbox::{Sandbox, SANDBOX_API_KEY};
use vital_link_server::{app, AppConfig, Bounds, HEADER_TIMEOUT};

/// The reference host backend for <vital-link>: its link-token endpoint and the built
/// widget. VITAL_API_KEY (environment only, never a flag) selects the real Vital API;
/// --sandbox runs the embedded local Vital sandbox instead, a development tool.
#[derive(Parser)]
#[command(name = "vital-link-server", version)]
struct Args {
    /// Run the embedded local Vital sandbox instead of calling Vital (loopback only).
    #[arg(long, env = "VITAL_LINK_SANDBOX", value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::SetTrue)]
    sandbox: bool,
    /// Address to listen on.
    #[arg(long, env = "VITAL_LINK_LISTEN", default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// The built widget to serve.
    #[arg(long, env = "VITAL_LINK_DIST", default_value = "dist")]
    dist: PathBuf,
    /// With --sandbox, a file of keys that sign the demo sign-in's session cookies, one
    /// per line: the first signs, all verify (rotation). Also VITAL_LINK_SESSION_KEYS
    /// (comma-separated); never a flag. Default: a key made at start-up.
    #[arg(long, env = "VITAL_LINK_SESSION_KEY_FILE")]
    session_key_file: Option<PathBuf>,
    /// The request header in which a trusted authentication proxy in front (oauth2-proxy,
    /// Pomerium...) names the signed-in person: the app's id for them. Required with a
    /// key, together with --trusted-proxy.
    #[arg(long, env = "VITAL_LINK_USER_HEADER")]
    user_header: Option<String>,
    /// Addresses (CIDR or single) of the proxies in front, comma-separated: only they may
    /// set the --user-header, and their X-Forwarded-For names the client for the rate
    /// limit.
    #[arg(
        long = "trusted-proxy",
        env = "VITAL_LINK_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<String>,
    /// Where browsers reach this server (scheme://host[:port]): the only Host it
    /// answers besides --allowed-origin's, and the origin that may ask for tokens.
    /// Required with a key; with --sandbox, any loopback name is answered.
    #[arg(long, env = "VITAL_LINK_PUBLIC_URL")]
    public_url: Option<String>,
    /// Vital environment (with a key).
    #[arg(long, env = "VITAL_ENVIRONMENT", value_parser = ["sandbox", "production"])]
    environment: Option<String>,
    /// Vital region (with a key).
    #[arg(long, env = "VITAL_REGION", value_parser = ["us", "eu"], default_value = "us")]
    region: String,
    /// Vital's base URL, overriding environment and region: https, or http to loopback.
    #[arg(long, env = "VITAL_API_BASE")]
    api_base: Option<String>,
    /// Where Vital sends the browser after OAuth. Required with a key.
    #[arg(long, env = "VITAL_REDIRECT_URL")]
    redirect_url: Option<String>,
    /// Origins (scheme://host[:port]) whose pages may ask for tokens, besides this
    /// server's own; comma-separated.
    #[arg(
        long = "allowed-origin",
        env = "VITAL_LINK_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    allowed_origins: Vec<String>,
    /// Token requests one IP may burst before it must wait.
    #[arg(long, env = "VITAL_LINK_RATE_BURST", default_value_t = 20)]
    rate_burst: u32,
    /// Milliseconds after which one more token request is allowed per IP.
    #[arg(long, env = "VITAL_LINK_RATE_PERIOD_MS", default_value_t = 500)]
    rate_period_ms: u64,
    /// Seconds a client has to send a request's headers before it is cut off.
    #[arg(long, env = "VITAL_LINK_HEADER_TIMEOUT_SECS", default_value_t = HEADER_TIMEOUT.as_secs())]
    header_timeout_secs: u64,
    /// Seconds within which every request is answered, its body read included (else 408).
    #[arg(long, env = "VITAL_LINK_REQUEST_TIMEOUT_SECS", default_value_t = Bounds::default().request_timeout.as_secs())]
    request_timeout_secs: u64,
    /// Requests handled at once; more wait their turn.
    #[arg(long, env = "VITAL_LINK_MAX_IN_FLIGHT", default_value_t = Bounds::default().max_in_flight)]
    max_in_flight: usize,
    /// Seconds within which the token and connections endpoints answer, however many
    /// calls to Vital that takes (else 504).
    #[arg(long, env = "VITAL_LINK_ANSWER_DEADLINE_SECS", default_value_t = ANSWER_DEADLINE.as_secs())]
    answer_deadline_secs: u64,
    /// KiB read at most of one of Vital's answers.
    #[arg(long, env = "VITAL_LINK_VITAL_ANSWER_LIMIT_KIB", default_value_t = ANSWER_LIMIT_KIB)]
    vital_answer_limit_kib: usize,
    /// Sandbox link token lifetime, in seconds.
    #[arg(long, env = "VITAL_SANDBOX_TOKEN_TTL_SECS", default_value_t = 3600)]
    token_ttl_secs: u64,
}

fn fail(message: &str) -> ! {
    eprintln!("vital-link-server: {message}\n\nSee vital-link-server --help.");
    std::process::exit(2)
}

/// Vital's base URL, from the same table the widget uses for its attributes.
fn vital_base(environment: &str, region: &str) -> Result<&'static str, String> {
    vital_link::config::api_base_for(environment, region).map_err(|e| match e {
        vital_link::api::ApiError::Config(what) => what,
        other => other.debug_message(),
    })
}

/// What the server is for: calling Vital with the team key, or the local sandbox.
fn configure(args: Args, key: Option<String>) -> Result<(AppConfig, String), String> {
    let public_origin = args.public_url.as_deref().map(origin_of).transpose()?;
    let trusted_proxies = TrustedProxies::parse(&args.trusted_proxies)?;
    let policy = TokenPolicy {
        allowed_origins: args.allowed_origins.clone(),
        public_origin: public_origin.clone(),
        rate_limit: Some(RateLimit {
            period: Duration::from_millis(args.rate_period_ms.max(1)),
            burst: args.rate_burst.max(1),
        }),
        trusted_proxies: trusted_proxies.clone(),
    };
    let bounds = Bounds {
        max_in_flight: args.max_in_flight.max(1),
        request_timeout: Duration::from_secs(args.request_timeout_secs.max(1)),
    };
    let bounded = |mut host: HostConfig| {
        host.answer_deadline = Duration::from_secs(args.answer_deadline_secs.max(1));
        host.answer_limit = args.vital_answer_limit_kib.max(1) * 1024;
        host
    };
    // Who is asking: a trusted proxy's header, or (the sandbox only) the demo sign-in.
    let proxy_user = match args.user_header.as_deref() {
        None => None,
        Some(_) if trusted_proxies.is_empty() => {
            return Err(
                "--user-header needs --trusted-proxy (VITAL_LINK_TRUSTED_PROXIES): \
                 the header is believed only from the proxy that sets it"
                    .into(),
            )
        }
        Some(name) => Some(ProxyUser {
            header: HeaderName::try_from(name.trim())
                .map_err(|_| format!("--user-header: not a header name: {name:?}"))?,
            trusted: trusted_proxies.clone(),
        }),
    };
    match (key, args.sandbox) {
        (Some(_), true) => {
            Err("VITAL_API_KEY is set and so is --sandbox (VITAL_LINK_SANDBOX): choose one".into())
        }
        (None, false) => Err(
            "no VITAL_API_KEY and no --sandbox: set VITAL_API_KEY to call Vital, \
             or pass --sandbox (VITAL_LINK_SANDBOX=1) for the local development sandbox"
                .into(),
        ),
        (Some(key), false) => {
            // The binary never decides who someone is by itself: with a real key, tokens
            // go only to people a real sign-in vouches for.
            let Some(users) = proxy_user else {
                return Err(
                    "with VITAL_API_KEY the server must know who is signed in, and \
                     it has no sign-in of its own: pass --user-header NAME and \
                     --trusted-proxy CIDR (an authentication proxy in front, such as \
                     oauth2-proxy or Pomerium), or mount vital_link_server::host::router \
                     in your own app with your own host::SignedIn"
                        .into(),
                );
            };
            if public_origin.is_none() {
                return Err("--public-url (VITAL_LINK_PUBLIC_URL) is required with \
                     VITAL_API_KEY: the server answers only the name browsers reach it by"
                    .into());
            }
            let base = match args.api_base {
                Some(base) => base,
                None => vital_base(
                    args.environment.as_deref().unwrap_or("sandbox"),
                    &args.region,
                )?
                .to_owned(),
            };
            // The key goes to this URL: never over plain http to another machine.
            vital_link::api::check_oauth_url(&base)
                .map_err(|_| format!("--api-base must be https (or http to loopback): {base}"))?;
            let redirect_url = args.redirect_url.ok_or(
                "--redirect-url (VITAL_REDIRECT_URL) is required with VITAL_API_KEY: \
                 the page OAuth returns to is configured, never taken from a request",
            )?;
            let mode = format!("Vital API at {base}");
            let config = AppConfig {
                host: bounded(HostConfig::new(&base, &key, users, Some(redirect_url))),
                sandbox: None,
                dist: args.dist,
                widget_api_base: base,
                policy,
                demo: None,
                bounds,
            };
            Ok((config, mode))
        }
        (None, true) => {
            // A dev tool that shows what people typed: never on a public address, never
            // mistaken for production.
            if !args.listen.ip().is_loopback() {
                return Err(format!(
                    "the sandbox listens on loopback only, not {}",
                    args.listen
                ));
            }
            if args.environment.as_deref() == Some("production") {
                return Err("the sandbox cannot run as --environment production".into());
            }
            let sandbox = Sandbox::new(Duration::from_secs(args.token_ttl_secs))
                .with_public_url(args.public_url);
            // The host endpoint calls the embedded sandbox over HTTP, exactly as it
            // would call Vital.
            let vital = format!("http://{}", args.listen);
            let (host, demo) = match proxy_user {
                Some(users) => (
                    HostConfig::new(&vital, SANDBOX_API_KEY, users, args.redirect_url),
                    None,
                ),
                None => {
                    let secure = public_origin
                        .as_deref()
                        .is_some_and(|o| o.starts_with("https://"));
                    let sessions = DemoSessions::new(
                        &session_keys(args.session_key_file.as_deref())?,
                        secure,
                    )?;
                    (
                        HostConfig::new(
                            &vital,
                            SANDBOX_API_KEY,
                            sessions.clone(),
                            args.redirect_url,
                        ),
                        Some(sessions),
                    )
                }
            };
            let config = AppConfig {
                host: bounded(host),
                sandbox: Some(sandbox),
                dist: args.dist,
                widget_api_base: "/".into(),
                policy,
                demo,
                bounds,
            };
            Ok((config, "embedded local Vital sandbox (--sandbox)".into()))
        }
    }
}

/// `scheme://host[:port]` of a URL, lowercased; http(s) only.
fn origin_of(url: &str) -> Result<String, String> {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url
        .split_once("://")
        .filter(|(scheme, _)| matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https"))
        .ok_or_else(|| format!("--public-url: not an http(s) URL: {url:?}"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return Err(format!("--public-url: no host in {url:?}"));
    }
    Ok(format!("{scheme}://{authority}").to_ascii_lowercase())
}

/// The demo sign-in's keys: VITAL_LINK_SESSION_KEYS (comma-separated), then the lines
/// of --session-key-file. Never a flag: other local users can read a process's
/// arguments.
fn session_keys(file: Option<&std::path::Path>) -> Result<Vec<String>, String> {
    let mut keys: Vec<String> = std::env::var("VITAL_LINK_SESSION_KEYS")
        .unwrap_or_default()
        .split(',')
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty())
        .collect();
    if let Some(file) = file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("--session-key-file {}: {e}", file.display()))?;
        keys.extend(
            text.lines()
                .map(|k| k.trim().to_owned())
                .filter(|k| !k.is_empty()),
        );
    }
    Ok(keys)
}

#[tokio::main]
async fn main() {
    // JSON lines on stdout, one per request (see `app`), level from RUST_LOG (default
    // info).
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_current_span(true)
        .with_span_list(false)
        .init();
    let args = Args::parse();
    let listen = args.listen;
    let header_timeout_secs = args.header_timeout_secs;
    let key = std::env::var("VITAL_API_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty());
    let (config, mode) = configure(args, key).unwrap_or_else(|e| fail(&e));

    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .unwrap_or_else(|e| fail(&format!("cannot listen on {listen}: {e}")));
    tracing::info!(%mode, "vital-link-server listening on http://{listen}");
    let header_timeout = Duration::from_secs(header_timeout_secs.max(1));
    vital_link_server::serve(listener, app(config), header_timeout, shutdown_signal()).await;
    tracing::info!("stopped: every request in flight was answered");
}

/// Ctrl-C or SIGTERM (what a container runtime or systemd sends): stop accepting, let
/// requests in flight finish, then exit.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
