//! Two private PostgreSQL clusters: Debian's server binaries, each its own data directory and
//! port, trust authentication on loopback only. Started when needed and left running so the
//! next run reuses them; `cargo xtask pg-stop` stops both.
//!
//! - The tests' ([`Cluster::Tests`]): its data in memory (`/dev/shm`) when there is room.
//!   Every server test creates a database and drops it; on disk (ext4) creating one took
//!   0.66-0.75 s, in memory 0.07 s, and the API suite 568 s against 430 (README, Figures).
//! - The benchmarks' ([`Cluster::Bench`]): on disk, for databases of millions of rows kept
//!   between runs, with a 2 GB cache in huge pages when root may set them aside.
//!
//! Set `TENANTKIT_TEST_POSTGRES_URL` to run the tests on an existing server instead.

use crate::process::{exec, is_root, probe};
use crate::{TaskResult, setup};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Which private cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cluster {
    /// The tests' (`cargo xtask test`, `pg-start`): port 55433, data in `/dev/shm` when it has
    /// room, PostgreSQL's default cache.
    Tests,
    /// The benchmarks' (`bench-*`, `pg-start bench`): port 55432, data in `/tmp`, a 2 GB cache.
    Bench,
}

/// Free space `/dev/shm` must have for the tests' cluster to live there: the largest test
/// database is under 300 MB, and two tests run at once.
const SHM_ROOM_KB: u64 = 2 * 1024 * 1024;

impl Cluster {
    fn port(self) -> String {
        let (variable, default) = match self {
            Self::Tests => ("TENANTKIT_TEST_PG_PORT", "55433"),
            Self::Bench => ("TENANTKIT_PG_PORT", "55432"),
        };
        std::env::var(variable).unwrap_or_else(|_| default.to_owned())
    }

    fn data_root(self) -> PathBuf {
        match self {
            Self::Bench => std::env::var("TENANTKIT_PG_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| PathBuf::from("/tmp/tenantkit-postgres")),
            Self::Tests => {
                let in_memory = PathBuf::from("/dev/shm/tenantkit-postgres-tests");
                if in_memory.join("data/PG_VERSION").exists() || shm_has_room() {
                    in_memory
                } else {
                    PathBuf::from("/tmp/tenantkit-postgres-tests")
                }
            }
        }
    }

    /// Connections, and the cache: as a deployment sizes it for the benchmarks, whose tenant of
    /// 1,000,000 members searches about 660 MB of memberships and their indexes; PostgreSQL's
    /// default (128 MB) for the tests' small databases.
    fn memory(self) -> &'static str {
        match self {
            Self::Tests => "-c max_connections=300",
            Self::Bench => "-c max_connections=300 -c shared_buffers=2GB",
        }
    }

    /// An admin URL to create databases with.
    fn url(self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port())
    }

    fn is_ready(self, bin: &Path) -> bool {
        let pg_isready = bin.join("pg_isready");
        probe(
            &pg_isready.to_string_lossy(),
            &["-q", "-h", "127.0.0.1", "-p", &self.port()],
        )
        .is_some()
    }
}

/// Whether `/dev/shm` is there with [`SHM_ROOM_KB`] free.
fn shm_has_room() -> bool {
    probe("df", &["-P", "-k", "/dev/shm"])
        .and_then(|table| {
            let line = table.lines().nth(1)?.to_owned();
            line.split_whitespace().nth(3)?.parse::<u64>().ok()
        })
        .is_some_and(|available| available >= SHM_ROOM_KB)
}

/// A command run as the `postgres` system user when we are root (PostgreSQL refuses root).
fn as_postgres_user(program: PathBuf) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

/// Starts `cluster` (initialising it on first use) and returns its admin URL.
pub fn start(cluster: Cluster) -> TaskResult<String> {
    if cluster == Cluster::Tests
        && let Ok(url) = std::env::var("TENANTKIT_TEST_POSTGRES_URL")
    {
        return Ok(url);
    }
    let bin = setup::postgres_bin_dir()
        .ok_or("PostgreSQL server binaries not found; run `cargo xtask setup`")?;
    if cluster.is_ready(&bin) {
        return Ok(cluster.url());
    }
    let root = cluster.data_root();
    let data = root.join("data");
    std::fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    if is_root() {
        exec(Command::new("chown").arg("postgres:postgres").arg(&root))?;
    }
    if !data.join("PG_VERSION").exists() {
        println!(
            "xtask: initialising a private PostgreSQL cluster in {}",
            data.display()
        );
        exec(
            as_postgres_user(bin.join("initdb"))
                .args([
                    "--auth=trust",
                    "--username=postgres",
                    "--encoding=UTF8",
                    "--no-sync",
                    "-D",
                ])
                .arg(&data)
                .stdout(std::process::Stdio::null()),
        )?;
    }
    // Durability is not wanted in a throw-away cluster: these settings make it fast. Its data
    // is in memory or in the page cache, so a page read out of order costs what one in order
    // does, about: `random_page_cost` 1.1 rather than 4 (the README's deployment advice too).
    let options = format!(
        "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c random_page_cost=1.1 {}",
        cluster.port(),
        root.display(),
        cluster.memory()
    );
    if cluster == Cluster::Bench {
        reserve_huge_pages(&bin, &data, cluster.memory());
    }
    exec(
        as_postgres_user(bin.join("pg_ctl"))
            .args(["-w", "-D"])
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(root.join("server.log"))
            .arg("start")
            .stdout(std::process::Stdio::null()),
    )?;
    Ok(cluster.url())
}

