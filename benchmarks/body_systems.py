"""Body systems at scale: ten years of sleep diary nights and cycles, and the food verdict's
calibration on synthetic protocols with and without a planted food effect.

Run: .venv/bin/python benchmarks/body_systems.py
"""

import time as clock
from datetime import date, time, timedelta

import numpy as np

from fibrotrack.body.cycle import Period, cycle_days, symptoms_by_phase
from fibrotrack.body.food_verdict import Verdict, compare
from fibrotrack.body.sleep import DiaryEntry, place_night, weekly_summaries

YEARS = 10
START = date(2016, 1, 1)


def timed(label: str, work):  # type: ignore[no-untyped-def]
    began = clock.perf_counter()
    result = work()
    print(f"{label}: {1000 * (clock.perf_counter() - began):.0f} ms")
    return result


def sleep_decade() -> None:
    rng = np.random.default_rng(1)
    entries = [
        DiaryEntry(
            night=START + timedelta(days=i),
            bed=time(22, int(rng.integers(0, 60))),
            wake=time(6, int(rng.integers(0, 60))),
            latency=int(rng.integers(0, 60)),
            wakings=1,
            awake=int(rng.integers(0, 60)),
        )
        for i in range(365 * YEARS)
    ]
    nights = timed(f"place {len(entries)} diary nights", lambda: [place_night(e) for e in entries])
    weeks = timed("weekly summaries", lambda: weekly_summaries(nights))
    print(f"  {len(weeks)} weeks")


def cycles_decade() -> None:
    rng = np.random.default_rng(2)
    periods, start = [], START
    while start < START + timedelta(days=365 * YEARS):
        periods.append(Period(start, start + timedelta(days=4)))
        start += timedelta(days=int(rng.integers(24, 36)))
    last = START + timedelta(days=365 * YEARS)
    days = timed(f"cycle day and phase for {YEARS} years", lambda: cycle_days(periods, START, last))
    pain = {d.day: float(rng.integers(2, 9)) for d in days}
    timed("symptoms by phase", lambda: symptoms_by_phase(days, pain))


def verdict_calibration(seeds: int = 2000) -> None:
    def protocol(seed: int, effect: float, sd: float) -> Verdict:
        rng = np.random.default_rng(seed)
        noise = rng.normal(0, sd, 19)
        series = np.empty(19)
        series[0] = noise[0] / np.sqrt(1 - 0.09)
        for t in range(1, 19):
            series[t] = 0.3 * series[t - 1] + noise[t]
        ratings = np.clip(np.rint(3 + series + np.r_[np.zeros(14), np.full(5, effect)]), 0, 10)
        days = [START + timedelta(days=i) for i in range(19)]
        baseline = {days[i]: float(ratings[i]) for i in range(14)}
        window = {days[i]: float(ratings[i]) for i in range(14, 19)}
        return compare("gi", baseline, window).verdict

    for effect, sd in ((0.0, 1.0), (0.0, 0.5), (1.5, 0.7), (2.5, 0.7), (2.5, 1.0)):
        found = [protocol(seed, effect, sd) for seed in range(seeds)]
        shares = {v.value: found.count(v) / seeds for v in Verdict}
        print(
            f"effect {effect:+.1f}, day SD {sd}: "
            + ", ".join(f"{name} {share:.1%}" for name, share in shares.items())
        )


if __name__ == "__main__":
    sleep_decade()
    cycles_decade()
    verdict_calibration()
