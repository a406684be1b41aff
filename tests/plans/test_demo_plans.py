"""The demo's 2027 planning round, closed: 25 proposals from 12 units, the duplicates and the proposal a
core system already covers caught by the checks, the carried-over task of a paused project held
back, two reviewers scoring on their own, a plan approved by the leader and an adjustment
version with its difference, both carried into the registry — all through the services, maker ≠
checker at every step, nothing dated in the future, nothing above an envelope. And the 2028
round, open today: another unit's proposal sent, and Sở Y tế's drafts showing, before they are
sent, that they duplicate it and that the province's IOC already does the other. The demo is the
shared ``demo`` world of tests/conftest.py (built once per test process)."""
from collections import Counter

from django.db.models import Max
from django.utils import timezone

from cds.accounts.models import User
from cds.audit.models import AuditEvent
from cds.plans import checks, selectors
from cds.plans import services as ps
from cds.plans.models import (
    Basis,
    Finding,
    Funding,
    PlanStatus,
    PlanVersion,
    Proposal,
    ProposalStatus,
    Round,
    RoundStatus,
    Score,
)
from cds.projects.models import BudgetEntry, Stage, State

#: The real checks are in (not the placeholder that finds nothing).
CHECKS = bool(getattr(checks, "REGISTERED", None))


def _by_name(round_, name_start: str) -> Proposal:
    return round_.proposals.get(name__startswith=name_start)


