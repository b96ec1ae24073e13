"""A real, stock WordPress (Debian's ``wordpress`` package) on a loopback address, for crawls.

Every instance runs its own MariaDB, php-fpm and nginx as child processes, with private
configs, data and unix sockets under one short temp dir: no system service is used or
started. nginx listens on a random 127.x.y.z address with a fixed port, so no port is picked
and released, and each instance has its own host name for Debian's per-host config file
(``/etc/wordpress/config-<host>.php``, which ``wp-config.php`` includes; written on start,
removed on stop). WordPress is installed and seeded by PHP scripts run with the php CLI,
from a deterministic description (``describe_site``) that also gives the ground truth.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import random
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.message import Message
from pathlib import Path
from typing import Any, Literal

WORDPRESS = Path("/usr/share/wordpress")
THEMES = WORDPRESS / "wp-content" / "themes"
CONFIG_DIR = Path("/etc/wordpress")
ApiMode = Literal["open", "disabled", "users_hidden", "unadvertised", "no_totals",
                  "robots_disallowed", "broken_after_page_1"]

# Deadlines are generous: a 2-core machine running other tests can be slow.
START_TIMEOUT = 120.0
PHP_TIMEOUT = 600.0


def php_fpm_binary() -> str | None:
    """php-fpm is versioned on Debian (/usr/sbin/php-fpm8.2): the newest installed, or None."""
    found = sorted(glob.glob("/usr/sbin/php-fpm*"))
    return found[-1] if found else None


def missing_parts(theme: str) -> str | None:
    """What this machine lacks to run a WordPressServer with ``theme``, as one line saying
    how to get it; None when nothing is missing."""
    how = "make test installs it when run as root"
    for binary in ("mariadbd", "mariadb-install-db", "nginx", "php", "wp-setup"):
        if not shutil.which(binary):  # wp-setup: from the wordpress package
            return f"{binary} is not installed ({how})"
    if php_fpm_binary() is None:
        return f"php-fpm is not installed ({how})"
    if not (THEMES / theme).is_dir():
        return f"wordpress-theme-{theme} is not installed ({how})"
    if not os.access(CONFIG_DIR, os.W_OK):
        return f"WordPress's configuration goes to {CONFIG_DIR}/config-<host>.php: run as root"
    return None


# --- The site's content: a deterministic description, also the ground truth -------------------

@dataclass(frozen=True)
class Author:
    login: str
    display_name: str


@dataclass(frozen=True)
class Image:
    path: str  # under wp-content/uploads, as WordPress lays it out: "2024/03/chart-5.png"
    caption: str
    alt: str
    rgb: tuple[int, int, int]
    width: int = 64
    height: int = 40


@dataclass(frozen=True)
class Post:
    title: str
    author: str  # an Author.login
    paragraphs: tuple[str, ...]
    categories: tuple[str, ...] = ()  # the first is the primary one
    tags: tuple[str, ...] = ()
    date: datetime | None = None  # site-local publish time; None: WordPress's "now"
    modified: datetime | None = None  # site-local; None: WordPress's own (the publish time)
    status: str = "publish"
    password: str = ""
    post_type: str = "post"
    image: Image | None = None
    # Block editor markup (wp-block-image figure), else classic editor text, which WordPress
    # turns into paragraphs itself, with its image in a [caption] shortcode.
    blocks: bool = True

    @property
    def is_article(self) -> bool:
        """What a crawler should collect: a published, public post."""
        return self.post_type == "post" and self.status == "publish" and not self.password


@dataclass(frozen=True)
class Site:
    title: str
    tagline: str
    authors: tuple[Author, ...]
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    posts: tuple[Post, ...]  # the articles, then a draft, a protected post and pages


AUTHORS = (Author("maria-lopez", "Maria Lopez"), Author("daniel-okafor", "Daniel Okafor"),
           Author("aiko-tanaka", "Aiko Tanaka"))
CATEGORIES = ("Stock Market", "Economy", "Technology", "Energy", "Politics", "World")
DEFAULT_CATEGORY = "Uncategorized"  # made by WordPress's install, with id 1
TAGS = ("inflation", "earnings", "interest rates", "startups", "oil", "elections", "AI",
        "housing")
COMPANIES = ("Northwind Traders", "Helix Biotech", "Crestline Energy", "Bluewater Logistics",
             "Summit Analytics", "Orchard Foods", "Ironbridge Steel", "Lumen Networks",
             "Harbor Capital", "Pinecrest Motors", "Silverline Airlines", "Quarry Materials",
             "Atlas Robotics", "Meridian Health", "Cobalt Mining", "Evergreen Retail",
             "Vantage Software", "Granite Insurance", "Skyway Telecom", "Redwood Pharma")
EVENTS = ("shares climb after", "stock slides on", "beats forecasts despite",
          "cuts outlook amid", "expands hiring after", "faces scrutiny over",
          "raises dividend following", "delays launch because of", "wins contract during",
          "trims costs as it weathers")
CONTEXTS = ("quarterly earnings", "rate worries", "supply delays", "a regulatory review",
            "weak consumer demand", "a record quarter", "currency swings",
            "a merger proposal", "rising fuel prices", "an analyst upgrade", "new tariffs",
            "a strike at its plants", "strong export orders", "a cyber incident",
            "a leadership change")
# Sentence parts. No quotes, apostrophes, dashes or ellipses: WordPress's wptexturize would
# turn them into typographic characters, and the truth would no longer match the page.
METRICS = ("revenue", "operating profit", "net income", "order intake", "free cash flow",
           "online sales", "gross margin")
PERIODS = ("first quarter", "second quarter", "third quarter", "fourth quarter",
           "first half of the year", "past twelve months")
CITIES = ("New York", "London", "Frankfurt", "Tokyo", "Toronto", "Singapore", "Chicago")
FIRMS = ("Baxter Research", "Lindqvist Partners", "Morrow Securities", "Castellan Advisors",
         "Fenwick Brothers", "Osprey Capital")
ANALYSTS = ("Ruth Sandoval", "Peter Lindgren", "Grace Mbeki", "Tomas Novak", "Hannah Reyes",
            "Victor Chen")
TRENDS = ("a slower but steadier recovery", "stronger demand from large customers",
          "pressure on prices for the rest of the year", "a shift toward higher margin products",
          "cautious spending by households", "growing competition from younger rivals")
PLANS = ("open two new factories", "cut its debt by a third", "hire several hundred engineers",
         "sell its consumer division", "double its research budget",
         "expand into three new markets")
WHENS = ("the end of next year", "the spring", "the autumn", "2026", "the next fiscal year")
RISKS = ("higher borrowing costs", "a cooling labor market", "slower growth in China",
         "volatile energy prices", "tighter credit conditions")
SECTORS = ("manufacturers", "retailers", "airlines", "software companies", "banks",
           "homebuilders")
MOVES = ("rose", "fell", "edged up", "slipped", "jumped", "dropped")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
SENTENCES: tuple[Callable[[random.Random], str], ...] = (
    lambda r: (f"{r.choice(COMPANIES)} said {r.choice(METRICS)} rose {r.randint(2, 40)} percent "
               f"in the {r.choice(PERIODS)}, ahead of what analysts had expected."),
    lambda r: (f"Investors in {r.choice(CITIES)} reacted calmly, and trading volumes were "
               f"{r.choice(('higher', 'lower'))} than usual for a {r.choice(WEEKDAYS)}."),
    lambda r: (f"{r.choice(ANALYSTS)}, an analyst at {r.choice(FIRMS)}, said the figures "
               f"pointed to {r.choice(TRENDS)}."),
    lambda r: f"The company plans to {r.choice(PLANS)} by {r.choice(WHENS)}.",
    lambda r: (f"Shares of rival {r.choice(COMPANIES)} {r.choice(MOVES)} "
               f"{r.randint(1, 9)}.{r.randint(0, 9)} percent in afternoon trading."),
    lambda r: (f"Economists warned that {r.choice(RISKS)} could weigh on "
               f"{r.choice(SECTORS)} through {r.choice(WHENS)}."),
    lambda r: (f"Management told investors on a call that {r.choice(METRICS)} should improve "
               f"once {r.choice(RISKS)} ease."),
    lambda r: (f"Regulators in {r.choice(CITIES)} are expected to publish new guidance for "
               f"{r.choice(SECTORS)} before {r.choice(WHENS)}."),
)
FIRST_DATE = datetime(2024, 1, 8, 9, 0)
SPREAD = timedelta(days=400)  # the seeded articles' publish dates cover about 13 months


def paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(SENTENCES)(rng) for _ in range(rng.randint(3, 5)))


def article(index: int, seed: int, date: datetime | None) -> Post:
    """Article number ``index``: the same text for the same (index, seed), distinct per index."""
    rng = random.Random(f"newscrawl-wordpress-{seed}-{index}")
    # Mixed radix with shifted digits: a different title for each index below 3000.
    company = COMPANIES[index % 20]
    event = EVENTS[(index // 20 + index) % 10]
    context = CONTEXTS[(index // 200 + index // 20 + index) % 15]
    categories = set(rng.sample(CATEGORIES, rng.choice((1, 1, 2, 2, 3))))
    if index % 5 == 0:
        categories.add("Stock Market")  # the section news crawls care about most
    # WordPress's default category, left ticked beside another one or alone.
    if index % 7 == 3:
        categories.add(DEFAULT_CATEGORY)
    if index % 23 == 6:
        categories = {DEFAULT_CATEGORY}
    if index % 29 == 12:
        categories = {"World", DEFAULT_CATEGORY}  # the one a theme lists second
    image = None
    if index % 4 == 1:
        when = date or datetime.now()
        image = Image(path=f"{when:%Y/%m}/chart-{seed}-{index}.png",
                      caption=f"A chart of {company} shares over the past year.",
                      alt=f"Chart for {company}",
                      rgb=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    return Post(
        title=f"{company} {event} {context}",
        author=AUTHORS[index % len(AUTHORS)].login,
        paragraphs=tuple(paragraph(rng) for _ in range(rng.randint(3, 6))),
        # By name: WordPress keeps no order of a post's categories, its API and themes list
        # them by name; the primary one (the first) is the first of them, the default
        # category last (a post in Uncategorized and World is a World post).
        categories=tuple(sorted(categories, key=lambda name: (name == DEFAULT_CATEGORY, name))),
        tags=tuple(rng.sample(TAGS, rng.randint(0, 3))),
        date=date,
        image=image,
        blocks=index % 3 != 2,
    )


def describe_site(posts: int, seed: int = 1) -> Site:
    """The seeded content: ``posts`` articles with publish dates over about 13 months (one of
    them modified later), plus a draft, a password-protected post and two pages, which are not
    articles. Each image post brings an attachment (also not an article)."""
    step = SPREAD / max(posts, 1)
    articles = []
    for index in range(posts):
        # Varying times of day; some land on weekends and both sides of daylight saving time.
        date = (FIRST_DATE + step * index
                + timedelta(hours=(index * 7) % 11, minutes=(index * 13) % 60))
        articles.append(article(index, seed, date.replace(second=0, microsecond=0)))
    if posts > 1:
        published = articles[1].date
        assert published is not None
        articles[1] = replace(articles[1], modified=published + timedelta(days=3, hours=2))
    rng = random.Random(f"newscrawl-wordpress-{seed}-extras")
    extras = (
        Post("Draft: a story nobody should see yet", AUTHORS[0].login,
             (paragraph(rng), paragraph(rng)), ("Economy",), ("inflation",),
             date=FIRST_DATE + timedelta(days=30), status="draft"),
        Post("Members only briefing on the bond market", AUTHORS[1].login,
             (paragraph(rng), paragraph(rng)), ("Stock Market",), ("interest rates",),
             date=FIRST_DATE + timedelta(days=45, hours=3), password="letmein"),
        Post("About Us", AUTHORS[2].login,
             ("We are an independent newsroom covering markets and the economy.",
              paragraph(rng)), date=FIRST_DATE, post_type="page"),
        Post("Contact", AUTHORS[2].login,
             ("Write to the newsroom at the address below.", paragraph(rng)),
             date=FIRST_DATE, post_type="page"),
    )
    return Site("Newscrawl Test Times", "Markets, business and the economy", AUTHORS,
                CATEGORIES, TAGS, (*articles, *extras))


def markup(post: Post) -> str:
    """post_content as an editor saves it. The image's attachment id and URL are placeholders:
    the attachment is made in the same PHP run as the post."""
    paragraphs = list(post.paragraphs)
    figure = []
    if post.image and post.blocks:
        figure = [
            '<!-- wp:image {"id":%%ATTACHMENT_ID%%,"sizeSlug":"full","linkDestination":"none"} -->'
            '\n<figure class="wp-block-image size-full"><img src="%%IMAGE_URL%%" '
            f'alt="{post.image.alt}" class="wp-image-%%ATTACHMENT_ID%%"/>'
            f'<figcaption class="wp-element-caption">{post.image.caption}</figcaption></figure>'
            "\n<!-- /wp:image -->"]
    elif post.image:
        figure = [
            f'[caption id="attachment_%%ATTACHMENT_ID%%" align="aligncenter" '
            f'width="{post.image.width}"]<img class="size-full wp-image-%%ATTACHMENT_ID%%" '
            f'src="%%IMAGE_URL%%" alt="{post.image.alt}" width="{post.image.width}" '
            f'height="{post.image.height}" /> {post.image.caption}[/caption]']
    if post.blocks:
        blocks = [f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->"
                  for text in paragraphs]
        return "\n\n".join(blocks[:1] + figure + blocks[1:])
    # Classic editor: blank lines between paragraphs, wpautop makes the <p> elements.
    return "\n\n".join(paragraphs[:1] + figure + paragraphs[1:])


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain-colour PNG; nginx serves it as the image of a post."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# --- HTTP, without the environment's proxies (the server is on loopback) --------------------

@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str, timeout: float = 30) -> Response:
    """GET ``url`` (redirects followed); HTTP errors are responses too, not exceptions."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


