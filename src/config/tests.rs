use super::*;

fn err(text: &str) -> ConfigError {
    parse(text, "msb.toml").expect_err("an error")
}

#[test]
fn every_key_is_read_with_its_line() {
    let text = "# answers\nlang = \"go\"\nmain = \"cmd/api\"\nlang-version = \"1.27\"\nruntime = \"scratch\"\nport = 9000\ncmd = \"/usr/local/bin/api --serve\"\nsyntax = false\ntemplates = \"my-templates\"\nbin = \"x\"\n";
    let c = parse(text, "msb.toml").unwrap();
    let o = &c.overrides;
    assert_eq!(o.language.as_ref().unwrap().value, Language::Go);
    assert_eq!(
        o.language.as_ref().unwrap().origin,
        Origin::Config {
            file: "msb.toml".into(),
            key: "lang",
            line: Some(2)
        }
    );
    assert_eq!(o.main.as_ref().unwrap().value, "cmd/api");
    assert_eq!(o.version.as_ref().unwrap().value, "1.27");
    assert_eq!(o.runtime.as_ref().unwrap().value, Runtime::Scratch);
    assert_eq!(o.port.as_ref().unwrap().value, 9000);
    assert_eq!(
        o.command.as_ref().unwrap().value,
        "/usr/local/bin/api --serve"
    );
    assert!(!o.syntax.as_ref().unwrap().value);
    assert_eq!(o.bin.as_ref().unwrap().value, "x");
    assert_eq!(c.templates.unwrap().value, "my-templates");
    assert_eq!(parse("", "msb.toml").unwrap(), Config::default());
}

#[test]
fn bad_toml_names_the_line() {
    let e = err("lang = \"go\"\nport = \n");
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.to_string().starts_with("msb.toml:2: "), "{e}");
    let e = err("lang = \"go\"\nlang = \"rust\"\n");
    assert_eq!(e.line, Some(2), "{e}");
}

#[test]
fn unknown_keys_name_the_key_and_line() {
    let e = err("lang = \"go\"\n\nprot = 8080\n");
    assert_eq!(e.line, Some(3));
    let text = e.to_string();
    assert!(text.contains("unknown key \"prot\""), "{text}");
    assert!(
        text.contains("port") && text.contains("templates"),
        "{text}"
    );
    let e = err("[build]\nport = 1\n");
    assert!(e.to_string().contains("\"build\""), "{e}");
    assert_eq!(e.line, Some(1));
}

#[test]
fn wrong_types_name_the_key_the_line_and_what_was_expected() {
    let cases = [
        (
            "port = \"8080\"\n",
            1,
            "port: expected integer, 1-65535, found \"8080\"",
        ),
        (
            "\nport = 70000\n",
            2,
            "port: expected integer, 1-65535, found 70000",
        ),
        (
            "syntax = \"no\"\n",
            1,
            "syntax: expected boolean, found \"no\"",
        ),
        (
            "lang = 1\n",
            1,
            "lang: expected string: go, rust, java, python, found 1",
        ),
        ("lang = \"cobol\"\n", 1, "lang: unknown variant `cobol`"),
        (
            "runtime = [\"slim\"]\n",
            1,
            "runtime: expected string: distroless",
        ),
        ("templates = 3\n", 1, "templates: expected string"),
        (
            "cmd = { a = 1 }\n",
            1,
            "cmd: expected string, found a table",
        ),
    ];
    for (text, line, message) in cases {
        let e = err(text);
        assert_eq!(e.line, Some(line), "{text}: {e}");
        assert!(e.message.starts_with(message), "{text}: {e}");
    }
}

#[test]
fn flags_win_over_the_file_setting_by_setting() {
    let file = parse("port = 9000\nruntime = \"slim\"\n", "msb.toml")
        .unwrap()
        .overrides;
    let flags = Overrides {
        port: Some(Given::flag("--port", 1234)),
        ..Overrides::default()
    };
    let merged = merge(flags, file);
    assert_eq!(merged.port.unwrap().origin, Origin::Flag("--port"));
    assert_eq!(merged.runtime.unwrap().value, Runtime::Slim);
}

#[test]
fn every_setting_key_round_trips_through_render_and_parse() {
    let lines: Vec<String> = SETTING_KEYS.iter().map(|k| k.name.to_string()).collect();
    assert_eq!(
        lines,
        [
            "lang",
            "main",
            "bin",
            "features",
            "module",
            "lang-version",
            "runtime",
            "port",
            "cmd",
            "syntax"
        ]
    );
    let overrides = Overrides {
        language: Some(Given::flag("x", Language::Rust)),
        runtime: Some(Given::flag("x", Runtime::Alpine)),
        port: Some(Given::flag("x", 3000)),
        version: Some(Given::flag("x", "1.90".into())),
        main: None,
        bin: Some(Given::flag("x", "api".into())),
        features: Some(Given::flag(
            "x",
            vec!["postgres".into(), "serde/derive".into()],
        )),
        module: Some(Given::flag("x", "apps/api".into())),
        command: Some(Given::flag("x", "api --name 'a \"b\" c'".into())),
        syntax: Some(Given::flag("x", true)),
    };
    let mut text = String::new();
    write_settings(&overrides, &mut text);
    let back = parse(&text, "msb.toml").unwrap().overrides;
    let values = |o: &Overrides| {
        (
            o.language.as_ref().map(|g| g.value),
            o.runtime.as_ref().map(|g| g.value),
            o.port.as_ref().map(|g| g.value),
            o.version.as_ref().map(|g| g.value.clone()),
            o.bin.as_ref().map(|g| g.value.clone()),
            o.features.as_ref().map(|g| g.value.clone()),
            o.module.as_ref().map(|g| g.value.clone()),
            o.command.as_ref().map(|g| g.value.clone()),
            o.syntax.as_ref().map(|g| g.value),
        )
    };
    assert_eq!(values(&back), values(&overrides), "{text}");
}