def test_demo_planning_round(demo):
    now, today = timezone.now(), timezone.localdate()
    round_ = Round.objects.select_related("finance_unit", "receiving_unit", "rubric").get(basis_number="2318/UBND-KGVX")
    appraiser, finance, leader = (User.objects.get(username=n) for n in ("thamdinh", "cv_stc", "lanhdao"))

    # --- the round: basis, envelopes by source, the finance department beside the authority ----------
    assert round_.year_from == round_.year_to == 2027 and round_.basis_issuer == "UBND tỉnh Sơn Lâm"
    assert round_.receiving_unit.short_name == "Sở KH&CN" and round_.finance_unit.name == "Sở Tài chính"
    assert round_.status == RoundStatus.CLOSED            # finished: the live demo is the next round
    assert AuditEvent.objects.filter(verb="plan.round_reviewing", target_id=round_.pk).exists()
    envelopes = {e.funding_source.code: e.amount for e in round_.envelopes.select_related("funding_source")}
    assert set(envelopes) == {"NSDP-DT", "NSDP-TX", "NSTW-DT"} and all(a % 1_000_000 == 0 for a in envelopes.values())
    assert finance.unit == round_.finance_unit and "cv_stc" in demo.output.split("Tài khoản khác")[0]

    # --- 25 proposals from 12 units; four units called never answered ----------------------------------
    proposals = list(round_.proposals.select_related("unit", "project"))
    assert len(proposals) == 25 and len({p.unit_id for p in proposals}) == 12
    assert round_.called_units.count() == 16 and len(selectors.late_units(round_)) == 4
    statuses = Counter(p.status for p in proposals)
    assert statuses == {ProposalStatus.SUBMITTED: 21, ProposalStatus.DRAFT: 1, ProposalStatus.RETURNED: 1,
                        ProposalStatus.MERGED: 1, ProposalStatus.REJECTED: 1}
    for p in proposals:
        assert p.total > 0 and p.total == sum(c.amount for c in p.costs.all())
        assert p.prepared_by_id and p.submitted_by_id != p.prepared_by_id     # staff prepares, head sends
        if p.submitted_by_id:   # nor wrote any of it before sending it
            before = p.history.filter(history_date__lt=p.submitted_at).values_list("history_user_id", flat=True)
            assert p.submitted_by_id not in set(before)
    draft = next(p for p in proposals if p.status == ProposalStatus.DRAFT)
    assert draft.prepared_by.username == "cv_yte" and draft.unit.short_name == "Sở Y tế"
    returned = next(p for p in proposals if p.status == ProposalStatus.RETURNED)
    assert returned.return_comment and returned.unit.short_name == "Sở Xây dựng"

    # --- the duplicate pair merged, the proposal a core system covers rejected, with reasons -----------
    merged = next(p for p in proposals if p.status == ProposalStatus.MERGED)
    kept = merged.merged_into
    assert {merged.unit.short_name, kept.unit.short_name} == {"Sở Y tế", "Sở Nội vụ"}
    assert kept.status == ProposalStatus.SUBMITTED and merged.decision_reason and merged.decided_by == appraiser
    rejected = next(p for p in proposals if p.status == ProposalStatus.REJECTED)
    assert "SL-QLVB" in rejected.decision_reason and rejected.decided_by == appraiser
    assert not rejected.systems.filter(code="SL-QLVB").exists()          # it did not declare building on it
    assert rejected.capabilities.filter(code="QLVB").exists()              # … while listing what SL-QLVB offers

    # --- the carried-over task of a paused project, held back with its reason ----------------------------
    carried = [p for p in proposals if p.basis == Basis.CARRIED]
    assert len(carried) == 2 and all(p.project_id for p in carried)
    paused = next(p for p in carried if p.project.state == State.PAUSED)
    assert paused.status == ProposalStatus.SUBMITTED and paused.funding == Funding.UNFUNDED
    assert "tạm dừng" in paused.funding_note
    assert paused.total == ps.remaining_to_fund(paused.project)          # pre-filled from the registry

    # --- two reviewers, each on their own, with some spread ---------------------------------------------
    sent = [p for p in proposals if p.status == ProposalStatus.SUBMITTED]
    scores = Score.objects.filter(proposal__round=round_)
    assert scores.count() == 2 * len(sent)
    assert set(scores.values_list("reviewer__username", flat=True)) == {"thamdinh", "cv_stc"}
    assert all(p.score_count == 2 and p.score is not None for p in sent)
    assert max(p.score_spread for p in sent) >= 15 and min(p.score_spread for p in sent) < 10
    assert not scores.exclude(rubric=round_.rubric).exists()

    # --- funding within the envelopes; the plan and its adjustment ----------------------------------------
    funded = [p for p in sent if p.funding == Funding.FUNDED]
    assert 12 <= len(funded) < len(sent)
    assert all(not row.over for row in selectors.envelope_usage(round_))
    v2, v1 = PlanVersion.objects.filter(round=round_).order_by("-number")
    assert (v1.number, v1.status, v1.decision_number) == (1, PlanStatus.SUPERSEDED, "2041/QĐ-UBND")
    assert (v2.number, v2.status, v2.decision_number) == (2, PlanStatus.APPROVED, "2687/QĐ-UBND")
    assert v2.based_on == v1 and v2.reason and v1.registered_at and v2.registered_at
    for plan in (v1, v2):
        assert plan.prepared_by == appraiser and plan.approved_by == leader
        assert not ps.plan_over(plan)                                      # never above an envelope
    assert {i.proposal_id for i in v1.items.all()} == {p.pk for p in funded}
    changes = {c.kind: c for c in selectors.plan_diff(v1, v2)}
    assert set(changes) == {"added", "changed", "removed"}
    assert changes["changed"].after < changes["changed"].before
    assert AuditEvent.objects.filter(verb="plan.submitted", data__number=2).exists()

    # --- the approved items in the registry, with their estimate lines -----------------------------------
    new_items = v2.items.filter(proposal__basis=Basis.NEW).select_related("project")
    assert new_items.exists() and all(i.project_id for i in new_items)
    for item in new_items:
        live = BudgetEntry.objects.filter(project=item.project, stage=Stage.ESTIMATE, voided=False)
        assert sum(e.amount for e in live) == item.total, item.name
        assert item.project.state == State.PROPOSED and item.project.investor_unit_id == item.unit_id
    dropped = v1.items.exclude(proposal__in=v2.items.values("proposal")).get()
    assert not BudgetEntry.objects.filter(project=dropped.project, stage=Stage.ESTIMATE, voided=False).exists()

    # --- nothing in the future -----------------------------------------------------------------------------
    for model, name in ((Round, "created_at"), (Proposal, "created_at"), (Proposal, "updated_at"),
                        (Score, "created_at"), (PlanVersion, "created_at"), (Finding, "created_at"),
                        (Proposal.history.model, "history_date"), (AuditEvent, "created_at")):
        latest = model.objects.aggregate(m=Max(name))["m"]
        assert latest is None or latest <= now, (model.__name__, name)
    assert max(v.decision_date for v in (v1, v2)) <= today
    assert Proposal.objects.filter(round=round_).earliest("created_at").created_at.date() > round_.basis_date

    if not CHECKS:
        return
    # --- what the checks caught (with the real checks module) ---------------------------------------------
    def codes(p):
        return set(p.findings.values_list("code", flat=True))

    # the ward's software: the province's core system offers it
    assert rejected.findings.filter(code="reuse.core", system__code="SL-QLVB").exists()
    # the late draft: the IOC already does it, and no basis is stated — shown before it is sent
    assert draft.findings.filter(code="reuse.core", system__code="SL-IOC").exists() and draft.warnings >= 2
    assert "basis.missing" in codes(draft)
    # the carried-over task of the paused project
    assert paused.findings.filter(code="carried.paused", other_project=paused.project).exists()
    # the two units' database: caught when Sở Y tế's was sent; the merged one keeps the finding
    # as the record of why, the one kept no longer carries it …
    sent_event = AuditEvent.objects.get(verb="plan.proposal_submitted", data__code=merged.code)
    assert sent_event.data["warnings"] >= 1
    assert merged.findings.filter(code="overlap.round", other_proposal=kept).exists()
    assert not kept.findings.filter(code="overlap.round", other_proposal=merged).exists()
    # … and the checks still find the pair were the merge undone
    merged.status = ProposalStatus.SUBMITTED
    found = checks.run(merged, appraiser)
    assert any(f.code == "overlap.round" and f.other_proposal == kept.pk for f in found)


