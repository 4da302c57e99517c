"""Concurrent calls folded into one round trip: results, errors and ordering per caller."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from app.batches import BatchItemError, Coalescer


class Recorder:
    """A fake statement: records each batch, takes a little time like a round trip."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    async def __call__(self, items: Sequence[int]) -> list[int | BatchItemError]:
        self.batches.append(list(items))
        await asyncio.sleep(0.005)
        return [BatchItemError(ValueError(i)) if i < 0 else i * 10 for i in items]


async def test_a_lone_call_goes_at_once_and_a_burst_shares_round_trips() -> None:
    run = Recorder()
    coalescer: Coalescer[int, int] = Coalescer(run)
    assert await coalescer(1) == 10
    assert run.batches == [[1]]
    burst = [asyncio.ensure_future(coalescer(i)) for i in range(2, 52)]
    await asyncio.sleep(0.001)  # the burst's statement is in flight; more callers arrive
    results = await asyncio.gather(*burst, *(coalescer(i) for i in range(52, 102)))
    assert results == [i * 10 for i in range(2, 102)]
    assert run.batches[1:] == [list(range(2, 52)), list(range(52, 102))]
    assert coalescer.items == 101 and coalescer.batches == 3


async def test_one_items_error_fails_that_caller_alone() -> None:
    coalescer: Coalescer[int, int] = Coalescer(Recorder())
    results = await asyncio.gather(*(coalescer(i) for i in (1, -2, 3)), return_exceptions=True)
    assert results[0] == 10 and results[2] == 30
    assert isinstance(results[1], ValueError)


async def test_a_failed_statement_fails_its_batch_and_the_next_batch_still_runs() -> None:
    calls: list[list[int]] = []

    async def run(items: Sequence[int]) -> list[int]:
        calls.append(list(items))
        await asyncio.sleep(0.005)
        if 2 in items:
            raise ConnectionResetError("server went away")
        return list(items)

    coalescer: Coalescer[int, int] = Coalescer(run)
    first = asyncio.ensure_future(coalescer(1))
    await asyncio.sleep(0)  # 1 is in flight; 2 and 3 queue for the next statement
    middle = asyncio.gather(coalescer(2), coalescer(3), return_exceptions=True)
    assert await first == 1
    assert all(isinstance(r, ConnectionResetError) for r in await middle)
    assert await coalescer(4) == 4
    assert calls == [[1], [2, 3], [4]]


async def test_items_with_the_same_key_never_share_a_batch() -> None:
    run = Recorder()
    coalescer: Coalescer[int, int] = Coalescer(run, key=lambda i: i % 3)
    results = await asyncio.gather(*(coalescer(i) for i in range(9)))
    assert results == [i * 10 for i in range(9)]
    for batch in run.batches:
        assert len({i % 3 for i in batch}) == len(batch)
    assert sorted(i for batch in run.batches for i in batch) == list(range(9))


async def test_a_caller_that_goes_away_does_not_cancel_the_others_statement() -> None:
    run = Recorder()
    coalescer: Coalescer[int, int] = Coalescer(run)
    leaving = asyncio.ensure_future(coalescer(1))
    staying = asyncio.ensure_future(coalescer(2))
    await asyncio.sleep(0)
    leaving.cancel()
    assert await staying == 20
    with pytest.raises(asyncio.CancelledError):
        await leaving
    assert 1 in run.batches[0]  # the abandoned item was still written


async def test_drain_waits_for_what_is_queued() -> None:
    run = Recorder()
    coalescer: Coalescer[int, int] = Coalescer(run, max_batch=10)
    pending = [asyncio.ensure_future(coalescer(i)) for i in range(35)]
    await asyncio.sleep(0)
    await coalescer.drain()
    assert all(p.done() for p in pending)
    assert [len(b) for b in run.batches] == [10, 10, 10, 5]
