use super::*;

fn target(dir: &Path, name: &str, contents: &str) -> Target {
    Target {
        path: dir.join(name),
        shown: name.into(),
        contents: contents.into(),
    }
}

fn listing(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read_to_string(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn creates_then_reports_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let targets = [
        target(dir.path(), "Dockerfile", "A\n"),
        target(dir.path(), ".dockerignore", "B\n"),
    ];
    let out = apply(Mode::Create, &targets).unwrap();
    assert!(out.iter().all(|(_, s)| *s == Status::Created));
    let out = apply(Mode::Create, &targets).unwrap();
    assert!(out.iter().all(|(_, s)| *s == Status::Unchanged));
    assert_eq!(
        listing(dir.path()),
        [
            (".dockerignore".into(), "B\n".into()),
            ("Dockerfile".into(), "A\n".into())
        ]
    );
}

#[test]
fn refuses_to_overwrite_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "mine\n").unwrap();
    let targets = [
        target(dir.path(), ".dockerignore", "B\n"),
        target(dir.path(), "Dockerfile", "A\n"),
    ];
    let e = apply(Mode::Create, &targets).unwrap_err();
    assert_eq!(e, OutputError::WouldOverwrite(vec!["Dockerfile".into()]));
    assert_eq!(
        listing(dir.path()),
        [("Dockerfile".into(), "mine\n".into())]
    );
    let out = apply(Mode::Force, &targets).unwrap();
    assert_eq!(out[1].1, Status::Replaced);
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        "A\n"
    );
}

#[test]
fn check_reports_a_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "A\nold\n").unwrap();
    let out = apply(Mode::Check, &[target(dir.path(), "Dockerfile", "A\nnew\n")]).unwrap();
    let Status::Stale(d) = &out[0].1 else {
        panic!("expected stale")
    };
    assert!(d.contains("-old") && d.contains("+new"), "{d}");
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        "A\nold\n"
    );
}

#[cfg(unix)]
#[test]
fn never_writes_through_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path().join("x"), dir.path().join("Dockerfile")).unwrap();
    let e = apply(Mode::Force, &[target(dir.path(), "Dockerfile", "A\n")]).unwrap_err();
    assert!(matches!(e, OutputError::Symlink(_)));
    assert!(!outside.path().join("x").exists());
}

#[test]
fn a_failed_rename_restores_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "mine\n").unwrap();
    let targets = [
        target(dir.path(), "Dockerfile", "A\n"),
        target(dir.path(), ".dockerignore", "B\n"),
    ];
    let before: Vec<Option<String>> = vec![Some("mine\n".into()), None];
    let pending: Vec<(&Target, &Option<String>)> = targets.iter().zip(&before).collect();
    let mut calls = 0;
    let e = commit(&pending, |from, to| {
        calls += 1;
        if calls == 2 {
            return Err(std::io::Error::other("disk full"));
        }
        fs::rename(from, to)
    })
    .unwrap_err();
    assert!(e.to_string().contains("disk full"));
    assert_eq!(
        listing(dir.path()),
        [("Dockerfile".into(), "mine\n".into())]
    );
}

#[test]
fn choices_replace_or_keep_each_conflict_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "mine\n").unwrap();
    fs::write(dir.path().join(".dockerignore"), "ours\n").unwrap();
    let targets = [
        target(dir.path(), "Dockerfile", "A\n"),
        target(dir.path(), ".dockerignore", "B\n"),
        target(dir.path(), "msb.toml", "C\n"),
    ];
    let found = conflicts(&targets).unwrap();
    assert_eq!(found.len(), 2);
    assert!(found[0].diff.contains("-mine") && found[0].diff.contains("+A"));

    // Without a choice for every conflict, nothing is written.
    let partial = [(found[0].clone(), Choice::Replace)];
    let e = apply_choices(&targets, &partial).unwrap_err();
    assert_eq!(e, OutputError::WouldOverwrite(vec![".dockerignore".into()]));
    assert!(!dir.path().join("msb.toml").exists());

    let choices = [
        (found[0].clone(), Choice::Replace),
        (found[1].clone(), Choice::Keep),
    ];
    let out = apply_choices(&targets, &choices).unwrap();
    let statuses: Vec<&Status> = out.iter().map(|(_, s)| s).collect();
    assert_eq!(
        statuses,
        [&Status::Replaced, &Status::Kept, &Status::Created]
    );
    assert_eq!(
        listing(dir.path()),
        [
            (".dockerignore".into(), "ours\n".into()),
            ("Dockerfile".into(), "A\n".into()),
            ("msb.toml".into(), "C\n".into()),
        ]
    );
}

#[test]
fn a_file_changed_after_it_was_shown_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "mine\n").unwrap();
    let targets = [target(dir.path(), "Dockerfile", "A\n")];
    let found = conflicts(&targets).unwrap();
    fs::write(dir.path().join("Dockerfile"), "edited meanwhile\n").unwrap();
    let e = apply_choices(&targets, &[(found[0].clone(), Choice::Replace)]).unwrap_err();
    assert!(matches!(e, OutputError::WouldOverwrite(_)));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        "edited meanwhile\n"
    );
}

#[test]
fn missing_directories_are_created_only_after_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("t/partials");
    let targets = [
        Target {
            path: nested.join("x.tera"),
            shown: "t/partials/x.tera".into(),
            contents: "X\n".into(),
        },
        target(dir.path(), "top.tera", "T\n"),
    ];
    assert!(matches!(
        apply(Mode::Create, &targets),
        Err(OutputError::NoDirectory(_))
    ));
    fs::write(dir.path().join("top.tera"), "edited\n").unwrap();
    assert!(apply_creating_dirs(Mode::Create, &targets).is_err());
    assert!(
        !dir.path().join("t").exists(),
        "no directory before the checks pass"
    );
    apply_creating_dirs(Mode::Force, &targets).unwrap();
    assert_eq!(fs::read_to_string(nested.join("x.tera")).unwrap(), "X\n");
}
