"""The bottleneck register's pages as the people using them see them: the list with its filters,
search without diacritics and red overdue dates; raising a difficulty (in general, on a
project, from a survey response); an item's page with the answer the unit sees and the actions
of the agency, the CĐS authority and the leader; the project page's panel; the home page item."""
import datetime as dt
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html
from openpyxl import load_workbook

from cds.directives.models import Task
from cds.surveys import services
from cds.surveys.models import Bottleneck, BottleneckStatus, GroupKind
from tests.conftest import login
from tests.directives.conftest import make_directive, make_task
from tests.homepage import listed, todo_item

TODAY = dt.date.today()
LIST = reverse("surveys:bottlenecks")
CREATE = reverse("surveys:bottleneck_create")


def raise_item(actor, unit, title="Thiếu đường truyền số liệu chuyên dùng", **extra):
    return services.raise_bottleneck(actor, {"unit": unit, "title": title, "proposal": "Bố trí kinh phí năm sau",
                                             **extra})


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def rows(html):
    return [" ".join(tr.text_content().split()) for tr in
            lxml_html.fromstring(html).xpath('//tr[@data-testid="bottleneck-row"]')]


def url(item, name="surveys:bottleneck"):
    return reverse(name, args=[item.pk])


# --------------------------------------------------------------------- list ----

def test_the_list_shows_each_unit_its_items_and_filters_them(cast, units, projects):
    mine = raise_item(cast.staff_b, units.syt, "Khó khăn về dữ liệu y tế", project=projects.b.pk)
    raise_item(cast.staff_a, units.skhcn, "Khó khăn về đường truyền", group=GroupKind.INFRASTRUCTURE)
    Bottleneck.objects.filter(pk=mine.pk).update(answer_due=TODAY - dt.timedelta(days=1))
    staff_b = login(cast.staff_b)
    html = page(staff_b, LIST)
    assert len(rows(html)) == 1 and "Khó khăn về dữ liệu y tế" in rows(html)[0]
    assert projects.b.name[:40] in rows(html)[0]
    due = lxml_html.fromstring(html).xpath('//td[@data-testid="due"]')[0]
    assert "bn-late" in due.get("class") and (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y") in due.text_content()
    appraiser = login(cast.appraiser)
    assert len(rows(page(appraiser, LIST))) == 2
    assert [r[:24] for r in rows(page(appraiser, LIST + "?q=DUONG+truyen"))] == ["Khó khăn về đường truyền"]
    assert len(rows(page(appraiser, LIST + "?group=infrastructure"))) == 1
    assert len(rows(page(appraiser, LIST + "?overdue=1"))) == 1
    assert len(rows(page(appraiser, LIST + f"?unit={units.syt.pk}"))) == 1
    assert len(rows(page(appraiser, LIST + f"?unit={units.tinh.pk}"))) == 2   # a unit with those under it
    assert len(rows(page(appraiser, LIST + f"?unit={units.bo.pk}"))) == 0
    assert len(rows(page(appraiser, LIST + "?unit=99999999999999"))) == 2       # unreadable: left out
    assert len(rows(page(appraiser, LIST + "?status=answered"))) == 0
    # the other tree sees nothing, searching or not
    for who in (cast.outsider, cast.outsider_staff):
        assert rows(page(login(who), LIST)) == [] and rows(page(login(who), LIST + "?q=kho+khan")) == []


def test_the_list_costs_the_same_queries_whatever_the_rows(cast, units):
    client = login(cast.appraiser)
    directive = make_directive(cast.appraiser, units.tinh)
    services.assign_to_directive(cast.appraiser, raise_item(cast.staff_b, units.syt, "Khó đầu tiên"), directive,
                                 {"deadline": TODAY + dt.timedelta(days=9)})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST + "?q=kho").status_code == 200
        return len(ctx)

    few = count()
    for i in range(8):
        item = raise_item(cast.staff_b if i % 2 else cast.staff_a, units.syt if i % 2 else units.skhcn, f"Khó {i}")
        if i % 3 == 0:
            services.assign_to_directive(cast.appraiser, item, directive, {"deadline": TODAY + dt.timedelta(days=9)})
    assert count() == few


