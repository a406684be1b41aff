"""The appraisal tracking page (/tham-dinh/): who sees which dossiers, what the rows say about
deadlines, late opinions, the unit's own opinions, a constant number of queries, and the
average time of each stage computed from the dossier events."""
import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cds.appraisal import services, stage_times, tracking
from cds.appraisal.models import (
    ClockPause,
    Dossier,
    DossierEvent,
    EventKind,
    Opinion,
    RoundTime,
    Status,
)
from cds.rules.models import LegalRegime
from cds.workdays.calendar import WorkCalendar
from cds.workdays.models import CalendarException
from tests.conftest import login
from tests.factories import make_project

from .conftest import (
    TY,
    check_all,
    complete,
    concluded,
    countersigned,
    new_dossier,
    submitted,
)

DAY = dt.timedelta(days=1)
URL = "/tham-dinh/"


def today():
    return timezone.localdate()


def page(user, query=""):
    response = login(user).get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def ask(cast, dossier, unit, due=None):
    return services.request_opinion(cast.appraiser, dossier, unit=unit, question="Đề nghị cho ý kiến về kinh phí.",
                                    due=due or today() + 5 * DAY)


# ------------------------------------------------------------- permissions ----

def test_anonymous_is_sent_to_login(client, db):
    from django.urls import reverse

    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login")) and "next=/tham-dinh/" in response["Location"]


def test_the_page_asks_the_access_helper(cast, monkeypatch):
    import sys

    from cds.appraisal import permissions

    # The rule lives in cds.appraisal.permissions; refuse it wherever a module bound it by name.
    rule = permissions.can_view_appraisal_tracking
    for module in [m for name, m in sys.modules.items() if name.startswith("cds.")]:
        if getattr(module, "can_view_appraisal_tracking", None) is rule:
            monkeypatch.setattr(module, "can_view_appraisal_tracking", lambda user: False)
    assert login(cast.appraiser).get(URL).status_code == 403


def test_each_role_sees_the_dossiers_of_its_scope(cast, units, others):
    d = submitted(cast, units)
    for user in (cast.staff_a, cast.head_a, cast.appraiser, cast.supervisor, cast.leader, cast.inspector,
                 cast.admin, others.leader2, others.supervisor2):
        html = page(user)
        assert "Theo dõi thẩm định" in html and d.code in html, user.username
    for user in (cast.staff_b, cast.head_b, others.stc_head, cast.outsider, cast.outsider_staff):
        html = page(user)
        assert d.code not in html, user.username
    assert 'data-testid="count-in-appraisal">0<' in page(cast.outsider)


def test_a_unit_sees_the_dossiers_it_was_asked_about_and_its_opinions(cast, units, others):
    d = submitted(cast, units)
    assert d.code not in page(others.stc_head)
    opinion = ask(cast, d, others.stc)
    html = page(others.stc_head)
    assert d.code in html and "Ý kiến đề nghị đơn vị trả lời" in html
    assert f'href="/tham-dinh/ho-so/{d.pk}/#opinions"' in html
    assert opinion.due_date.strftime("%d/%m/%Y") in html
    assert d.code not in page(cast.staff_b)              # Sở Y tế was not asked
    assert d.code not in page(others.ca_staff)           # nor Công an tỉnh
    assert "Ý kiến đề nghị đơn vị trả lời" not in page(cast.appraiser)   # a section for unit users only
    assert 'data-testid="my-opinion"' not in page(cast.head_a)            # Sở KH&CN was not asked


# ----------------------------------------------------------------- contents ----

def test_rows_deadlines_overdue_and_filter(cast, units, others):
    late = submitted(cast, units)
    fine = submitted(cast, units)
    due = today() - 3 * DAY
    Dossier.objects.filter(pk=late.pk).update(due_date=due)
    fine.refresh_from_db()
    html = page(cast.appraiser)
    assert 'data-testid="count-in-appraisal">2<' in html and 'data-testid="count-overdue"><a' in html
    assert due.strftime("%d/%m/%Y") in html and fine.due_date.strftime("%d/%m/%Y") in html
    assert "Quá hạn 3 ngày" in html
    assert html.index(late.code) < html.index(fine.code)          # nearest deadline first
    assert late.submitted_at and timezone.localtime(late.submitted_at).strftime("%d/%m/%Y") in html
    assert "1.000.000.000 đ" in html                               # VND with "." separators
    assert f'href="/tham-dinh/ho-so/{late.pk}/"' in html
    only = page(cast.appraiser, "?overdue=1")
    assert late.code in only and fine.code not in only


