//! Latency of the user search in a tenant of 100,000 users, on SQLite and on PostgreSQL: no
//! text, long and short text, a status and a role filter, a sort by each sortable column, a
//! page in the middle of the tenant, and the first page of a tenant of 50 users in the same
//! project.
//!
//! A benchmark, not a test: it prints p50 and p99 and passes or fails on nothing. Run it with
//! `cargo xtask bench-search`, which starts the private PostgreSQL; by hand,
//! `TENANTKIT_BENCH_POSTGRES_URL=$(cargo xtask pg-start bench) cargo bench -p tenantkit-server --bench user_search`
//! (without the variable only SQLite is measured). `TENANTKIT_BENCH_USERS` changes the size
//! of the tenant. The databases (`target/bench/user-search.db`, PostgreSQL database
//! `tk_bench_user_search`, or `TENANTKIT_BENCH_PG_DATABASE`) stay for inspection until the next
//! run replaces them; with `TENANTKIT_BENCH_REUSE=1` the next run measures them again instead
//! (after applying the migrations of the code measured), when they hold the tenant's users.
//! `TENANTKIT_BENCH_SLOWEST=N` prints each kind's N slowest searches after its row.
//!
//! It calls the storage layer, [`Db::search_users`], directly with a project-wide scope and a
//! `tenantIds` filter (what a management-key search runs), and for the role rows marked so
//! with the tenant's own scope (what the user widget's role menu runs): the figures are the
//! database's and the page loading's, without HTTP, JSON or authentication.

mod common;

use common::{
    BenchResult, OTHER_TENANT, PAGE_SIZE, QUERIES, Row, TENANT, WARM_UP, exit_code, fresh_database,
    on_both_backends, print_table, reuse, size_from_env,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::process::ExitCode;
use std::time::Instant;
use tenantkit_server::capability::{ProjectWide, Scope, TenantScope};
use tenantkit_server::db::roles::NewRole;
use tenantkit_server::db::tenants::NewTenant;
use tenantkit_server::db::users::NewUser;
use tenantkit_server::{Backend, Db};
use tenantkit_wire::{LoginId, SortField, TenantId, UserSearchRequest, UserStatus};

/// Users in the measured tenant unless `TENANTKIT_BENCH_USERS` says otherwise.
const DEFAULT_USERS: usize = 100_000;
/// Users per insert transaction while loading.
const LOAD_CHUNK: usize = 5_000;

const FIRST_NAMES: [&str; 40] = [
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Amelia",
    "Oliver",
    "Sophia",
    "Elijah",
    "Charlotte",
    "James",
    "Isabella",
    "William",
    "Mia",
    "Benjamin",
    "Harper",
    "Lucas",
    "Evelyn",
    "Henry",
    "Abigail",
    "Theodore",
    "Emily",
    "Jack",
    "Ella",
    "Levi",
    "Elizabeth",
    "Alexander",
    "Camila",
    "Jackson",
    "Luna",
    "Mateo",
    "Sofia",
    "Daniel",
    "Avery",
    "Michael",
    "Mila",
    "Mason",
    "Aria",
    "Sebastian",
    "Scarlett",
    "Ethan",
];
const LAST_NAMES: [&str; 40] = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
];

/// One generated user, kept to derive search terms that hit real rows.
#[derive(Debug)]
struct Person {
    first: &'static str,
    last: &'static str,
    login_id: String,
    phone: String,
}

fn people(rng: &mut StdRng, count: usize, domain: &str) -> Vec<Person> {
    (0..count)
        .map(|n| {
            let first = FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())];
            let last = LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())];
            Person {
                first,
                last,
                login_id: format!("{}.{}{n}@{domain}", first, last).to_lowercase(),
                phone: format!("+1{}", rng.gen_range(2_000_000_000_u64..10_000_000_000)),
            }
        })
        .collect()
}

/// The user made of `person` in `tenant`; the `n`th of the tenant: every tenth is disabled,
/// every tenth (others) holds [`BENCH_ROLE`] in the measured tenant, and one in 1,000 of those
/// [`RARE_ROLE`] too.
fn new_user(person: &Person, tenant: &str, n: usize) -> NewUser {
    let roles = match n % 1_000 {
        _ if tenant != TENANT => Vec::new(),
        5 => vec![BENCH_ROLE.to_owned(), RARE_ROLE.to_owned()],
        held if held % 10 == 5 => vec![BENCH_ROLE.to_owned()],
        _ => Vec::new(),
    };
    NewUser {
        status: if n.is_multiple_of(10) {
            UserStatus::Disabled
        } else {
            UserStatus::Enabled
        },
        login_id: LoginId::new(&person.login_id),
        name: format!("{} {}", person.first, person.last),
        given_name: person.first.to_owned(),
        family_name: person.last.to_owned(),
        email: person.login_id.clone(),
        phone: person.phone.clone(),
        tenants: vec![(TenantId::new(tenant), roles)],
        ..NewUser::default()
    }
}

