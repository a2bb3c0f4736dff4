//! `sqlx::migrate!` embeds the migrations when the crate compiles: a migration added or edited
//! alone (no Rust file touched) must rebuild the server too.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
