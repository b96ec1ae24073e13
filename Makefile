# Two commands on a fresh Debian/Ubuntu machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# WordPress's default themes the tests crawl: one classic, two block themes.
WORDPRESS_THEMES := twentytwentyone twentytwentytwo twentytwentythree
# In this order: with nginx and php-fpm before wordpress, apt satisfies WordPress's
# "apache2 | httpd" and "libapache2-mod-php | php" with them instead of pulling in Apache.
# php-xml: WordPress's sitemaps (wp-sitemap.xml) answer 501 without SimpleXML.
# postgresql: tests/postgres_server.py runs its binaries on throwaway clusters of its own.
APT_PACKAGES := redis-server chromium nginx mariadb-server postgresql php-fpm php-mysql \
	php-xml php-mbstring php wordpress $(WORDPRESS_THEMES:%=wordpress-theme-%)

.PHONY: install system demo test lint deploy bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV) || { apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# System packages the Redis, JavaScript, WordPress and PostgreSQL tests need; installed when
# missing and root. Checks in APT_PACKAGES order (see there); sbin for a non-root PATH.
system:
	@PATH="$$PATH:/usr/sbin:/sbin"; missing=""; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v nginx >/dev/null || missing="$$missing nginx"; \
	command -v mariadbd >/dev/null || missing="$$missing mariadb-server"; \
	ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing="$$missing postgresql"; \
	ls /usr/sbin/php-fpm* >/dev/null 2>&1 || missing="$$missing php-fpm"; \
	for ext in mysqli:php-mysql simplexml:php-xml mbstring:php-mbstring; do \
	  php -r "exit(extension_loaded('$${ext%%:*}') ? 0 : 1);" 2>/dev/null \
	    || missing="$$missing $${ext#*:}"; \
	done; \
	[ -f /usr/share/wordpress/wp-load.php ] || missing="$$missing php wordpress"; \
	for theme in $(WORDPRESS_THEMES); do \
	  [ -d /usr/share/wordpress/wp-content/themes/$$theme ] \
	    || missing="$$missing wordpress-theme-$$theme"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "not root: install$$missing with apt to run every test"; fi; \
	fi

demo: install
	$(PY) -m newscrawl demo

test: install system
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check newscrawl tests benchmarks

# Benchmarks: the peers to compare with, and wrk to measure the static server's ceiling.
bench: install
	$(PY) -m pip install -q -r benchmarks/requirements.txt
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; } \
	  || echo "wrk missing: the server ceiling is reported as n/a"
	$(PY) benchmarks/throughput.py
	$(PY) benchmarks/rerun.py
	$(PY) benchmarks/extraction.py
	$(PY) benchmarks/url_shapes.py
	$(PY) benchmarks/confidence.py
	$(PY) benchmarks/sites.py
	$(MAKE) system
	$(PY) benchmarks/wordpress.py

deploy: install
	$(VENV)/bin/scrapyd-deploy

clean:
	rm -rf $(VENV) output .newscrawl
