//! User search with a management key: filters, free text, paging, sorting, totals.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, new_user};
use tenantkit_client::{Client, Method};
use tenantkit_server::db::users::NewUser;
use tenantkit_server::seed;
use tenantkit_wire::user::TOTAL_CAP;
use tenantkit_wire::user_ops::PatchUserRequest;
use tenantkit_wire::{
    ErrorCode, LoginId, ROLE_TENANT_ADMIN, SortField, TenantId, User, UserId, UserSearchRequest,
    UserSearchResponse, UserStatus,
};

backend_tests!(
    management_search_filters,
    management_search_free_text,
    search_text_follows_changes,
    login_order_follows_changes,
    short_text_matches_word_starts,
    many_text_matches_page_in_order,
    equal_names_page_in_order,
    a_tenant_text_search_keeps_its_members,
    management_search_pages_and_sorts,
    v2_search_is_the_same_search,
);

/// Everyone the demo seed creates.
const SEEDED: u64 =
    2 + (seed::ACME_ONLY_USERS + seed::GLOBEX_ONLY_USERS + seed::PARTNER_USERS) as u64;

async fn search(client: &Client, request: UserSearchRequest) -> UserSearchResponse {
    client.search_users(&request).await.unwrap()
}

fn login_ids(response: &UserSearchResponse) -> Vec<String> {
    response
        .users
        .iter()
        .map(|user| user.login_ids[0].as_str().to_owned())
        .collect()
}

async fn management_search_filters(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    let all = search(&client, UserSearchRequest::default()).await;
    assert_eq!(all.total, SEEDED);
    assert_eq!(all.users.len() as u64, SEEDED);
    // Project-wide: memberships of every tenant are shown.
    let partner = all
        .users
        .iter()
        .find(|user| user.email.ends_with("@partners.test"))
        .unwrap();
    let tenants: Vec<&str> = partner
        .user_tenants
        .iter()
        .map(|t| t.tenant_id.as_str())
        .collect();
    assert_eq!(tenants, [seed::ACME, seed::GLOBEX]);
    assert!(all.users.iter().all(|user| user.editable.is_none()));

    let by_tenant = |tenants: &[&str]| UserSearchRequest {
        tenant_ids: tenants.iter().map(|t| TenantId::new(*t)).collect(),
        ..UserSearchRequest::default()
    };
    let acme = search(&client, by_tenant(&[seed::ACME])).await;
    assert_eq!(
        acme.total,
        1 + (seed::ACME_ONLY_USERS + seed::PARTNER_USERS) as u64
    );
    assert!(acme.users.iter().all(|user| {
        user.user_tenants
            .iter()
            .any(|t| t.tenant_id.as_str() == seed::ACME)
    }));
    let globex = search(&client, by_tenant(&[seed::GLOBEX])).await;
    assert_eq!(
        globex.total,
        1 + (seed::GLOBEX_ONLY_USERS + seed::PARTNER_USERS) as u64
    );
    assert_eq!(
        search(&client, by_tenant(&[seed::ACME, seed::GLOBEX]))
            .await
            .total,
        SEEDED
    );

    let by_status = |statuses: Vec<UserStatus>| UserSearchRequest {
        statuses,
        ..UserSearchRequest::default()
    };
    let disabled = search(&client, by_status(vec![UserStatus::Disabled])).await;
    assert_eq!(disabled.total, 4);
    assert!(
        disabled
            .users
            .iter()
            .all(|user| user.status == UserStatus::Disabled && !user.verified_email)
    );
    assert_eq!(
        search(&client, by_status(vec![UserStatus::Invited]))
            .await
            .total,
        2
    );
    assert_eq!(
        search(
            &client,
            by_status(vec![UserStatus::Invited, UserStatus::Disabled])
        )
        .await
        .total,
        6
    );
    let disabled_in_acme = UserSearchRequest {
        tenant_ids: vec![TenantId::new(seed::ACME)],
        statuses: vec![UserStatus::Disabled],
        ..UserSearchRequest::default()
    };
    assert_eq!(search(&client, disabled_in_acme).await.total, 3);

    let by_login = UserSearchRequest {
        login_ids: vec!["OLIVIA.BROWN@acme.test".into(), "nobody@acme.test".into()],
        ..UserSearchRequest::default()
    };
    let olivia = search(&client, by_login).await;
    assert_eq!(login_ids(&olivia), ["olivia.brown@acme.test"]);
    assert_eq!(olivia.users[0].name, "Olivia Brown");
    assert_eq!(olivia.users[0].phone, "+15550001000");
    assert_eq!(
        olivia.users[0].user_tenants[0].role_names,
        [seed::ACME_SUPPORT_ROLE]
    );

    let by_email = UserSearchRequest {
        emails: vec![seed::GLOBEX_ADMIN.to_owned()],
        ..UserSearchRequest::default()
    };
    assert_eq!(
        login_ids(&search(&client, by_email).await),
        [seed::GLOBEX_ADMIN]
    );
    let by_phone = UserSearchRequest {
        phones: vec!["+15550001000".to_owned()],
        ..UserSearchRequest::default()
    };
    assert_eq!(
        login_ids(&search(&client, by_phone).await),
        ["olivia.brown@acme.test"]
    );

    let by_role = |roles: &[&str]| UserSearchRequest {
        role_names: roles.iter().map(|r| (*r).to_owned()).collect(),
        ..UserSearchRequest::default()
    };
    let admins = search(&client, by_role(&[ROLE_TENANT_ADMIN])).await;
    let mut admin_ids = login_ids(&admins);
    admin_ids.sort();
    assert_eq!(admin_ids, [seed::ACME_ADMIN, seed::GLOBEX_ADMIN]);
    // acme users 0, 6, 12, 18, 24 and partners 50, 52, 54, 56, 58.
    assert_eq!(
        search(&client, by_role(&[seed::ACME_SUPPORT_ROLE]))
            .await
            .total,
        10
    );
    assert_eq!(
        search(
            &client,
            by_role(&[seed::ACME_SUPPORT_ROLE, ROLE_TENANT_ADMIN])
        )
        .await
        .total,
        12
    );

    // Test users only with `withTestUser`; creation time bounds.
    let mut tester = new_user("tess.test@acme.test", "Tess Test", &[(seed::ACME, &[])]);
    tester.test = true;
    tester.created = Some(app.state.now() + 10);
    app.add_user(tester, None).await;
    assert_eq!(
        search(&client, UserSearchRequest::default()).await.total,
        SEEDED
    );
    let with_tests = UserSearchRequest {
        with_test_user: true,
        ..UserSearchRequest::default()
    };
    assert_eq!(search(&client, with_tests).await.total, SEEDED + 1);
    let recent = UserSearchRequest {
        with_test_user: true,
        from_created_time: Some(app.state.now() + 5),
        ..UserSearchRequest::default()
    };
    let recent = search(&client, recent).await;
    assert_eq!(login_ids(&recent), ["tess.test@acme.test"]);
    assert!(recent.users[0].test);
    let old = UserSearchRequest {
        to_created_time: Some(app.state.now() - 399 * 24 * 3600),
        ..UserSearchRequest::default()
    };
    assert_eq!(
        search(&client, old).await.total,
        2,
        "the admins are the oldest users"
    );
}

