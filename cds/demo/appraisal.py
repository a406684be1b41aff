"""Appraisal dossiers of the demo province, walked through :mod:`cds.appraisal.services`.

Five dossiers, one for each situation the appraisal pages must show (dates are working days before
the demo's last data day ``builder.DATA_END``, 16/11/2026):

* **Đã phê duyệt** — a new nhiệm vụ of Sở Xây dựng under NĐ 224/2026 (chi thường xuyên, CSDL nhà ở
  và thị trường bất động sản): submitted in September, opinions of Sở NN&MT (land data) and Sở Tài
  chính (funds) answered on time, one supplement round (the report's second version and a letter of
  explanation; the clock paused and resumed), every item "Đạt", concluded, countersigned by the
  independent supervisor and approved by the Phó Chủ tịch: the project is "Đã phê duyệt" and its
  decision is filed among its documents.
* **Chờ lãnh đạo phê duyệt** — Sở Công Thương's food-safety database (a project of the demo, under
  NĐ 45/2026, whose rules keep NĐ 224's values, not yet checked against NĐ 45's articles): opinion
  of Sở Y tế, concluded eligible, countersigned two days before the last data day.
* **Ý kiến quá hạn** — Sở NN&MT's irrigation and disaster-prevention project (NĐ 224/2026): Sở Tài
  chính answered, Công an tỉnh has not answered the security question: due 10/11, escalated to the
  leaders on 12/11 by the daily job (``APPRAISAL_ESCALATE_AFTER_DAYS`` = 2 working days late).
* **Chờ bổ sung** — an older-rule dossier: Sở GD&ĐT's đề cương và dự toán chi tiết of about 2 tỷ
  đồng, registered in June 2024 and so under NĐ 73/2019 (TT 03/2020). The appraiser marked the
  contingency item "Không đạt" (12% > 10%) and asked for a supplement within the 5 working days
  the rules allow; the clock is paused.
* **Vừa trình** — Sở Tư pháp's Phiếu lý lịch tư pháp software (Đề án 06, a project of the demo
  under NĐ 73 + NĐ 82/2024): in appraisal, clock running, two opinions asked the same day — Sở Tài
  chính answered, Công an tỉnh (VNeID connection, personal data) not yet due.

Every step is a service call by the person who would take it: the unit's chuyên viên prepares and
uploads (cv_*), its lãnh đạo submits and hands in the supplement (ld_*), "thamdinh" appraises,
the asked units' lãnh đạo answer, "giamsat" countersigns, "phochutich" decides. Permissions and
maker ≠ checker are the services' own. The daily job ``send_appraisal_reminders`` runs every working
morning (06:30) of the period, so reminders, overdue notices and the escalation are its own; it runs
once more for the real today at the end, as :mod:`.reviews` does with its job.

**The clock.** The services read "today" for the legal clock and write it into the data: the day
the clock starts, due dates (appraisal, opinions, approval), the supplement window, "late" flags,
and the texts of events, audit rows and notifications. Rewriting all of that afterwards would
re-implement the services, so each step runs with Django's clock (``django.utils.timezone.now``,
which ``localdate`` reads too) set to the step's moment — a time in office hours on the step's
day, increasing per dossier, never in the future. Columns whose default captured the real
``timezone.now`` (``created_at``, ``at``, ``uploaded_at`` of the rows a step inserts) get the same
moment from a ``pre_save`` receiver. The notifications the services queue for after commit are
written during the step (in the application, at its moment; a demo e-mails nobody); one whose
recipient, or a colleague of the same unit, later acted on the dossier is marked read at that act.

Steps dated after ``builder.cutoff`` (machine clock earlier than the demo data) are left out and
counted in ``builder.skipped``; a dossier stops at its first left-out step. Randomness (minutes,
decision numbers): ``random.Random(SEED)``, so the demo is the same on every run.
"""
from __future__ import annotations

import datetime as dt
import io
import random
import unicodedata
import zipfile
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.urls import Resolver404, resolve
from django.utils import timezone

from cds.accounts.models import User
from cds.appraisal import findings as findings_mod
from cds.appraisal import services as appraisal
from cds.appraisal.models import Dossier, DossierDocument, DossierEvent, Result
from cds.appraisal.reminders import send_appraisal_reminders
from cds.audit.models import AuditEvent
from cds.notifications import services as notifications
from cds.notifications.models import Notification
from cds.projects import services as projects
from cds.projects.models import (
    BudgetEntry,
    EventKind,
    Project,
    ProjectDocument,
    ProjectEvent,
    Stage,
)
from cds.rules.models import ItemKind, LegalRegime
from cds.workdays.calendar import WorkCalendar

from . import documents as docs
from .common import DATA_END, lcfirst
from .projects import P

SEED = 224
DAY = dt.timedelta(days=1)
DAY_START = dt.time(7, 45)
RECEIVER_UID = "cds-demo-appraisal"
ND224_FROM = dt.date(2026, 7, 1)

# Rows a step inserts whose timestamp default is the real clock: they get the step's moment.
STAMPED = {
    AuditEvent: ("created_at",), ProjectEvent: ("created_at",), BudgetEntry: ("created_at",),
    ProjectDocument: ("created_at",), Project: ("created_at", "updated_at", "state_changed_at"),
    Dossier: ("created_at",), DossierDocument: ("uploaded_at",), DossierEvent: ("at",),
    Notification: ("created_at",),
}


# ------------------------------------------------------------------ files ----

