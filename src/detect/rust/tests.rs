use super::workspace::normalize;
use super::*;
use crate::detect::glob::glob_match;
use crate::repo::MemTree;

fn rust(project: &Project) -> &RustFacts {
    match &project.facts {
        Facts::Rust(r) => r,
        _ => panic!("not rust"),
    }
}

const PKG: &str = "[package]\nname = \"hello-rs\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";

#[test]
fn single_package_with_lock_and_port() {
    let tree = MemTree::new()
        .with("Cargo.toml", format!("{PKG}rust-version = \"1.80.1\"\n"))
        .with("Cargo.lock", "")
        .with(
            "src/main.rs",
            "fn main() { TcpListener::bind(\"0.0.0.0:3000\"); }",
        );
    let p = detect(&tree).unwrap().unwrap();
    let r = rust(&p);
    assert!(r.has_lock && !r.workspace);
    assert_eq!(r.binaries[0].name, "hello-rs");
    assert_eq!(r.stubs, ["src/lib.rs"]);
    assert_eq!(p.apps[0].port.port, Some(3000));
    let v = p.version.unwrap();
    assert_eq!((v.version.as_str(), v.exact), ("1.80", false));
}

#[test]
fn workspace_lists_binaries_across_members_and_path_deps() {
    let tree = MemTree::new()
        .with("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/old\"]\n[workspace.package]\nrust-version = \"1.82\"\n")
        .with("crates/api/Cargo.toml", "[package]\nname = \"api\"\nrust-version.workspace = true\n[dependencies]\nshared = { path = \"../../libs/shared\" }\n")
        .with("crates/api/src/main.rs", "")
        .with("crates/worker/Cargo.toml", "[package]\nname = \"worker\"\nbuild = \"build.rs\"\n[[bin]]\nname = \"worker-cli\"\n[[bench]]\nname = \"speed\"\nharness = false\n")
        .with("crates/worker/src/main.rs", "")
        .with("crates/worker/src/bin/extra/main.rs", "")
        .with("crates/old/Cargo.toml", "[package]\nname = \"old\"\n")
        .with("libs/shared/Cargo.toml", "[package]\nname = \"shared\"\n")
        .with("libs/shared/src/lib.rs", "");
    let p = detect(&tree).unwrap().unwrap();
    let r = rust(&p);
    assert_eq!(
        r.manifests,
        [
            "Cargo.toml",
            "crates/api/Cargo.toml",
            "crates/worker/Cargo.toml",
            "libs/shared/Cargo.toml"
        ]
    );
    let names: Vec<_> = r.binaries.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["api", "extra", "worker", "worker-cli"]);
    assert_eq!(
        r.stubs,
        [
            "crates/api/src/lib.rs",
            "crates/worker/benches/speed.rs",
            "crates/worker/build.rs",
            "crates/worker/src/bin/worker-cli.rs",
            "crates/worker/src/lib.rs",
            "libs/shared/src/lib.rs",
        ]
    );
    assert_eq!(p.version.unwrap().version, "1.82");
    assert_eq!(p.apps[p.preferred_app].name, "api");
}

#[test]
fn toolchain_file_pins_exactly() {
    let tree = MemTree::new()
        .with("Cargo.toml", PKG)
        .with("src/main.rs", "")
        .with("rust-toolchain.toml", "[toolchain]\nchannel = \"1.85.0\"\n");
    let v = detect(&tree).unwrap().unwrap().version.unwrap();
    assert_eq!((v.version.as_str(), v.exact), ("1.85.0", true));
    let tree = MemTree::new()
        .with("Cargo.toml", PKG)
        .with("src/main.rs", "")
        .with("rust-toolchain", "nightly\n");
    let p = detect(&tree).unwrap().unwrap();
    assert!(p.version.is_none());
    assert!(p.warnings.iter().any(|w| w.contains("nightly")));
}

#[test]
fn an_explicit_bin_on_src_main_replaces_the_inferred_one() {
    let tree = MemTree::new()
        .with(
            "Cargo.toml",
            format!("{PKG}[[bin]]\nname = \"server\"\npath = \"src/main.rs\"\n"),
        )
        .with("src/main.rs", "");
    let p = detect(&tree).unwrap().unwrap();
    let names: Vec<_> = p.apps.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["server"]);
}

