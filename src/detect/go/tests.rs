use super::*;
use crate::detect::Facts;
use crate::repo::MemTree;

fn go(project: &Project) -> &GoFacts {
    match &project.facts {
        Facts::Go(g) => g,
        _ => panic!("not go"),
    }
}

const MAIN: &str = "package main\n\nfunc main() {}\n";

#[test]
fn absent_go_mod_is_no_project() {
    assert_eq!(detect(&MemTree::new().with("main.go", MAIN)).unwrap(), None);
}

#[test]
fn root_main_with_port_and_version() {
    let tree = MemTree::new()
        .with("go.mod", "module example.com/hello/v2\n\ngo 1.22.3\n")
        .with(
            "main.go",
            "package main\nfunc main() { http.ListenAndServe(\":9000\", nil) }\n",
        )
        .with("main_test.go", "package main\n");
    let p = detect(&tree).unwrap().unwrap();
    let g = go(&p);
    assert_eq!(g.mains.len(), 1);
    assert_eq!(g.mains[0].name, "hello");
    assert_eq!(g.mains[0].build_target(), ".");
    assert!(!g.has_go_sum);
    assert_eq!(p.apps[0].port.port, Some(9000));
    let v = p.version.unwrap();
    assert_eq!((v.version.as_str(), v.exact), ("1.22", false));
    assert_eq!(v.evidence.line, Some(3));
}

#[test]
fn toolchain_wins_over_go_directive() {
    let tree = MemTree::new()
        .with("go.mod", "module m\ngo 1.21\ntoolchain go1.23.2\n")
        .with("main.go", MAIN);
    assert_eq!(
        detect(&tree).unwrap().unwrap().version.unwrap().version,
        "1.23"
    );
}

#[test]
fn cmd_layout_lists_every_main_and_skips_libraries() {
    let tree = MemTree::new()
        .with("go.mod", "module example.com/svc\ngo 1.22\n")
        .with("cmd/worker/main.go", MAIN)
        .with("cmd/svc/main.go", MAIN)
        .with("cmd/root.go", "package cmd\n")
        .with("cmd/tools/gen.go", "//go:build ignore\n\npackage main\n")
        .with("internal/x/x.go", "package x\n")
        .with(
            "server/main.go",
            "// Package main runs the server.\npackage main\n",
        );
    let p = detect(&tree).unwrap().unwrap();
    let ids: Vec<_> = p.apps.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["cmd/svc", "cmd/worker", "server"]);
    assert_eq!(p.apps[p.preferred_app].id, "cmd/svc");
}

#[test]
fn root_main_is_preferred_over_cmd() {
    let tree = MemTree::new()
        .with("go.mod", "module example.com/a\ngo 1.22\n")
        .with("main.go", MAIN)
        .with("cmd/b/main.go", MAIN);
    let p = detect(&tree).unwrap().unwrap();
    assert_eq!(p.apps[p.preferred_app].id, ".");
}

#[test]
fn vendoring_go_sum_and_cgo() {
    let tree = MemTree::new()
        .with(
            "go.mod",
            "module m\ngo 1.22\nrequire github.com/mattn/go-sqlite3 v1.14.22\n",
        )
        .with("go.sum", "")
        .with("vendor/modules.txt", "# x\n")
        .with("main.go", MAIN);
    let p = detect(&tree).unwrap().unwrap();
    let g = go(&p);
    assert!(g.has_go_sum && g.vendored);
    assert!(g.cgo.as_ref().unwrap().conclusion.contains("go-sqlite3"));

    let tree = MemTree::new().with("go.mod", "module m\n").with(
        "main.go",
        "package main\n\n// #include <stdio.h>\nimport \"C\"\n",
    );
    let p = detect(&tree).unwrap().unwrap();
    assert_eq!(go(&p).cgo.as_ref().unwrap().line, Some(4));
}

#[test]
fn local_replacements_bind_their_go_mod_or_warn() {
    let tree = MemTree::new()
        .with(
            "go.mod",
            "module m\ngo 1.22\nreplace (\n\tk8s.io/api => ./staging/src/k8s.io/api\n\tx => ../x\n\ty => ./missing\n\tz => example.com/z v1.0.0\n)\n",
        )
        .with("staging/src/k8s.io/api/go.mod", "module k8s.io/api\n")
        .with("main.go", MAIN);
    let p = detect(&tree).unwrap().unwrap();
    assert_eq!(go(&p).replaced_go_mods, ["staging/src/k8s.io/api/go.mod"]);
    assert!(p.warnings[0].starts_with("go.mod:5: replacement \"../x\" lies outside"));
    assert!(p.warnings[1].starts_with("go.mod:6: replacement \"./missing\" has no go.mod"));
    assert!(p.evidence.iter().any(|e| e.line == Some(4)));
}

#[test]
fn unusable_names_are_skipped_with_a_warning() {
    let tree = MemTree::new()
        .with("go.mod", "module m\n")
        .with("cmd/bad$(id)/main.go", MAIN);
    let p = detect(&tree).unwrap().unwrap();
    assert!(p.apps.is_empty());
    assert!(p.warnings[0].contains("\"cmd/bad$(id)\": main package skipped"));
}

#[test]
fn a_workspace_without_a_root_module_is_a_clear_error() {
    let tree = MemTree::new()
        .with(
            "go.work",
            "go 1.23\n\nuse (\n\t./api // the server\n\t./lib\n)\n",
        )
        .with("api/go.mod", "module example.com/api\n")
        .with("api/main.go", MAIN);
    let DetectError::Unsupported(e) = detect(&tree).unwrap_err() else {
        panic!("expected an unsupported layout")
    };
    assert_eq!(e.file, "go.work");
    assert!(
        e.message.contains("(it uses \"./api\", \"./lib\")"),
        "{}",
        e.message
    );
}

#[test]
fn a_workspace_beside_a_root_module_is_a_warning() {
    let tree = MemTree::new()
        .with("go.mod", "module m\n")
        .with("go.work", "go 1.23\nuse (\n\t.\n\t./tools\n)\n")
        .with("main.go", MAIN);
    let p = detect(&tree).unwrap().unwrap();
    assert!(
        p.warnings
            .iter()
            .any(|w| w.starts_with("go.work: the build runs in workspace mode"))
    );
}

#[test]
fn malformed_go_mod_is_an_error_with_line() {
    let tree = MemTree::new().with("go.mod", "module m\ngo one\n");
    let DetectError::Manifest(e) = detect(&tree).unwrap_err() else {
        panic!("expected a manifest error")
    };
    assert_eq!((e.file.as_str(), e.line), ("go.mod", Some(2)));
}