def _ascii(text: str) -> str:
    """Vietnamese without diacritics, for the text drawn with a standard PDF font."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.encode("ascii", "replace").decode("ascii")


def _pdf_text(text: str) -> str:
    return _ascii(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(title: str, lines: list[str]) -> bytes:
    """A small but valid one-page PDF: the title (in full, with diacritics) in its metadata, the
    lines drawn in Helvetica without diacritics (the standard fonts have no Vietnamese glyphs)."""
    shown = [title, "", *lines]
    stream = "BT /F1 11 Tf 14 TL 56 790 Td " + " ".join(f"({_pdf_text(s)}) '" for s in shown) + " ET"
    title_hex = ("\ufeff" + title).encode("utf-16-be").hex().upper()
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        "/Contents 4 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Title <{title_hex}> /Producer (CDS Portfolio - du lieu mau) >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode("latin-1")
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("latin-1")
    return bytes(out)


def docx(title: str, paragraphs: list[str], author: str, day: dt.date) -> bytes:
    """A Word document made with python-docx, its package dates fixed so the bytes (and the
    SHA-256 the dossier records) are the same on every run."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.created = props.modified = dt.datetime.combine(day, dt.time(8, 0))
    props.comments = ""
    raw = io.BytesIO()
    document.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(day.year, day.month, day.day, 8, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return fixed.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    kind = "application/pdf" if name.endswith(".pdf") else (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return SimpleUploadedFile(name, content, content_type=kind)


# ------------------------------------------------------------------ walking ----

@dataclass
class Run:
    """One dossier being walked: its planned steps and what the steps created so far."""

    key: str
    label: str
    time: dt.time | None = None                      # a fixed time of day for every step (the job)
    steps: list = field(default_factory=list)       # [(day, prio, seq, callable)]
    project: Project | None = None
    dossier: Dossier | None = None
    opinions: dict = field(default_factory=dict)     # name -> Opinion
    alive: bool = True


def build_appraisals(builder) -> dict:
    """Build the five dossiers (called at the end of :meth:`DemoBuilder.build`). Returns counts."""
    return AppraisalDemo(builder).run()


class AppraisalDemo:
    def __init__(self, builder):
        self.builder = builder
        self.users = builder.users
        self.units = builder.units
        self.cutoff = builder.cutoff
        self.now = timezone.now()
        self.rng = random.Random(SEED)
        self.cal = WorkCalendar.load(dt.date(2024, 1, 1), DATA_END + 120 * DAY)
        self.moment: dt.datetime | None = None
        self.current: Run | None = None
        self._last: dict[str, dt.datetime] = {}
        self._seq = 0
        self.sent: list[tuple[int, int, int, dt.datetime]] = []   # notification, user, dossier, moment
        self.counts: Counter = Counter()

    # ----------------------------------------------------------------- days ----

    def w(self, n: int) -> dt.date:
        """The ``n``-th working day before ``DATA_END`` (``w(0)``: DATA_END itself, a Monday)."""
        day = DATA_END
        while n > 0:
            day -= DAY
            n -= self.cal.is_working_day(day)
        return day

    def plan(self, run: Run, day: dt.date, action: Callable[[Run], object], prio: int = 1) -> None:
        """``prio`` 0 runs before the day's other steps (the reminder job's early-morning run)."""
        self._seq += 1
        run.steps.append((day, prio, self._seq, action))

    # ---------------------------------------------------------------- clock ----

    @contextmanager
    def at(self, run: Run, day: dt.date):
        """Run a step on ``day``: Django's clock reads the step's moment (see the module docstring)."""
        if run.time is not None:
            base = timezone.make_aware(dt.datetime.combine(day, run.time))
        else:
            base = timezone.make_aware(dt.datetime.combine(day, DAY_START)) + dt.timedelta(
                minutes=self.rng.randint(0, 470))
        last = self._last.get(run.key)
        if last is not None and base <= last:
            base = last + dt.timedelta(minutes=self.rng.randint(4, 30))
        self.moment = moment = min(base, self.now - dt.timedelta(minutes=1))
        self._last[run.key] = moment
        self.current = run
        real_now = timezone.now
        connection = transaction.get_connection()
        queued = len(connection.run_on_commit)
        timezone.now = lambda: moment
        try:
            yield moment
            self._deliver(connection, queued)
        finally:
            timezone.now = real_now
            self.moment = self.current = None

    def _deliver(self, connection, start: int) -> None:
        """Write now the notifications the appraisal services queued for after commit (their
        e-mails are dropped); other callbacks stay queued for the real commit."""
        kept = []
        while len(connection.run_on_commit) > start:
            queued = connection.run_on_commit[start:]
            del connection.run_on_commit[start:]
            for entry in queued:
                callback = entry[1]
                if getattr(callback, "func", None) is notifications._send_all:
                    continue
                if getattr(callback, "__module__", "") == appraisal.__name__:
                    callback()
                else:
                    kept.append(entry)
        connection.run_on_commit.extend(kept)

    def _stamp(self, sender, instance, **kwargs):
        if self.moment is not None and instance._state.adding and sender in STAMPED:
            for name in STAMPED[sender]:
                setattr(instance, name, self.moment)

    def _sent(self, sender, instance, created, **kwargs):
        if not created or self.moment is None or not instance.url:
            return
        try:
            match = resolve(instance.url.split("#")[0])
        except Resolver404:
            return
        if match.view_name == "appraisal:dossier":
            self.sent.append((instance.pk, instance.user_id, int(match.kwargs["pk"]), self.moment))

    # ---------------------------------------------------------------- entry ----

    def run(self) -> dict:
        runs = [self._approved(), self._waiting_leader(), self._late_opinion(), self._supplement(),
                self._submitted(), self._reminders()]
        # All steps in date order, so dossier numbers and timelines follow the calendar.
        steps = sorted(((day, prio, seq, run, action) for run in runs for day, prio, seq, action in run.steps),
                       key=lambda s: s[:3])
        pre_save.connect(self._stamp, weak=False, dispatch_uid=RECEIVER_UID)
        post_save.connect(self._sent, sender=Notification, weak=False, dispatch_uid=RECEIVER_UID + "-sent")
        try:
            with transaction.atomic():
                for day, _, _, run, action in steps:
                    if not run.alive:
                        self.builder.skipped += 1
                        continue
                    if day > self.cutoff:
                        run.alive = False
                        self.builder.skipped += 1
                        continue
                    with self.at(run, day):
                        if action(run) is False:     # the project is not there (or not ready): leave it out
                            run.alive = False
                    self.counts["steps"] += 1
                self._mark_read()
        finally:
            pre_save.disconnect(dispatch_uid=RECEIVER_UID)
            post_save.disconnect(sender=Notification, dispatch_uid=RECEIVER_UID + "-sent")
        self.counts["dossiers"] = sum(1 for r in runs if r.dossier is not None)
        # This morning's run of the job, in the application only (no e-mail from a demo), as .reviews does.
        self.counts["reminders_today"] = send_appraisal_reminders(timezone.localdate(), email=False).sent
        return dict(self.counts)

    def _mark_read(self) -> None:
        """A notification is read when its recipient, or a colleague of the same unit, next acted on
        that dossier (the Phó Chủ tịch's decision answers the Chủ tịch's notification too)."""
        unit_of = dict(User.objects.filter(pk__in={u for _, u, _, _ in self.sent}).values_list("pk", "unit_id"))
        acts = defaultdict(list)
        dossiers = {d for _, _, d, _ in self.sent}
        for dossier_id, actor_id, unit_id, at in DossierEvent.objects.filter(dossier_id__in=dossiers).values_list(
                "dossier_id", "actor_id", "actor__unit_id", "at"):
            acts[(dossier_id, "user", actor_id)].append(at)
            acts[(dossier_id, "unit", unit_id)].append(at)
        rows = []
        for pk, user_id, dossier_id, moment in self.sent:
            later = [at for at in acts[(dossier_id, "user", user_id)] + acts[(dossier_id, "unit", unit_of[user_id])]
                     if at > moment]
            if later:
                rows.append(Notification(pk=pk, read_at=min(later)))
        Notification.objects.bulk_update(rows, ["read_at"], batch_size=500)
        self.counts["notifications"] = len(self.sent)
        self.counts["notifications_read"] = len(rows)

    # ------------------------------------------------------------ the acts ----
    # Each returns a callable for :meth:`plan`; the callable runs inside :meth:`at`.

    def register(self, spec: P, regime_code: str, basis: tuple[docs.Doc, ...]):
        """A new project, registered by the unit's chuyên viên with its estimate and legal basis."""
        def act(run: Run):
            staff, _ = self.builder._people(spec.unit)
            regime = LegalRegime.objects.get(code=regime_code)
            run.project = projects.create_project(staff, self.builder._data(spec, regime))
            source = self.builder.sources[self.builder._source_codes(spec)[0]]
            projects.record_budget_entry(staff, run.project, {
                "year": spec.years[0], "funding_source": source, "stage": Stage.ESTIMATE,
                "amount": spec.amount * 1_000_000, "note": "Khái toán/dự toán đề xuất"})
            for doc in basis:
                projects.add_document(staff, run.project, {
                    "number": doc.number, "issued_on": doc.issued_on, "issuer": doc.issuer,
                    "doc_type": doc.doc_type, "title": doc.title, "is_legal_basis": True})
            self.counts["projects"] += 1
        return act

    def existing(self, name: str):
        """Take a project of the demo portfolio (by name) if it is still before appraisal."""
        def act(run: Run):
            run.project = Project.objects.filter(name=name).first()
            if run.project is None or run.project.state not in appraisal.PREPARABLE_STATES:
                return False
            if timezone.localdate() <= timezone.localtime(run.project.state_changed_at).date():
                return False      # the portfolio's own history ends later than planned here
        return act

    def create(self, title: str, amount: int):
        def act(run: Run):
            staff, _ = self.builder._people(run.project.investor_unit.code)
            run.dossier = appraisal.create_dossier(staff, run.project, {"amount": amount, "title": title})
        return act

    def add(self, kind: str, name: str, content: Callable[[Run], bytes], note: str = ""):
        def act(run: Run):
            staff, _ = self.builder._people(run.project.investor_unit.code)
            appraisal.add_document(staff, run.dossier, kind=kind, upload=upload(name, content(run)), note=note)
            self.counts["documents"] += 1
        return act

    def submit(self):
        def act(run: Run):
            _, head = self.builder._people(run.project.investor_unit.code)
            run.dossier = appraisal.submit(head, run.dossier)
        return act

    def ask(self, key: str, unit_code: str, question: str, working_days: int | None = None):
        """``working_days``: a deadline set by the appraiser instead of the rule's default."""
        def act(run: Run):
            due = self.cal.add_working_days(timezone.localdate(), working_days) if working_days else None
            run.opinions[key] = appraisal.request_opinion(
                self.users["thamdinh"], run.dossier, unit=self.units[unit_code], question=question, due=due)
            self.counts["opinions"] += 1
        return act

    def answer(self, key: str, text: str, agrees: bool = True, file: tuple[str, str] | None = None):
        def act(run: Run):
            opinion = run.opinions[key]
            _, head = self.builder._people(opinion.unit.code)
            attached = None
            if file:
                name, title = file
                attached = upload(name, pdf(title, [f"Kinh gui: So Khoa hoc va Cong nghe ({run.dossier.code})",
                                                     text[:110], text[110:220], text[220:330]]))
            appraisal.answer_opinion(head, opinion, answer=text, agrees=agrees, upload=attached)
        return act

    def check(self, results: list[tuple[str, str] | None]):
        """Results of the content items, in checklist order (None: not assessed yet)."""
        def act(run: Run):
            items = list(run.dossier.procedure.checklist.filter(kind=ItemKind.CONTENT).order_by("order", "id"))
            data = {item.pk: result for item, result in zip(items, results) if result is not None}
            run.dossier = appraisal.save_checklist(self.users["thamdinh"], run.dossier, data)
        return act

    def ask_supplement(self, request: str):
        def act(run: Run):
            appraisal.request_supplement(self.users["thamdinh"], run.dossier, request=request)
        return act

    def hand_in(self, response: str):
        def act(run: Run):
            _, head = self.builder._people(run.project.investor_unit.code)
            run.dossier = appraisal.supplement(head, run.dossier, response=response)
        return act

    def conclude(self, text: str):
        def act(run: Run):
            appraiser = self.users["thamdinh"]
            dossier = Dossier.objects.get(pk=run.dossier.pk)
            snapshot = findings_mod.flat(findings_mod.findings(appraiser, dossier))
            run.dossier = appraisal.conclude(appraiser, dossier, conclusion="eligible", text=text,
                                             findings=snapshot)
        return act

    def countersign(self, note: str):
        def act(run: Run):
            run.dossier = appraisal.countersign(self.users["giamsat"], run.dossier, agree=True, note=note)
        return act

    def approve(self, leader: str = "phochutich"):
        def act(run: Run):
            day = timezone.localdate()
            number = f"{day.timetuple().tm_yday * 9 + self.rng.randint(0, 8) + 15}/QĐ-UBND"
            run.dossier = appraisal.decide(self.users[leader], run.dossier, decision="approve",
                                           decision_number=number, decision_date=day)
        return act

    def remind(self):
        def act(run: Run):
            out = send_appraisal_reminders(timezone.localdate(), email=False)
            self.counts["reminders"] += out.sent
            self.counts["escalated"] += out.escalated
        return act

    def record_approved(self):
        """The unit records the approved amount in the ledger, citing the decision."""
        def act(run: Run):
            staff, _ = self.builder._people(run.project.investor_unit.code)
            d = run.dossier
            source = run.project.funding_sources.order_by("pk").first()
            projects.record_budget_entry(staff, run.project, {
                "year": d.decision_date.year, "funding_source": source, "stage": Stage.APPROVED,
                "amount": d.amount, "decision_number": d.decision_number, "decision_date": d.decision_date,
                "note": f"Phê duyệt theo hồ sơ thẩm định {d.code}"})
        return act

    # ---------------------------------------------------------------- documents ----

    def doc(self, title: str, *lines: str) -> Callable[[Run], bytes]:
        return lambda run: pdf(title, [f"{run.project.investor_unit.name} - {run.project.name}"[:110], *lines])

    def word(self, title: str, *paragraphs: str) -> Callable[[Run], bytes]:
        def content(run: Run) -> bytes:
            staff, _ = self.builder._people(run.project.investor_unit.code)
            return docx(title, [run.project.name, *paragraphs], staff.get_full_name(), timezone.localdate())
        return content

    def policy_number(self, run: Run) -> str:
        event = run.project.events.filter(kind=EventKind.TRANSITION, to_state="policy_approved").first()
        return event.decision_number if event else ""

    # ============================================================== dossiers ====

    def _approved(self) -> Run:
        """Sở Xây dựng, NĐ 224/2026, chi thường xuyên: one supplement round, approved."""
        run, w, plan = Run("approved", "Đã phê duyệt"), self.w, self.plan
        spec = P("Xây dựng Cơ sở dữ liệu về nhà ở và thị trường bất động sản tỉnh Sơn Lâm", "SL-SXD", "recurrent",
                 w(58), 4_750, "proposed", (2027, 2027), src=("NSDP-TX",), caps=("CHUYENNGANH", "GIS"),
                 ents=("QUYHOACH", "DATDAI"), coord=("SL-SNNMT",),
                 obj="Hình thành cơ sở dữ liệu về nhà ở và thị trường bất động sản của tỉnh, cập nhật thường xuyên "
                     "dự án nhà ở, giao dịch bất động sản; kết nối, chia sẻ dữ liệu qua LGSP với CSDL đất đai tỉnh "
                     "và Hệ thống thông tin quốc gia về nhà ở và thị trường bất động sản.",
                 scope="Thực hiện theo báo cáo kinh tế – kỹ thuật được phê duyệt; triển khai trên Trung tâm dữ liệu "
                       "tỉnh, dùng nền tảng dùng chung (LGSP, SSO); phối hợp: Sở Nông nghiệp và Môi trường; thời "
                       "gian thực hiện năm 2027.")
        name = lcfirst(spec.name)
        plan(run, w(58), self.register(spec, "ND224_2026", (docs.ANNUAL_PLANS[2026], docs.DOCS["ND224"])))
        plan(run, w(46), self.create(f"Tờ trình đề nghị thẩm định Báo cáo kinh tế – kỹ thuật nhiệm vụ {name}",
                                     4_750_000_000))
        plan(run, w(46), self.add("to_trinh", "To-trinh-tham-dinh.pdf", self.doc(
            "Tờ trình đề nghị thẩm định Báo cáo kinh tế – kỹ thuật",
            "Kinh gui: So Khoa hoc va Cong nghe", "Kinh phi de nghi: 4.750.000.000 dong (chi thuong xuyen nam 2027)")))
        plan(run, w(45), self.add("bcktkt", "Bao-cao-kinh-te-ky-thuat.pdf", self.doc(
            "Báo cáo kinh tế – kỹ thuật (bản trình lần đầu)",
            "1. Su can thiet  2. Muc tieu, quy mo  3. Giai phap ky thuat  4. Ket noi, chia se du lieu  5. Du toan")))
        plan(run, w(45), self.add("chu_truong", "QD-chu-truong-du-kien-kinh-phi.pdf", self.doc(
            "Quyết định phê duyệt chủ trương và dự kiến kinh phí", "UBND tinh Son Lam")))
        plan(run, w(43), self.submit())
        plan(run, w(42), self.ask("nnmt", "SL-SNNMT",
                                  "Đề nghị Sở Nông nghiệp và Môi trường cho ý kiến về phương án khai thác dữ liệu thửa "
                                  "đất, quy hoạch sử dụng đất từ Cơ sở dữ liệu đất đai tỉnh cho CSDL nhà ở và thị trường "
                                  "bất động sản (tránh xây dựng trùng lớp dữ liệu đất đai)."))
        plan(run, w(42), self.ask("stc", "SL-STC",
                                  "Đề nghị Sở Tài chính cho ý kiến về khả năng cân đối kinh phí chi thường xuyên năm "
                                  "2027 cho nhiệm vụ (đề nghị 4.750 triệu đồng) và việc áp dụng định mức, đơn giá."))
        plan(run, w(40), self.ask_supplement(
            "Đề nghị Sở Xây dựng bổ sung, hoàn thiện hồ sơ: (1) thuyết minh khối lượng dữ liệu cần chuẩn hóa, nhập liệu "
            "(số dự án bất động sản, số giao dịch) làm căn cứ tính chi phí; (2) phương án khai thác dữ liệu thửa đất, "
            "quy hoạch từ CSDL đất đai tỉnh qua LGSP thay cho hạng mục số hóa bản đồ nền."))
        plan(run, w(38), self.answer("stc", "Thống nhất về nguồn kinh phí: nhiệm vụ thuộc danh mục dự kiến bố trí từ "
                                            "nguồn chi thường xuyên ngân sách tỉnh năm 2027. Đề nghị chủ đầu tư rà soát "
                                            "đơn giá nhập liệu theo định mức hiện hành trước khi trình phê duyệt.",
                                     file=("CV-y-kien-So-Tai-chinh.pdf", "Công văn góp ý kiến của Sở Tài chính")))
        plan(run, w(37), self.answer("nnmt", "Thống nhất. CSDL đất đai tỉnh đã kết nối LGSP; đề nghị chủ đầu tư khai "
                                             "thác dữ liệu thửa đất, quy hoạch sử dụng đất qua dịch vụ chia sẻ trên LGSP, "
                                             "không số hóa lại bản đồ địa chính."))
        plan(run, w(36), self.add("bcktkt", "Bao-cao-kinh-te-ky-thuat-hoan-thien.pdf", self.doc(
            "Báo cáo kinh tế – kỹ thuật (bản hoàn thiện theo yêu cầu bổ sung)",
            "Bo sung Phu luc 2: khoi luong du lieu; muc 4.3: khai thac CSDL dat dai qua LGSP"),
            note="Hoàn thiện theo yêu cầu bổ sung: Phụ lục 2 (khối lượng dữ liệu), mục 4.3 (kết nối CSDL đất đai qua "
                 "LGSP)."))
        plan(run, w(36), self.add("giai_trinh", "Van-ban-giai-trinh-bo-sung.docx", self.word(
            "Văn bản giải trình, bổ sung hồ sơ thẩm định",
            "1. Bổ sung thuyết minh khối lượng dữ liệu: khoảng 320 dự án nhà ở, khu đô thị và 38.000 giao dịch bất "
            "động sản giai đoạn 2020–2026 (Phụ lục 2).",
            "2. Bỏ hạng mục số hóa bản đồ nền; khai thác dữ liệu thửa đất, quy hoạch sử dụng đất từ CSDL đất đai tỉnh "
            "qua LGSP theo ý kiến của Sở Nông nghiệp và Môi trường.",
            "3. Cơ cấu chi phí được điều chỉnh, tổng dự toán không thay đổi.")))
        plan(run, w(35), self.hand_in("Đã bổ sung thuyết minh khối lượng dữ liệu (Phụ lục 2) và phương án khai thác "
                                      "dữ liệu đất đai qua LGSP (mục 4.3, Báo cáo kinh tế – kỹ thuật bản 2); bỏ hạng mục "
                                      "số hóa bản đồ nền, tổng dự toán không đổi."))
        plan(run, w(31), self.check([
            (Result.PASS, "Phù hợp Kế hoạch chuyển đổi số tỉnh năm 2026 (412/KH-UBND)."),
            (Result.PASS, "Không trùng CSDL đất đai tỉnh: khai thác dữ liệu thửa đất qua LGSP theo ý kiến của Sở NN&MT."),
            (Result.PASS, "Sản phẩm, quy mô dữ liệu đã được làm rõ tại hồ sơ bổ sung (Phụ lục 2)."),
            (Result.PASS, "Triển khai trên Trung tâm dữ liệu tỉnh; kết nối LGSP, SSO dùng chung."),
            (Result.PASS, "Dự toán phù hợp; Sở Tài chính thống nhất nguồn kinh phí năm 2027."),
            (Result.PASS, ""),
        ]))
        plan(run, w(30), self.conclude(
            "Hồ sơ đủ thành phần theo NĐ 224/2026/NĐ-CP Điều 66; nhiệm vụ phù hợp Kế hoạch chuyển đổi số năm 2026 "
            "của tỉnh; khai thác dữ liệu đất đai qua LGSP theo ý kiến của Sở Nông nghiệp và Môi trường, không đầu tư "
            "trùng lặp; nguồn kinh phí được Sở Tài chính thống nhất. Đủ điều kiện trình Chủ tịch UBND tỉnh phê duyệt."))
        plan(run, w(28), self.countersign(
            "Đã kiểm tra trình tự, thời hạn thẩm định, ý kiến các sở và hồ sơ bổ sung; người lập, người trình, người "
            "thẩm định khác nhau. Thống nhất kết luận."))
        plan(run, w(26), self.approve("phochutich"))
        plan(run, w(25), self.record_approved())
        return run

    def _waiting_leader(self) -> Run:
        """Sở Công Thương (a project of the portfolio, NĐ 45/2026): concluded, countersigned."""
        run, w, plan = Run("leader", "Chờ lãnh đạo phê duyệt"), self.w, self.plan
        name = "Xây dựng Cơ sở dữ liệu an toàn thực phẩm và truy xuất nguồn gốc hàng hóa tỉnh Sơn Lâm"
        plan(run, w(25), self.existing(name))
        plan(run, w(25), self.create(f"Tờ trình đề nghị thẩm định Báo cáo kinh tế – kỹ thuật dự án {lcfirst(name)}",
                                     3_790_000_000))
        plan(run, w(25), self.add("to_trinh", "To-trinh-tham-dinh.pdf", self.doc(
            "Tờ trình đề nghị thẩm định Báo cáo kinh tế – kỹ thuật", "Tong muc dau tu: 3.790.000.000 dong")))
        plan(run, w(24), self.add("bcktkt", "Bao-cao-kinh-te-ky-thuat.pdf", self.doc(
            "Báo cáo kinh tế – kỹ thuật", "Thiet ke mot buoc; nop ban dien tu")))
        plan(run, w(24), self.add("thiet_ke", "Thiet-ke-chi-tiet.pdf", self.doc(
            "Thiết kế chi tiết và dự toán", "Thuyet minh thiet ke chi tiet, so do ket noi LGSP")))
        plan(run, w(24), self.add("chu_truong", "QD-phe-duyet-chu-truong-dau-tu.pdf", lambda run: pdf(
            "Quyết định phê duyệt chủ trương đầu tư", [f"So {self.policy_number(run)} cua UBND tinh Son Lam",
                                                       run.project.name])))
        plan(run, w(22), self.submit())
        plan(run, w(21), self.ask("yte", "SL-SYT",
                                  "Đề nghị Sở Y tế cho ý kiến về phạm vi dữ liệu cơ sở sản xuất, kinh doanh thực phẩm "
                                  "thuộc ngành y tế quản lý và việc kết nối, chia sẻ với CSDL an toàn thực phẩm của tỉnh."))
        plan(run, w(17), self.answer("yte", "Thống nhất. Dữ liệu cơ sở thực phẩm do ngành y tế cấp giấy chứng nhận được "
                                            "chia sẻ qua LGSP; đề nghị thống nhất mã định danh cơ sở và phân quyền cập "
                                            "nhật theo phân công quản lý nhà nước về an toàn thực phẩm."))
        plan(run, w(8), self.check([
            (Result.PASS, "Hồ sơ đúng quy định, phù hợp chủ trương đầu tư đã được phê duyệt."),
            (Result.PASS, "Thuộc Kế hoạch chuyển đổi số năm 2026 của tỉnh."),
            (Result.PASS, "Không trùng Hệ thống truy xuất nguồn gốc quốc gia: kết nối, đồng bộ mã truy xuất; dữ liệu "
                          "ngành y tế khai thác qua LGSP (ý kiến Sở Y tế)."),
            (Result.PASS, "Kết nối LGSP; dữ liệu chủ về cơ sở thực phẩm lưu tại hệ thống này."),
            (Result.PASS, "Thiết kế phù hợp; hồ sơ đề xuất cấp độ 2 kèm theo."),
            (Result.PASS, "Tổng mức đầu tư phù hợp khái toán trong chủ trương."),
        ]))
        plan(run, w(5), self.conclude(
            "Hồ sơ đúng quy định, phù hợp chủ trương đầu tư được duyệt và Kế hoạch chuyển đổi số của tỉnh; không trùng "
            "lặp với Hệ thống truy xuất nguồn gốc quốc gia (kết nối, đồng bộ mã truy xuất); dữ liệu ngành y tế khai "
            "thác qua LGSP. Đủ điều kiện trình phê duyệt."))
        plan(run, w(2), self.countersign("Thống nhất kết luận thẩm định; hồ sơ đúng trình tự, trong thời hạn."))
        return run

    def _late_opinion(self) -> Run:
        """Sở NN&MT (a project of the portfolio, NĐ 224/2026): Công an tỉnh's opinion is overdue."""
        run, w, plan = Run("late", "Ý kiến quá hạn"), self.w, self.plan
        name = "Chuyển đổi số trong quản lý thủy lợi và phòng, chống thiên tai tỉnh Sơn Lâm"
        plan(run, w(24), self.existing(name))
        plan(run, w(24), self.create(f"Tờ trình đề nghị thẩm định Báo cáo kinh tế – kỹ thuật dự án {lcfirst(name)}",
                                     12_350_000_000))
        plan(run, w(24), self.add("to_trinh", "To-trinh-tham-dinh.pdf", self.doc(
            "Tờ trình đề nghị thẩm định Báo cáo kinh tế – kỹ thuật", "Tong muc dau tu: 12.350.000.000 dong")))
        plan(run, w(23), self.add("bcktkt", "Bao-cao-kinh-te-ky-thuat.pdf", self.doc(
            "Báo cáo kinh tế – kỹ thuật", "He thong giam sat, canh bao thien tai; ket noi Trung tam IOC")))
        plan(run, w(22), self.add("thiet_ke", "Thiet-ke-chi-tiet-va-du-toan.pdf", self.doc(
            "Thiết kế chi tiết và dự toán", "Tram do mua, muc nuoc tu dong; phan mem van hanh ho chua")))
        plan(run, w(22), self.add("chu_truong", "QD-phe-duyet-chu-truong-dau-tu.pdf", lambda run: pdf(
            "Quyết định phê duyệt chủ trương đầu tư", [f"So {self.policy_number(run)} cua UBND tinh Son Lam",
                                                       _ascii(run.project.name)])))
        plan(run, w(18), self.submit())
        plan(run, w(17), self.ask("stc", "SL-STC",
                                  "Đề nghị Sở Tài chính cho ý kiến về khả năng cân đối nguồn vốn đầu tư công trung hạn "
                                  "giai đoạn 2026–2030 và kế hoạch vốn năm 2027 cho dự án."))
        plan(run, w(13), self.answer("stc", "Dự án thuộc danh mục dự kiến kế hoạch đầu tư công trung hạn 2026–2030 của "
                                            "tỉnh; Sở Tài chính tham mưu bố trí vốn năm 2027 sau khi dự án được phê duyệt."))
        plan(run, w(10), self.check([
            (Result.PASS, "Phù hợp chủ trương đầu tư được duyệt."),
            (Result.PASS, "Thuộc Kế hoạch chuyển đổi số năm 2026 của tỉnh."),
            (Result.PASS, "Không trùng Hệ thống thông tin quản lý tài nguyên nước: dự án quản lý công trình thủy lợi, "
                          "cảnh báo thiên tai; dùng chung dữ liệu quan trắc qua LGSP."),
            None, None, None,
        ]))
        plan(run, w(9), self.ask("ca", "SL-CA",
                                 "Đề nghị Công an tỉnh cho ý kiến về hồ sơ đề xuất cấp độ an toàn hệ thống thông tin "
                                 "(đề xuất cấp độ 3) và phương án bảo đảm an ninh mạng của hệ thống giám sát, cảnh báo "
                                 "thiên tai kết nối Trung tâm IOC của tỉnh."))
        return run

    def _supplement(self) -> Run:
        """Sở GD&ĐT, registered in 2024 under NĐ 73/2019: đề cương và dự toán chi tiết, waiting for a supplement."""
        run, w, plan = Run("supplement", "Chờ bổ sung"), self.w, self.plan
        spec = P("Xây dựng phần mềm quản lý đội ngũ nhà giáo và cán bộ quản lý giáo dục tỉnh Sơn Lâm", "SL-SGDDT",
                 "recurrent", dt.date(2024, 6, 17), 2_050, "proposed", (2026, 2027), src=("NSDP-TX",),
                 caps=("GIAODUC", "CHUYENNGANH"), ents=("GIAODUC", "CBCCVC"),
                 scope="Thực hiện theo đề cương và dự toán chi tiết được phê duyệt (NĐ 73/2019/NĐ-CP, TT 03/2020/"
                       "TT-BTTTT); triển khai tại Sở Giáo dục và Đào tạo và các trường trực thuộc; đồng bộ dữ liệu "
                       "với Cơ sở dữ liệu ngành giáo dục; thời gian thực hiện giai đoạn 2026–2027.")
        name = lcfirst(spec.name)
        plan(run, spec.start, self.register(spec, "ND73_2019", (docs.ANNUAL_PLANS[2024],)))
        plan(run, w(15), self.create(f"Tờ trình đề nghị thẩm định đề cương và dự toán chi tiết nhiệm vụ {name}",
                                     2_046_000_000))
        plan(run, w(15), self.add("to_trinh", "To-trinh-tham-dinh.docx", self.word(
            "Tờ trình đề nghị thẩm định đề cương và dự toán chi tiết",
            "Kính gửi: Sở Khoa học và Công nghệ.",
            "Căn cứ Nghị định số 73/2019/NĐ-CP và Thông tư số 03/2020/TT-BTTTT, Sở Giáo dục và Đào tạo đề nghị "
            "thẩm định đề cương và dự toán chi tiết nhiệm vụ, kinh phí 2.046.000.000 đồng.")))
        plan(run, w(14), self.add("de_cuong", "De-cuong-du-toan-chi-tiet.pdf", self.doc(
            "Đề cương và dự toán chi tiết", "Chi phi du phong: 12% tong du toan")))
        plan(run, w(14), self.add("khao_sat", "Bao-cao-hien-trang.pdf", self.doc(
            "Báo cáo hiện trạng, kết quả khảo sát", "Hien trang quan ly ho so doi ngu tai 46 truong truc thuoc")))
        plan(run, w(12), self.submit())
        plan(run, w(9), self.check([
            (Result.PASS, "Thuộc Kế hoạch chuyển đổi số năm 2024 của tỉnh (9125/KH-UBND)."),
            (Result.PASS, "Phần mềm cấp tỉnh quản lý hồ sơ đội ngũ, đồng bộ lên CSDL ngành giáo dục; không xây dựng "
                          "trùng CSDL của Bộ."),
            (Result.PASS, ""),
            (Result.PASS, "Triển khai trên Trung tâm dữ liệu tỉnh, kết nối LGSP và SSO dùng chung."),
            None,
            (Result.FAIL, "Chi phí dự phòng tính bằng 12% tổng dự toán, vượt mức tối đa 10% theo TT 03/2020/TT-BTTTT; "
                          "đề nghị tính lại."),
        ]))
        plan(run, w(8), self.ask_supplement(
            "Đề nghị Sở Giáo dục và Đào tạo bổ sung, hoàn thiện: (1) tính lại chi phí dự phòng (hiện 12% tổng dự toán, "
            "vượt mức tối đa 10%); (2) bổ sung báo giá hoặc chứng thư thẩm định giá cho các khoản mục phần mềm nội "
            "bộ; (3) làm rõ việc đồng bộ dữ liệu đội ngũ với Cơ sở dữ liệu ngành giáo dục của Bộ GD&ĐT."))
        return run

    def _reminders(self) -> Run:
        """The daily ``send_appraisal_reminders`` job, each working morning from the first submission:
        reminders before deadlines, overdue notices, and the escalation of the late opinion."""
        run, day = Run("job", "Nhắc hạn hằng ngày", time=dt.time(6, 30)), self.w(43)
        while day <= DATA_END:
            if self.cal.is_working_day(day):
                self.plan(run, day, self.remind(), prio=0)
            day += DAY
        return run

    def _submitted(self) -> Run:
        """Sở Tư pháp (a project of the portfolio, NĐ 73 + NĐ 82/2024): just submitted, two opinions."""
        run, w, plan = Run("submitted", "Vừa trình"), self.w, self.plan
        name = "Xây dựng phần mềm cấp Phiếu lý lịch tư pháp trực tuyến kết nối ứng dụng VNeID"
        plan(run, w(9), self.existing(name))
        plan(run, w(9), self.create(f"Tờ trình đề nghị thẩm định đề cương và dự toán chi tiết nhiệm vụ {lcfirst(name)}",
                                    1_638_000_000))
        plan(run, w(9), self.add("to_trinh", "To-trinh-tham-dinh.pdf", self.doc(
            "Tờ trình đề nghị thẩm định đề cương và dự toán chi tiết", "Kinh phi: 1.638.000.000 dong")))
        plan(run, w(8), self.add("de_cuong", "De-cuong-du-toan-chi-tiet.pdf", self.doc(
            "Đề cương và dự toán chi tiết", "Ket noi VNeID, CSDL quoc gia ve dan cu (De an 06)")))
        plan(run, w(8), self.add("bao_gia", "Bao-gia-va-chung-thu-tham-dinh-gia.pdf", self.doc(
            "Báo giá và chứng thư thẩm định giá phần mềm")))
        plan(run, w(7), self.add("khao_sat", "Bao-cao-hien-trang-khao-sat.pdf", self.doc(
            "Báo cáo hiện trạng, kết quả khảo sát", "So phieu ly lich tu phap cap nam 2025: khoang 9.400")))
        plan(run, w(6), self.submit())
        plan(run, w(5), self.ask("stc", "SL-STC",
                                 "Đề nghị Sở Tài chính cho ý kiến về nguồn kinh phí chi thường xuyên và việc áp dụng "
                                 "định mức, đơn giá trong dự toán chi tiết (1.638 triệu đồng)."))
        plan(run, w(5), self.ask("ca", "SL-CA",
                                 "Đề nghị Công an tỉnh cho ý kiến về phương án kết nối, xác thực qua ứng dụng VNeID và "
                                 "Cơ sở dữ liệu quốc gia về dân cư (Đề án 06), yêu cầu bảo vệ dữ liệu cá nhân và cấp độ "
                                 "an toàn hệ thống thông tin.", working_days=12))
        plan(run, w(2), self.answer("stc", "Thống nhất bố trí từ nguồn kinh phí thực hiện Đề án 06 trong dự toán chi "
                                           "thường xuyên của Sở Tư pháp; đơn giá phần mềm có chứng thư thẩm định giá "
                                           "kèm theo hồ sơ."))
        plan(run, w(1), self.check([
            (Result.PASS, "Thuộc Kế hoạch 1856/KH-UBND triển khai Đề án 06; phù hợp Công văn 1470/UBND-NC."),
            None, None, None, None, None,
        ]))
        return run
