//! `vital-link-server`: see README ("Server") for the flags and environment variables.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use vital_link_server::demo::DemoSessions;
use vital_link_server::host::{HostConfig, RateLimit, TokenPolicy};
use vital_link_server::sandbox::{Sandbox, SANDBOX_API_KEY};
use vital_link_server::{app, AppConfig};

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
    /// Signs the demo sign-in's session cookies (at least 64 bytes; every instance
    /// behind one load balancer needs the same). Default: a key made at start-up.
    #[arg(long, env = "VITAL_LINK_SESSION_KEY", hide_env_values = true)]
    session_key: Option<String>,
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
    /// Sandbox link token lifetime, in seconds.
    #[arg(long, env = "VITAL_SANDBOX_TOKEN_TTL_SECS", default_value_t = 3600)]
    token_ttl_secs: u64,
    /// Where browsers reach the sandbox (default: the request's host).
    #[arg(long, env = "VITAL_SANDBOX_PUBLIC_URL")]
    public_url: Option<String>,
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
    let policy = TokenPolicy {
        allowed_origins: args.allowed_origins.clone(),
        rate_limit: Some(RateLimit {
            period: Duration::from_millis(args.rate_period_ms.max(1)),
            burst: args.rate_burst.max(1),
        }),
    };
    // The demo's people sign in with a cookie; a real app reads its own session.
    let sessions = DemoSessions::new(args.session_key.as_deref())?;
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
                host: HostConfig::new(&base, &key, sessions.clone(), Some(redirect_url)),
                sandbox: None,
                dist: args.dist,
                widget_api_base: base,
                policy,
                demo: Some(sessions),
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
            let config = AppConfig {
                // The host endpoint calls the embedded sandbox over HTTP, exactly as it
                // would call Vital.
                host: HostConfig::new(
                    &format!("http://{}", args.listen),
                    SANDBOX_API_KEY,
                    sessions.clone(),
                    args.redirect_url,
                ),
                sandbox: Some(
                    Sandbox::new(Duration::from_secs(args.token_ttl_secs))
                        .with_public_url(args.public_url),
                ),
                dist: args.dist,
                widget_api_base: "/".into(),
                policy,
                demo: Some(sessions),
            };
            Ok((config, "embedded local Vital sandbox (--sandbox)".into()))
        }
    }
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
    let key = std::env::var("VITAL_API_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty());
    let (config, mode) = configure(args, key).unwrap_or_else(|e| fail(&e));

    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .unwrap_or_else(|e| fail(&format!("cannot listen on {listen}: {e}")));
    tracing::info!(%mode, "vital-link-server listening on http://{listen}");
    let service = app(config).into_make_service_with_connect_info::<SocketAddr>();
    if let Err(e) = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await
    {
        fail(&format!("server error: {e}"));
    }
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
