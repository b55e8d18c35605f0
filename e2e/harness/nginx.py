"""Files of the nginxinc/nginx-unprivileged stand-in (see NGINX_UNPRIVILEGED in standins.py).

nginx.org's packaged nginx.conf and conf.d/default.conf after nginx-unprivileged's edits
(its alpine-slim Dockerfile): no `user` line, the pid file and temp paths in /tmp,
`listen 8080`. Debian's nginx package reads the same paths (its compiled-in defaults are
overridden here, as nginx.org's are upstream).
"""

NGINX_CONF = """\
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /tmp/nginx.pid;


events {
    worker_connections  1024;
}


http {
    proxy_temp_path /tmp/proxy_temp;
    client_body_temp_path /tmp/client_temp;
    fastcgi_temp_path /tmp/fastcgi_temp;
    uwsgi_temp_path /tmp/uwsgi_temp;
    scgi_temp_path /tmp/scgi_temp;

    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
"""

DEFAULT_CONF = """\
server {
    listen       8080;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
"""

# The upstream entrypoint runs /docker-entrypoint.d/*.sh before `nginx`: IPv6 listen (only
# for an unmodified default.conf), envsubst of /etc/nginx/templates (absent), resolver and
# worker tuning (only when their variables are set). For an image that replaces
# default.conf none of them changes anything, so the stand-in only execs.
DOCKER_ENTRYPOINT = """\
#!/bin/sh
set -e
exec "$@"
"""
