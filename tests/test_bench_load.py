"""The load test's own logic (bench/load.py): what counts as an error, how the figures are made,
which URL files it refuses. No server is started here."""
import pytest

from bench import load


def test_a_redirect_to_the_login_page_is_an_error_other_redirects_are_not():
    assert load.classify(200) is None
    assert load.classify(302, "/du-an/") is None
    assert load.classify(302, "/tai-khoan/dang-nhap/?next=/du-an/") == "redirect to login"
    assert load.classify(429) == "HTTP 429"
    assert load.classify(500) == "HTTP 500"


def test_every_project_page_is_one_group_and_a_named_group_wins():
    assert load.group_of({"url": "/du-an/123/"}) == "/du-an/<id>/"
    assert load.group_of({"url": "/du-an/123/tai-lieu/45/?tab=1"}) == "/du-an/<id>/tai-lieu/<id>/?tab=1"
    assert load.group_of({"url": "/du-an/?page=200"}) == "/du-an/?page=200"
    assert load.group_of({"url": "/du-an/7/", "group": "Trang dự án"}) == "Trang dự án"


def test_figures_count_requests_errors_and_percentiles_per_group():
    samples = [load.Sample("list", float(ms), None, "/du-an/") for ms in range(1, 101)]
    samples += [load.Sample("home", 5.0, "HTTP 500", "/"), load.Sample("home", 7.0, None, "/")]
    out = load.figures(samples, seconds=10)
    assert out["total"]["requests"] == 102 and out["total"]["rps"] == 10.2
    assert out["total"]["errors"] == 1 and out["total"]["error_kinds"] == {"HTTP 500": 1}
    assert out["total"]["error_examples"] == ["HTTP 500 /"]
    lst = out["groups"]["list"]
    assert (lst["p50_ms"], lst["p95_ms"], lst["p99_ms"], lst["errors"]) == (50.0, 95.0, 99.0, 0)
    assert out["groups"]["home"]["requests"] == 2


def test_cookies_follow_set_cookie_and_an_emptied_cookie_goes():
    jar = {}
    load.update_cookies(jar, ["csrftoken=abc; expires=Thu, 01 Jan 2099 00:00:00 GMT; Path=/; Secure",
                              "sessionid=s1; HttpOnly; Path=/; Secure"])
    assert load.cookie_header(jar) == "csrftoken=abc; sessionid=s1"
    load.update_cookies(jar, ['sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'])
    assert jar == {"csrftoken": "abc"}


@pytest.mark.parametrize("data, reason", [
    ([], "non-empty JSON list"),
    ([{"url": "du-an/", "user": "a"}], "starting with /"),
    ([{"url": "/du-an/"}], "needs \"user\""),
    ([{"url": "/du-an/", "user": "a", "weight": 0}], "positive number"),
])
def test_an_unusable_url_file_is_refused_with_its_reason(data, reason):
    with pytest.raises(SystemExit, match=reason):
        load.validate_mix(data)


def test_users_cycle_over_the_accounts_of_the_mix():
    mix = load.validate_mix([{"url": "/", "user": "bench_staff"}, {"url": "/du-an/", "user": "bench_admin"},
                             {"url": "/", "user": "bench_admin", "weight": 2}])
    assert load.accounts_of(mix) == ["bench_admin", "bench_staff"]
    assert [e["weight"] for e in mix] == [1.0, 1.0, 2.0]


def test_the_page_catalogue_is_read_as_its_signed_in_pages_grouped_by_url_name():
    catalogue = {"pages": [
        {"url": "/du-an/", "user": "bench_admin", "name": "projects:list", "kind": "page", "status": 200},
        {"url": "/du-an/9/", "user": "bench_admin", "name": "projects:detail", "kind": "page", "status": 200},
        {"url": "/cong-khai/", "user": "", "name": "public:index", "kind": "page", "status": 200},
        {"url": "/du-an/xuat.xlsx", "user": "bench_admin", "name": "projects:export", "kind": "file", "status": 200},
        {"url": "/hong/", "user": "bench_admin", "name": "broken", "kind": "page", "status": 500},
    ]}
    mix = load.validate_mix(catalogue)
    assert [(e["url"], e["group"]) for e in mix] == [("/du-an/", "projects:list"), ("/du-an/9/", "projects:detail")]
