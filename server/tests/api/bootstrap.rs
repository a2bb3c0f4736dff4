//! First start: the project, its signing key, the built-in permissions and role, and the
//! library functions behind `project-id` and `create-management-key`; the demo seed.

use crate::util::{Backend, TestApp, TestDatabase, backend_tests};
use tenantkit_server::capability::ProjectWide;
use tenantkit_server::{ManualClock, bootstrap, seed};
use tenantkit_wire::{
    PERMISSION_IMPERSONATE, PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN, ROLE_TENANT_ADMIN,
};
use tenantkit_wire::{Secret, UserSearchRequest};

backend_tests!(
    bootstrap_is_idempotent_and_race_safe,
    built_in_permissions_and_role_exist,
    cli_functions_create_the_project_and_keys,
    demo_seed_is_idempotent,
);

async fn bootstrap_is_idempotent_and_race_safe(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    let clock = ManualClock::new(1_800_000_000);
    // Two processes starting at once on one database (two pools).
    let (first_db, second_db) = (database.connect().await, database.connect().await);
    assert_eq!(first_db.project_id().await.unwrap(), None);
    let (first, second) = tokio::join!(
        bootstrap::init(&first_db, &clock),
        bootstrap::init(&second_db, &clock)
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(first.id, second.id);
    let created: Vec<&Secret> = [&first, &second]
        .iter()
        .filter_map(|project| project.initial_management_key.as_ref())
        .collect();
    assert_eq!(created.len(), 1, "exactly one process created the project");
    let id = first.id.as_str();
    assert!(
        id.len() == 28 && id.starts_with('P') && id.chars().all(|c| c.is_ascii_alphanumeric()),
        "{id}"
    );

    let keys = first_db.signing_keys().await.unwrap();
    assert_eq!(keys.len(), 1);
    // Sealed at rest (here with the key kept in the database: no --secret-key), a PKCS#8 PEM
    // inside.
    let sealing_key = first_db.sealing_key().await.unwrap();
    let pem = tenantkit_server::secrets::Sealer::new(sealing_key.as_bytes())
        .open(&keys[0].private_pem)
        .expect("sealed with the database's key");
    assert!(
        pem.expose().starts_with("-----BEGIN PRIVATE KEY-----"),
        "PKCS#8 PEM"
    );
    let again = bootstrap::init(&first_db, &clock).await.unwrap();
    assert_eq!(
        (again.id, again.initial_management_key),
        (first.id.clone(), None)
    );
    assert_eq!(second_db.signing_keys().await.unwrap()[0].kid, keys[0].kid);

    // The initial key is stored hashed and works.
    let initial = created[0].clone();
    let hash = tenantkit_server::auth::management_key::hash(&initial);
    assert!(
        first_db
            .active_management_key(&hash)
            .await
            .unwrap()
            .is_some()
    );
    let stored: Vec<String> =
        sqlx::query_scalar::<_, String>("SELECT key_hash FROM management_keys")
            .fetch_all(first_db.pool())
            .await
            .unwrap();
    assert_eq!(stored, [hash]);
    assert!(!stored[0].contains(initial.expose()));
    first_db.close().await;
    second_db.close().await;
}

async fn built_in_permissions_and_role_exist(backend: Backend) {
    let app = TestApp::builder(backend).start().await;
    let permissions = app.db().permissions().await.unwrap();
    let names: Vec<&str> = permissions.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            PERMISSION_IMPERSONATE,
            PERMISSION_SSO_ADMIN,
            PERMISSION_USER_ADMIN
        ]
    );
    assert!(
        permissions
            .iter()
            .all(|p| p.system_default && !p.description.is_empty())
    );
    let roles = app
        .db()
        .roles(&ProjectWide::bypass_for_trusted_local_code())
        .await
        .unwrap();
    assert_eq!(roles.len(), 1);
    assert_eq!(
        (roles[0].name.as_str(), roles[0].tenant_id.as_str()),
        (ROLE_TENANT_ADMIN, "")
    );
    assert_eq!(roles[0].permission_names, names);
}

async fn cli_functions_create_the_project_and_keys(backend: Backend) {
    // `create-management-key` on an empty database initialises it first.
    let database = TestDatabase::new(backend).await;
    let db = database.connect().await;
    let clock = ManualClock::new(1_800_000_000);
    let key = bootstrap::create_management_key(&db, &clock, "ci")
        .await
        .unwrap();
    assert_eq!(key.expose().len(), 43);
    let project_id = db.project_id().await.unwrap().unwrap();
    // `project-id` prints the same id afterwards.
    assert_eq!(bootstrap::init(&db, &clock).await.unwrap().id, project_id);
    let names: Vec<String> =
        sqlx::query_scalar::<_, String>("SELECT name FROM management_keys ORDER BY name")
            .fetch_all(db.pool())
            .await
            .unwrap();
    assert_eq!(names, ["ci", "initial"]);
    db.close().await;

    // A server started on that database accepts the key.
    let app = TestApp::builder(backend).on(database).start().await;
    assert_eq!(app.project_id, project_id);
    let client = app.anonymous().with_management_key(key);
    assert_eq!(
        client
            .search_users(&UserSearchRequest::default())
            .await
            .unwrap()
            .total,
        0
    );
}

async fn demo_seed_is_idempotent(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    assert!(!seed::seed_demo(app.db(), app.clock.as_ref()).await.unwrap());
    let all = app
        .management()
        .search_users(&UserSearchRequest::default())
        .await
        .unwrap();
    assert_eq!(all.total, 62);
    let started = std::time::Instant::now();
    let database = TestDatabase::new(backend).await;
    let db = database.connect().await;
    bootstrap::init(&db, app.clock.as_ref()).await.unwrap();
    let seeding = std::time::Instant::now();
    assert!(seed::seed_demo(&db, app.clock.as_ref()).await.unwrap());
    let seed_time = seeding.elapsed();
    assert!(
        seed_time.as_secs_f64() < 2.0,
        "seeding took {seed_time:?} (set-up {:?})",
        started.elapsed()
    );
    db.close().await;
}
