"""The postcode and the date of birth are used once: in no address the finder leads to, in no server log."""

import re
import time

import pytest
import requests
from django.urls import reverse

from regions.models import Postcode
from tests.servers import prepared, served

SECRET = "finder-privacy-test-" + "q7R!" * 12
# Welsh, English and Scottish (not the form's own example, NP20 4UR).
POSTCODES = {"NP10 8XG": "W06000022", "BS1 4ST": "E06000023", "EH1 1YZ": "S12000036"}


def spellings(postcode: str) -> list[str]:
    """Every way a postcode could show in a log or an address: as typed, compact, percent- or plus-encoded."""
    outward, inward = postcode.split()
    return [postcode, outward + inward, f"{outward}+{inward}", f"{outward}%20{inward}"]


def holds_a_postcode(text: str) -> list[str]:
    return [s for postcode in POSTCODES for s in spellings(postcode) if s.lower() in text.lower()]


@pytest.mark.django_db
@pytest.mark.parametrize("postcode", POSTCODES)
def test_a_postcode_search_ends_on_an_address_with_no_postcode_in_it(client, postcode):
    Postcode.objects.create(postcode=postcode, area_code=POSTCODES[postcode])
    page = client.post(reverse("services:finder"), {"postcode": postcode.lower(), "age_years": "1"}, follow=True)
    assert page.status_code == 200 and "A family in" in page.content.decode()
    addresses = [address for address, _ in page.redirect_chain]
    assert [status for _, status in page.redirect_chain] == [303]
    assert re.fullmatch(r"/services/find/(W06000022|outside-wales/[a-z-]+)/12-months/", addresses[-1])
    assert not holds_a_postcode(" ".join(addresses)), addresses
    assert not holds_a_postcode(page.content.decode()), "nor on the page it ends on"


@pytest.fixture(scope="module")
def logged_server(tmp_path_factory):
    """The portal under gunicorn on a SpatiaLite file of its own, logging every request; yields (URL, log files)."""
    folder = tmp_path_factory.mktemp("finder-log")
    rows = ", ".join(f"Postcode(postcode={p!r}, area_code={c!r})" for p, c in POSTCODES.items())
    add_postcodes = f"from regions.models import Postcode; Postcode.objects.bulk_create([{rows}])"
    env = prepared(folder, SECRET, [["migrate", "-v0"], ["load_seed", "-v0"], ["shell", "-c", add_postcodes]],
                   LOG_LEVEL="DEBUG")
    logs = {name: folder / f"{name}.log" for name in ("access", "error", "output")}
    with served(env, logs["output"], "-w", "1", "--log-level", "debug",
                "--access-logfile", str(logs["access"]), "--error-logfile", str(logs["error"])) as base:
        yield base, logs


def test_the_servers_logs_of_searches_made_through_the_form_hold_no_postcode(logged_server):
    base, logs = logged_server
    finals = []
    for postcode in POSTCODES:
        # As the browser sends the form: a POST from the finder's page, then the results fetched by GET.
        answer = requests.post(base + "/services/find/", data={"postcode": postcode, "stage": "pregnant"},
                               headers={"Referer": base + "/services/find/"}, timeout=30)
        assert answer.status_code == 200 and [r.status_code for r in answer.history] == [303]
        finals.append(answer.url.removeprefix(base))
    # A date of birth is turned into an age and goes no further either.
    born = requests.post(base + "/services/find/", timeout=30,
                         data={"authority": "W06000022", "dob_day": "14", "dob_month": "3", "dob_year": "2023"})
    assert born.status_code == 200 and "2023" not in born.url
    time.sleep(0.5)  # gunicorn writes each access line as the response ends
    access = logs["access"].read_text()
    assert access.count('"POST /services/find/ HTTP/1.1" 303') == len(POSTCODES) + 1, access
    for final in finals:  # the log holds the searches, so the check below means something
        assert f'"GET {final} HTTP/1.1" 200' in access, access
    for name, path in logs.items():
        assert not holds_a_postcode(path.read_text()), f"the {name} log holds a postcode"
        assert "2023" not in path.read_text() and "dob_" not in path.read_text(), f"the {name} log holds the birth date"
