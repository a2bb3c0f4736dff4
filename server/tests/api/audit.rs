//! The audit search at scale (issue 17): totals counted up to [`TOTAL_CAP`] with
//! `totalCapped`, pages in the order `occurred DESC, id DESC` under every filter, ties
//! included, a free text that answers, through the trigram indexes, what checking every
//! event answers, and one of one or two characters looked for among the newest 10,000 events
//! only (`searchedNewest`), and pages far down a log found through its hour counts, on both
//! databases. The events are written straight into `audit_events`, as many
//! as a test needs, with ids and times it chooses.

use crate::util::{Backend, TestApp, backend_tests};
use tenantkit_server::seed;
use tenantkit_wire::tenant::{AuditSearchRequest, AuditSearchResponse, SHORT_TEXT_EVENTS};
use tenantkit_wire::user::TOTAL_CAP;

backend_tests!(
    audit_totals_stop_at_the_cap,
    audit_pages_follow_the_order_under_every_filter,
    audit_text_answers_what_a_scan_answers,
    audit_short_text_finds_login_holders,
    audit_short_text_searches_the_newest_events,
    audit_text_index_follows_retention_and_vacuum,
    audit_deep_pages_answer_what_walking_answers,
);

/// The tenant of the events these tests write (no other events are recorded in it).
const LAB: &str = "lab";
/// Rows per multi-row insert.
const INSERT_ROWS: usize = 200;

/// One event to write: `(id, occurred, action, user, data)`; the actor is `actor-<user>`, the
/// address `10.0.0.1`.
type Event = (String, i64, String, String, String);

