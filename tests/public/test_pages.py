"""The public transparency pages: no account; only the tree's current published snapshot shows —
never a draft, a rejected snapshot, the live registry, a withheld project, a masked field or
another tree's data."""
import datetime as dt
from email.utils import parsedate_to_datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cds.accounts.models import Role
from cds.library.models import Status
from cds.projects import services as project_services
from cds.projects.models import Project, Stage, State
from cds.public import services
from cds.public.models import Snapshot
from cds.text.format import vnd
from tests.factories import UserFactory, make_project, source
from tests.library.conftest import make_practice
from tests.public.conftest import publish

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def publishable(project, state=State.IMPLEMENTING):
    """Past the proposal (the ORM, not the lifecycle: the pages only read what a snapshot holds)."""
    Project.objects.filter(pk=project.pk).update(state=state)
    project.refresh_from_db()
    return project


def money(actor, project, *, approved, allocated=0, disbursed=0, year=YEAR):
    def entry(stage, amount, **extra):
        project_services.record_budget_entry(actor, project, {
            "year": year, "funding_source": source(), "stage": stage, "amount": amount, **extra})
    entry(Stage.APPROVED, approved, decision_number="12/QĐ-UBND", decision_date=TODAY)
    if allocated:
        entry(Stage.ALLOCATED, allocated, decision_number="34/QĐ-UBND", decision_date=TODAY)
    if disbursed:
        entry(Stage.DISBURSED, disbursed)
    project.refresh_from_db()
    return project


@pytest.fixture
def world(cast, units, projects):
    """T01: project a (Sở KH&CN) and b (Sở Y tế) published with money, a withheld project c, the
    proposal ``old`` (never published), a published library entry linking a and c; B01: its
    project ``bo`` with money."""
    a = money(cast.appraiser, publishable(projects.a), approved=2_345_678_000, allocated=1_111_222_000,
              disbursed=987_654_321)
    b = money(cast.appraiser, publishable(projects.b, State.IN_OPERATION), approved=3_456_789_000,
              allocated=2_222_333_000, disbursed=1_876_543_210, year=YEAR - 1)
    c = publishable(make_project(cast.staff_b, units.syt, name="Hệ thống camera giám sát bí mật trại giam"))
    c = money(cast.appraiser, c, approved=7_777_777_000, allocated=6_666_666_000, disbursed=5_555_555_000)
    services.withhold(cast.appraiser, c, "Thông tin thuộc danh mục bí mật nhà nước.")
    bo = money(cast.outsider, publishable(projects.bo), approved=9_191_919_000)
    checker = UserFactory(username="appraiser2", role=Role.CDS_APPRAISER, unit=units.skhcn)
    practice = make_practice(cast.appraiser, units.skhcn, checker=checker,
                             title="Số hóa hồ sơ địa chính dùng chung", projects=[a, c],
                             lessons="Chuẩn hóa dữ liệu trước khi số hóa.", reuse_conditions="Có LGSP của tỉnh.")
    draft = make_practice(cast.staff_a, units.skhcn, title="Mô hình còn đang soạn thảo", status=Status.DRAFT)
    return type("World", (), dict(a=a, b=b, c=c, old=projects.old, bo=bo, practice=practice, draft=draft))


def public_urls(code="T01", practice=None):
    """The tree's pages (the list of trees, shared by every tree, is not one of them)."""
    urls = [reverse("public:portfolio", args=[code]), reverse("public:projects", args=[code]),
            reverse("public:library", args=[code])]
    if practice is not None:
        urls.append(reverse("public:practice", args=[code, practice.pk]))
    return urls