def test_paused_concluded_and_countersigned_rows(cast, units, others):
    paused = submitted(cast, units)
    services.request_supplement(cast.appraiser, paused, request="Bổ sung báo giá.")
    waiting = concluded(cast, units)
    signed = countersigned(cast, units)
    html = page(cast.leader)
    for key, n in (("in-appraisal", 0), ("supplement", 1), ("concluded", 1), ("countersigned", 1), ("overdue", 0)):
        assert f'data-testid="count-{key}">{n}<' in html, key
    assert "Tạm dừng" in html and "hạn phê duyệt" in html
    assert signed.approval_due.strftime("%d/%m/%Y") in html
    assert html.index(signed.code) < html.index(paused.code) and html.index(waiting.code) < html.index(paused.code)
    Dossier.objects.filter(pk=signed.pk).update(approval_due=today() - DAY)
    html = page(cast.leader, "?overdue=1")
    assert signed.code in html and waiting.code not in html and "Quá hạn 1 ngày" in html


def test_late_opinions_table(cast, units, others):
    d = submitted(cast, units)
    ask(cast, d, others.stc)
    ca = ask(cast, d, others.ca)
    Opinion.objects.filter(pk=ca.pk).update(due_date=today() - 4 * DAY)
    html = page(cast.appraiser)
    assert html.count('data-testid="late-opinion"') == 1
    table = html[html.index('id="late-opinions"'):html.index('id="stage-stats"')]
    assert "Công an tỉnh" in table and "Sở Tài chính" not in table and "Quá hạn 4 ngày" in table
    assert (today() - 4 * DAY).strftime("%d/%m/%Y") in table and "chưa" in table
    Opinion.objects.filter(pk=ca.pk).update(escalated_on=today() - DAY)
    table = page(cast.appraiser).split('id="late-opinions"')[1]
    assert (today() - DAY).strftime("%d/%m/%Y") in table
    # the asked unit sees its own late opinion among those to answer, in red
    mine = page(others.ca_staff).split('id="my-opinions"')[1].split('id="late-opinions"')[0]
    assert 'table-danger' in mine and "Trả lời" in mine
    assert page(cast.outsider).count('data-testid="late-opinion"') == 0


def test_answered_opinions_come_after_the_unanswered(cast, units, others):
    first, second = submitted(cast, units), submitted(cast, units)
    answered = ask(cast, first, others.stc)
    ask(cast, second, others.stc)
    services.answer_opinion(others.stc_head, answered, answer="Thống nhất.", agrees=True)
    mine = page(others.stc_head).split('id="my-opinions"')[1].split('id="late-opinions"')[0]
    assert mine.index(second.code) < mine.index(first.code) and "Đã trả lời" in mine


def test_pagination_25_per_page(cast, units, others):
    d = submitted(cast, units)
    clone(d, 25)
    html = page(cast.appraiser)
    assert html.count('data-testid="dossier-row"') == 25 and ">26</span> hồ sơ" in html and "1/2" in html
    assert page(cast.appraiser, "?page=2").count('data-testid="dossier-row"') == 1


def clone(dossier, n, unit=None):
    """``n`` more open dossiers like ``dossier`` (statuses in turn, some overdue), each with its
    events and an opinion asked of ``unit`` (late on every other one)."""
    statuses = (Status.IN_APPRAISAL, Status.SUPPLEMENT, Status.CONCLUDED, Status.COUNTERSIGNED)
    made = []
    for i in range(n):
        status = statuses[i % len(statuses)]
        copy = Dossier.objects.create(
            code=f"HS-T-{dossier.pk}-{i}", project=dossier.project, procedure=dossier.procedure, amount=dossier.amount,
            title=f"Bản sao {i}", status=status, round=1, submitted_at=dossier.submitted_at, clock_start=today(),
            due_date=None if status == Status.SUPPLEMENT else today() + (i - 3) * DAY,
            approval_due=today() + (i - 5) * DAY if status == Status.COUNTERSIGNED else None,
            submitted_by=dossier.submitted_by, created_by=dossier.created_by)
        actor = dossier.created_by
        DossierEvent.objects.bulk_create([
            DossierEvent(dossier=copy, kind=EventKind.SUBMITTED, round=1, actor=actor, at=timezone.now() - 9 * DAY),
            DossierEvent(dossier=copy, kind=EventKind.CONCLUDED, round=1, actor=actor, at=timezone.now() - 2 * DAY),
        ])
        if status == Status.SUPPLEMENT:
            ClockPause.objects.create(dossier=copy, round=1, started_on=today(), request="Bổ sung", requested_by=actor)
        if unit is not None:
            Opinion.objects.create(dossier=copy, unit=unit, question=f"Câu hỏi {i}", requested_by=actor,
                                   requested_on=today() - 9 * DAY, due_date=today() + (-2 if i % 2 else 2) * DAY)
        made.append(copy)
    return made