async fn management_search_free_text(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    app.add_user(
        new_user(
            "under_score@acme.test",
            "Rate 100% Sure",
            &[(seed::ACME, &[])],
        ),
        None,
    )
    .await;
    let text = |text: &str| UserSearchRequest {
        text: text.to_owned(),
        ..UserSearchRequest::default()
    };

    // Case-insensitive over login id, name, email and phone.
    let acme = search(&client, text("ACME.TEST")).await;
    assert_eq!(acme.total, 1 + seed::ACME_ONLY_USERS as u64 + 1);
    assert_eq!(
        login_ids(&search(&client, text("olivia B")).await),
        ["olivia.brown@acme.test"]
    );
    assert_eq!(
        login_ids(&search(&client, text("5550001000")).await),
        ["olivia.brown@acme.test"]
    );
    assert_eq!(
        search(&client, text("  ")).await.total,
        SEEDED + 1,
        "blank text filters nothing"
    );

    // `%` and `_` are literal characters, not wildcards.
    assert_eq!(
        login_ids(&search(&client, text("%")).await),
        ["under_score@acme.test"]
    );
    assert_eq!(
        login_ids(&search(&client, text("_")).await),
        ["under_score@acme.test"]
    );
    assert_eq!(
        login_ids(&search(&client, text("100%")).await),
        ["under_score@acme.test"]
    );
    assert_eq!(search(&client, text("1_0")).await.total, 0);
    assert_eq!(search(&client, text("\\")).await.total, 0);
}

/// Free text is answered from `users.search_text` through a trigram index; database triggers
/// keep that column current whoever writes users and login ids, here plain SQL.
async fn search_text_follows_changes(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    let pool = app.db().pool();
    let text = |text: &str| UserSearchRequest {
        text: text.to_owned(),
        ..UserSearchRequest::default()
    };
    let found = |response: UserSearchResponse| -> Vec<String> {
        response
            .users
            .iter()
            .map(|user| user.user_id.as_str().to_owned())
            .collect()
    };
    let quill = app
        .add_user(
            new_user("qp@acme.test", "Quentin Quill", &[(seed::ACME, &[])]),
            None,
        )
        .await;
    assert_eq!(
        found(search(&client, text("quentin")).await),
        [quill.as_str()]
    );

    sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
        .bind("Xavier Newname")
        .bind(quill.as_str())
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        found(search(&client, text("NEWNAME")).await),
        [quill.as_str()]
    );
    assert_eq!(
        found(search(&client, text("xavier newname")).await),
        [quill.as_str()]
    );
    assert_eq!(search(&client, text("quentin")).await.total, 0);
    // Each value stands alone: a text spanning two matches nobody.
    assert_eq!(search(&client, text("newname qp@")).await.total, 0);
    assert_eq!(search(&client, text("newname\nqp@")).await.total, 0);

    sqlx::query("INSERT INTO login_ids (login_id, user_id) VALUES ($1, $2)")
        .bind("Extra-ID-77")
        .bind(quill.as_str())
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        found(search(&client, text("extra-id-7")).await),
        [quill.as_str()]
    );
    sqlx::query("UPDATE login_ids SET login_id = $1 WHERE login_id = $2")
        .bind("renamed-99")
        .bind("Extra-ID-77")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(search(&client, text("extra-id")).await.total, 0);
    assert_eq!(
        found(search(&client, text("Renamed-9")).await),
        [quill.as_str()]
    );
    sqlx::query("DELETE FROM login_ids WHERE login_id = $1")
        .bind("renamed-99")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(search(&client, text("renamed")).await.total, 0);
    assert_eq!(
        found(search(&client, text("qp@acme")).await),
        [quill.as_str()]
    );

    // Characters that mean something to FTS5 or LIKE are literal, in short and long texts.
    let dara = app
        .add_user(
            new_user(
                "o-neil@acme.test",
                "Dara \"Star*\" O-Neil 5%_off",
                &[(seed::ACME, &[])],
            ),
            None,
        )
        .await;
    for term in [
        "\"",
        "*",
        "-",
        "%",
        "_",
        "O-",
        "r*",
        "%_",
        "\"s",
        "\"star*\"",
        "star*",
        "o-neil",
        "O-NEIL 5%_OFF",
        "o-neil@acme.test",
    ] {
        assert_eq!(
            found(search(&client, text(term)).await),
            [dara.as_str()],
            "{term:?}"
        );
    }
    for term in [
        "sta*",
        "o_neil",
        "5%off",
        "d%a",
        "star OR quill",
        "dara -star",
        "\"dara\"",
        "o-neil*",
    ] {
        assert_eq!(search(&client, text(term)).await.total, 0, "{term:?}");
    }

    // A deleted user leaves the index.
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(quill.as_str())
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(search(&client, text("newname")).await.total, 0);
    if backend == Backend::Sqlite {
        // The SQLite index is keyed by users' rowids: VACUUM must keep them even when rows
        // before the last one are gone, and the index must agree with the table.
        sqlx::query("DELETE FROM users WHERE email = $1")
            .bind("olivia.brown@acme.test")
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("VACUUM").execute(pool).await.unwrap();
        sqlx::query("INSERT INTO users_fts (users_fts, rank) VALUES ('integrity-check', 1)")
            .execute(pool)
            .await
            .unwrap();
        assert_eq!(
            found(search(&client, text("o-neil")).await),
            [dara.as_str()]
        );
        assert_eq!(search(&client, text("olivia.brown")).await.total, 0);
    }
}

