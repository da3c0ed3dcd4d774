# SPDX-License-Identifier: MIT
# Statistics shared by the benchmark scripts (bench/runner, bench/cache):
# the bootstrap interval of a median. Measures nothing itself.
import random
import statistics


def boot_ci(ratios, rng=None, resamples=2000):
    """95 % bootstrap interval of the median of ratios (2.5th and 97.5th
    percentiles of the resampled medians)."""
    rng = rng or random.Random(1)
    meds = sorted(statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(resamples))
    return meds[resamples * 25 // 1000 - 1], meds[resamples * 975 // 1000 - 1]