# --- PHP run inside WordPress -------------------------------------------------------------------

# php wp-tool.php HOST COMMAND IN.json OUT.json. The answer goes to a file, not stdout, where
# PHP notices could mix with it.
WP_TOOL = r"""<?php
[, $host, $command, $in_path, $out_path] = $argv;
$in = json_decode(file_get_contents($in_path), true);
// Debian's wp-config.php includes /etc/wordpress/config-<host>.php for this host.
$_SERVER['HTTP_HOST'] = $host;

if ($command === 'install') {
    // wp-load.php connects to the database, which must exist first.
    $db = new mysqli('localhost', 'root', '', '', 0, $in['socket']);
    $db->query('CREATE DATABASE `' . $in['db_name'] . '` CHARACTER SET utf8mb4');
    define('WP_INSTALLING', true);
    // wp_install() mails the admin; there is no mail server.
    function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}
}
require '/usr/share/wordpress/wp-load.php';
// The CLI has no user allowed unfiltered HTML: keep the markup exactly as written.
kses_remove_filters();

$result = match ($command) {
    'install' => install($in),
    'seed' => seed($in),
    'posts' => ['posts' => insert_posts($in['posts'])],
    'update' => ['post' => update_post($in)],
};
file_put_contents($out_path, json_encode($result));

function check($value) {
    if (is_wp_error($value)) {
        fwrite(STDERR, $value->get_error_message() . "\n");
        exit(1);
    }
    return $value;
}

function install(array $in): array {
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    $result = wp_install($in['title'], 'admin', 'admin@example.com', true, '',
                         wp_generate_password(24));
    return ['admin_id' => $result['user_id']];
}

function seed(array $in): array {
    global $wp_rewrite;
    update_option('blogdescription', $in['tagline']);
    update_option('timezone_string', $in['timezone']);
    update_option('gmt_offset', '');
    update_option('posts_per_page', $in['posts_per_page']);
    update_option('default_comment_status', 'closed');
    update_option('default_ping_status', 'closed');
    update_option('default_pingback_flag', 0);
    update_option('ping_sites', '');
    switch_theme($in['theme']);
    $wp_rewrite->set_permalink_structure($in['permalink_structure']);
    flush_rewrite_rules(false);  // rules live in the database; nginx needs no .htaccess
    // wp_install()'s sample content: "Hello world!", "Sample Page", a privacy policy draft.
    foreach (get_posts(['post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1])
             as $post) {
        wp_delete_post($post->ID, true);
    }
    update_option('wp_page_for_privacy_policy', 0);
    foreach ($in['authors'] as $author) {
        [$first, $last] = explode(' ', $author['display_name'], 2);
        check(wp_insert_user([
            'user_login' => $author['login'], 'user_pass' => wp_generate_password(20),
            'user_email' => $author['login'] . '@example.com', 'role' => 'author',
            'display_name' => $author['display_name'], 'nickname' => $author['display_name'],
            'first_name' => $first, 'last_name' => $last,
        ]));
    }
    foreach ($in['categories'] as $name) check(wp_insert_term($name, 'category'));
    foreach ($in['tags'] as $name) check(wp_insert_term($name, 'post_tag'));
    return ['posts' => insert_posts($in['posts'])];
}

function insert_posts(array $posts): array {
    wp_defer_term_counting(true);  // one count per term at the end, not one per post
    $out = array_map('insert_post', $posts);
    wp_defer_term_counting(false);
    return $out;
}

function insert_post(array $p): array {
    global $wpdb;
    $author = get_user_by('login', $p['author']);
    $attachment = $p['image'] ? insert_attachment($p['image'], $author->ID, $p['date']) : 0;
    $data = [
        'post_type' => $p['post_type'], 'post_status' => $p['status'],
        'post_title' => $p['title'], 'post_content' => with_image($p['content'], $attachment),
        'post_author' => $author->ID, 'post_password' => $p['password'],
        'post_category' => array_map('get_cat_ID', $p['categories']),
        'tags_input' => $p['tags'],
    ];
    if ($p['date']) $data['post_date'] = $p['date'];
    $id = check(wp_insert_post($data, true));
    if ($attachment) {
        // Attached to its post afterwards: the post's content needed the attachment's id.
        $wpdb->update($wpdb->posts, ['post_parent' => $id], ['ID' => $attachment]);
        clean_post_cache($attachment);
    }
    if ($p['modified']) {
        // wp_update_post() would stamp "now"; the description wants a fixed date.
        $wpdb->update($wpdb->posts, ['post_modified' => $p['modified'],
                                     'post_modified_gmt' => get_gmt_from_date($p['modified'])],
                      ['ID' => $id]);
        clean_post_cache($id);
    }
    return describe($id, $attachment);
}

function insert_attachment(array $image, int $author, ?string $date): int {
    $file = wp_get_upload_dir()['basedir'] . '/' . $image['path'];
    $data = ['post_mime_type' => 'image/png', 'post_title' => $image['alt'],
             'post_excerpt' => $image['caption'], 'post_status' => 'inherit',
             'post_author' => $author];
    if ($date) $data['post_date'] = $date;
    $id = check(wp_insert_attachment($data, $file, 0, true));
    update_post_meta($id, '_wp_attachment_image_alt', $image['alt']);
    wp_update_attachment_metadata($id, ['width' => $image['width'],
                                        'height' => $image['height'],
                                        'file' => $image['path'], 'sizes' => []]);
    return $id;
}

function with_image(string $content, int $attachment): string {
    if (!$attachment) return $content;
    return strtr($content, ['%%ATTACHMENT_ID%%' => $attachment,
                            '%%IMAGE_URL%%' => wp_get_attachment_url($attachment)]);
}

function update_post(array $in): array {
    check(wp_update_post(['ID' => $in['id'], 'post_title' => $in['title'],
                          'post_content' => with_image($in['content'], $in['attachment'])],
                         true));
    return describe($in['id'], $in['attachment']);
}

function describe(int $id, int $attachment): array {
    $post = get_post($id);
    $out = ['id' => $id, 'url' => get_permalink($post),
            'published' => get_post_datetime($post)->format('c'),
            'modified' => get_post_datetime($post, 'modified')->format('c')];
    if ($attachment) {
        $out['attachment'] = ['id' => $attachment, 'file' => wp_get_attachment_url($attachment),
                              'url' => get_permalink($attachment)];
    }
    return $out;
}
"""