def test_constant_number_of_queries(cast, units, others):
    first = submitted(cast, units)
    ask(cast, first, others.stc)
    countersigned(cast, units)
    counts = {}
    for user in (cast.appraiser, others.stc_head):
        client = login(user)
        assert client.get(URL).status_code == 200          # warm-up (caches of the first request)
        with CaptureQueriesContext(connection) as few:
            client.get(URL)
        counts[user.username] = len(few)
    clone(first, 10, unit=others.stc)                       # 12 dossiers, late opinions, events
    for user, rows in ((cast.appraiser, 12), (others.stc_head, 11)):    # Sở Tài chính: the 11 it was asked about
        client = login(user)
        client.get(URL)
        with CaptureQueriesContext(connection) as many:
            html = client.get(URL).content.decode()
        assert html.count('data-testid="dossier-row"') == rows
        assert len(many) == counts[user.username], (user.username, [q["sql"] for q in many.captured_queries])
    assert 'data-testid="late-opinion"' in html and 'data-testid="my-opinion"' in html


def test_the_reads_are_scoped(cast, units, others):
    d = submitted(cast, units)
    ask(cast, d, others.ca)
    Opinion.objects.filter(dossier=d).update(due_date=today() - DAY)
    assert list(tracking.open_dossiers(cast.appraiser)) == [d]
    assert list(tracking.open_dossiers(cast.outsider)) == []
    assert list(tracking.open_dossiers(others.ca_staff)) == [d]
    assert list(tracking.open_dossiers(cast.staff_b)) == []
    assert len(tracking.late_opinions(cast.leader, today())) == 1
    assert len(tracking.late_opinions(cast.outsider, today())) == 0
    assert list(tracking.opinions_for_my_unit(cast.appraiser)) == []
    assert len(tracking.opinions_for_my_unit(others.ca_staff)) == 1
    assert list(tracking.opinions_for_my_unit(others.stc_head)) == []
    assert list(tracking.overdue(tracking.open_dossiers(cast.appraiser), today())) == []
    assert tracking.summary(tracking.open_dossiers(cast.appraiser), d.due_date + DAY)["overdue"] == 1


# -------------------------------------------------------------- stage times ----

def at(day, hour=9):
    return timezone.make_aware(dt.datetime(2026, 3, day, hour))


def set_times(dossier, times):
    for kind, when in times.items():
        assert DossierEvent.objects.filter(dossier=dossier, kind=kind).update(at=when) == 1, kind
    stage_times.refresh(dossier)   # the events were moved behind the services' back


