"""Benchmark of borrowing strength (partial pooling) on synthetic communities with known truth.

    .venv/bin/python benchmarks/community_pooling.py [--workers 2] [--quick]

For communities of 50, 100, 200 and 500 people (``fibrotrack.analysis.synthetic_community``:
each member's true effect of sleep, active minutes and a food drawn around a common mean),
each member's own GLS estimate (``fibrotrack.analysis.shared_factors.own_estimate``) is
compared with the pooled one (``fibrotrack.analysis.pooling``), with the community's
distribution estimated by REML, by DerSimonian–Laird moments, and by REML as the server
publishes it (rounded: ``fibrotrack.community.factor_prior``). Reported per factor: the root
mean squared error against the truth, the coverage of the 95% intervals, their mean width, and
the share of people whose interval excludes zero (every true effect here is away from zero
for most people). Every run is seeded. Results are printed as Markdown for docs/benchmarks.md.
"""

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from fibrotrack.analysis.pooling import (
    BetweenMethod,
    OwnEstimate,
    community_distribution,
    pooled_estimate,
)
from fibrotrack.analysis.shared_factors import own_estimate, shared_factor
from fibrotrack.analysis.synthetic_community import (
    COMMUNITY_FACTORS,
    CommunitySpec,
    synthetic_community,
)
from fibrotrack.community import CommunityRules, Contribution, FactorEffect, factor_prior

Z = 1.959963984540054


@dataclass(frozen=True)
class Job:
    people: int
    days: int
    seed: int


@dataclass
class Tally:
    """Per factor and method: squared errors, hits, widths, intervals excluding zero."""

    errors: list[float]
    covered: list[bool]
    widths: list[float]
    away: list[bool]

    @classmethod
    def empty(cls) -> "Tally":
        return cls([], [], [], [])

    def add(self, effect: float, low: float, high: float, truth: float) -> None:
        self.errors.append((effect - truth) ** 2)
        self.covered.append(low <= truth <= high)
        self.widths.append(high - low)
        self.away.append(low > 0 or high < 0)

    def extend(self, other: "Tally") -> None:
        self.errors += other.errors
        self.covered += other.covered
        self.widths += other.widths
        self.away += other.away


METHODS = ("own", "pooled REML", "pooled moments", "pooled REML as published")


def run(job: Job) -> tuple[Job, dict[tuple[str, str], Tally], float, int]:
    rng = np.random.default_rng(job.seed)
    members = synthetic_community(rng, CommunitySpec(people=job.people, n_days=job.days))
    tallies = {(f, m): Tally.empty() for f in COMMUNITY_FACTORS for m in METHODS}
    started = time.perf_counter()
    missing = 0
    for key in COMMUNITY_FACTORS:
        factor = shared_factor(key)
        usable: list[tuple[OwnEstimate, float]] = []
        for member in members:
            fit = own_estimate(
                member.pain, member.factors[key], first_day=member.first_day, factor=factor
            )
            if fit.estimate is None:
                missing += 1
            else:
                usable.append((fit.estimate, member.truth[key]))
        own = [estimate for estimate, _ in usable]
        distributions = {
            "pooled REML": community_distribution(own, BetweenMethod.REML),
            "pooled moments": community_distribution(own, BetweenMethod.MOMENTS),
        }
        published = factor_prior(
            key,
            [
                Contribution(
                    "2026-01",
                    (),
                    (FactorEffect(key, round(e.effect, 2), max(round(e.se, 3), 0.001)),),
                )
                for e in own
            ],
            CommunityRules(),
        ).distribution
        assert published is not None
        distributions["pooled REML as published"] = published
        for estimate, truth in usable:
            tallies[(key, "own")].add(
                estimate.effect,
                estimate.effect - Z * estimate.se,
                estimate.effect + Z * estimate.se,
                truth,
            )
            for name, distribution in distributions.items():
                pooled = pooled_estimate(estimate, distribution)
                tallies[(key, name)].add(pooled.effect, pooled.ci[0], pooled.ci[1], truth)
    return job, tallies, time.perf_counter() - started, missing


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="fewer communities per size")
    args = parser.parse_args()
    replicates = {50: 20, 100: 10, 200: 5, 500: 2}
    if args.quick:
        replicates = {50: 4, 100: 2, 200: 1, 500: 1}
    jobs = [
        Job(people, days, seed=1000 * people + days + r)
        for days in (365, 90)
        for people, count in replicates.items()
        for r in range(count)
    ]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(run, jobs))
    wall = time.perf_counter() - started
    fit_seconds = sum(seconds for _, _, seconds, _ in results)
    fitted = sum(job.people * len(COMMUNITY_FACTORS) for job in jobs)
    print(
        f"{len(jobs)} communities, {sum(j.people for j in jobs)} people, wall {wall:.0f} s; "
        f"own fits and pooling {1000 * fit_seconds / fitted:.1f} ms per person and factor; "
        f"{sum(m for *_, m in results)} own estimates without enough data"
    )
    for days in (365, 90):
        print(f"\n#### {days} days of diary per person\n")
        print(
            "| people | factor | RMSE own → pooled (REML / moments / published) "
            "| 95% coverage own → pooled (REML / moments / published) "
            "| mean width own → pooled REML | interval excludes 0: own → pooled REML |"
        )
        print("|---|---|---|---|---|---|")
        for people in replicates:
            merged = {(f, m): Tally.empty() for f in COMMUNITY_FACTORS for m in METHODS}
            for job, tallies, _, _ in results:
                if job.people == people and job.days == days:
                    for key, tally in tallies.items():
                        merged[key].extend(tally)
            for key in COMMUNITY_FACTORS:
                rmse = {m: float(np.sqrt(np.mean(merged[(key, m)].errors))) for m in METHODS}
                cover = {m: float(np.mean(merged[(key, m)].covered)) for m in METHODS}
                width = {m: float(np.mean(merged[(key, m)].widths)) for m in METHODS}
                away = {m: float(np.mean(merged[(key, m)].away)) for m in METHODS}
                print(
                    f"| {people} × {replicates[people]} | {key} | {rmse['own']:.3f} → "
                    f"{rmse['pooled REML']:.3f} / {rmse['pooled moments']:.3f} / "
                    f"{rmse['pooled REML as published']:.3f} | {cover['own']:.3f} → "
                    f"{cover['pooled REML']:.3f} / {cover['pooled moments']:.3f} / "
                    f"{cover['pooled REML as published']:.3f} | {width['own']:.3f} → "
                    f"{width['pooled REML']:.3f} | {away['own']:.2f} → {away['pooled REML']:.2f} |"
                )


if __name__ == "__main__":
    main()
