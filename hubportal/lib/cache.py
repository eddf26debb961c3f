"""The cache, failing open: when its Redis cannot be reached, the portal carries on without it.

Nothing the portal keeps in the cache is a record: allauth's sign-in rate limits and its used-TOTP
memory, the certificate look-up cap, a CSV upload's progress count. Losing them for a while is
better than answering every sign-in with a server error, so each call that fails is logged as a
warning and answers as an empty cache would: nothing found, anything added was added, so allauth's
rate-limit lock is taken and no limit is reached. After a failure the cache is left alone for
`RETRY_AFTER_SECONDS` (one warning, not one per call, and no request waits on a dead server twice).
"""

from __future__ import annotations

import logging
import time
from functools import wraps

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


def _fails_open(answer):
    """Run the cache call; on a Redis error, or while the server is taken to be down, `answer(*args)` instead."""

    def decorate(method):
        @wraps(method)
        def call(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return answer(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as exc:
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning(
                    "The cache at %s cannot be reached (%s: %s); carrying on without it (rate limits are not "
                    "counted) and trying again in %s s",
                    self._redacted_location, type(exc).__name__, exc, RETRY_AFTER_SECONDS,
                )
                return answer(*args, **kwargs)

        return call

    return decorate


def _none(*args, **kwargs):
    return None


def _true(*args, **kwargs):
    return True


def _false(*args, **kwargs):
    return False


def _default(key, default=None, version=None):
    return default


def _nothing(*args, **kwargs):
    return {}


def _empty_list(*args, **kwargs):
    return []


def _delta(key, delta=1, version=None):
    # As if the count had been zero: a counted limit is never reached while nothing is counted.
    return delta


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, but a cache that cannot be reached is an empty cache, not an exception."""

    def __init__(self, server, params):
        options = {
            # A cache that does not answer quickly is no use to a request waiting on it.
            "socket_connect_timeout": 1,
            "socket_timeout": 1,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._redacted_location = ", ".join(_without_password(url) for url in self._servers)

    @_fails_open(_true)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_fails_open(_default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_fails_open(_none)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_fails_open(_false)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_fails_open(_false)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_fails_open(_nothing)
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_fails_open(_false)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_fails_open(_delta)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_fails_open(_empty_list)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_fails_open(_none)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_fails_open(_false)
    def clear(self):
        return super().clear()


def _without_password(url: str) -> str:
    # The log must not carry the cache's password (redis://:secret@host/1).
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.rsplit("@", 1)[1]
    return scheme + sep + rest
