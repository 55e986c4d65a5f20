"""Values a process keeps per key while a generation stays, for a few seconds at most.

Under a surge every thread of a process asks for the same value when its seconds run out;
all of them reading it at once held every answer up for about a second (p99). So one
thread reads it again and the others keep the last value meanwhile. After a change
(another generation) the others wait for that read instead: what was kept is no longer
true. Used for the contact numbers (search.load_shedding) and the crisis state
(portal.crisis).
"""

import threading
import time

ANY = object()  # "whatever generation": a caller that has not read one


class HeldByGeneration:
    def __init__(self, seconds):
        self.seconds = seconds
        self._values = {}  # key -> (generation or ANY, read at, value)
        self._reading = threading.Lock()  # one thread reads again at a time

    def get(self, key, generation, read):
        """The value kept for `key` under `generation` (any, for ANY), else read()."""
        found = self._kept(key, generation)
        if found is not None:
            if (time.monotonic() - found[1] < self.seconds
                    or not self._reading.acquire(blocking=False)):
                return found[2]
        else:
            self._reading.acquire()
        try:
            again = self._kept(key, generation)
            if again is not None and again is not found:  # read by another thread meanwhile
                return again[2]
            now = time.monotonic()
            value = read()
            self._values[key] = (generation, now, value)
            return value
        finally:
            self._reading.release()

    def clear(self):
        self._values.clear()

    def _kept(self, key, generation):
        kept = self._values.get(key)
        if kept and (generation is ANY or kept[0] is not ANY and kept[0] == generation):
            return kept
        return None