def test_demo_round_open_today(demo):
    today = timezone.localdate()
    round_ = Round.objects.select_related("finance_unit").get(basis_number="2964/UBND-KGVX")
    last = Round.objects.get(basis_number="2318/UBND-KGVX")
    assert round_.year_from == round_.year_to == 2028 and round_.status == RoundStatus.OPEN
    assert round_.opened_by.username == "thamdinh" and round_.finance_unit.name == "Sở Tài chính"
    assert round_.basis_date <= today and round_.basis_date.year == 2026
    assert set(round_.called_units.values_list("pk", flat=True)) == set(last.called_units.values_list("pk", flat=True))
    assert {e.year for e in round_.envelopes.all()} == {2028}
    proposals = {p.name: p for p in round_.proposals.select_related("unit", "prepared_by", "submitted_by")}
    sent = [p for p in proposals.values() if p.status == ProposalStatus.SUBMITTED]
    drafts = [p for p in proposals.values() if p.status == ProposalStatus.DRAFT]
    assert len(sent) == 1 and sent[0].unit.short_name == "Sở Nội vụ" and sent[0].submitted_by_id != sent[0].prepared_by_id
    assert len(drafts) == 2 and {p.prepared_by.username for p in drafts} == {"cv_yte"}
    if not CHECKS:
        return
    twin = next(p for p in drafts if p.findings.filter(code="overlap.round").exists())
    finding = twin.findings.get(code="overlap.round")
    assert finding.other_proposal == sent[0] and finding.level == "warning"
    assert "Sở Nội vụ" in finding.message and sent[0].code in finding.message
    ioc = next(p for p in drafts if p is not twin)
    assert ioc.findings.filter(code="reuse.core", system__code="SL-IOC").exists()
    assert ioc.findings.filter(code="basis.missing").exists()
