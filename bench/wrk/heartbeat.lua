-- POST /api/agents/<name>/heartbeat with the API key (set by mc-bench in the environment).
wrk.method = "POST"
wrk.body = '{"status":"busy"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = os.getenv("MC_BENCH_KEY")
