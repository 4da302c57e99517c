"""The comment scorer the answer path calls: registered at assembly, never imported here.

``surveys`` sits below ``analytics`` in the dependency order, so it cannot import the
sentiment analyzers; ``app.main.create_app`` registers ``analytics.sentiment.analyze`` (any
callable returning an object with ``polarity``, ``label`` and ``analyzer_version``). Without
a scorer, answers are stored unscored and ``voc rescore`` scores them later.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from app.batches import Coalescer

log = logging.getLogger("voc.surveys.scoring")

CommentScorer = Callable[[str], Any]

#: A helper that has not answered a message in this long is taken for stuck: it is stopped
#: and comments are scored in process from then on (an answer must never wait forever).
HELPER_SECONDS = 10.0
#: Loading the models at start is allowed longer: nothing waits on it yet, and on a machine
#: busy with other work it took more than HELPER_SECONDS (cold loads of 2-3 s per language
#: at load 15 on two cores), which left a healthy server scoring in process for its lifetime.
STARTUP_SECONDS = 60.0

_scorer: list[CommentScorer] = []


@dataclass(frozen=True, slots=True)
class Sentiment:
    polarity: float | None = None
    label: str | None = None
    version: str | None = None


def register_comment_scorer(scorer: CommentScorer | None) -> None:
    """Use ``scorer`` for every comment from now on (``None`` turns scoring off)."""
    _scorer[:] = [scorer] if scorer is not None else []


def comment_scorer() -> CommentScorer | None:
    return _scorer[0] if _scorer else None


def score_comment(comment: str) -> Sentiment:
    """The comment's sentiment; an empty comment, no scorer or a scorer bug gives none."""
    if not comment or not _scorer:
        return Sentiment()
    try:
        result = _scorer[0](comment)
    except Exception:  # a scoring bug must never lose an answer
        log.exception("sentiment analysis failed")
        return Sentiment()
    return Sentiment(float(result.polarity), str(result.label), str(result.analyzer_version))


class ScoringProcess:
    """Comments scored in a helper process, the comments that arrive together in one message.

    Scoring is pure Python: in the server's process it holds the interpreter lock on the one
    core that also parses, validates and answers every request. In a helper process the
    second core scores while the first serves; the request still waits for its own score
    before the answer is written, so the stored sentiment (and the alerts computed from it)
    is exactly what in-process scoring gives. Messages are one JSON line each way; answers
    arriving during one round trip share the next (:class:`app.batches.Coalescer`). If the
    helper is gone or fails, comments are scored in process as before: never an answer lost.
    """

    def __init__(self, target: str, warm_up: Sequence[str] = ("warm-up",)) -> None:
        self.target = target
        """The scorer as ``module:function`` (imported by the helper, not by surveys)."""
        self.warm_up = list(warm_up)
        """Scored once at start, one comment per language the scorer loads lazily: the first
        Japanese answer must not wait for the helper to build its Japanese lexicon (~1 s of
        CPU, long enough on a busy machine to be taken for a stuck helper)."""
        self._process: asyncio.subprocess.Process | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._batches: Coalescer[str, Sentiment] = Coalescer(self._score_many)

    async def start(self) -> None:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "surveys.scoring",
            self.target,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=1 << 24,
            # The helper imports what this process imported, from the same places.
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
        self._loop = asyncio.get_running_loop()
        await self._score_many(self.warm_up, STARTUP_SECONDS)  # the helper has loaded its models

    @property
    def running(self) -> bool:
        process = self._process
        return process is not None and process.returncode is None

    async def score(self, comment: str) -> Sentiment:
        if not self.running or asyncio.get_running_loop() is not self._loop:
            return score_comment(comment)
        try:
            return await self._batches(comment)
        except Exception:
            log.exception("the scoring helper failed; scoring in process")
            return score_comment(comment)

    async def _score_many(
        self, comments: Sequence[str], seconds: float | None = None
    ) -> list[Sentiment]:
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            raise RuntimeError("the scoring helper is not running")
        process.stdin.write(msgspec.json.encode(list(comments)) + b"\n")
        await process.stdin.drain()
        try:
            line = await asyncio.wait_for(
                process.stdout.readline(), HELPER_SECONDS if seconds is None else seconds
            )
        except TimeoutError:
            process.kill()
            raise
        if not line:
            raise RuntimeError("the scoring helper exited")
        results = msgspec.json.decode(line, type=list[tuple[float, str, str] | None])
        if len(results) != len(comments):
            raise RuntimeError("the scoring helper answered out of step")
        return [Sentiment(*r) if r is not None else Sentiment() for r in results]

    async def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()


_process: list[ScoringProcess] = []


def use_scoring_process(process: ScoringProcess | None) -> None:
    """Score comments in ``process`` from now on (``None``: in this process)."""
    _process[:] = [process] if process is not None else []


async def score_comment_soon(comment: str) -> Sentiment:
    """:func:`score_comment`, in the scoring helper when one runs (see :class:`ScoringProcess`)."""
    if not comment or not _scorer:
        return Sentiment()
    if _process:
        return await _process[0].score(comment)
    return score_comment(comment)


def _serve(target: str) -> None:
    """The helper: a JSON list of comments per line in, a list of scores per line out."""
    module, _, name = target.partition(":")
    register_comment_scorer(getattr(importlib.import_module(module), name))
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        comments = msgspec.json.decode(line, type=list[str])
        scores = [score_comment(comment) for comment in comments]
        out.write(
            msgspec.json.encode(
                [None if s.label is None else (s.polarity, s.label, s.version) for s in scores]
            )
            + b"\n"
        )
        out.flush()


if __name__ == "__main__":
    _serve(sys.argv[1])