/// Text of one or two letters or digits is the start of a word (a run of letters and digits)
/// of a login id, the name, the email or the phone, answered by the word indexes of migration
/// 0111, which follow changes whoever makes them (here plain SQL). With anything else in it,
/// short text is still a substring (`management_search_free_text`).
async fn short_text_matches_word_starts(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    let pool = app.db().pool();
    let text = |text: &str| UserSearchRequest {
        text: text.to_owned(),
        ..UserSearchRequest::default()
    };
    let zora = app
        .add_user(
            new_user("zq.k7@acme.test", "Zora Quux-Vell", &[(seed::ACME, &[])]),
            None,
        )
        .await;
    for term in ["zo", "Z", "qu", "VE", "zq", "k7", "k"] {
        let found = search(&client, text(term)).await;
        assert!(
            found.users.iter().any(|user| user.user_id == zora),
            "{term:?} starts a word of Zora Quux-Vell, zq.k7@acme.test"
        );
    }
    // Inside a word is no word start.
    for term in ["ux", "ll", "7"] {
        let found = search(&client, text(term)).await;
        assert!(
            found.users.iter().all(|user| user.user_id != zora),
            "{term:?} starts no word of Zora"
        );
    }
    // "q." has a dot in it: a substring, as before.
    assert!(
        search(&client, text("q."))
            .await
            .users
            .iter()
            .any(|user| user.user_id == zora)
    );

    execute(
        pool,
        "UPDATE users SET name = $1 WHERE id = $2",
        ["Ymir Ost", zora.as_str()],
    )
    .await;
    assert_eq!(search(&client, text("ym")).await.users[0].user_id, zora);
    assert!(
        search(&client, text("vE"))
            .await
            .users
            .iter()
            .all(|user| user.user_id != zora),
        "the old name's words are gone"
    );
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(zora.as_str())
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(search(&client, text("ym")).await.total, 0);
    if backend == Backend::Sqlite {
        sqlx::query("INSERT INTO users_words (users_words, rank) VALUES ('integrity-check', 1)")
            .execute(pool)
            .await
            .unwrap();
    }
}

