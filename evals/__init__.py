"""Evaluation suite: golden questions, metrics, runner, baseline and reports."""
