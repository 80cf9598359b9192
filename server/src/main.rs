//! `vital-link-server`: see README ("Server") for the flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use vital_link_server::host::HostConfig;
use vital_link_server::sandbox::{Sandbox, SANDBOX_API_KEY};
use vital_link_server::{app, AppConfig};

const USAGE: &str = "vital-link-server [--listen ADDR] [--dist DIR] [--user-id UUID]
  [--environment sandbox|production] [--region us|eu] [--api-base URL]
  [--redirect-url URL] [--token-ttl-secs N] [--public-url URL]
Each flag can also be set by its environment variable: VITAL_LINK_LISTEN, VITAL_LINK_DIST,
VITAL_USER_ID, VITAL_ENVIRONMENT, VITAL_REGION, VITAL_API_BASE, VITAL_REDIRECT_URL,
VITAL_SANDBOX_TOKEN_TTL_SECS, VITAL_SANDBOX_PUBLIC_URL. VITAL_API_KEY (environment only, never a flag) selects the
real Vital API; without it the embedded local sandbox answers.";

/// The reference app's signed-in user (a real app reads it from its session).
const DEFAULT_USER_ID: &str = "4b0a8a5e-8f0e-4c1a-9d1e-2f6f3c1b7a10";

fn setting(args: &[String], flag: &str, env: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| std::env::var(env).ok())
        .filter(|v| !v.trim().is_empty())
}

/// Vital's base URL, from the same table the widget uses for its attributes.
fn vital_base(environment: &str, region: &str) -> Result<&'static str, String> {
    vital_link::config::api_base_for(environment, region).map_err(|e| match e {
        vital_link::api::ApiError::Config(what) => what,
        other => other.debug_message(),
    })
}

fn fail(message: &str) -> ! {
    eprintln!("vital-link-server: {message}\n\n{USAGE}");
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return;
    }
    let listen: SocketAddr = setting(&args, "--listen", "VITAL_LINK_LISTEN")
        .unwrap_or_else(|| "127.0.0.1:8787".into())
        .parse()
        .unwrap_or_else(|_| fail("--listen must be an address like 127.0.0.1:8787"));
    let dist =
        PathBuf::from(setting(&args, "--dist", "VITAL_LINK_DIST").unwrap_or_else(|| "dist".into()));
    let user_id =
        setting(&args, "--user-id", "VITAL_USER_ID").unwrap_or_else(|| DEFAULT_USER_ID.into());
    let redirect_url = setting(&args, "--redirect-url", "VITAL_REDIRECT_URL");
    let ttl = setting(&args, "--token-ttl-secs", "VITAL_SANDBOX_TOKEN_TTL_SECS")
        .map(|s| {
            s.parse::<u64>()
                .unwrap_or_else(|_| fail("--token-ttl-secs must be a number"))
        })
        .unwrap_or(3600);

    let (config, mode) =
        match std::env::var("VITAL_API_KEY")
            .ok()
            .filter(|k| !k.trim().is_empty())
        {
            Some(key) => {
                let base = match setting(&args, "--api-base", "VITAL_API_BASE") {
                    Some(base) => base,
                    None => vital_base(
                        &setting(&args, "--environment", "VITAL_ENVIRONMENT")
                            .unwrap_or_else(|| "sandbox".into()),
                        &setting(&args, "--region", "VITAL_REGION").unwrap_or_else(|| "us".into()),
                    )
                    .unwrap_or_else(|e| fail(&e))
                    .to_owned(),
                };
                let mode = format!("Vital API at {base}");
                (
                    AppConfig {
                        host: HostConfig::new(&base, &key, &user_id, redirect_url),
                        sandbox: None,
                        dist,
                        widget_api_base: base,
                    },
                    mode,
                )
            }
            None => {
                (
                    AppConfig {
                        // The host endpoint calls the embedded sandbox over HTTP, exactly as it
                        // would call Vital.
                        host: HostConfig::new(
                            &format!("http://{listen}"),
                            SANDBOX_API_KEY,
                            &user_id,
                            redirect_url,
                        ),
                        sandbox: Some(Sandbox::new(Duration::from_secs(ttl)).with_public_url(
                            setting(&args, "--public-url", "VITAL_SANDBOX_PUBLIC_URL"),
                        )),
                        dist,
                        widget_api_base: "/".into(),
                    },
                    "embedded local Vital sandbox (no VITAL_API_KEY)".to_owned(),
                )
            }
        };

    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .unwrap_or_else(|e| fail(&format!("cannot listen on {listen}: {e}")));
    println!("vital-link-server listening on http://{listen} ({mode})");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app(config))
        .with_graceful_shutdown(shutdown)
        .await
    {
        fail(&format!("server error: {e}"));
    }
}