def test_excel_export_has_the_rows_of_the_list(cast, units):
    raise_item(cast.staff_b, units.syt, "Khó khăn về dữ liệu y tế")
    raise_item(cast.staff_a, units.skhcn, "Khó khăn khác")
    response = login(cast.staff_b).get(LIST + "?format=xlsx")
    assert response.status_code == 200
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    titles = [r[0] for r in ws.iter_rows(min_row=4, values_only=True)]
    assert titles == ["Khó khăn về dữ liệu y tế"]


# ------------------------------------------------------------------- create ----

def test_a_unit_raises_a_difficulty_on_a_project_from_the_page(cast, units, projects):
    client = login(cast.staff_b)
    html = page(client, CREATE)
    options = lxml_html.fromstring(html).xpath('//select[@name="project"]/option/@value')
    assert str(projects.b.pk) in options and str(projects.a.pk) not in options     # only its readable projects
    response = client.post(CREATE, {"unit": units.syt.pk, "title": "Chưa kết nối được hệ thống",
                                    "group": "data", "decision_level": "province", "project": projects.b.pk})
    item = Bottleneck.objects.get()
    assert response.status_code == 302 and response["Location"] == url(item)
    assert item.project == projects.b and item.created_by == cast.staff_b


def test_bad_input_on_the_create_page_keeps_what_was_typed(cast, units, projects):
    client = login(cast.staff_b)
    response = client.post(CREATE, {"unit": units.syt.pk, "title": "", "description": "Mô tả đã gõ",
                                    "group": "data", "decision_level": "province"})
    assert response.status_code == 400 and "Chưa nhập điểm nghẽn, khó khăn" in response.content.decode()
    assert "Mô tả đã gõ" in response.content.decode()
    response = client.post(CREATE, {"unit": units.skhcn.pk, "title": "Không phải đơn vị mình",
                                    "group": "data", "decision_level": "province"})
    assert response.status_code == 403
    response = client.post(CREATE, {"unit": units.syt.pk, "title": "Dự án của đơn vị khác", "group": "data",
                                    "decision_level": "province", "project": projects.a.pk})
    assert response.status_code == 400
    assert not Bottleneck.objects.exists()
    assert login(cast.leader).get(CREATE).status_code == 403


def test_raising_from_a_survey_response_prefills_the_section(cast, units, survey_round):
    response = survey_round.responses.get(unit=units.syt)
    services.save_answers(cast.staff_b, response, {"du_lieu_co_nghen": "co",
                                                   "du_lieu_ly_do": "Chưa có cơ sở dữ liệu hộ tịch số hóa"})
    section = survey_round.form.sections.get(name="du_lieu")
    client = login(cast.staff_b)
    html = page(client, CREATE + f"?response={response.pk}&section={section.pk}")
    doc = lxml_html.fromstring(html)
    assert doc.xpath('//input[@name="title"]/@value') == ["Chưa có cơ sở dữ liệu hộ tịch số hóa"]
    assert doc.xpath('//select[@name="group"]/option[@selected]/@value') == ["data"]
    assert doc.xpath('//input[@name="response"]/@value') == [str(response.pk)]
    other = survey_round.responses.get(unit=units.skhcn)
    assert client.get(CREATE + f"?response={other.pk}&section={section.pk}").status_code == 404
    posted = {"unit": units.syt.pk, "title": "Chưa có cơ sở dữ liệu hộ tịch số hóa", "group": "data",
              "decision_level": "province", "round": survey_round.pk, "response": response.pk}
    assert client.post(CREATE, posted).status_code == 302
    item = Bottleneck.objects.get()
    assert item.response == response and item.responsible_unit == units.skhcn      # du_lieu is led by Sở KH&CN


