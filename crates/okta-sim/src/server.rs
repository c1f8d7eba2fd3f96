//! The loopback listener and its accept loop, and the handle of a running emulator.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::config::SimConfig;
use crate::dispatch;
use crate::error::SimError;
use crate::persist;
use crate::state::Sim;

/// A running emulator; dropping it without [`RunningSim::shutdown`] leaves the server running
/// until the Tokio runtime ends.
#[derive(Debug)]
pub struct RunningSim {
    addr: SocketAddr,
    aerial_host: String,
    shutdown: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningSim {
    /// Returns the bound address, e.g. `127.0.0.1:41234`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Returns the bound port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Returns `http://{host}:{port}`, the base URL under which `host` is served.
    pub fn url_for(&self, host: &str) -> String {
        format!("http://{host}:{}", self.port())
    }

    /// Returns the base URL of the Aerial service.
    pub fn aerial_url(&self) -> String {
        self.url_for(&self.aerial_host)
    }

    /// Stops accepting, closes open connections and waits for the server task to end.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

/// Binds the configured loopback address (`127.0.0.1:0` unless set) and starts serving.
///
/// When a persistence file is configured and exists, its state replaces the seed.
pub async fn start(config: SimConfig) -> Result<RunningSim, SimError> {
    if !config.listen.ip().is_loopback() {
        return Err(SimError::NotLoopback(config.listen));
    }
    let mut world = config.world.clone();
    if let Some(path) = &config.persist_to
        && let Some(saved) = persist::read_world(path)?
    {
        world = saved;
    }

    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| SimError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SimError::Bind {
        addr: config.listen,
        source,
    })?;

    let aerial_host = config.aerial_host.clone();
    let sim = Arc::new(Sim::new(config, world));
    let (shutdown, shutdown_rx) = watch::channel(false);
    let task = tokio::spawn(accept_loop(listener, sim, shutdown_rx));
    tracing::info!(%addr, "okta-sim listening");
    Ok(RunningSim {
        addr,
        aerial_host,
        shutdown,
        task,
    })
}

async fn accept_loop(listener: TcpListener, sim: Arc<Sim>, mut shutdown: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve_connection(stream, Arc::clone(&sim)));
                }
                Err(error) => tracing::warn!(%error, "accept failed"),
            },
            _ = shutdown.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
    tracing::info!("okta-sim stopped");
}

/// Serves one connection until the client closes it or a `drop` fault ends it early.
async fn serve_connection(stream: tokio::net::TcpStream, sim: Arc<Sim>) {
    let kill = Arc::new(Notify::new());
    let service_kill = Arc::clone(&kill);
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let sim = Arc::clone(&sim);
        let kill = Arc::clone(&service_kill);
        async move {
            let response = dispatch::handle(sim, request.map(Body::new), kill).await;
            Ok::<_, Infallible>(response)
        }
    });
    let connection = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = connection => {
            if let Err(error) = result {
                tracing::debug!(%error, "connection ended with an error");
            }
        }
        // Dropping the connection future closes the socket without writing a response.
        _ = kill.notified() => {}
    }
}
