"""Notifications: idempotent on (user, key), e-mailed once and only after commit, and a user
only ever sees (and marks) their own."""
import pytest
from django.core import mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cds.notifications import services
from cds.notifications.context_processors import unread
from cds.notifications.models import Notification
from cds.notifications.services import Notice, ReminderTally, mark_read, notify, notify_many

from ..conftest import login


def test_notify_is_idempotent_per_user_and_key(cast):
    assert notify(cast.staff_a, "Nhắc hạn báo cáo", "/danh-gia/1/", key="review-due:1:2026-01-28", email=False)
    assert not notify(cast.staff_a, "Nhắc hạn báo cáo (lần 2)", "/danh-gia/1/", key="review-due:1:2026-01-28",
                      email=False)
    assert notify(cast.staff_b, "Nhắc hạn báo cáo", "/danh-gia/1/", key="review-due:1:2026-01-28", email=False)
    assert Notification.objects.filter(dedupe_key="review-due:1:2026-01-28").count() == 2
    assert Notification.objects.get(user=cast.staff_a).text == "Nhắc hạn báo cáo"   # the first one stays
    with pytest.raises(ValueError):
        notify(cast.staff_a, "x", key="")


def test_email_sent_once_after_commit(cast, settings, django_capture_on_commit_callbacks):
    settings.DEFAULT_FROM_EMAIL = "cds@sonlam.gov.vn"
    cast.staff_a.email = "staff_a@sonlam.gov.vn"
    cast.staff_a.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify(cast.staff_a, "Báo cáo bị trả lại: bổ sung minh chứng", "/danh-gia/bao-cao/7/", key="k1")
        assert len(mail.outbox) == 0, "nothing is sent before the transaction commits"
        assert not notify(cast.staff_a, "Báo cáo bị trả lại: bổ sung minh chứng", "/danh-gia/bao-cao/7/", key="k1")
        notify(cast.staff_b, "Không có địa chỉ thư", key="k1")             # no address: in-app only
        notify(cast.staff_a, "Chỉ trong hệ thống", key="k2", email=False)
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff_a@sonlam.gov.vn"] and message.from_email == "cds@sonlam.gov.vn"
    assert "Báo cáo bị trả lại" in message.subject and "/danh-gia/bao-cao/7/" in message.body


def test_nothing_sent_for_a_rolled_back_transaction(cast, django_capture_on_commit_callbacks):
    cast.staff_a.email = "staff_a@sonlam.gov.vn"
    cast.staff_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify(cast.staff_a, "Sẽ bị hủy", key="rolled-back")
                raise RuntimeError("lỗi giữa chừng")
    assert mail.outbox == []
    assert not Notification.objects.filter(dedupe_key="rolled-back").exists()


def test_page_lists_only_own_notifications_newest_first_unread_bold(cast):
    notify(cast.staff_a, "Thông báo cũ của A", key="a1", email=False)
    notify(cast.staff_a, "Thông báo mới của A", "/danh-gia/3/", key="a2", email=False)
    notify(cast.staff_b, "Thông báo riêng của B", key="b1", email=False)
    Notification.objects.filter(dedupe_key="a1").update(read_at="2026-01-02T08:00:00+07:00")
    body = login(cast.staff_a).get("/thong-bao/").content.decode()
    assert "Thông báo mới của A" in body and "Thông báo cũ của A" in body
    assert "Thông báo riêng của B" not in body
    assert body.index("Thông báo mới của A") < body.index("Thông báo cũ của A")
    assert body.count("notification-unread") == 1 and 'href="/danh-gia/3/"' in body


def test_mark_one_and_all_read_only_touches_own(cast):
    notify(cast.staff_a, "A1", key="a1", email=False)
    notify(cast.staff_a, "A2", key="a2", email=False)
    notify(cast.staff_b, "B1", key="b1", email=False)
    b1 = Notification.objects.get(user=cast.staff_b)
    a1 = Notification.objects.get(user=cast.staff_a, dedupe_key="a1")
    client = login(cast.staff_a)
    assert client.get(f"/thong-bao/{a1.pk}/da-doc/").status_code == 405        # POST only
    assert client.post(f"/thong-bao/{a1.pk}/da-doc/").status_code == 302
    a1.refresh_from_db()
    assert a1.read_at is not None
    assert not Notification.objects.get(dedupe_key="a2").is_read
    assert client.post(f"/thong-bao/{b1.pk}/da-doc/").status_code == 404      # someone else's: not found
    assert client.post("/thong-bao/da-doc/").status_code == 302
    assert not Notification.objects.filter(user=cast.staff_a, read_at__isnull=True).exists()
    b1.refresh_from_db()
    assert b1.read_at is None
    assert mark_read(cast.staff_b, [a1.pk]) == 0


def test_anonymous_is_sent_to_login(db, client):
    response = client.get("/thong-bao/")
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]


def test_unread_count_and_bell(cast):
    notify(cast.staff_a, "A1", key="a1", email=False)
    notify(cast.staff_a, "A2", key="a2", email=False)
    notify(cast.staff_b, "B1", key="b1", email=False)
    request = RequestFactory().get("/")
    request.user = cast.staff_a
    assert unread(request) == {"unread_notifications": 2}
    html = render_to_string("notifications/_bell.html", {"user": cast.staff_a, "unread_notifications": 2})
    assert 'href="/thong-bao/"' in html and ">2</span>" in html
    html = render_to_string("notifications/_bell.html", {"user": cast.staff_a, "unread_notifications": 0})
    assert "badge" not in html


