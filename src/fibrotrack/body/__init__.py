"""The body-system pillars, each a small protocol with its own logic: the sleep diary and
sleep window, the elimination → reintroduction protocol and its food verdicts, lab results
with units and reference ranges, the menstrual cycle, and the questionnaire schedule.

Pure: no I/O. Every rule cites its source in its docstring and in docs/body-systems.md.
"""