#[test]
fn required_features_of_a_bin_are_kept_and_checked() {
    let tree = MemTree::new()
        .with(
            "Cargo.toml",
            format!("{PKG}[[bin]]\nname = \"relay\"\npath = \"src/main.rs\"\nrequired-features = [\"server\", \"metrics/prometheus\"]\n"),
        )
        .with("src/main.rs", "")
        .with("src/bin/tool.rs", "");
    let p = detect(&tree).unwrap().unwrap();
    let r = rust(&p);
    let features: Vec<_> = r
        .binaries
        .iter()
        .map(|b| (b.name.as_str(), b.features.clone()))
        .collect();
    assert_eq!(
        features,
        [
            (
                "relay",
                vec!["server".to_string(), "metrics/prometheus".to_string()]
            ),
            ("tool", vec![])
        ]
    );
    let tree = MemTree::new().with(
        "Cargo.toml",
        format!("{PKG}[[bin]]\nname = \"x\"\nrequired-features = [\"a b\"]\n"),
    );
    let Err(DetectError::Unsafe(e)) = detect(&tree) else {
        panic!("expected an unsafe value")
    };
    assert_eq!(e.field, "[[bin]] required-features");
}

#[test]
fn a_virtual_workspace_prefers_a_package_binary_over_extras_and_tooling() {
    let member = |name: &str| format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n");
    let tree = MemTree::new()
        .with(
            "Cargo.toml",
            "[workspace]\nmembers = [\"fuzzers\", \"search\", \"trace\", \"xtask\"]\n",
        )
        .with("fuzzers/Cargo.toml", member("fuzzers"))
        .with("fuzzers/src/bin/fuzz-indexing.rs", "")
        .with("search/Cargo.toml", member("search"))
        .with("search/src/main.rs", "")
        .with("trace/Cargo.toml", member("trace"))
        .with("trace/src/bin/filter-trace.rs", "")
        .with("xtask/Cargo.toml", member("xtask"))
        .with("xtask/src/main.rs", "");
    let p = detect(&tree).unwrap().unwrap();
    assert_eq!(p.apps[p.preferred_app].name, "search");
    let tree = MemTree::new()
        .with(
            "Cargo.toml",
            "[workspace]\nmembers = [\"xtask\", \"tool\"]\n",
        )
        .with("tool/Cargo.toml", member("tool"))
        .with("tool/src/bin/gen.rs", "")
        .with("xtask/Cargo.toml", member("xtask"))
        .with("xtask/src/main.rs", "");
    let p = detect(&tree).unwrap().unwrap();
    assert_eq!(p.apps[p.preferred_app].name, "gen");
}

#[test]
fn a_rocket_binary_defaults_to_port_8000() {
    let tree = MemTree::new()
        .with(
            "Cargo.toml",
            format!("{PKG}[dependencies]\nrocket = \"0.5\"\n"),
        )
        .with(
            "src/main.rs",
            "#[launch]\nfn rocket() -> _ { rocket::build() }\n",
        );
    let p = detect(&tree).unwrap().unwrap();
    assert!(rust(&p).binaries[0].rocket);
    assert_eq!(p.apps[0].port.port, Some(8000));
    assert_eq!(p.apps[0].port.evidence[0].file, "Cargo.toml");
    let tree = MemTree::new()
        .with(
            "Cargo.toml",
            format!("{PKG}[dependencies]\nrocket = \"0.5\"\n"),
        )
        .with(
            "src/main.rs",
            "let f = Config::figment().merge((\"port\", 1)); bind(\"0.0.0.0:9000\")",
        );
    let p = detect(&tree).unwrap().unwrap();
    assert_eq!(p.apps[0].port.port, Some(9000));
}

