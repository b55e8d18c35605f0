use super::*;
use crate::repo::MemTree;

fn entry(line: &str) -> Option<PyEntry> {
    parse(line)
}

#[test]
fn gunicorn_targets_with_options_around_them() {
    let e = entry(" gunicorn --bind 0.0.0.0:$PORT -w 4 --log-file - app:server").unwrap();
    assert!(
        matches!(&e, PyEntry::Wsgi { module, object, factory: false, app_dir: None, .. }
        if module == "app" && object == "server")
    );
    let e = entry("gunicorn mysite.wsgi --chdir src").unwrap();
    assert!(
        matches!(&e, PyEntry::Wsgi { module, object, app_dir: Some(d), .. }
        if module == "mysite.wsgi" && object == "application" && d == "src")
    );
    let e = entry("gunicorn \"app:create_app()\"").unwrap();
    assert!(matches!(&e, PyEntry::Wsgi { factory: true, .. }));
}

#[test]
fn an_asgi_worker_or_uvicorn_serves_asgi() {
    let e = entry("gunicorn -k uvicorn.workers.UvicornWorker main:app").unwrap();
    assert!(matches!(&e, PyEntry::Asgi { module, .. } if module == "main"));
    let e =
        entry("uvicorn api.main:app --host=0.0.0.0 --port=${PORT:-5000} --app-dir src").unwrap();
    assert!(matches!(&e, PyEntry::Asgi { app_dir: Some(d), .. } if d == "src"));
    let e = entry("uvicorn --factory app:build").unwrap();
    assert!(matches!(&e, PyEntry::Asgi { factory: true, .. }));
}

#[test]
fn other_commands_and_unsafe_targets_are_left_to_the_scan() {
    assert_eq!(entry("python bot.py"), None);
    assert_eq!(entry("bin/start-nginx gunicorn -c config.py"), None);
    assert_eq!(entry("gunicorn app:app$(id)"), None);
    assert_eq!(entry("uvicorn mymod"), None);
    assert_eq!(
        entry("gunicorn app:app --chdir ../x").and_then(|e| match e {
            PyEntry::Wsgi { app_dir, .. } => app_dir,
            _ => None,
        }),
        None
    );
}

#[test]
fn the_web_line_is_found_with_its_line_number() {
    let tree = MemTree::new().with(
        "Procfile",
        "release: python manage.py migrate\nweb: gunicorn app:server\nworker: celery -A app worker\n",
    );
    let found = web(&tree).unwrap().unwrap();
    assert_eq!(found.id, "app:server");
    assert_eq!(
        (found.evidence.file.as_str(), found.evidence.line),
        ("Procfile", Some(2))
    );
    assert_eq!(web(&MemTree::new()).unwrap(), None);
}
