# Sourced by the HTTP benchmark scripts: starts a throwaway release server and stops it.

# Starts binary $1 with `--durability fsync` (plus NAILBOOK_SERVE_ARGS) on a fresh data folder and a free loopback
# port, and waits for /health; sets `server` (its pid), `url`, `token` and `data`.
start_server() {
    data=$(mktemp -d)
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    token=bench-$RANDOM$RANDOM
    # shellcheck disable=SC2086 # NAILBOOK_SERVE_ARGS is a list of words
    NAILBOOK_ADMIN_TOKEN=$token "$1" serve --data "$data/node" --port "$port" --durability fsync \
        ${NAILBOOK_SERVE_ARGS:-} >"$data/server.log" 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
    url=http://127.0.0.1:$port
    for _ in $(seq 1 100); do curl -sf "$url/health" >/dev/null && break; sleep 0.1; done
}

# Stops the server `start_server` started and removes its folder.
stop_server() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$data"
}
