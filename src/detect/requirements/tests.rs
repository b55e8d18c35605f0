//! Requirements files: names, includes, hashes, local paths, credentials, loops.

use super::*;
use crate::repo::MemTree;

#[test]
fn names_includes_and_hashes() {
    let tree = MemTree::new()
        .with(
            "requirements.txt",
            "# web\nFlask==3.1.0 \\\n    --hash=sha256:abc\n-r requirements/base.txt\nzope.interface>=6 ; python_version>'3.8'\n",
        )
        .with("requirements/base.txt", "--constraint ../constraints.txt\nPyYAML[extra]\n")
        .with("constraints.txt", "pyyaml<7\n");
    let r = read(&tree, "requirements.txt").unwrap();
    assert_eq!(
        r.files,
        [
            "requirements.txt",
            "requirements/base.txt",
            "constraints.txt"
        ]
    );
    let names: Vec<&str> = r.names.iter().map(String::as_str).collect();
    assert_eq!(names, ["flask", "pyyaml", "zope-interface"]);
    assert!(r.hashes);
    assert!(r.local.is_none());
}

#[test]
fn local_paths_are_noticed() {
    let tree = MemTree::new().with("requirements.txt", "fastapi\n-e .\n");
    let r = read(&tree, "requirements.txt").unwrap();
    assert_eq!(r.local.unwrap().line, Some(2));
    let tree = MemTree::new().with("requirements.txt", "./libs/x\n");
    assert!(read(&tree, "requirements.txt").unwrap().local.is_some());
}

#[test]
fn broken_and_hostile_includes_are_errors() {
    let tree = MemTree::new().with("requirements.txt", "flask\n-r missing.txt\n");
    let e = read(&tree, "requirements.txt").unwrap_err().to_string();
    assert!(
        e.starts_with("requirements.txt:2: includes missing.txt, which does not exist"),
        "{e}"
    );
    let tree = MemTree::new()
        .with("requirements.txt", "flask\n-r a.txt\n")
        .with("a.txt", "-r b/c.txt\n")
        .with("b/c.txt", "-r ../requirements.txt\n");
    let e = read(&tree, "requirements.txt").unwrap_err().to_string();
    assert!(
        e.starts_with("b/c.txt:1: includes requirements.txt, which is already being read: the includes loop (requirements.txt → a.txt → b/c.txt → requirements.txt)"),
        "{e}"
    );
    let itself = MemTree::new().with("requirements.txt", "-r requirements.txt\n");
    assert!(read(&itself, "requirements.txt").is_err());
    let diamond = MemTree::new()
        .with("requirements.txt", "-r a.txt\n-r b.txt\n")
        .with("a.txt", "-r base.txt\n")
        .with("b.txt", "-r base.txt\n")
        .with("base.txt", "flask\n");
    let r = read(&diamond, "requirements.txt").unwrap();
    assert_eq!(r.files, ["requirements.txt", "a.txt", "base.txt", "b.txt"]);
    let tree = MemTree::new().with("requirements.txt", "-r #nothing\n");
    let e = read(&tree, "requirements.txt").unwrap_err().to_string();
    assert!(e.starts_with("requirements.txt:1: -r names no"), "{e}");
    let tree = MemTree::new().with("requirements.txt", "-r ../../etc/passwd\n");
    assert!(matches!(
        read(&tree, "requirements.txt"),
        Err(DetectError::Manifest(_))
    ));
    let tree = MemTree::new()
        .with("requirements.txt", "-r 'x$(id).txt'\n")
        .with("'x$(id).txt'", "");
    assert!(matches!(
        read(&tree, "requirements.txt"),
        Err(DetectError::Unsafe(_))
    ));
}

#[test]
fn credentials_in_index_urls_are_refused_and_never_shown() {
    let tree = MemTree::new().with(
        "requirements.txt",
        "--extra-index-url https://bob:s3cret@pypi.example.com/simple\nflask\n",
    );
    let DetectError::Unsafe(e) = read(&tree, "requirements.txt").unwrap_err() else {
        panic!()
    };
    assert!(!e.to_string().contains("s3cret"), "{e}");
    assert!(e.to_string().contains("***@pypi.example.com"), "{e}");
    let tree = MemTree::new().with(
        "requirements.txt",
        "--index-url https://pypi.example.com/simple\nflask\n",
    );
    assert!(read(&tree, "requirements.txt").is_ok());
}

#[test]
fn normalization() {
    assert_eq!(normalize("Zope.Interface"), "zope-interface");
    assert_eq!(normalize("psycopg2_binary"), "psycopg2-binary");
    assert_eq!(
        requirement_name("uvicorn[standard]>=0.30"),
        Some("uvicorn".into())
    );
    assert_eq!(
        implied("FastAPI[Standard]>=0.115"),
        ["uvicorn", "fastapi-cli"]
    );
    assert!(implied("fastapi>=0.115").is_empty());
    assert_eq!(implied("psycopg[c,pool]==3.2.3"), ["psycopg-c"]);
    assert_eq!(implied("psycopg[binary]>=3.3"), ["psycopg-binary"]);
    assert!(implied("psycopg[pool]").is_empty());
    let tree = MemTree::new().with(
        "requirements.txt",
        "git+https://github.com/a/b.git#egg=Some_Lib\nmylib @ https://example.com/x.whl\n",
    );
    let names = read(&tree, "requirements.txt").unwrap().names;
    assert_eq!(names.into_iter().collect::<Vec<_>>(), ["mylib", "some-lib"]);
}