/// A text matched by more users than a count counts reads its page off the text index in name
/// order (SQLite), or by walking the sort order instead of sorting every match, or, past the
/// stretch of it a page walks, by sorting every match (PostgreSQL): the same users, in the same
/// order, on every page, wherever the walk ends, and after matches are renamed.
async fn many_text_matches_page_in_order(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    let many = usize::try_from(TOTAL_CAP).unwrap() + 100;
    // `count` members of acme, `word` and a number in their name and login id.
    let members = |word: &str, domain: &str, count: usize| -> Vec<_> {
        (0..count)
            .map(|n| {
                new_user(
                    &format!("{}{n:05}@{domain}", word.to_lowercase()),
                    &format!("{word} {n:05}"),
                    &[(seed::ACME, &[])],
                )
            })
            .collect()
    };
    app.insert_users(&members("Yu", "many.test", many)).await;
    let page = |text: &str, page: u32, desc: bool| UserSearchRequest {
        text: text.to_owned(),
        tenant_ids: vec![TenantId::new(seed::ACME)],
        sort: vec![SortField {
            field: "name".to_owned(),
            desc,
        }],
        limit: 50,
        page,
        ..UserSearchRequest::default()
    };
    let expected = |range: std::ops::Range<usize>| -> Vec<String> {
        range.map(|n| format!("yu{n:05}@many.test")).collect()
    };
    // First nearly every member of acme matches (its seeded users do not), then more than 500
    // members miss: SQLite reads every page off the text index in name order (migration 0134);
    // PostgreSQL walks acme's members in name order up to its bound (30,000), which holds every
    // match. Then 25,000 members come before the matches in name order: PostgreSQL's walk
    // starts where the text's trigrams first occur together (migration 0136), at the first
    // match. Last, a test user whose text matches comes first in name order: searches leave
    // test users out, but the trigrams' bounds reach back to it, so the walk starts before the
    // 25,000 and ends inside the matches (pages 0 to about 98), and every match is sorted for
    // the pages past it.
    let mut early = new_user("aa@many.test", "Aa Early", &[(seed::ACME, &[])]);
    early.test = true;
    for (text, (filler, others), test_user) in [
        ("yu", ("Zed", 0), false),
        ("many.test", ("Zed", 0), false),
        // A word of every match's email domain: on PostgreSQL its kept count of holders (10,100,
        // migration 0137) caps the total without counting.
        ("many", ("Zed", 0), false),
        ("yu", ("Zed", 501), false),
        ("many.test", ("Zed", 0), false),
        ("many.test", ("Aaron", 25_000), false),
        ("many.test", ("Aaron", 0), true),
    ] {
        if others > 0 {
            app.insert_users(&members(filler, "others.test", others))
                .await;
        }
        if test_user {
            app.insert_users(std::slice::from_ref(&early)).await;
        }
        let first = search(&client, page(text, 0, false)).await;
        assert_eq!(
            (first.total, first.total_capped),
            (TOTAL_CAP, true),
            "{text:?}"
        );
        assert_eq!(login_ids(&first), expected(0..50), "{text:?}");
        let deep = search(&client, page(text, 41, false)).await;
        assert_eq!(login_ids(&deep), expected(2_050..2_100), "{text:?}");
        // Across the end of the walk, and the last full pages.
        for number in (90..=105).chain(190..=200) {
            let across = search(&client, page(text, number, false)).await;
            let start = usize::try_from(number).unwrap() * 50;
            assert_eq!(
                login_ids(&across),
                expected(start..start + 50),
                "{text:?}, page {number}"
            );
        }
        // Past the capped count, a page is still there.
        let last = search(&client, page(text, 201, false)).await;
        assert_eq!(login_ids(&last), expected(10_050..10_100), "{text:?}");
        let mut newest: Vec<String> = expected(10_050..10_100);
        newest.reverse();
        assert_eq!(
            login_ids(&search(&client, page(text, 0, true)).await),
            newest,
            "{text:?}"
        );
    }
    // Fewer matches: the matches are sorted, to the same effect.
    let few = search(&client, page("yu 020", 1, false)).await;
    assert_eq!((few.total, few.total_capped), (100, false));
    assert_eq!(login_ids(&few), expected(2_050..2_100));
    // As many as a count counts: sorted too.
    let counted = search(&client, page("yu 0", 41, false)).await;
    assert_eq!((counted.total, counted.total_capped), (TOTAL_CAP, false));
    assert_eq!(login_ids(&counted), expected(2_050..2_100));
    let last = search(&client, page("yu 0", 199, true)).await;
    let mut oldest: Vec<String> = expected(0..50);
    oldest.reverse();
    assert_eq!(login_ids(&last), oldest);
    // Two matches renamed past either end of where the text's trigrams occurred: PostgreSQL's
    // bounds widen as the memberships change (migration 0136), so a walk from either end
    // begins at them.
    for (login_id, name) in [
        ("yu00000@many.test", "0 Moved First"),
        ("yu00001@many.test", "Zz Moved Last"),
    ] {
        client
            .patch_user(&PatchUserRequest {
                login_id: LoginId::new(login_id),
                name: Some(name.to_owned()),
                ..PatchUserRequest::default()
            })
            .await
            .unwrap();
    }
    let first = search(&client, page("many.test", 0, false)).await;
    assert_eq!(
        login_ids(&first)[..3],
        [
            "yu00000@many.test",
            "yu00002@many.test",
            "yu00003@many.test"
        ]
    );
    let newest = search(&client, page("many.test", 0, true)).await;
    assert_eq!(
        login_ids(&newest)[..2],
        ["yu00001@many.test", "yu10099@many.test"]
    );
    // The kept counts leave test users out: with 100 matches made test users, 10,000 members
    // hold `many`, whom a count counts exactly; with test users in, 10,100 match.
    sqlx::query(
        "UPDATE users SET test = $1 \
         WHERE id IN (SELECT user_id FROM login_ids WHERE login_id LIKE 'yu100%')",
    )
    .bind(true)
    .execute(app.db().pool())
    .await
    .unwrap();
    let members = search(&client, page("many", 0, false)).await;
    assert_eq!((members.total, members.total_capped), (TOTAL_CAP, false));
    let with_test_users = UserSearchRequest {
        with_test_user: true,
        ..page("many", 0, false)
    };
    let everyone = search(&client, with_test_users).await;
    assert_eq!((everyone.total, everyone.total_capped), (TOTAL_CAP, true));
    if backend == Backend::Postgres {
        // The kept count decides, not a count: written by hand over the cap for a word no member
        // holds, it caps the total of a search that finds nobody.
        sqlx::query(
            "INSERT INTO member_word_counts (tenant_id, word, members) VALUES ($1, $2, $3)",
        )
        .bind(seed::ACME)
        .bind("nobodyholds")
        .bind(20_000_i64)
        .execute(app.db().pool())
        .await
        .unwrap();
        let trusted = search(&client, page("nobodyholds", 0, false)).await;
        assert_eq!(
            (trusted.total, trusted.total_capped, trusted.users.len()),
            (TOTAL_CAP, true, 0)
        );
    }
}

/// A text more members match than a count counts, sorted by name, whose matches share a few
/// names: every page, both ways, holds the users the whole order puts there, equal names by id
/// ascending either way. On SQLite the pages are read off the text index in rank order
/// (migration 0134), where equal names descending come in the reverse of the order asked for,
/// so a page's first and last names are read again: the runs here (about 1,450 users each)
/// cross every page boundary they can.
async fn equal_names_page_in_order(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    let many = usize::try_from(TOTAL_CAP).unwrap() + 150;
    let users: Vec<_> = (0..many)
        .map(|n| {
            new_user(
                &format!("rep{n:05}@rep.test"),
                &format!("Rep {}", n % 7),
                &[(seed::ACME, &[])],
            )
        })
        .collect();
    app.insert_users(&users).await;
    let mut named: Vec<(String, String)> =
        sqlx::query_as("SELECT lower(name), id FROM users WHERE name LIKE 'Rep %'")
            .fetch_all(app.db().pool())
            .await
            .unwrap();
    assert_eq!(named.len(), many);
    named.sort();
    let ascending: Vec<String> = named.iter().map(|(_, id)| id.clone()).collect();
    named.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let descending: Vec<String> = named.into_iter().map(|(_, id)| id).collect();
    let pages = u32::try_from(many.div_ceil(50)).unwrap();
    for (desc, order) in [(true, &descending), (false, &ascending)] {
        for number in 0..pages {
            let found = search(
                &client,
                UserSearchRequest {
                    text: "rep.test".to_owned(),
                    tenant_ids: vec![TenantId::new(seed::ACME)],
                    sort: vec![SortField {
                        field: "name".to_owned(),
                        desc,
                    }],
                    limit: 50,
                    page: number,
                    ..UserSearchRequest::default()
                },
            )
            .await;
            assert!(found.total_capped, "page {number}");
            let start = usize::try_from(number).unwrap() * 50;
            let ids: Vec<&str> = found.users.iter().map(|u| u.user_id.as_str()).collect();
            assert_eq!(
                ids,
                order[start..(start + 50).min(many)],
                "desc {desc}, page {number}"
            );
        }
    }
}