# Must-use plugins (loaded from the instance's mu-plugins dir on every request) for the API
# toggles. One fixed file per mode whose content never changes, so opcache cannot serve a
# stale version after a toggle; WordPress lists the directory on every request.
API_PLUGINS: dict[str, str] = {
    # Refuse every anonymous REST request (the index too), as "Disable REST API" plugins do.
    # The discovery <link rel="https://api.w.org/"> and Link header stay: a crawler that
    # follows them meets the 401.
    "disabled": """<?php
add_filter('rest_authentication_errors', function ($result) {
    return $result ?: new WP_Error('rest_disabled', 'The REST API is disabled.',
                                   ['status' => 401]);
});
""",
    # Posts stay readable, the users endpoints are gone, as security plugins do to stop user
    # enumeration: an _embed author comes back as a rest_no_route error, without a name.
    "users_hidden": """<?php
add_filter('rest_endpoints', function ($endpoints) {
    foreach (array_keys($endpoints) as $route) {
        if (str_starts_with($route, '/wp/v2/users')) unset($endpoints[$route]);
    }
    return $endpoints;
});
""",
    # The API answers, but pages neither link to it nor send its Link header (themes and
    # "clean head" plugins remove them): only WordPress's assets and generator tag remain.
    "unadvertised": """<?php
remove_action('wp_head', 'rest_output_link_wp_head', 10);
remove_action('template_redirect', 'rest_output_link_header', 11);
""",
    # A proxy or cache in front of WordPress drops its X-WP-* headers: only the Link
    # header (rel="next") says whether more pages follow.
    "no_totals": """<?php
add_filter('rest_post_dispatch', function ($response) {
    $headers = $response->get_headers();
    unset($headers['X-WP-Total'], $headers['X-WP-TotalPages']);
    $response->set_headers($headers);
    return $response;
}, 99);
""",
    # robots.txt keeps crawlers out of the API (both of its URL forms).
    "robots_disallowed": """<?php
add_filter('robots_txt', function ($output) {
    return $output . "Disallow: /wp-json/\\nDisallow: /*rest_route=\\n";
});
""",
    # The posts list breaks past its first page (a plugin's fatal error, an overloaded
    # database): the first 100 posts come, the rest answer 500.
    "broken_after_page_1": """<?php
add_filter('rest_pre_dispatch', function ($result, $server, $request) {
    if ($request->get_route() === '/wp/v2/posts' && (int) $request['page'] > 1) {
        return new WP_Error('broken', 'Error establishing a database connection.',
                            ['status' => 500]);
    }
    return $result;
}, 10, 3);
""",
}


