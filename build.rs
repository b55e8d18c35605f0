//! Rebuild when a template is added, removed or edited: include_dir alone does not track
//! new files.
fn main() {
    println!("cargo:rerun-if-changed=templates");
}