/// Writes `events` into `tenant`.
async fn insert_events(app: &TestApp, tenant: &str, events: &[Event]) {
    for chunk in events.chunks(INSERT_ROWS) {
        let tuples: Vec<String> = (0..chunk.len())
            .map(|row| {
                let first = row * 7;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, '10.0.0.1', ${})",
                    first + 1,
                    first + 2,
                    first + 3,
                    first + 4,
                    first + 5,
                    first + 6,
                    first + 7
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO audit_events \
             (id, occurred, action, user_id, actor_id, tenant_id, remote_address, data) VALUES {}",
            tuples.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (id, occurred, action, user, data) in chunk {
            query = query
                .bind(id.as_str())
                .bind(*occurred)
                .bind(action.as_str())
                .bind(user.as_str())
                .bind(format!("actor-{user}"))
                .bind(tenant)
                .bind(data.as_str());
        }
        query.execute(app.db().pool()).await.unwrap();
    }
}

/// An event of `action` about `user` with empty data.
fn event(id: String, occurred: i64, action: &str, user: &str) -> Event {
    (
        id,
        occurred,
        action.to_owned(),
        user.to_owned(),
        "{}".to_owned(),
    )
}

/// A search of [`LAB`]'s events.
fn in_lab(change: impl FnOnce(&mut AuditSearchRequest)) -> AuditSearchRequest {
    let mut request = AuditSearchRequest {
        tenants: vec![LAB.to_owned()],
        ..AuditSearchRequest::default()
    };
    change(&mut request);
    request
}

async fn audit_totals_stop_at_the_cap(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let cap = usize::try_from(TOTAL_CAP).unwrap();
    // Exactly TOTAL_CAP events of one action, a few of another: in acme, with the seed's.
    let events: Vec<Event> = (0..cap + 3)
        .map(|n| {
            let action = if n < cap { "Bulk" } else { "Rare" };
            event(
                format!("E{n:06}"),
                1_000 + i64::try_from(n).unwrap(),
                action,
                "U1",
            )
        })
        .collect();
    insert_events(&app, seed::ACME, &events).await;
    let (acme, _) = app.acme_admin().await;
    let search = |change: fn(&mut AuditSearchRequest)| {
        let mut request = AuditSearchRequest {
            size: Some(5),
            ..AuditSearchRequest::default()
        };
        change(&mut request);
        request
    };

    let all = acme.search_audit(&search(|_| {})).await.unwrap();
    assert_eq!(
        (all.total, all.total_capped),
        (TOTAL_CAP, true),
        "more than the cap match: the cap, flagged"
    );
    assert_eq!(all.audits.len(), 5);
    let bulk = acme
        .search_audit(&search(|r| r.actions = vec!["Bulk".to_owned()]))
        .await
        .unwrap();
    assert_eq!(
        (bulk.total, bulk.total_capped),
        (TOTAL_CAP, false),
        "exactly the cap is still exact"
    );
    assert_eq!(
        bulk.audits[0].occurred,
        (1_000 + cap - 1).to_string(),
        "newest first"
    );
    let rare = acme
        .search_audit(&search(|r| r.actions = vec!["Rare".to_owned()]))
        .await
        .unwrap();
    assert_eq!((rare.total, rare.total_capped), (3, false));

    // The flag is on the wire only when it is set (Descope's clients know no such field).
    let body = raw_search(&app, &search(|r| r.page = 9_999)).await;
    assert_eq!(body["totalCapped"], true, "{body}");
    let exact = raw_search(&app, &search(|r| r.actions = vec!["Rare".to_owned()])).await;
    assert!(exact.get("totalCapped").is_none(), "{exact}");
    assert_eq!(exact["total"], 3);
}

/// The JSON answer of an audit search with the management key, as the wire has it.
async fn raw_search(app: &TestApp, request: &AuditSearchRequest) -> serde_json::Value {
    app.http(reqwest::Method::POST, "/v1/mgmt/audit/search")
        .bearer_auth(format!(
            "{}:{}",
            app.project_id.as_str(),
            app.management_key.expose()
        ))
        .json(request)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Every page of `request` at `size` events a page, in order, as `(occurred, action, user)`.
async fn all_pages(
    app: &TestApp,
    mut request: AuditSearchRequest,
    size: u32,
) -> Vec<(i64, String, String)> {
    request.size = Some(size);
    let mut seen = Vec::new();
    loop {
        let AuditSearchResponse { audits, total, .. } =
            app.management().search_audit(&request).await.unwrap();
        let short = audits.len() < size as usize;
        seen.extend(
            audits
                .into_iter()
                .map(|audit| (audit.occurred.parse().unwrap(), audit.action, audit.user_id)),
        );
        if short {
            assert_eq!(seen.len() as u64, total, "the pages add up to the total");
            return seen;
        }
        request.page += 1;
    }
}

async fn audit_pages_follow_the_order_under_every_filter(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    // 120 events over 30 distinct times: four share each time, so the id decides their order.
    // Ids are digits after one letter, so byte order and every collation agree.
    let actions = ["UserCreated", "RoleDeleted", "UserUpdated"];
    let events: Vec<Event> = (0..120)
        .map(|n: usize| {
            let occurred = 5_000 + i64::try_from(n / 4).unwrap() * 1_000;
            // Ids out of step with the times, so the order is not the order of insertion.
            let id = format!("E{:04}", (n * 37) % 120);
            event(id, occurred, actions[n % 3], &format!("U{}", n % 5))
        })
        .collect();
    insert_events(&app, LAB, &events).await;
    // Another tenant's events at the same times are never listed.
    let elsewhere: Vec<Event> = events[..10]
        .iter()
        .map(|(id, occurred, action, user, data)| {
            (
                format!("X{id}"),
                *occurred,
                action.clone(),
                user.clone(),
                data.clone(),
            )
        })
        .collect();
    insert_events(&app, "elsewhere", &elsewhere).await;
    let mut by_hand = events.clone();
    by_hand.sort_by(|a, b| (b.1, &b.0).cmp(&(a.1, &a.0)));
    let expected = |keep: &dyn Fn(&Event) -> bool| -> Vec<(i64, String, String)> {
        by_hand
            .iter()
            .filter(|event| keep(event))
            .map(|(_, occurred, action, user, _)| (*occurred, action.clone(), user.clone()))
            .collect()
    };

    assert_eq!(
        all_pages(&app, in_lab(|_| {}), 7).await,
        expected(&|_| true),
        "no filter"
    );
    assert_eq!(
        all_pages(&app, in_lab(|r| r.user_ids = vec!["U3".to_owned()]), 5).await,
        expected(&|event| event.3 == "U3"),
        "one user"
    );
    assert_eq!(
        all_pages(
            &app,
            in_lab(|r| r.actions = vec!["RoleDeleted".to_owned()]),
            6
        )
        .await,
        expected(&|event| event.2 == "RoleDeleted"),
        "one action"
    );
    assert_eq!(
        all_pages(
            &app,
            in_lab(|r| {
                r.from = Some(9_000);
                r.to = Some(20_000);
            }),
            9
        )
        .await,
        expected(&|event| (9_000..=20_000).contains(&event.1)),
        "a time range, both ends included"
    );
    assert_eq!(
        all_pages(
            &app,
            in_lab(|r| {
                r.actions = vec!["UserCreated".to_owned()];
                r.user_ids = vec!["U1".to_owned(), "U2".to_owned()];
                r.from = Some(12_000);
            }),
            4
        )
        .await,
        expected(&|event| {
            event.2 == "UserCreated"
                && ["U1", "U2"].contains(&event.3.as_str())
                && event.1 >= 12_000
        }),
        "filters together"
    );
}

/// `%text%` as a `LIKE ... ESCAPE '\\'` pattern: lower-cased, `%`, `_` and `\\` escaped.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The times of the events of [`LAB`] holding `text`, newest first, found the way the search
/// found them before its indexes: every event checked, column by column, and the login ids of
/// its user and actor. A text of one or two characters only among the newest
/// [`SHORT_TEXT_EVENTS`].
async fn scanned(app: &TestApp, text: &str) -> Vec<i64> {
    use sqlx::Row;
    let like = "LIKE $1 ESCAPE '\\'";
    let logins = format!("(SELECT user_id FROM login_ids WHERE LOWER(login_id) {like})");
    let events = if text.trim().chars().count() < 3 {
        format!(
            "(SELECT * FROM audit_events WHERE tenant_id = $2 \
             ORDER BY occurred DESC, id DESC LIMIT {SHORT_TEXT_EVENTS}) AS newest"
        )
    } else {
        "audit_events".to_owned()
    };
    let sql = format!(
        "SELECT occurred FROM {events} WHERE tenant_id = $2 AND (\
         LOWER(action) {like} OR LOWER(actor_id) {like} OR LOWER(user_id) {like} \
         OR LOWER(remote_address) {like} OR LOWER(data) {like} \
         OR user_id IN {logins} OR actor_id IN {logins}) ORDER BY occurred DESC, id DESC"
    );
    sqlx::query(&sql)
        .bind(like_pattern(text))
        .bind(LAB)
        .fetch_all(app.db().pool())
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("occurred"))
        .collect()
}

async fn audit_text_answers_what_a_scan_answers(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.user(seed::ACME_ADMIN).await.user_id;
    let member = app.user(seed::GLOBEX_ADMIN).await.user_id;
    let (admin, member) = (admin.as_str(), member.as_str());
    let details = [
        r#"{"loginId":"Ada.Lovelace@Example.test"}"#,
        r#"{"note":"50% off_sale, 20%-off"}"#,
        r#"{"name":"Zoë Ñandú","city":"Ærøskøbing"}"#,
        r#"{"path":"C:\\temp\\x","quote":"say \"hi\""}"#,
        "{}",
    ];
    let mut events = Vec::new();
    for n in 0..60_usize {
        let user = match n % 4 {
            0 => admin,
            1 => member,
            2 => "U-gone",
            _ => "",
        };
        let action = ["UserCreated", "RoleDeleted", "AccessKeyCreated"][n % 3];
        events.push((
            format!("E{n:04}"),
            10_000 + i64::try_from(n).unwrap(),
            action.to_owned(),
            user.to_owned(),
            details[n % details.len()].to_owned(),
        ));
    }
    // The actor is `actor-<user>` in insert_events: set the intended actors afterwards.
    insert_events(&app, LAB, &events).await;
    for (n, (id, ..)) in events.iter().enumerate() {
        let actor = match n % 4 {
            0 => member,
            1 => "mgmt:K123",
            2 => admin,
            _ => "cli",
        };
        sqlx::query("UPDATE audit_events SET actor_id = $1, remote_address = $2 WHERE id = $3")
            .bind(actor)
            .bind(format!("10.{}.0.{}", n % 3, n))
            .bind(id.as_str())
            .execute(app.db().pool())
            .await
            .unwrap();
    }
    // Many events share "filler": on SQLite a text this common is checked along the order.
    let filler: Vec<Event> = (0..10_050_usize)
        .map(|n| {
            event(
                format!("F{n:06}"),
                1_000 + i64::try_from(n % 5_000).unwrap(),
                "Filler",
                "U-f",
            )
        })
        .collect();
    insert_events(&app, LAB, &filler).await;
    // Another tenant's matching events never show.
    insert_events(
        &app,
        "elsewhere",
        &[(
            "X1".to_owned(),
            99_999,
            "UserCreated".to_owned(),
            admin.to_owned(),
            details[0].to_owned(),
        )],
    )
    .await;

    for text in [
        "rcrea",
        "RCREA",
        "userCreated",
        "ada.love",
        "LOVELACE@EXAMPLE",
        "lovelace@example.test\"",
        "50%",
        "0% o",
        "% o",
        "%",
        "_",
        "f_s",
        "f_sa",
        "fxsale",
        "20%-",
        "\\temp",
        "\\",
        "y \\\"h",
        "\"hi",
        "zoë",
        "ZOË",
        "ñandú",
        "ærø",
        "10.2.0.5",
        ".0.",
        "mgmt:k1",
        "admin@acme",
        "ACME.TEST",
        "n@globex.t",
        "cli",
        "u-gone",
        "filler",
        "ille",
        "fil",
        "f",
        "zz",
        "no such text",
    ] {
        let expected = scanned(&app, text).await;
        let cap = usize::try_from(TOTAL_CAP).unwrap();
        for (page, size) in [(0, 100), (3, 7)] {
            let found = app
                .management()
                .search_audit(&in_lab(|r| {
                    r.text = text.to_owned();
                    r.page = page;
                    r.size = Some(size);
                }))
                .await
                .unwrap();
            let times: Vec<i64> = found
                .audits
                .iter()
                .map(|audit| audit.occurred.parse().unwrap())
                .collect();
            let start = (page * size) as usize;
            let end = (start + size as usize).min(expected.len());
            assert_eq!(
                times,
                expected.get(start..end).unwrap_or_default(),
                "{text:?}, page {page} of {size}"
            );
            assert_eq!(
                (found.total, found.total_capped),
                (expected.len().min(cap) as u64, expected.len() > cap),
                "{text:?}"
            );
            // The tenant has 10,110 events: a short text is looked for among 10,000.
            let short = text.trim().chars().count() < 3;
            assert_eq!(
                found.searched_newest,
                short.then_some(SHORT_TEXT_EVENTS),
                "{text:?}"
            );
        }
    }
}

/// A short text finds the events of the users whose login ids hold it, beside those holding
/// it in their own columns, and counts both.
async fn audit_short_text_finds_login_holders(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.user(seed::ACME_ADMIN).await.user_id;
    // `n@` is in admin@acme.test and in 40 events' data; ids hold no `@`.
    let events: Vec<Event> = (0..240_usize)
        .map(|n| {
            let occurred = 1_000 + i64::try_from(n).unwrap();
            if n % 6 == 0 {
                let data = r#"{"to":"bren@example.test"}"#.to_owned();
                (
                    format!("E{n:04}"),
                    occurred,
                    "Mailed".to_owned(),
                    "U-x".to_owned(),
                    data,
                )
            } else {
                event(format!("E{n:04}"), occurred, "Changed", admin.as_str())
            }
        })
        .collect();
    insert_events(&app, LAB, &events).await;
    let expected = scanned(&app, "n@").await;
    assert_eq!(
        expected.len(),
        240,
        "every event: 40 by data, 200 by the user"
    );
    let found = app
        .management()
        .search_audit(&in_lab(|r| {
            r.text = "N@".to_owned();
            r.size = Some(50);
        }))
        .await
        .unwrap();
    assert_eq!((found.total, found.total_capped), (240, false));
    assert_eq!(found.searched_newest, None, "240 events: all searched");
    let times: Vec<i64> = found
        .audits
        .iter()
        .map(|audit| audit.occurred.parse().unwrap())
        .collect();
    assert_eq!(times, expected[..50]);
}

/// The times of `page`'s events, newest first.
fn times_of(page: &AuditSearchResponse) -> Vec<i64> {
    page.audits
        .iter()
        .map(|audit| audit.occurred.parse().unwrap())
        .collect()
}

/// A text of one or two characters is looked for among the newest [`SHORT_TEXT_EVENTS`] events
/// the other filters keep, and the answer says so; a longer text, or a time range holding
/// fewer events, searches them all.
async fn audit_short_text_searches_the_newest_events(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let window = usize::try_from(SHORT_TEXT_EVENTS).unwrap();
    // Three old events hold `q9`; the newest 10,000 do not.
    let mut events: Vec<Event> = (1..=3_i64)
        .map(|n| {
            (
                format!("Q{n}"),
                n,
                "Coded".to_owned(),
                "U-q".to_owned(),
                r#"{"code":"Q9"}"#.to_owned(),
            )
        })
        .collect();
    events.extend(
        (0..window).map(|n| event(format!("F{n:06}"), 100_000 + n as i64, "Filler", "U-f")),
    );
    insert_events(&app, LAB, &events).await;
    let search = |text: &str, change: fn(&mut AuditSearchRequest)| {
        let text = text.to_owned();
        in_lab(move |r| {
            r.text = text;
            r.size = Some(2);
            change(r);
        })
    };
    let management = app.management();

    let short = management
        .search_audit(&search("q9", |_| {}))
        .await
        .unwrap();
    assert_eq!(
        (short.total, short.audits.len(), short.searched_newest),
        (0, 0, Some(SHORT_TEXT_EVENTS)),
        "the three are older than the newest 10,000"
    );
    let body = raw_search(&app, &search("q9", |_| {})).await;
    assert_eq!(body["searchedNewest"], 10_000, "{body}");

    let long = management
        .search_audit(&search("q9\"", |_| {}))
        .await
        .unwrap();
    assert_eq!(
        (long.total, times_of(&long), long.searched_newest),
        (3, vec![3, 2], None),
        "three characters: every event"
    );
    assert!(
        raw_search(&app, &search("q9\"", |_| {}))
            .await
            .get("searchedNewest")
            .is_none()
    );

    // A time range of fewer events than the window: all of them searched.
    let old = |page: u32| {
        let mut request = search("Q9", |r| r.to = Some(50_000));
        request.page = page;
        request
    };
    for (page, times) in [(0, vec![3, 2]), (1, vec![1]), (2, vec![])] {
        let found = management.search_audit(&old(page)).await.unwrap();
        assert_eq!(
            (found.total, times_of(&found), found.searched_newest),
            (3, times, None),
            "page {page}"
        );
    }

    // A text every one of the newest holds: counted exactly, never past the window.
    let common = management.search_audit(&search("f", |_| {})).await.unwrap();
    assert_eq!(
        (common.total, common.total_capped, times_of(&common)),
        (
            SHORT_TEXT_EVENTS,
            false,
            vec![100_000 + window as i64 - 1, 100_000 + window as i64 - 2]
        )
    );
}

/// The search's answer for `text` in [`LAB`], all of it: the times, newest first.
async fn searched(app: &TestApp, text: &str) -> Vec<i64> {
    all_pages(app, in_lab(|r| r.text = text.to_owned()), 1_000)
        .await
        .into_iter()
        .map(|(occurred, ..)| occurred)
        .collect()
}

/// Retention deletes events and SQLite's VACUUM may move rows: the text index (kept by
/// triggers, keyed by rowid on SQLite) still answers what a scan answers.
async fn audit_text_index_follows_retention_and_vacuum(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let events: Vec<Event> = (0..40_usize)
        .map(|n| {
            (
                format!("E{n:04}"),
                1_000 + i64::try_from(n).unwrap(),
                ["Exported", "Imported"][n % 2].to_owned(),
                format!("U{}", n % 3),
                format!(r#"{{"file":"report-{n}.csv"}}"#),
            )
        })
        .collect();
    insert_events(&app, LAB, &events).await;
    let texts = ["report-1", "report-3", "xported", "rt-3", ".csv", "u2"];
    for text in texts {
        assert_eq!(
            searched(&app, text).await,
            scanned(&app, text).await,
            "{text:?}"
        );
    }
    assert_eq!(searched(&app, "report-1").await.len(), 11);
    // The oldest 25 go; the others stay searchable, and the gone ones are no longer found.
    assert_eq!(app.db().prune_audit(1_025).await.unwrap(), 25);
    if backend == Backend::Sqlite {
        let pool = app.db().pool();
        sqlx::query("VACUUM").execute(pool).await.unwrap();
        sqlx::query("INSERT INTO audit_fts (audit_fts, rank) VALUES ('integrity-check', 1)")
            .execute(pool)
            .await
            .unwrap();
    }
    for text in texts {
        assert_eq!(
            searched(&app, text).await,
            scanned(&app, text).await,
            "{text:?}"
        );
    }
    assert_eq!(
        searched(&app, "report-3").await,
        [
            1_039, 1_038, 1_037, 1_036, 1_035, 1_034, 1_033, 1_032, 1_031, 1_030
        ],
        "report-3 and report-30 to 39 were found, report-3 is gone"
    );
}

/// One page of [`LAB`]'s log, unfiltered (found through the hour counts when it starts 10,000 or
/// more events down) or with a time range that keeps every event (the index walked from the
/// newest): `(occurred, user)` of each event.
async fn deep_page(app: &TestApp, page: u32, walked: bool) -> Vec<(i64, String)> {
    let request = in_lab(|r| {
        r.size = Some(7);
        r.page = page;
        if walked {
            r.from = Some(i64::MIN);
        }
    });
    let found = app.management().search_audit(&request).await.unwrap();
    found
        .audits
        .into_iter()
        .map(|audit| (audit.occurred.parse().unwrap(), audit.user_id))
        .collect()
}

/// Every page from 9,940 events down to past the last answers the same through the hour counts
/// as by walking the index; `pages` is how many pages of 7 the log holds.
async fn assert_deep_pages_agree(app: &TestApp, pages: u32, moment: &str) {
    for page in 1_420..=pages {
        let counted = deep_page(app, page, false).await;
        assert_eq!(
            counted,
            deep_page(app, page, true).await,
            "page {page} {moment}"
        );
        if page + 1 < pages {
            assert_eq!(counted.len(), 7, "page {page} {moment}");
        } else if page == pages {
            assert!(counted.is_empty(), "past the last page {moment}");
        }
    }
}

/// A page 10,000 or more events down an unfiltered tenant's log starts in the hour the hour
/// counts (kept by triggers, migration 0139) say holds it: the same events, in the same order,
/// as walking the index from the newest, across hour boundaries, times before 1970, ties of
/// one time, another tenant's events in the same hours, retention and new events.
async fn audit_deep_pages_answer_what_walking_answers(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    // 12,000 events, three at each time, 7,919 ms apart, from two hours before 1970; four more
    // on and beside hour boundaries; the next tenant has an event at every other time.
    let time = |n: usize| -7_200_000 + (n / 3) as i64 * 7_919;
    let mut events: Vec<Event> = (0..12_000)
        .map(|n| event(format!("D{n:06}"), time(n), "Filler", &format!("U{n:06}")))
        .collect();
    for (n, occurred) in [-1_i64, 0, 3_599_999, 3_600_000].into_iter().enumerate() {
        events.push(event(format!("B{n}"), occurred, "Edge", &format!("B{n}")));
    }
    insert_events(&app, LAB, &events).await;
    let next: Vec<Event> = (0..12_000)
        .step_by(6)
        .map(|n| event(format!("N{n:06}"), time(n), "Filler", "U-next"))
        .collect();
    insert_events(&app, "lab-next", &next).await;
    let pages = |events: usize| u32::try_from(events.div_ceil(7)).unwrap();
    assert_deep_pages_agree(&app, pages(12_004), "as written").await;

    // Retention takes the two hours before 1970: 910 times of three events and one edge, and
    // the next tenant's 455 events there.
    let pruned = app.db().prune_audit(0).await.unwrap();
    assert_eq!(pruned, 2_731 + 455, "both tenants' events before 1970");
    let later: Vec<Event> = (0..3_000)
        .map(|n| {
            event(
                format!("L{n:06}"),
                40_000_000 + n as i64,
                "Later",
                &format!("L{n}"),
            )
        })
        .collect();
    insert_events(&app, LAB, &later).await;
    let kept = 12_004 - 2_731 + 3_000;
    assert_deep_pages_agree(&app, pages(kept), "after retention and later events").await;

    // The counts decide: one more event counted in the newest hour moves every deep page.
    sqlx::query(
        "UPDATE audit_hour_counts SET events = events + 1 \
         WHERE tenant_id = $1 AND hour = (SELECT MAX(hour) FROM audit_hour_counts)",
    )
    .bind(LAB)
    .execute(app.db().pool())
    .await
    .unwrap();
    assert_ne!(
        deep_page(&app, 1_500, false).await,
        deep_page(&app, 1_500, true).await,
        "a deep page is found through the counts"
    );
}
