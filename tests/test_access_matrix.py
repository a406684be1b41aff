"""The access matrix: every named URL of the project × every role of the cast → what it answers.

``MATRIX`` below *is* the access policy, written as data: for each URL name, one or more probes
(a method, the objects the URL is built with, and the answer each role gets). A reader sees the
whole policy in one place; a change of policy is a change of this table.

* Every signed-in role is probed with GET on every URL (the API with the role's bearer token);
  ``anonymous`` is a client with no session and no token.
* Object URLs are built with the objects of a small world (``access_world``: projects of unit A
  — Sở KH&CN —, of unit B — Sở Y tế — and of the other tree, a review campaign and its reports,
  an appraisal dossier with an answered opinion, directives with tasks, a progress report and an
  extension request, an overlap pair, a notification, API tokens). A record outside a user's
  scope answers 404 — exactly like one that does not exist, never 403 (which would confirm it
  exists) and never 200.
* POST-only URLs are listed with what GET really answers (405, after the login redirect), plus a
  POST (PATCH for the API) by the users for whom the object is out of scope: 404, nothing done.
* The admin site's URLs are generated from ``ADMIN_MODELS`` (one line per registered model: what
  the superuser may do there); every other role is sent to the admin's login page.
* ``test_every_named_url_is_in_the_matrix`` fails when a URL name exists without a row (a new
  page must be added here, with its policy) or a row names a URL that no longer exists.

One test per role walks every probe with one client and reports all the differences together.
The world is a shared world of tests/conftest.py: built once per test process, each role's test
runs in its own rolled-back transaction inside it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import SHARED_WORLDS, open_shared_world

# ------------------------------------------------------------------- roles ----

UNIT_A = ("staff_a", "head_a")                  # Sở KH&CN (successor of Sở TT&TT)
UNIT_B = ("staff_b", "head_b")                  # Sở Y tế
WIDE = ("appraiser", "supervisor", "leader", "inspector", "admin")   # province-wide roles
OTHER_TREE = ("outsider", "outsider_staff")     # an appraiser and a unit staff of the ministry
SIGNED_IN = UNIT_A + UNIT_B + WIDE + OTHER_TREE
ROLES = SIGNED_IN + ("anonymous",)

OUTSIDE_A = UNIT_B + OTHER_TREE                 # those for whom unit A's records are out of scope
INSIDERS = ("admin", "leader")                  # read the ranking's drafts and comparisons
NOT_INSIDERS = tuple(r for r in SIGNED_IN if r not in INSIDERS)


# ----------------------------------------------------------------- answers ----

@dataclass(frozen=True)
class Redirect:
    """302 to the URL named ``to`` (built with ``args``); ``back``: with ?next=<the probed path>."""
    to: str
    back: bool = False
    args: tuple = ()

    def __str__(self):
        return f"302→{self.to}" + ("?next=…" if self.back else "")


LOGIN = Redirect("accounts:login", back=True)
ADMIN_LOGIN = Redirect("admin:login", back=True)


def expect(default, overrides=None, *, anonymous=LOGIN) -> dict:
    """Role → answer: ``default`` for every signed-in role, then ``overrides`` ({role or tuple of
    roles: answer}), and ``anonymous``."""
    table = dict.fromkeys(SIGNED_IN, default)
    for roles, answer in (overrides or {}).items():
        for role in (roles,) if isinstance(roles, str) else roles:
            assert role in table, role
            table[role] = answer
    table["anonymous"] = anonymous
    return table


def only(overrides) -> dict:
    """Answers for some roles only (the others are not probed this way)."""
    return {role: answer for roles, answer in overrides.items()
            for role in ((roles,) if isinstance(roles, str) else roles)}


def _named(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


EVERYONE = expect(200)                          # every signed-in role reads it; anonymous → login
POST_ONLY = expect(405)                         # GET of a POST-only page (after the login redirect)
API_EVERYONE = expect(200, anonymous=401)       # the API: a bearer token or 401


@dataclass(frozen=True)
class Probe:
    expected: dict
    method: str = "get"
    args: dict = field(default_factory=dict)      # URL kwarg → key of an object of the world
    literal: dict = field(default_factory=dict)   # URL kwarg → value as is
    positional: str = ""                          # world key of the positional args (regex URLs)
    query: str = ""
    body: dict | None = None
    api: bool = False                             # send the role's bearer token


def get(expected, *, query="", literal=None, positional="", **args):
    return Probe(expected, "get", args, literal or {}, positional, query)


def post(expected, *, literal=None, **args):
    return Probe(expected, "post", args, literal or {})


def api_get(expected, *, query="", **args):
    return Probe(expected, "get", args, query=query, api=True)


def api_send(method, expected, body, **args):
    return Probe(expected, method, args, body=body, api=True)


# ------------------------------------------------------------------ policy ----
# Keys of the world: project_a (Sở KH&CN, in operation) with entry_a, doc_a (with a file) and
# event_a; project_bo (the ministry); unit_a (Sở KH&CN); campaign (of the province, open; unit A
# and unit B have reports in it); review_a (unit A's report) with issue_a, evidence_a and
# follow_up_a; dossier (of a project of unit A, in appraisal) with dossier_doc and opinion
# (asked of Sở Tài chính, answered with a file); directive (of UBND tỉnh, with a file; task_a led
# by unit A, another task led by unit B) with report_a (with evidence) and extension_a on task_a;
# directive_a (internal directive of unit A); pair (an overlap pair of unit A's and unit B's
# projects); notification_a (staff_a's).

MATRIX: dict[str, list[Probe]] = {
    "dashboard:home": [get(EVERYONE)],
    # The leadership dashboard and its documents: the province-wide roles (each of its own tree);
    # a unit role is refused (its figures are on the project list and the published ranking).
    "dashboard:leadership": [get(expect(403, {WIDE + ("outsider",): 200}))],
    "dashboard:leadership_docx": [get(expect(403, {WIDE + ("outsider",): 200}))],
    "dashboard:leadership_xlsx": [get(expect(403, {WIDE + ("outsider",): 200}))],
    "accounts:login": [get(expect(Redirect("dashboard:home"), anonymous=200))],
    "accounts:logout": [get(expect(405, anonymous=405))],           # signing out is a POST

    # --- projects ---------------------------------------------------------------------------
    "projects:list": [get(EVERYONE)],
    "projects:create": [get(expect(200, {("supervisor", "leader", "inspector"): 403}))],
    "projects:detail": [
        get(expect(200, {OUTSIDE_A: 404}), pk="project_a"),
        get(expect(200, {OUTSIDE_A: 404}), pk="project_a", query="tab=trace"),        # the trace of amounts
        get(expect(200, {OUTSIDE_A: 404}), pk="project_a", query="tab=budget&by=source"),
        get(expect(404, {OTHER_TREE: 200}), pk="project_bo"),
    ],
    # Unit A and the CĐS agency edit; other province-wide roles see it but may not change it.
    "projects:edit": [get(expect(403, {UNIT_A + ("appraiser",): 200, OUTSIDE_A: 404}), pk="project_a")],
    # Pausing is the leader's decision.
    "projects:transition": [get(expect(403, {"leader": 200, OUTSIDE_A: 404}), pk="project_a",
                                literal={"action": "pause"})],
    "projects:scale_down": [get(expect(403, {"leader": 200, OUTSIDE_A: 404}), pk="project_a")],
    "projects:budget_add": [get(POST_ONLY, pk="project_a"), post(only({OUTSIDE_A: 404}), pk="project_a")],
    "projects:budget_void": [get(POST_ONLY, pk="project_a", entry_id="entry_a"),
                             post(only({OUTSIDE_A: 404}), pk="project_a", entry_id="entry_a")],
    "projects:document_add": [get(POST_ONLY, pk="project_a"), post(only({OUTSIDE_A: 404}), pk="project_a")],
    "projects:document_download": [get(expect(200, {OUTSIDE_A: 404}), pk="project_a", doc_id="doc_a")],
    "projects:document_remove": [get(POST_ONLY, pk="project_a", doc_id="doc_a"),
                                 post(only({OUTSIDE_A: 404}), pk="project_a", doc_id="doc_a")],
    "projects:event_check": [get(POST_ONLY, pk="project_a", event_id="event_a"),
                             post(only({OUTSIDE_A: 404}), pk="project_a", event_id="event_a")],
    "projects:export": [get(EVERYONE)],                             # the rows are scoped
    "projects:import": [get(expect(200, {("supervisor", "leader", "inspector"): 403}))],
    "projects:import_template": [get(expect(200, {("supervisor", "leader", "inspector"): 403}))],
    "projects:import_confirm": [get(POST_ONLY)],

    # --- units ------------------------------------------------------------------------------
    "orgs:list": [get(EVERYONE)],
    "orgs:detail": [get(expect(200, {OUTSIDE_A: 404}), pk="unit_a")],

    # --- effectiveness reviews --------------------------------------------------------------
    "reviews:list": [get(EVERYONE)],
    "reviews:create": [get(expect(403, {("appraiser", "admin", "outsider"): 200}))],
    "reviews:open_annual": [get(expect(403, {("appraiser", "admin", "outsider"): 200}))],
    # A unit sees the campaigns it has reports in (unit A and unit B both have).
    "reviews:campaign": [get(expect(200, {OTHER_TREE: 404}), pk="campaign")],
    "reviews:open": [get(expect(403, {("appraiser", "admin"): 200, OTHER_TREE: 404}), pk="campaign")],
    "reviews:close": [get(POST_ONLY, pk="campaign"), post(only({OTHER_TREE: 404}), pk="campaign")],
    "reviews:report_docx": [get(expect(200, {OTHER_TREE: 404}), pk="campaign")],
    "reviews:report_xlsx": [get(expect(200, {OTHER_TREE: 404}), pk="campaign")],
    "reviews:review": [get(expect(200, {OUTSIDE_A: 404}), pk="review_a")],
    **{f"reviews:{name}": [get(POST_ONLY, pk="review_a"), post(only({OUTSIDE_A: 404}), pk="review_a")]
       for name in ("save", "add_issue", "add_evidence", "submit", "return", "assess", "decide")},
    "reviews:answer_issue": [get(POST_ONLY, pk="review_a", issue_id="issue_a"),
                             post(only({OUTSIDE_A: 404}), pk="review_a", issue_id="issue_a")],
    "reviews:evidence": [get(expect(200, {OUTSIDE_A: 404}), pk="review_a", evidence_id="evidence_a")],
    "reviews:follow_up_done": [get(POST_ONLY, pk="review_a", action_id="follow_up_a"),
                               post(only({OUTSIDE_A: 404}), pk="review_a", action_id="follow_up_a")],

    # --- overlap ----------------------------------------------------------------------------
    # The review queue is for province-wide roles (of each tree); deciding is POST.
    "overlap:queue": [get(expect(403, {WIDE + ("outsider",): 200}))],
    "overlap:check": [get(EVERYONE)],                               # the hint under the name field
    "overlap:scan": [get(POST_ONLY)],
    "overlap:decide": [get(POST_ONLY, pk="pair"), post(only({UNIT_A + OUTSIDE_A: 404}), pk="pair")],
    # One decision for the ticked pairs of a cluster: the deciding roles get the form's 400 for an
    # empty post, everyone else 403.
    "overlap:decide_cluster": [get(POST_ONLY), post(expect(403, {("appraiser", "admin", "outsider"): 400}))],
    # the former platform catalogue: a permanent redirect to the systems list once that exists
    "overlap:platforms": [get(expect(301) if _named("systems:list") else EVERYONE)],

    "workdays:year": [get(EVERYONE)],

    # --- appraisal --------------------------------------------------------------------------
    "appraisal:tracking": [get(EVERYONE)],                          # each sees the dossiers of its scope
    "appraisal:rules": [get(EVERYONE)],
    # The investor unit prepares the dossier.
    "appraisal:create": [get(expect(403, {UNIT_A: 200, OUTSIDE_A: 404}), project_id="project_a")],
    "appraisal:dossier": [get(expect(200, {OUTSIDE_A: 404}), pk="dossier")],
    "appraisal:document_download": [get(expect(200, {OUTSIDE_A: 404}), pk="dossier", doc_id="dossier_doc")],
    "appraisal:opinion_file": [get(expect(200, {OUTSIDE_A: 404}), opinion_id="opinion")],
    "appraisal:report": [get(expect(200, {OUTSIDE_A: 404}), pk="dossier")],
    "appraisal:decision_draft": [get(expect(200, {OUTSIDE_A: 404}), pk="dossier")],
    **{f"appraisal:{name}": [get(POST_ONLY, pk="dossier"), post(only({OUTSIDE_A: 404}), pk="dossier")]
       for name in ("document_add", "submit", "supplement_request", "supplement", "opinion_request", "checklist",
                    "conclude", "countersign", "decide")},
    "appraisal:opinion_answer": [get(POST_ONLY, opinion_id="opinion"),
                                 post(only({OUTSIDE_A: 404}), opinion_id="opinion")],

    # --- directives -------------------------------------------------------------------------
    "directives:home": [get(EVERYONE)],
    "directives:export": [get(EVERYONE)],                           # the rows are scoped
    "directives:directives": [get(EVERYONE)],
    "directives:directive_create": [get(expect(200, {("supervisor", "leader", "inspector"): 403}))],
    # UBND tỉnh's directive: unit A and unit B each lead one of its tasks.
    "directives:directive": [
        get(expect(200, {OTHER_TREE: 404}), pk="directive"),
        get(expect(200, {OUTSIDE_A: 404}), pk="directive_a"),
    ],
    # Managed by whoever registers for the issuer: the CĐS agency and admins for UBND tỉnh, the
    # unit itself for its internal directive.
    "directives:directive_edit": [
        get(expect(403, {("appraiser", "admin"): 200, OTHER_TREE: 404}), pk="directive"),
        get(expect(403, {UNIT_A + ("appraiser", "admin"): 200, OUTSIDE_A: 404}), pk="directive_a"),
    ],
    "directives:assistant": [
        get(expect(403, {("appraiser", "admin"): 200, OTHER_TREE: 404}), pk="directive"),
        get(expect(403, {UNIT_A + ("appraiser", "admin"): 200, OUTSIDE_A: 404}), pk="directive_a"),
    ],
    "directives:directive_file": [get(expect(200, {OTHER_TREE: 404}), pk="directive")],
    "directives:task_create": [get(POST_ONLY, pk="directive"), post(only({OTHER_TREE: 404}), pk="directive"),
                               post(only({OUTSIDE_A: 404}), pk="directive_a")],
    # Unit B sees its own task of the directive, not unit A's.
    "directives:task": [get(expect(200, {OUTSIDE_A: 404}), pk="task_a")],
    "directives:task_edit": [get(expect(403, {("appraiser", "admin"): 200, OUTSIDE_A: 404}), pk="task_a")],
    **{f"directives:{name}": [get(POST_ONLY, pk="task_a"), post(only({OUTSIDE_A: 404}), pk="task_a")]
       for name in ("task_delete", "task_report", "task_extension")},
    "directives:report_evidence": [get(expect(200, {OUTSIDE_A: 404}), pk="task_a", report_id="report_a")],
    "directives:extension_decide": [get(POST_ONLY, pk="task_a", req_id="extension_a"),
                                    post(only({OUTSIDE_A: 404}), pk="task_a", req_id="extension_a")],
    "directives:calendar": [get(EVERYONE)],
    "directives:performance": [get(expect(200, {UNIT_A + UNIT_B + ("outsider_staff",): 403}))],

    # --- estimates: the calculators store nothing; every signed-in role may use them ---------
    "estimates:calc_ucp": [get(EVERYONE), get(EVERYONE, query="method=QD671")],
    "estimates:calc_rates": [get(EVERYONE)],
    "estimates:calc_data": [get(EVERYONE)],

    # --- estimates: the investor unit prepares, the CĐS appraiser or the supervisor checks ------
    # ``estimate``: unit A's estimate, imported from a sheet (version 1 keeps the file), a line
    # with evidence, submitted for checking.
    "estimates:list": [get(EVERYONE)],                             # the rows are scoped
    "estimates:worklist": [get(expect(403, {("appraiser", "supervisor", "outsider"): 200}))],
    "estimates:create": [get(expect(403, {UNIT_A: 200, OUTSIDE_A: 404}), project_id="project_a")],
    "estimates:detail": [get(expect(200, {OUTSIDE_A: 404}), pk="estimate"),
                         get(expect(200, {OUTSIDE_A: 404}), pk="estimate", query="phien-ban=1")],
    "estimates:diff": [get(expect(200, {OUTSIDE_A: 404}), pk="estimate")],
    "estimates:template": [get(expect(403, {UNIT_A: 200, OUTSIDE_A: 404}), pk="estimate")],
    "estimates:version_file": [get(expect(200, {OUTSIDE_A: 404}), pk="estimate", literal={"number": 1})],
    "estimates:line_add": [get(expect(403, {UNIT_A: 200, OUTSIDE_A: 404}), pk="estimate")],
    "estimates:line_edit": [get(expect(403, {UNIT_A: 200, OUTSIDE_A: 404}), pk="estimate",
                                line_id="estimate_line")],
    "estimates:evidence": [get(expect(200, {OUTSIDE_A: 404}), pk="estimate", line_id="estimate_line")],
    "estimates:ucp": [get(expect(403, {UNIT_A: 200, OUTSIDE_A: 404}), pk="estimate")],
    "estimates:export_xlsx": [get(expect(200, {OUTSIDE_A: 404}), pk="estimate")],
    "estimates:export_docx": [get(expect(200, {OUTSIDE_A: 404}), pk="estimate")],
    **{f"estimates:{name}": [get(POST_ONLY, pk="estimate"), post(only({OUTSIDE_A: 404}), pk="estimate")]
       for name in ("preview", "import", "submit", "review", "conclude")},
    **{f"estimates:{name}": [get(POST_ONLY, pk="estimate", line_id="estimate_line"),
                             post(only({OUTSIDE_A: 404}), pk="estimate", line_id="estimate_line")]
       for name in ("line_delete", "evidence_add")},

    # --- systems map: every signed-in role reads the map of its scope; the nodes and links are scoped
    "systems:map": [get(EVERYONE), get(EVERYONE, query="loai=core&phat_hien=1")],
    "systems:map_data": [get(EVERYONE)],
    "systems:map_svg": [get(EVERYONE)],
    "systems:export_docx": [get(EVERYONE)],
    "systems:export_xlsx": [get(EVERYONE)],

    "audit:log": [get(expect(403, {("supervisor", "leader", "inspector", "admin"): 200}))],
    "audit:export": [get(expect(403, {("supervisor", "leader", "inspector", "admin"): 200}))],

    "notifications:list": [get(EVERYONE)],
    "notifications:read_all": [get(POST_ONLY)],
    # A notification is its addressee's alone.
    "notifications:read_one": [get(POST_ONLY, pk="notification_a"),
                               post(only({tuple(r for r in SIGNED_IN if r != "staff_a"): 404}), pk="notification_a")],

    # --- systems map: the inventory import (roles that may register systems) ------------------
    "systems:import": [get(expect(200, {("supervisor", "leader", "inspector"): 403}))],
    "systems:import_template": [get(expect(200, {("supervisor", "leader", "inspector"): 403}))],
    "systems:import_confirm": [get(POST_ONLY)],

    # --- the yearly plan: a unit's proposals imported from Excel — its staff and head while the
    # round takes proposals; the other roles of the province may not (403), the other tree 404 --
    "plans:import": [get(expect(403, {UNIT_A + UNIT_B: 200, OTHER_TREE: 404}), pk="plan_round"),
                     post(only({OTHER_TREE: 404}), pk="plan_round")],
    "plans:template": [get(expect(403, {UNIT_A + UNIT_B: 200, OTHER_TREE: 404}), pk="plan_round")],

    # --- procurement: packages imported from a file — the roles that record procurement (a
    # unit's staff and head, the CĐS authority, in any tree: each row is checked against what the
    # uploader may record); a preview is its uploader's alone, any other token is 404 -----------
    "procurement:import": [get(expect(200, {("supervisor", "leader", "inspector", "admin"): 403}))],
    "procurement:import_template": [get(expect(200, {("supervisor", "leader", "inspector", "admin"): 403}))],
    "procurement:import_preview": [get(expect(404, {("supervisor", "leader", "inspector", "admin"): 403}),
                                       literal={"token": "A" * 43}),
                                   post(only({("supervisor", "leader", "inspector", "admin"): 403,
                                              UNIT_A + UNIT_B + OTHER_TREE + ("appraiser",):
                                                  Redirect("procurement:import")}), literal={"token": "A" * 43})],

    # --- the API (/api/v1/, bearer tokens; the session cookie is not used) ---------------------
    "api:api-root": [api_get(expect(404, anonymous=404))],
    "api:openapi-json": [api_get(expect(200, anonymous=200))],      # the API's description is public
    "api:openapi-view": [api_get(expect(200, anonymous=200))],
    "api:issue_token": [api_get(expect(405, anonymous=405))],
    "api:list_projects": [api_get(API_EVERYONE)],
    "api:create_project": [api_get(API_EVERYONE)],                  # POST; GET of its path lists
    "api:get_project": [
        api_get(expect(200, {OUTSIDE_A: 404}, anonymous=401), project_id="project_a"),
        api_get(expect(404, {OTHER_TREE: 200}, anonymous=401), project_id="project_bo"),
    ],
    "api:update_project": [                                         # PATCH; GET of its path reads
        api_get(expect(200, {OUTSIDE_A: 404}, anonymous=401), project_id="project_a"),
        api_send("patch", only({OUTSIDE_A: 404}), {"version": 1}, project_id="project_a"),
    ],
    "api:transition_project": [
        api_get(expect(405, anonymous=405), project_id="project_a"),
        api_send("post", only({OUTSIDE_A: 404}), {"action": "pause"}, project_id="project_a"),
    ],
    "api:list_campaigns": [api_get(API_EVERYONE)],
    "api:campaign_report_docx": [api_get(expect(200, {OTHER_TREE: 404}, anonymous=401), campaign_id="campaign")],
    "api:campaign_report_xlsx": [api_get(expect(200, {OTHER_TREE: 404}, anonymous=401), campaign_id="campaign")],
    "api:check": [api_get(expect(405, anonymous=405))],
    "api:calendar_due_date": [api_get(API_EVERYONE, query="start=2025-06-02&days=10")],
    "api:extract_assignments": [api_get(expect(405, anonymous=405))],
    "api:calculate_ucp": [api_get(expect(405, anonymous=405))],     # POST; nothing is stored
    "api:list_systems": [api_get(API_EVERYONE)],                    # the rows are scoped
    "api:get_system": [api_get(expect(200, {OUTSIDE_A: 404}, anonymous=401), system_id="system_a")],
    "api:list_integrations": [api_get(API_EVERYONE)],
    "api:list_rounds": [api_get(API_EVERYONE)],                     # the rounds and counts are scoped
    "api:get_round": [api_get(expect(200, {OTHER_TREE: 404}, anonymous=401), round_id="plan_round")],
    "api:list_packages": [api_get(API_EVERYONE)],                   # the rows are scoped
    "api:list_project_packages": [
        api_get(expect(200, {OUTSIDE_A: 404}, anonymous=401), project_id="project_a"),
        api_get(expect(404, {OTHER_TREE: 200}, anonymous=401), project_id="project_bo"),
    ],

    # --- the yearly plan: ``plan`` is the approved plan of the province's round (unit A and unit B
    # each have an item in it), ``plan_draft`` its adjustment being drafted by the CĐS authority.
    # A unit reads the approved plan only; every reader of a version may download it.
    "plans:plan_docx": [get(expect(200, {OTHER_TREE: 404}), pk="plan"),
                        get(expect(200, {UNIT_A + UNIT_B + OTHER_TREE: 404}), pk="plan_draft")],
    "plans:plan_xlsx": [get(expect(200, {OTHER_TREE: 404}), pk="plan"),
                        get(expect(200, {UNIT_A + UNIT_B + OTHER_TREE: 404}), pk="plan_draft")],

    # --- Đề án 06 key tasks: every role of the tree follows the catalogue (a unit reads its own
    # statuses); the CĐS authority keeps it; a unit's staff and head report for their unit only --
    "surveys:keytasks": [get(EVERYONE), get(EVERYONE, query="xem=ma-tran"),
                         get(EVERYONE, query="xuat=xlsx")],
    "surveys:keytask_create": [get(expect(403, {("appraiser", "admin", "outsider"): 200}))],
    "surveys:keytask": [get(expect(200, {OTHER_TREE: 404}), pk="keytask")],
    "surveys:keytask_edit": [get(expect(403, {("appraiser", "admin"): 200, OTHER_TREE: 404}), pk="keytask")],
    "surveys:keytask_report": [get(expect(403, {UNIT_A: 200, OTHER_TREE: 404}), pk="keytask", unit_pk="unit_a"),
                               post(only({OTHER_TREE: 404}), pk="keytask", unit_pk="unit_a")],

    # --- the admin site (the models' pages: ADMIN_MODELS below) -------------------------------
    "admin:index": [get(expect(ADMIN_LOGIN, {"admin": 200}, anonymous=ADMIN_LOGIN))],
    # The login page: a signed-in user who is not staff is told so on it.
    "admin:login": [get(expect(200, {"admin": Redirect("admin:index")}, anonymous=200))],
    "admin:logout": [get(expect(Redirect("admin:index"), {"admin": 405}, anonymous=Redirect("admin:index")))],
    "admin:password_change": [get(expect(ADMIN_LOGIN, {"admin": 200}, anonymous=ADMIN_LOGIN))],
    "admin:password_change_done": [get(expect(ADMIN_LOGIN, {"admin": 200}, anonymous=ADMIN_LOGIN))],
    "admin:jsi18n": [get(expect(ADMIN_LOGIN, {"admin": 200}, anonymous=ADMIN_LOGIN))],
    "admin:autocomplete": [get(expect(ADMIN_LOGIN, {"admin": 403}, anonymous=ADMIN_LOGIN))],  # no field asked
    "admin:app_list": [get(expect(ADMIN_LOGIN, {"admin": 200}, anonymous=ADMIN_LOGIN),
                           literal={"app_label": "projects"})],
    # No model has get_absolute_url: "view on site" finds nothing.
    "admin:view_on_site": [get(expect(ADMIN_LOGIN, {"admin": 404}, anonymous=ADMIN_LOGIN),
                               content_type_id="project_content_type", object_id="project_a")],
    "admin:auth_user_password_change": [get(expect(ADMIN_LOGIN, {"admin": 200}, anonymous=ADMIN_LOGIN),
                                            id="admin:accounts.user")],

    # --- systems: a unit edits its own systems, the CĐS authority and the administrator all of
    # the tree; only the owner unit's head attests. ``system_a``: Sở KH&CN's sector system, linked
    # to project_a, holding a data entity, integrated with ``core`` (the province's LGSP, also Sở
    # KH&CN's) and with equipment of project_a; ``system_b``: Sở Y tế's sector system.
    "systems:list": [get(EVERYONE)],                                # the rows are scoped
    "systems:findings": [get(EVERYONE)],
    "systems:data_catalogue": [get(EVERYONE)],
    "systems:create": [get(expect(200, {("supervisor", "leader", "inspector"): 403}))],
    "systems:detail": [get(expect(200, {OUTSIDE_A: 404}), pk="system_a"),
                       get(expect(200, {OUTSIDE_A: 404}), pk="system_a", query="tab=history"),
                       get(expect(200, {OTHER_TREE: 404}), pk="core"),          # a core system: every unit
                       get(expect(404, {UNIT_B + WIDE: 200}), pk="system_b")],
    "systems:edit": [get(expect(403, {UNIT_A + ("appraiser", "admin"): 200, OUTSIDE_A: 404}), pk="system_a")],
    **{f"systems:{name}": [get(POST_ONLY, pk="system_a"), post(only({OUTSIDE_A: 404}), pk="system_a")]
       for name in ("attest", "link_project", "cost_save", "holding_save", "integration_add", "equipment_add")},
    "systems:unlink_project": [get(POST_ONLY, pk="system_a", link_id="system_link_a"),
                               post(only({OUTSIDE_A: 404}), pk="system_a", link_id="system_link_a")],
    "systems:holding_remove": [get(POST_ONLY, pk="system_a", holding_id="holding_a"),
                               post(only({OUTSIDE_A: 404}), pk="system_a", holding_id="holding_a")],
    "systems:integration_edit": [get(expect(403, {UNIT_A + ("appraiser", "admin"): 200, OUTSIDE_A: 404}),
                                     pk="system_a", integration_id="integration_a")],
    "systems:integration_remove": [get(POST_ONLY, pk="system_a", integration_id="integration_a"),
                                   post(only({OUTSIDE_A: 404}), pk="system_a", integration_id="integration_a")],
    "systems:equipment_edit": [get(expect(403, {UNIT_A + ("appraiser", "admin"): 200, OUTSIDE_A: 404}),
                                   equipment_id="equipment_a")],
    "systems:equipment_status": [get(POST_ONLY, equipment_id="equipment_a"),
                                 post(only({OUTSIDE_A: 404}), equipment_id="equipment_a")],
    "systems:project_link": [get(expect(403, {UNIT_A + ("appraiser", "admin"): 200, OUTSIDE_A: 404}),
                                 project_id="project_a")],
    "systems:project_equipment": [get(expect(403, {UNIT_A + ("appraiser", "admin"): 200, OUTSIDE_A: 404}),
                                      project_id="project_a")],

    # --- the yearly plan: rounds and the units' proposals -------------------------------------
    # ``plan_round``: the province's open planning round (Sở Tài chính scores beside the CĐS
    # authority); ``proposal_a``: unit A's draft proposal in it. Units see the rounds of their
    # tree once opened; the CĐS authority and the administrator manage them; units propose.
    "plans:list": [get(EVERYONE)],
    "plans:round_create": [get(expect(403, {("appraiser", "admin", "outsider"): 200}))],
    "plans:round": [get(expect(200, {OTHER_TREE: 404}), pk="plan_round")],
    **{f"plans:{name}": [get(expect(403, {("appraiser", "admin"): 200, OTHER_TREE: 404}), pk="plan_round"),
                         post(only({OTHER_TREE: 404}), pk="plan_round")]
       for name in ("round_edit", "envelopes", "round_open", "round_review", "round_close")},
    **{f"plans:{name}": [get(expect(403, {UNIT_A + UNIT_B: 200, OTHER_TREE: 404}), pk="plan_round"),
                         post(only({OTHER_TREE: 404}), pk="plan_round")]
       for name in ("proposal_create", "carry_over")},
    "plans:proposal_edit": [get(expect(403, {UNIT_A: 200, OUTSIDE_A: 404}), pk="proposal_a"),
                            post(only({OUTSIDE_A: 404}), pk="proposal_a")],
    # --- yearly plan: review pages (proposal, consolidation, plan versions, rubrics) ----------
    # proposal_a: unit A's sent proposal of plan_round (the province's round); plan_version: a
    # draft plan of that round (a unit reads only approved versions) with its plan_item.
    "plans:proposal": [get(expect(200, {OUTSIDE_A: 404}), pk="proposal_a")],
    **{f"plans:{name}": [get(POST_ONLY, pk="proposal_a"), post(only({OUTSIDE_A: 404}), pk="proposal_a")]
       for name in ("proposal_submit", "proposal_return", "proposal_merge", "proposal_reject", "proposal_score",
                    "proposal_funding")},
    # The consolidation table: the reviewers and the tree's oversight, never a proposing unit.
    "plans:consolidation": [get(expect(200, {UNIT_A + UNIT_B: 403, OTHER_TREE: 404}), pk="plan_round")],
    **{f"plans:{name}": [get(POST_ONLY, pk="plan_round"), post(only({OTHER_TREE: 404}), pk="plan_round")]
       for name in ("recommend", "plan_draft")},
    "plans:plan": [get(expect(200, {UNIT_A + UNIT_B + OTHER_TREE: 404}), pk="plan_version")],
    "plans:plan_diff": [get(expect(200, {UNIT_A + UNIT_B + OTHER_TREE: 404}), pk="plan_version")],
    # Editing a draft's item is the CĐS authority's.
    "plans:plan_item": [get(expect(403, {"appraiser": 200, UNIT_A + UNIT_B + OTHER_TREE: 404}),
                            pk="plan_version", item_id="plan_item")],
    "plans:plan_remove_item": [get(POST_ONLY, pk="plan_version", item_id="plan_item"),
                               post(only({UNIT_A + UNIT_B + OTHER_TREE: 404}), pk="plan_version", item_id="plan_item")],
    **{f"plans:{name}": [get(POST_ONLY, pk="plan_version"),
                         post(only({UNIT_A + UNIT_B + OTHER_TREE: 404}), pk="plan_version")]
       for name in ("plan_add_item", "plan_submit", "plan_return", "plan_approve", "plan_register")},
    "plans:rubrics": [get(EVERYONE)],                               # a published method
    "plans:rubric_create": [get(expect(403, {("appraiser", "admin", "outsider"): 200}))],
    "plans:rubric_publish": [get(POST_ONLY, pk="rubric")],
    # Procurement: whoever reads the project reads its plans, packages and their contractors; the
    # list, its export and the rule data are everyone's (each sees the packages of their scope).
    "procurement:index": [get(EVERYONE)],
    "procurement:export": [get(EVERYONE)],
    "procurement:rules": [get(EVERYONE)],
    "procurement:package": [get(expect(200, {OUTSIDE_A: 404}), pk="package_a")],
    "procurement:plan": [get(expect(200, {OUTSIDE_A: 404}), pk="procurement_plan_a")],
    "procurement:contractor": [get(expect(200, {OUTSIDE_A: 404}), pk="contractor_a")],   # its packages in scope

    # --- procurement: the write pages ---------------------------------------------------------
    # Unit A (the investor) and the CĐS agency record; the other roles of the tree read but may not.
    "procurement:plan_create": [get(expect(403, {UNIT_A + ("appraiser",): 200, OUTSIDE_A: 404}),
                                    project_pk="project_a")],
    "procurement:plan_edit": [get(expect(403, {UNIT_A + ("appraiser",): 200, OUTSIDE_A: 404}),
                                  pk="procurement_plan_a")],
    "procurement:package_create": [get(expect(403, {UNIT_A + ("appraiser",): 200, OUTSIDE_A: 404}),
                                       plan_pk="procurement_plan_a")],
    **{f"procurement:{name}": [get(expect(403, {UNIT_A + ("appraiser",): 200, OUTSIDE_A: 404}), pk="package_a")]
       for name in ("package_edit", "result", "items", "contract", "payment_add", "cancel")},
    "procurement:payment_remove": [get(POST_ONLY, pk="package_a", payment_pk="payment_a"),
                                   post(only({OUTSIDE_A: 404}), pk="package_a", payment_pk="payment_a")],
    "procurement:confirm": [get(POST_ONLY, pk="package_a"), post(only({OUTSIDE_A: 404}), pk="package_a")],

    # --- survey rounds and responses ---------------------------------------------------------
    # The round is sent to unit A and unit B; unit A leads the data group, Thanh tra coordinates.
    "surveys:index": [get(EVERYONE)],
    "surveys:round_create": [get(expect(403, {("appraiser", "admin", "outsider"): 200}))],
    "surveys:round": [get(expect(200, {OTHER_TREE: 404}), pk="survey_round")],
    **{f"surveys:{name}": [get(expect(403, {("appraiser", "admin"): 200, OTHER_TREE: 404}), pk="survey_round")]
       for name in ("round_edit", "round_open", "round_close")},
    # Unit B leads no group: unit A's response is out of its scope.
    "surveys:response": [get(expect(200, {OUTSIDE_A: 404}), pk="response_a")],
    **{f"surveys:{name}": [get(POST_ONLY, pk="response_a"), post(only({OUTSIDE_A: 404}), pk="response_a")]
       for name in ("response_submit", "response_return")},
    "surveys:answer_file": [get(expect(200, {OUTSIDE_A: 404}), pk="response_a", answer_pk="survey_file_a")],
    # --- surveys: the bottleneck register ------------------------------------------------------
    # Everyone lists the items of their scope; units and the CĐS authority raise; an item is read
    # by its unit, the agency that answers it and the tree's province-wide roles.
    "surveys:bottlenecks": [get(EVERYONE), get(EVERYONE, query="format=xlsx")],
    "surveys:bottleneck_create": [get(expect(403, {UNIT_A + UNIT_B + ("appraiser",) + OTHER_TREE: 200}))],
    "surveys:bottleneck": [get(expect(200, {OUTSIDE_A: 404}), pk="bottleneck_a")],
    **{f"surveys:{name}": [get(POST_ONLY, pk="bottleneck_a"), post(only({OUTSIDE_A: 404}), pk="bottleneck_a")]
       for name in ("bottleneck_answer", "bottleneck_propose", "bottleneck_assign", "bottleneck_resolve")},
    # --- surveys: questionnaires (XLSForm in and out) -----------------------------------------
    # The CĐS authority (and the administrator) writes them; the tree's province-wide roles read
    # them; a unit reads only those of the rounds it was sent (units A and B here).
    "surveys:forms": [get(EVERYONE)],                               # each sees the versions of its scope
    "surveys:form_import": [get(expect(403, {("appraiser", "admin", "outsider"): 200}))],
    "surveys:form_new": [get(expect(403, {("appraiser", "admin", "outsider"): 200}))],
    "surveys:form": [get(expect(200, {OTHER_TREE: 404}), pk="survey_form")],
    "surveys:form_xlsform": [get(expect(200, {OTHER_TREE: 404}), pk="survey_form")],
    **{f"surveys:{name}": [get(POST_ONLY, pk="survey_form"),
                           post(only({OTHER_TREE: 404}), pk="survey_form")]
       for name in ("form_publish", "form_new_version", "form_replace")},
    "api:list_forms": [api_get(API_EVERYONE)],
    "api:import_form": [api_get(API_EVERYONE)],                     # POST; GET of its path lists
    "api:export_form": [api_get(expect(200, {OTHER_TREE: 404}, anonymous=401),
                                form_id="survey_form")],
    # --- survey results: whoever sees the round (sent to unit A and unit B; the province-wide
    # roles) reads its results — a lead agency its group across units, a unit its own answers;
    # a group the user does not read is 404 (unit B does not lead "phap_ly"). The consolidation
    # is a POST of the group's lead agency.
    "surveys:results": [get(expect(200, {OTHER_TREE: 404}), pk="survey_round"),
                        get(expect(200, {OTHER_TREE: 404}), pk="survey_round", query="cheo=0:co&page=2")],
    "surveys:summary": [get(POST_ONLY, pk="survey_round", section_pk="survey_section"),
                        post(only({OTHER_TREE: 404}), pk="survey_round", section_pk="survey_section")],
    "surveys:export_xlsx": [get(expect(200, {OTHER_TREE: 404}), pk="survey_round")],
    "surveys:export_csv": [get(expect(200, {OTHER_TREE: 404}), pk="survey_round")],
    "surveys:report_docx": [get(expect(200, {OTHER_TREE: 404}), pk="survey_round")],
    "api:list_survey_rounds": [api_get(API_EVERYONE)],              # the rounds are scoped
    "api:survey_round_results": [api_get(expect(200, {OTHER_TREE: 404}, anonymous=401), round_id="survey_round")],
    # The ranking's downloads and API: a published period is read by the whole tree, a draft by the
    # administrator and the leaders only.
    "rankings:period_docx": [get(expect(200, {OTHER_TREE: 404}), pk="ranking_period"),
                             get(expect(404, {("admin", "leader"): 200}), pk="ranking_draft")],
    "rankings:period_xlsx": [get(expect(200, {OTHER_TREE: 404}), pk="ranking_period"),
                             get(expect(404, {("admin", "leader"): 200}), pk="ranking_draft")],
    "api:list_rankings": [api_get(API_EVERYONE)],                   # the periods are scoped
    "api:latest_ranking": [api_get(expect(200, {OTHER_TREE: 404}, anonymous=401))],   # none published there
    "api:get_ranking": [api_get(expect(200, {OTHER_TREE: 404}, anonymous=401), period_id="ranking_period"),
                        api_get(expect(404, {("admin", "leader"): 200}, anonymous=401), period_id="ranking_draft")],

    # --- rankings: methods, periods, results ---------------------------------------------------
    # Keys: ranking_v1 (approved), ranking_v2 (a draft), ranking_published (2024, under v1, unit A's
    # result ranking_result_a with its criterion ranking_criterion), ranking_draft (2025, not yet
    # published, ranking_draft_result_a). Published tables: the whole tree; a unit's detail: the
    # unit and the province-wide roles; drafts and comparisons: the administrator and the leader.
    "rankings:index": [get(EVERYONE)],
    "rankings:methods": [get(EVERYONE)],
    "rankings:method": [get(expect(200, {OTHER_TREE: 404}), pk="ranking_v1"),
                        get(expect(404, {INSIDERS: 200}), pk="ranking_v2")],
    "rankings:method_new": [get(expect(403, {"admin": 200}))],
    "rankings:method_edit": [get(expect(404, {"admin": 200, "leader": 403}), pk="ranking_v2")],
    **{f"rankings:{name}": [get(POST_ONLY, pk="ranking_v2"), post(only({NOT_INSIDERS: 404}), pk="ranking_v2")]
       for name in ("method_submit", "method_decide")},
    "rankings:period_new": [get(expect(403, {"admin": 200}))],
    "rankings:period": [get(expect(200, {OTHER_TREE: 404}), pk="ranking_published"),
                        get(expect(404, {INSIDERS: 200}), pk="ranking_draft")],
    **{f"rankings:{name}": [get(POST_ONLY, pk="ranking_draft"), post(only({NOT_INSIDERS: 404}), pk="ranking_draft")]
       for name in ("period_compute", "period_publish")},
    "rankings:compare": [get(expect(403, {INSIDERS: 200, OTHER_TREE: 404}), pk="ranking_published"),
                         get(expect(404, {INSIDERS: 200}), pk="ranking_draft")],
    "rankings:result": [get(expect(200, {OUTSIDE_A: 404}), pk="ranking_result_a"),
                        get(expect(404, {INSIDERS: 200}), pk="ranking_draft_result_a")],
    "rankings:evidence": [get(expect(200, {OUTSIDE_A: 404}), pk="ranking_result_a", criterion="ranking_criterion"),
                          get(expect(404, {INSIDERS: 200}), pk="ranking_draft_result_a",
                              criterion="ranking_criterion")],
    # --- follow-up items on projects (red two quarters running, behind the capital plan): the CĐS
    # authority's; the tree's province-wide roles read them, a unit those on its own projects — unit
    # A's item is 404 outside its scope. Assigning and closing are POSTs; inside the scope a refusal
    # is 403 (tests/rankings/test_alerts.py). The projects' signals list is scoped like the registry.
    "rankings:alerts": [get(EVERYONE), get(EVERYONE, query="state=open&owner=me&overdue=1&kind=nonsense")],
    "rankings:alert": [get(expect(200, {OUTSIDE_A: 404}), pk="alert_a")],
    "rankings:alert_assign": [get(POST_ONLY, pk="alert_a"), post(only({OUTSIDE_A: 404}), pk="alert_a")],
    "rankings:alert_close": [get(POST_ONLY, pk="alert_a"), post(only({OUTSIDE_A: 404}), pk="alert_a")],
    "rankings:signals": [get(EVERYONE), get(EVERYONE, query="colour=red&trend=worse&state=stopped&year=abc")],

    # --- library of good practices -----------------------------------------------------------
    # Keys: practice_pub (unit A's entry, published: read by every signed-in user of every tree),
    # practice_draft (unit A's draft: unit A and the province-wide roles) with practice_doc.
    # Units and the CĐS authority propose; the CĐS authority nominates from reviews; unit roles
    # start a proposal that reuses an entry.
    "library:list": [get(EVERYONE), get(EVERYONE, query="q=dat+dai&kind=nonsense&unit=abc")],
    "library:create": [get(expect(200, {("supervisor", "leader", "inspector", "admin"): 403}))],
    "library:export": [get(EVERYONE)],
    "library:nominate": [get(expect(403, {("appraiser", "outsider"): 200}))],
    "library:suggest": [get(EVERYONE, query="name=M%E1%BB%99t+c%E1%BB%ADa+%C4%91i%E1%BB%87n+t%E1%BB%AD")],
    "library:detail": [get(EVERYONE, pk="practice_pub"),
                       get(expect(200, {OUTSIDE_A: 404}), pk="practice_draft")],
    "library:edit": [get(expect(403, {UNIT_A + ("appraiser",): 200, OUTSIDE_A: 404}), pk="practice_draft")],
    "library:transition": [get(POST_ONLY, pk="practice_draft", literal={"action": "submit"}),
                           post(only({OUTSIDE_A: 404}), pk="practice_draft", literal={"action": "submit"})],
    "library:results": [get(expect(403, {UNIT_A + ("appraiser",): 200, OUTSIDE_A: 404}), pk="practice_draft")],
    "library:document_add": [get(POST_ONLY, pk="practice_draft"), post(only({OUTSIDE_A: 404}), pk="practice_draft")],
    "library:document_download": [get(expect(200, {OUTSIDE_A: 404}), pk="practice_draft", doc_id="practice_doc")],
    "library:document_remove": [get(POST_ONLY, pk="practice_draft", doc_id="practice_doc"),
                                post(only({OUTSIDE_A: 404}), pk="practice_draft", doc_id="practice_doc")],
    "library:related": [get(EVERYONE, pk="practice_pub")],
    "library:reuses": [get(EVERYONE), get(EVERYONE, query="unit=abc&year=x")],
    "library:reuse": [get(expect(403, {UNIT_A + UNIT_B + ("outsider_staff",): 200}), pk="practice_pub")],

    # --- publication: the public pages and the open-data feeds need no account and carry only
    # the published snapshot (publication_snapshot of T01); the staff pages are the province-wide
    # roles' of the tree (unit roles 403, the other tree 404 on T01's snapshot and withholding).
    # With one tree published the index opens its page.
    "public:index": [get(expect(Redirect("public:portfolio", args=("T01",)), anonymous=Redirect("public:portfolio", args=("T01",))))],
    "public:portfolio": [get(expect(200, anonymous=200), literal={"code": "T01"}),
                         get(expect(404, anonymous=404), literal={"code": "B01"})],
    "public:projects": [get(expect(200, anonymous=200), literal={"code": "T01"})],
    "public:library": [get(expect(200, anonymous=200), literal={"code": "T01"})],
    "public:practice": [get(expect(200, anonymous=200), literal={"code": "T01"}, key="practice_pub"),
                        get(expect(404, anonymous=404), literal={"code": "T01"}, key="practice_draft")],
    "public:dictionary": [get(expect(200, anonymous=200))],
    "public:feed_json": [get(expect(200, anonymous=200), literal={"dataset": "projects"}),
                         get(expect(404, anonymous=404), literal={"dataset": "users"})],
    "public:feed_csv": [get(expect(200, anonymous=200), literal={"dataset": "library"})],
    "public:manage": [get(expect(200, {UNIT_A + UNIT_B + ("outsider_staff",): 403}))],
    "public:prepare": [get(POST_ONLY)],
    "public:snapshot": [get(expect(200, {UNIT_A + UNIT_B + ("outsider_staff",): 403, "outsider": 404}),
                            pk="publication_snapshot")],
    "public:decide": [get(POST_ONLY, pk="publication_snapshot"), post(only({"outsider": 404}), pk="publication_snapshot")],
    "public:policy": [get(expect(200, {UNIT_A + UNIT_B + ("outsider_staff",): 403}))],
    "public:withholdings": [get(expect(200, {UNIT_A + UNIT_B + ("outsider_staff",): 403}))],
    "public:lift": [get(POST_ONLY, pk="withholding"), post(only({"outsider": 404}), pk="withholding")],
}

# What the superuser may do with each registered model; with "+history", django-simple-history's
# page of one past version too. Everyone else is sent to the admin's login page.
ADMIN_MODELS = {
    "auth.group": "edit",
    "axes.accessattempt": "no-add",
    "axes.accesslog": "no-add",
    "axes.accessfailurelog": "no-add",
    "accounts.user": "edit",
    "orgs.unit": "no-delete+history",           # units end and get successors, never deleted
    "catalog.programme": "edit",
    "catalog.fundingsource": "edit",
    "catalog.capability": "edit",
    "catalog.dataentity": "edit",
    "rules.legalregime": "edit",
    "rules.procedure": "edit+history",
    "rules.timelimit": "edit+history",
    "audit.auditevent": "read-only",
    "notifications.notification": "read-only",
    "public.snapshot": "read-only",
    "public.withholding": "read-only",
    "projects.project": "read-only+history",    # projects change through the application only
    "reviews.indicator": "edit+history",
    "reviews.problemtype": "edit",
    "reviews.scoringmethod": "edit",
    "overlap.overlappair": "read-only+history",
    "workdays.calendarexception": "edit+history",
    "appraisal.dossier": "read-only",
    "appraisal.dossierevent": "read-only",
    "directives.directive": "read-only",
    "directives.task": "read-only",
    "directives.progressreport": "read-only",
    "directives.extensionrequest": "read-only",
    "estimates.coststructure": "edit+history",   # rule data: structures, groups, methods, constants
    "estimates.costgroup": "edit+history",
    "estimates.method": "edit+history",
    "estimates.constant": "edit+history",
    "systems.informationsystem": "edit+history",
    "systems.completenessscheme": "edit",        # the published weighting of the completeness score
    "plans.rubric": "no-delete",                 # a version rounds were scored with stays
    "plans.round": "read-only",
    "plans.proposal": "read-only",
}


def _admin_rows():
    def admin_only(answer):
        return expect(ADMIN_LOGIN, {"admin": answer}, anonymous=ADMIN_LOGIN)

    rows = {}
    for label, kind in ADMIN_MODELS.items():
        prefix = "admin:" + label.replace(".", "_")
        obj = {"object_id": f"admin:{label}"}
        rows[f"{prefix}_changelist"] = [get(admin_only(200))]
        rows[f"{prefix}_add"] = [get(admin_only(403 if kind.startswith(("read-only", "no-add")) else 200))]
        rows[f"{prefix}_change"] = [get(admin_only(200), **obj)]      # read-only models: the view page
        rows[f"{prefix}_history"] = [get(admin_only(200), **obj)]
        rows[f"{prefix}_delete"] = [get(admin_only(200 if kind.startswith(("edit", "no-add")) else 403), **obj)]
        if kind.endswith("+history"):
            rows[f"{prefix}_simple_history"] = [
                get(admin_only(200), positional=f"admin-history:{label}")]
    return rows


MATRIX.update(_admin_rows())


# ------------------------------------------------------------------- world ----

def build_world():
    from axes.models import AccessFailureLog
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import RequestFactory

    from cds.accounts.models import ApiToken, Role
    from cds.appraisal import services as appraisal
    from cds.directives import services as directives
    from cds.estimates import services as estimates
    from cds.estimates.models import Estimate
    from cds.notifications.models import Notification
    from cds.notifications.services import notify
    from cds.overlap import services as overlap
    from cds.overlap.models import OverlapPair
    from cds.plans import services as plans
    from cds.projects import services as projects_services
    from cds.projects.models import Project
    from cds.reviews import services as reviews
    from cds.reviews.models import FollowUpAction
    from cds.systems import services as systems_services
    from tests.appraisal.conftest import pdf, submitted
    from tests.conftest import PASSWORD, build_cast, build_projects, build_units
    from tests.estimates.test_pages import GOOD_ROWS, sheet_bytes
    from tests.factories import TODAY, UserFactory, make_project, make_unit, source
    from tests.reviews.conftest import to_operation

    units = build_units()
    cast = build_cast(units)
    projects = build_projects(cast, units)
    stc = make_unit("T01-STC", "Sở Tài chính", parent=units.tinh, short_name="Sở Tài chính")
    stc_head = UserFactory(username="stc_head", role=Role.UNIT_HEAD, unit=stc)

    # Unit A's project, in operation, with a ledger line, a document with its file and events.
    a = to_operation(cast, projects.a)
    to_operation(cast, projects.b)
    to_operation(cast, projects.old)
    entry = projects_services.record_budget_entry(cast.staff_a, a, {
        "stage": "estimate", "amount": 5_000_000, "year": 2024, "funding_source": source()})
    doc = projects_services.add_document(cast.staff_a, a, {
        "number": "33/NQ-HĐND", "issued_on": dt.date(2020, 9, 17), "issuer": "HĐND tỉnh", "doc_type": "NQ"},
        pdf("nghi-quyet.pdf"))

    # A review campaign of the province: reports of unit A (project A, Sở TT&TT's) and unit B.
    campaign = reviews.create_campaign(cast.appraiser, {
        "name": "Rà soát hiệu quả", "basis_number": "8826/UBND-VXNV", "basis_date": TODAY,
        "basis_issuer": "UBND tỉnh", "scope_states": ["implementing", "in_operation", "settled"],
        "started_until": dt.date(2025, 12, 31), "deadline": TODAY + dt.timedelta(days=10),
        "receiving_unit": units.skhcn,
    })
    reviews.open_campaign(cast.appraiser, campaign)

    review_a = campaign.reviews.get(project=a)
    assert campaign.reviews.filter(unit=units.syt).exists()
    issue = reviews.add_issue(cast.staff_a, review_a, kind="proposal", text="Đề nghị hỗ trợ kinh phí vận hành")
    evidence = reviews.add_evidence(cast.staff_a, review_a, pdf("minh-chung.pdf"))
    follow_up = FollowUpAction.objects.create(review=review_a, description="Bổ sung nhật ký vận hành",
                                              owner_unit=units.skhcn, due_date=TODAY + dt.timedelta(days=30),
                                              created_by=cast.leader)

    # An appraisal dossier of unit A, in appraisal, with an opinion of Sở Tài chính (answered).
    dossier = submitted(cast, units)
    opinion = appraisal.request_opinion(cast.appraiser, dossier, unit=stc, question="Nguồn kinh phí?")
    appraisal.answer_opinion(stc_head, opinion, answer="Đủ điều kiện bố trí.", agrees=True, upload=pdf("y-kien.pdf"))

    # UBND tỉnh's directive (with its file): a task led by unit A, one led by unit B.
    directive = directives.create_directive(cast.appraiser, {
        "kind": "cong_van", "number": "8826/UBND-VXNV", "issued_on": TODAY - dt.timedelta(days=60),
        "issuer": units.tinh, "signer": "Chủ tịch UBND tỉnh", "title": "Về việc đẩy mạnh chuyển đổi số",
        "full_text": ""}, pdf("cong-van.pdf"))

    def task(actor, directive, lead, content):
        return directives.add_task(actor, directive, {
            "content": content, "lead_unit": lead.pk, "coordinating_units": [],
            "deadline": TODAY + dt.timedelta(days=30), "responsible": "Giám đốc Sở",
            "expected_product": "Báo cáo"})

    task_a = task(cast.appraiser, directive, units.skhcn, "Xây dựng kế hoạch chuyển đổi số của tỉnh")
    task(cast.appraiser, directive, units.syt, "Triển khai bệnh án điện tử")
    report = directives.report_progress(cast.staff_a, task_a, percent=10, content="Bắt đầu", upload=pdf())
    extension = directives.request_extension(cast.head_a, task_a, proposed=TODAY + dt.timedelta(days=60),
                                             reason="Chờ ý kiến các sở")
    directive_a = directives.create_directive(cast.staff_a, {
        "kind": "ke_hoach", "number": "12/KH-SKHCN", "issued_on": TODAY - dt.timedelta(days=10),
        "issuer": units.skhcn, "signer": "Giám đốc Sở", "title": "Kế hoạch nội bộ", "full_text": ""})
    task(cast.staff_a, directive_a, units.skhcn, "Rà soát hạ tầng của Sở")

    # An overlap pair: unit B registers nearly the same system as unit A.
    b2 = make_project(cast.staff_b, units.syt, name="Xây dựng cơ sở dữ liệu đất đai tỉnh giai đoạn 2")
    overlap.scan(cast.appraiser)
    pair = OverlapPair.objects.get(project=a, other_project=b2)

    # Unit A's estimate, imported from a sheet, with evidence on a line, submitted.
    estimate = estimates.create_estimate(cast.staff_a, a, title="Dự toán thử")
    estimates.import_sheet(cast.staff_a, estimate, SimpleUploadedFile("du-toan.xlsx", sheet_bytes(GOOD_ROWS)))
    estimate_line = estimate.versions.get().lines.order_by("position").first()
    estimates.attach_evidence(cast.staff_a, estimate, estimate_line.pk, pdf("bao-gia.pdf"))
    estimates.submit(cast.staff_a, Estimate.objects.get(pk=estimate.pk))

    # The systems map: unit A's sector system on the province's LGSP, with its project, data and
    # equipment; unit B's sector system.
    from tests.systems.conftest import build_systems

    sm = build_systems(cast, units)
    system_link_a = systems_services.link_project(cast.staff_a, sm.land, a, "build")
    holding_a = systems_services.save_holding(cast.staff_a, sm.land, entity=sm.datdai, role="master",
                                              sharing="default")
    integration_a = systems_services.save_integration(cast.staff_a, source=sm.land, target=sm.lgsp, mechanism="hub")
    equipment_a = systems_services.add_equipment(cast.staff_a, a, {"kind": "Máy chủ", "quantity": 2,
                                                                   "system": sm.land})
    systems_services.save_cost(cast.staff_a, sm.land, year=2025, operating_cost=100_000_000, development_cost=0)

    # The yearly plan of the province: a proposal of unit A and one of unit B, scored, funded, in
    # the plan the leader approved; an adjustment drafted after it.
    from tests.plans.conftest import open_round, proposal_data

    plan_round = open_round(cast, units, stc)
    for staff, head, name in ((cast.staff_a, cast.head_a, "Nền tảng số hóa hồ sơ khoa học"),
                              (cast.staff_b, cast.head_b, "Bệnh án điện tử dùng chung")):
        proposal = plans.submit_proposal(head, plans.create_proposal(staff, plan_round, proposal_data(name=name)))
        plans.score_proposal(cast.appraiser, proposal, {c["code"]: 4 for c in plan_round.rubric.criteria})
    plans.recommend_funding(cast.appraiser, plan_round)
    plan = plans.draft_plan(cast.appraiser, plan_round)
    plans.submit_plan(cast.appraiser, plan)
    plan.refresh_from_db()
    plans.approve_plan(cast.leader, plan, decision_number="45/QĐ-UBND", decision_date=TODAY)
    plan_draft = plans.draft_plan(cast.appraiser, plan_round, reason="Điều chỉnh theo dự toán được giao")
    proposal_a = plans.create_proposal(cast.staff_a, plan_round, proposal_data(name="Kho dữ liệu khoa học"))

    # Unit A's contractor-selection plan: a package awarded, its contract paid from a disbursement line.
    from cds.procurement import services as procurement
    from cds.projects.models import Stage

    procurement_plan = procurement.create_plan(cast.staff_a, a, {"name": "Kế hoạch lựa chọn nhà thầu",
                                                                 "plan_code": "PL2500000001"})
    package = procurement.create_package(cast.staff_a, procurement_plan, {
        "name": "Mua sắm máy chủ", "field": "goods", "package_price": 1_900_000_000, "method": "open",
        "online": True, "selection_start": "01/03/2025"})
    package = procurement.record_result(cast.staff_a, package, {
        "contractor_name": "Công ty TNHH Giải pháp Số", "contractor_tax_code": "0101234567",
        "awarded_price": 1_750_000_000, "bidders": 3, "awarded_on": "20/04/2025"})
    contract = procurement.save_contract(cast.staff_a, package, {
        "number": "01/2025/HĐ", "value": 1_750_000_000, "signed_on": "25/04/2025", "planned_completion": "31/12/2025"})
    disbursed = projects_services.record_budget_entry(cast.staff_a, a, {
        "stage": Stage.DISBURSED, "amount": 500_000_000, "year": 2025, "funding_source": source()})
    payment = procurement.add_payment(cast.staff_a, contract, {"entry": disbursed.pk, "amount": 400_000_000,
                                                               "paid_on": "01/06/2025"})

    # A survey round of the province sent to unit A and unit B; unit A's response with a file.
    from cds.surveys import services as surveys
    from cds.surveys.models import Answer as SurveyAnswer
    from tests.surveys.conftest import sample_definition

    survey_form = surveys.publish_version(cast.appraiser, surveys.save_definition(cast.appraiser, sample_definition()))
    survey_sections = {s.name: s for s in survey_form.sections.all()}
    survey_round = surveys.create_round(cast.appraiser, {
        "name": "Khảo sát điểm nghẽn", "form": survey_form, "deadline": TODAY + dt.timedelta(days=10),
        "coordinator": units.thanhtra, "leads": {survey_sections["du_lieu"].pk: (units.skhcn, None)}})
    survey_round = surveys.open_round(cast.appraiser, survey_round, units=[units.skhcn, units.syt])
    response_a = survey_round.responses.get(unit=units.skhcn)
    surveys.save_answers(cast.staff_a, response_a, {"so_can_bo": "2", "nguon_luc_tep": pdf("nhan-luc.pdf")})
    survey_file_a = SurveyAnswer.objects.get(response=response_a, question__name="nguon_luc_tep")

    notify(cast.staff_a, "Thông báo thử", key="matrix", email=False)
    notification = Notification.objects.get(user=cast.staff_a, text="Thông báo thử")

    # Rows for the admin's pages: a group, and the sign-in records of django-axes.
    Group.objects.create(name="Nhóm thử")
    request = RequestFactory().post("/")
    assert Client().login(request=request, username="staff_a", password=PASSWORD)
    assert not Client().login(request=request, username="khong_co", password="sai")
    # (the failure log is off in the settings: its admin page still exists)
    AccessFailureLog.objects.create(username="khong_co", ip_address="127.0.0.1", user_agent="pytest",
                                    http_accept="*/*", path_info="/tai-khoan/dang-nhap/")

    # Unit A's difficulty on project A, addressed to the CĐS authority (Sở KH&CN).
    from cds.surveys.services import raise_bottleneck

    bottleneck_a = raise_bottleneck(cast.staff_a, {"unit": units.skhcn, "project": a.pk,
                                                   "title": "Thiếu kinh phí duy trì hệ thống"})

    ids = {
        "bottleneck_a": bottleneck_a.pk,
        "project_a": a.pk, "project_bo": projects.bo.pk, "entry_a": entry.pk, "doc_a": doc.pk,
        "event_a": a.events.order_by("pk").first().pk, "unit_a": units.skhcn.pk,
        "campaign": campaign.pk, "review_a": review_a.pk, "issue_a": issue.pk, "evidence_a": evidence.pk,
        "follow_up_a": follow_up.pk, "dossier": dossier.pk, "dossier_doc": dossier.documents.order_by("pk").first().pk,
        "opinion": opinion.pk, "directive": directive.pk, "directive_a": directive_a.pk, "task_a": task_a.pk,
        "report_a": report.pk, "extension_a": extension.pk, "pair": pair.pk, "notification_a": notification.pk,
        "estimate": estimate.pk, "estimate_line": estimate_line.pk,
        "system_a": sm.land.pk, "system_b": sm.hospital.pk, "core": sm.lgsp.pk, "system_link_a": system_link_a.pk,
        "holding_a": holding_a.pk, "integration_a": integration_a.pk, "equipment_a": equipment_a.pk,
        "project_content_type": ContentType.objects.get_for_model(Project).pk,
        "plan_round": plan_round.pk, "plan": plan.pk, "plan_draft": plan_draft.pk, "proposal_a": proposal_a.pk,
        "plan_version": plan_draft.pk, "rubric": plan_round.rubric_id,
        "plan_item": plan_draft.items.order_by("position").first().pk,
        "procurement_plan_a": procurement_plan.pk, "package_a": package.pk, "payment_a": payment.pk,
        "contractor_a": package.contractor_id,
        "survey_round": survey_round.pk, "response_a": response_a.pk, "survey_file_a": survey_file_a.pk,
        "survey_form": survey_form.pk,
    }
    # Đề án 06: a task of the province's catalogue led by unit A, on which unit A reported.
    from cds.surveys import services as surveys

    keytask = surveys.save_key_task(cast.appraiser, {
        "number": 1, "name": "Làm sạch dữ liệu dân cư", "group": "Dữ liệu", "lead_unit": units.skhcn,
        "projects": [a]})
    surveys.report_key_task(cast.staff_a, keytask, units.skhcn, {"progress": "in_progress", "percent": 20})
    ids["keytask"] = keytask.pk
    # A follow-up item on unit A's project, opened as the daily signals run opens them.
    from cds.rankings.models import AlertKind
    from cds.rankings.services_alerts import Candidate, open_alerts

    [alert_a] = open_alerts(TODAY, [Candidate(a.pk, AlertKind.RED_TWICE, f"red_twice:{a.pk}:matrix",
                                              "Chênh lệch tiến độ ở mức đỏ hai quý liên tiếp.")])
    ids["alert_a"] = alert_a.pk
    ids["survey_section"] = survey_sections["du_lieu"].pk
    ids.update(_library_public_world(cast, units, a, projects.b))
    from django.apps import apps

    for label, kind in ADMIN_MODELS.items():
        model = apps.get_model(label)
        obj = {"accounts.user": cast.staff_a, "orgs.unit": units.skhcn, "projects.project": a}.get(label) \
            or model.objects.order_by("pk").first()
        assert obj is not None, f"the world has no {label} for the admin's pages"
        ids[f"admin:{label}"] = obj.pk
        if kind.endswith("+history"):
            if not model.history.exists():
                obj.save()          # as an admin saving it unchanged: its first recorded version
            past = model.history.order_by("history_id").first()
            ids[f"admin-history:{label}"] = (getattr(past, model._meta.pk.attname), past.history_id)

    ids.update(_ranking_world(cast, units))

    users = {role: getattr(cast, role) for role in SIGNED_IN}
    tokens = {role: ApiToken.issue(user)[1] for role, user in users.items()}
    return SimpleNamespace(ids=ids, users=users, tokens=tokens)


def _ranking_world(cast, units) -> dict:
    """The ranking's records, written directly (the pages read them; the criteria behind them are
    not needed): v1 approved, v2 a draft based on it; 2024 published under v1, 2025 a draft."""
    from decimal import Decimal

    from django.utils import timezone

    from cds.rankings.models import Criterion, Method, MethodStatus, Period, PeriodStatus, Result, Score

    now = timezone.now()
    v1 = Method.objects.create(root_unit=units.tinh, number=1, title="Phương pháp xếp hạng", drafted_by=cast.admin,
                               status=MethodStatus.APPROVED, approved_by=cast.leader, approved_at=now)
    v2 = Method.objects.create(root_unit=units.tinh, number=2, title="Dự thảo sửa đổi", drafted_by=cast.admin,
                               based_on=v1)
    crit = Criterion.objects.create(method=v1, code="reviews_on_time", name="Báo cáo đánh giá đúng hạn", weight=100)
    Criterion.objects.create(method=v2, code="reviews_on_time", name="Báo cáo đánh giá đúng hạn", weight=100)
    out = {"ranking_v1": v1.pk, "ranking_v2": v2.pk, "ranking_criterion": crit.pk}
    for year, status, key in ((2024, PeriodStatus.PUBLISHED, "ranking_published"), (2025, PeriodStatus.DRAFT,
                                                                                      "ranking_draft")):
        period = Period.objects.create(root_unit=units.tinh, year=year, name=f"Xếp hạng năm {year}", method=v1,
                                       starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31), status=status,
                                       computed_at=now, created_by=cast.admin)
        out[key] = period.pk
        for rank, unit in enumerate((units.skhcn, units.syt, units.thanhtra), start=1):
            result = Result.objects.create(period=period, method=v1, unit=unit, rank=rank,
                                           score=Decimal(100 - 10 * rank))
            Score.objects.create(result=result, criterion=crit, value=Decimal("0.5"), numerator=1, denominator=2,
                                 points=Decimal(100 - 10 * rank), evidence={})
            if unit == units.skhcn:
                out["ranking_result_a" if status == PeriodStatus.PUBLISHED else "ranking_draft_result_a"] = result.pk
    out["ranking_period"] = out["ranking_published"]
    return out


def _library_public_world(cast, units, project_a, project_b) -> dict:
    """A published entry and a draft (with a document) of unit A; unit B's project withheld; T01's
    snapshot prepared by the appraiser and approved by the leader."""
    from cds.library import services as library
    from cds.library.models import DocKind, PracticeDocument
    from cds.public import services as publication
    from tests.appraisal.conftest import pdf

    fields = {"problem": "Hồ sơ xử lý thủ công.", "solution": "Dùng chung hệ thống một cửa.", "unit": units.skhcn}
    pub = library.create_practice(cast.staff_a, {**fields, "title": "Một cửa điện tử liên thông",
                                                 "projects": [project_a]})
    pub = library.submit(cast.staff_a, pub, expected_version=pub.version)
    pub = library.publish(cast.appraiser, pub, expected_version=pub.version)
    draft = library.create_practice(cast.staff_a, {**fields, "title": "Số hóa hồ sơ địa chính"})
    upload = pdf("thiet-ke.pdf")
    doc = PracticeDocument.objects.create(practice=draft, kind=DocKind.DESIGN, title="Thiết kế điển hình",
                                          file=upload, file_name="thiet-ke.pdf", created_by=cast.staff_a)
    held = publication.withhold(cast.leader, project_b, "Đang thanh tra, chưa công bố.")
    snap = publication.prepare(cast.appraiser, units.tinh)
    snap = publication.decide(cast.leader, snap, True, expected_version=snap.version)
    return {"practice_pub": pub.pk, "practice_draft": draft.pk, "practice_doc": doc.pk,
            "publication_snapshot": snap.pk, "withholding": held.pk}


SHARED_WORLDS.add("access_world")


@pytest.fixture
def access_world(request):
    return open_shared_world(request, build_world)


# ------------------------------------------------------------------- tests ----

def named_urls(patterns=None, namespace=""):
    """Every URL name of the project, with its namespaces ("projects:detail")."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from named_urls(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name


