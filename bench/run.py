"""Benchmark: every page of the app and its PDFs under gunicorn on PostgreSQL, on the demo data
and then on the large dataset at each size; the daily jobs; peak memory.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/bench7 .venv/bin/python bench/run.py \
        [--partnerships 200,2000] [--port 8107] [--keep-db] [--no-jobs]

Each size N has its own database, DATABASE_URL's name followed by _N (bench7_200, bench7_2000),
DROPPED and made again (migrate, load_demo; not with --keep-db), then filled with
`generate_large_dataset --partnerships N`. The demo's users are measured on the first database
before it is filled, then at each size with the users of a generated commune and the regional
correspondent: the same partnership and data among N others, so that each of their pages must
keep the demo's query count. For each user it logs in, discovers the pages as the browser crawl
does (one page per URL pattern, following the links from the home page, PDF links included), and
requests each one `--repeat` times (PDFs `--pdf-repeat` times), reading the SQL query count from
the X-Query-Count header (QUERY_COUNT_HEADER=1); each request is paired with one of a bare
login-required view in the same server (/tableau-de-bord/sante/). The pages are printed at the
end side by side (`print_side_by_side`): query count, median, p95 and factor over the bare view on
the demo and at each size.
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PASSWORD = "relais-demo-2021"
FLOOR = "/tableau-de-bord/sante/"
SKIP_PREFIXES = ("/admin/", "/deconnexion/", "/static/", "/media/", "/connexion/")
DEMO_USERS = ["agent", "rgc", "elu", "correspondant"]
LARGE_USERS = {"bench-agent": "agent", "bench-rgc": "rgc", "bench-elu": "elu", "bench-correspondant": "correspondant"}
REGION_USER = "bench-region"

# The targets (see README, Benchmark), at every size.
HTML_FACTOR, PDF_SECONDS = 3, 1
GUNICORN_MB, CELERY_MB, JOBS_SECONDS = 250, 300, 30


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.csrf = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.csrf = attrs.get("value")


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        started = time.perf_counter()
        try:
            response = self.opener.open(self.base + path, timeout=60)
            body, status, headers = response.read(), response.status, response.headers
        except urllib.error.HTTPError as error:
            body, status, headers = error.read(), error.code, error.headers
        return status, headers, body, time.perf_counter() - started

    def login(self, username):
        _status, _headers, body, _t = self.get("/connexion/")
        parser = Links()
        parser.feed(body.decode())
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": parser.csrf}
        ).encode()
        request = urllib.request.Request(self.base + "/connexion/", data=data, headers={"Referer": self.base + "/"})
        response = self.opener.open(request, timeout=60)
        if "/connexion/" in response.url:
            raise SystemExit(f"login failed for {username}")


def oversized_upload(base, username, megabytes):
    """Posts a statistics file larger than DIAGNOSIS_UPLOAD_MAX_BYTES: it must be refused with a
    clear message, and the worker must not read it into memory (see the VmHWM after)."""
    client = Client(base)
    client.login(username)
    _status, _headers, body, _t = client.get("/diagnostic/depot/")
    parser = Links()
    parser.feed(body.decode())
    boundary = "benchboundary7"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{parser.csrf}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="chiffres.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    line = b"2026;3;482;294;86;102;71;118;251;193;64;10420;412\r\n"
    data = head + line * (megabytes * 1024 * 1024 // len(line)) + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        base + "/diagnostic/depot/",
        data=data,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": base + "/diagnostic/depot/"},
    )
    started = time.perf_counter()
    try:
        response = client.opener.open(request, timeout=60)
        status, text = response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode(errors="replace")
    elapsed = time.perf_counter() - started
    messages = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', text, re.S)
    message = " ".join(m.strip() for m in messages if m.strip())[:200]
    return status, elapsed, message


def route_of(path):
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace + ':' if match.namespace else ''}{match.url_name}"


def discover(client, max_pages=80):
    """One URL per URL pattern reachable from the home page (links with a query string are
    kept only for PDFs and when their pattern has no plain link)."""
    seen, queue, pages = set(), ["/"], []
    while queue and len(pages) < max_pages:
        url = queue.pop(0)
        path = urllib.parse.urlparse(url).path
        route = route_of(path)
        if route is None or route in seen:
            continue
        status, headers, body, _t = client.get(url)
        if status >= 400:
            continue
        seen.add(route)
        kind = kind_of(headers.get("Content-Type") or "")
        pages.append((route, url, kind))
        if kind == "html":
            parser = Links()
            parser.feed(body.decode(errors="replace"))
            plain = [h for h in parser.hrefs if "?" not in h]
            queried = [h for h in parser.hrefs if "?" in h]
            for href in plain + queried:
                target = urllib.parse.urlparse(urllib.parse.urljoin(client.base + url, href))
                if target.netloc != urllib.parse.urlparse(client.base).netloc:
                    continue
                if target.path.startswith(SKIP_PREFIXES) or target.path.endswith(".ics"):
                    continue
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


def kind_of(content_type):
    """The kind of a response: html for a page, pdf, or file for any other download (CSV, spreadsheet, JSON…)."""
    if "text/html" in content_type:
        return "html"
    return "pdf" if "application/pdf" in content_type else "file"


def _summary(times):
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def measure(client, url, repeat, floor_url=FLOOR):
    """Latencies and query count of `url`. Each request is paired with one of the bare view, so
    that the ratio holds even when the machine's load changes during the run."""
    times, floors, counts, statuses = [], [], [], set()
    _status, _headers, _body, first = client.get(url)  # warm-up (templates, imports)
    if first > 3:
        repeat = min(repeat, 3)  # a very slow page: a few samples tell enough
    for _n in range(repeat):
        status, headers, _body, elapsed = client.get(url)
        statuses.add(status)
        times.append(elapsed)
        counts.append(int(headers.get("X-Query-Count") or -1))
        if floor_url:
            floors.append(client.get(floor_url)[3])
    median, p95 = _summary(times)
    result = {"median": median, "p95": p95, "queries": max(counts), "status": max(statuses)}
    if floors:
        result["floor"] = statistics.median(floors)
    return result