#[test]
fn openssl_sys_in_the_lock_needs_system_openssl_unless_vendored() {
    let lock = "[[package]]\nname = \"native-tls\"\n\n[[package]]\nname = \"openssl-sys\"\nversion = \"0.9.109\"\n";
    let tree = MemTree::new()
        .with("Cargo.toml", PKG)
        .with("Cargo.lock", lock)
        .with("src/main.rs", "");
    let p = detect(&tree).unwrap().unwrap();
    assert_eq!(rust(&p).system_openssl.as_ref().unwrap().line, Some(5));
    let vendored = format!("{lock}\n[[package]]\nname = \"openssl-src\"\n");
    let tree = MemTree::new()
        .with("Cargo.toml", PKG)
        .with("Cargo.lock", vendored)
        .with("src/main.rs", "");
    assert!(
        rust(&detect(&tree).unwrap().unwrap())
            .system_openssl
            .is_none()
    );
}

#[test]
fn a_build_target_in_the_cargo_config_is_a_warning() {
    let tree = MemTree::new()
        .with("Cargo.toml", PKG)
        .with("src/main.rs", "")
        .with(
            ".cargo/config.toml",
            "[build]\ntarget = \"x86_64-unknown-linux-musl\"\n",
        );
    let p = detect(&tree).unwrap().unwrap();
    assert!(
        p.warnings.iter().any(|w| w.starts_with(
            ".cargo/config.toml: [build] target = \"x86_64-unknown-linux-musl\" moves"
        )),
        "{:?}",
        p.warnings
    );
}

#[test]
fn default_run_is_preferred() {
    let tree = MemTree::new()
        .with("Cargo.toml", format!("{PKG}default-run = \"b\"\n"))
        .with("src/bin/a.rs", "")
        .with("src/bin/b.rs", "");
    let p = detect(&tree).unwrap().unwrap();
    assert_eq!(p.apps[p.preferred_app].name, "b");
}

#[test]
fn broken_and_hostile_manifests_are_errors() {
    let tree = MemTree::new().with("Cargo.toml", "[package]\nname = \"x\"\n[[bin]]\nname = 1\n");
    let DetectError::Manifest(e) = detect(&tree).unwrap_err() else {
        panic!()
    };
    assert_eq!(e.line, Some(4));
    let tree = MemTree::new().with("Cargo.toml", "[package]\nname = \"x\\nRUN id\"\n");
    assert!(matches!(detect(&tree), Err(DetectError::Unsafe(_))));
    let tree = MemTree::new().with("Cargo.toml", "[dependencies]\n");
    assert!(matches!(detect(&tree), Err(DetectError::Manifest(_))));
}

#[test]
fn glob_matching() {
    assert!(glob_match("*", "abc"));
    assert!(glob_match("a*c", "abbc"));
    assert!(!glob_match("a*c", "abd"));
    assert_eq!(
        normalize("crates/api", "../../libs/x").as_deref(),
        Some("libs/x")
    );
    assert_eq!(normalize("", "../x"), None);
    assert_eq!(normalize("", "/abs/x"), None);
}

#[test]
fn hostile_member_patterns_neither_hang_nor_leave_the_repository() {
    let name = "a".repeat(200);
    let pattern = format!("{}b", "*a".repeat(30));
    let started = std::time::Instant::now();
    assert!(!glob_match(&pattern, &name));
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert!(glob_match("*a*", "xax") && glob_match("**", "") && !glob_match("a", "ab"));
    for members in ["../outside", "crates/../../x", "/etc"] {
        let tree = MemTree::new().with(
            "Cargo.toml",
            format!("[workspace]\nmembers = [\"{members}\"]\n"),
        );
        let Err(DetectError::Unsafe(e)) = detect(&tree) else {
            panic!("{members}")
        };
        assert_eq!(
            (e.file.as_str(), e.field.as_str()),
            ("Cargo.toml", "workspace member")
        );
    }
    let tree = MemTree::new().with(
        "Cargo.toml",
        format!("{PKG}[[bin]]\nname = \"x\"\npath = \"../../etc/passwd\"\n"),
    );
    let Err(DetectError::Unsafe(e)) = detect(&tree) else {
        panic!()
    };
    assert_eq!(
        (e.file.as_str(), e.field.as_str()),
        ("Cargo.toml", "target path")
    );
}