def page(url, client=None, **params):
    response = (client or Client()).get(url, params, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def every_page(world, code="T01", *queries):
    """The text of every public page of the tree, and of its project list with each of
    ``queries`` (dicts of parameters)."""
    texts = [page(u) for u in public_urls(code, world.practice)]
    projects_url = reverse("public:projects", args=[code])
    texts += [page(projects_url, **params) for params in queries]
    return "\n".join(texts)


def snapshot_note(snap):
    published_on = timezone.localtime(snap.published_at).strftime("%d/%m/%Y")
    return (f"Số liệu đến ngày {snap.as_of.strftime('%d/%m/%Y')} — bản công bố số {snap.number}, "
            f"được phê duyệt ngày {published_on}")


# ------------------------------------------------------------------ basics

def test_anonymous_reads_the_published_tree(world, published):
    snap = published()
    client = Client()
    assert client.get(reverse("public:index")).url == reverse("public:portfolio", args=["T01"])  # the only tree
    portfolio = page(reverse("public:portfolio", args=["T01"]), client)
    assert "Công khai thông tin nhiệm vụ, dự án CNTT, chuyển đổi số" in portfolio
    assert "Ủy ban nhân dân tỉnh Thử Nghiệm" in portfolio
    assert snapshot_note(snap) in portfolio
    assert reverse("public:dictionary") in portfolio
    assert 'data-figure="projects">2<' in portfolio
    assert vnd(2_345_678_000 + 3_456_789_000) in portfolio           # total approved of a and b
    assert vnd(987_654_321 + 1_876_543_210) in portfolio            # total disbursed
    assert vnd(987_654_321) in portfolio and str(YEAR - 1) in portfolio  # money by year
    assert 'id="money-data"' in portfolio and "vendor/chart-4.6.1.umd.min.js" in portfolio
    assert "Sở Y tế" in portfolio and "Sở Khoa học và Công nghệ" in portfolio  # by unit
    assert world.practice.title in portfolio
    listing = page(reverse("public:projects", args=["T01"]), client)
    for p in (world.a, world.b):
        assert p.name in listing and p.code in listing
    assert 'data-testid="list-total">2<' in listing
    assert snapshot_note(snap) in listing
    library = page(reverse("public:library", args=["T01"]), client)
    assert world.practice.title in library and "Có LGSP của tỉnh." in library
    detail = page(reverse("public:practice", args=["T01", world.practice.pk]), client)
    assert "Chuẩn hóa dữ liệu trước khi số hóa." in detail
    assert f"{reverse('public:projects', args=['T01'])}?q={world.a.code}" in detail  # the proving project


def test_the_pages_show_the_snapshot_not_the_live_registry(cast, world, published):
    published()
    before = page(reverse("public:portfolio", args=["T01"]))
    name = world.a.name
    Project.objects.filter(pk=world.a.pk).update(name="Tên mới chưa công bố")
    money(cast.appraiser, world.a, approved=0, disbursed=4_444_000_000)
    assert page(reverse("public:portfolio", args=["T01"])) == before
    listing = page(reverse("public:projects", args=["T01"]))
    assert name in listing and "Tên mới chưa công bố" not in listing
    assert vnd(987_654_321) in listing and vnd(4_444_000_000 + 987_654_321) not in listing


def test_unknown_tree_or_entry_answers_a_vietnamese_404(world, published):
    published()
    client = Client()
    for url in (reverse("public:portfolio", args=["X99"]), reverse("public:projects", args=["T01-SYT"]),
                reverse("public:library", args=["B01"]), reverse("public:practice", args=["T01", world.draft.pk])):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không" in response.content.decode() and "Công khai thông tin" in response.content.decode()


def test_headers_say_public_and_a_conditional_request_gets_304(world, published):
    snap = published()
    client = Client()
    for url in public_urls(practice=world.practice):
        response = client.get(url)
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"], url
        assert parsedate_to_datetime(response["Last-Modified"]) == snap.published_at.replace(microsecond=0)
        again = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert again.status_code == 304, url
        older = (snap.published_at - dt.timedelta(days=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=older).status_code == 200
    assert "csrftoken" not in client.cookies and "sessionid" not in client.cookies


def test_a_signed_in_visitor_gets_the_same_page_kept_out_of_shared_caches(cast, world, published, as_user):
    published()
    url = reverse("public:portfolio", args=["T01"])
    anonymous = page(url)
    response = as_user(cast.staff_b).get(url)
    assert response.status_code == 200 and response.content.decode() == anonymous
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert cast.staff_b.display_name not in anonymous and "csrf" not in anonymous.lower()


# -------------------------------------------------- drafts and rejections

def test_a_draft_never_shows(cast, units, world):
    services.prepare(cast.appraiser, units.tinh)
    client = Client()
    for url in public_urls():
        assert client.get(url).status_code == 404, url
    assert "Chưa có tỉnh/bộ nào công bố số liệu" in page(reverse("public:index"))


def test_a_rejected_or_draft_snapshot_leaves_the_previous_published_one(cast, units, world, published):
    first = published()
    Project.objects.filter(pk=world.a.pk).update(name="Tên chỉ có trong bản bị từ chối")
    rejected = services.prepare(cast.appraiser, units.tinh)
    services.decide(cast.leader, rejected, False, "Chưa đủ căn cứ.", expected_version=rejected.version)
    Project.objects.filter(pk=world.a.pk).update(name="Tên chỉ có trong bản nháp")
    draft = services.prepare(cast.appraiser, units.tinh)
    assert Snapshot.objects.get(pk=draft.pk).status == "draft"
    text = every_page(world, "T01", {"q": "ten chi co"})
    assert snapshot_note(first) in text and "bản công bố số 1," in text
    assert "bản công bố số 2" not in text and "bản công bố số 3" not in text
    assert world.a.name in text
    assert "Tên chỉ có trong bản bị từ chối" not in text and "Tên chỉ có trong bản nháp" not in text


def test_a_new_snapshot_replaces_the_cached_pages(cast, units, world, published):
    published()
    assert "bản công bố số 1," in page(reverse("public:portfolio", args=["T01"]))
    assert world.b.name in page(reverse("public:projects", args=["T01"]), q="kham chua benh")
    Project.objects.filter(pk=world.b.pk).update(name="Bệnh án điện tử toàn tỉnh")
    second = published()
    portfolio = page(reverse("public:portfolio", args=["T01"]))
    assert snapshot_note(second) in portfolio and "bản công bố số 1," not in portfolio
    found = page(reverse("public:projects", args=["T01"]), q="benh an dien tu")
    assert "Bệnh án điện tử toàn tỉnh" in found
    assert 'data-testid="list-total">0<' in page(reverse("public:projects", args=["T01"]), q="kham chua benh")


# ------------------------------------------------------------ what never shows

def test_a_withheld_project_appears_on_no_public_page(world, published):
    snap = published()
    text = every_page(world, "T01", {"don_vi": "Sở Y tế"}) + page(reverse("public:index"))
    assert world.a.name in text and world.b.name in text  # the pages do show the published projects
    for secret in (world.c.name, world.c.code, "camera", vnd(7_777_777_000), vnd(6_666_666_000),
                   vnd(5_555_555_000), "7.777.777.000", world.old.name, world.old.code):
        assert secret not in text, secret
    url = reverse("public:projects", args=["T01"])
    for query in (world.c.code, "camera giam sat", world.old.name):
        found = page(url, q=query)
        assert 'data-testid="list-total">0<' in found and world.c.name not in found, query
    assert snap.counts["withheld"] == 1
    assert vnd(2_345_678_000 + 3_456_789_000) in page(reverse("public:portfolio", args=["T01"]))
    assert world.draft.title not in text


def test_masked_fields_never_appear(cast, units, world, published):
    published()  # the dictionary's defaults: objectives masked, amounts public
    shown = every_page(world, "T01", {"q": "dat dai"})
    assert world.a.objectives not in shown and "Mục tiêu" not in shown
    assert "Đã giải ngân" in shown and vnd(987_654_321) in shown
    services.set_policy(cast.appraiser, units.tinh, "projects", ["objectives", "total_disbursed"])
    cache.clear()
    published()
    hidden = every_page(world, "T01", {"q": "dat dai"}, {"trang_thai": "Đang triển khai"})
    assert "bản công bố số 2," in hidden
    assert world.a.objectives not in hidden
    for gone in ("Đã giải ngân", "giải ngân", "Giải ngân", vnd(987_654_321), vnd(1_876_543_210),
                 vnd(987_654_321 + 1_876_543_210), "987.654.321"):
        assert gone not in hidden, gone
    assert vnd(2_345_678_000) in hidden  # the approved amounts stay public


def test_masking_units_and_states_drops_their_tables_filters_and_columns(cast, units, world, published):
    services.set_policy(cast.appraiser, units.tinh, "projects",
                        ["investor_unit", "state", "total_approved", "total_allocated", "total_disbursed",
                         "money_by_year"])
    published()
    text = every_page(world, "T01", {"don_vi": "Sở Y tế", "trang_thai": "Đang triển khai"})
    for gone in ("Chủ đầu tư", "Theo trạng thái", "Đang triển khai", "Tổng mức/dự toán được duyệt",
                 "Kế hoạch vốn đã giao", vnd(2_345_678_000), "money-data", "Vốn theo năm"):
        assert gone not in text, gone
    assert world.a.name in text and world.b.name in text  # the filters on masked fields are not applied


def test_the_other_tree_never_appears(cast, units, world, published):
    published()
    minister = UserFactory(username="bo_leader", role=Role.LEADER, unit=units.bo)
    publish(cast.outsider, minister, units.bo)
    t01 = every_page(world, "T01", {"q": "van ban"})
    for other in (world.bo.name, world.bo.code, vnd(9_191_919_000), "Bộ Thử Nghiệm"):
        assert other not in t01, other
    trees = page(reverse("public:index"))
    assert "Bộ Thử Nghiệm" in trees and "Ủy ban nhân dân tỉnh Thử Nghiệm" in trees
    b01 = "\n".join(page(u) for u in public_urls("B01"))
    assert world.bo.name in b01 and vnd(9_191_919_000) in b01
    for other in (world.a.name, world.b.name, world.practice.title, "Sở Y tế"):
        assert other not in b01, other
    assert Client().get(reverse("public:practice", args=["B01", world.practice.pk])).status_code == 404


# ------------------------------------------------------------ project list

def test_search_without_diacritics_and_filters(world, published):
    published()
    url = reverse("public:projects", args=["T01"])
    found = page(url, q="co so du lieu dat dai")
    assert world.a.name in found and world.b.name not in found
    assert world.a.name in page(url, q=world.a.code.lower())
    assert 'data-testid="list-total">0<' in page(url, q="khong co gi nhu the")
    by_unit = page(url, don_vi="Sở Y tế")
    assert world.b.name in by_unit and world.a.name not in by_unit
    by_state = page(url, trang_thai="Đang vận hành")
    assert world.b.name in by_state and world.a.name not in by_state
    odd = page(url, don_vi="<b>Không có</b>", page="abc")
    assert "giá trị lọc không có trong bản công bố" in odd and "<b>Không có</b>" not in odd
    assert world.a.name in odd and world.b.name in odd


def test_the_list_pages_fifty_records(cast, units, published):
    for i in range(53):
        publishable(make_project(cast.staff_a, units.skhcn, name=f"Nhiệm vụ số {i:02d}"))
    published()
    url = reverse("public:projects", args=["T01"])
    first, second = page(url), page(url, page=2)
    assert 'data-testid="list-total">53<' in first and "1/2" in first and "2/2" in second
    assert first.count("<tr id=") == 50 and second.count("<tr id=") == 3


# ---------------------------------------------------------------- speed

def make_published_tree(cast, units, n):
    for i in range(n):
        p = publishable(make_project(cast.staff_a, units.skhcn, name=f"Chuyển đổi số lĩnh vực {i}"))
        if i % 5 == 0:
            money(cast.appraiser, p, approved=1_000_000_000 + i, disbursed=1_000 + i)
    for i in range(max(1, n // 10)):
        make_practice(cast.staff_a, units.skhcn, checker=cast.appraiser, title=f"Mô hình {i}")
    return publish(cast.appraiser, cast.leader, units.tinh)


def count_queries(urls) -> list[int]:
    cache.clear()
    client = Client()
    counts = []
    for url, params in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        counts.append(len(ctx.captured_queries))
    return counts


@pytest.mark.parametrize("n", [5, 50])
def test_a_constant_number_of_queries(cast, units, n, django_assert_max_num_queries):
    make_published_tree(cast, units, n)
    practice = make_practice(cast.staff_a, units.skhcn, checker=cast.appraiser, title="Mô hình cuối")
    publish(cast.appraiser, cast.leader, units.tinh)
    urls = [(reverse("public:portfolio", args=["T01"]), {}), (reverse("public:projects", args=["T01"]), {}),
            (reverse("public:projects", args=["T01"]), {"q": "chuyen doi so", "trang_thai": "Đang triển khai"}),
            (reverse("public:library", args=["T01"]), {}),
            (reverse("public:practice", args=["T01", practice.pk]), {})]
    with django_assert_max_num_queries(12):
        counts = count_queries(urls)
    assert counts == [2, 3, 2, 3, 2]  # snapshot (+ latest entries | index + page | count + page | entry)