def test_stage_stats_on_a_constructed_case(cast, units, others):
    # One dossier through every stage, with a supplement (March 2026 has no holiday) …
    full = complete(new_dossier(cast, units), cast.staff_a)
    full = services.submit(cast.head_a, full)
    services.request_supplement(cast.appraiser, full, request="Bổ sung báo giá.")
    services.supplement(cast.head_a, full, response="Đã bổ sung.")
    full = check_all(full, cast.appraiser)
    services.conclude(cast.appraiser, full, conclusion="eligible", text="Đủ điều kiện.")
    services.countersign(cast.supervisor, full, agree=True)
    services.decide(cast.leader, full, decision="approve", decision_number="1/QĐ", decision_date=today())
    set_times(full, {EventKind.SUBMITTED: at(2), EventKind.SUPPLEMENT_REQUESTED: at(4),   # Mon, Wed
                     EventKind.SUPPLEMENTED: at(9, 16), EventKind.CONCLUDED: at(16),         # Mon, Mon
                     EventKind.COUNTERSIGNED: at(18), EventKind.APPROVED: at(25)})           # Wed, Wed
    # … and one of another regime, concluded, waiting for the supervisor.
    other = concluded(cast, units, regime_code="ND73_82_2024")
    set_times(other, {EventKind.SUBMITTED: at(2), EventKind.CONCLUDED: at(6)})
    # An open dossier in the middle of its appraisal counts for nothing yet.
    submitted(cast, units)

    stats = tracking.stage_stats(cast.leader, dt.date(2026, 3, 31))
    [unit_row] = stats.by_unit
    assert unit_row.label == "Sở KH&CN" and unit_row.rounds == 2
    cells = {key: cell for key, cell in zip(tracking.STAGE_KEYS, unit_row.cells)}
    # appraisal net of the pause: full 14 − 5 = 9 days (10 − 3 = 7 working), other 4 (4)
    assert (cells["appraisal"].n, cells["appraisal"].calendar, cells["appraisal"].working) == (2, 6.5, 5.5)
    assert (cells["countersign"].n, cells["countersign"].calendar, cells["countersign"].working) == (1, 2, 2)
    assert (cells["decision"].n, cells["decision"].calendar, cells["decision"].working) == (1, 7, 5)
    assert (cells["pause"].n, cells["pause"].calendar, cells["pause"].working) == (1, 5, 3)
    assert cells["appraisal"].calendar_text == "6,5" and cells["decision"].working_text == "5,0"
    regimes = {r.label: r for r in stats.by_regime}
    nd73, nd82 = LegalRegime.objects.get(code="ND73_2019"), LegalRegime.objects.get(code="ND73_82_2024")
    assert set(regimes) == {nd73.short_name, nd82.short_name}
    assert regimes[nd73.short_name].by_stage["appraisal"].calendar == 9
    assert regimes[nd82.short_name].by_stage["appraisal"].working == 4
    assert regimes[nd82.short_name].by_stage["countersign"].n == 0
    assert stats.total.rounds == 2 and stats.total.by_stage["appraisal"].calendar == 6.5

    html = page(cast.leader)
    table = html.split('id="stats-unit"')[1].split("</table>")[0]
    assert "Sở KH&amp;CN" in table and "6,5" in table and "5,5" in table
    assert nd82.short_name in html.split('id="stats-regime"')[1].split("</table>")[0]
    assert tracking.stage_stats(cast.outsider).empty
    assert "Chưa có hồ sơ nào hoàn thành" in page(cast.outsider)


def test_round_durations_refusal_rework_and_running_stages():
    cal = WorkCalendar({})     # weekends and statutory holidays only, no database
    d = lambda n: dt.date(2026, 3, n)  # noqa: E731
    events = [
        (EventKind.SUBMITTED, 1, d(2)), (EventKind.CONCLUDED, 1, d(5)),            # 3 days (3 working)
        (EventKind.COUNTERSIGN_REFUSED, 1, d(6)),                                   # countersign 1 (1)
        (EventKind.CONCLUDED, 1, d(10)), (EventKind.COUNTERSIGNED, 1, d(11)),       # +4 (2), +1 (1)
        (EventKind.RETURNED, 1, d(13)),                                             # decision 2 (2)
        (EventKind.SUBMITTED, 2, d(16)), (EventKind.SUPPLEMENT_REQUESTED, 2, d(17)),  # round 2 still running
    ]
    out = tracking.round_durations(events, cal)
    assert out == {1: {"appraisal": (7, 5), "countersign": (2, 2), "decision": (2, 2)}}



def test_stage_times_are_stored_as_the_stages_end_and_follow_the_calendar(
        cast, units, others, django_capture_on_commit_callbacks):
    dossier = complete(new_dossier(cast, units), cast.staff_a)
    dossier = services.submit(cast.head_a, dossier)
    assert not RoundTime.objects.filter(dossier=dossier).exists()     # appraisal still running
    dossier = check_all(dossier, cast.appraiser)
    services.conclude(cast.appraiser, dossier, conclusion="eligible", text="Đủ điều kiện.")
    services.countersign(cast.supervisor, dossier, agree=True)
    services.decide(cast.leader, dossier, decision="approve", decision_number="2/QĐ", decision_date=today())
    [row] = RoundTime.objects.filter(dossier=dossier)
    assert (row.appraisal_days, row.countersign_days, row.decision_days, row.pause_days) == (0, 0, 0, None)
    set_times(dossier, {EventKind.SUBMITTED: at(2), EventKind.CONCLUDED: at(16),
                        EventKind.COUNTERSIGNED: at(18), EventKind.APPROVED: at(25)})
    row = RoundTime.objects.get(dossier=dossier)
    assert (row.appraisal_days, row.appraisal_working, row.decision_days, row.decision_working) == (14, 10, 7, 5)
    # Friday 20/03 declared a day off: the stored working days are recomputed once the change commits
    with django_capture_on_commit_callbacks(execute=True):
        CalendarException.objects.create(date=dt.date(2026, 3, 20), is_working=False, name="Nghỉ (thử)")
    row = RoundTime.objects.get(dossier=dossier)
    assert (row.appraisal_working, row.decision_working) == (10, 4)
    decision = tracking.stage_stats(cast.leader).total.by_stage["decision"]
    assert (decision.n, decision.calendar, decision.working) == (1, 7, 4)


