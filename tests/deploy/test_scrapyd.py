"""Deploy the project egg to a real Scrapyd with basic auth, run the demo crawl there.

Scrapyd runs from a temporary directory with its own scrapyd.conf; the project is copied
to another one (scrapyd-deploy builds in the project directory: build/, *.egg-info/) and
deployed with the ``auth`` target of the project's own scrapy.cfg, credentials from the
environment. The job must run from the egg alone: no PYTHONPATH to this checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from newscrawl.demo.server import DemoServer

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
USER, PASSWORD = "crawler", "s3cret-pass"
PROJECT_FILES = ("scrapy.cfg", "setup.py")


class PortTaken(RuntimeError):
    """Another process bound the port between its pick and Scrapyd's start."""


def free_port() -> int:
    # Scrapyd takes http_port = 0 for "no HTTP service", so it cannot bind port 0 and say
    # which port it got: a free port is picked here, and picked again if it was taken.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any path back to this checkout (or a stray Scrapy project)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT")
           and not key.startswith("SCRAPYD_")}
    return {**env, **extra}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the deployable project: scrapy.cfg, setup.py and the package."""
    target = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "newscrawl", target / "newscrawl",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


class Scrapyd:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"  # as in scrapy.cfg: no trailing slash
        (workdir / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            f"bind_address = 127.0.0.1\nhttp_port = {self.port}\n"
            f"username = {USER}\npassword = {PASSWORD}\n"
            "poll_interval = 1.0\nmax_proc = 2\n"
            "eggs_dir = eggs\nlogs_dir = logs\nitems_dir = items\ndbs_dir = dbs\n"
        )
        self.log = (workdir / "scrapyd.out").open("wb")
        # HOME points here too: no ~/.scrapyd.conf of whoever runs the tests.
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scrapyd"], cwd=workdir,
            env=clean_env(HOME=str(workdir)), stdout=self.log, stderr=subprocess.STDOUT,
        )

    def api(self, method: str, name: str, auth: bool = True, **kwargs: Any) -> requests.Response:
        return requests.request(method, f"{self.url}/{name}", timeout=10,
                                auth=(USER, PASSWORD) if auth else None, **kwargs)

    def wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                output = self.output()
                if "CannotListenError" in output or "Address already in use" in output:
                    raise PortTaken(output[-500:])
                raise RuntimeError(f"scrapyd exited: {output[-2000:]}")
            try:
                if self.api("GET", "daemonstatus.json").ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError("scrapyd did not start")

    def output(self) -> str:
        return (self.workdir / "scrapyd.out").read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            # Cancel what still runs (a failed test), so no crawl outlives Scrapyd.
            try:
                jobs = self.api("GET", "listjobs.json", params={"project": "newscrawl"}).json()
                for job in jobs.get("running", []) + jobs.get("pending", []):
                    self.api("POST", "cancel.json", data={"project": "newscrawl",
                                                          "job": job["id"]})
            except (requests.RequestException, ValueError):
                pass
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    for _attempt in range(5):
        server = Scrapyd(tmp_path_factory.mktemp("scrapyd"))
        try:
            server.wait_until_up()
            break
        except PortTaken:
            server.stop()
    else:
        raise RuntimeError("no free port for scrapyd after 5 attempts")
    try:
        yield server
    finally:
        server.stop()


def deploy(project: Path, url: str, username: str | None, password: str | None,
           version: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(SCRAPYD_URL=url)
    if username is not None:
        env["SCRAPYD_USERNAME"] = username
    if password is not None:
        env["SCRAPYD_PASSWORD"] = password
    return subprocess.run([str(BIN / "scrapyd-deploy"), "auth", "--version", version],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)


def test_scrapyd_refuses_requests_without_credentials(scrapyd, project):
    assert scrapyd.api("GET", "daemonstatus.json", auth=False).status_code == 401
    assert scrapyd.api("GET", "listprojects.json", auth=False).status_code == 401
    wrong = requests.get(f"{scrapyd.url}/daemonstatus.json", auth=(USER, "wrong"), timeout=10)
    assert wrong.status_code == 401
    result = deploy(project, scrapyd.url, None, None, version="r0")
    assert result.returncode != 0
    assert "401" in result.stderr
    assert "newscrawl" not in scrapyd.api("GET", "listprojects.json").json()["projects"]


def test_egg_contains_every_module_and_data_file(project, tmp_path):
    egg = tmp_path / "newscrawl.egg"
    result = subprocess.run([str(BIN / "scrapyd-deploy"), "--build-egg", str(egg)],
                            cwd=project, env=clean_env(), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    names = set(zipfile.ZipFile(egg).namelist())
    package = ROOT / "newscrawl"
    expected = {
        f"newscrawl/{path.relative_to(package).as_posix()}"
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    # Data files (the demo site's content, …) included: scrapyd-deploy's own setup.py drops them.
    assert expected - names == set(), "files missing from the egg"
    entry_points = zipfile.ZipFile(egg).read("EGG-INFO/entry_points.txt").decode()
    assert "settings = newscrawl.settings" in entry_points


def test_deploy_schedule_and_collect_the_demo_crawl(scrapyd, project, demo_url):
    result = deploy(project, scrapyd.url, USER, PASSWORD, version="r1")
    assert result.returncode == 0, result.stderr + result.stdout
    answer = json.loads(result.stdout)
    assert answer["status"] == "ok" and answer["spiders"] >= 1

    spiders = scrapyd.api("GET", "listspiders.json", params={"project": "newscrawl"}).json()
    assert "news" in spiders["spiders"]
    # Scheduled the way the README says, through the same scrapy.cfg target.
    scheduled = subprocess.run(
        [str(BIN / "scrapyd-client"), "schedule", "-t", "auth", "-p", "newscrawl", "news",
         "--arg", "site=demo", "--arg", f"start_url={demo_url}/"],
        cwd=project, env=clean_env(SCRAPYD_URL=scrapyd.url, SCRAPYD_USERNAME=USER,
                                   SCRAPYD_PASSWORD=PASSWORD),
        capture_output=True, text=True, timeout=60,
    )
    assert scheduled.returncode == 0, scheduled.stdout + scheduled.stderr
    job = scheduled.stdout.strip().rsplit("=> ", 1)[-1]  # "newscrawl / news => <job>"

    deadline = time.monotonic() + 150
    while True:
        jobs = scrapyd.api("GET", "listjobs.json", params={"project": "newscrawl"}).json()
        finished = {entry["id"]: entry for entry in jobs["finished"]}
        if job in finished:
            break
        assert time.monotonic() < deadline, f"job still not finished: {jobs}"
        time.sleep(0.5)

    log = (scrapyd.workdir / "logs" / "newscrawl" / "news" / f"{job}.log").read_text()
    assert "Spider closed (finished)" in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    items_path = scrapyd.workdir / "items" / "newscrawl" / "news" / f"{job}.jl"
    urls = [json.loads(line)["url"] for line in items_path.read_text().splitlines()]
    truth = subprocess.run(
        [sys.executable, "-m", "newscrawl.demo", "truth", "--articles", "240",
         "--base-url", demo_url], check=True, capture_output=True, text=True, cwd=ROOT,
    ).stdout
    expected = {json.loads(line)["url"] for line in truth.splitlines() if line.strip()}
    assert len(urls) == len(set(urls))
    assert set(urls) == expected


def test_a_bad_argument_is_named_in_the_jobs_log(scrapyd, project):
    result = deploy(project, scrapyd.url, USER, PASSWORD, version="r2")
    assert result.returncode == 0, result.stderr + result.stdout
    job = scrapyd.api("POST", "schedule.json", data={
        "project": "newscrawl", "spider": "news", "start_url": "http://../"}).json()["jobid"]
    # Scrapyd keeps the runner's stderr in its own output; the user reads the job's log.
    log = wait_for_job(scrapyd, job, timeout=120)
    assert "newscrawl: bad argument start_url='http://../'" in log, log[-3000:]


def test_a_crawl_of_several_sites_runs_as_one_job(scrapyd, project, demo_url, tmp_path):
    result = deploy(project, scrapyd.url, USER, PASSWORD, version="r3")
    assert result.returncode == 0, result.stderr + result.stdout
    with DemoServer(n_articles=12, theme="block", host="127.0.0.2") as other:
        # A state and store of its own: the demo site was crawled by the job before.
        job = scrapyd.api("POST", "schedule.json", data={
            "project": "newscrawl", "spider": "news",
            "sites": f"demo {demo_url}/,{other.base_url}/",
            "setting": [f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}",
                        f"NEWSCRAWL_STORE_PATH={tmp_path / 'store.sqlite3'}"]}).json()["jobid"]
        log = wait_for_job(scrapyd, job, timeout=240)
    assert log.count("Spider closed (finished)") == 2, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    items_path = scrapyd.workdir / "items" / "newscrawl" / "news" / f"{job}.jl"
    items = [json.loads(line) for line in items_path.read_text().splitlines()]
    by_site: dict[str, list[str]] = {}
    for item in items:
        by_site.setdefault(item["site"], []).append(item["url"])
    other_site = urlsplit(other.base_url).netloc
    assert sorted(by_site) == sorted(["demo", other_site])
    assert len(by_site["demo"]) == len(set(by_site["demo"])) == 240
    assert len(by_site[other_site]) == len(set(by_site[other_site])) == 12


def wait_for_job(scrapyd: Scrapyd, job: str, timeout: float) -> str:
    """The job's log once Scrapyd lists it as finished."""
    deadline = time.monotonic() + timeout
    while True:
        jobs = scrapyd.api("GET", "listjobs.json", params={"project": "newscrawl"}).json()
        if job in {entry["id"] for entry in jobs["finished"]}:
            break
        assert time.monotonic() < deadline, f"job still not finished: {jobs}"
        time.sleep(0.5)
    return (scrapyd.workdir / "logs" / "newscrawl" / "news" / f"{job}.log").read_text()
