"""The portal as `make run`'s embedded database serves it: several gunicorn workers sharing one SpatiaLite file.

Limits must count every worker's requests, and stewards saving at the same moment
must both succeed or be asked to save again, never see a server error. These
tests start a real server on a database file of their own, whatever database
the rest of the suite uses: what they check is how processes share the embedded one.
"""

import concurrent.futures
import re
import time
import zlib

import pytest
import requests

from tests.servers import prepared, served

PASSWORD = "a long test password 1"
SECRET = "deployment-test-" + "k3Y!" * 12


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """A seeded SpatiaLite file served by three gunicorn workers; yields its base URL."""
    folder = tmp_path_factory.mktemp("deployment")
    env = prepared(folder, SECRET, [["migrate", "-v0"], ["load_seed", "-v0"],
                                    ["createsuperuser", "--noinput", "--username", "alice", "--email", "a@example.org"],
                                    ["createsuperuser", "--noinput", "--username", "bob", "--email", "b@example.org"]],
                   FINDER_RATE_LIMIT="60/minute", SIGN_IN_ADDRESS_LIMIT="20/hour",
                   DJANGO_SUPERUSER_PASSWORD=PASSWORD, TWO_FACTOR_REQUIRED="false")
    log = folder / "gunicorn.log"
    with served(env, log, "-w", "3", "--log-level", "warning") as base:
        yield base
    output = log.read_text()
    assert "Traceback" not in output, output


def clear_of_the_window_turning(period: int, needed: int) -> None:
    """Wait, if need be, until the limit's count has ``needed`` seconds before it starts again.

    django-ratelimit counts in fixed windows of ``period`` seconds, and each address's
    window turns at a second of its own (the address's CRC-32 modulo the period; the
    test client is 127.0.0.1). A run of requests that straddles the turn is counted
    in two windows, and then none of them passes the limit.
    """
    now = time.time()
    turns = now - now % period + zlib.crc32(b"127.0.0.1") % period
    left = turns - now if turns >= int(now) else turns + period - now
    if left < needed:
        time.sleep(left + 1)


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(base + "/admin/login/?next=/admin/", allow_redirects=False,
                            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302, response.text[:500]
    return session


def change_form(session: requests.Session, url: str) -> dict:
    """The change page's form fields as the browser would send them back."""
    page = session.get(url).text
    data = {}
    for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("submit", "checkbox", "file")):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', page, re.S):
        data[name] = text
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen if name in ("areas", "interventions", "disciplines") else (chosen[0] if chosen else "")
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', page):
        data[name] = "on"
    return data


def service_url(base: str, session: requests.Session, name: str) -> str:
    listing = session.get(base + "/admin/services/service/", params={"q": name}).text
    return base + re.search(r'href="(/admin/services/service/\d+/change/)', listing).group(1)


def test_the_finder_limit_counts_every_workers_searches_together(portal):
    url = portal + "/services/find/"
    clear_of_the_window_turning(60, needed=20)
    params = [{"authority": "W06000022", "stage": "born", "age_months": str(n % 24)} for n in range(250)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(
            lambda p: requests.post(url, data=p, allow_redirects=False, timeout=30).status_code, params))
    assert statuses.count(303) == 60, f"{statuses.count(303)} searches passed a limit of 60 a minute"
    assert statuses.count(429) == 190


@pytest.mark.parametrize("attempt", range(3))
def test_two_stewards_saving_at_the_same_moment_never_see_a_server_error(portal, attempt):
    alice, bob = signed_in(portal, "alice"), signed_in(portal, "bob")
    same = service_url(portal, alice, "Gwent Parent Infant")
    other = service_url(portal, bob, "Cardiff Parents Plus")
    jobs = [(alice, same, {"summary_en": f"Alice {attempt}"}), (bob, same, {"summary_cy": f"Bob {attempt}"}),
            (alice, other, {"summary_en": f"Alice again {attempt}"})]
    forms = [(session, url, change_form(session, url) | change) for session, url, change in jobs]

    def save(job):
        session, url, data = job
        return session.post(url, data=data, allow_redirects=False, timeout=60)

    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(save, forms))

    statuses = [a.status_code for a in answers]
    assert 500 not in statuses, [a.text[:300] for a in answers]
    # Two saves of the same record from forms opened together: one is saved, the other is asked to check and save again.
    assert sorted(statuses[:2]) == [200, 302]
    refused = answers[statuses.index(200)]
    assert "after you opened this page" in refused.text
    assert statuses[2] == 302, "a save of another record goes through"


# Last: it leaves this address locked out of signing in.
def test_failed_sign_ins_are_counted_across_workers_and_user_names(portal):
    session = requests.Session()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(portal + "/admin/login/").text)[1]
    clear_of_the_window_turning(3600, needed=60)
    statuses = [session.post(portal + "/admin/login/", allow_redirects=False,
                             data={"username": f"guess{n % 21}", "password": "wrong",
                                   "csrfmiddlewaretoken": token}).status_code for n in range(24)]
    assert statuses[:20] == [200] * 20 and set(statuses[20:]) == {429}