class WordPressServer:
    """WordPress on ``http://127.x.y.z:8080`` with ``posts`` seeded articles; a context manager.

    ``theme``: a default theme Debian packages: "twentytwentyone" (classic),
    "twentytwentytwo" or "twentytwentythree" (block themes).
    ``pretty_permalinks``: /%year%/%monthnum%/%day%/%postname%/ URLs and the API at /wp-json/;
    else ``?p=ID`` URLs and the API only at ``/?rest_route=``.
    ``api``: "open", "disabled" (401), "users_hidden", "unadvertised" (no link to it on the
    pages), "no_totals" (no X-WP-Total/X-WP-TotalPages headers), "robots_disallowed"
    (robots.txt disallows it) or "broken_after_page_1" (500 past the posts list's first
    page); ``set_api`` changes it while running.
    """

    def __init__(self, posts: int = 30, *, theme: str = "twentytwentyone",
                 pretty_permalinks: bool = True, api: ApiMode = "open", seed: int = 1,
                 port: int = 8080, timezone: str = "America/New_York",
                 posts_per_page: int = 10, php_workers: int = 4) -> None:
        self.theme = theme
        self.pretty_permalinks = pretty_permalinks
        self.api: ApiMode = api
        self.seed = seed
        self.port = port
        self.timezone = timezone
        self.posts_per_page = posts_per_page
        self.php_workers = php_workers
        self.site = describe_site(posts, seed)
        self.base_url = ""
        self.host = ""
        self.timings: dict[str, float] = {}  # seconds per start phase: mariadb, install, seed
        self._workdir: Path | None = None
        self._config_file: Path | None = None
        self._procs: list[subprocess.Popen[bytes]] = []
        self._token = os.urandom(4).hex()
        self._next_index = posts
        self._posts: dict[int, tuple[Post, dict[str, Any]]] = {}  # id: (description, WordPress)

    # --- lifecycle ---

    def __enter__(self) -> WordPressServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> WordPressServer:
        if not (THEMES / self.theme).is_dir():
            raise RuntimeError(f"theme {self.theme} is missing: "
                               f"apt-get install wordpress-theme-{self.theme}")
        # Short: unix socket paths are limited to 107 bytes.
        self._workdir = Path(tempfile.mkdtemp(prefix="nc-wp-"))
        try:
            self._make_content_dir()
            self.set_api(self.api)
            self._timed("mariadb", self._start_mariadb)
            self._start_php_fpm()
            self._start_nginx()
            self._timed("install", self._install)
            self._timed("seed", self._seed)
            self._wait(lambda: fetch(self.base_url + "/").status == 200,
                       "the home page", self._procs[-1])
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """End the processes this instance started (by PID), remove its files."""
        for proc in self._procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self._procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                # Its own session (start_new_session): the group is it and its workers.
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self._procs.clear()
        if self._config_file is not None:
            self._config_file.unlink(missing_ok=True)
            self._config_file = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    # --- toggles and content changes while running ---

    def set_api(self, mode: ApiMode) -> None:
        """Open, disable (401) or hide users from the REST API; the next request sees it."""
        if mode != "open" and mode not in API_PLUGINS:
            raise ValueError(f"unknown API mode {mode!r}")
        self.api = mode
        for name, code in API_PLUGINS.items():
            path = self._dir / "content" / "mu-plugins" / f"newscrawl-api-{name}.php"
            if name == mode:
                path.write_text(code)
            else:
                path.unlink(missing_ok=True)

    def add_posts(self, n: int, dates: list[datetime] | None = None) -> list[dict[str, Any]]:
        """``n`` new articles published now (or at the site-local ``dates``); their truth."""
        if dates is not None and len(dates) != n:
            raise ValueError("one date per post")
        posts = [article(self._next_index + i, self.seed, dates[i] if dates else None)
                 for i in range(n)]
        self._next_index += n
        answer = self._php("posts", {"posts": self._payload(posts)})
        return [self._record(post, wp) for post, wp in zip(posts, answer["posts"], strict=True)]

    def modify_post(self, post_id: int, title: str | None = None,
                    paragraphs: list[str] | None = None) -> dict[str, Any]:
        """Edit a post as an editor would (WordPress stamps post_modified "now"); its new truth.
        By default the title gets an "Updated:" prefix and the body a new last paragraph."""
        post, wp = self._posts[post_id]
        rng = random.Random(f"newscrawl-wordpress-update-{post_id}-{wp['modified']}")
        post = replace(post, title=title or f"Updated: {post.title}",
                       paragraphs=tuple(paragraphs or (*post.paragraphs, paragraph(rng))))
        attachment = wp.get("attachment", {}).get("id", 0)
        answer = self._php("update", {"id": post_id, "title": post.title,
                                      "content": markup(post), "attachment": attachment})
        return self._record(post, answer["post"])

    # --- ground truth ---

    def truth(self) -> list[dict[str, Any]]:
        """Every article (published, public post), oldest first, as a crawler should report it:
        url, title, authors, published/modified (ISO 8601, site offset), category (the first
        assigned), categories, tags, body (paragraphs joined by a blank line), images
        (url, caption), and WordPress's id."""
        records = [self._truth_record(post, wp) for post, wp in self._posts.values()
                   if post.is_article]
        return sorted(records, key=lambda record: (datetime.fromisoformat(record["published"]),
                                                   record["id"]))

    def non_articles(self) -> dict[str, list[dict[str, Any]]]:
        """What must not be collected as an article: drafts, password-protected posts, pages
        and attachments (their pages; ``file`` is the image itself), each with id, url, title."""
        found: dict[str, list[dict[str, Any]]] = {
            "drafts": [], "protected": [], "pages": [], "attachments": []}
        for post, wp in self._posts.values():
            entry = {"id": wp["id"], "url": wp["url"], "title": post.title}
            if post.post_type == "page":
                found["pages"].append(entry)
            elif post.status != "publish":
                found["drafts"].append(entry)
            elif post.password:
                found["protected"].append(entry)
            if "attachment" in wp:
                attachment = wp["attachment"]
                found["attachments"].append({"id": attachment["id"], "url": attachment["url"],
                                             "file": attachment["file"],
                                             "title": post.image.alt if post.image else ""})
        return found

    def rest_url(self, route: str, **params: Any) -> str:
        """The URL of a REST route ("/wp/v2/posts") the way this site's permalinks serve it."""
        query = urllib.parse.urlencode(params)
        if self.pretty_permalinks:
            return f"{self.base_url}/wp-json{route}" + (f"?{query}" if query else "")
        return f"{self.base_url}/?rest_route={route}" + (f"&{query}" if query else "")

    # --- internals ---

    @property
    def _dir(self) -> Path:
        if self._workdir is None:
            raise RuntimeError("the server is not running")
        return self._workdir

    @property
    def _socket(self) -> Path:
        return self._dir / "db.sock"

    @property
    def _php_socket(self) -> Path:
        return self._dir / "php.sock"

    def _timed(self, phase: str, step: Callable[[], None]) -> None:
        started = time.monotonic()
        step()
        self.timings[phase] = round(time.monotonic() - started, 2)

    def _make_content_dir(self) -> None:
        """The instance's own wp-content (Debian's is shared): themes linked from the package,
        its own uploads and must-use plugins."""
        content = self._dir / "content"
        for sub in ("themes", "plugins", "mu-plugins", "uploads"):
            (content / sub).mkdir(parents=True)
        for theme in THEMES.iterdir():
            (content / "themes" / theme.name).symlink_to(theme)

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        with (self._dir / f"{name}.out").open("wb") as log:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self._procs.append(proc)
        return proc

    def _wait(self, ready: Callable[[], bool], what: str,
              proc: subprocess.Popen[bytes]) -> None:
        """Poll ``ready`` until true; fail early if ``proc`` exits, with the logs."""
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if ready():
                    return
            except OSError:  # connection refused, socket not there yet
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"waiting for {what}: "
                                   f"{'process exited' if proc.poll() is not None else 'timeout'}"
                                   f"\n{self._logs()}")
            time.sleep(0.05)

    def _logs(self) -> str:
        texts = []
        for path in sorted(self._dir.glob("*.out")) + sorted(self._dir.glob("*.log")):
            tail = path.read_text(errors="replace")[-2000:]
            if tail.strip():
                texts.append(f"--- {path.name}\n{tail}")
        return "\n".join(texts)

    def _start_mariadb(self) -> None:
        datadir = self._dir / "db"
        # mariadbd refuses to run as root unless told to; as another user it is that user.
        user = pwd.getpwuid(os.geteuid()).pw_name
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={datadir}",
                        f"--user={user}", "--skip-test-db"],
                       check=True, capture_output=True, timeout=START_TIMEOUT)
        proc = self._spawn("mariadb", [
            "mariadbd", "--no-defaults",
            f"--datadir={datadir}", f"--socket={self._socket}", "--skip-networking",
            f"--user={user}", f"--pid-file={self._dir / 'db.pid'}",
            f"--log-error={self._dir / 'mariadb.log'}",
            # Test data: no need to flush every commit to disk.
            "--innodb-flush-log-at-trx-commit=0"])
        # mariadbd creates its socket once it accepts connections.
        self._wait(self._socket.exists, "mariadbd", proc)

    def _start_php_fpm(self) -> None:
        binary = php_fpm_binary()
        if binary is None:
            raise RuntimeError("php-fpm is not installed")
        root = os.geteuid() == 0
        config = self._dir / "php-fpm.conf"
        config.write_text(f"""[global]
pid = {self._dir / 'php-fpm.pid'}
error_log = {self._dir / 'php-fpm.log'}
daemonize = no

[wordpress]
{"user = root" if root else ""}
listen = {self._php_socket}
listen.mode = 0666
pm = static
pm.max_children = {self.php_workers}
catch_workers_output = yes
php_admin_value[error_log] = {self._dir / 'php-errors.log'}
php_admin_flag[log_errors] = on
""")
        # -R: php-fpm refuses to run workers as root without it.
        proc = self._spawn("php-fpm", [binary, "-F", "-y", str(config), *(["-R"] if root else [])])
        self._wait(self._php_socket.exists, "php-fpm", proc)

    def _start_nginx(self) -> None:
        """nginx on a random 127.x.y.z:port. nginx cannot report a port-0 bind, so the address
        is random instead, and re-picked when taken (nginx exits: address in use)."""
        rng = random.SystemRandom()
        for _attempt in range(8):
            host = f"127.{rng.randint(1, 254)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            config_file = CONFIG_DIR / f"config-{host}.php"
            try:
                # O_EXCL: the host name is this instance's, not another's (or a leftover).
                fd = os.open(config_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            self._config_file = config_file
            self.host = host
            self.base_url = f"http://{host}:{self.port}"
            with os.fdopen(fd, "w") as file:
                file.write(self._wp_config())
            proc = self._spawn("nginx", ["nginx", "-p", f"{self._dir}/", "-c",
                                         str(self._nginx_config()),
                                         "-e", str(self._dir / "nginx.log")])
            try:
                self._wait(lambda: fetch(self.base_url + "/readme.html", 5).status == 200,
                           "nginx", proc)
                return
            except RuntimeError:
                log = self._dir / "nginx.log"
                if not log.exists() or "Address already in use" not in log.read_text():
                    raise
            self._procs.remove(proc)
            config_file.unlink()
            self._config_file = None
        raise RuntimeError(f"no free loopback address for port {self.port} after 8 tries")

    def _nginx_config(self) -> Path:
        directory = self._dir
        temp = directory / "nginx-temp"
        temp.mkdir(exist_ok=True)
        config = directory / "nginx.conf"
        config.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {directory / 'nginx.pid'};
error_log {directory / 'nginx.log'};
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {temp}/body;
    fastcgi_temp_path {temp}/fastcgi;
    proxy_temp_path {temp}/proxy;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen {self.host}:{self.port};
        server_name {self.host};
        root {WORDPRESS};
        index index.php;
        # The instance's wp-content: themes, uploads; never run PHP from it.
        location ^~ /wp-content/ {{
            alias {directory / 'content'}/;
            location ~ \\.php$ {{ return 403; }}
        }}
        location / {{
            try_files $uri $uri/ /index.php?$args;
        }}
        location ~ \\.php$ {{
            try_files $uri =404;
            fastcgi_pass unix:{self._php_socket};
            # Not Debian's fastcgi_params: its security update passes HTTP_HOST as $host,
            # without the port, and WordPress then redirects every page to itself.
            fastcgi_param HTTP_HOST $host:$server_port;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            fastcgi_param QUERY_STRING $query_string;
            fastcgi_param REQUEST_METHOD $request_method;
            fastcgi_param CONTENT_TYPE $content_type;
            fastcgi_param CONTENT_LENGTH $content_length;
            fastcgi_param SCRIPT_NAME $fastcgi_script_name;
            fastcgi_param REQUEST_URI $request_uri;
            fastcgi_param DOCUMENT_URI $document_uri;
            fastcgi_param DOCUMENT_ROOT $document_root;
            fastcgi_param SERVER_PROTOCOL $server_protocol;
            fastcgi_param REQUEST_SCHEME $scheme;
            fastcgi_param GATEWAY_INTERFACE CGI/1.1;
            fastcgi_param SERVER_SOFTWARE nginx;
            fastcgi_param REMOTE_ADDR $remote_addr;
            fastcgi_param REMOTE_PORT $remote_port;
            fastcgi_param SERVER_ADDR $server_addr;
            fastcgi_param SERVER_PORT $server_port;
            fastcgi_param SERVER_NAME $server_name;
            fastcgi_param REDIRECT_STATUS 200;
        }}
    }}
}}
""")
        return config

    def _wp_config(self) -> str:
        """/etc/wordpress/config-<host>.php: this instance's database, URLs and content."""
        return f"""<?php
// Written by newscrawl's tests/wordpress/wp_server.py; removed when that server stops.
define('DB_NAME', 'newscrawl_{self._token}');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:{self._socket}');
$table_prefix = 'nc{self._token}_';
define('WP_HOME', '{self.base_url}');
define('WP_SITEURL', '{self.base_url}');
define('WP_CONTENT_DIR', '{self._dir / "content"}');
define('WP_CONTENT_URL', '{self.base_url}/wp-content');
define('WP_DEFAULT_THEME', '{self.theme}');
// No network beyond the machine and no background work: cron would ping update servers.
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
"""

    def _php(self, command: str, payload: dict[str, Any]) -> dict[str, Any]:
        tool = self._dir / "wp-tool.php"
        if not tool.exists():
            tool.write_text(WP_TOOL)
        request, answer = self._dir / "request.json", self._dir / "answer.json"
        request.write_text(json.dumps(payload))
        answer.unlink(missing_ok=True)
        done = subprocess.run(["php", str(tool), f"{self.host}:{self.port}", command,
                               str(request), str(answer)],
                              capture_output=True, text=True, timeout=PHP_TIMEOUT)
        if done.returncode != 0 or not answer.exists():
            raise RuntimeError(f"wp-tool {command} failed ({done.returncode}):\n"
                               f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return json.loads(answer.read_text())

    def _install(self) -> None:
        self._php("install", {"socket": str(self._socket), "db_name": f"newscrawl_{self._token}",
                              "title": self.site.title})

    def _seed(self) -> None:
        site = self.site
        structure = "/%year%/%monthnum%/%day%/%postname%/" if self.pretty_permalinks else ""
        answer = self._php("seed", {
            "tagline": site.tagline, "timezone": self.timezone,
            "posts_per_page": self.posts_per_page, "theme": self.theme,
            "permalink_structure": structure,
            "authors": [{"login": a.login, "display_name": a.display_name}
                        for a in site.authors],
            "categories": list(site.categories), "tags": list(site.tags),
            "posts": self._payload(list(site.posts))})
        for post, wp in zip(site.posts, answer["posts"], strict=True):
            self._posts[wp["id"]] = (post, wp)

    def _payload(self, posts: list[Post]) -> list[dict[str, Any]]:
        """Posts for wp-tool, their image files written into the uploads first."""
        payload = []
        for post in posts:
            image = None
            if post.image is not None:
                path = self._dir / "content" / "uploads" / post.image.path
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(png(post.image.width, post.image.height, post.image.rgb))
                image = {"path": post.image.path, "caption": post.image.caption,
                         "alt": post.image.alt, "width": post.image.width,
                         "height": post.image.height}
            payload.append({
                "title": post.title, "author": post.author, "content": markup(post),
                "categories": list(post.categories), "tags": list(post.tags),
                "date": f"{post.date:%Y-%m-%d %H:%M:%S}" if post.date else None,
                "modified": f"{post.modified:%Y-%m-%d %H:%M:%S}" if post.modified else None,
                "status": post.status, "password": post.password,
                "post_type": post.post_type, "image": image})
        return payload

    def _record(self, post: Post, wp: dict[str, Any]) -> dict[str, Any]:
        self._posts[wp["id"]] = (post, wp)
        return self._truth_record(post, wp)

    def _truth_record(self, post: Post, wp: dict[str, Any]) -> dict[str, Any]:
        names = {author.login: author.display_name for author in self.site.authors}
        images = []
        if post.image is not None:
            images.append({"url": wp["attachment"]["file"], "caption": post.image.caption})
        return {
            "id": wp["id"], "url": wp["url"], "title": post.title,
            "authors": [names[post.author]],
            "published": wp["published"], "modified": wp["modified"],
            "category": post.categories[0] if post.categories else None,
            "categories": list(post.categories), "tags": list(post.tags),
            "body": "\n\n".join(post.paragraphs), "images": images}