/// What is searched for: nothing, text the trigram index answers, text too short for it, a
/// status or role filter, a sort by each sortable column, or a page deep in the list.
#[derive(Debug, Clone, Copy)]
enum Kind {
    NoText,
    Long,
    /// One or two characters from inside a first name (matched as a word's start since
    /// migration 0111, so mostly by few users).
    Short,
    /// One or two characters starting a first or a last name: what people type, matched by
    /// hundreds to tens of thousands of users.
    WordStart,
    /// The same, sorted by name descending (a click on the name column's header).
    WordStartDesc,
    /// Only disabled users (a tenth of the tenant).
    Disabled,
    /// Only holders of [`BENCH_ROLE`] (a tenth of the tenant).
    Role,
    /// Only holders of [`BENCH_ROLE`], asked in the tenant's scope.
    RoleInTenant,
    /// Only holders of [`RARE_ROLE`] (one in 1,000 of the tenant), asked in the tenant's scope.
    RareRoleInTenant,
    /// No text, sorted by a wire field, descending when `true`.
    Sorted(&'static str, bool),
    /// No text, the page in the middle of the tenant (OFFSET walks every row before it).
    DeepPage,
    /// No text, the first page of [`SMALL_TENANT`] (its 50 users among all the project's).
    SmallTenant,
}

/// Every kind measured, in the order of the table: each sortable column at least once, and
/// each direction.
const KINDS: [Kind; 19] = [
    Kind::NoText,
    Kind::Long,
    Kind::Short,
    Kind::WordStart,
    Kind::WordStartDesc,
    Kind::Disabled,
    Kind::Role,
    Kind::RoleInTenant,
    Kind::RareRoleInTenant,
    Kind::Sorted("loginIds", false),
    Kind::Sorted("email", false),
    Kind::Sorted("email", true),
    Kind::Sorted("phone", false),
    Kind::Sorted("status", false),
    Kind::Sorted("name", true),
    Kind::Sorted("createdTime", false),
    Kind::Sorted("createdTime", true),
    Kind::DeepPage,
    Kind::SmallTenant,
];

/// A tenant of [`SMALL_TENANT_USERS`] users beside the measured one: most tenants are small.
const SMALL_TENANT: &str = "small";
const SMALL_TENANT_USERS: usize = 50;

/// The role a tenth of the tenant holds.
const BENCH_ROLE: &str = "Bench Role";
/// The role one in 1,000 of the tenant holds (as few hold a tenant's admin role).
const RARE_ROLE: &str = "Rare Role";

impl Kind {
    fn label(self) -> String {
        match self {
            Self::NoText => "no text (first page, by name)".to_owned(),
            Self::Long => "text, 3+ characters".to_owned(),
            Self::Short => "text, 1-2 characters".to_owned(),
            Self::WordStart => "text, 1-2 characters, word start".to_owned(),
            Self::WordStartDesc => "text, 1-2 characters, word start, name desc".to_owned(),
            Self::Disabled => "status disabled".to_owned(),
            Self::Role => "role filter".to_owned(),
            Self::RoleInTenant => "role filter, in the tenant (widget)".to_owned(),
            Self::RareRoleInTenant => "role of 0.1%, in the tenant (widget)".to_owned(),
            Self::Sorted(field, desc) => {
                format!("sorted by {field}{}", if desc { ", desc" } else { "" })
            }
            Self::DeepPage => "no text, the middle page".to_owned(),
            Self::SmallTenant => format!("a tenant of {SMALL_TENANT_USERS} (first page, by name)"),
        }
    }

