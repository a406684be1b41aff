import json

import pytest
from django.test import Client

from tests.conftest import PASSWORD

BASE = "/api/v1"


class ApiClient:
    """A django test Client speaking JSON with a bearer token obtained from the real endpoint."""

    def __init__(self, token=None):
        self.client = Client()
        self.token = token

    @classmethod
    def login(cls, username, password=PASSWORD):
        resp = Client().post(f"{BASE}/auth/token", {"username": username, "password": password},
                             content_type="application/json")
        assert resp.status_code == 200, resp.content
        return cls(resp.json()["token"])

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path, params=None):
        return self.client.get(BASE + path, params or {}, **self._headers())

    def send(self, method, path, body=None):
        return getattr(self.client, method)(BASE + path, json.dumps(body if body is not None else {}),
                                            content_type="application/json", **self._headers())

    def post(self, path, body=None):
        return self.send("post", path, body)

    def patch(self, path, body=None):
        return self.send("patch", path, body)


@pytest.fixture
def api_as(cast):
    """``api_as("staff_a")`` → an ApiClient holding a token of that cast member."""
    cache = {}

    def make(username):
        if username not in cache:
            cache[username] = ApiClient.login(username)
        return cache[username]

    return make
