use super::*;
use crate::repo::MemTree;

fn deps(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(ToString::to_string).collect()
}

fn ids(tree: &MemTree, package: Option<&str>, names: &[&str], installed: bool) -> Vec<String> {
    discover(tree, package, &deps(names), &[], installed)
        .unwrap()
        .apps
        .into_iter()
        .map(|f| f.id)
        .collect()
}

#[test]
fn finds_application_objects_in_the_candidate_files() {
    let tree = MemTree::new()
        .with("app/__init__.py", "")
        .with(
            "app/main.py",
            "from fastapi import FastAPI\n\napi: FastAPI = FastAPI(title='x')\n",
        )
        .with("main.py", "import fastapi\napp = fastapi.FastAPI()\n")
        .with(
            "src/shop/web.py",
            "from flask import Flask\napp = Flask(__name__)\n",
        );
    assert_eq!(
        ids(&tree, Some("shop"), &["fastapi"], true),
        ["main:app", "app.main:api"]
    );
    let found = discover(&tree, None, &deps(&["fastapi"]), &[], true).unwrap();
    let PyEntry::Asgi {
        framework, factory, ..
    } = &found.apps[0].entry
    else {
        panic!("not asgi")
    };
    assert_eq!((framework.as_str(), *factory), ("FastAPI", false));
    assert_eq!(found.apps[1].evidence.line, Some(3));
}

#[test]
fn factories_and_factory_calls() {
    let tree = MemTree::new().with(
        "flaskr/__init__.py",
        "from flask import Flask\n\ndef create_app(test_config=None):\n    app = Flask(__name__)\n    return app\n",
    );
    assert_eq!(ids(&tree, None, &["flask"], false), ["flaskr:create_app()"]);
    let tree = tree.with(
        "wsgi.py",
        "from flaskr import create_app\napp = create_app()\n",
    );
    assert_eq!(
        ids(&tree, None, &["flask"], false),
        ["wsgi:app", "flaskr:create_app()"]
    );
    let tree = MemTree::new().with(
        "src/svc/main.py",
        "from fastapi import FastAPI\n\ndef create_app() -> FastAPI:\n    return FastAPI()\n",
    );
    let found = discover(&tree, Some("svc"), &deps(&["fastapi"]), &[], false).unwrap();
    let PyEntry::Asgi {
        factory, app_dir, ..
    } = &found.apps[0].entry
    else {
        panic!()
    };
    assert!(*factory);
    assert_eq!(
        app_dir.as_deref(),
        Some("src"),
        "an uninstalled src layout imports from src"
    );
}

#[test]
fn indented_or_non_identifier_assignments_are_not_applications() {
    let tree = MemTree::new()
        .with(
            "main.py",
            "def f():\n    app = FastAPI()\napp$(id) = FastAPI()\napp == FastAPI()\n",
        )
        .with("x$(id).py", "app = FastAPI()\n")
        .with("bad-pkg/__init__.py", "app = FastAPI()\n");
    assert!(ids(&tree, None, &["fastapi"], false).is_empty());
}

#[test]
fn django_settings_give_the_wsgi_module_and_collectstatic() {
    let tree = MemTree::new()
        .with(
            "manage.py",
            "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"site_cfg.settings.prod\")\n",
        )
        .with("site_cfg/settings/__init__.py", "")
        .with("site_cfg/settings/prod.py", "from .base import *\nSTATIC_ROOT = BASE_DIR / 'static'\n")
        .with("site_cfg/settings/base.py", "WSGI_APPLICATION = 'site_cfg.wsgi.application'\n")
        .with("gunicorn.conf.py", "bind = '0.0.0.0:9000'\n");
    let found = discover(&tree, None, &deps(&["django"]), &[], false).unwrap();
    let django = found.django.unwrap();
    assert_eq!(django.settings_file, "site_cfg/settings/prod.py");
    assert!(django.collectstatic);
    assert_eq!(found.apps[0].id, "site_cfg.wsgi:application");
    assert_eq!(found.apps[0].port.port, Some(9000));
}

