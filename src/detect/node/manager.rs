//! The package manager: from the lockfile and the `packageManager` field, with the files its
//! install step must see (lockfile, configuration, Yarn releases and plugins) and whether a
//! `.npmrc` carries a registry credential (`detect::secrets::NPMRC`).

use serde::Serialize;

use super::package_json::PackageJson;
use crate::detect::secrets::{self, FoundSecret};
use crate::detect::{DetectError, Evidence};
use crate::plan::images;
use crate::repo::{self, Tree};
use crate::values;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PackageManager {
    Npm,
    Pnpm,
    YarnClassic,
    YarnBerry,
    Bun,
}

impl PackageManager {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PackageManager::Npm => "npm",
            PackageManager::Pnpm => "pnpm",
            PackageManager::YarnClassic => "yarn classic",
            PackageManager::YarnBerry => "yarn berry",
            PackageManager::Bun => "bun",
        }
    }

    /// The lockfiles this manager writes, preferred first.
    fn lockfiles(self) -> &'static [&'static str] {
        match self {
            PackageManager::Npm => &["package-lock.json", "npm-shrinkwrap.json"],
            PackageManager::Pnpm => &["pnpm-lock.yaml"],
            PackageManager::YarnClassic | PackageManager::YarnBerry => &["yarn.lock"],
            PackageManager::Bun => &["bun.lock", "bun.lockb"],
        }
    }
}

/// Lockfiles in the order msb prefers them when several exist and `packageManager` is silent.
const LOCKFILES: &[(&str, PackageManager)] = &[
    ("pnpm-lock.yaml", PackageManager::Pnpm),
    ("yarn.lock", PackageManager::YarnClassic),
    ("bun.lock", PackageManager::Bun),
    ("bun.lockb", PackageManager::Bun),
    ("package-lock.json", PackageManager::Npm),
    ("npm-shrinkwrap.json", PackageManager::Npm),
];

/// Configuration files an install reads when they exist, per manager.
fn config_files(manager: PackageManager) -> &'static [&'static str] {
    match manager {
        PackageManager::Npm | PackageManager::YarnClassic => &[".npmrc"],
        PackageManager::Pnpm => &[".npmrc", "pnpm-workspace.yaml", ".pnpmfile.cjs"],
        PackageManager::YarnBerry => &[".yarnrc.yml", ".npmrc"],
        PackageManager::Bun => &["bunfig.toml", ".npmrc"],
    }
}

