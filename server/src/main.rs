//! The `tenantkit-server` binary: parse the command line, set up logging, run the command.

use clap::Parser;
use std::process::ExitCode;
use tenantkit_server::config::Cli;
use tracing_subscriber::EnvFilter;

/// mimalloc for the server's own allocations (SQLite keeps the C library's): cheaper per request
/// than glibc's under many concurrent requests (README, issue 17's eighth round).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let command = Cli::parse().into_command();
    match tenantkit_server::cli::run(command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
