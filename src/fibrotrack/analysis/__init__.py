"""Numeric analysis of one person's diary: synthetic patients, associations, interventions,
flares and pacing. Pure: NumPy in, plain values out; no storage, no I/O."""
