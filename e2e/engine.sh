#!/usr/bin/env bash
# Provide a Docker 26.1 engine (+ buildx 0.13) for the e2e suite.
#
# Installs what is missing (bookworm's runc and mmdebstrap via apt-get; docker.io,
# docker-cli, containerd and docker-buildx unpacked from Debian trixie .debs into
# e2e/.cache/engine), then reuses a dockerd that already answers `docker info` or
# starts one with --bridge=none --iptables=false (and --data-root "$MSB_E2E_DATA_ROOT"
# when that is set: a fresh directory gives a run without any image or build cache).
#
# Prints the environment the suite needs as shell assignments:
#   export PATH=...            the engine's docker CLI first
#   export DOCKER_CONFIG=...   a client config dir holding the buildx plugin
#   export DOCKERD_PID=...     only when this run started dockerd (stop it by PID)
# Usage: eval "$(e2e/engine.sh)"      Progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
engine=${MSB_E2E_CACHE:-$here/.cache}/engine
root=$engine/root
docker_config=$engine/docker-config
log=$engine/dockerd.log

say() { printf 'engine: %s\n' "$*" >&2; }

install_host_packages() {
    local missing=()
    command -v runc >/dev/null || missing+=(runc)
    command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
    [ ${#missing[@]} -eq 0 ] && return
    say "apt-get install ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >&2
}

# apt-get options that read only a private trixie source list.
trixie_apt_opts() {
    printf '%s\n' "-oDir::Etc::SourceList=/dev/null" \
        "-oDir::Etc::SourceParts=$engine/apt" \
        "-oDir::State::Lists=$engine/apt/lists" \
        "-oDir::Cache=$engine/apt/cache" \
        "-oAPT::Sandbox::User=root"
}

unpack_trixie_engine() {
    [ -x "$root/usr/sbin/dockerd" ] && return
    say "downloading Docker from Debian trixie into $engine"
    mkdir -p "$engine/apt/lists/partial" "$engine/apt/cache" "$engine/debs"
    cat >"$engine/apt/trixie.sources" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    local opts
    mapfile -t opts < <(trixie_apt_opts)
    apt-get "${opts[@]}" update -qq >&2
    (cd "$engine/debs" &&
        apt-get "${opts[@]}" download docker.io docker-cli containerd docker-buildx >&2)
    rm -rf "$root.tmp"
    local deb
    for deb in "$engine"/debs/*.deb; do dpkg -x "$deb" "$root.tmp"; done
    # trixie's runc needs glibc 2.38; bookworm's runc (on PATH) is used instead.
    rm -f "$root.tmp/usr/bin/runc" "$root.tmp/usr/sbin/runc"
    mv "$root.tmp" "$root"
    rm -rf "$engine/debs"
}

link_buildx_plugin() {
    mkdir -p "$docker_config/cli-plugins"
    ln -sf "$root/usr/libexec/docker/cli-plugins/docker-buildx" \
        "$docker_config/cli-plugins/docker-buildx"
}

start_dockerd() {
    say "starting dockerd (log: $log)"
    nohup dockerd --bridge=none --iptables=false ${MSB_E2E_DATA_ROOT:+--data-root "$MSB_E2E_DATA_ROOT"} \
        >"$log" 2>&1 </dev/null &
    local pid=$! i
    for i in $(seq 60); do
        if docker info >/dev/null 2>&1; then
            printf 'export DOCKERD_PID=%q\n' "$pid"
            return
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            say "dockerd exited; last lines of $log:"
            tail -n 20 "$log" >&2
            return 1
        fi
        [ "$i" -eq 1 ] || sleep 0.5
    done
    say "dockerd did not answer within 30 s; stopping it"
    kill "$pid"
    return 1
}

main() {
    install_host_packages
    unpack_trixie_engine
    link_buildx_plugin
    export PATH="$root/usr/bin:$root/usr/sbin:$PATH"
    export DOCKER_CONFIG="$docker_config"
    printf 'export PATH=%q\nexport DOCKER_CONFIG=%q\n' "$PATH" "$DOCKER_CONFIG"
    if docker info >/dev/null 2>&1; then
        say "reusing the running engine ($(docker version -f '{{.Server.Version}}'))"
    else
        start_dockerd
    fi
}

main "$@"
