//! A batch is one transaction: the real server binary is killed (`SIGKILL`) while it stores a
//! batch of users, and afterwards the database holds all of the batch or none of it, so a
//! client whose answer never came knows it can send the batch again.

use crate::util::{Backend, TestDatabase, backend_tests};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tenantkit_client::Client;
use tenantkit_server::{SystemClock, bootstrap};
use tenantkit_wire::LoginId;
use tenantkit_wire::user_ops::{BatchCreateUsersRequest, CreateUserRequest};

backend_tests!(an_unanswered_batch_is_applied_whole_or_not_at_all);

const BATCH: usize = 500;

async fn stored_batch_users(db: &tenantkit_server::Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM login_ids WHERE login_id LIKE 'batch-%'")
        .fetch_one(db.pool())
        .await
        .unwrap()
}

async fn an_unanswered_batch_is_applied_whole_or_not_at_all(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    let db = database.connect().await;
    let project = bootstrap::init(&db, &SystemClock).await.unwrap();
    let key = project.initial_management_key.unwrap();

    let mut server = Command::new(env!("CARGO_BIN_EXE_tenantkit-server"))
        .args(["serve", "--database-url", &database.url])
        .args(["--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let banner = BufReader::new(server.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find(|line| line.contains("listening on"))
        .expect("the server's start line");
    let base_url = banner
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap()
        .to_owned();

    let client = Client::new(base_url, project.id.clone()).with_management_key(key);
    let users = (0..BATCH)
        .map(|n| CreateUserRequest {
            login_id: LoginId::new(format!("batch-{n}@acme.test")),
            email: format!("batch-{n}@acme.test"),
            ..CreateUserRequest::default()
        })
        .collect();
    let request = BatchCreateUsersRequest {
        users,
        invite: false,
    };
    // Kill the server as soon as part of the batch is visible, or a moment after the request
    // went out if nothing is: either way before it could answer a batch this size.
    let kill = async {
        let started = Instant::now();
        while stored_batch_users(&db).await == 0 && started.elapsed() < Duration::from_millis(150) {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        server.kill().unwrap();
        server.wait().unwrap();
    };
    let (answered, ()) = tokio::join!(client.create_users(&request), kill);

    let stored = stored_batch_users(&db).await;
    assert!(
        stored == 0 || stored == i64::try_from(BATCH).unwrap(),
        "a killed batch left {stored} of {BATCH} users (answered: {})",
        answered.is_ok()
    );
    if answered.is_ok() {
        assert_eq!(
            stored,
            i64::try_from(BATCH).unwrap(),
            "an answered batch is stored"
        );
    }
    db.close().await;
}