    /// The search for `text` in the measured tenant of `users`.
    fn request(self, text: &str, users: usize) -> UserSearchRequest {
        let mut request = UserSearchRequest {
            tenant_ids: vec![TenantId::new(TENANT)],
            text: text.to_owned(),
            limit: PAGE_SIZE,
            ..UserSearchRequest::default()
        };
        match self {
            Self::Disabled => request.statuses = vec![UserStatus::Disabled],
            Self::Role | Self::RoleInTenant => request.role_names = vec![BENCH_ROLE.to_owned()],
            Self::RareRoleInTenant => request.role_names = vec![RARE_ROLE.to_owned()],
            Self::Sorted(field, desc) => request.sort = sorted_by(field, desc),
            Self::WordStartDesc => request.sort = sorted_by("name", true),
            Self::DeepPage => {
                request.page = u32::try_from(users / 2).unwrap_or(u32::MAX) / PAGE_SIZE;
            }
            Self::SmallTenant => request.tenant_ids = vec![TenantId::new(SMALL_TENANT)],
            Self::NoText | Self::Long | Self::Short | Self::WordStart => {}
        }
        request
    }
}

/// A sort by the wire field `field`, descending when `desc`.
fn sorted_by(field: &str, desc: bool) -> Vec<SortField> {
    vec![SortField {
        field: field.to_owned(),
        desc,
    }]
}

/// `QUERIES` search texts of a kind, varied the way people type them.
fn terms(kind: Kind, people: &[Person], rng: &mut StdRng) -> BenchResult<Vec<String>> {
    let mut terms = Vec::with_capacity(QUERIES);
    for i in 0..QUERIES {
        let person = people.choose(rng).ok_or("no users to derive terms from")?;
        let term = match kind {
            Kind::NoText
            | Kind::Disabled
            | Kind::Role
            | Kind::RoleInTenant
            | Kind::RareRoleInTenant
            | Kind::Sorted(..)
            | Kind::DeepPage
            | Kind::SmallTenant => String::new(),
            Kind::Long => match i % 7 {
                // About 2.5% of the tenant each.
                0 => person.first.to_lowercase(),
                1 => person.last.to_owned(),
                // About 0.06%.
                2 => format!("{} {}", person.first, person.last),
                // One or a few users.
                3 => person
                    .login_id
                    .split('@')
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                4 => person.login_id.to_uppercase(),
                5 => person.phone[5..11].to_owned(),
                // Nobody.
                _ => format!("zq{i}x"),
            },
            Kind::Short => {
                let name = person.first.to_lowercase();
                let start = rng.gen_range(0..name.len() - 1);
                let len = if i % 2 == 0 { 1 } else { 2 };
                name[start..start + len].to_owned()
            }
            Kind::WordStart | Kind::WordStartDesc => {
                let name = if i % 2 == 0 {
                    person.first
                } else {
                    person.last
                };
                name[..1 + i % 3 / 2].to_lowercase()
            }
        };
        terms.push(term);
    }
    Ok(terms)
}

/// Whether `db` holds the measured tenant with `users` members and the small tenant with its
/// own already (a reused database).
async fn loaded_already(db: &Db, users: usize) -> BenchResult<bool> {
    for (tenant, expected) in [(TENANT, users), (SMALL_TENANT, SMALL_TENANT_USERS)] {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT users FROM user_counts WHERE tenant_id = $1")
                .bind(tenant)
                .fetch_optional(db.pool())
                .await?;
        if !row.is_some_and(|(count,)| usize::try_from(count) == Ok(expected)) {
            return Ok(false);
        }
    }
    Ok(true)
}

async fn bench_backend(
    backend: Backend,
    postgres_admin_url: Option<&str>,
    users: usize,
) -> BenchResult<Vec<Row>> {
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let url = fresh_database(backend, postgres_admin_url, "user_search").await?;
    let db = Db::connect(&url).await?;
    // The same people on both backends, and in a reused database.
    let mut rng = StdRng::seed_from_u64(20_261_123);
    let members = people(&mut rng, users, "bench.test");
    let others = people(&mut rng, users / 10, "other.test");
    let small = people(&mut rng, SMALL_TENANT_USERS, "small.test");
    if reuse() && loaded_already(&db, users).await? {
        println!("{name}: reusing the {url} of the last run");
    } else {
        load(
            &db,
            name,
            [
                (&members, TENANT),
                (&others, OTHER_TENANT),
                (&small, SMALL_TENANT),
            ],
        )
        .await?;
    }
    if backend == Backend::Postgres {
        // What autovacuum does shortly after a bulk load (or a migration that rewrites rows):
        // the planner needs the statistics, index-only scans the visibility map. Left to
        // autovacuum, it ran in the middle of the measured searches.
        sqlx::query("VACUUM (ANALYZE)").execute(db.pool()).await?;
    }
    // What the server does within a minute of a bulk load on SQLite: merge the text indexes'
    // segments (Db::merge_text_indexes; nothing on PostgreSQL, or when already merged).
    let merging = Instant::now();
    let steps = db.merge_text_indexes().await?;
    if steps > 0 {
        println!(
            "{name}: merged the text indexes in {steps} steps, {:.1} s",
            merging.elapsed().as_secs_f64()
        );
    }
    // Measure what a server started on this database sees, not the connections of the load.
    db.close().await;
    let db = Db::connect(&url).await?;
    measure(&db, name, users, &members, &mut rng).await
}

/// Loads the tenants, the roles and each group of people into its tenant (the measured one
/// first).
async fn load(db: &Db, name: &str, groups: [(&[Person], &str); 3]) -> BenchResult {
    let scope = ProjectWide::bypass_for_trusted_local_code();
    let now = 1_700_000_000;
    db.insert_tenants(
        &scope,
        &groups.map(|(_, id)| NewTenant {
            id: TenantId::new(id),
            name: id.to_owned(),
            ..NewTenant::default()
        }),
        now,
    )
    .await?;

    db.insert_roles(
        &scope,
        &[BENCH_ROLE, RARE_ROLE].map(|name| NewRole {
            tenant_id: TENANT.to_owned(),
            name: name.to_owned(),
            description: String::new(),
            permission_names: Vec::new(),
        }),
        now,
    )
    .await?;

    let loading = Instant::now();
    for (group, tenant) in groups {
        for (index, chunk) in group.chunks(LOAD_CHUNK).enumerate() {
            let chunk: Vec<NewUser> = chunk
                .iter()
                .enumerate()
                .map(|(n, p)| new_user(p, tenant, index * LOAD_CHUNK + n))
                .collect();
            db.insert_users(&scope, &chunk, now).await?;
        }
    }
    let loaded = loading.elapsed();
    println!(
        "{name}: loaded {} users in {:.1} s",
        groups.iter().map(|(group, _)| group.len()).sum::<usize>(),
        loaded.as_secs_f64()
    );
    Ok(())
}

/// Runs every kind of query on `db` and returns a row of figures for each.
async fn measure(
    db: &Db,
    name: &'static str,
    users: usize,
    members: &[Person],
    rng: &mut StdRng,
) -> BenchResult<Vec<Row>> {
    let project = Scope::Project(ProjectWide::bypass_for_trusted_local_code());
    let tenant = Scope::Tenant(TenantScope::bypass_for_trusted_local_code(TenantId::new(
        TENANT,
    )));
    let mut rows = Vec::new();
    // `TENANTKIT_BENCH_SLOWEST=N`: each kind's N slowest searches, to see what sets its p99.
    let slowest = size_from_env("TENANTKIT_BENCH_SLOWEST", 0)?;
    for kind in KINDS {
        let scope = match kind {
            Kind::RoleInTenant | Kind::RareRoleInTenant => &tenant,
            _ => &project,
        };
        let terms = terms(kind, members, rng)?;
        let request = |text: &str| kind.request(text, users);
        for text in terms.iter().take(WARM_UP) {
            db.search_users(scope, &request(text)).await?;
        }
        let mut durations = Vec::with_capacity(terms.len());
        let mut totals = 0_u64;
        let mut queries = Vec::with_capacity(terms.len());
        for text in &terms {
            let request = request(text);
            let started = Instant::now();
            let page = db.search_users(scope, &request).await?;
            let elapsed = started.elapsed();
            durations.push(elapsed);
            totals += page.total;
            queries.push((elapsed, text, page.total));
        }
        let row = Row::new(name, kind.label(), durations, totals).reported();
        if slowest > 0 {
            queries.sort_by_key(|query| std::cmp::Reverse(query.0));
            for (elapsed, text, total) in queries.iter().take(slowest) {
                println!("  slow: {elapsed:.1?} for {text:?} ({total} matching)");
            }
        }
        rows.push(row);
    }
    db.close().await;
    Ok(rows)
}

async fn run() -> BenchResult {
    let users = size_from_env("TENANTKIT_BENCH_USERS", DEFAULT_USERS)?;
    let rows = on_both_backends(|backend, url| async move {
        bench_backend(backend, url.as_deref(), users).await
    })
    .await?;
    println!(
        "\nUser search: a page of {PAGE_SIZE} in a tenant of {users} users ({} in the database), \
         {QUERIES} queries of each kind after {WARM_UP} unmeasured ones, one at a time.\n\
         Measured: Db::search_users called directly (storage layer, no HTTP), the count and the \
         page with its login ids, tenants and roles.\n",
        users + users / 10 + SMALL_TENANT_USERS
    );
    print_table(&rows);
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    exit_code("user_search", run().await)
}