#[test]
fn django_settings_split_by_star_imports_are_followed() {
    let tree = MemTree::new()
        .with(
            "manage.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.dev')\n",
        )
        .with(
            "proj/settings/dev.py",
            "from .common import *  # noqa\nDEBUG = True\n",
        )
        .with(
            "proj/settings/common.py",
            "WSGI_APPLICATION = 'proj.server.application'\nSTATIC_ROOT = '/srv/static'\n",
        )
        .with(
            "proj/server.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.prod')\n",
        );
    let found = discover(&tree, None, &deps(&["django"]), &[], false).unwrap();
    let django = found.django.unwrap();
    assert!(django.collectstatic);
    assert_eq!(found.apps[0].id, "proj.server:application");
    assert_eq!(found.warnings.len(), 1);
    assert!(
        found.warnings[0].contains("proj/server.py to proj.settings.prod"),
        "{:?}",
        found.warnings
    );
}

#[test]
fn django_settings_named_through_the_environment_are_resolved() {
    let settings = "WSGI_APPLICATION = 'config.wsgi.application'\n";
    let base = MemTree::new().with("config/settings/production.py", settings);
    let tree = base.clone().with(
        "manage.py",
        "ENV = os.getenv('ENV', 'production')\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', f'config.settings.{ENV}')\n",
    );
    let found = discover(&tree, None, &deps(&["django"]), &[], false).unwrap();
    assert_eq!(
        found.django.unwrap().settings_module,
        "config.settings.production"
    );
    let tree = base.with(
        "manage.py",
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', os.getenv('SETTINGS', 'config.settings.production'))\n",
    );
    let found = discover(&tree, None, &deps(&["django"]), &[], false).unwrap();
    assert_eq!(found.apps[0].id, "config.wsgi:application");
}

#[test]
fn django_under_src_runs_from_there() {
    let tree = MemTree::new()
        .with(
            "src/manage.py",
            "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"paper.settings\")\n",
        )
        .with("src/paper/__init__.py", "")
        .with(
            "src/paper/settings.py",
            "WSGI_APPLICATION = \"paper.wsgi.application\"\nSTATIC_ROOT = BASE_DIR / \"static\"\n",
        )
        .with("docs/manage.py", "DJANGO_SETTINGS_MODULE\n");
    let found = discover(&tree, None, &deps(&["django"]), &[], false).unwrap();
    let django = found.django.unwrap();
    assert_eq!(django.project_dir.as_deref(), Some("src"));
    assert_eq!(django.settings_file, "src/paper/settings.py");
    assert_eq!(found.apps[0].id, "paper.wsgi:application");
    assert_eq!(found.apps[0].evidence.file, "src/paper/settings.py");
    assert!(matches!(&found.apps[0].entry, PyEntry::Wsgi { app_dir: Some(d), .. } if d == "src"));
}

#[test]
fn django_in_one_top_level_directory_is_found() {
    let tree = MemTree::new()
        .with("docs/manage.py", "DJANGO_SETTINGS_MODULE = 'no'\n")
        .with(
            "netbox/manage.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'netbox.settings')\n",
        )
        .with(
            "netbox/netbox/settings.py",
            "WSGI_APPLICATION = 'netbox.wsgi.application'\n",
        );
    let found = discover(&tree, None, &deps(&["django"]), &[], false).unwrap();
    let django = found.django.unwrap();
    assert_eq!(django.project_dir.as_deref(), Some("netbox"));
    assert!(!django.collectstatic);
    assert_eq!(found.apps[0].id, "netbox.wsgi:application");
}

#[test]
fn hostile_django_module_paths_are_refused_naming_file_and_setting() {
    let tree = MemTree::new()
        .with(
            "manage.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'x.settings')\n",
        )
        .with(
            "x/settings.py",
            "WSGI_APPLICATION = 'x.wsgi.app\"]\\nRUN id'\n",
        );
    let Err(DetectError::Unsafe(e)) = discover(&tree, None, &deps(&["django"]), &[], false) else {
        panic!("expected an unsafe value")
    };
    assert_eq!(
        (e.file.as_str(), e.field.as_str()),
        ("x/settings.py", "WSGI_APPLICATION")
    );
    let tree = MemTree::new().with(
        "manage.py",
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', '$(touch /pwned).settings')\n",
    );
    let Err(DetectError::Unsafe(e)) = discover(&tree, None, &deps(&["django"]), &[], false) else {
        panic!("expected an unsafe value")
    };
    assert_eq!(
        (e.file.as_str(), e.field.as_str()),
        ("manage.py", "DJANGO_SETTINGS_MODULE")
    );
}