# ------------------------------------------------------------------- detail ----

def test_the_unit_sees_the_answer_another_unit_gets_404(cast, units):
    item = raise_item(cast.staff_b, units.syt)
    appraiser = login(cast.appraiser)
    html = page(appraiser, url(item))
    assert 'id="answer-form"' in html and 'id="propose-form"' in html and 'id="assign-form"' in html
    response = appraiser.post(url(item, "surveys:bottleneck_answer"),
                              {"answer": "Đã đưa vào kế hoạch năm 2026.", "version": item.version})
    assert response.status_code == 302
    html = page(login(cast.staff_b), url(item))
    assert "Đã đưa vào kế hoạch năm 2026." in html and 'id="answer-form"' not in html
    assert 'id="assign-form"' not in html and 'id="propose-form"' not in html
    assert login(cast.staff_b).get(url(item, "surveys:bottleneck_answer")).status_code == 405
    other = raise_item(cast.staff_a, units.skhcn, responsible_unit=units.thanhtra.pk)
    assert login(cast.staff_b).get(url(other)).status_code == 404
    assert login(cast.outsider).get(url(item)).status_code == 404
    # the history says who answered
    assert cast.appraiser.display_name in page(login(cast.staff_b), url(item))


def test_a_stale_answer_is_refused_with_409_and_the_text_kept(cast, units):
    item = raise_item(cast.staff_b, units.syt)
    services.answer_bottleneck(cast.staff_a, item, "Trả lời đầu")
    response = login(cast.appraiser).post(url(item, "surveys:bottleneck_answer"),
                                          {"answer": "Trả lời của tôi", "version": 1})
    assert response.status_code == 409 and "Trả lời của tôi" in response.content.decode()
    assert Bottleneck.objects.get().answer == "Trả lời đầu"
    response = login(cast.staff_b).post(url(item, "surveys:bottleneck_answer"), {"answer": "Tự trả lời"})
    assert response.status_code == 403


def test_assigning_from_the_page_links_to_the_directive_task(cast, units):
    item = raise_item(cast.staff_b, units.syt)
    directive = make_directive(cast.appraiser, units.tinh)
    client = login(cast.appraiser)
    html = page(client, url(item))
    assert str(directive.pk) in lxml_html.fromstring(html).xpath('//select[@name="directive"]/option/@value')
    response = client.post(url(item, "surveys:bottleneck_assign"), {
        "directive": directive.pk, "lead_unit": units.skhcn.pk, "content": "Bố trí kinh phí đường truyền",
        "deadline": (TODAY + dt.timedelta(days=30)).strftime("%d/%m/%Y"), "version": item.version})
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.content == "Bố trí kinh phí đường truyền" and task.lead_unit == units.skhcn
    html = page(client, url(item))
    assert lxml_html.fromstring(html).xpath('//a[@data-testid="task-link"]/@href') == [
        reverse("directives:task", args=[task.pk])]
    assert page(client, reverse("directives:task", args=[task.pk]))
    assert Bottleneck.objects.get().status == BottleneckStatus.ASSIGNED
    # nothing chosen: a message, no task
    other = raise_item(cast.staff_b, units.syt, "Khác")
    response = client.post(url(other, "surveys:bottleneck_assign"), {"version": other.version})
    assert response.status_code == 400 and "Chọn văn bản chỉ đạo" in response.content.decode()
    assert Task.objects.count() == 1


def test_the_leader_links_an_existing_task_and_resolves(cast, units):
    item = raise_item(cast.staff_b, units.syt)
    task = make_task(cast.appraiser, make_directive(cast.appraiser, units.tinh), units.syt,
                     deadline=TODAY + dt.timedelta(days=20))
    leader = login(cast.leader)
    html = page(leader, url(item))
    assert 'name="directive"' not in html and 'name="task"' in html          # the leader links, does not register
    assert leader.post(url(item, "surveys:bottleneck_assign"), {"task": task.pk}).status_code == 302
    assert leader.post(url(item, "surveys:bottleneck_resolve"), {"note": "Đã tháo gỡ"}).status_code == 302
    item.refresh_from_db()
    assert item.status == BottleneckStatus.RESOLVED and item.directive_task == task
    html = page(login(cast.staff_b), url(item))
    assert "Đã tháo gỡ" in html and 'id="resolve-form"' not in html