/// Directories an install reads when they exist, per manager.
fn config_dirs(manager: PackageManager) -> &'static [&'static str] {
    match manager {
        PackageManager::Pnpm => &["patches"],
        PackageManager::YarnBerry => &[".yarn/releases", ".yarn/plugins", ".yarn/patches"],
        PackageManager::Npm | PackageManager::YarnClassic | PackageManager::Bun => &[],
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManagerFacts {
    pub kind: PackageManager,
    /// The version `packageManager` pins (or an old pnpm lockfile needs), already validated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The lockfile, relative to the build context; `None` makes the install non-deterministic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lockfile: Option<String>,
    /// Configuration files the install must see, relative to the build context.
    pub config_files: Vec<String>,
    pub config_dirs: Vec<String>,
    /// Yarn Plug'n'Play is configured; msb installs with the node-modules linker instead.
    pub pnp: bool,
    /// A `.npmrc` that holds a registry credential: passed as a build secret, never copied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npmrc_secret: Option<FoundSecret>,
}

/// How much of a lockfile msb reads to recognise its format.
const LOCKFILE_HEAD: usize = 4096;

/// The pnpm an old `pnpm-lock.yaml` needs when `packageManager` does not say: pnpm 9 and
/// newer refuse lockfile v5 and v6 with `--frozen-lockfile` (ERR_PNPM_LOCKFILE_BREAKING_CHANGE).
fn pnpm_for_lockfile(
    tree: &dyn Tree,
    path: &str,
) -> Result<Option<(String, &'static str)>, DetectError> {
    let Some(head) = tree.read_head(path, LOCKFILE_HEAD)? else {
        return Ok(None);
    };
    let Some(value) = head
        .lines()
        .find_map(|l| l.trim().strip_prefix("lockfileVersion:"))
    else {
        return Ok(None);
    };
    let value = value.trim().trim_matches(['\'', '"']);
    let pnpm = match value.split('.').next() {
        Some("5") => images::PNPM_FOR_LOCKFILE_V5,
        Some("6") => images::PNPM_FOR_LOCKFILE_V6,
        _ => return Ok(None),
    };
    Ok(Some((values::printable(value), pnpm)))
}

/// `pnpm@10.2.0+sha512.…` → (`pnpm`, `10.2.0`).
fn parse_package_manager(value: &str) -> Option<(PackageManager, String, u32)> {
    let (name, version) = value.split_once('@')?;
    let version = version.split('+').next().unwrap_or(version);
    values::check_version(version).ok()?;
    let major: u32 = version.split('.').next()?.parse().ok()?;
    let kind = match name {
        "npm" => PackageManager::Npm,
        "pnpm" => PackageManager::Pnpm,
        "yarn" if major < 2 => PackageManager::YarnClassic,
        "yarn" => PackageManager::YarnBerry,
        "bun" => PackageManager::Bun,
        _ => return None,
    };
    Some((kind, version.to_string(), major))
}

fn yarnrc_linker(text: &str) -> Option<&str> {
    text.lines().find_map(|l| {
        l.trim()
            .strip_prefix("nodeLinker:")
            .map(|v| v.trim().trim_matches(['"', '\'']))
    })
}

/// Decides the package manager for the package at `dir` whose lockfile and configuration
/// live at `root` (the same directory unless the package is a workspace member).
///
/// # Errors
/// A lockfile or configuration file that cannot be read.
pub fn detect(
    tree: &dyn Tree,
    root: &str,
    root_package: &PackageJson,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<ManagerFacts, DetectError> {
    let mut present = Vec::new();
    for (file, kind) in LOCKFILES {
        let path = repo::join(root, file);
        if tree.is_file(&path)? {
            present.push((path, *kind));
        }
    }
    let declared = root_package.package_manager.as_deref().map(|v| {
        (
            v,
            parse_package_manager(v),
            root_package.line_of("packageManager"),
        )
    });
    let mut version = None;
    let mut berry_from_field = false;
    let mut kind = match &declared {
        Some((_, Some((kind, v, _)), line)) => {
            version = Some(v.clone());
            berry_from_field = *kind == PackageManager::YarnBerry;
            evidence.push(Evidence::new(
                &root_package.file,
                *line,
                format!("packageManager pins {} {v}", kind.as_str()),
            ));
            Some(*kind)
        }
        Some((raw, None, _)) => {
            warnings.push(format!(
                "{}: packageManager {} is not name@version of npm, pnpm, yarn or bun; ignored",
                root_package.file,
                values::shown(raw)
            ));
            None
        }
        None => None,
    };
    let matching = |k: PackageManager| {
        present
            .iter()
            .find(|(path, _)| k.lockfiles().iter().any(|l| path.ends_with(l)))
            .map(|(p, _)| p.clone())
    };
    let lockfile = match kind {
        Some(k) => {
            let found = matching(k);
            if found.is_none() {
                if let Some((other, _)) = present.first() {
                    warnings.push(format!(
                        "packageManager names {} but the lockfile is {other}; msb follows packageManager and installs without a lockfile — remove the stray lockfile or fix packageManager",
                        k.as_str()
                    ));
                }
            }
            found
        }
        None => present.first().map(|(path, k)| {
            kind = Some(*k);
            path.clone()
        }),
    };
    if present.len() > 1 {
        let names: Vec<&str> = present.iter().map(|(p, _)| p.as_str()).collect();
        warnings.push(format!(
            "several lockfiles ({}); msb uses {}",
            names.join(", "),
            lockfile.as_deref().unwrap_or("none")
        ));
    }
    let mut kind = kind.unwrap_or(PackageManager::Npm);
    let yarnrc_path = repo::join(root, ".yarnrc.yml");
    let yarnrc = tree.read(&yarnrc_path)?;
    if kind == PackageManager::YarnClassic && !berry_from_field && version.is_none() {
        // A berry lockfile opens with `__metadata:`; lockfiles outgrow what msb reads whole.
        let lock_is_berry = match &lockfile {
            Some(path) => tree
                .read_head(path, LOCKFILE_HEAD)?
                .is_some_and(|t| t.contains("__metadata:")),
            None => false,
        };
        if yarnrc.is_some() || lock_is_berry {
            kind = PackageManager::YarnBerry;
        }
    }
    match &lockfile {
        Some(path) => evidence.push(Evidence::new(
            path,
            None,
            format!("{} lockfile: installs are frozen to it", kind.as_str()),
        )),
        None => {
            warnings.push(format!(
                "no lockfile: `{}` resolves dependency versions anew on every build, so images are not reproducible; commit a lockfile",
                kind.as_str()
            ));
            evidence.push(Evidence::new(
                &root_package.file,
                None,
                format!(
                    "no lockfile: {} installs are not deterministic",
                    kind.as_str()
                ),
            ));
        }
    }
    if kind == PackageManager::Pnpm && version.is_none() {
        if let Some(path) = &lockfile {
            if let Some((lockfile_version, pnpm)) = pnpm_for_lockfile(tree, path)? {
                evidence.push(Evidence::new(
                    path,
                    Some(1),
                    format!(
                        "lockfileVersion {lockfile_version}: written by an older pnpm, so pnpm {pnpm} installs it (newer pnpm refuses it as frozen)"
                    ),
                ));
                version = Some(pnpm.to_string());
            }
        }
    }
    let mut pnp = false;
    if kind == PackageManager::YarnBerry {
        let linker = yarnrc.as_deref().and_then(yarnrc_linker);
        pnp = !matches!(linker, Some("node-modules" | "pnpm"));
        if pnp {
            evidence.push(Evidence::new(
                &yarnrc_path,
                None,
                "Yarn Plug'n'Play (the default linker): msb installs with nodeLinker node-modules so the image has a plain node_modules",
            ));
        }
    }
    let mut config_files_found = Vec::new();
    let mut npmrc_secret = None;
    for name in config_files(kind) {
        let path = repo::join(root, name);
        if !tree.is_file(&path)? {
            continue;
        }
        if *name == ".npmrc" {
            if let Some(found) = secrets::find(tree, root, &secrets::NPMRC)? {
                evidence.push(found.evidence.clone());
                warnings.extend(found.warning());
                npmrc_secret = Some(found);
                continue;
            }
        }
        config_files_found.push(path);
    }
    let mut dirs = Vec::new();
    for name in config_dirs(kind) {
        let path = repo::join(root, name);
        if tree.is_dir(&path)? {
            dirs.push(path);
        }
    }
    Ok(ManagerFacts {
        kind,
        version,
        lockfile,
        config_files: config_files_found,
        config_dirs: dirs,
        pnp,
        npmrc_secret,
    })
}

#[cfg(test)]
mod tests {
    use super::super::package_json;
    use super::*;
    use crate::repo::MemTree;

    fn run(tree: &MemTree) -> (ManagerFacts, Vec<String>) {
        let text = tree.read("package.json").unwrap().unwrap_or("{}".into());
        let package = package_json::parse("package.json", &text).unwrap();
        let (mut evidence, mut warnings) = (Vec::new(), Vec::new());
        let facts = detect(tree, "", &package, &mut evidence, &mut warnings).unwrap();
        (facts, warnings)
    }

    #[test]
    fn lockfiles_choose_the_manager() {
        for (lock, kind) in [
            ("package-lock.json", PackageManager::Npm),
            ("npm-shrinkwrap.json", PackageManager::Npm),
            ("pnpm-lock.yaml", PackageManager::Pnpm),
            ("bun.lock", PackageManager::Bun),
            ("bun.lockb", PackageManager::Bun),
        ] {
            let (f, w) = run(&MemTree::new().with("package.json", "{}").with(lock, ""));
            assert_eq!((f.kind, f.lockfile.as_deref()), (kind, Some(lock)));
            assert!(w.is_empty(), "{w:?}");
        }
    }

    #[test]
    fn yarn_classic_and_berry() {
        let classic = MemTree::new()
            .with("package.json", "{}")
            .with("yarn.lock", "# yarn lockfile v1\n");
        assert_eq!(run(&classic).0.kind, PackageManager::YarnClassic);
        let berry = classic
            .clone()
            .with(".yarnrc.yml", "nodeLinker: node-modules\n");
        let (f, _) = run(&berry);
        assert_eq!(f.kind, PackageManager::YarnBerry);
        assert!(!f.pnp);
        assert_eq!(f.config_files, [".yarnrc.yml"]);
        let pnp = MemTree::new()
            .with("package.json", r#"{"packageManager": "yarn@4.5.0"}"#)
            .with("yarn.lock", "__metadata:\n");
        let (f, _) = run(&pnp);
        assert_eq!(
            (f.kind, f.version.as_deref(), f.pnp),
            (PackageManager::YarnBerry, Some("4.5.0"), true)
        );
    }

    #[test]
    fn package_manager_field_pins_the_version_and_drops_the_hash() {
        let tree = MemTree::new()
            .with(
                "package.json",
                r#"{"packageManager": "pnpm@10.2.1+sha512.abc"}"#,
            )
            .with("pnpm-lock.yaml", "");
        let (f, _) = run(&tree);
        assert_eq!(
            (f.kind, f.version.as_deref()),
            (PackageManager::Pnpm, Some("10.2.1"))
        );
        let hostile =
            MemTree::new().with("package.json", r#"{"packageManager": "pnpm@1;rm -rf /"}"#);
        let (f, w) = run(&hostile);
        assert_eq!(f.version, None);
        assert!(w.iter().any(|w| w.contains("packageManager")));
    }

    #[test]
    fn a_lockfile_larger_than_msb_reads_is_recognised_by_its_head() {
        let big = "x".repeat(crate::repo::MAX_FILE_BYTES as usize);
        let classic = MemTree::new()
            .with("package.json", "{}")
            .with("yarn.lock", format!("# yarn lockfile v1\n\n{big}"));
        assert_eq!(run(&classic).0.kind, PackageManager::YarnClassic);
        let berry = MemTree::new().with("package.json", "{}").with(
            "yarn.lock",
            format!("# generated\n\n__metadata:\n  version: 8\n{big}"),
        );
        assert_eq!(run(&berry).0.kind, PackageManager::YarnBerry);
    }

    #[test]
    fn an_old_pnpm_lockfile_gets_the_pnpm_that_wrote_it() {
        for (lockfile, pnpm) in [
            ("lockfileVersion: '6.0'\n", Some("8.15.9")),
            ("lockfileVersion: 5.4\n", Some("7.33.7")),
            ("lockfileVersion: '9.0'\n", None),
        ] {
            let tree = MemTree::new()
                .with("package.json", "{}")
                .with("pnpm-lock.yaml", lockfile);
            assert_eq!(run(&tree).0.version.as_deref(), pnpm, "{lockfile}");
        }
        let pinned = MemTree::new()
            .with("package.json", r#"{"packageManager": "pnpm@9.15.0"}"#)
            .with("pnpm-lock.yaml", "lockfileVersion: '6.0'\n");
        assert_eq!(run(&pinned).0.version.as_deref(), Some("9.15.0"));
    }

    #[test]
    fn no_lockfile_warns() {
        let (f, w) = run(&MemTree::new().with("package.json", "{}"));
        assert_eq!((f.kind, f.lockfile), (PackageManager::Npm, None));
        assert!(w[0].contains("no lockfile"));
    }

    #[test]
    fn npmrc_with_a_token_is_a_secret_and_without_is_config() {
        let tree = MemTree::new()
            .with("package.json", "{}")
            .with("package-lock.json", "{}")
            .with(
                ".npmrc",
                "registry=https://npm.example.com/\n//npm.example.com/:_authToken=abc\n",
            );
        let (f, _) = run(&tree);
        assert_eq!(f.npmrc_secret.unwrap().evidence.line, Some(2));
        assert!(f.config_files.is_empty());
        let plain = tree.with(".npmrc", "engine-strict=true\n");
        let (f, _) = run(&plain);
        assert!(f.npmrc_secret.is_none());
        assert_eq!(f.config_files, [".npmrc"]);
    }
}
