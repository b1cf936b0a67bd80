"""Every field of every form and of every JSON body, fed what attackers feed: NUL, other
control characters, bytes that are not UTF-8, 100,000 characters, markup and template syntax;
every integer in a URL fed 0, -1, 2**63 and 2**64. Never a 500; a refused request leaves
every table as it was; a field refused for its characters says so next to it.

The fields are read off the form classes, so a field added to a form is fuzzed without a
change here; a form class with no route below fails `test_every_form_has_a_route`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from letter_steps import order_data
from wtforms import EmailField, PasswordField, StringField, TextAreaField

from letters_app.domain import accounts
from letters_app.domain.models import User
from letters_app.domain.status import Status
from letters_app.web.input_guard import GuardedForm
from security.world import PASSWORD, World

pytestmark = pytest.mark.security

# What goes into a text field. "refused" payloads must change nothing.
PAYLOADS: dict[str, tuple[str | bytes, bool]] = {
    "nul": ("Ana\x00Lima", True),
    "control": ("Ana\x1b[31mLima\x08", True),
    "c1_control": ("Ana\x85Lima", True),
    "invalid_utf8": (b"Ana\xff\xfeLima", True),
    "huge": ("x" * 100_000, False),
    "markup": ('<script>alert(1)</script><img src=x onerror="alert(2)">', False),
    "template": ("{{7*7}} {% for x in range(9) %}{{x}}{% endfor %} ${7*7}", False),
}
REFUSED_FOR_CHARACTERS = {"nul", "control", "c1_control"}
TYPED_FIELDS = (StringField, TextAreaField, PasswordField, EmailField)
CHARACTER_MESSAGE = "Remove the control character"


@dataclass(frozen=True)
class FormRoute:
    role: str
    url: Callable[[World], str]
    base: Callable[[World], dict[str, str]]


def _reset_url(world: World) -> str:
    with world.session() as session:
        user = session.get(User, world.users["cust_b"])
        return "/reset/" + accounts.password_reset_token(user, "test-secret-key")


def _letter_url(scene: dict[str, Any], suffix: str) -> Callable[[World], str]:
    def url(world: World) -> str:
        prefix = "/staff/letters" if suffix in {"draft", "send-back"} else "/letters"
        return f"{prefix}/{world.letter(**scene)['letter']}/{suffix}"
    return url


def _staff_url(scene: dict[str, Any], suffix: str) -> Callable[[World], str]:
    return lambda world: f"/staff/letters/{world.letter(**scene)['letter']}/{suffix}"


NEW_PW = "a new password 42"
ADDRESS = {"address_street_address": "2100 Vine Street", "address_city": "Berkeley",
           "address_postal_code": "94709", "address_country_area": "CA",
           "address_country_code": "US"}
RECIPIENT = {"recipient_name": "Catherine Klausen", "recipient_salutation": "Cat",
             "relationship": "wife", "recipient_pronouns": "she"}
BULK_SHARED = {"sender_name", "sender_signature", "relationship", "occasion", "tone", "length",
               "memories", "hand", "ink", "paper", "stationery", "with_envelope", "deliver_by"}
BULK_CSV = ("recipient_name,recipient_salutation,street_address,city,postal_code,country_area,"
            "country_code\nCatherine Klausen,Cat,2100 Vine Street,Berkeley,94709,CA,US\n")
# Field sets that forms are built from, never a form of their own.
BASES = {"letters_app.web.customer.forms.AddressFields",
         "letters_app.web.customer.forms.DomainForm",
         "letters_app.web.customer.forms.LetterFields"}
FORM_ROUTES: dict[str, FormRoute] = {
    "letters_app.web.auth.forms.SignupForm": FormRoute(
        "anon", lambda w: "/signup",
        lambda w: {"name": "Zed", "email": f"z{uuid.uuid4().hex[:8]}@example.com",
                   "password": NEW_PW, "confirm": NEW_PW}),
    "letters_app.web.auth.forms.LoginForm": FormRoute(
        "anon", lambda w: "/login",
        lambda w: {"email": "cust_b@example.com", "password": "not the password"}),
    "letters_app.web.auth.forms.ForgotPasswordForm": FormRoute(
        "anon", lambda w: "/forgot", lambda w: {"email": "nobody@example.com"}),
    "letters_app.web.auth.forms.ResetPasswordForm": FormRoute(
        "anon", _reset_url, lambda w: {"new_password": NEW_PW, "confirm": NEW_PW}),
    "letters_app.web.auth.forms.ChangePasswordForm": FormRoute(
        "cust_b", lambda w: "/account",
        lambda w: {"current_password": PASSWORD, "new_password": NEW_PW, "confirm": NEW_PW}),
    "letters_app.web.customer.forms.OrderForm": FormRoute(
        "cust_b", lambda w: "/letters/new",
        lambda w: {k: str(v) for k, v in order_data(order_key=uuid.uuid4().hex).items()}),
    "letters_app.web.customer.forms.BulkOrderForm": FormRoute(
        "biz", lambda w: "/letters/bulk",
        lambda w: {**{k: str(v) for k, v in order_data().items() if k in BULK_SHARED},
                   "check": "1", "checked_csv": BULK_CSV}),
    "letters_app.web.customer.hand_forms.SheetForm": FormRoute(
        "cust_b", lambda w: "/my-hand/sheet", lambda w: {"paper": "a4"}),
    "letters_app.web.customer.hand_forms.HandUploadForm": FormRoute(
        "cust_b", lambda w: "/my-hand/upload", lambda w: {}),
    "letters_app.web.customer.forms.RevisionForm": FormRoute(
        "cust_a", _letter_url({"status": Status.AWAITING_APPROVAL}, "revise"),
        lambda w: {"note": "Shorter, please."}),
    "letters_app.web.customer.forms.ActionForm": FormRoute(
        "cust_a", _letter_url({"status": Status.AWAITING_APPROVAL}, "approve"),
        lambda w: {"version": "1"}),
    "letters_app.web.staff.forms.ActionForm": FormRoute(
        "writer_a", _letter_url({"status": Status.DRAFTING, "writer": "writer_a"}, "release"),
        lambda w: {}),
    "letters_app.web.staff.forms.DraftForm": FormRoute(
        "writer_a", _letter_url({"status": Status.DRAFTING, "writer": "writer_a"}, "draft"),
        lambda w: {"text": "Dear Bea, thank you.", "expected_version": "1", "save": "Save"}),
    "letters_app.web.customer.forms.RecipientFields": FormRoute(
        "cust_b", lambda w: "/addresses/new", lambda w: {**ADDRESS, **RECIPIENT}),
    "letters_app.web.customer.forms.AddressCorrectionForm": FormRoute(
        "cust_a", _letter_url({"status": Status.AWAITING_APPROVAL}, "edit"),
        lambda w: {**ADDRESS, "recipient_name": "Catherine Klausen"}),
    "letters_app.web.customer.book_forms.SenderForm": FormRoute(
        "cust_b", lambda w: "/sender",
        lambda w: {**ADDRESS, "sender_name": "Bea Lima", "sender_signature": "Bea"}),
    "letters_app.web.auth.profile.ProfileForm": FormRoute(
        "cust_b", lambda w: "/account/profile",
        lambda w: {"name": "Bea Lima", "email": "cust_b@example.com", "current_password": ""}),
    "letters_app.web.customer.my_account.DeleteAccountForm": FormRoute(
        "cust_b", lambda w: "/account/delete",
        lambda w: {"current_password": "not the password", "confirm": "y"}),
    "letters_app.web.staff.forms.ReleaseForm": FormRoute(
        "reviewer", _staff_url({"status": Status.IN_REVIEW, "writer": "writer_a"},
                               "release-to-customer"),
        lambda w: {"override_note": "Right as it is."}),
    "letters_app.web.staff.forms.RestoreForm": FormRoute(
        "writer_a", _staff_url({"status": Status.DRAFTING, "writer": "writer_a"},
                               "versions/1/restore"),
        lambda w: {"expected_version": "1"}),
    "letters_app.web.customer.yearly.EveryYearForm": FormRoute(
        "cust_a", _letter_url({"status": Status.AWAITING_APPROVAL}, "every-year"),
        lambda w: {"on": "2027-06-01"}),
    "letters_app.web.customer.yearly.MemoriesForm": FormRoute(
        "cust_a", _letter_url({"status": Status.AWAITING_APPROVAL}, "memories"),
        lambda w: {"memories": "our walk by the river"}),
    "letters_app.web.staff.forms.SendBackForm": FormRoute(
        "reviewer", _letter_url({"status": Status.IN_REVIEW, "writer": "writer_a"}, "send-back"),
        lambda w: {"note": "Warmer, please."}),
}


def _all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_all_subclasses(sub)]
    return found


def _form_classes() -> dict[str, type]:
    import letters_app.web.auth.forms
    import letters_app.web.auth.profile
    import letters_app.web.customer.book_forms
    import letters_app.web.customer.forms
    import letters_app.web.customer.my_account
    import letters_app.web.customer.yearly
    import letters_app.web.staff.forms  # noqa: F401  (each module defines its forms)

    named = {f"{cls.__module__}.{cls.__qualname__}": cls for cls in _all_subclasses(GuardedForm)}
    return {name: cls for name, cls in named.items() if name not in BASES}


def _fields(world: World, form_name: str) -> list[tuple[str, type]]:
    with world.app.test_request_context():
        form = _form_classes()[form_name]()
        return [(field.name, type(field)) for field in form if field.name != "csrf_token"]


FIELD_CASES = [(form_name, kind) for form_name in FORM_ROUTES for kind in PAYLOADS]


def _encode(data: dict[str, str], field: str, value: str | bytes) -> bytes:
    """A urlencoded body as a browser would send it, with `value` as raw bytes if need be."""
    body = urlencode({k: v for k, v in data.items() if k != field})
    raw = value if isinstance(value, bytes) else value.encode()
    return f"{body}&{quote(field)}={quote(raw)}".encode()


def test_every_form_has_a_route() -> None:
    assert set(_form_classes()) == set(FORM_ROUTES), "a form without a fuzz route (or stale)"


@pytest.mark.parametrize(("form_name", "kind"), FIELD_CASES,
                         ids=[f"{f.rsplit('.', 2)[-2]}.{f.rsplit('.', 1)[-1]}-{k}"
                              for f, k in FIELD_CASES])
def test_every_form_field_refuses_or_survives_hostile_text(world: World, form_name: str,
                                                           kind: str) -> None:
    route = FORM_ROUTES[form_name]
    value, refused = PAYLOADS[kind]
    fields = _fields(world, form_name)
    problems = []
    for field, field_type in fields:
        client = world.client(route.role)
        url = route.url(world)
        data = {**route.base(world), "csrf_token": world.csrf(route.role, client)}
        before = world.count_rows()
        response = client.post(url, data=_encode(data, field, value),
                               content_type="application/x-www-form-urlencoded")
        page = response.get_data(as_text=True)
        if response.status_code >= 500:
            problems.append(f"{field}: {response.status_code}")
            continue
        if not refused:
            continue
        typed_text = issubclass(field_type, TYPED_FIELDS) and field_type.__name__ != "HiddenField"
        if kind == "invalid_utf8":
            if response.status_code != 400:
                problems.append(f"{field}: bad UTF-8 answered {response.status_code}, not 400")
        elif not typed_text:
            continue  # a checkbox takes any value as "ticked"; a select refuses it by choice
        elif response.status_code != 302 and CHARACTER_MESSAGE not in page:
            problems.append(f"{field}: no message about the control character")
        if world.count_rows() != before:
            problems.append(f"{field}: rows changed by a refused request")
    assert not problems, f"{form_name} with {kind}: {problems}"


JSON_FIELDS: dict[str, tuple[str, Callable[[World], str], Callable[[World], dict[str, Any]]]] = {
    "letter_ids": ("batches",
                   lambda w: "/api/v1/print/batches",
                   lambda w: {"letter_ids": [w.letter(Status.READY_TO_PRINT,
                                                      approved=True)["letter"]]}),
    "tracking_number": ("shipped",
                        lambda w: "/api/v1/print/letters/"
                                  f"{w.letter(Status.PRINTED, approved=True, batch=True)['letter']}"
                                  "/shipped",
                        lambda w: {"tracking_number": "1Z999"}),
}
JSON_VALUES: dict[str, Any] = {
    "nul": "1Z\x00999", "control": "1Z\x1b999", "lone_surrogate": "\ud800",
    "huge": "9" * 100_000, "markup": "<script>alert(1)</script>", "template": "{{7*7}}",
    "zero": 0, "minus_one": -1, "two_63": 2**63, "two_64": 2**64, "float": 1.5, "null": None,
    "list_of_2_63": [2**63], "list_of_2_64": [2**64], "list_of_negative": [-1],
    "object": {"a": 1}, "deep": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]],
}
JSON_CASES = [(field, kind) for field in JSON_FIELDS for kind in JSON_VALUES]


@pytest.mark.parametrize(("field", "kind"), JSON_CASES, ids=[f"{f}-{k}" for f, k in JSON_CASES])
def test_every_json_field_gets_a_json_answer_never_a_500(world: World, field: str,
                                                         kind: str) -> None:
    _, url, base = JSON_FIELDS[field]
    body, target = {**base(world), field: JSON_VALUES[kind]}, url(world)
    before = world.count_rows()
    response = world.client("shop").post(target, json=body, headers=world.api_headers)
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    assert response.is_json, response.get_data(as_text=True)[:300]
    if response.status_code >= 400:
        assert world.count_rows() == before, "a refused request changed rows"
        assert "error" in response.get_json()


RAW_BODIES = {
    "malformed": b'{"letter_ids": [1,',
    "not_an_object": b"[1, 2, 3]",
    "a_string": b'"letter_ids"',
    "too_deep": b'{"letter_ids": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    "recursion_deep": b"[" * 100_000 + b"]" * 100_000,
    "invalid_utf8": b'{"tracking_number": "\xff\xfe"}',
    "huge_integer": b'{"letter_ids": [' + b"9" * 5000 + b"]}",  # past Python's 4300 digits
    "empty_object": b"{}",
}


BAD_BODY_PATHS = ["/api/v1/print/batches", "/api/v1/print/letters/1/shipped",
                  "/api/v1/print/letters/1/printed"]


# {} is a whole, valid body for /printed (it takes no fields): whether that letter can be
# reported printed then depends on what earlier tests did to the shared world, not on the body.
@pytest.mark.parametrize("path, kind", [
    (path, kind) for path in BAD_BODY_PATHS for kind in RAW_BODIES
    if not (kind == "empty_object" and path.endswith("/printed"))])
def test_bad_json_bodies_get_a_400_json_error(world: World, path: str, kind: str) -> None:
    response = world.client("shop").post(path, data=RAW_BODIES[kind],
                                         content_type="application/json",
                                         headers=world.api_headers)
    expected = {400, 404} if kind == "empty_object" else {400}
    assert response.status_code in expected, response.get_data(as_text=True)[:300]
    assert "error" in response.get_json()


HUGE_IDS = ["0", "-1", str(2**31), str(2**63), str(2**64)]
ID_ROLE = {"/api/": "shop", "/staff/": "admin", "/admin/": "admin", "/letters/": "cust_a",
           "/addresses/": "cust_a", "/yearly/": "cust_a", "/my-hand/": "cust_a"}


def _int_rules(world: World) -> list[tuple[str, str]]:
    rules = []
    for rule in world.app.url_map.iter_rules():
        if any(type(conv).__name__ == "IdConverter" for conv in rule._converters.values()):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                rules.append((method, rule.rule))
    return sorted(rules)


def test_every_integer_in_a_url_out_of_range_is_a_404(world: World) -> None:
    problems = []
    rules = _int_rules(world)
    assert len(rules) >= 15, rules
    for method, rule in rules:
        role = next(r for prefix, r in ID_ROLE.items() if rule.startswith(prefix))
        client = world.client(role)
        for number in HUGE_IDS:
            url = re.sub(r"<(?:int|id):\w+>", number, rule).replace("<kind>", "letter_pdf")
            url = url.replace("<any(pause, resume, stop):action>", "stop")
            body = {"json": {"tracking_number": "1Z", "letter_ids": [1]}} if role == "shop" \
                else {"data": {"csrf_token": world.csrf(role)}}
            headers = world.api_headers if role == "shop" else {}
            before = world.count_rows()
            response = client.open(url, method=method, headers=headers, **body)
            if response.status_code != 404:
                problems.append(f"{method} {url}: {response.status_code}")
            elif world.count_rows() != before:
                problems.append(f"{method} {url}: rows changed")
    assert not problems, problems


@pytest.mark.parametrize("number", ["0", "-1", str(2**63), str(2**64), "1e9", "x"])
def test_integers_in_query_strings_and_hidden_fields_never_fail(world: World,
                                                                number: str) -> None:
    held = world.letter(Status.DRAFTING, writer="writer_a")["letter"]
    page = world.client("admin").get(f"/staff/letters/{held}?version={number}")
    assert page.status_code in {200, 404}
    proof = world.letter(Status.AWAITING_APPROVAL)["letter"]
    client = world.client("cust_a")
    response = client.post(f"/letters/{proof}/approve",
                           data={"csrf_token": world.csrf("cust_a"), "version": number})
    assert response.status_code == 302
    writer = world.client("writer_a")
    response = writer.post(f"/staff/letters/{held}/draft",
                           data={"csrf_token": world.csrf("writer_a"), "text": "Dear Bea,",
                                 "expected_version": number, "save": "Save"})
    assert response.status_code in {302, 400, 409}, response.status_code


def test_invalid_utf8_in_the_address_or_query_is_a_400(world: World) -> None:
    client = world.client("cust_a")
    assert client.get("/letters?q=%FF%FE").status_code == 400
    assert client.get("/hands/%FF.png").status_code == 400
