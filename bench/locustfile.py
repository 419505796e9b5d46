"""The load: signed-in clients using the web app and the API (run by ``bench/run.py``).

``bench/run.py`` signs each client in through the login page (its own session cookie, for
pages) and gets an API token before the load starts, since each sign-in costs a deliberately
slow password hash. Requests carry ``X-Forwarded-Proto: https`` as the TLS-terminating proxy
in front of the app would, so the app runs with its production settings (secure cookies, SSL
redirect); cookies go in a header by hand because a ``Secure`` cookie is, rightly, never sent
by a client over plain http.

BENCH_FIXTURES names the JSON written by ``bench/prepare.py``; BENCH_SESSIONS the sessions and
token; BENCH_SMOKE=1 makes every client walk through every endpoint in turn (so a run of a
few seconds covers them all) instead of picking by weight; BENCH_THINK is each client's
mean pause between requests in seconds (0: back to back); BENCH_RUN which load run this is
(0 warm-up, 1 paced, 2 saturation), so each run posts to commitments of its own."""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, between, constant, task

FIXTURES = json.loads(Path(os.environ["BENCH_FIXTURES"]).read_text(encoding="utf-8"))
SESSIONS = json.loads(Path(os.environ["BENCH_SESSIONS"]).read_text(encoding="utf-8"))
SMOKE = os.environ.get("BENCH_SMOKE") == "1"
THINK = float(os.environ.get("BENCH_THINK", "0"))
RUN = int(os.environ.get("BENCH_RUN", "0"))
PROXY = {"X-Forwarded-Proto": "https"}

# Endpoint name (as reported) and its share of the traffic.
WEIGHTS = {
    "dashboard": 10,
    "commitment list": 12,
    "commitment list (filtered)": 10,
    "commitment page": 20,
    "meeting page": 10,
    "briefing": 5,
    "CSV export": 1,
    "API list": 12,
    "API update post": 6,
    "healthz": 5,
}
ENDPOINTS = list(WEIGHTS)
_client_numbers = itertools.count()


class Client(FastHttpUser):
    # A person's pace: a pause of half to one and a half times the mean between requests.
    wait_time = between(THINK * 0.5, THINK * 1.5) if THINK else constant(0)
    # One connection per client, like a browser tab or a script.
    concurrency = 1

    def on_start(self) -> None:
        self.number = next(_client_numbers)
        self.rng = random.Random(self.number)
        # Commitments of this client's own in this run (see bench/prepare.py).
        pools = FIXTURES["pools"]
        offset = RUN * FIXTURES.get("pools_per_run", len(pools))
        pool = pools[(offset + self.number) % len(pools)]
        self.pool = {int(pk): version for pk, version in pool.items()}
        # Smoke: clients start the round at different endpoints, so a few seconds cover all.
        start = (self.number * 3) % len(ENDPOINTS)
        self.cycle = itertools.cycle(ENDPOINTS[start:] + ENDPOINTS[:start])
        # Signed in by bench/run.py before the load: its own session, and the API token.
        cookies = SESSIONS["sessions"][self.number % len(SESSIONS["sessions"])]
        self.web = {**PROXY, "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        self.api = {**PROXY, "Authorization": f"Token {SESSIONS['token']}"}

    # The load ----------------------------------------------------------------------------

    @task
    def next_request(self) -> None:
        if SMOKE:
            name = next(self.cycle)
        else:
            name = self.rng.choices(ENDPOINTS, weights=list(WEIGHTS.values()))[0]
        getattr(self, "_" + re.sub(r"\W+", "_", name).strip("_").lower())(name)

    def _page(self, path: str, name: str) -> None:
        with self.client.get(
            path,
            headers=self.web,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    def _dashboard(self, name: str) -> None:
        self._page("/", name)

    def _commitment_list(self, name: str) -> None:
        self._page(f"/commitments/?page={self.rng.randint(1, FIXTURES['pages'])}", name)

    def _commitment_list_filtered(self, name: str) -> None:
        self._page("/commitments/?" + self.rng.choice(FIXTURES["filtered"]), name)

    def _commitment_page(self, name: str) -> None:
        self._page(f"/commitments/{self.rng.choice(FIXTURES['commitments'])}/", name)

    def _meeting_page(self, name: str) -> None:
        self._page(f"/meetings/{self.rng.choice(FIXTURES['meetings'])}/", name)

    def _briefing(self, name: str) -> None:
        self._page(f"/counterparts/{self.rng.choice(FIXTURES['counterparts'])}/briefing/", name)

    def _csv_export(self, name: str) -> None:
        self._page("/commitments/export.csv?" + FIXTURES["csv"]["query"], name)

    def _healthz(self, name: str) -> None:
        with self.client.get("/healthz", headers=PROXY, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    def _api_list(self, name: str) -> None:
        with self.client.get(
            f"/api/v1/commitments/?page={self.rng.randint(1, FIXTURES['pages'])}",
            headers=self.api,
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    def _api_update_post(self, name: str) -> None:
        pk = self.rng.choice(list(self.pool))
        with self.client.post(
            f"/api/v1/commitments/{pk}/updates/",
            json={"version": self.pool[pk], "note": "Raised again at working level (bench)."},
            headers=self.api,
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                self.pool[pk] += 1
            else:
                response.failure(f"HTTP {response.status_code}: {(response.text or '')[:120]}")
