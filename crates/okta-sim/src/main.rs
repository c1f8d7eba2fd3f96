//! `okta-sim`: runs the emulator standalone on a loopback port until killed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use okta_sim::SimConfig;

const USAGE: &str = "usage: okta-sim --listen 127.0.0.1:PORT [--seed FILE | --demo] [--control] \
[--persist FILE] [--token-lifetime SECS] [--org-ready-delay SECS] [--aerial-host HOST] \
[--rate-limit-per-minute N] [--realistic]

  --listen ADDR            loopback address to bind; port 0 picks a free port (default 127.0.0.1:0)
  --seed FILE              seed JSON file (see the README for the format)
  --demo                   use the built-in demo account (the default without --seed)
  --control                enable the /__sim/ control API
  --persist FILE           save state to FILE after every change and load it at start
  --token-lifetime SECS    access token lifetime in seconds (default 3600)
  --org-ready-delay SECS   seconds before an org made by Org Creator is reachable (default 0)
  --aerial-host HOST       host name of the Aerial service (default aerial.sim.localhost)
  --rate-limit-per-minute N  requests per minute per host and route group (default 10000)
  --realistic              use Okta's delays: orgs made by Org Creator are reachable after 30 s

Logs go to stderr; set RUST_LOG (e.g. RUST_LOG=okta_sim=debug) to see failed requests.";

#[derive(Debug, Default)]
struct Options {
    listen: Option<SocketAddr>,
    seed: Option<PathBuf>,
    control: bool,
    persist: Option<PathBuf>,
    token_lifetime: Option<u64>,
    org_ready_delay: Option<u64>,
    aerial_host: Option<String>,
    rate_limit_per_minute: Option<u32>,
    realistic: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options::default();
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match flag.as_str() {
            "--listen" => {
                let text = value("--listen")?;
                options.listen = Some(
                    text.parse()
                        .map_err(|_| format!("invalid --listen address {text}"))?,
                );
            }
            "--seed" => options.seed = Some(PathBuf::from(value("--seed")?)),
            "--demo" => options.seed = None,
            "--control" => options.control = true,
            "--realistic" => options.realistic = true,
            "--persist" => options.persist = Some(PathBuf::from(value("--persist")?)),
            "--token-lifetime" => {
                options.token_lifetime = Some(parse_secs(&value("--token-lifetime")?)?)
            }
            "--org-ready-delay" => {
                options.org_ready_delay = Some(parse_secs(&value("--org-ready-delay")?)?)
            }
            "--aerial-host" => options.aerial_host = Some(value("--aerial-host")?),
            "--rate-limit-per-minute" => {
                let text = value("--rate-limit-per-minute")?;
                let budget = text
                    .parse()
                    .map_err(|_| format!("invalid request budget {text}"))?;
                options.rate_limit_per_minute = Some(budget);
            }
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(options)
}

fn parse_secs(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("invalid number of seconds {text}"))
}

fn build_config(options: Options) -> Result<SimConfig, String> {
    let mut config = match &options.seed {
        Some(path) => SimConfig::from_seed_file(path).map_err(|error| error.to_string())?,
        None => SimConfig::demo(),
    };
    config = config.control_api(options.control);
    if options.realistic {
        config = config.realistic();
    }
    if let Some(listen) = options.listen {
        config = config.listen_addr(listen);
    }
    if let Some(path) = options.persist {
        config = config.persist_to(path);
    }
    if let Some(secs) = options.token_lifetime {
        config = config.token_lifetime(Duration::from_secs(secs));
    }
    if let Some(secs) = options.org_ready_delay {
        config = config.org_ready_delay(Duration::from_secs(secs));
    }
    if let Some(host) = options.aerial_host {
        config = config.aerial_host(host);
    }
    if let Some(budget) = options.rate_limit_per_minute {
        config = config.rate_limit_per_minute(budget);
    }
    Ok(config)
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("okta_sim=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

#[tokio::main]
async fn main() -> ExitCode {
    init_logging();
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("okta-sim: {message}");
            }
            eprintln!("{USAGE}");
            return if message.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let config = match build_config(options) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("okta-sim: {message}");
            return ExitCode::FAILURE;
        }
    };
    let sim = match okta_sim::start(config).await {
        Ok(sim) => sim,
        Err(error) => {
            eprintln!("okta-sim: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("okta-sim listening on http://{}", sim.addr());
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("okta-sim: failed to wait for Ctrl-C: {error}");
    }
    sim.shutdown().await;
    ExitCode::SUCCESS
}