/// SQLite's name ranks (migration 0134) stay in name order, each user's in both text indexes,
/// through what wears their room out: users inserted in order between two neighbours (each
/// takes half the room left, so the ranks around them are spread again and again), in reverse
/// order, under one name, before the first and after the last, then renamed (plain SQL) and
/// deleted. The first page of a text in name order, read off the index, follows each change.
#[tokio::test]
async fn name_ranks_follow_changes() {
    let app = TestApp::seeded(Backend::Sqlite).await;
    let pool = app.db().pool();
    let client = &app.management();
    let named = |names: Vec<String>| -> Vec<NewUser> {
        names
            .into_iter()
            .enumerate()
            .map(|(n, name)| {
                let login = format!("{}.{n}@ranks.test", name.replace(' ', "").to_lowercase());
                new_user(&login, &name, &[(seed::ACME, &[])])
            })
            .collect()
    };
    let check = |stage: &'static str| async move {
        let (disordered, outside): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM (SELECT name_rank, LAG(name_rank) OVER \
             (ORDER BY lower(name), id) AS before FROM users) \
             WHERE name_rank IS NULL OR before >= name_rank), \
             (SELECT count(*) FROM users WHERE name_rank < 0 OR name_rank >= 1 << 62)",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!((disordered, outside), (0, 0), "{stage}");
        check_text_indexes(pool, stage).await;
        let mut expected: Vec<(String, String)> = sqlx::query_as(
            "SELECT lower(u.name), u.id FROM users u JOIN user_tenants ut ON ut.user_id = u.id \
             WHERE ut.tenant_id = $1 AND u.test = 0 AND u.search_text LIKE '%ranks.test%'",
        )
        .bind(seed::ACME)
        .fetch_all(pool)
        .await
        .unwrap();
        expected.sort();
        let found = client
            .search_users(&UserSearchRequest {
                text: "ranks.test".to_owned(),
                tenant_ids: vec![TenantId::new(seed::ACME)],
                limit: 50,
                ..UserSearchRequest::default()
            })
            .await
            .unwrap();
        let ids: Vec<&str> = found.users.iter().map(|u| u.user_id.as_str()).collect();
        let first: Vec<&str> = expected
            .iter()
            .take(50)
            .map(|(_, id)| id.as_str())
            .collect();
        assert_eq!(ids, first, "{stage}");
    };
    // The placing trigger finds a user's neighbours by two ranges of users_name_order (a scan
    // instead, once per insert, made loading 100,000 users quadratic).
    let plan: Vec<String> = sqlx::query("EXPLAIN QUERY PLAN SELECT * FROM name_rank_neighbours")
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|row| sqlx::Row::try_get(row, "detail").unwrap())
        .collect();
    let reads: Vec<&String> = plan.iter().filter(|line| line.contains(" u ")).collect();
    assert!(
        reads.len() == 4
            && reads
                .iter()
                .all(|line| line.starts_with("SEARCH u USING INDEX users_name_order")),
        "{plan:?}"
    );
    check("seeded").await;
    let upward = |prefix: &str, count: usize| -> Vec<String> {
        (0..count).map(|n| format!("{prefix} {n:05}")).collect()
    };
    app.insert_users(&named(upward("Mid", 1_000))).await;
    check("in order between two names").await;
    let mut downward = upward("Mie", 1_000);
    downward.reverse();
    app.insert_users(&named(downward)).await;
    check("in reverse order").await;
    app.insert_users(&named(vec!["Same".to_owned(); 1_000]))
        .await;
    check("under one name").await;
    let mut ends = upward("Aaa", 300);
    ends.reverse();
    ends.extend(upward("Zzz", 300));
    app.insert_users(&named(ends)).await;
    check("before the first and after the last").await;
    // Mid 00000, Mid 00003, ... become names among the others, then back among their own.
    for (name, to) in [("Mie %", "Mid 00500x"), ("Mid 0%", "Aaa 00150x")] {
        sqlx::query(&format!(
            "UPDATE users SET name = '{to}' || id WHERE name LIKE '{name}' AND rowid % 3 = 0"
        ))
        .execute(pool)
        .await
        .unwrap();
        check("renamed").await;
    }
    sqlx::query("DELETE FROM users WHERE name LIKE 'Same%' AND rowid % 2 = 0")
        .execute(pool)
        .await
        .unwrap();
    check("deleted").await;
}

