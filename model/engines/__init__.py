"""The engines an analysis runs: graph, usage, pricing, cost, reliability, optimisation."""
