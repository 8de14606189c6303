"""Test infrastructure shared by tests, benchmarks and the soak: free ports, processes, PostgreSQL, Redis, the proxy."""