/// Stops both private clusters where they run, and gives back the huge pages `start` reserved.
pub fn stop() -> TaskResult {
    let bin = setup::postgres_bin_dir().ok_or("PostgreSQL server binaries not found")?;
    for cluster in [Cluster::Tests, Cluster::Bench] {
        if cluster.is_ready(&bin) {
            exec(
                as_postgres_user(bin.join("pg_ctl"))
                    .args(["-w", "-m", "fast", "-D"])
                    .arg(cluster.data_root().join("data"))
                    .arg("stop"),
            )?;
        }
    }
    release_huge_pages()
}

/// The kernel's count of huge pages (2 MB each) set aside; it is this count's to write.
const HUGE_PAGES: &str = "/proc/sys/vm/nr_hugepages";

/// Where `start` keeps the count of huge pages it found, for `stop` to restore.
fn huge_pages_before() -> PathBuf {
    Cluster::Bench.data_root().join("huge-pages-before")
}

/// Sets aside the huge pages the cluster's shared memory needs, when we are root and the kernel
/// has too few free; PostgreSQL (`huge_pages = try`, its default) then maps its 2 GB cache with
/// them. With 4 kB pages each server process fills its own page table for every page of the
/// cache it touches: a search's first run on a new connection faulted in 763-1,545 pages and
/// took 5.7-9.3 ms instead of 2.6, which set `bench-search`'s p99 (README, twenty-first round).
/// Deployments of this size are told to do the same (PostgreSQL's documentation, "Linux Huge
/// Pages"). Anything that fails leaves the cluster on ordinary pages, as without root.
fn reserve_huge_pages(bin: &Path, data: &Path, memory: &str) {
    if !is_root() {
        return;
    }
    let postgres = bin.join("postgres");
    let mut args = vec!["-u", "postgres", "--"];
    let postgres = postgres.to_string_lossy();
    args.push(&postgres);
    let data = data.to_string_lossy();
    args.extend(["-D", &data, "-C", "shared_memory_size_in_huge_pages"]);
    args.extend(memory.split(' '));
    let needed = probe("runuser", &args).and_then(|pages| pages.parse::<u64>().ok());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let count = |field: &str| {
        meminfo.lines().find_map(|line| {
            line.strip_prefix(field)?
                .trim_start_matches(':')
                .trim()
                .parse::<u64>()
                .ok()
        })
    };
    let (Some(needed), Some(total), Some(free)) =
        (needed, count("HugePages_Total"), count("HugePages_Free"))
    else {
        return;
    };
    if free >= needed {
        return;
    }
    let wanted = total + needed - free;
    if std::fs::write(HUGE_PAGES, wanted.to_string()).is_err() {
        println!("xtask: cannot set aside huge pages ({HUGE_PAGES}); PostgreSQL uses 4 kB pages");
        return;
    }
    if !huge_pages_before().exists() {
        let _ = std::fs::write(huge_pages_before(), total.to_string());
    }
    println!(
        "xtask: set aside {} huge pages of 2 MB for the private PostgreSQL's shared memory \
         (`cargo xtask pg-stop` gives them back)",
        wanted - total
    );
}

/// Restores the count of huge pages [`reserve_huge_pages`] found.
fn release_huge_pages() -> TaskResult {
    let Ok(before) = std::fs::read_to_string(huge_pages_before()) else {
        return Ok(());
    };
    std::fs::write(HUGE_PAGES, before.trim())
        .map_err(|e| format!("cannot restore {HUGE_PAGES} to {}: {e}", before.trim()))?;
    std::fs::remove_file(huge_pages_before())
        .map_err(|e| format!("cannot remove {}: {e}", huge_pages_before().display()))
}