/// Users placed past the last keep their ranks 4096 apart (migration 0135: the text indexes
/// store each rank as the difference from the one before), and merging the text indexes leaves
/// them in fewer segments, each level in one, with the same matches: here after 30 small loads,
/// each a transaction and so a segment of its own.
#[tokio::test]
async fn text_indexes_stay_compact() {
    let app = TestApp::seeded(Backend::Sqlite).await;
    let pool = app.db().pool();
    for load in 0..30 {
        let users: Vec<NewUser> = (0..20)
            .map(|n| {
                new_user(
                    &format!("z{load:02}{n:02}@compact.test"),
                    &format!("Zz Compact {load:02}{n:02}"),
                    &[(seed::ACME, &[])],
                )
            })
            .collect();
        app.insert_users(&users).await;
    }
    let gaps: Vec<i64> = sqlx::query_scalar(
        "SELECT name_rank - LAG(name_rank) OVER (ORDER BY name_rank) FROM users \
         WHERE name LIKE 'Zz Compact %' ORDER BY name_rank LIMIT -1 OFFSET 1",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(
        gaps.len() == 599 && gaps.iter().all(|gap| *gap == 4096),
        "{gaps:?}"
    );
    let segments = async |table: &str| -> i64 {
        sqlx::query_scalar(&format!("SELECT count(DISTINCT segid) FROM {table}_idx"))
            .fetch_one(pool)
            .await
            .unwrap()
    };
    let matches = async || -> Vec<i64> {
        sqlx::query_scalar(
            "SELECT rowid FROM users_fts WHERE users_fts MATCH 'search_text : \"compact\"' \
             ORDER BY rowid",
        )
        .fetch_all(pool)
        .await
        .unwrap()
    };
    let before = (segments("users_fts").await, segments("users_words").await);
    let found = matches().await;
    assert_eq!(found.len(), 600);

    let steps = app.db().merge_text_indexes().await.unwrap();
    let after = (segments("users_fts").await, segments("users_words").await);
    assert!(
        steps > 0 && after.0 < before.0 && after.1 < before.1,
        "{before:?} -> {after:?} in {steps} steps"
    );
    assert!(after.0 <= 2 && after.1 <= 2, "{before:?} -> {after:?}");
    assert_eq!(app.db().merge_text_indexes().await.unwrap(), 0);
    assert_eq!(matches().await, found);
    check_text_indexes(pool, "merged").await;
}

/// FTS5's `integrity-check` of both SQLite text indexes against the users they index.
async fn check_text_indexes(pool: &sqlx::AnyPool, stage: &str) {
    for index in ["users_fts", "users_words"] {
        sqlx::query(&format!(
            "INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)"
        ))
        .execute(pool)
        .await
        .unwrap_or_else(|error| panic!("{stage}: {index}: {error}"));
    }
}

/// A text search of one tenant (its admin's, or a management key's asking for it alone) finds
/// the tenant's members who match and no one else, for each test-user choice, whatever changes
/// memberships and test flags (here plain SQL). On SQLite the text indexes answer it alone,
/// through the codes of the user's tenants they hold (migration 0126); on PostgreSQL the
/// memberships' word starts (0128) and copies of the search text (0131) answer it. Every
/// search here is compared with the project-wide search of the same text, which reads neither,
/// kept to the tenant's members of the asked test flag.
async fn a_tenant_text_search_keeps_its_members(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let pool = app.db().pool();
    let quill = |login: &str, name: &str, tenants: &[&str], test: bool| NewUser {
        test,
        ..new_user(
            login,
            name,
            &tenants.iter().map(|t| (*t, &[][..])).collect::<Vec<_>>(),
        )
    };
    let [acme_only, both, globex_only, tester, nobody] = [
        quill("qa@acme.test", "Quill Acme", &[seed::ACME], false),
        quill(
            "qb@both.test",
            "Quill Both",
            &[seed::ACME, seed::GLOBEX],
            false,
        ),
        quill("qg@globex.test", "Quill Globex", &[seed::GLOBEX], false),
        quill("qt@acme.test", "Quill Tester", &[seed::ACME], true),
        quill("qn@nowhere.test", "Quill Nobody", &[], false),
    ];
    let ids = app
        .insert_users(&[acme_only, both, globex_only, tester, nobody])
        .await;
    let [acme_only, both, globex_only, tester, nobody] = [0, 1, 2, 3, 4].map(|i| ids[i].clone());

    let check = async |after: &str| {
        for text in ["quill", "qu", "q", "uil", "Q", "z", "ze", "zed", "zoe"] {
            for (with_test_user, test_users_only, desc) in [
                (false, false, false),
                (true, false, false),
                (false, true, false),
                (false, false, true),
                (true, false, true),
            ] {
                // Descending by name: the ties still ascend by id.
                let sort = match desc {
                    true => vec![SortField {
                        field: "name".to_owned(),
                        desc,
                    }],
                    false => Vec::new(),
                };
                let request = |tenants: &[&str]| UserSearchRequest {
                    text: text.to_owned(),
                    tenant_ids: tenants.iter().map(|t| TenantId::new(*t)).collect(),
                    with_test_user,
                    test_users_only,
                    limit: 1_000,
                    sort: sort.clone(),
                    ..UserSearchRequest::default()
                };
                let everyone = search(&app.management(), request(&[])).await;
                let expected: Vec<_> = everyone
                    .users
                    .iter()
                    .filter(|user| {
                        user.user_tenants
                            .iter()
                            .any(|t| t.tenant_id.as_str() == seed::ACME)
                            && match (with_test_user, test_users_only) {
                                (_, true) => user.test,
                                (true, false) => true,
                                (false, false) => !user.test,
                            }
                    })
                    .map(|user| user.user_id.clone())
                    .collect();
                let what = format!(
                    "{text:?}, test users {with_test_user}/{test_users_only}, descending {desc}, \
                     after {after}"
                );
                let scoped = app.management().for_tenant(TenantId::new(seed::ACME));
                for (found, how) in [
                    (
                        scoped.search_users(&request(&[])).await.unwrap(),
                        "acme's admin",
                    ),
                    (
                        search(&app.management(), request(&[seed::ACME])).await,
                        "acme asked",
                    ),
                    (
                        search(&app.management(), request(&[seed::ACME, seed::ACME])).await,
                        "acme asked twice",
                    ),
                ] {
                    let found_ids: Vec<_> = found.users.iter().map(|u| u.user_id.clone()).collect();
                    assert_eq!(found_ids, expected, "{how}, {what}");
                    assert_eq!(found.total, expected.len() as u64, "{how}, {what}");
                }
                // One user a page: pages past the middle are walked from the end.
                let mut paged = Vec::new();
                for page in 0..=expected.len() {
                    let one = UserSearchRequest {
                        limit: 1,
                        page: u32::try_from(page).unwrap(),
                        ..request(&[])
                    };
                    let found = scoped.search_users(&one).await.unwrap();
                    assert_eq!(found.total, expected.len() as u64, "page {page}, {what}");
                    paged.extend(found.users.into_iter().map(|u| u.user_id));
                }
                assert_eq!(paged, expected, "one a page, {what}");
            }
        }
        if backend == Backend::Sqlite {
            check_text_indexes(pool, after).await;
        }
    };
    let in_acme = async |user: &UserId| {
        app.management()
            .for_tenant(TenantId::new(seed::ACME))
            .search_users(&UserSearchRequest {
                text: "quill".to_owned(),
                with_test_user: true,
                ..UserSearchRequest::default()
            })
            .await
            .unwrap()
            .users
            .iter()
            .any(|found| found.user_id == *user)
    };
    check("the insert").await;
    assert!(in_acme(&acme_only).await && in_acme(&both).await && in_acme(&tester).await);
    assert!(!in_acme(&globex_only).await && !in_acme(&nobody).await);

    let changes: [(&str, &str, [&str; 2]); 9] = [
        (
            "globex's member joins acme",
            "INSERT INTO user_tenants (user_id, tenant_id, created) VALUES ($1, $2, 0)",
            [globex_only.as_str(), seed::ACME],
        ),
        (
            "a member of both leaves acme",
            "DELETE FROM user_tenants WHERE user_id = $1 AND tenant_id = $2",
            [both.as_str(), seed::ACME],
        ),
        (
            "a member becomes a test user",
            "UPDATE users SET test = $2 WHERE id = $1",
            [acme_only.as_str(), "1"],
        ),
        (
            "a test user becomes a member like any other",
            "UPDATE users SET test = $2 WHERE id = $1",
            [tester.as_str(), "0"],
        ),
        (
            "a membership moves to another user",
            "UPDATE user_tenants SET user_id = $2 WHERE user_id = $1",
            [globex_only.as_str(), nobody.as_str()],
        ),
        // Two members of one name: the order's ties.
        (
            "a member takes another's name",
            "UPDATE users SET name = $2 WHERE id = $1",
            [acme_only.as_str(), "Quill Tester"],
        ),
        (
            "a member's email changes",
            "UPDATE users SET email = $2 WHERE id = $1",
            [tester.as_str(), "zed@acme.test"],
        ),
        (
            "a member's login id changes",
            "UPDATE login_ids SET login_id = $2 WHERE user_id = $1",
            [nobody.as_str(), "zoe@acme.test"],
        ),
        (
            "a member is deleted",
            "DELETE FROM users WHERE id = $1 AND id <> $2",
            [tester.as_str(), ""],
        ),
    ];
    for (after, sql, params) in changes {
        let mut query = sqlx::query(sql).bind(params[0]);
        query = match params[1].parse::<i64>() {
            Ok(flag) if backend == Backend::Postgres => query.bind(flag == 1),
            Ok(flag) => query.bind(flag),
            Err(_) => query.bind(params[1]),
        };
        query.execute(pool).await.unwrap();
        check(after).await;
    }
    assert!(in_acme(&nobody).await && !in_acme(&globex_only).await && !in_acme(&both).await);

    if backend == Backend::Sqlite {
        // A tenant's code is never given again, even once the tenant is gone.
        let code = async |tenant: &str| -> i64 {
            sqlx::query_scalar("SELECT search_code FROM tenants WHERE id = $1")
                .bind(tenant)
                .fetch_one(pool)
                .await
                .unwrap()
        };
        let insert = "INSERT INTO tenants (id, name, created) VALUES ($1, $2, 0)";
        execute(pool, insert, ["gone", "Gone"]).await;
        let gone = code("gone").await;
        execute(
            pool,
            "DELETE FROM tenants WHERE id = $1 OR id = $2",
            ["gone", "gone"],
        )
        .await;
        execute(pool, insert, ["new", "New"]).await;
        assert!(code("new").await > gone);
        check("a tenant made after one deleted").await;
        // Codes of all three characters: the server writes them as the database does.
        sqlx::query("UPDATE tenants SET search_code = 81920123 WHERE id = $1")
            .bind(seed::ACME)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE users SET tenant_codes = \
             (SELECT c.tenant_codes FROM user_tenant_codes c WHERE c.user_id = users.id)",
        )
        .execute(pool)
        .await
        .unwrap();
        check("acme's code takes three characters").await;
        assert!(in_acme(&nobody).await);
    }
}

