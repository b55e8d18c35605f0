use super::*;
use crate::repo::MemTree;

const ROOT: &str = "[tool.uv.workspace]\nmembers = [\"backend\", \"libs/*\"]\n";

fn workspace() -> MemTree {
    MemTree::new()
        .with("pyproject.toml", ROOT)
        .with(
            "backend/pyproject.toml",
            "[project]\nname = \"app\"\nrequires-python = \">=3.12,<4.0\"\ndependencies = [\"fastapi[standard]\"]\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
        )
        .with("backend/app/__init__.py", "")
        .with(
            "backend/app/main.py",
            "from fastapi import FastAPI\n\napp = FastAPI(\n    title=\"x\",\n)\n",
        )
        .with("libs/common/pyproject.toml", "[project]\nname = \"common\"\n")
        .with("libs/common/common/__init__.py", "")
}

fn root() -> PyProject {
    pyproject::parse("pyproject.toml", ROOT).unwrap()
}

#[test]
fn members_expand_literal_paths_and_wildcards() {
    let tree = workspace();
    assert!(is_virtual_root(&root()));
    let dirs: Vec<String> = members(&tree, &root())
        .unwrap()
        .into_iter()
        .map(|m| m.dir)
        .collect();
    assert_eq!(dirs, ["backend", "libs/common"]);
}

#[test]
fn an_application_in_a_member_runs_from_the_member_directory() {
    let tree = workspace();
    let members = members(&tree, &root()).unwrap();
    let deps = BTreeSet::from(["fastapi".to_string(), "uvicorn".to_string()]);
    let mut warnings = Vec::new();
    let found = discover(&tree, &members, &deps, &mut warnings).unwrap();
    assert_eq!(found.len(), 1);
    let (f, name) = &found[0];
    assert_eq!(f.id, "app.main:app");
    assert_eq!(name.as_deref(), Some("app"));
    assert_eq!(f.evidence.file, "backend/app/main.py");
    assert!(matches!(&f.entry, PyEntry::Asgi { app_dir: Some(d), .. } if d == "backend"));
    let v = version(&members).unwrap().unwrap();
    assert_eq!(v.evidence.file, "backend/pyproject.toml");
}

#[test]
fn a_broken_member_manifest_names_its_file() {
    let tree = workspace().with("backend/pyproject.toml", "[project\n");
    let err = members(&tree, &root()).err().unwrap().to_string();
    assert!(err.contains("backend/pyproject.toml"), "{err}");
}

#[test]
fn patterns_leaving_the_repository_are_ignored() {
    let tree = MemTree::new().with(
        "pyproject.toml",
        "[tool.uv.workspace]\nmembers = [\"../x\", \"/etc\", \"*/../y\"]\n",
    );
    let root = pyproject::parse(
        "pyproject.toml",
        &tree.read("pyproject.toml").unwrap().unwrap(),
    )
    .unwrap();
    assert!(members(&tree, &root).unwrap().is_empty());
}
