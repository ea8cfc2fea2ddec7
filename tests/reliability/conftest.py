import pytest

from tests.reliability.harness import Child


@pytest.fixture
def child(tmp_path_factory):
    """The fork server; its workers report progress for files under this session's temporary folder."""
    c = Child(watch=tmp_path_factory.getbasetemp())
    yield c
    c.close()
    print(f"\nKILLS {dict(c.killed)}")  # shown with -s
