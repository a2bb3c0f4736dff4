//! The database `cargo xtask bench-load` serves: the demo data, with tenant `acme` grown to
//! `TENANTKIT_LOAD_USERS` users (generated names, every tenth disabled). Not a benchmark itself:
//! a `harness = false` bench target because it drives the server library, and xtask depends on
//! the standard library only.
//!
//! `TENANTKIT_LOAD_DB=sqlite:///path/x.db TENANTKIT_LOAD_USERS=100000 cargo bench -p tenantkit-server --bench load_fixture`

use std::process::ExitCode;
use tenantkit_server::Db;
use tenantkit_server::capability::ProjectWide;
use tenantkit_server::clock::SystemClock;
use tenantkit_server::db::users::NewUser;
use tenantkit_server::seed::{self, ACME};
use tenantkit_wire::{LoginId, TenantId, UserSearchRequest, UserStatus};

type FixtureResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Users per insert transaction.
const CHUNK: usize = 5_000;

const FIRST: [&str; 12] = [
    "Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Elijah", "Mia", "Lucas",
    "Harper", "Mateo",
];
const LAST: [&str; 12] = [
    "Smith", "Johnson", "Garcia", "Miller", "Davis", "Lopez", "Wilson", "Taylor", "Moore", "Lee",
    "Young", "Nguyen",
];

async fn run() -> FixtureResult {
    let url = std::env::var("TENANTKIT_LOAD_DB")?;
    let users: usize = std::env::var("TENANTKIT_LOAD_USERS")?.parse()?;
    let db = Db::connect(&url).await?;
    seed::seed_demo(&db, &SystemClock).await?;
    let scope = ProjectWide::bypass_for_trusted_local_code();
    let request = UserSearchRequest {
        tenant_ids: vec![TenantId::new(ACME)],
        limit: 1,
        ..UserSearchRequest::default()
    };
    let present = usize::try_from(
        db.search_users(
            &tenantkit_server::capability::Scope::Project(scope),
            &request,
        )
        .await?
        .total,
    )?;
    let scope = ProjectWide::bypass_for_trusted_local_code();
    let now = 1_700_000_000;
    for start in (present..users).step_by(CHUNK) {
        let chunk: Vec<NewUser> = (start..users.min(start + CHUNK))
            .map(|n| {
                let first = FIRST[n % FIRST.len()];
                let last = LAST[(n / FIRST.len()) % LAST.len()];
                let login_id = format!("{first}.{last}{n}@load.test").to_lowercase();
                NewUser {
                    login_id: LoginId::new(&login_id),
                    name: format!("{first} {last}"),
                    given_name: first.to_owned(),
                    family_name: last.to_owned(),
                    email: login_id,
                    status: if n.is_multiple_of(10) {
                        UserStatus::Disabled
                    } else {
                        UserStatus::Enabled
                    },
                    tenants: vec![(TenantId::new(ACME), Vec::new())],
                    created: Some(now - i64::try_from(n).unwrap_or_default()),
                    ..NewUser::default()
                }
            })
            .collect();
        db.insert_users(&scope, &chunk, now).await?;
    }
    db.close().await;
    println!("load fixture: {users} users in {ACME} ({url})");
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("load_fixture: {error}");
            ExitCode::FAILURE
        }
    }
}
