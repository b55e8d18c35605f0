//! A package's targets: the binaries it builds, with their main source files, and the empty
//! stand-in files cargo needs to read its manifest before the sources are copied.

use std::collections::{BTreeMap, BTreeSet};

use super::RustBin;
use super::workspace::{Loaded, manifest_path, normalize};
use crate::detect::cargo_manifest::BuildScript;
use crate::detect::{DetectError, ManifestError};
use crate::repo::{self, EntryKind, Tree};
use crate::values;
use crate::values::checked;

/// Binaries of one package, with their main source files.
pub(super) fn package_bins(
    tree: &dyn Tree,
    entry: &Loaded,
    package: &str,
) -> Result<Vec<RustBin>, DetectError> {
    let file = manifest_path(&entry.dir);
    let mut bins: BTreeMap<String, String> = BTreeMap::new();
    let mut features: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for target in &entry.manifest.bin {
        let Some(name) = &target.name else {
            return Err(ManifestError::new(&file, None, "a [[bin]] target has no name").into());
        };
        checked(&file, "[[bin]] name", name, values::check_name)?;
        let source = target.path.clone().unwrap_or_else(|| {
            if name == package {
                "src/main.rs".into()
            } else {
                format!("src/bin/{name}.rs")
            }
        });
        let source = normalize(&entry.dir, &source).ok_or_else(|| {
            values::UnsafeValue::new(
                &file,
                "[[bin]] path",
                &source,
                "it leaves the project directory".into(),
            )
        })?;
        for feature in &target.required_features {
            checked(
                &file,
                "[[bin]] required-features",
                feature,
                values::check_rel_path,
            )?;
        }
        features.insert(name.clone(), target.required_features.clone());
        bins.insert(name.clone(), source);
    }
    let autobins = entry
        .manifest
        .package
        .as_ref()
        .and_then(|p| p.autobins)
        .unwrap_or(true);
    let explicit: BTreeSet<String> = bins.values().cloned().collect();
    let rocket = entry.manifest.dependencies.contains_key("rocket");
    if autobins {
        let main = repo::join(&entry.dir, "src/main.rs");
        if !explicit.contains(&main) && tree.is_file(&main)? {
            bins.entry(package.to_string()).or_insert(main);
        }
        let bin_dir = repo::join(&entry.dir, "src/bin");
        for e in tree.list(&bin_dir)?.unwrap_or_default() {
            let (name, source) = match e.kind {
                EntryKind::File => match e.name.strip_suffix(".rs") {
                    Some(stem) => (stem.to_string(), repo::join(&bin_dir, &e.name)),
                    None => continue,
                },
                EntryKind::Dir => (
                    e.name.clone(),
                    repo::join(&bin_dir, &format!("{}/main.rs", e.name)),
                ),
                EntryKind::Other => continue,
            };
            if e.kind == EntryKind::Dir && !tree.is_file(&source)? {
                continue;
            }
            if explicit.contains(&source) {
                continue;
            }
            checked(&bin_dir, "binary file name", &name, values::check_name)?;
            bins.entry(name).or_insert(source);
        }
    }
    // Names no flag could pass safely are left out, so errors never echo them.
    let package_features: Vec<String> = entry
        .manifest
        .feature_names()
        .into_iter()
        .filter(|f| values::check_feature(f).is_ok())
        .collect();
    Ok(bins
        .into_iter()
        .map(|(name, source)| RustBin {
            features: features.remove(&name).unwrap_or_default(),
            package_features: package_features.clone(),
            rocket,
            manifest: manifest_path(&entry.dir),
            name,
            package: package.to_string(),
            source,
        })
        .collect())
}

/// The empty files cargo needs to read one manifest without its sources.
pub(super) fn package_stubs(tree: &dyn Tree, entry: &Loaded) -> Result<Vec<String>, DetectError> {
    let m = &entry.manifest;
    let mut stubs = vec![
        m.lib
            .as_ref()
            .and_then(|l| l.path.clone())
            .unwrap_or_else(|| "src/lib.rs".into()),
    ];
    let kinds = [
        (&m.bin, "src/bin"),
        (&m.example, "examples"),
        (&m.test, "tests"),
        (&m.bench, "benches"),
    ];
    for (targets, dir) in kinds {
        for target in targets {
            match (&target.path, &target.name) {
                (Some(path), _) => stubs.push(path.clone()),
                (None, Some(name)) => stubs.push(format!("{dir}/{name}.rs")),
                (None, None) => {}
            }
        }
    }
    let build = match m.package.as_ref().and_then(|p| p.build.as_ref()) {
        Some(BuildScript::Path(path)) => Some(path.clone()),
        Some(BuildScript::Enabled(false)) => None,
        _ => tree
            .is_file(&repo::join(&entry.dir, "build.rs"))?
            .then(|| "build.rs".to_string()),
    };
    stubs.extend(build);
    let file = manifest_path(&entry.dir);
    stubs
        .into_iter()
        .map(|s| {
            let path = normalize(&entry.dir, &s).unwrap_or_default();
            checked(&file, "target path", &path, values::check_rel_path)?;
            Ok(path)
        })
        .collect()
}
