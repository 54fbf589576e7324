-- GET with the API key (set by mc-bench in the environment).
wrk.headers["x-api-key"] = os.getenv("MC_BENCH_KEY")
