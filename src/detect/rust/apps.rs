//! Binaries as applications: their ids and ports (Rocket's default when the code names
//! none), and the one `--yes` picks.

use std::collections::BTreeMap;

use super::RustBin;
use crate::detect::cargo_manifest::Manifest;
use crate::detect::{App, DetectError, Evidence, port};
use crate::repo::Tree;

pub(super) const PREFERENCE_RULE: &str = "the root package's default-run binary comes first, then the binary named after the root package, then a package's own binary (src/main.rs) before extra ones, developer tooling (xtask, fuzz, bench, example, test) last, each in alphabetical order";

/// Rocket's default port.
const ROCKET_PORT: u16 = 8000;

/// Workspace members that build developer tools, not the application.
const TOOLING_PREFIXES: &[&str] = &["xtask", "fuzz", "bench", "example", "test"];

fn is_tooling(bin: &RustBin) -> bool {
    [&bin.name, &bin.package]
        .iter()
        .any(|name| TOOLING_PREFIXES.iter().any(|p| name.starts_with(p)))
}

pub(super) fn preferred(bins: &[RustBin], root: &Manifest) -> usize {
    let package = root.package.as_ref();
    let default_run = package.and_then(|p| p.default_run.as_deref());
    default_run
        .and_then(|d| bins.iter().position(|b| b.name == d))
        .or_else(|| package.and_then(|p| bins.iter().position(|b| b.name == p.name)))
        .or_else(|| {
            // `bins` is sorted by name, so the first minimum is the alphabetical one.
            (0..bins.len()).min_by_key(|&i| (is_tooling(&bins[i]), bins[i].name != bins[i].package))
        })
        .unwrap_or(0)
}

pub(super) fn apps(tree: &dyn Tree, binaries: &[RustBin]) -> Result<Vec<App>, DetectError> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for b in binaries {
        *counts.entry(&b.name).or_default() += 1;
    }
    let mut apps = Vec::new();
    for bin in binaries {
        let text = tree.read(&bin.source)?.unwrap_or_default();
        let id = if counts[bin.name.as_str()] > 1 {
            format!("{}/{}", bin.package, bin.name)
        } else {
            bin.name.clone()
        };
        let mut port = port::scan([(bin.source.as_str(), text.as_str())]);
        if bin.rocket && port.port.is_none() && port.ambiguous.is_empty() {
            port.port = Some(ROCKET_PORT);
            port.evidence.push(Evidence::new(
                &bin.manifest,
                None,
                format!("rocket's default port {ROCKET_PORT}"),
            ));
        }
        apps.push(App {
            id,
            name: bin.name.clone(),
            port,
        });
    }
    Ok(apps)
}