def test_every_named_url_is_in_the_matrix():
    names = set(named_urls())
    missing = sorted(names - set(MATRIX))
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"URLs without a row in MATRIX (add their access policy): {missing}"
    assert not stale, f"rows of MATRIX for URLs that no longer exist: {stale}"


def _answer(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code}→{response['Location']}"
    return str(response.status_code)


def _matches(response, expected, path) -> bool:
    if isinstance(expected, Redirect):
        if response.status_code != 302:
            return False
        location = urlsplit(response["Location"])
        if location.path != reverse(expected.to, args=expected.args):
            return False
        return not expected.back or parse_qs(location.query).get("next") == [path]
    return response.status_code == expected


def _url(name, probe, ids) -> str:
    kwargs = {key: ids[value] for key, value in probe.args.items()} | probe.literal
    args = ids[probe.positional] if probe.positional else ()   # (object id, version id)
    path = reverse(name, args=args) if args else reverse(name, kwargs=kwargs)
    return path


SECURITY_HEADERS = ("Content-Security-Policy", "Permissions-Policy")


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(access_world, role):
    """One role × every probe of MATRIX (GETs first, then the POSTs); all differences at once —
    including an answer without the Content-Security-Policy or Permissions-Policy header."""
    import json

    client = Client()
    if role != "anonymous":
        client.force_login(access_world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    token = access_world.tokens.get(role)
    probes = [(name, p) for name, rows in MATRIX.items() for p in rows if role in p.expected]
    probes.sort(key=lambda np: np[1].method != "get")
    failures = []
    for name, probe in probes:
        path = _url(name, probe, access_world.ids)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if probe.api and token else {}
        target = f"{path}?{probe.query}" if probe.query else path
        if probe.body is not None:
            response = getattr(client, probe.method)(target, json.dumps(probe.body), content_type="application/json",
                                                     **headers)
        else:
            response = getattr(client, probe.method)(target, **headers)
        expected = probe.expected[role]
        if not _matches(response, expected, target):   # the login page sends back to the page asked
            failures.append(f"{probe.method.upper()} {name} {path}: expected {expected}, got {_answer(response)}")
        for header in SECURITY_HEADERS:  # every answer, whatever its status (tests/core/test_csp.py)
            if header not in response:
                failures.append(f"{probe.method.upper()} {name} {path}: no {header} header")
    assert not failures, f"{role}: {len(failures)} of {len(probes)} probes differ from MATRIX:\n" + "\n".join(failures)
