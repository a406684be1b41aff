"""The home page: "Việc cần làm" per role first, each item a count and a link to the page that
lists exactly those records — the count on the home page is the number of rows there — and a
constant number of queries whatever the amount of data."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cds.accounts.models import Role, User
from cds.core import todo
from cds.overlap.views import CLUSTERS_PER_PAGE
from cds.projects import services as project_services
from cds.projects.models import Stage
from tests.conftest import login
from tests.directives.conftest import make_directive, make_task
from tests.factories import make_project, source
from tests.homepage import listed, todo_items

TODAY = dt.date.today()

# What each role of the cast finds on its home page.
EXPECTED = {
    "staff_a": {"appraisal.supplement", "appraisal.returned", "appraisal.opinions", "reviews.to_fill",
                "reviews.returned", "directives.overdue", "directives.due_soon", "estimates.drafting",
                "estimates.adjust", "systems.to_complete", "plans.to_complete", "procurement.no_contract",
                "library.returned"},
    "head_a": {"appraisal.draft", "appraisal.returned", "appraisal.opinions", "reviews.to_submit",
               "directives.overdue", "directives.due_soon", "estimates.drafting", "estimates.adjust",
               "systems.to_attest", "plans.to_submit", "procurement.to_confirm", "library.returned"},
    "appraiser": {"appraisal.in_appraisal", "appraisal.overdue", "appraisal.late_opinions", "reviews.to_assess",
                  "overlap.pending", "reviews.ineffective", "directives.tree_overdue", "directives.reassign",
                  "projects.behind", "estimates.to_check", "systems.findings", "plans.to_score",
                  "plans.draft_plan", "procurement.to_confirm", "surveys.bottlenecks_unanswered",
                  "rankings.alerts_mine", "library.to_check"},
    "supervisor": {"appraisal.concluded", "directives.late_units", "projects.behind", "estimates.to_check"},
    "leader": {"appraisal.countersigned", "reviews.to_decide", "directives.extension", "reviews.ineffective",
               "directives.tree_overdue", "directives.late_units", "projects.behind", "plans.to_approve",
               "rankings.alerts_open", "public.to_approve"},
    "inspector": {"audit.changes", "audit.exports", "directives.late_units"},
    "admin": {"overlap.pending", "directives.reassign"},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_finds_its_work_first(cast, who):
    html = login(getattr(cast, who)).get("/").content.decode()
    assert set(todo_items(html)) == EXPECTED[who]
    assert html.index("Việc cần làm") < html.index("Tổng quan danh mục") < html.index('id="chart-states"')


def test_every_item_is_for_a_known_role_and_links_to_a_page():
    roles = set(Role.values)
    for item in todo.registered():
        assert item.roles and item.roles <= roles, item.key
        assert item.url(TODAY).startswith("/"), item.key


def ledger(actor, project, stage, amount, year=TODAY.year):
    project_services.record_budget_entry(actor, project, {
        "year": year, "stage": stage, "amount": amount, "funding_source": source(),
        "decision_number": "12/QĐ-UBND", "decision_date": dt.date(year, 1, 1)})


def test_counts_on_the_home_page_are_the_rows_of_the_linked_pages_cast(cast, units, projects):
    """A small province: a directive whose overdue task Sở Y tế only coordinates (the old home page
    counted it as Sở Y tế's own), a task due in a few days, projects with and without a capital
    plan behind schedule."""
    d = make_directive(cast.appraiser, units.tinh)
    make_task(cast.appraiser, d, units.skhcn, coordinating=[units.syt], deadline=TODAY - dt.timedelta(days=20))
    make_task(cast.appraiser, d, units.syt, deadline=TODAY + dt.timedelta(days=3))
    ledger(cast.staff_a, projects.a, Stage.ALLOCATED, 1_000_000_000)           # nothing disbursed: behind
    ledger(cast.staff_b, projects.b, Stage.ALLOCATED, 1_000_000_000)
    ledger(cast.staff_b, projects.b, Stage.DISBURSED, 1_000_000_000)           # all of it: not behind
    for who in EXPECTED:
        client = login(getattr(cast, who))
        items = todo_items(client.get("/").content.decode())
        for key, (n, href) in items.items():
            total, rows = listed(client, href)
            assert (total, rows) == (n, n), (who, key, href)
    staff_b = login(cast.staff_b)
    items = todo_items(staff_b.get("/").content.decode())
    assert items["directives.overdue"][0] == 0 and items["directives.due_soon"][0] == 1
    assert todo_items(login(cast.leader).get("/").content.decode())["projects.behind"][0] == 1


def test_counts_on_the_home_page_are_the_rows_of_the_linked_pages_demo(demo):
    """The demo province: for each item, the account with the most of it and one with a page's
    worth or less — the count on their home page is the total its page states and, up to a page
    (25 or 50 rows), the rows it lists."""
    chosen: dict[str, dict] = {}
    for user in User.objects.filter(is_active=True).select_related("unit").order_by("pk"):
        for entry in todo.for_user(user, TODAY):
            best = chosen.setdefault(entry.key, {})
            if entry.n and entry.n > best.get("max", (0, None))[0]:
                best["max"] = (entry.n, user)
            if 0 < entry.n <= 25 and "small" not in best:
                best["small"] = (entry.n, user)
            best.setdefault("any", (entry.n, user))
    assert {"reviews.to_fill", "reviews.returned", "reviews.to_submit", "reviews.to_assess", "reviews.to_decide",
            "reviews.ineffective", "appraisal.supplement", "appraisal.in_appraisal", "appraisal.overdue",
            "appraisal.countersigned", "appraisal.opinions", "appraisal.late_opinions", "overlap.pending",
            "directives.overdue", "directives.tree_overdue", "directives.extension", "directives.late_units",
            "projects.behind"} <= {key for key, best in chosen.items() if "max" in best}
    homes = {}
    for key, best in sorted(chosen.items()):
        for n, user in best.values():
            if user.pk not in homes:
                homes[user.pk] = (login(user), todo_items(login(user).get("/").content.decode()))
            client, items = homes[user.pk]
            assert items[key][0] == n
            total, rows = listed(client, items[key][1])
            # the pending overlap queue pages by clusters of one purpose (each one or more pairs)
            page = CLUSTERS_PER_PAGE if key == "overlap.pending" else 25
            assert total == n and (rows == n or n > rows >= page), (user.username, key, n, total, rows)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx)


@pytest.mark.parametrize("who", ["staff_a", "head_a", "appraiser", "leader", "inspector"])
def test_home_costs_the_same_queries_whatever_the_data(cast, units, who):
    client = login(getattr(cast, who))
    d = make_directive(cast.appraiser, units.tinh)
    make_task(cast.appraiser, d, units.skhcn, deadline=TODAY - dt.timedelta(days=3))
    make_project(cast.staff_a, units.skhcn, name="Dự án 0")
    few = _queries(client)
    for i in range(6):
        make_task(cast.appraiser, d, units.skhcn if i % 2 else units.syt, deadline=TODAY + dt.timedelta(days=i - 3),
                  content=f"Nhiệm vụ {i}")
        make_project(cast.staff_b, units.syt, name=f"Dự án {i + 1}")
    assert _queries(client) == few
