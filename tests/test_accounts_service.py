"""New accounts: usernames that differ only in case are one name; a password needs characters."""

import pytest

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.accounts import authenticate, create_account, create_owner
from fibrotrack.services.people import create_person

PASSWORD = "correct horse battery"


def test_a_username_differing_only_in_case_is_taken(database) -> None:
    with database.session() as session:
        create_account(
            session,
            username="drlee",
            password=PASSWORD,
            role="clinician",
            name=None,
            timezone="UTC",
        )
        with pytest.raises(InvalidEntry) as refused:
            create_account(
                session,
                username="DrLee",
                password=PASSWORD,
                role="clinician",
                name=None,
                timezone="UTC",
            )
        assert (refused.value.field, refused.value.message) == (
            "username",
            "is taken; choose another",
        )
        assert authenticate(session, username="drlee", password=PASSWORD) is not None


def test_a_password_of_spaces_is_refused(database) -> None:
    with database.session() as session:
        with pytest.raises(InvalidEntry) as refused:
            create_account(
                session, username="pat", password=" " * 12, role="person", name=None, timezone="UTC"
            )
        assert (refused.value.field, refused.value.message) == ("password", "cannot be only spaces")
        assert authenticate(session, username="pat", password=" " * 12) is None


def test_the_owner_takes_over_the_cli_person_with_the_time_zone_chosen(database) -> None:
    with database.session() as session:
        made_by_the_cli = create_person(session, name="Sam", timezone="UTC")
        create_owner(
            session, username="sam", password=PASSWORD, name=None, timezone="Europe/London"
        )
        session.refresh(made_by_the_cli)
        assert (made_by_the_cli.name, made_by_the_cli.timezone) == ("Sam", "Europe/London")