def test_stage_stats_cost_the_same_queries_whatever_the_history(cast, units, others):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            tracking.stage_stats(cast.leader)
        return len(ctx.captured_queries)

    concluded(cast, units)
    few = queries()
    for _ in range(3):
        countersigned(cast, units)
    assert tracking.stage_stats(cast.leader).total.rounds == 4
    assert queries() == few == 3

# ------------------------------------------------------ filters of the home page ----

def test_status_and_mine_filters_list_what_the_home_page_counts(cast, units, others):
    """?status= lists one step (drafts and returned dossiers too); &mine=1 only the dossiers of the
    unit's own projects — not those it was only asked an opinion on."""
    draft = complete(new_dossier(cast, units), cast.staff_a)
    asked = submitted(cast, units)
    ask(cast, asked, units.syt)
    html = page(cast.head_a, "?status=draft&mine=1")
    assert draft.code in html and asked.code not in html and 'data-testid="dossier-filter">đang lập hồ sơ<' in html
    assert 'data-testid="list-total">1<' in html
    assert tracking.dossiers(cast.head_a, Status.DRAFT, mine=True).count() == 1
    # Sở Y tế was asked about the dossier: it lists it, but not as its own
    listed = lambda query: page(cast.staff_b, query).split('id="dossiers"')[1].split("</table>")[0]  # noqa: E731
    assert asked.code in listed("?status=in_appraisal")
    assert asked.code not in listed("?status=in_appraisal&mine=1")
    assert tracking.dossiers(cast.staff_b, Status.IN_APPRAISAL, mine=True).count() == 0
    # an unknown status lists the open dossiers, as the page always did
    assert asked.code in page(cast.appraiser, "?status=nonsense") and draft.code not in page(cast.appraiser, "?status=nonsense")


def test_pending_opinions_filter(cast, units, others):
    first, second = submitted(cast, units), submitted(cast, units)
    answered = ask(cast, first, units.syt)
    ask(cast, second, units.syt)
    services.answer_opinion(cast.staff_b, answered, answer="Thống nhất.")
    everything, pending = page(cast.staff_b), page(cast.staff_b, "?opinions=pending")
    assert everything.count('data-testid="my-opinion"') == 2 and pending.count('data-testid="my-opinion"') == 1
    assert tracking.opinions_for_my_unit(cast.staff_b, pending_only=True).count() == 1


def test_unit_filter_lists_the_dossiers_of_a_unit_and_those_under_it(cast, units, others):
    """?unit= (the dashboard's drill-down): the dossiers of projects the unit or a unit under it
    invests in, the total the rows; an unreadable value is left out."""
    own = submitted(cast, units)
    project = make_project(cast.staff_b, units.syt, kind="recurrent", name="Phần mềm quản lý bệnh viện")
    health = complete(services.create_dossier(cast.staff_b, project, {"amount": TY, "title": ""}), cast.staff_b)
    health = services.submit(cast.head_b, health)

    def codes(query):
        html = page(cast.leader, query)
        box = html.split('id="dossiers"')[1].split("</table>")[0]
        return {d.code for d in (own, health) if d.code in box}

    assert codes("") == {own.code, health.code}
    assert codes(f"?unit={units.syt.pk}") == {health.code}
    assert codes(f"?unit={units.skhcn.pk}&overdue=0") == {own.code}
    assert codes(f"?unit={units.tinh.pk}") == {own.code, health.code}
    assert codes(f"?unit={units.bo.pk}") == set()
    assert codes("?unit=99999999999") == codes("?unit=abc") == {own.code, health.code}
    assert 'data-testid="dossier-unit">Sở Y tế' in page(cast.leader, f"?unit={units.syt.pk}")
    assert tracking.dossiers(cast.leader, unit=units.syt.pk).count() == 1
