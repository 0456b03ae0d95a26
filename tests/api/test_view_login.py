"""A keyed server in a browser: to the login page and back, wrong keys refused without a
cookie, the cookie good for views only, HTML error pages, logout."""

from __future__ import annotations

import html
import re

import pytest

from graphmap.keys import Role
from tests.api.conftest import KEYS, make_client
from tests.fixtures import worked_bundle


@pytest.fixture
def client(sqlite_store):
    sqlite_store.import_bundle(worked_bundle())
    with make_client(sqlite_store) as c:
        yield c


def login(client, key: str, then: str = "/views/bid/BID"):
    return client.post("/views/login", data={"key": key, "next": then}, follow_redirects=False)


def test_a_view_without_a_key_sends_the_browser_to_the_login_page(client):
    response = client.get("/views/bid/BID?as_of=2026-11-22", follow_redirects=False)
    assert response.status_code == 303
    assert (
        response.headers["location"]
        == "/views/login?next=%2Fviews%2Fbid%2FBID%3Fas_of%3D2026-11-22"
    )
    page = client.get(response.headers["location"])
    assert (
        page.status_code == 200
        and 'name="next" value="/views/bid/BID?as_of=2026-11-22"' in page.text
    )


def test_a_wrong_key_is_refused_with_a_message_and_no_cookie(client):
    response = login(client, "gm_wrong")
    assert response.status_code == 401 and "not valid" in response.text
    assert "set-cookie" not in response.headers


def test_a_valid_key_sets_a_strict_httponly_cookie_and_returns_to_the_view(client):
    response = login(client, KEYS[Role.READER][0])
    assert response.status_code == 303 and response.headers["location"] == "/views/bid/BID"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    assert "secure" not in cookie  # plain http here; see the Secure test below
    assert client.get("/views/bid/BID", follow_redirects=False).status_code == 200


def test_the_cookie_is_no_key_for_the_json_api(client):
    login(client, KEYS[Role.ADMIN][0])
    client.cookies.set("graphmap_key", KEYS[Role.ADMIN][0])  # even sent everywhere
    assert client.get("/people").status_code == 401
    assert client.delete("/people/A").status_code == 401


def test_login_goes_back_only_to_views_of_this_server(client):
    for hostile in ("https://evil.example/x", "//evil.example/x", "/people"):
        response = login(client, KEYS[Role.READER][0], hostile)
        assert response.headers["location"] == "/views"


def test_a_missing_id_is_an_html_page_with_a_way_back(client):
    login(client, KEYS[Role.READER][0])
    response = client.get("/views/bid/NOPE")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "no project with id" in response.text and 'href="/views"' in response.text
    assert client.get("/views/nothing/here").status_code == 404


def test_logout_clears_the_cookie(client):
    login(client, KEYS[Role.READER][0])
    response = client.get("/views/logout", follow_redirects=False)
    assert response.headers["location"] == "/views/login"
    assert 'graphmap_key=""' in response.headers["set-cookie"] or "max-age=0" in (
        response.headers["set-cookie"].lower()
    )


def test_secure_cookies_when_configured(sqlite_store):
    with make_client(sqlite_store, secure_cookies=True) as c:
        response = c.post(
            "/views/login", data={"key": KEYS[Role.READER][0]}, follow_redirects=False
        )
        assert "secure" in response.headers["set-cookie"].lower()


def test_edits_with_the_cookie_need_the_views_csrf_token(client):
    from graphmap.api.deps import csrf_token

    editor = KEYS[Role.EDITOR][0]
    login(client, editor)
    client.cookies.set("graphmap_key", editor)  # as the browser sends it to the API
    patch = {"stance": "advocate"}
    assert client.patch("/people/A", json=patch).status_code == 401  # no token
    wrong = {"X-CSRF-Token": csrf_token("someone else's key")}
    assert client.patch("/people/A", json=patch, headers=wrong).status_code == 401
    right = {"X-CSRF-Token": csrf_token(editor)}
    response = client.patch("/people/A", json=patch, headers=right)
    assert response.status_code == 200 and response.json()["stance"] == "advocate"
    assert client.get("/people/A", headers=right).status_code == 401  # writes only


def test_a_readers_cookie_cannot_edit_even_with_the_token(client):
    from graphmap.api.deps import csrf_token

    reader = KEYS[Role.READER][0]
    login(client, reader)
    client.cookies.set("graphmap_key", reader)
    headers = {"X-CSRF-Token": csrf_token(reader)}
    assert (
        client.patch("/people/A", json={"stance": "advocate"}, headers=headers).status_code == 403
    )


def test_only_an_editor_gets_the_edit_panel(client):
    login(client, KEYS[Role.READER][0])
    assert 'id="ed-form"' not in client.get("/views/bid/BID").text
    client.get("/views/logout")
    login(client, KEYS[Role.EDITOR][0])
    page = client.get("/views/bid/BID").text
    assert 'id="ed-form"' in page and "connect-src 'self'" in page


def nav_links(page: str) -> list[str]:
    """The hrefs of the links in a graph view's header."""
    header = page[page.index("<header>") : page.index("</header>")]
    return [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', header)]


def test_a_served_view_links_on_in_its_language_and_offers_log_out(client):
    login(client, KEYS[Role.READER][0])
    page = client.get("/views/bid/BID?as_of=2026-11-22&lang=zh").text
    links = nav_links(page)
    assert "/views?lang=zh" in links and "/views/logout" in links
    assert "/projects/BID/influence?as_of=2026-11-22" in links  # JSON has no language


def test_without_keys_there_is_no_log_out(sqlite_store):
    sqlite_store.import_bundle(worked_bundle())
    with make_client(sqlite_store, auth_disabled=True) as open_client:
        links = nav_links(open_client.get("/views/bid/BID").text)
    assert "/views" in links and "/views/logout" not in links


def test_a_view_written_to_a_file_has_no_server_links(sqlite_store):
    """A file is read offline or mailed: links to a server it does not come with are dead."""
    from datetime import date

    from graphmap.config import AnalysisConfig
    from graphmap.views.pages import page_for

    sqlite_store.import_bundle(worked_bundle())
    page = page_for(sqlite_store, "bid", "BID", date(2026, 11, 22), AnalysisConfig())
    assert nav_links(page) == []