def test_propose_from_the_page_tells_the_leader(cast, units):
    item = raise_item(cast.staff_b, units.syt)
    response = login(cast.appraiser).post(url(item, "surveys:bottleneck_propose"),
                                          {"text": "Đề nghị UBND tỉnh giao Sở Tài chính", "decision_level": "province"})
    assert response.status_code == 302
    html = page(login(cast.leader), "/")
    assert Bottleneck.objects.get().status == BottleneckStatus.PROPOSED
    assert login(cast.staff_a).post(url(item, "surveys:bottleneck_propose"), {"text": "x"}).status_code == 403
    assert html


# ------------------------------------------------------------- project, home ----

def test_the_project_page_lists_its_difficulties(cast, units, projects):
    raise_item(cast.staff_b, units.syt, "Khó khăn của dự án khám chữa bệnh", project=projects.b.pk)
    html = page(login(cast.staff_b), reverse("projects:detail", args=[projects.b.pk]))
    panel = lxml_html.fromstring(html).xpath('//*[@data-testid="project-bottlenecks"]')[0]
    assert "Khó khăn của dự án khám chữa bệnh" in panel.text_content()
    assert panel.xpath('.//a[@data-testid="bottleneck-raise"]')


def test_the_cds_authority_finds_unanswered_items_on_its_home_page(cast, units):
    late = raise_item(cast.staff_b, units.syt, "Quá hạn trả lời")
    Bottleneck.objects.filter(pk=late.pk).update(answer_due=TODAY - dt.timedelta(days=3))
    raise_item(cast.staff_b, units.syt, "Còn hạn")
    services.answer_bottleneck(cast.appraiser, raise_item(cast.staff_b, units.syt, "Đã trả lời"), "Xong")
    client = login(cast.appraiser)
    n, href = todo_item(page(client, "/"), "surveys.bottlenecks_unanswered")
    assert n == 2 and listed(client, href) == (2, 2)
    assert "Quá hạn trả lời" in rows(page(client, href.split("#")[0]))[0]      # overdue first


def test_a_lead_agency_raises_the_bottleneck_a_unit_reported_in_its_group(cast, units, survey_round):
    """Sở KH&CN leads the data group: from Sở Y tế's answer it records the bottleneck on Sở Y tế's
    behalf; a group it does not lead stays closed to it."""
    response = survey_round.responses.get(unit=units.syt)
    services.save_answers(cast.staff_b, response, {"du_lieu_co_nghen": "co",
                                                   "du_lieu_ly_do": "Chưa kết nối dữ liệu khám chữa bệnh"})
    data = survey_round.form.sections.get(name="du_lieu")
    legal = survey_round.form.sections.get(name="phap_ly")
    client = login(cast.staff_a)
    doc = lxml_html.fromstring(page(client, CREATE + f"?response={response.pk}&section={data.pk}"))
    assert doc.xpath('//select[@name="unit"]/option[@selected]/@value') == [str(units.syt.pk)]
    assert client.get(CREATE + f"?response={response.pk}&section={legal.pk}").status_code == 404
    posted = {"unit": units.syt.pk, "title": "Chưa kết nối dữ liệu khám chữa bệnh", "group": "data",
              "decision_level": "province", "round": survey_round.pk, "response": response.pk}
    assert client.post(CREATE, dict(posted, group="legal")).status_code == 403   # not its group
    assert client.post(CREATE, posted).status_code == 302
    item = Bottleneck.objects.get()
    assert item.unit == units.syt and item.created_by == cast.staff_a and item.source == "survey"
