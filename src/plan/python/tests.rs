use super::*;
use crate::detect::detect;
use crate::repo::MemTree;
use crate::settings::prompt::NoPrompt;
use crate::settings::{Given, Overrides, SettingsError, resolve};

fn settings(tree: &MemTree, overrides: &Overrides) -> Result<Settings, SettingsError> {
    resolve(&detect(tree, None).unwrap(), overrides, &mut NoPrompt)
}

fn plan_for(tree: &MemTree, overrides: &Overrides) -> Plan {
    crate::plan::plan(&settings(tree, overrides).unwrap()).unwrap()
}

fn runtime(r: Runtime) -> Overrides {
    Overrides {
        runtime: Some(Given::flag("--runtime", r)),
        ..Overrides::default()
    }
}

fn flask() -> MemTree {
    MemTree::new()
        .with("requirements.txt", "flask==3.1.3\ngunicorn==27.0.1\n")
        .with("app.py", "from flask import Flask\napp = Flask(__name__)\n")
}

fn commands(step: &RunStep) -> Vec<&str> {
    step.commands.iter().map(Fragment::as_str).collect()
}

#[test]
fn slim_by_default_with_the_venv_at_the_same_path_and_no_init_for_servers() {
    let p = plan_for(&flask(), &Overrides::default());
    assert_eq!(p.runtime.kind, Runtime::Slim);
    assert_eq!(p.runtime.image, "python:${PYTHON_VERSION}-slim-trixie");
    assert_eq!(p.runtime.user, "10001:10001");
    let py = p.python.as_ref().unwrap();
    assert_eq!(
        py.builder, p.runtime.image,
        "build and runtime share the interpreter"
    );
    assert_eq!(
        commands(&py.deps),
        [
            "/usr/local/bin/python3 -m venv /opt/venv",
            "pip install -r requirements.txt"
        ]
    );
    let copies: Vec<(&str, &str)> = p
        .runtime
        .copies
        .iter()
        .map(|c| (c.src.as_str(), c.dest.as_str()))
        .collect();
    assert_eq!(copies, [("/opt/venv", "/opt/venv"), ("/app", "/app")]);
    assert!(p.tini.is_none());
    assert_eq!(
        p.runtime.entrypoint.as_str(),
        r#"["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]"#
    );
    assert_eq!(p.args[0].value.as_str(), images::PYTHON_DEFAULT);
}

