"""Helpers for the core tests: a full dump of a project, to prove nothing changed."""
import pytest

from helpers.project import dump_connection


def dump_project(project) -> dict:
    """Every row of every table (FTS shadow tables included) and the schema version."""
    return dump_connection(project.conn)


@pytest.fixture
def dump():
    return dump_project
