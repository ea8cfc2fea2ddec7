import time
import uuid

from landdesk.domain.ids import new_id, uuid7


def test_new_id_is_the_text_of_a_uuid7():
    for _ in range(2000):
        s = new_id()
        u = uuid.UUID(s)
        assert str(u) == s and u.version == 7 and u.variant == uuid.RFC_4122
    assert uuid7().version == 7


def test_new_ids_sort_by_creation_time():
    first = new_id()
    time.sleep(0.002)
    assert new_id()[:13] > first[:13]