def crawl(base, username, repeat, pdf_repeat):
    """{route: (kind, result)} of every page `username` reaches."""
    client = Client(base)
    client.login(username)
    return {
        route: (kind, measure(client, url, pdf_repeat if kind == "pdf" else repeat))
        for route, url, kind in discover(client)
    }


def verdict(kind, r):
    """(×floor, target met) of one page: the HTML page's median over the bare view's (requested
    between its samples), a PDF's or another download's median and p95 in seconds."""
    ratio = r["median"] / r["floor"]
    if kind != "html":
        return ratio, r["median"] < PDF_SECONDS and r["p95"] < PDF_SECONDS
    return ratio, ratio <= HTML_FACTOR


def worker_memory(master_pid):
    from bench.jobs import peak_memory_mb

    result = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            result[status.parent.name] = peak_memory_mb(status.parent.name)
    return result


def start_server(env, port, workers):
    # The production settings (config/gunicorn.py) but for the recycling of workers: the peak
    # memory read at the end must be that of workers that served the whole crawl.
    command = [GUNICORN, "-c", "config/gunicorn.py", "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "--max-requests", "0", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _n in range(100):
        try:
            urllib.request.urlopen(base + "/connexion/", timeout=2)
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def manage(env, *args):
    started = time.perf_counter()
    output = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return output.stdout, time.perf_counter() - started


def recreate(env):
    """Drops the database of env's DATABASE_URL, makes it again, migrates, makes the cache table and loads the demo."""
    url = env["DATABASE_URL"]
    name = urllib.parse.urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(
        [PYTHON, "-c", f"import psycopg2; c = psycopg2.connect({admin!r}); c.autocommit = True; cur = c.cursor(); "
         f"cur.execute('DROP DATABASE IF EXISTS {name}'); cur.execute('CREATE DATABASE {name}')"],
        check=True,
    )  # fmt: skip
    _out, seconds = manage(env, "migrate", "-v0")
    print(f"{name}: migrate {seconds:.1f} s", end="")
    manage(env, "createcachetable")  # the cache without Redis (the API's rate limits count in it)
    _out, seconds = manage(env, "load_demo")
    print(f", load_demo {seconds:.1f} s")


def measure_phase(env, args, label, users, upload=False):
    """{username: {route: (kind, result)}} of each user's pages under a gunicorn on env's database."""
    server, base = start_server(env, args.port, args.workers)
    try:
        client = Client(base)
        client.login("elu")
        floor = measure(client, FLOOR, max(30, args.repeat * 3), floor_url=None)
        print(f"\n# {label} — bare view {FLOOR}: median {1000 * floor['median']:.1f} ms, "
              f"p95 {1000 * floor['p95']:.1f} ms, {floor['queries']} queries", flush=True)  # fmt: skip
        pages = {}
        for username in users:
            started = time.perf_counter()
            pages[username] = crawl(base, username, args.repeat, args.pdf_repeat)
            print(f"  {username}: {len(pages[username])} pages in {time.perf_counter() - started:.0f} s", flush=True)
        if upload:
            status, elapsed, message = oversized_upload(base, "bench-agent", 12)
            print(f"  upload of a 12 MB statistics file: HTTP {status} in {1000 * elapsed:.0f} ms — {message!r}")
        memory = worker_memory(server.pid)
        print("  gunicorn workers peak memory (VmHWM): "
              + ", ".join(f"pid {pid}: {mb:.0f} MB" for pid, mb in sorted(memory.items()))
              + f" (target < {GUNICORN_MB} MB)")  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return pages


def run_jobs(env, size):
    print(f"\n## Daily jobs at {size} partnerships (first run catches up; the second is the next day's)")
    for label in ("first run", "second run"):
        print(f"\n### {label}")
        started = time.perf_counter()
        output = subprocess.run([PYTHON, "bench/jobs.py"], cwd=ROOT, env=env, capture_output=True, text=True)
        print("\n".join(line for line in output.stdout.splitlines() if not line.startswith("Task ")))
        if output.returncode:
            print(output.stderr[-3000:])
        print(f"(process wall time {time.perf_counter() - started:.1f} s; targets: jobs < {JOBS_SECONDS} s, "
              f"worker < {CELERY_MB} MB)")  # fmt: skip


def _cells(columns, user, route, reference=None):
    """The cells of one page at each column (query count, median, p95, ×) and its notes: MISS@
    where a target is missed, Δq@ where the query count differs from `reference`'s."""
    cells, notes, misses, different = "", [], [], []
    for name, pages in columns:
        if route not in pages.get(user, {}):
            cells += f" │ {'–':>6} {'':>6} {'':>6} {'':>5}"
            continue
        kind, r = pages[user][route]
        ratio, ok = verdict(kind, r)
        cells += f" │ {r['queries']:>6} {1000 * r['median']:6.0f} {1000 * r['p95']:6.0f} {ratio:5.1f}"
        if not ok:
            notes.append(f"MISS@{name}")
            misses.append(f"{user}:{route}@{name}")
        if reference is not None and r["queries"] != reference:
            notes.append(f"Δq@{name} {r['queries'] - reference:+d}")
            different.append(f"{user}:{route}@{name}")
    return cells, notes, misses, different


def _header(names):
    return f"{'user':<19} {'page':<34} {'kind':<4}" + "".join(
        f" │ {f'q {name}':>6} {'ms':>6} {'p95':>6} {'×':>5}" for name in names
    )


def print_side_by_side(demo, large, sizes):
    """One line per user and page, in two tables. The demo's users, on the demo and then at each
    size (the same partnership and data among N others): their query counts must be the demo's.
    The generated commune's users and the region's correspondent at each size, whose counts must
    not move from one size to the next (their data are not the demo's: the demo's count for the
    same role and page is given beside, for reference)."""
    print(f"\n(×: the page's median over that of the bare view requested between its samples; targets: HTML "
          f"≤ {HTML_FACTOR}×, PDFs' and other downloads' median and p95 < {PDF_SECONDS} s)")  # fmt: skip
    misses, different, moved, unlike = [], [], [], []
    print("\n## The demo's users on the demo, then at each size (query counts: the demo's)")
    columns = [("demo", demo), *((size, large[size]) for size in sizes)]
    print(_header(name for name, _pages in columns) + "  verdict")
    for user in DEMO_USERS:
        for route in sorted(set().union(*(pages.get(user, {}) for _name, pages in columns))):
            first = next(pages[user][route] for _name, pages in columns if route in pages.get(user, {}))
            _kind, reference = demo.get(user, {}).get(route, (None, None))
            cells, notes, missed, differ = _cells(columns, user, route, reference and reference["queries"])
            misses += missed
            different += differ
            print(f"{user:<19} {route:<34} {first[0]:<4}{cells}  {' '.join(notes)}")
    print("\n## A generated commune's users and the regional correspondent (query counts: the same at each size)")
    columns = [(size, large[size]) for size in sizes]
    print(_header(name for name, _pages in columns) + f" │ {'q demo':>6}  verdict")
    for user in [*LARGE_USERS, REGION_USER]:
        for route in sorted(set().union(*(pages.get(user, {}) for _name, pages in columns))):
            first = next(pages[user][route] for _name, pages in columns if route in pages.get(user, {}))
            cells, notes, missed, differ = _cells(columns, user, route, first[1]["queries"])
            misses += missed
            moved += differ
            _kind, same_role = demo.get(LARGE_USERS.get(user), {}).get(route, (None, None))
            if same_role and same_role["queries"] != first[1]["queries"]:
                unlike.append(f"{user}:{route} {first[1]['queries'] - same_role['queries']:+d}")
            print(f"{user:<19} {route:<34} {first[0]:<4}{cells} │ {same_role['queries'] if same_role else '–':>6}  "
                  f"{' '.join(notes)}")  # fmt: skip
    print(f"\npages missing a target: {len(misses)}: {', '.join(misses) or 'none'}")
    print(f"the demo's pages whose query count at a size differs from the demo's: {', '.join(different) or 'none'}")
    print(f"a generated commune's pages whose query count moves from a size to the next: {', '.join(moved) or 'none'}")
    print("a generated commune's pages whose query count differs from the demo's for the same role (other data: "
          f"fewer kinds of records): {', '.join(unlike) or 'none'}")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--partnerships", default="200,2000", help="sizes of the generated dataset, comma-separated (200,2000)"
    )
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--pdf-repeat", type=int, default=4)
    parser.add_argument("--keep-db", action="store_true", help="keep the databases (and a dataset already there)")
    parser.add_argument("--no-jobs", action="store_true", help="do not time the daily jobs")
    args = parser.parse_args()
    try:
        sizes = [int(size) for size in args.partnerships.split(",")]
    except ValueError:
        parser.error("--partnerships: sizes separated by commas, e.g. 200,2000")

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database name whose _<size> databases may be dropped.")
    env = {
        **os.environ,
        "QUERY_COUNT_HEADER": "1",
        "DEBUG": "false",
        # The settings refuse the public development key when DEBUG is off.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "EMAIL_URL": "dummymail://",
        "AXES_FAILURE_LIMIT": "1000",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update({k: v for k, v in env.items() if k != "DATABASE_URL"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    demo, large = None, {}
    for size in sizes:
        size_env = {**env, "DATABASE_URL": f"{url}_{size}"}
        if not args.keep_db:
            recreate(size_env)
        if demo is None:
            demo = measure_phase(size_env, args, "demo data", DEMO_USERS)
        out, seconds = manage(size_env, "generate_large_dataset", "--partnerships", str(size))
        print(f"\ngenerate_large_dataset --partnerships {size}: {seconds:.1f} s (wall, process included)")
        print(out.rstrip())
        users = [*DEMO_USERS, *LARGE_USERS, REGION_USER]
        large[size] = measure_phase(size_env, args, f"{size} partnerships", users, upload=True)
        if not args.no_jobs:
            run_jobs(size_env, size)
    print_side_by_side(demo, large, sizes)


if __name__ == "__main__":
    main()