#[test]
fn scripts_modules_and_plain_files_come_last() {
    let tree = MemTree::new()
        .with("tool/__main__.py", "print('x')\n")
        .with("run.py", "if __name__ == '__main__':\n    main()\n")
        .with("helper.py", "if __name__ == '__main__':\n    pass\n");
    let scripts = vec!["tool-cli".to_string(), "bad name".to_string()];
    let found = discover(&tree, Some("tool"), &deps(&[]), &scripts, true).unwrap();
    let ids: Vec<&str> = found.apps.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["script:tool-cli", "-m tool", "run.py"]);
    assert!(found.warnings[0].contains("bad name"));
    assert!(found.apps.iter().all(|f| !f.entry.handles_sigterm()));
}

#[test]
fn ports_from_run_calls_and_gunicorn_binds() {
    let s = scan_port(&[("main.py", "uvicorn.run(app, host='0.0.0.0', port=8080)\n")]);
    assert_eq!(s.port, Some(8080));
    let s = scan_port(&[(
        "app.py",
        "port = int(os.environ.get('PORT', 5000))\napp.run(port=port)\n",
    )]);
    assert_eq!(s.port, None);
    assert!(s.reads_env);
    let s = scan_port(&[
        ("a.py", "app.run(port=5000)\n"),
        ("gunicorn.conf.py", "bind = '0.0.0.0:6000'\n"),
    ]);
    assert_eq!(s.ambiguous, [5000, 6000]);
}

#[test]
fn src_as_the_top_package_stays_in_the_module_path() {
    let app =
        "from fastapi import FastAPI\nfrom src.auth.router import router\n\napp = FastAPI()\n";
    let tree = MemTree::new().with("src/main.py", app);
    assert_eq!(ids(&tree, None, &["fastapi"], false), ["src.main:app"]);
    let tree = MemTree::new().with("src/__init__.py", "").with(
        "src/main.py",
        "from fastapi import FastAPI\napp = FastAPI()\n",
    );
    assert_eq!(ids(&tree, None, &["fastapi"], false), ["src.main:app"]);
    let tree = MemTree::new().with(
        "src/main.py",
        "from fastapi import FastAPI\napp = FastAPI()\n",
    );
    let found = discover(&tree, None, &deps(&["fastapi"]), &[], false).unwrap();
    assert_eq!(found.apps[0].id, "main:app");
    assert!(matches!(&found.apps[0].entry, PyEntry::Asgi { app_dir: Some(d), .. } if d == "src"));
}

#[test]
fn a_src_package_named_unlike_the_project_is_searched() {
    let tree = MemTree::new()
        .with("src/svc_core/__init__.py", "")
        .with(
            "src/svc_core/main.py",
            "from fastapi import FastAPI\napp = FastAPI()\n",
        )
        .with("src/tests/__init__.py", "")
        .with(
            "src/tests/main.py",
            "from fastapi import FastAPI\napp = FastAPI()\n",
        );
    assert_eq!(
        ids(&tree, Some("svc_service"), &["fastapi"], true),
        ["svc_core.main:app"]
    );
}

#[test]
fn the_procfile_web_process_comes_first() {
    let dash = "import dash\napp = dash.Dash(__name__)\nserver = app.server\n\nif __name__ == \"__main__\":\n    app.run(debug=True)\n";
    let tree = MemTree::new()
        .with("app.py", dash)
        .with("Procfile", "web: gunicorn app:server --workers 2\n");
    assert_eq!(ids(&tree, None, &["dash"], false), ["app:server", "app.py"]);
    let tree = MemTree::new()
        .with(
            "main.py",
            "from fastapi import FastAPI\napp = FastAPI()\napi = FastAPI()\n",
        )
        .with("Procfile", "web: uvicorn main:app --port $PORT\n");
    let found = discover(&tree, None, &deps(&["fastapi"]), &[], false).unwrap();
    assert_eq!(found.apps.len(), 1);
    assert_eq!(found.apps[0].evidence.file, "Procfile");
}

#[test]
fn a_root_module_that_builds_the_app_wins_over_a_factory_needing_arguments() {
    let factory =
        "from flask import Flask\n\ndef create_app(config_name):\n    return Flask(__name__)\n";
    let tree = MemTree::new()
        .with("app/__init__.py", factory)
        .with(
            "flasky.py",
            "import os\nfrom app import create_app\n\napp = create_app(os.getenv('FLASK_CONFIG') or 'default')\n",
        );
    assert_eq!(ids(&tree, None, &["flask"], false), ["flasky:app"]);
    let tree = MemTree::new().with("app/__init__.py", factory);
    assert!(ids(&tree, None, &["flask"], false).is_empty());
}
