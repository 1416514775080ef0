"""False-discovery control over factors, each tested at several lags.

A person asks "which factors go with my pain?", and a finding is shown once per factor (at its
strongest lag), so the false discovery rate that matters is the share of *factors* reported
that have no association at all. The tests form families, one per factor, of its lags.
fibrotrack uses the hierarchical procedure of Benjamini & Bogomolov (2014, "Selective inference
on multiple families of hypotheses", JRSS-B 76:297–318):

1. Each factor gets one p-value for "no association at any lag": the Simes (1986) combination of
   its lags' p-values, min over k of p_(k)·L/k for its L tested lags. Simes is exact for
   independent tests and valid under positive dependence (Sarkar 1998; review in Sarkar 2008);
   after the AR(1) transform the lags of one factor are close to independent, and the
   benchmark's null scenarios check the level on diary-like data. It is never less powerful
   than Bonferroni's L·min p.
2. Weighted Benjamini–Hochberg (Genovese, Roeder & Wasserman 2006, "False discovery control
   with p-value weighting", Biometrika 93:509–524) over the m factors at level α selects R
   factors: each factor's p-value is divided by its weight (the weights average 1) before
   Benjamini–Hochberg. With weights fixed in advance the share of selected factors with no
   association stays controlled at α; the weights only move the error budget towards factors
   that have a chance of showing an effect (``power_weights``). With equal weights this is
   plain Benjamini–Hochberg.
3. Within each selected factor, Benjamini–Hochberg over its lags at level α·R·w_f/m (w_f the
   factor's weight) flags the lags. This controls the expected average false share of lags
   within the selected factors at α. With Simes in step 1 every selected factor has at least
   one flagged lag: its smallest p.

All three steps are the unweighted procedure run on every p-value divided by its factor's
weight, and that is how it is computed. The q-value of a factor × lag test is the smallest
level α at which the test is flagged, so a test is flagged at level α exactly when q ≤ α. As α
grows, R grows, so a flagged test stays flagged: q = min over the factor q-values v ≥ Q_f of
max(v, b·m/R(v)), where Q_f is the factor's BH q-value of step 2, b the test's within-factor
BH q-value of step 3 and R(v) the number of factors with a q-value of at most v. The strongest
lag of a factor has q = Q_f. With one lag per factor and equal weights this is ordinary
Benjamini–Hochberg over the tests.
"""

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from fibrotrack.analysis.baseline import FloatArray

# Every factor keeps at least this share of an equal part of the error budget, so a strong
# association of a factor the design gives little power (a yes/no logged on few days) can still
# be found.
WEIGHT_FLOOR = 0.25


def power_weights(noncentrality: FloatArray, level: float) -> FloatArray:
    """One weight per factor, averaging 1, in proportion to the factor's power to show an
    effect of interest, and each at least ``WEIGHT_FLOOR``.

    ``noncentrality`` is that effect divided by the standard error the factor's design gives
    it (not by its estimate: the weights must not look at the factor's own result). The power
    is that of a two-sided z-test at the Bonferroni level ``level``/m — the level a first
    discovery among m factors needs."""
    if len(noncentrality) == 0:
        return np.empty(0)
    critical = stats.norm.isf(level / len(noncentrality) / 2)
    power = stats.norm.cdf(np.nan_to_num(noncentrality) - critical)
    if not power.sum() > 0:
        return np.ones(len(noncentrality))
    return np.asarray(WEIGHT_FLOOR + (1 - WEIGHT_FLOOR) * power / power.mean())


def factor_level_q(
    factor: NDArray[np.int64], p: FloatArray, weights: FloatArray | None = None
) -> FloatArray:
    """The q-value of every test, given the factor each test belongs to, its p-value and the
    factors' weights (in the order of ``np.unique(factor)``; equal when not given)."""
    if len(p) == 0:
        return np.empty(0)
    families, family_of = np.unique(factor, return_inverse=True)
    if weights is not None:
        p = np.minimum(p / weights[family_of], 1.0)
    order = np.lexsort((p, family_of))
    sizes = np.bincount(family_of, minlength=len(families))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rank = np.arange(len(p)) - np.repeat(starts, sizes) + 1
    sorted_family = family_of[order]
    scaled = p[order] * sizes[sorted_family] / rank
    within_sorted = np.empty(len(p))
    for first, size in zip(starts, sizes, strict=True):
        block = scaled[first : first + size]
        within_sorted[first : first + size] = np.minimum.accumulate(block[::-1])[::-1]
    within = np.empty(len(p))
    within[order] = np.minimum(within_sorted, 1.0)
    simes = within_sorted[starts]
    family_q = np.asarray(stats.false_discovery_control(simes, method="bh"))
    levels = np.unique(family_q)
    selected = np.searchsorted(np.sort(family_q), levels, side="right")
    # max(v, c / R(v)) falls then rises along the levels: its minimum is at the first level
    # (from the factor's own) with v·R(v) ≥ c, or just before it.
    needed = within * len(families)
    start = np.searchsorted(levels, family_q[family_of])
    crossing = np.maximum(np.searchsorted(levels * selected, needed), start)
    at = np.where(crossing < len(levels), levels[np.minimum(crossing, len(levels) - 1)], np.inf)
    before = np.where(crossing > start, needed / selected[np.maximum(crossing - 1, 0)], np.inf)
    return np.asarray(np.minimum(np.minimum(at, before), 1.0))
