"""Dashboard accounts (issue 11): the contract's `staff add`, login, lock-out after 10
failed logins, password change ending other sessions, sessions that survive a restart."""

from __future__ import annotations

from sqlalchemy import select

from bot.models import AuditEvent, StaffAccount
from tests.helpers import STAFF_PASSWORD, csrf_token_of, log_in_staff

EMAIL = "field.worker@example.org"


def add(runner, email=EMAIL, role="ngo", password=STAFF_PASSWORD, *extra):
    return runner.invoke(args=["staff", "add", email, "--role", role, "--password-stdin",
                               *extra], input=password + "\n")


def login(client, email=EMAIL, password=STAFF_PASSWORD):
    token = csrf_token_of(client.get("/staff/login").get_data(as_text=True))
    return client.post("/staff/login", data={"csrf_token": token, "email": email,
                                             "password": password})


def test_staff_add_reads_the_password_from_stdin_and_stores_only_a_hash(runner, db):
    result = add(runner, "Field.Worker@Example.org ")
    assert result.exit_code == 0, result.output
    assert "added field.worker@example.org (ngo)" in result.output
    account = db.scalar(select(StaffAccount))
    assert account.email == EMAIL and account.role == "ngo"
    assert STAFF_PASSWORD not in account.password_hash
    assert account.password_hash.startswith("scrypt:")


def test_staff_add_refuses_bad_input_with_a_sentence(runner, db):
    assert "exists already" in (add(runner), add(runner))[1].output
    short = add(runner, "other@example.org", "ngo", "short")
    assert short.exit_code != 0 and "12 to 200 characters" in short.output
    bad_role = add(runner, "x@example.org", "chief")
    assert bad_role.exit_code != 0 and "chief" in bad_role.output
    bad_email = add(runner, "not-an-email")
    assert bad_email.exit_code != 0 and "email address" in bad_email.output
    nul = add(runner, "nul@example.org", "ngo", "a\x00" * 8)
    assert nul.exit_code != 0
    assert db.scalar(select(StaffAccount.email).where(StaffAccount.email != EMAIL)) is None


def test_login_and_logout(runner, client, db):
    add(runner)
    assert client.get("/staff/account").status_code == 302  # to the login page
    response = login(client)
    assert response.status_code == 302 and response.location.endswith("/staff/")
    assert client.get("/staff/account").status_code == 200
    token = csrf_token_of(client.get("/staff/account").get_data(as_text=True))
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/staff/account").status_code == 302
    events = db.scalars(select(AuditEvent.event).order_by(AuditEvent.id)).all()
    assert events == ["login", "logout"]


def test_a_wrong_password_says_nothing_about_the_account(runner, client):
    add(runner)
    wrong = login(client, password="wrong password!!")
    unknown = login(client, email="nobody@example.org")
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong email or password." in wrong.get_data(as_text=True)
    assert "Wrong email or password." in unknown.get_data(as_text=True)


def test_ten_failed_logins_lock_the_account_even_for_the_right_password(runner, client, db,
                                                                         app):
    add(runner)
    other = app.test_client()
    assert login(other).status_code == 302  # a session already open elsewhere
    for _ in range(9):
        assert login(client, password="not the password").status_code == 401
    assert login(client, password="not the password").status_code == 403
    locked = login(client)
    assert locked.status_code == 403 and "locked" in locked.get_data(as_text=True)
    assert other.get("/staff/account").status_code == 302  # the open session ended too
    account = db.scalar(select(StaffAccount))
    assert account.failed_logins == 10 and account.locked_at is not None
    assert runner.invoke(args=["staff", "unlock", EMAIL]).exit_code == 0
    assert login(client).status_code == 302


def test_a_success_resets_the_count_of_failures(runner, client, db):
    add(runner)
    for _ in range(9):
        login(client, password="not the password")
    assert login(client).status_code == 302
    assert db.scalar(select(StaffAccount.failed_logins)) == 0


def test_changing_the_password_ends_the_other_sessions(runner, app, db):
    add(runner)
    phone, desk = app.test_client(), app.test_client()
    login(phone), login(desk)
    token = csrf_token_of(desk.get("/staff/account").get_data(as_text=True))
    new = "a much longer new password"
    changed = desk.post("/staff/account", data={"csrf_token": token, "action": "password",
                                                "pw-current": STAFF_PASSWORD, "pw-new": new})
    assert changed.status_code == 302
    assert desk.get("/staff/account").status_code == 200  # this one goes on
    assert phone.get("/staff/account").status_code == 302  # the other is logged out
    assert login(app.test_client(), password=new).status_code == 302
    wrong = desk.post("/staff/account", data={"csrf_token": token, "action": "password",
                                              "pw-current": "not it at all", "pw-new": new})
    assert wrong.status_code == 400


def test_a_session_survives_a_restart_of_the_app(runner, client, make_app):
    add(runner)
    login(client)
    cookie = client.get_cookie("session")
    restarted = make_app().test_client()  # another process with the same SECRET_KEY
    restarted.set_cookie(cookie.key, cookie.value)
    assert restarted.get("/staff/account").status_code == 200


def test_the_account_language_is_the_dashboards(staff_login):
    client = staff_login("ngo", locale="km")
    page = client.get("/staff/account").get_data(as_text=True)
    assert '<html lang="km">' in page
    client.post("/staff/account", data={"action": "language", "lang-locale": "th"})
    assert '<html lang="th">' in client.get("/staff/account").get_data(as_text=True)


def test_only_an_admin_opens_the_accounts_page(staff_login, db):
    assert staff_login("ngo").get("/staff/accounts").status_code == 403
    assert staff_login("police").get("/staff/accounts").status_code == 403
    admin = staff_login("admin")
    assert admin.get("/staff/accounts").status_code == 200
    added = admin.post("/staff/accounts", data={"email": "new@example.org", "role": "police",
                                                "locale": "km", "password": STAFF_PASSWORD})
    assert added.status_code == 302
    assert db.scalar(select(StaffAccount.role).where(StaffAccount.email == "new@example.org")
                     ) == "police"


def test_login_never_sends_a_person_to_another_site(runner, app):
    add(runner)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        client = app.test_client()
        token = csrf_token_of(client.get("/staff/login").get_data(as_text=True))
        response = client.post(f"/staff/login?next={target}", data={
            "csrf_token": token, "email": EMAIL, "password": STAFF_PASSWORD})
        assert response.location == "/staff/", target


def test_the_login_form_survives_garbage(client):
    token = csrf_token_of(client.get("/staff/login").get_data(as_text=True))
    for data in ({"email": "²③\x00", "password": "x"}, {"email": "a" * 5000, "password": ""},
                 {"email": ["a", "b"], "password": ["c"]}, {}):
        response = client.post("/staff/login", data={"csrf_token": token, **data})
        assert response.status_code in (400, 401), data


def test_log_in_helper_accounts_are_separate(app):
    a = log_in_staff(app.test_client(), "ngo", "a@example.org")
    assert "a@example.org" in a.get("/staff/account").get_data(as_text=True)
