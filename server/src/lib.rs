//! TenantKit's API server as a library: [`app`] builds the router for an [`AppState`], so the
//! binary and the integration tests run the same code.
//!
//! Layers, outside in: [`api`] (one router per resource, thin handlers) → [`auth`] (principal
//! extractor, capability checks) → [`db`] (storage on SQLite or PostgreSQL) → [`capability`]
//! (the capabilities `auth` hands out and `db` takes; a leaf). [`error`] is the one
//! place errors become wire responses; [`clock`] keeps time a parameter.

pub mod api;
pub mod auth;
pub mod bootstrap;
pub mod capability;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod dns;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod jobs;
pub mod listener;
pub mod mail;
pub mod scim;
pub mod secrets;
pub mod seed;
pub mod sso_signin;
pub mod state;

pub use api::app;
pub use clock::{Clock, ManualClock, SystemClock};
pub use db::{Backend, Db};
pub use error::{Error, Result};
pub use state::{AppState, Settings};
