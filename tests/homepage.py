"""Reading the home page's "Việc cần làm" and the lists its items link to, as a user sees them."""
from __future__ import annotations

from urllib.parse import urlsplit

from lxml import html as lxml_html


def _number(text: str) -> int:
    return int(text.strip().replace(".", ""))


def todo_items(html: str) -> dict[str, tuple[int, str]]:
    """{item key: (the count shown, the link)} of a home page."""
    doc = lxml_html.fromstring(html)
    return {a.get("data-todo"): (_number(a.xpath(".//*[@data-todo-count]")[0].text_content()), a.get("href"))
            for a in doc.xpath("//a[@data-todo]")}


def todo_item(html: str, key: str) -> tuple[int, str]:
    items = todo_items(html)
    assert key in items, f"no item {key!r} on the home page (it has {sorted(items)})"
    return items[key]


def listed(client, href: str) -> tuple[int, int]:
    """What the page ``href`` shows in the list its fragment names: (the total it states, the
    rows of its first page). Rows are table rows (not the "nothing found" line nor a totals
    line) or overlap pairs."""
    parts = urlsplit(href)
    resp = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert resp.status_code == 200, (href, resp.status_code)
    doc = lxml_html.fromstring(resp.content.decode())
    box = doc.get_element_by_id(parts.fragment) if parts.fragment else doc
    totals = box.xpath('.//*[@data-testid="list-total" or @data-testid="result-count"]')
    assert totals, f"{href}: the list states no total"
    rows = box.xpath('.//tbody/tr[not(td[@colspan]) and not(@data-row="total")] | .//*[@data-testid="pair"]')
    return _number(totals[0].text_content()), len(rows)
