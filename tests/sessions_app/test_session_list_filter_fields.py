"""The session list's filter fields are rendered once per filter values and kept per process (docs/performance.md):
each request must still show its own values, and an ignored (invalid) value must not come back from the cache."""

from __future__ import annotations

from django.test import Client
from django.utils.safestring import mark_safe

from sessions_app import views


def test_each_request_shows_its_own_filter_values(member_client: Client) -> None:
    views._FILTER_FIELDS.clear()
    first = member_client.get("/sessions/?site=Alpha-site").content.decode()
    second = member_client.get("/sessions/?site=Beta-site").content.decode()
    again = member_client.get("/sessions/?site=Alpha-site").content.decode()
    assert 'name="site" value="Alpha-site"' in first
    assert 'name="site" value="Beta-site"' in second and "Alpha-site" not in second
    assert again == first.replace(_token(first), _token(again))  # served from the cache, same page
    assert len(views._FILTER_FIELDS) == 2


def test_an_ignored_value_is_not_shown(member_client: Client) -> None:
    views._FILTER_FIELDS.clear()
    page = member_client.get("/sessions/?du=pas-une-date&salle=B12").content.decode()
    assert "pas-une-date" not in page.split('name="du"')[1].split(">")[0]
    assert 'name="salle" value="B12"' in page
    page = member_client.get("/sessions/?salle=B12").content.decode()
    assert 'name="salle" value="B12"' in page and "pas-une-date" not in page


def test_the_cache_stays_bounded(member_client: Client) -> None:
    views._FILTER_FIELDS.clear()
    for i in range(views._FILTER_FIELDS_MAX):
        views._FILTER_FIELDS[(f"salle={i}", "fr")] = mark_safe("")
    member_client.get("/sessions/?salle=nouvelle")
    assert len(views._FILTER_FIELDS) == views._FILTER_FIELDS_MAX
    assert ("salle=0", "fr") not in views._FILTER_FIELDS  # the oldest went
    assert 'value="nouvelle"' in views._FILTER_FIELDS[("salle=nouvelle", "fr")]
    views._FILTER_FIELDS.clear()


def _token(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    return page.split(marker)[1].split('"')[0] if marker in page else ""
