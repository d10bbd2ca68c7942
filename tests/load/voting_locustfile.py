"""The voters of tests/load/voting.py: each signed-in voting delegate opens the vote page, waits
a moment as a person reading the question would, votes once and stops.

The runner passes the session cookies (one per voter, LOAD_VOTE_COOKIES), the ballot under way
(LOAD_VOTE_BALLOT) and a file where every vote the server accepted is written
(LOAD_VOTE_ACCEPTED): the runner compares it with the rows stored.
"""

import json
import os
import random
import re
import threading
import time

from locust import HttpUser, constant, task
from locust.exception import StopUser

with open(os.environ["LOAD_VOTE_COOKIES"], encoding="utf-8") as cookies_file:
    COOKIES = json.load(cookies_file)
BALLOT = os.environ.get("LOAD_VOTE_BALLOT", "")
ACCEPTED = os.environ["LOAD_VOTE_ACCEPTED"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VOTE_PATH = "/en/vote/"
STATE_PATH = "/en/vote/state.json"
START = time.time()
SPAWN_SECONDS = float(os.environ.get("LOAD_VOTE_SPAWN_SECONDS", "5"))
VOTE_WINDOW = 10.0
POLL_SECONDS = 2.0
CHOICES = ("yes", "no", "abstain")
_lock = threading.Lock()
_next = iter(range(len(COOKIES)))
_finished = [0]


def _done(user) -> None:
    """One voter less; the last one ends the run (no request is cut off by a time limit)."""
    with _lock:
        _finished[0] += 1
        last = _finished[0] == len(COOKIES)
    if last:
        user.environment.runner.quit()


class Voter(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        with _lock:
            self.index = next(_next, None)
        if self.index is None:
            raise StopUser()
        self.finished = False
        self.client.cookies.set("sessionid", COOKIES[self.index])

    @task
    def vote(self):
        page = self.client.get(VOTE_PATH, name="GET /en/vote/")
        token = CSRF_INPUT.search(page.text or "")
        if page.status_code != 200 or token is None:
            self._stop()
        # Every voter was spawned by then (locust spawns them over the first SPAWN_SECONDS):
        # the votes fall within the 10 s that follow. Meanwhile the page polls its state every
        # 2 s, as static/js/vote.js does.
        vote_at = START + SPAWN_SECONDS + random.uniform(0, VOTE_WINDOW)
        etag = ""
        while time.time() < vote_at:
            self._sleep(min(POLL_SECONDS, max(vote_at - time.time(), 0)))
            if time.time() >= vote_at:
                break
            with self.client.get(
                STATE_PATH,
                headers={"If-None-Match": etag} if etag else {},
                name="GET /en/vote/state.json",
                catch_response=True,
            ) as state:
                if state.status_code in (200, 304):
                    etag = state.headers.get("ETag", etag)
                    state.success()
                else:
                    state.failure(f"state: {state.status_code}")
        sent = time.time()
        with self.client.post(
            VOTE_PATH,
            data={
                "csrfmiddlewaretoken": token.group(1),
                "ballot": BALLOT,
                "choice": random.choice(CHOICES),
            },
            headers={"Referer": f"{self.host}{VOTE_PATH}"},
            name="POST /en/vote/",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code in (200, 302, 303):
                response.success()
                with _lock, open(ACCEPTED, "a", encoding="utf-8") as out:
                    out.write(f"{self.index} {sent:.3f} {time.time():.3f}\n")
            else:
                response.failure(f"vote refused: {response.status_code}")
        self._stop()

    def _stop(self):
        if not self.finished:
            self.finished = True
            _done(self)
        raise StopUser()

    def _sleep(self, seconds: float) -> None:
        import gevent

        gevent.sleep(seconds)
