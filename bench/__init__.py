"""pixcertif benchmarks and load tests (issue 8): ``make bench`` / ``make bench-quick``, see docs/performance.md."""
