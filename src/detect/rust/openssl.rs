//! Whether the build links the system OpenSSL, as Cargo.lock tells.

use crate::detect::Evidence;

/// `openssl-sys` in Cargo.lock, unless `openssl-src` builds OpenSSL from source.
pub(super) fn system_openssl(lock: &str) -> Option<Evidence> {
    let mut sys = None;
    for (index, line) in lock.lines().enumerate() {
        match line.trim() {
            "name = \"openssl-sys\"" => sys = Some(index + 1),
            "name = \"openssl-src\"" => return None,
            _ => {}
        }
    }
    sys.map(|line| {
        Evidence::new(
            "Cargo.lock",
            Some(line),
            "openssl-sys links the system OpenSSL: the builder installs its headers and pkg-config",
        )
    })
}