/// Runs `sql` with two text parameters.
async fn execute(pool: &sqlx::AnyPool, sql: &str, params: [&str; 2]) {
    sqlx::query(sql)
        .bind(params[0])
        .bind(params[1])
        .execute(pool)
        .await
        .unwrap();
}

/// The sort by login id reads `users.login_order`, the smallest lower-cased login id, which
/// database triggers keep current whoever writes login ids, here plain SQL.
async fn login_order_follows_changes(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    let pool = app.db().pool();
    let first_by_login_id = || async {
        let request = UserSearchRequest {
            sort: vec![SortField {
                field: "loginIds".to_owned(),
                desc: false,
            }],
            limit: 1,
            ..UserSearchRequest::default()
        };
        search(&client, request).await.users[0]
            .user_id
            .as_str()
            .to_owned()
    };
    let quill = app
        .add_user(
            new_user("qp@acme.test", "Quentin Quill", &[(seed::ACME, &[])]),
            None,
        )
        .await;
    let first = first_by_login_id().await;
    assert_ne!(first, quill.as_str());

    // Upper case sorts as lower case: "0-A" comes before every seeded login id.
    execute(
        pool,
        "INSERT INTO login_ids (login_id, user_id) VALUES ($1, $2)",
        ["0-A-FIRST", quill.as_str()],
    )
    .await;
    assert_eq!(first_by_login_id().await, quill.as_str());
    execute(
        pool,
        "UPDATE login_ids SET login_id = $1 WHERE login_id = $2",
        ["zz-last", "0-A-FIRST"],
    )
    .await;
    assert_eq!(first_by_login_id().await, first);
    execute(
        pool,
        "UPDATE login_ids SET login_id = $1 WHERE login_id = $2",
        ["0-again", "zz-last"],
    )
    .await;
    assert_eq!(first_by_login_id().await, quill.as_str());
    execute(
        pool,
        "DELETE FROM login_ids WHERE login_id = $1 AND user_id = $2",
        ["0-again", quill.as_str()],
    )
    .await;
    assert_eq!(first_by_login_id().await, first);
}

