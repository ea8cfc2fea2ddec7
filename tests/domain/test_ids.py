import os
import time
import uuid

import pytest

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


def test_ids_differ_across_threads():
    import threading

    got: list[list[str]] = [[] for _ in range(4)]

    def make(out):
        out.extend(new_id() for _ in range(1000))
    threads = [threading.Thread(target=make, args=(out,)) for out in got]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [i for out in got for i in out]
    assert len(set(every)) == len(every) == 4000


@pytest.mark.posix
def test_a_forked_child_draws_its_own_random_bits():
    """The random bits are drawn 256 at a time: a child forked with a part-used batch must not
    hand out the parent's next ids."""
    new_id()  # the batch is drawn, and part used
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, ",".join(new_id() for _ in range(50)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as f:
        child = f.read().split(",")
    os.waitpid(pid, 0)
    ours = [new_id() for _ in range(50)]
    assert not {i[14:] for i in child} & {i[14:] for i in ours}