def test_only_internal_links_are_rendered(cast):
    notify(cast.staff_a, "Liên kết lạ", "https://example.com/", key="x", email=False)
    notify(cast.staff_a, "Liên kết lạ 2", "//example.com/", key="y", email=False)
    body = login(cast.staff_a).get("/thong-bao/").content.decode()
    assert "example.com" not in body


# ------------------------------------------------------------------ batches ----

def _mailed(cast):
    for user, address in ((cast.staff_a, "staff_a@sonlam.gov.vn"), (cast.head_a, "head_a@sonlam.gov.vn")):
        user.email = address
        user.save()


def _notices(cast, prefix, n=3, email=False):
    users = [cast.staff_a, cast.staff_b, cast.head_a]
    return [Notice(users[i % 3], f"  Nhắc hạn số {i}  ", f"/danh-gia/{i}/", key=f"{prefix}:{i // 3}",
                   kind="review.due", email=email) for i in range(n)]


def _rows(prefix):
    return sorted((n.user_id, n.dedupe_key.split(":", 1)[1], n.kind, n.text, n.url)
                  for n in Notification.objects.filter(dedupe_key__startswith=f"{prefix}:"))


def test_notify_many_writes_what_notify_writes_one_by_one(cast):
    batch = _notices(cast, "m", 9)
    batch.append(Notice(cast.staff_a, "Trùng trong cùng lô", key="m:0"))      # repeated (user, key): the first wins
    one_by_one = [notify(n.user, n.text, n.url, key="o" + n.key[1:], kind=n.kind, email=False) for n in batch]
    assert notify_many(batch, batch_size=4) == one_by_one == [True] * 9 + [False]
    assert _rows("m") == _rows("o") and len(_rows("m")) == 9
    assert Notification.objects.get(user=cast.staff_a, dedupe_key="m:0").text == "Nhắc hạn số 0"


def test_notify_many_is_idempotent_and_mails_only_new_notices_after_commit(cast, django_capture_on_commit_callbacks):
    _mailed(cast)
    notify(cast.staff_a, "Đã có từ trước", key="m:0")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            created = notify_many(_notices(cast, "m", 6, email=True))
            assert mail.outbox == [], "nothing is sent before the transaction commits"
    assert created == [False, True, True, True, True, True]
    assert len(callbacks) == 1                       # one callback (one mail connection) for the batch
    # staff_b has no address; staff_a's m:0 existed; so staff_a m:1 and head_a m:0, m:1
    assert sorted(m.to[0] for m in mail.outbox) == ["head_a@sonlam.gov.vn", "head_a@sonlam.gov.vn",
                                                    "staff_a@sonlam.gov.vn"]
    assert "/danh-gia/" in mail.outbox[0].body
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify_many(_notices(cast, "m", 6, email=True)) == [False] * 6
    assert callbacks == [] and mail.outbox == []
    assert Notification.objects.filter(dedupe_key__startswith="m:").count() == 6


def test_notify_many_sends_nothing_and_writes_nothing_when_rolled_back(cast, django_capture_on_commit_callbacks):
    _mailed(cast)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify_many(_notices(cast, "m", 6, email=True))
                raise RuntimeError("lỗi giữa chừng")
    assert mail.outbox == []
    assert not Notification.objects.filter(dedupe_key__startswith="m:").exists()
    with pytest.raises(ValueError):
        notify_many([*_notices(cast, "m", 2), Notice(cast.staff_a, "không khóa")])
    assert not Notification.objects.filter(dedupe_key__startswith="m:").exists()


def test_notify_many_queries_do_not_grow_with_the_number_of_notices(cast, django_capture_on_commit_callbacks):
    _mailed(cast)
    counts = []
    for prefix, n in (("small", 6), ("large", 120), ("huge", 3000)):
        with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
            assert all(notify_many(_notices(cast, prefix, n, email=True)))
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6
    assert counts[2] <= 3000 // 50       # batches of 1,000; SQLite splits an INSERT per 999 parameters
    assert Notification.objects.filter(dedupe_key__startswith="huge:").count() == 3000
    assert len(mail.outbox) == (6 + 120 + 3000) // 3 * 2      # staff_a and head_a have addresses


def test_a_row_written_meanwhile_by_another_run_is_not_new_twice(cast, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    """Another run wrote head_a's m:0 after this batch looked: the batch is not new for it."""
    _mailed(cast)
    Notification.objects.create(user=cast.head_a, dedupe_key="m:0", text="Lần chạy song song")
    monkeypatch.setattr(services, "_existing", lambda pairs: set())   # what was read before the other run wrote
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_many(_notices(cast, "m", 6, email=True))
    assert created == [True, True, False, True, True, True]
    assert Notification.objects.get(user=cast.head_a, dedupe_key="m:0").text == "Lần chạy song song"
    assert Notification.objects.filter(dedupe_key__startswith="m:").count() == 6
    assert sorted(m.to[0] for m in mail.outbox) == ["head_a@sonlam.gov.vn", "staff_a@sonlam.gov.vn",
                                                    "staff_a@sonlam.gov.vn"]


def test_reminder_tally_counts_what_the_batch_wrote(cast):
    _mailed(cast)
    notify(cast.head_a, "Đã có", key="m:0", email=False)
    tally = ReminderTally()
    tally.write(_notices(cast, "m", 6, email=True))
    assert (tally.sent, tally.skipped, tally.emails) == (5, 1, 3)   # staff_a twice, head_a once (m:1)