async fn management_search_pages_and_sorts(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    let sorted = |field: &str, desc: bool, limit: u32, page: u32| UserSearchRequest {
        sort: vec![SortField {
            field: field.to_owned(),
            desc,
        }],
        limit,
        page,
        ..UserSearchRequest::default()
    };

    let everyone = search(&client, sorted("loginIds", false, 0, 0)).await;
    assert_eq!(
        everyone.users.len() as u64,
        SEEDED,
        "limit 0 means the default page size"
    );
    let all_ids = login_ids(&everyone);
    let mut expected = all_ids.clone();
    expected.sort_by_key(|id| id.to_lowercase());
    assert_eq!(all_ids, expected);

    // Pages of 10 cover everyone once, in order, each with the full total.
    let mut paged = Vec::new();
    for page in 0..7 {
        let response = search(&client, sorted("loginIds", false, 10, page)).await;
        assert_eq!(response.total, SEEDED);
        assert_eq!(response.users.len(), if page < 6 { 10 } else { 2 });
        paged.extend(login_ids(&response));
    }
    assert_eq!(paged, all_ids);
    let beyond = search(&client, sorted("loginIds", false, 10, 7)).await;
    assert!(beyond.users.is_empty());
    assert_eq!(beyond.total, SEEDED);

    let descending = login_ids(&search(&client, sorted("loginIds", true, 0, 0)).await);
    assert_eq!(
        descending,
        all_ids.iter().rev().cloned().collect::<Vec<_>>()
    );

    // Ties (the two admins share a creation time) are broken by id, so the order is total.
    let by_created = search(&client, sorted("createdTime", true, 0, 0))
        .await
        .users;
    let keys: Vec<(i64, String)> = by_created
        .iter()
        .map(|u| (-u.created_time, u.user_id.as_str().to_owned()))
        .collect();
    let mut expected_keys = keys.clone();
    expected_keys.sort();
    assert_eq!(keys, expected_keys);
    assert_eq!(
        by_created.last().unwrap().created_time,
        by_created[by_created.len() - 2].created_time
    );

    for field in ["name", "email", "phone", "status"] {
        let users = search(&client, sorted(field, false, 0, 0)).await.users;
        let value = |user: &User| match field {
            "name" => user.name.to_lowercase(),
            "email" => user.email.to_lowercase(),
            "phone" => user.phone.clone(),
            _ => user.status.as_str().to_owned(),
        };
        let keys: Vec<(String, String)> = users
            .iter()
            .map(|u| (value(u), u.user_id.as_str().to_owned()))
            .collect();
        let mut expected_keys = keys.clone();
        expected_keys.sort();
        assert_eq!(keys, expected_keys, "sorted by {field}");
    }

    let unknown = client
        .search_users(&sorted("favouriteColour", false, 0, 0))
        .await;
    assert_wire_error(unknown, 400, ErrorCode::InvalidArguments.as_str());
    // The demo's plans are free, team and enterprise: nobody has "gold".
    let custom = |attributes: serde_json::Value| UserSearchRequest {
        custom_attributes: attributes.as_object().cloned().unwrap(),
        ..UserSearchRequest::default()
    };
    let gold = client
        .search_users(&custom(serde_json::json!({"plan": "gold"})))
        .await
        .unwrap();
    assert_eq!(gold.total, 0);
    let team = client
        .search_users(&custom(serde_json::json!({"plan": "team"})))
        .await
        .unwrap();
    assert!(
        team.total > 0
            && team
                .users
                .iter()
                .all(|u| u.custom_attributes["plan"] == "team")
    );
    assert_wire_error(
        client
            .search_users(&custom(serde_json::json!({"plan') OR 1=1 --": "x"})))
            .await,
        400,
        ErrorCode::InvalidArguments.as_str(),
    );
}

async fn v2_search_is_the_same_search(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let request = UserSearchRequest {
        tenant_ids: vec![TenantId::new(seed::GLOBEX)],
        sort: vec![SortField {
            field: "email".to_owned(),
            desc: false,
        }],
        ..UserSearchRequest::default()
    };
    let v1 = app.management().search_users(&request).await.unwrap();
    let v2: UserSearchResponse = app
        .management()
        .call(Method::Post, "/v2/mgmt/user/search", Some(&request))
        .await
        .unwrap();
    assert_eq!(v1, v2);
    assert_eq!(
        v2.total,
        1 + (seed::GLOBEX_ONLY_USERS + seed::PARTNER_USERS) as u64
    );
}