#[test]
fn a_missing_server_is_installed_pinned_and_noted() {
    let tree = MemTree::new()
        .with("requirements.txt", "--hash=sha256:00 fastapi==0.165.0\n")
        .with("main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
    let p = plan_for(&tree, &Overrides::default());
    let deps = commands(&p.python.as_ref().unwrap().deps);
    assert_eq!(
        deps.last(),
        Some(&"pip install uvicorn==0.54.0"),
        "separate from the hash-checked install"
    );
    assert!(p.notes.iter().any(|n| n.contains("uvicorn==0.54.0")));

    let uv = MemTree::new()
        .with(
            "pyproject.toml",
            "[project]\nname = \"a\"\nversion = \"1\"\ndependencies = [\"fastapi\"]\n",
        )
        .with("uv.lock", "version = 1\n[[package]]\nname = \"fastapi\"\n")
        .with("main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
    let p = plan_for(&uv, &Overrides::default());
    let py = p.python.unwrap();
    assert_eq!(commands(&py.deps)[1], "uv pip install uvicorn==0.54.0");
    assert_eq!(
        commands(py.build.as_ref().unwrap()),
        ["uv sync --locked --no-dev --no-editable --inexact"],
        "the final sync keeps the server"
    );
}

#[test]
fn scripts_run_behind_tini() {
    let tree = MemTree::new()
        .with("requirements.txt", "requests\n")
        .with("worker.py", "if __name__ == \"__main__\":\n    run()\n");
    let p = plan_for(&tree, &Overrides::default());
    assert!(p.tini.is_some());
    assert_eq!(
        p.runtime.entrypoint.as_str(),
        r#"["/usr/bin/tini", "--", "python", "worker.py"]"#
    );
}

#[test]
fn distroless_runs_debians_python_313_and_nothing_else() {
    let p = plan_for(&flask(), &runtime(Runtime::Distroless));
    let py = p.python.as_ref().unwrap();
    assert_eq!(py.builder, "debian:trixie-slim");
    assert_eq!(py.python, "/usr/bin/python3.13");
    assert_eq!(py.system_packages, ["python3.13-venv=3.13.*"]);
    assert_eq!(p.runtime.image, images::DISTROLESS_PYTHON);
    assert_eq!(p.runtime.user, "65532:65532");
    assert!(
        p.args.is_empty(),
        "no PYTHON_VERSION: the version is the image's"
    );

    let pinned = flask().with(".python-version", "3.12\n");
    let e =
        crate::plan::plan(&settings(&pinned, &runtime(Runtime::Distroless)).unwrap()).unwrap_err();
    assert!(
        e.reason.contains("ships Python 3.13 only") && e.reason.contains("3.12"),
        "{e}"
    );
}

#[test]
fn scratch_and_distroless_with_runtime_libraries_are_refused_with_reasons() {
    let SettingsError::Invalid { reason, .. } =
        settings(&flask(), &runtime(Runtime::Scratch)).unwrap_err()
    else {
        panic!()
    };
    assert!(reason.contains("no Python interpreter"), "{reason}");
    let pg = flask().with("requirements.txt", "flask\ngunicorn\npsycopg2==2.9.13\n");
    let SettingsError::Invalid { reason, .. } =
        settings(&pg, &runtime(Runtime::Distroless)).unwrap_err()
    else {
        panic!()
    };
    assert!(reason.contains("psycopg2 needs libpq"), "{reason}");
}

#[test]
fn native_dependencies_build_in_deps_and_ship_only_libraries() {
    let pg = flask().with("requirements.txt", "flask\ngunicorn\npsycopg2==2.9.13\n");
    let p = plan_for(&pg, &Overrides::default());
    let py = p.python.as_ref().unwrap();
    assert_eq!(py.system_packages, ["gcc", "libc6-dev", "libpq-dev"]);
    assert!(py.unpinned_packages);
    let packages = p.runtime.packages.as_ref().unwrap();
    assert_eq!(
        (packages.apk, packages.names.as_slice()),
        (false, ["libpq5"].as_slice())
    );
    let p = plan_for(&pg, &runtime(Runtime::Alpine));
    assert_eq!(
        p.python.as_ref().unwrap().system_packages,
        ["gcc", "musl-dev", "libpq-dev"]
    );
    assert_eq!(p.runtime.packages.as_ref().unwrap().names, ["libpq"]);
    assert!(p.warnings.iter().any(|w| w.contains("musl")));
}

#[test]
fn credentials_files_are_build_secrets() {
    let tree = flask()
        .with(".netrc", "machine x login a password b\n")
        .with("pip.conf", "[global]\n");
    let p = plan_for(&tree, &Overrides::default());
    let py = p.python.as_ref().unwrap();
    let mounts: Vec<&str> = py.deps.mounts.iter().map(Fragment::as_str).collect();
    assert!(mounts.contains(&"--mount=type=secret,id=netrc,target=/root/.netrc"));
    assert!(mounts.contains(&"--mount=type=secret,id=pip.conf,target=/etc/pip.conf"));
    assert_eq!(
        p.secret_build_command.as_deref(),
        Some("docker build --secret id=netrc,src=.netrc --secret id=pip.conf,src=pip.conf .")
    );
    let ignored: Vec<&str> = p
        .dockerignore
        .iter()
        .flat_map(|g| g.patterns.iter().copied())
        .collect();
    assert!(ignored.contains(&"**/.netrc") && ignored.contains(&"**/pip.conf"));
}

#[test]
fn a_distroless_flag_makes_313_the_default_version() {
    let s = settings(&flask(), &runtime(Runtime::Distroless)).unwrap();
    assert_eq!(s.version, "3.13");
    let s = settings(&flask(), &Overrides::default()).unwrap();
    assert_eq!(s.version, images::PYTHON_DEFAULT);
}

#[test]
fn django_under_src_collects_and_serves_from_src() {
    let tree = MemTree::new()
        .with("requirements.txt", "django\ngunicorn\n")
        .with(
            "src/manage.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
        )
        .with(
            "src/site/settings.py",
            "WSGI_APPLICATION = 'site.wsgi.application'\nSTATIC_ROOT = BASE_DIR / 'static'\n",
        );
    let p = plan_for(&tree, &Overrides::default());
    let py = p.python.as_ref().unwrap();
    assert_eq!(
        commands(py.build.as_ref().unwrap()),
        ["python src/manage.py collectstatic --noinput"]
    );
    assert_eq!(
        p.runtime.entrypoint.as_str(),
        r#"["gunicorn", "--bind", "0.0.0.0:8000", "--pythonpath", "src", "site.wsgi:application"]"#
    );
}

#[test]
fn django_settings_needing_variables_collect_with_placeholders() {
    let tree = MemTree::new()
        .with("requirements.txt", "django\ngunicorn\ndjango-environ\n")
        .with(
            "manage.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
        )
        .with(
            "site/settings.py",
            "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nDATABASES = {'default': env.db('DATABASE_URL')}\nWSGI_APPLICATION = 'site.wsgi.application'\nSTATIC_ROOT = BASE_DIR / 'static'\n",
        );
    let p = plan_for(&tree, &Overrides::default());
    let py = p.python.as_ref().unwrap();
    assert_eq!(
        commands(py.build.as_ref().unwrap()),
        [
            "DJANGO_SECRET_KEY=collectstatic-placeholder DATABASE_URL=sqlite:///:memory: python manage.py collectstatic --noinput"
        ]
    );
    assert!(py.build.as_ref().unwrap().mounts.is_empty());
    assert!(
        !p.runtime
            .env
            .iter()
            .any(|e| format!("{e:?}").contains("placeholder"))
    );
}

#[test]
fn django_collects_static_files_after_the_source() {
    let tree = MemTree::new()
        .with("requirements.txt", "django\ngunicorn\n")
        .with(
            "manage.py",
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
        )
        .with(
            "mysite/settings.py",
            "WSGI_APPLICATION = 'mysite.wsgi.application'\nSTATIC_ROOT = BASE_DIR / 'static'\n",
        );
    let p = plan_for(&tree, &Overrides::default());
    let py = p.python.as_ref().unwrap();
    assert_eq!(
        commands(py.build.as_ref().unwrap()),
        ["python manage.py collectstatic --noinput"]
    );
    assert!(py.build.as_ref().unwrap().mounts.is_empty());
    assert_eq!(
        p.runtime.entrypoint.as_str(),
        r#"["gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"]"#
    );
}

#[test]
fn poetry_major_follows_the_lock_and_installs_outside_the_image() {
    let project = |header: &str| {
        MemTree::new()
            .with("pyproject.toml", "[tool.poetry]\nname = \"svc\"\n[tool.poetry.dependencies]\npython = \"^3.11\"\nflask = \"*\"\ngunicorn = \"*\"\n")
            .with("poetry.lock", format!("{header}\n[[package]]\nname = \"flask\"\n"))
            .with("svc/__init__.py", "from flask import Flask\napp = Flask(__name__)\n")
    };
    let p = plan_for(
        &project(
            "# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.",
        ),
        &Overrides::default(),
    );
    let py = p.python.as_ref().unwrap();
    assert_eq!(py.tool.as_ref().unwrap().requirement, "poetry==1.8.5");
    assert_eq!(py.tool.as_ref().unwrap().venv, "/opt/poetry");
    assert_eq!(
        commands(&py.deps),
        [
            "/usr/local/bin/python3 -m venv /opt/venv",
            "/opt/poetry/bin/poetry install --only main --no-root --no-directory --compile"
        ]
    );
    assert_eq!(
        commands(py.build.as_ref().unwrap()),
        ["/opt/poetry/bin/poetry install --only main --compile"]
    );
    assert!(
        !p.runtime
            .copies
            .iter()
            .any(|c| c.src.as_str().contains("poetry"))
    );
    let p = plan_for(
        &project(
            "# This file is automatically @generated by Poetry 2.1.0 and should not be changed by hand.",
        ),
        &Overrides::default(),
    );
    assert_eq!(
        p.python.unwrap().tool.unwrap().requirement,
        format!("poetry=={}", images::POETRY_VERSION)
    );
}

#[test]
fn a_streamlit_app_is_served_on_all_interfaces_behind_tini() {
    let tree = MemTree::new()
        .with("requirements.txt", "streamlit==1.50.0\n")
        .with("dashboard.py", "import streamlit as st\nst.title('x')\n");
    let p = plan_for(&tree, &Overrides::default());
    assert_eq!(
        p.runtime.entrypoint.as_str(),
        r#"["/usr/bin/tini", "--", "streamlit", "run", "dashboard.py", "--server.address", "0.0.0.0", "--server.port", "8000", "--server.headless", "true", "--browser.gatherUsageStats", "false"]"#
    );
}

#[test]
fn a_pyproject_without_a_build_backend_installs_its_dependencies_with_uv() {
    let tree = MemTree::new()
        .with(
            "pyproject.toml",
            "[project]\nname = \"flat\"\nversion = \"1\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n",
        )
        .with("main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
    let p = plan_for(&tree, &Overrides::default());
    let py = p.python.as_ref().unwrap();
    assert_eq!(
        commands(&py.deps),
        [
            "/usr/local/bin/python3 -m venv /opt/venv",
            "uv pip install -r pyproject.toml"
        ]
    );
    assert!(py.build.is_none());
    assert!(py.uv_image.is_some());
}

#[test]
fn a_gradio_app_learns_its_address_and_port_from_the_environment() {
    let tree = MemTree::new()
        .with("requirements.txt", "gradio==5.49.1\n")
        .with(
            "app.py",
            "import gradio as gr\ndemo = gr.Interface(fn=str, inputs='text', outputs='text')\ndemo.launch()\n",
        );
    let p = plan_for(&tree, &Overrides::default());
    assert_eq!(
        p.runtime.entrypoint.as_str(),
        r#"["/usr/bin/tini", "--", "python", "app.py"]"#
    );
    let env: Vec<String> = p
        .runtime
        .env
        .iter()
        .map(|e| format!("{}={}", e.name, e.value.as_str()))
        .collect();
    assert!(
        env.contains(&"GRADIO_SERVER_NAME=0.0.0.0".to_string()),
        "{env:?}"
    );
    assert!(
        env.contains(&"GRADIO_SERVER_PORT=8000".to_string()),
        "{env:?}"
    );
}
