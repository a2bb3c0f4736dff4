//! Creating the project on first start, and the project-level commands of the command line.
//!
//! The first process to start on an empty database creates the project: its id, an RS256
//! signing key and an initial management key. Several processes may start at once on one
//! PostgreSQL database: each prepares candidate rows, exactly one insert wins (insert-if-absent
//! on a singleton row, in one transaction with the key), and everyone reads the winner back.

use crate::auth::{management_key, token};
use crate::clock::Clock;
use crate::db::{Db, new_id};
use crate::error::{Error, Result};
use tenantkit_wire::{ProjectId, Secret};

/// The project as found or created by [`init`].
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The project id (`P` + 27 alphanumerics).
    pub id: ProjectId,
    /// The cleartext of the initial management key, only when this call created the project:
    /// show it once, it is stored as a hash.
    pub initial_management_key: Option<Secret>,
}

/// Creates the project if the database has none; idempotent and race-safe.
pub async fn init(db: &Db, clock: &dyn Clock) -> Result<Project> {
    if let Some(id) = db.project_id().await? {
        return Ok(Project {
            id,
            initial_management_key: None,
        });
    }
    let now = clock.now();
    let signing_key = tokio::task::spawn_blocking(move || token::generate_signing_key(now))
        .await
        .map_err(Error::internal)??;
    let (cleartext, management_key) = management_key::generate("initial");
    let candidate = ProjectId::new(new_id('P'));
    let created = db
        .create_project_if_absent(&candidate, now, &signing_key, &management_key)
        .await?;
    let id = db
        .project_id()
        .await?
        .ok_or_else(|| Error::Internal("the project vanished after creation".to_owned()))?;
    Ok(Project {
        id,
        initial_management_key: created.then_some(cleartext),
    })
}

/// Creates a management key (initialising the project if needed) and returns its cleartext,
/// which exists nowhere else.
pub async fn create_management_key(db: &Db, clock: &dyn Clock, name: &str) -> Result<Secret> {
    init(db, clock).await?;
    let (cleartext, stored) = management_key::generate(name);
    db.insert_management_key(&stored, clock.now()).await?;
    Ok(cleartext)
}
